"""`waqup studio` as a real process in a detached tmux session at 80x24: search, open, quit."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from test_studio_support import seed_library

from engine.library import Library

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]
WAQUP = Path(sys.executable).with_name("waqup")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")


def test_studio_in_tmux(waqup_home):
    if not WAQUP.exists():
        pytest.skip("the waqup console script is not installed in this environment")
    with Library() as lib:
        seed_library(lib)
    session = f"waqup-studio-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
         "-e", f"WAQUP_HOME={waqup_home}", f"{WAQUP} studio")
    try:
        wait_for(session, "5 items")
        tmux("send-keys", "-t", session, "-l", "sleep")
        screen = wait_for(session, "1 match")
        assert "Softly Into Sleep" in screen
        tmux("send-keys", "-t", session, "Enter")  # search -> table
        time.sleep(1.0)  # the submitted search refreshes the table; let it settle before the next key
        tmux("send-keys", "-t", session, "Enter")  # open the item in the editor
        try:
            screen = wait_for(session, "a1000002", timeout=8.0)
        except AssertionError:  # a loaded machine can still deliver the key before the refresh: press again
            tmux("send-keys", "-t", session, "Enter")
            screen = wait_for(session, "a1000002")
        assert "Editor" in screen and "Arrival" in screen
        tmux("send-keys", "-t", session, "C-q")
        deadline = time.monotonic() + 10
        alive = True
        while alive and time.monotonic() < deadline:  # the session ends when `waqup studio` exits
            time.sleep(0.2)
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True).returncode == 0
        assert not alive, "ctrl+q did not quit the studio"
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
