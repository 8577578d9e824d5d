"""A `waqup pack run` killed with SIGKILL mid-way, then resumed: nothing lost, nothing paid twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.credits import Ledger
from engine.library import Library

ROOT = Path(__file__).resolve().parent.parent
N = 8


def _spec(tmp_path: Path) -> Path:
    rows = "".join(f'\n[[items]]\nname = "s{k}"\ntype = "affirmation"\nintent = "slow steady step {k}"\n'
                   for k in range(1, N + 1))
    path = tmp_path / "slow.toml"
    path.write_text(f'[pack]\ntitle = "Slow"\nslug = "slow"\n\n[defaults]\nprovider = "local"\nseed = 5\n{rows}',
                    "utf-8")
    return path


def _states() -> dict[str, int]:
    with Library() as lib:
        rows = lib.db.query("select status, count(*) as n from pack_items group by status")
        return {r["status"]: r["n"] for r in rows}


def _holding() -> bool:
    with Library() as lib:
        return bool(Ledger(lib).open_holds())


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_mid_run_then_resume(tmp_path):
    from engine.config import set_value
    from tests.stubs.server import StubServer
    from tests.stubs.wire import install_defaults

    spec = _spec(tmp_path)
    with install_defaults(StubServer()) as stub:
        stub.latency = 0.4
        set_value("providers.local.base_url", f"{stub.url}/v1")
        Library().close()  # migrate before the child starts
        cmd = [sys.executable, "-m", "waqup_cli.main", "pack", "run", str(spec), "--no-audio", "--concurrency", "2"]
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:
                states = _states()
                if states.get("done", 0) >= 3 and states.get("running", 0) >= 1:
                    # freeze the child so the state checked is the state it dies in; a hold can be
                    # captured between a check and a plain kill on a loaded machine
                    child.send_signal(signal.SIGSTOP)
                    if _holding():
                        break  # an item is in flight with its credits held
                    child.send_signal(signal.SIGCONT)
                time.sleep(0.02)
            else:
                pytest.fail(f"the run never got going: {_states()}")
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(10)
        at_kill = _states()
        assert at_kill.get("done", 0) < N
        with Library() as lib:
            done_before = {r["item_key"]: r["item_id"] for r in lib.db.query(
                "select item_key, item_id from pack_items where status = 'done'")}
            assert Ledger(lib).open_holds()  # the in-flight attempt still holds credits
        requests_before = len(stub.hits("/v1/chat/completions"))

        resumed = subprocess.run([*cmd, "--report", str(tmp_path / "report.json")], cwd=ROOT, capture_output=True,
                                 text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert resumed.returncode == 0, resumed.stderr
        assert "resumed" in resumed.stderr  # the interrupted attempts were settled and reported

    import json

    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    statuses = {i["key"]: i["status"] for i in report["items"]}
    assert all(statuses[key] == "cached" for key in done_before)  # finished items were kept, not redone
    assert len(statuses) == N and set(statuses.values()) <= {"cached", "done"}
    # only unfinished items were requested again; an attempt that had already been paid for when the kill
    # landed (captured, state not yet written) is settled as done without a new request
    again = len(stub.hits("/v1/chat/completions")) - requests_before
    assert N - len(done_before) - at_kill.get("running", 0) <= again <= N - len(done_before)
    with Library() as lib:
        items = lib.list_items(pack="slow", limit=100)
        assert len(items) == N and len({i.id for i in items}) == N
        assert {r["item_id"] for r in lib.db.query("select item_id from pack_items where status = 'done'")} == \
            {i.id for i in items}
        for key, item_id in done_before.items():
            assert next(lib.db.query("select item_id from pack_items where item_key = ?", [key]))["item_id"] == item_id
        captured = next(lib.db.query("select count(*) as n from ledger_transactions where op = 'capture'"))["n"]
        assert captured == N  # ledger captures == finished items
        assert Ledger(lib).open_holds() == []  # no dangling holds
        assert Ledger(lib).balance().spent == N
