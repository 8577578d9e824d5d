"""Issue 15 item 13: a render killed while encoding leaves its hidden temp file; the next render in that
folder removes it once nobody has written to it for a while (a render in progress keeps its file)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from engine.audio import render_script
from engine.script import parse

KILLED = """
import os, sys, numpy as np
from pathlib import Path
from engine.audio.encode import encode
encode(np.zeros(16000 * 5, dtype="float32"), 16000, "mp3", Path(sys.argv[1]),
       while_encoding=lambda: os.killpg(0, 9))  # the render and its ffmpeg, mid-encode
"""

SCRIPT = """---
title: Short Pause
type: affirmation
---
## Affirmations
I am calm.
"""


def test_a_killed_render_leaves_no_temp_files_for_ever(tmp_path):
    from engine.paths import audio_dir

    folder = audio_dir()
    for n in range(3):  # three renders killed by SIGKILL in the middle of encoding
        proc = subprocess.run([sys.executable, "-c", KILLED, str(folder / f"piece-{n}.mp3")], start_new_session=True)
        assert proc.returncode == -9
    leftovers = [p for p in folder.iterdir() if p.name.startswith(".")]
    assert len(leftovers) == 3, leftovers
    hour_ago = time.time() - 3600
    for path in leftovers:
        os.utime(path, (hour_ago, hour_ago))
    in_progress = folder / ".other-piece.abcd1234.mp3"  # another render, writing right now
    in_progress.write_bytes(b"partial")
    mine = folder / ".notes.txt"  # not an encode temp file
    mine.write_text("keep")
    result = render_script(parse(SCRIPT), voice="espeak", ambience="none", fmt="mp3", bell=False)
    assert result.path.parent == folder and result.path.is_file()
    hidden = sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
    assert hidden == [".notes.txt", ".other-piece.abcd1234.mp3"]
