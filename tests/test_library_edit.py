"""The edit loop's end (`script apply`, `script history`, `library add`) and an item's files on disk
(`library delete`, `library prune`): real SQLite files in WAQUP_HOME, the CLI through CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine import paths
from engine.library import Library
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
CRISIS = "I want to kill myself."


def waqup(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture
def item_id() -> str:
    made = waqup("create", "affirmation", "--intent", "calm before exams", "--count", "5", "--seed", "3", "--json")
    assert made.exit_code == 0, made.output
    return json.loads(made.stdout)["id"]


def raw(item_id: str) -> str:
    shown = waqup("script", "show", item_id, "--raw")
    assert shown.exit_code == 0, shown.output
    return shown.stdout


def spoken(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith(("[", "#", "-")) and ":" not in line]


def asset(lib: Library, item_id: str, name: str, size: int, **fields) -> Path:
    """A rendered file of ``size`` bytes in the data folder's audio/, recorded as the item's asset."""
    path = paths.audio_dir() / name
    path.write_bytes(b"\0" * size)
    lib.add_audio_asset(item_id, path=str(path), format=path.suffix.lstrip("."), duration=10.0, **fields)
    return path


def test_apply_round_trip_keeps_the_old_version_in_history(item_id, tmp_path):
    original = raw(item_id)
    first = spoken(original)[0]
    mine = tmp_path / "mine.txt"
    mine.write_text(original.replace(first, "I breathe slowly and open my notes."), "utf-8")

    applied = waqup("script", "apply", item_id[:6], str(mine))
    assert applied.exit_code == 0, applied.output
    assert "version 2" in applied.stdout and f"waqup script history {item_id}" in applied.stdout
    assert "I breathe slowly and open my notes." in raw(item_id) and first not in raw(item_id)

    history = json.loads(waqup("script", "history", item_id, "--json").stdout)
    versions = history["items"]  # newest first: the current version leads
    assert [v["version"] for v in versions] == [2, 1] and history["next_cursor"] is None
    assert versions[1]["script"] == original and versions[1]["source"] == "apply"
    assert versions[1]["replaced"] and not versions[0]["replaced"]
    assert waqup("script", "history", item_id, "--show", "1").stdout == original
    text = waqup("script", "history", item_id).stdout
    assert text.splitlines()[0].startswith("v2  current") and "v1  replaced" in text
    assert "version 2 (1 earlier" in waqup("library", "show", item_id).stdout
    assert json.loads(waqup("library", "show", item_id, "--json").stdout)["version"] == 2

    # the same script again (from stdin) is not a new version; an old one can be restored
    again = waqup("script", "apply", item_id, "-", input=raw(item_id))
    assert again.exit_code == 0 and "Unchanged" in again.stdout
    assert waqup("script", "apply", item_id, "-", input=original).exit_code == 0
    assert raw(item_id) == original
    assert json.loads(waqup("script", "history", item_id, "--json").stdout)["items"][0]["version"] == 3


def test_apply_of_an_invalid_script_changes_nothing(item_id, tmp_path):
    original = raw(item_id)
    with Library() as lib:
        before = lib.get(item_id)
    lines = spoken(original)
    bad = original.replace(lines[0], "You never open your notes.").replace(lines[1], "I will not panic tomorrow.")
    mine = tmp_path / "bad.txt"
    mine.write_text(bad, "utf-8")

    result = waqup("script", "apply", item_id, str(mine))
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith(f"{mine}: ")]
    assert len(problems) >= 3  # first person, negative framing, tense...: every problem, one line each
    assert any("line 1]" in p for p in problems) and any("line 2]" in p for p in problems)
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: not saved: {len(problems)} problems; {item_id} is unchanged")

    for text in ("---\ntype: affirmation\n---\nI am calm.\n",  # markup: text before the first section
                 original.replace("type: affirmation", "type: meditation")):  # another type
        assert waqup("script", "apply", item_id, "-", input=text).exit_code == 1
    missing = waqup("script", "apply", item_id, str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr

    assert raw(item_id) == original
    with Library() as lib:
        assert lib.get(item_id).updated == before.updated
        assert lib.db["script_versions"].count == 0


def test_crisis_language_is_refused_without_echoing_the_words(item_id, tmp_path):
    original = raw(item_id)
    mine = tmp_path / "mine.txt"
    mine.write_text(original.replace(spoken(original)[2], CRISIS), "utf-8")

    for args in (["script", "apply", item_id, str(mine)], ["library", "add", str(mine)]):
        result = waqup(*args)
        assert result.exit_code == 1, result.output
        assert "kill" not in result.output.lower() and "myself" not in result.output.lower()
        assert re.search(r"\[Affirmations line \d\] this line uses words that suggest a crisis", result.stderr)
        assert "You matter" in result.stderr  # the support lines
    # inside broken markup too: the words are not quoted by a markup message
    result = waqup("library", "add", "-", input=f"---\ntitle: {CRISIS}\n---\n{CRISIS}\n")
    assert result.exit_code == 1 and "kill" not in result.output.lower()

    assert raw(item_id) == original
    with Library() as lib:
        assert lib.count() == 1 and lib.db["script_versions"].count == 0


def test_library_add_makes_a_new_item_from_a_script_file(tmp_path):
    source = ROOT / "examples" / "scripts" / "evening-calm.txt"
    added = waqup("library", "add", str(source), "--tag", "evening", "--json")
    assert added.exit_code == 0, added.output
    item = json.loads(added.stdout)
    assert item["type"] == "meditation" and item["title"] == "Moving Forward — Body Scan Meditation"
    assert item["tags"] == ["evening"] and item["provider"] == "manual"
    assert raw(item["id"]) == source.read_text("utf-8")

    text = waqup("library", "add", str(source))
    assert text.exit_code == 0 and "Render it: waqup render " in text.stdout

    no_header = tmp_path / "plain.txt"
    no_header.write_text("## Affirmations\nI am calm.\nI am steady.\nI am ready.\n", "utf-8")
    refused = waqup("library", "add", str(no_header))
    assert refused.exit_code == 1
    assert f"{no_header}: header needs 'type: affirmation|meditation|ritual'" in refused.stderr
    assert waqup("library", "add", str(tmp_path / "nope.txt")).exit_code == 2
    with Library() as lib:
        assert lib.count() == 2


def test_applied_item_says_its_render_is_stale(item_id, tmp_path):
    with Library() as lib:
        asset(lib, item_id, "calm-1.mp3", 1000)
    assert "stale" not in waqup("library", "show", item_id).stdout
    original = raw(item_id)
    mine = tmp_path / "mine.txt"
    mine.write_text(original.replace(spoken(original)[0], "I breathe slowly and open my notes."), "utf-8")

    applied = waqup("script", "apply", item_id, str(mine))
    assert applied.exit_code == 0
    assert f"render again with `waqup render {item_id}`" in applied.stdout
    assert "stale" in waqup("library", "show", item_id).stdout
    [audio] = json.loads(waqup("library", "show", item_id, "--json").stdout)["audio"]
    assert audio["stale"] is True


def test_delete_removes_rendered_files_and_recordings(item_id, tmp_path):
    from engine.rendering import recordings_dir

    other = json.loads(waqup("library", "add", str(ROOT / "examples/scripts/speak-up.txt"), "--json").stdout)["id"]
    with Library() as lib:
        renders = [asset(lib, item_id, f"calm-{n}.mp3", 1000) for n in range(3)]
        shared = asset(lib, item_id, "shared.mp3", 500)
        lib.add_audio_asset(other, path=str(shared), format="mp3")
        outside = tmp_path / "desktop.mp3"
        outside.write_bytes(b"\0" * 10)
        lib.add_audio_asset(item_id, path=str(outside), format="mp3")
        other_render = asset(lib, other, "speak-up.mp3", 100)
    takes = recordings_dir(item_id)
    for key in ("1.1", "1.2"):
        (takes / f"{key}.wav").write_bytes(b"\0" * 250)
    other_take = recordings_dir(other) / "1.1.wav"
    other_take.write_bytes(b"\0" * 10)

    result = waqup("library", "delete", item_id, "--yes")
    assert result.exit_code == 0, result.output
    assert f"Deleted {item_id}: removed 3 audio files and 2 voice recordings (0.0 MB)" in result.stdout
    assert f"left {outside}" in result.stderr
    assert not any(path.exists() for path in renders) and not takes.exists()
    assert shared.exists() and outside.exists() and other_render.exists() and other_take.exists()
    with Library() as lib:
        assert lib.count() == 1
        assert {a["path"] for a in lib.audio_assets(other)} == {str(shared), str(other_render)}
        assert lib.db["audio_assets"].count == 2


def test_delete_asks_with_what_it_will_remove(item_id):
    with Library() as lib:
        render = asset(lib, item_id, "calm.mp3", 2_000_000)
    answer = waqup("library", "delete", item_id, input="n\n")
    assert answer.exit_code == 1 and "with 1 audio file (2.0 MB)?" in answer.stdout
    assert render.exists()


def test_prune_keeps_the_newest_renders_and_reports_what_it_freed(item_id):
    other = json.loads(waqup("library", "add", str(ROOT / "examples/scripts/speak-up.txt"), "--json").stdout)["id"]
    with Library() as lib:
        mine = [asset(lib, item_id, f"calm-{n}.mp3", 1_000_000 * (n + 1)) for n in range(4)]  # oldest first
        lib.add_audio_asset(item_id, path=str(paths.audio_dir() / "gone.mp3"), format="mp3")  # file missing
        theirs = [asset(lib, other, f"speak-{n}.ogg", 300_000) for n in range(3)]

    dry = waqup("library", "prune", item_id, "--keep", "2", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Would free 3.0 MB: 2 audio files of 1 item." in dry.stdout
    assert all(path.exists() for path in mine)

    pruned = waqup("library", "prune", item_id[:5], "--keep", "2")
    assert pruned.exit_code == 0, pruned.output
    assert "Freed 3.0 MB: 2 audio files of 1 item." in pruned.stdout
    assert f"removed {mine[0]}" in pruned.stdout and f"removed {mine[1]}" in pruned.stdout
    assert [p.exists() for p in mine] == [False, False, True, True]
    assert all(path.exists() for path in theirs)
    with Library() as lib:
        assert [a["path"] for a in lib.audio_assets(item_id)] == [str(mine[3]), str(mine[2])]

    everything = waqup("library", "prune")  # --keep 1 for every item
    assert "Freed 3.6 MB: 3 audio files of 2 items." in everything.stdout
    assert [p.exists() for p in mine] == [False, False, False, True]
    assert [p.exists() for p in theirs] == [False, False, True]
    assert "Nothing to remove" in waqup("library", "prune").stdout


def test_prune_removes_recordings_of_items_deleted_before(item_id):
    from engine.library.files import recordings_path

    left = recordings_path("deadbeef")
    left.mkdir(parents=True)
    (left / "1.1.wav").write_bytes(b"\0" * 1_500_000)
    pruned = waqup("library", "prune")
    assert pruned.exit_code == 0 and "Freed 1.5 MB: 1 voice recording." in pruned.stdout
    assert not left.exists()


def test_every_script_change_keeps_the_previous_version(item_id):
    """The studio editor's save (and pack or marketplace updates) go through the same history."""
    from engine.script import parse

    with Library() as lib:
        before = lib.get(item_id)
        first = before.parsed().lines[0].text
        lib.update_script(item_id, parse(before.script.replace(first, "I breathe slowly and open my notes.")),
                          edited=True)
        lib.update_script(item_id, parse(lib.get(item_id).script), edited=True)  # unchanged: no new version
        [current, old] = lib.script_history(item_id)
        assert (current["version"], old["version"], old["source"]) == (2, 1, "edit")
        assert old["script"] == before.script and lib.script_at(item_id, 1) == before.script
        lib.delete(item_id)
        assert lib.db["script_versions"].count == 0
