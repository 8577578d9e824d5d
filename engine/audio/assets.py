"""Render the small shipped audio assets into ``recordings/``: ``python -m engine.audio.assets``.

Writes the bell (``bell.ogg``) and a few seconds' preview of each ambience bed
(``ambience-<name>.ogg``), all synthesised here, keeping the folder well under 200 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from engine.audio.ambience import BEDS, bed, bell
from engine.audio.encode import encode

RATE = 48000
PREVIEW_SECONDS = 6.0


def _vorbis(samples: np.ndarray, path: Path, quality: str) -> Path:
    """Vorbis (not Opus) so both soundfile and miniaudio can decode the assets."""
    return encode(samples, RATE, "ogg", path, options=["-c:a", "libvorbis", "-q:a", quality, "-f", "ogg"])


def render_assets(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = [_vorbis(bell(RATE) * np.float32(0.7), folder / "bell.ogg", "3")]
    n = int(PREVIEW_SECONDS * RATE)
    fade = np.minimum(1.0, np.minimum(np.arange(n), n - np.arange(n)) / (0.5 * RATE)).astype(np.float32)
    for name in BEDS:
        preview = bed(name, n, RATE) * np.float32(0.12) * fade
        out.append(_vorbis(preview, folder / f"ambience-{name}.ogg", "0"))
    return out


def main(argv: list[str]) -> int:
    from engine.paths import recordings_dir

    folder = Path(argv[0]) if argv else recordings_dir()
    paths = render_assets(folder)
    for path in paths:
        print(f"{path}  {path.stat().st_size / 1024:.1f} KB")
    print(f"total {sum(p.stat().st_size for p in paths) / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
