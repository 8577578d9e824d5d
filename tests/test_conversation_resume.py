"""Crash safety: SIGKILL a process mid-generation, then resume in a fresh one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_conversation_fakes import FakeProvider

from engine.conversation import Session
from engine.credits import Ledger
from engine.library import Library

ROOT = Path(__file__).resolve().parent.parent
CHILD = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from test_conversation_fakes import FakeProvider
    from engine.conversation import Session
    s = Session.create("creation", provider=FakeProvider(), renderer=lambda *a: None)
    s.start()
    for line in ["calm before exams", "skip all", "meditation", "skip all"]:
        s.send(line)
    print(s.id, flush=True)
    s.send("yes")  # FAKE_SLEEP makes the provider hang here
    print("finished", flush=True)
""")


def _kill_mid_generation(env: dict[str, str]) -> str:
    code = CHILD.format(tests=str(ROOT / "tests"))
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            text=True)
    session_id = proc.stdout.readline().strip()
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:  # wait until the hold exists: the provider is running
            with Library() as lib:
                if Ledger(lib).open_holds():
                    break
            time.sleep(0.05)
        else:
            pytest.fail("child never reached generation")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    return session_id


@pytest.fixture
def env(waqup_home):
    return {**os.environ, "WAQUP_HOME": str(waqup_home), "FAKE_SLEEP": "60", "PYTHONPATH": str(ROOT)}


def _assert_books(lib):
    ledger = Ledger(lib)
    captures = [t for t in ledger.history(1000) if t.op == "capture"]
    sessions = {row["id"]: json.loads(row["data"]) for row in lib.db["conversations"].rows}
    for cap in captures:  # no capture ever without content
        data = sessions[cap.key.rsplit("-g", 1)[0]]
        assert data["draft"]["job"] == cap.key and data["draft"]["script"].strip()
    return ledger


def test_resume_after_sigkill_reruns_same_job(env):
    session_id = _kill_mid_generation(env)
    with Library() as lib:
        ledger = Ledger(lib)
        assert [h.key for h in ledger.open_holds()] == [f"{session_id}-g1"]
        assert not [t for t in ledger.history() if t.op == "capture"]
        s = Session.resume(library=lib, provider=FakeProvider(), renderer=lambda *a: None)
        assert s.id == session_id and s.state == "generating"
        reply = s.start()
        assert reply.state == "review" and s.data["job_id"] == f"{session_id}-g1"
        assert talk_to_end(s).state == "saved"
        ledger = _assert_books(lib)
        assert ledger.sweep(now=datetime.now(UTC) + timedelta(hours=1)) == []
        assert not ledger.open_holds() and ledger.balance().spent == 2


def test_sweeper_releases_stale_hold_then_resume_uses_new_job(env):
    session_id = _kill_mid_generation(env)
    with Library() as lib:
        ledger = Ledger(lib)
        released = ledger.sweep(now=datetime.now(UTC) + timedelta(minutes=16))
        assert [t.key for t in released] == [f"{session_id}-g1"] and not ledger.open_holds()
        s = Session.resume(session_id, library=lib, provider=FakeProvider(), renderer=lambda *a: None)
        assert s.start().state == "review" and s.data["job_id"] == f"{session_id}-g2"
        assert talk_to_end(s).state == "saved"
        ledger = _assert_books(lib)
        assert [t.key for t in ledger.history() if t.op == "capture"] == [f"{session_id}-g2"]
        assert ledger.balance().spent == 2 and not ledger.open_holds()


def talk_to_end(s):
    reply = s.send("accept")
    return s.send("no") if reply.state == "remember" else reply
