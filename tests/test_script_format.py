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
    assert str(err).startswith(f"x.txt:{line}:{column}: ")
    assert [(e.line, e.column) for e in err.errors] == [(line, column)]


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


# -- inline markup in a spoken line (issue 16 item 6) ---------------------------------------------


def test_a_pause_on_the_same_line_is_a_pause_not_words():
    script = parse("## A\nI am calm. [pause 2s]\n")
    assert script.sections[0].items == [Line("I am calm."), Pause(2.0)]
    assert "pause" not in " ".join(line.text for line in script.lines)


def test_a_mid_line_pause_splits_the_line_and_keeps_direction_and_repeat():
    script = parse("## A\n{softly} I am calm. [pause 1.5s+] I am here. [x2]\n  [pause 3s] Rest.\n")
    assert script.sections[0].items == [
        Line("I am calm.", direction="softly"), Pause(1.5, flexible=True),
        Line("I am here.", direction="softly", repeat=2), Pause(3.0), Line("Rest."),
    ]
    assert parse("## A\nI am calm. [x3] [pause 2s]\n").sections[0].items == [Line("I am calm.", repeat=3), Pause(2.0)]


def test_dumps_writes_an_inline_pause_in_the_canonical_form():
    script = parse("## A\n{softly} I am calm. [pause 2s] I am here. [x2]\n")
    text = dumps(script)
    assert text == "## A\n{softly} I am calm.\n[pause 2s]\n{softly} I am here. [x2]\n"
    assert parse(text) == script and dumps(parse(text)) == text


@pytest.mark.parametrize(
    ("line", "column", "fragment"),
    [
        ("I am calm. [breath]", 12, "unknown markup '[breath]'"),
        ("I am calm. [pause]", 12, "bad pause '[pause]'"),
        ("I am calm. [pause two]", 12, "bad pause"),
        ("I am {softly} calm.", 6, "goes at the start of a line"),
        ("I am [x2] calm.", 6, "right after the words it repeats"),
        ("I am calm. <break time='1s'/>", 12, "would be read aloud"),
        ("I am calm.]", 11, "stray ']'"),
        ("I am calm. [pause 2s", 12, "unclosed '['"),
        ("I am calm. {", 12, "unclosed voice direction"),
        ("I am calm. [pause 2s] {softly}", 31, "needs spoken text"),
    ],
)
def test_other_markup_in_a_spoken_line_is_an_error_at_its_column(line, column, fragment):
    with pytest.raises(ScriptSyntaxError) as info:
        parse(f"## A\n{line}\n", source="x.txt")
    err = info.value
    assert (err.line, err.column) == (2, column) and fragment in err.message


def test_the_parser_collects_every_error_and_keeps_going():
    from engine.script import parse_report

    text = ("---\ntype: affirmation\nnot a header\ntype: again\n---\n## Affirmations\n"
            "I am calm. [breath]\n[pause four]\nI am here. [x99]\n##\nI am steady.\n")
    report = parse_report(text, source="x.txt")
    assert [(e.line, e.column, e.code) for e in report.errors] == [
        (3, 1, "header"), (4, 1, "header"), (7, 12, "markup"), (8, 1, "pause"), (9, 12, "repeat"),
        (10, 1, "section")]
    assert [line.text for line in report.script.lines] == ["I am calm.", "I am here."]  # no markup in words
    assert report.positions.keys == {"type": 2} and report.positions.headings == [(6, 1)]
    with pytest.raises(ScriptSyntaxError) as info:
        parse(text, source="x.txt")
    assert info.value.errors == report.errors and "(and 5 more" in str(info.value)
    assert str(info.value).startswith("x.txt:3:1: bad header line")


def test_the_renderer_refuses_markup_in_words():
    from engine.audio.render import mixdown
    from engine.errors import UsageError

    script = Script({"type": "affirmation"}, [Section("Affirmations", [Line("I am calm. [breath]")])])
    with pytest.raises(UsageError, match=r"markup '\[breath\]'.*read aloud"):
        mixdown(script, voice="espeak", ambience="none")


def test_the_editor_will_not_put_markup_in_a_line():
    from engine.script import edit

    script = parse("## A\nI am calm.\n")
    row = edit.rows(script)[1]
    with pytest.raises(ValueError, match="markup"):
        edit.set_text(script, row, "I am calm. [pause 2s]")
    edit.set_text(script, row, "I am here.")
    assert script.lines == [Line("I am here.")]
