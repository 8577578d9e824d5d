"""The marketplace CLI in an 80-column terminal, against a real server process: search never cuts the slug
you type next, hints are never broken mid-command, earnings fit; plus publishing an unchanged archive and
the creator-role message (issue 16, items 18 and 21)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rich.console import Console

from tests.market.helpers import PASSWORD, make_pack
from tests.market.live import LiveServer

WAQUP = [sys.executable, "-m", "waqup_cli.main"]
SLUG = "deep-sleep-affirmations-for-night-shift-workers"
TITLE = "Deep Sleep Affirmations for Night Shift Workers, Carers and Anyone Who Sleeps by Day"
BECOME = 'waqup market become-creator --name "..."'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("narrow"), device_interval="1") as live:
        yield live.url


def cli(home: Path, *args: str, columns: int = 80) -> subprocess.CompletedProcess:
    env = {**os.environ, "WAQUP_HOME": str(home), "COLUMNS": str(columns)}
    return subprocess.run([*WAQUP, *args], env=env, capture_output=True, text=True, timeout=120)


def register(url: str, address: str) -> dict[str, str]:
    assert httpx.post(f"{url}/v1/auth/register", json={"email": address, "password": PASSWORD}).status_code == 201
    token = httpx.post(f"{url}/v1/auth/token", json={"email": address, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def sign_in(url: str, home: Path, address: str) -> None:
    """`waqup market login`, approved on the /device page (the CLI keeps the tokens in ``home``)."""
    proc = subprocess.Popen([*WAQUP, "market", "login", "--url", url], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "WAQUP_HOME": str(home)})
    code = re.search(r"code ([A-Z]{4}-[A-Z]{4})", proc.stdout.readline()).group(1)
    assert httpx.post(f"{url}/device", data={"user_code": code, "email": address, "password": PASSWORD,
                                             "action": "approve"}).status_code == 200
    assert proc.communicate(timeout=60)[0].startswith(f"Signed in as {address}")


def lines_fit(text: str, width: int = 80) -> bool:
    return all(len(line) <= width for line in text.splitlines())


def test_search_at_80_columns_keeps_the_slug_whole_and_the_hint_unbroken(server, tmp_path):
    headers = register(server, "ana@example.com")
    assert httpx.put(f"{server}/v1/creators/me", json={"display_name": "Ana Lucia Fernandes de Souza"},
                     headers=headers).status_code == 200
    for slug, title in ((SLUG, TITLE), ("calm", "Calm")):
        with open(make_pack(tmp_path, slug=slug, title=title), "rb") as handle:
            r = httpx.post(f"{server}/v1/packs", files={"archive": (f"{slug}.waqup", handle)}, headers=headers,
                           timeout=120)
        assert r.status_code == 201, r.text
    out = cli(tmp_path / "home", "market", "search", "--url", server, "--sort", "title")
    assert out.returncode == 0, out.stderr
    assert lines_fit(out.stdout), out.stdout
    assert any(SLUG in line for line in out.stdout.splitlines()), out.stdout
    assert "calm" in out.stdout and "Calm" in out.stdout and "price" in out.stdout
    assert "waqup market show calm " in out.stderr.splitlines()[-1]  # one line, however long
    wide = cli(tmp_path / "home", "market", "search", "--url", server, columns=220)
    assert TITLE in wide.stdout and "Ana Lucia Fernandes de Souza" in wide.stdout  # with room, all of it


def test_a_slug_too_long_for_any_table_is_printed_whole(server, tmp_path):
    from waqup_cli.commands.market import packs_table

    pack = {"slug": "x" * 79, "title": "Long", "type": "ritual", "item_count": 1, "duration": 60.0, "free": True,
            "price_credits": 0, "creator": {"display_name": "Ana"}}
    assert packs_table([pack], 80) is None  # the command prints plain lines then (the terminal wraps them)
    console = Console(width=60, record=True)
    console.print(packs_table([{**pack, "slug": "a" * 40}], 60))
    text = console.export_text()
    assert "a" * 40 in text and lines_fit(text, 60)


def test_earnings_fit_80_columns_and_never_cut_a_slug(server, tmp_path):
    from waqup_cli.commands.market import earnings_table

    home = tmp_path / "bea"
    register(server, "bea@example.com")
    sign_in(server, home, "bea@example.com")
    assert cli(home, "market", "become-creator", "--name", "Bea", "--url", server).returncode == 0
    out = cli(home, "market", "earnings", "--url", server)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0] == "0 sales · 0 credits payable · 0 credits of engagement rewards"
    slug = "evening-wind-down-for-shift-workers"
    history = [{"created_at": "2026-12-03T08:14:07.123456", "kind": "sale", "delta": 120, "memo": f"pack {slug}"},
               {"created_at": "2026-12-03T09:00:00", "kind": "reward", "delta": 25,
                "memo": f"25 people practised {slug}, a milestone of engagement rewards"}]
    console = Console(width=80, record=True)
    console.print(earnings_table(history, 80))
    text = console.export_text()
    assert lines_fit(text) and sum(slug in line for line in text.splitlines()) == 2, text
    assert "2026-12-03 08:14" in text  # with room, the time too
    # A slug wider than any memo column could be: no table (the command prints plain lines instead).
    assert earnings_table([{**history[0], "memo": f"pack {SLUG}"}], 80) is None


def test_publishing_the_same_archive_again_says_unchanged(server, tmp_path):
    home = tmp_path / "cara"
    register(server, "cara@example.com")
    sign_in(server, home, "cara@example.com")
    assert cli(home, "market", "become-creator", "--name", "Cara", "--url", server).returncode == 0
    archive = make_pack(tmp_path, slug="cara-calm")
    first = cli(home, "market", "publish", str(archive), "--url", server)
    assert first.returncode == 0 and first.stdout.startswith("Published cara-calm v1 (2 items"), first.stderr
    again = cli(home, "market", "publish", str(archive), "--url", server)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "unchanged: cara-calm is already at version 1"
    rebuilt = make_pack(tmp_path, slug="cara-calm")  # the same content exported again (a new timestamp)
    data = json.loads(cli(home, "market", "publish", str(rebuilt), "--url", server, "--json").stdout)
    assert data["unchanged"] is True and data["version"] == 1
    changed = cli(home, "market", "publish", str(make_pack(tmp_path, slug="cara-calm", items=3)), "--url", server)
    assert changed.stdout.startswith("Published cara-calm v2 (3 items"), changed.stderr
    versions = httpx.get(f"{server}/v1/packs/cara-calm/versions").json()
    assert [v["version"] for v in versions] == [2, 1]


def test_an_action_that_needs_the_creator_role_names_the_command(server, tmp_path):
    home = tmp_path / "dan"
    register(server, "dan@example.com")
    sign_in(server, home, "dan@example.com")
    out = cli(home, "market", "publish", str(make_pack(tmp_path, slug="dans")), "--url", server)
    assert out.returncode == 1 and len(out.stderr.splitlines()) == 1
    assert "creator role" in out.stderr and BECOME in out.stderr


def test_search_pages_follow_next_cursor_to_the_end(server, tmp_path):
    headers = register(server, "eve@example.com")
    assert httpx.put(f"{server}/v1/creators/me", json={"display_name": "Eve"}, headers=headers).status_code == 200
    for slug in ("eve-one", "eve-two", "eve-three"):
        with open(make_pack(tmp_path, slug=slug, title=slug), "rb") as handle:
            assert httpx.post(f"{server}/v1/packs", files={"archive": (f"{slug}.waqup", handle)}, headers=headers,
                              timeout=120).status_code == 201
    everything = json.loads(cli(tmp_path, "market", "search", "--url", server, "--limit", "100", "--json").stdout)
    seen, cursor = [], None
    for _ in range(len(everything["items"]) + 1):
        page = json.loads(cli(tmp_path, "market", "search", "--url", server, "--limit", "2", "--json",
                              *(["--cursor", cursor] if cursor else [])).stdout)
        seen += [p["slug"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(p["slug"] for p in everything["items"]) and len(seen) == len(set(seen)) >= 3
    first = cli(tmp_path, "market", "search", "--url", server, "--limit", "1")
    assert "--cursor " in first.stderr.splitlines()[-1]
