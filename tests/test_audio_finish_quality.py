"""Intelligibility of the finished audio (bench/audio_quality.py): the word error rate it prints, and that
encoding and an ambience bed cost a speech recogniser (almost) nothing. Skipped without PocketSphinx."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from engine.audio import render_script
from engine.script import parse

BENCH = Path(__file__).resolve().parent.parent / "bench" / "audio_quality.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("audio_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["audio_quality"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("audio_quality", None)


def test_word_errors_count_substitutions_deletions_and_insertions(bench):
    assert bench.word_errors("You are safe here.", "you are safe here") == (0, 4)
    assert bench.word_errors("You are safe here.", "you were safe") == (2, 4)  # one substituted, one missing
    assert bench.word_errors("Rest now.", "rest right now please") == (2, 2)  # two inserted
    assert bench.word_errors("You're calm.", "you're calm") == (0, 2)


def test_the_bench_skips_in_one_line_without_a_recogniser(bench, monkeypatch, capsys):
    monkeypatch.setattr(bench, "recogniser_available", lambda: False)
    assert bench.main([]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and "pip install pocketsphinx" in out[0]


@pytest.mark.slow
def test_encoding_and_ambience_keep_the_words_heard(bench, tmp_path):
    if not bench.recogniser_available():
        pytest.skip("pocketsphinx is not installed (the optional speech recogniser)")
    from engine.voice import get_voice_provider

    if not get_voice_provider("hibari").available():
        pytest.skip("the hibari voice is not available")
    script = parse("---\ntitle: Heard\ntype: affirmation\n---\n## Affirmations\nI am calm and steady.\n"
                   "[pause 1s]\nI breathe slowly and deeply.\n[pause 1s]\nI trust myself today.\n")
    recogniser = bench.Recogniser()
    scores = {}
    for fmt, ambience in (("wav", "none"), ("mp3", "rain")):
        result = render_script(script, voice="hibari:heart", ambience=ambience, fmt=fmt, bell=False,
                               out_path=tmp_path / f"heard.{fmt}")
        scores[fmt] = bench.score_render(recogniser, result.path, bench.spoken_lines(result.timeline, 3))
    assert scores["wav"].words == 14 and scores["wav"].rate <= 0.3, scores["wav"]
    assert scores["mp3"].rate <= scores["wav"].rate + 0.1, (scores["mp3"], scores["wav"])
