"""The SQLite library: migrations, items, tags, FTS search, logs and practice history."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from engine.errors import NotFoundError, UsageError
from engine.library import Library
from engine.library.migrations import m001_initial, migrations
from engine.script import parse


def make_script(title: str, intent: str, lines: list[str], type_: str = "affirmation"):
    body = "\n".join(lines)
    return parse(f"---\ntype: {type_}\ntitle: {title}\nintent: {intent}\n---\n## Affirmations\n{body}\n")


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


def test_new_database_is_wal_and_fully_migrated(tmp_path):
    path = tmp_path / "new.db"
    Library(path).close()
    db = Database(path)
    assert db.journal_mode == "wal"
    assert not migrations.pending(db)
    assert {"items", "items_fts", "item_tags", "generations", "practice", "audio_assets", "profile"} <= set(
        db.table_names()
    )


def test_v1_database_upgrades_in_place(tmp_path):
    """A database made by the first release (only m001, no FTS) keeps its rows and becomes searchable."""
    path = tmp_path / "v1.db"
    db = Database(path)
    m001_initial(db)
    db["_sqlite_migrations"].insert(
        {"migration_set": migrations.name, "name": "m001_initial", "applied_at": "2026-01-01"}
    )
    db["items"].insert({"id": "0a0b0c0d", "type": "affirmation", "title": "Old calm", "intent": "calm",
                        "script": "## Affirmations\nI am calm.\n", "params": "{}", "tags": "old",
                        "created": "2026-01-01T00:00:00+00:00", "updated": "2026-01-01T00:00:00+00:00"})
    db.close()
    with Library(path) as lib:
        assert lib.get("0a0b").title == "Old calm"
        assert [i.id for i in lib.search("calm")] == ["0a0b0c0d"]
        assert not migrations.pending(lib.db)


def test_add_get_by_prefix_and_not_found(lib):
    item = lib.add_item(make_script("Calm", "calm exams", ["I am calm."]), tags=["Exams", "#calm"])
    assert item.tags == ["exams", "calm"]
    assert lib.get(item.id[:4]).id == item.id
    assert lib.get(item.id).parsed().lines[0].text == "I am calm."
    with pytest.raises(NotFoundError):
        lib.get("ffffffff")


def test_ambiguous_prefix_is_a_usage_error(lib):
    lib.db["items"].insert_all(
        [{"id": f"abcd{i:04d}", "type": "affirmation", "title": "t", "script": "## A\nI am.\n",
          "created": "x", "updated": "x"} for i in range(2)]
    )
    with pytest.raises(UsageError, match="ambiguous"):
        lib.get("abcd")


def test_search_ranks_and_prefix_matches(lib):
    a = lib.add_item(make_script("Exam courage", "calm before exams", ["I am ready for my exams."]))
    b = lib.add_item(make_script("Morning light", "energy", ["I greet the morning."]), tags=["exam-season"])
    lib.add_item(make_script("Sleep", "rest", ["I rest deeply."]))
    found = [i.id for i in lib.search("exam")]
    assert a.id in found and b.id in found and len(found) == 2
    assert [i.id for i in lib.search("mor")] == [b.id]  # prefix match for search-as-you-type
    assert lib.search('"; drop table items; --') == []  # user text is never FTS syntax
    with pytest.raises(UsageError):
        lib.search("  !!  ")


def test_search_filter_by_type(lib):
    lib.add_item(make_script("Calm set", "calm", ["I am calm."]))
    med = lib.add_item(make_script("Calm sit", "calm", ["I breathe."], type_="meditation"))
    assert [i.id for i in lib.search("calm", type="meditation")] == [med.id]
    lib.set_tags(med.id, add=["night"])
    assert [i.id for i in lib.search("calm", tag="night")] == [med.id]
    assert lib.search("calm", tag="night", type="affirmation") == []


def test_list_filters_and_count(lib):
    for n in range(5):
        lib.add_item(make_script(f"Item {n}", "x", ["I am here."]), tags=["even"] if n % 2 == 0 else [])
    assert lib.count() == 5
    assert lib.count(tag="even") == 3
    assert len(lib.list_items(limit=2)) == 2
    assert [i.title for i in lib.list_items(tag="even")] == ["Item 4", "Item 2", "Item 0"]


def test_tags_add_remove_reflect_in_search(lib):
    item = lib.add_item(make_script("Plain", "x", ["I am here."]))
    lib.set_tags(item.id, add=["focus", "study"])
    assert [i.id for i in lib.search("study")] == [item.id]
    assert lib.set_tags(item.id, remove=["study"]).tags == ["focus"]
    assert lib.search("study") == []
    assert lib.tags() == [("focus", 1)]
    with pytest.raises(UsageError):
        lib.set_tags(item.id, add=["bad tag!"])


def test_delete_removes_dependents(lib):
    item = lib.add_item(make_script("Gone", "x", ["I am here."]), tags=["t"])
    lib.log_practice(item.id, seconds=30, completed=True)
    lib.add_audio_asset(item.id, path="/tmp/x.mp3", format="mp3", duration=1.0)
    lib.delete(item.id)
    assert lib.count() == 0
    assert lib.search("Gone") == []
    for table in ("item_tags", "practice", "audio_assets"):
        assert lib.db[table].count == 0


def test_generation_log_and_profile(lib):
    gen = lib.log_generation(type="affirmation", provider="offline", model="m", inputs={"intent": "x"},
                             output="...", usage={"words": 3}, seconds=0.25)
    [row] = lib.generations()
    assert row["id"] == gen and row["usage"] == {"words": 3} and row["duration_ms"] == 250
    lib.set_profile(name="Sam", goals=["calm"])
    assert lib.profile() == {"name": "Sam", "goals": ["calm"]}


def test_failed_write_rolls_back(lib):
    with pytest.raises(sqlite3.IntegrityError), lib.transaction():
        lib.db["packs"].insert({"id": "p1", "slug": "s", "title": "t"})
        lib.db["packs"].insert({"id": "p2", "slug": "s", "title": "t"})  # unique slug
    assert lib.db["packs"].count == 0
