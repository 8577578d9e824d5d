"""The waQup script format: one plain-text form for every content type.

See ``docs/script-format.md``. Public API::

    from engine.script import Script, Section, Line, Pause, parse, dumps
    from engine.script import parse_report   # every markup error at once, with positions
"""

from engine.script.model import Line, Pause, Script, Section
from engine.script.parser import (
    MarkupError,
    ParseReport,
    ScriptSyntaxError,
    SourceMap,
    markup_in,
    parse,
    parse_report,
)
from engine.script.writer import dumps

__all__ = ["Line", "Pause", "Script", "Section", "ScriptSyntaxError", "MarkupError", "ParseReport", "SourceMap",
           "markup_in", "parse", "parse_report", "dumps"]
