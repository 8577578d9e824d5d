"""Helpers for tests that play through PortAudio into an ALSA file device."""

from __future__ import annotations

import ctypes.util
import os
import subprocess

import numpy as np

ASOUNDRC = """
pcm.!default {{
  type plug
  slave {{ pcm "waqup_file"; format S16_LE; rate 48000; channels 1 }}
}}
pcm.waqup_file {{
  type file
  slave.pcm "null"
  file "{out}"{capture}
  format "raw"
}}
"""


def asoundrc(out, infile=None) -> str:
    """An ALSA config whose default device plays into ``out`` (and records from ``infile``), raw S16."""
    return ASOUNDRC.format(out=out, capture=f'\n  infile "{infile}"' if infile else "")


def portaudio_available() -> bool:
    if ctypes.util.find_library("portaudio"):
        return True
    if (
        os.geteuid() == 0
        and subprocess.run(["sh", "-c", "command -v apt-get"], capture_output=True).returncode == 0
    ):
        subprocess.run(
            [
                "sh",
                "-c",
                "apt-get install -y -qq libportaudio2 || "
                "(apt-get update -qq && apt-get install -y -qq libportaudio2)",
            ],
            capture_output=True,
        )
    return bool(ctypes.util.find_library("portaudio"))



def aligned_correlation(played: np.ndarray, rendered: np.ndarray) -> float:
    """Correlation of ``rendered`` with what the device received, aligned by cross-correlation."""
    from scipy.signal import correlate

    onset = int(np.flatnonzero(np.abs(rendered) > 0.01)[0])
    template = rendered[onset : onset + 24000]
    corr = correlate(played[: onset + 24000 + 8192], template, mode="valid", method="fft")
    lag = int(np.argmax(corr)) - onset
    assert lag >= 0, "the device received the audio before it was sent"
    segment = played[lag : lag + len(rendered)]
    n = min(len(segment), len(rendered))
    return float(np.corrcoef(segment[:n], rendered[:n])[0, 1])


def ebur128(path) -> tuple[float, float]:
    """(integrated LUFS, true peak dBTP) of a file by ffmpeg's own EBU R128 meter, an independent one."""
    import re

    from engine.audio.encode import ffmpeg_exe

    proc = subprocess.run([ffmpeg_exe(), "-nostdin", "-hide_banner", "-i", str(path), "-af", "ebur128=peak=true",
                           "-f", "null", "-"], capture_output=True, text=True, check=True)
    summary = proc.stderr[proc.stderr.rindex("Summary:"):]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated[1]), float(peak[1])


def riff_chunks(path) -> list[tuple[bytes, bytes]]:
    """The top-level chunks of a RIFF/WAVE file as (id, body)."""
    import struct
    from pathlib import Path

    data = Path(path).read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    chunks, at = [], 12
    while at + 8 <= len(data):
        cid, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        chunks.append((cid, data[at + 8 : at + 8 + size]))
        at += 8 + size + (size & 1)
    return chunks
