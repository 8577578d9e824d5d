"""engine.words: the one helper for counts and articles in messages."""

import pytest

from engine.words import a_an, count, plural


@pytest.mark.parametrize(("phrase", "expected"), [
    ("8-minute ritual", "an 8-minute ritual"), ("11-minute meditation", "an 11-minute meditation"),
    ("18-minute", "an 18-minute"), ("80-minute", "an 80-minute"), ("1-minute", "a 1-minute"),
    ("180-minute", "a 180-minute"), ("8,000-word", "an 8,000-word"),
    ("affirmation", "an affirmation"), ("evening ritual", "an evening ritual"), ("ritual", "a ritual"),
    ("hour", "an hour"), ("honest answer", "an honest answer"), ("unicorn", "a unicorn"),
    ("user", "a user"), ("uninterrupted hour", "an uninterrupted hour"), ("one-off", "a one-off"),
    ("MP3", "an MP3"), ("SMS", "an SMS"), ("WAV", "a WAV"), ("FLAC", "a FLAC"), ("X-ray", "an X-ray"),
])
def test_article_follows_the_sound(phrase, expected):
    assert a_an(phrase) == expected


@pytest.mark.parametrize(("n", "noun", "expected"), [
    (1, "match", "1 match"), (0, "match", "0 matches"), (2, "session", "2 sessions"),
    (1, "credit", "1 credit"), (3, "entry", "3 entries"), (2, "day", "2 days"),
    (1.0, "minute", "1 minute"), (2.5, "minute", "2.5 minutes"), (2, "person", "2 people"),
])
def test_count_agrees(n, noun, expected):
    assert count(n, noun) == expected


def test_plural_of_a_phrase_changes_its_last_word():
    assert plural("voice recording") == "voice recordings"
    assert count(4, "pack", "packs of yours") == "4 packs of yours"
