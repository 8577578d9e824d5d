"""Help text reads well at 80 columns: no type label on flags, no RST, whole sentences, every option explained."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
import typer
from typer.testing import CliRunner

from waqup_cli.helpstyle import KEEPS_ITS_LINE
from waqup_cli.main import app

ROOT = typer.main.get_command(app)


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(ROOT))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "waqup" for p, _ in COMMANDS])
def test_help_at_80_columns(path, command):
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "<bool>" not in out  # a flag takes no value
    assert "``" not in out  # reStructuredText belongs in docstrings of code, not in help
    assert max(len(line) for line in out.splitlines()) <= 80
    for param in command.params:
        if param.param_type_name == "option" and not param.hidden:
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help text"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) or "waqup" for p, _ in COMMANDS])
def test_help_sentences_are_not_broken_across_lines(path, command):
    for paragraph in re.split(r"\n\s*\n", command.help or ""):
        lines = paragraph.splitlines()
        for before, after in pairwise(lines):
            assert KEEPS_ITS_LINE.match(after) or KEEPS_ITS_LINE.match(before), (
                f"{' '.join(path)}: help breaks a sentence: {before!r} / {after!r}")


def test_unwrap_keeps_examples_and_lists_on_their_own_lines():
    from waqup_cli.helpstyle import unwrap

    text = "Sync both ways: send what you made\noffline and fetch the rest.\n\nExample: waqup sync\nwaqup sync --json"
    assert unwrap(text) == ("Sync both ways: send what you made offline and fetch the rest.\n\n"
                            "Example: waqup sync\nwaqup sync --json")


def test_ctrl_c_is_a_calm_line_naming_the_command_to_run_again(monkeypatch):
    from waqup_cli.errors import WaqupGroup

    demo = typer.Typer(cls=WaqupGroup)

    @demo.command()
    def long(spec: str) -> None:
        raise KeyboardInterrupt

    @demo.command()
    def other() -> None:
        pass

    monkeypatch.setattr("sys.argv", ["waqup", "long", "my pack.toml"])
    result = CliRunner().invoke(demo, ["long", "my pack.toml"])
    assert result.exit_code == 130
    assert result.stderr.strip() == ("Stopped. Nothing was lost: to carry on, run it again: "
                                     "waqup long 'my pack.toml'")
    assert "Error" not in result.stderr
