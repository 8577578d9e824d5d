"""Pack specs: the shipped examples, the published schema, expansion and validation messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.packs.schema import AMBIENCES, FORMATS, TECHNIQUES, TYPES, schema_json
from engine.packs.validate import SpecInvalid, check_spec, load_spec

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml")) + sorted((ROOT / "examples").glob("*.yaml"))


def test_published_schema_matches_the_engine():
    assert (ROOT / "docs" / "pack-spec.schema.json").read_text("utf-8") == schema_json()


def test_schema_enums_match_the_engine():
    from engine.audio.ambience import AMBIENCES as ENGINE_AMBIENCES
    from engine.content import CONTENT_TYPES
    from engine.content import TECHNIQUES as ENGINE_TECHNIQUES

    assert list(AMBIENCES) == list(ENGINE_AMBIENCES)
    assert list(TECHNIQUES) == list(ENGINE_TECHNIQUES)
    assert list(TYPES) == list(CONTENT_TYPES)
    assert set(FORMATS) <= {"mp3", "ogg", "opus", "wav", "flac"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_are_valid(path):
    spec, issues = check_spec(path)
    assert issues == [], [str(i) for i in issues]
    assert spec is not None and spec.items
    assert len({item.key for item in spec.items}) == len(spec.items)


def test_examples_also_pass_plain_jsonschema():
    import tomllib

    import yaml
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "docs" / "pack-spec.schema.json").read_text("utf-8"))
    for path in EXAMPLES:
        text = path.read_text("utf-8")
        data = yaml.safe_load(text) if path.suffix == ".yaml" else tomllib.loads(text)
        assert list(Draft202012Validator(schema).iter_errors(data)) == [], path


def test_generator_row_expands_with_placeholders():
    spec = load_spec(ROOT / "examples" / "30-mornings-of-confidence.toml")
    assert len(spec.items) == 30
    first, last = spec.items[0], spec.items[-1]
    assert first.title == "Day 1: at work" and first.name == "day-1" and first.tags == ["day-1"]
    assert last.options["context"].startswith("Day 30 of 30")
    assert [i.position for i in spec.items] == list(range(1, 31))
    assert len({i.options["seed"] for i in spec.items}) == 30  # stable per-item seeds
    assert spec.select(["day"]) == spec.items and spec.select(["3"]) == [spec.items[2]]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


BAD_TOML = """\
[pack]
title = "Bad"
slug = "Bad Slug"
autor = "me"

[defaults]
provider = "ofline"

[[items]]
type = "meditation"
intent = "calm"
minuts = 10

[[items]]
type = "meditation"
intent = "sleep"
minutes = 90
count = 5

[[items]]
type = "affirmation"
context = "no intent here"

[[items]]
type = "meditaton"
intent = "focus"

[[items]]
type = "ritual"
intent = "morning start"
minutes = "10"
"""


def test_validate_reports_every_error_with_line_and_hint(tmp_path):
    path = write(tmp_path, "bad.toml", BAD_TOML)
    spec, issues = check_spec(path)
    assert spec is None
    found = {(i.line, i.message): i.hint for i in issues}
    assert found[(3, "pack.slug is not in the right form: 'Bad Slug'")]
    assert found[(4, "unknown key 'autor' in pack")] == "did you mean 'author'?"
    assert found[(7, "unknown provider 'ofline'")] == "did you mean 'offline'?"
    assert found[(12, "unknown key 'minuts' in items[1]")] == "did you mean 'minutes'?"
    assert (17, "items[2].minutes is out of range: 90 (must be 1..60)") in found
    assert (18, "count does not apply to a meditation") in found
    assert "intent" in found[(20, "items[3] is missing 'intent'")]
    assert found[(25, "items[4].type has an unknown value 'meditaton'")] == "did you mean 'meditation'?"
    assert found[(31, "items[5].minutes must be a number (got '10')")] == "remove the quotes: minutes = 10"
    assert len(issues) == 9
    assert all(str(i).startswith(f"{path}:{i.line}: ") for i in issues)
    with pytest.raises(SpecInvalid, match="and 8 more"):
        load_spec(path)


def test_yaml_errors_use_node_marks(tmp_path):
    path = write(tmp_path, "bad.yaml", """\
pack:
  title: Bad
  slug: bad
items:
  - type: meditation
    intent: calm
    minuts: 10
  - type: ritual
    intent: evening
    minutes: 45
    technique: breath
  - type: affirmation
    intent: "Day {day}"
""")
    _, issues = check_spec(path)
    by_line = {i.line: i for i in issues}
    assert by_line[7].message == "unknown key 'minuts' in items[1]" and "minutes" in by_line[7].hint
    assert by_line[10].message == "items[2].minutes is out of range: 45 (must be 1..30)"
    assert by_line[11].message == "technique does not apply to a ritual"
    assert by_line[13].message == "unknown placeholder {day} in intent" and "generate" in by_line[13].hint


def test_crisis_language_is_caught_at_validation(tmp_path):
    path = write(tmp_path, "crisis.toml", """\
[pack]
title = "P"
slug = "pp"

[[items]]
type = "affirmation"
intent = "calm mornings"

[[items]]
type = "affirmation"
intent = "feel better"
context = "I want to kill myself"
""")
    _, issues = check_spec(path)
    assert len(issues) == 1 and issues[0].line == 12 and "context" in issues[0].message
    assert "crisis" in issues[0].message


def test_generator_problems_and_duplicates(tmp_path):
    path = write(tmp_path, "gen.toml", """\
[pack]
title = "P"
slug = "pp"

[[items]]
type = "affirmation"
intent = "focus {thme}"
[items.generate]
count = 3
vars = { theme = ["a", "b"] }

[[items]]
type = "affirmation"
intent = "calm"

[[items]]
type = "affirmation"
intent = "calm"
""")
    _, issues = check_spec(path)
    messages = [(i.line, i.message, i.hint) for i in issues]
    assert messages[0][:2] == (7, "unknown placeholder {thme} in intent") and "{theme}" in messages[0][2]
    assert any("would generate the same content" in m for _, m, _ in messages)


def test_syntax_errors_have_a_line(tmp_path):
    _, issues = check_spec(write(tmp_path, "broken.toml", "[pack]\ntitle = \"x\nslug = 'a'\n"))
    assert len(issues) == 1 and issues[0].line == 2 and "TOML" in issues[0].message
    _, issues = check_spec(write(tmp_path, "broken.yaml", "pack:\n  title: [x\n"))
    assert len(issues) == 1 and issues[0].line and "YAML" in issues[0].message


def test_item_keys_change_only_for_the_changed_item(tmp_path):
    text = (ROOT / "examples" / "sleep-series.yaml").read_text("utf-8")
    before = load_spec(write(tmp_path, "a.yaml", text))
    after = load_spec(write(tmp_path, "b.yaml", text.replace("minutes: 10", "minutes: 12")))
    changed = [a.name for a, b in zip(before.items, after.items, strict=True) if a.key != b.key]
    assert changed == ["body"] and before.hash != after.hash
    retitled = load_spec(write(tmp_path, "c.yaml", text.replace("name: body", "name: body\n    title: Soft Body")))
    assert [i.key for i in retitled.items] == [i.key for i in before.items]  # titles never regenerate


def test_comments_do_not_change_the_spec_hash(tmp_path):
    text = (ROOT / "examples" / "three-calm-pieces.toml").read_text("utf-8")
    a = load_spec(write(tmp_path, "a.toml", text))
    b = load_spec(write(tmp_path, "b.toml", "# a new comment\n" + text))
    assert a.hash == b.hash


def test_cli_validate(tmp_path):
    from typer.testing import CliRunner

    from waqup_cli.main import app

    runner = CliRunner()
    ok = runner.invoke(app, ["pack", "validate", str(ROOT / "examples" / "sleep-series.yaml")])
    assert ok.exit_code == 0 and "4 items" in ok.stdout
    bad = runner.invoke(app, ["pack", "validate", str(write(tmp_path, "bad.toml", BAD_TOML)), "--json"])
    assert bad.exit_code == 1  # problems found; 2 is for usage errors, as in `script validate`
    missing = runner.invoke(app, ["pack", "validate", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "no pack spec" in missing.output
    data = json.loads(bad.stdout)
    assert not data["valid"] and len(data["issues"]) == 9 and data["issues"][0]["line"] == 3
