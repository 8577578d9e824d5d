"""The script format: parsing, canonical writing, round trips and located markup errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.script import Line, Pause, Script, ScriptSyntaxError, Section, dumps, parse

SAMPLE = """---
type: meditation
title: Evening calm
minutes: 5
---
# a comment line is ignored
## Arrival
{softly} Welcome. Let yourself arrive.
[pause 4s]
[pause 1.5s+]

## Return
Open your eyes when you are ready. [x2]
[pause 500ms]
"""


def test_parse_sample():
    script = parse(SAMPLE)
    assert script.meta == {"type": "meditation", "title": "Evening calm", "minutes": "5"}
    assert [s.name for s in script.sections] == ["Arrival", "Return"]
    arrival = script.sections[0].items
    assert arrival[0] == Line("Welcome. Let yourself arrive.", direction="softly")
    assert arrival[1] == Pause(4.0)
    assert arrival[2] == Pause(1.5, flexible=True)
    assert script.sections[1].items == [Line("Open your eyes when you are ready.", repeat=2), Pause(0.5)]


def test_pause_units():
    script = parse("## A\nHello.\n[pause 2m]\n[pause 250ms]\n[PAUSE 3S]\n")
    assert [p.seconds for p in script.pauses] == [120.0, 0.25, 3.0]


def test_canonical_text_round_trips():
    script = parse(SAMPLE)
    text = dumps(script)
    assert parse(text) == script
    assert dumps(parse(text)) == text


def test_estimated_seconds_counts_repeats_and_pauses():
    script = parse("## A\none two three four five six [x2]\n[pause 10s]\n")
    assert script.spoken_words() == 12
    assert script.estimated_seconds(wpm=120) == pytest.approx(6 + 10)


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("Hello before any section", 1, 1, "before the first section"),
        ("## A\n  [pause four]", 2, 3, "bad pause"),
        ("## A\n[pause 0s]", 2, 1, "out of range"),
        ("## A\n[pause 700s]", 2, 1, "out of range"),
        ("## A\n{softly Hello", 2, 1, "unclosed voice direction"),
        ("## A\n{softly}", 2, 9, "needs spoken text"),
        ("## A\nHello [x99]", 2, 7, "repeat"),
        ("##   \n", 1, 1, "needs a name"),
        ("---\ntype: affirmation\n", 1, 1, "never closed"),
        ("---\nnot a header\n---\n", 2, 1, "expected 'key: value'"),
        ("---\ntitle: a\ntitle: b\n---\n", 3, 1, "duplicate"),
        ("## A\n[bell]", 2, 1, "unknown markup"),
    ],
)
def test_markup_errors_have_line_and_column(text, line, column, fragment):
    with pytest.raises(ScriptSyntaxError) as info:
        parse(text, source="x.txt")
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert fragment in err.message
    assert str(err).startswith(f"x.txt:line {line}, column {column}:")


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC,.'!?é", min_size=1, max_size=8)
_text = st.lists(_word, min_size=1, max_size=8).map(" ".join).filter(lambda t: t[0] not in "[{#")
_line = st.builds(
    Line,
    _text,
    st.none() | st.text(alphabet="abcdefgh ,", min_size=1, max_size=10).map(str.strip).filter(bool),
    st.integers(1, 20),
)
_pause = st.builds(
    Pause, st.integers(1, 600_000).map(lambda ms: round(ms / 1000, 3)), st.booleans()
)
_section = st.builds(
    Section,
    _text.filter(lambda t: not t.startswith("#")),
    st.lists(st.one_of(_line, _pause), max_size=6),
)
_meta = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), _text, max_size=4
)


@given(st.builds(Script, _meta, st.lists(_section, max_size=5)))
def test_round_trip_property(script):
    assert parse(dumps(script)) == script
