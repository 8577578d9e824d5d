"""Import sqlite-utils without its optional numpy/pandas hooks.

sqlite-utils imports numpy and pandas (when installed) only to convert their values on insert;
the library never passes such values, and skipping the imports saves ~140 ms per command.
"""

from __future__ import annotations

import sys

_blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
for _name in _blocked:
    sys.modules[_name] = None  # type: ignore[assignment]
try:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations
finally:
    for _name in _blocked:
        if sys.modules.get(_name) is None:
            del sys.modules[_name]

__all__ = ["Database", "Migrations"]
