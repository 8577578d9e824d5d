"""Bench: how intelligible the finished audio is. Renders an affirmation set, a meditation and a ritual
with each offline voice, transcribes them with PocketSphinx (its en-us model ships inside the wheel) and
prints the word error rate per voice and format against the script text, next to the same lines spoken
by plain espeak-ng (the program when it is on PATH, else libespeak-ng at its own defaults: 175 wpm, no
pacing, ambience, levelling or encoding) as a peer.

Run: .venv/bin/python bench/audio_quality.py [--voices espeak:en-us+f3,hibari:heart] [--formats wav,mp3,ogg]
     [--ambience rain] [--lines 8] [--minutes 2]
Needs ``pocketsphinx`` (an optional extra); without it the bench says so in one line and exits 0.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

RATE = 16000  # what the recogniser's acoustic model expects
MARGIN = 0.25  # seconds of audio kept either side of a spoken line


def words(text: str) -> list[str]:
    """Lower-case words without punctuation ("you're" stays one word)."""
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, reference words): the parts of a word error rate."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1], len(ref)


@dataclass
class Score:
    errors: int = 0
    words: int = 0

    def add(self, reference: str, hypothesis: str) -> None:
        e, n = word_errors(reference, hypothesis)
        self.errors, self.words = self.errors + e, self.words + n

    @property
    def rate(self) -> float:
        return self.errors / self.words if self.words else 0.0

    def __str__(self) -> str:
        return f"{100 * self.rate:6.2f}% ({self.errors}/{self.words})"


def recogniser_available() -> bool:
    try:
        import pocketsphinx  # noqa: F401
    except ImportError:
        return False
    return True


class Recogniser:
    """PocketSphinx with its bundled en-us acoustic model, language model and dictionary."""

    name = "PocketSphinx en-us"

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(samprate=RATE, logfn=os.devnull)

    def transcribe(self, samples: np.ndarray) -> str:
        """Text heard in mono float32 ``samples`` at :data:`RATE`."""
        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""


def scripts(minutes: float) -> dict[str, object]:
    """One script of each type from the offline writer (fixed seeds, so runs compare)."""
    from engine.content.params import AffirmationParams, MeditationParams, RitualParams
    from engine.generation.offline.provider import OfflineProvider

    writer = OfflineProvider()
    params = {
        "affirmation": AffirmationParams(intent="feel calm and confident at work", count=5, seed=11),
        "meditation": MeditationParams(intent="unwind after a long day", minutes=minutes, seed=11),
        "ritual": RitualParams(intent="start the morning with focus", minutes=minutes, seed=11),
    }
    return {kind: writer.generate(p).script for kind, p in params.items()}


def spoken_lines(timeline: list, most: int) -> list:
    """The first ``most`` distinct spoken lines of a render (a repeat is the same audio again)."""
    seen, out = set(), []
    for event in timeline:
        if event.kind == "speech" and event.key not in seen:
            seen.add(event.key)
            out.append(event)
    return out[:most]


def score_render(recogniser: Recogniser, path: Path, lines: list) -> Score:
    """Word errors of each line as heard in the decoded file, cut out by its timeline event."""
    from engine.audio.encode import decode_file

    samples, _ = decode_file(path, RATE)
    score = Score()
    for event in lines:
        lo, hi = max(int((event.start - MARGIN) * RATE), 0), int((event.end + MARGIN) * RATE)
        score.add(event.text, recogniser.transcribe(samples[lo:hi]))
    return score


def plain_espeak(text: str, folder: Path) -> np.ndarray:
    """``text`` spoken by plain espeak-ng, at :data:`RATE`."""
    from engine.audio.encode import decode_file

    program = shutil.which("espeak-ng")
    if program:
        wav = folder / "peer.wav"
        subprocess.run([program, "-v", "en-us", "-w", str(wav), text], check=True, capture_output=True)
        return decode_file(wav, RATE)[0]
    from engine.voice import VoiceSettings, synthesize
    from engine.voice.pcm import resample

    speech = synthesize(text, voice="espeak:en-us", settings=VoiceSettings(rate=1.0, pitch=0.0, sentence_pause=0.0))
    return resample(speech.samples, speech.sample_rate, RATE)


def peer_name() -> str:
    return "espeak-ng (program)" if shutil.which("espeak-ng") else "espeak-ng (library defaults)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voices", help="comma-separated voice specs (default: every offline provider's default)")
    parser.add_argument("--formats", default="wav,mp3,ogg")
    parser.add_argument("--ambience", default="rain")
    parser.add_argument("--lines", type=int, default=8, help="distinct spoken lines scored per render")
    parser.add_argument("--minutes", type=float, default=2.0, help="length of the meditation and the ritual")
    args = parser.parse_args(argv)
    if not recogniser_available():
        print("bench/audio_quality.py: skipped, no speech recogniser: pip install pocketsphinx")
        return 0
    os.environ.setdefault("WAQUP_HOME", tempfile.mkdtemp(prefix="waqup-quality-"))
    from engine.audio import render_script
    from engine.voice import get_voice_provider

    voices = args.voices.split(",") if args.voices else [
        f"{name}:{get_voice_provider(name).default_voice}" for name in ("espeak", "hibari")
        if get_voice_provider(name).available()]
    formats = args.formats.split(",")
    recogniser = Recogniser()
    started = time.perf_counter()
    print(f"recogniser: {recogniser.name}; ambience {args.ambience}; first {args.lines} distinct lines per render")
    print(f"{'type':12} {'voice':28} {'format':7} word error rate")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind, script in scripts(args.minutes).items():
            reference_lines: list = []
            for voice in voices:
                for fmt in formats:
                    result = render_script(script, voice=voice, ambience=args.ambience, fmt=fmt,
                                           out_path=folder / f"{kind}.{fmt}")
                    lines = spoken_lines(result.timeline, args.lines)
                    reference_lines = reference_lines or lines
                    print(f"{kind:12} {voice:28} {fmt:7} {score_render(recogniser, result.path, lines)}", flush=True)
            peer = Score()
            for event in reference_lines:
                peer.add(event.text, recogniser.transcribe(plain_espeak(event.text, folder)))
            print(f"{kind:12} {peer_name():28} {'wav':7} {peer}  (peer)", flush=True)
    print(f"done in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
