"""Docs that cannot drift: the CLI reference is generated, README examples run."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from waqup_cli.main import app
from waqup_cli.reference import markdown

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text("utf-8") == markdown(), (
        "docs/cli.md is stale: run `waqup dev cli-docs > docs/cli.md`"
    )


def test_readme_opens_with_the_two_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    first_block = re.search(r"```bash\n(.*?)```", text, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["./run demo", "./run test"]
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "./run test" in ci


def test_readme_quick_tour_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (ROOT / "README.md").read_text("utf-8")
    tour = re.search(r"## A quick tour\n\n```bash\n(.*?)```", text, re.S).group(1)
    item_id = None
    for line in tour.strip().splitlines():
        command = line.split("  #")[0].strip()
        if ">" in command:
            command = command.split(">")[0].strip()
        args = shlex.split(command)[1:]
        if item_id:
            args = [item_id if a == "3f9a" else a for a in args]
        if args[-1].endswith(".txt"):
            script = runner.invoke(app, ["script", "show", item_id, "--raw"]).stdout
            Path("mine.txt").write_text(script)
        result = runner.invoke(app, args)
        assert result.exit_code == 0, f"{command}: {result.output}"
        if args[0] == "create" and item_id is None:
            item_id = json.loads(runner.invoke(app, ["library", "list", "--json"]).stdout)["items"][0]["id"]


def test_example_scripts_are_valid():
    from engine.content import validate
    from engine.script import dumps, parse

    files = sorted((ROOT / "examples" / "scripts").glob("*.txt"))
    assert len(files) >= 3
    for path in files:
        script = parse(path.read_text("utf-8"), source=path.name)
        assert validate(script) == [], path.name
        assert dumps(script) == path.read_text("utf-8"), f"{path.name} is not in canonical form"
