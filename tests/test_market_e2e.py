"""End to end against a real `waqup market serve` on loopback: device login from the CLI, publish a rendered
pack, and another account searches, downloads (pre-signed URL) and finds it in its library, playable offline."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.market.helpers import PASSWORD, database_url, free_port

pytestmark = pytest.mark.slow
WAQUP = [sys.executable, "-m", "waqup_cli.main"]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {**os.environ, "WAQUP_HOME": str(tmp_path / "server-home"), "WAQUP_MARKET_DEVICE_INTERVAL": "1",
           "WAQUP_MARKET_LOG_LEVEL": "WARNING"}
    cmd = [*WAQUP, "market", "serve", "--port", str(port), "--database-url", database_url(tmp_path),
           "--storage", str(tmp_path / "media")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            pytest.fail(f"server exited: {proc.stdout.read()}")
        time.sleep(0.1)
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def cli(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "WAQUP_HOME": str(home)}
    out = subprocess.run([*WAQUP, *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert out.returncode == 0, (args, out.stdout, out.stderr)
    return out


def device_login(url: str, home: Path, email: str) -> None:
    """Run `waqup market login`, read the code it prints and approve it on the /device page."""
    env = {**os.environ, "WAQUP_HOME": str(home)}
    proc = subprocess.Popen([*WAQUP, "market", "login", "--url", url], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    code = re.search(r"code ([A-Z]{4}-[A-Z]{4})", line).group(1)
    page = httpx.post(f"{url}/device", data={"user_code": code, "email": email, "password": PASSWORD,
                                             "action": "approve"})
    assert page.status_code == 200, page.text
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert f"Signed in as {email}" in out


def rendered_pack(tmp_path: Path) -> Path:
    """Offline-generated scripts rendered to audio with the local voice, exported with write_archive."""
    from engine.audio import render_script
    from engine.content import params_for
    from engine.generation.offline import OfflineProvider
    from engine.packs.archive import Manifest, PackItem, write_archive
    from engine.script import dumps

    items, files = [], {}
    for n, intent in enumerate(["calmer evenings", "better sleep"], start=1):
        script = OfflineProvider().generate(params_for("affirmation", intent=intent, seed=n, count=3,
                                                       repetitions=1)).script
        item_id = f"{n:08x}"
        result = render_script(script, voice="espeak", ambience="none", fmt="mp3", bell=False,
                               out_path=tmp_path / f"{item_id}.mp3")
        items.append(PackItem(item_id, "affirmation", script.title, intent, dumps(script), ["evening"],
                              {"duration": result.duration, "sample_rate": result.sample_rate}))
        files[item_id] = result.path
    manifest = Manifest({"slug": "calm-evenings", "title": "Calm Evenings", "description": "Wind down gently.",
                         "tags": ["sleep", "calm"], "price_credits": 0}, items)
    return write_archive(manifest, files, tmp_path / "calm-evenings.waqup")


def test_publish_search_download_and_play_offline(server, tmp_path):
    from engine.audio.encode import decode_file

    creator_home, fan_home = tmp_path / "creator", tmp_path / "fan"
    for email in ("ana@example.com", "bob@example.com"):
        assert httpx.post(f"{server}/v1/auth/register", json={"email": email, "password": PASSWORD}
                          ).status_code == 201
    # The creator signs in from the CLI with the device flow, becomes a creator and publishes.
    device_login(server, creator_home, "ana@example.com")
    cli(creator_home, "market", "become-creator", "--name", "Ana", "--url", server)
    archive = rendered_pack(tmp_path)
    out = cli(creator_home, "market", "publish", str(archive), "--url", server, "--json")
    published = json.loads(out.stdout)
    assert published["version"] == 1 and published["duration"] > 1
    # Another account finds it, downloads it and has it in its library.
    device_login(server, fan_home, "bob@example.com")
    found = json.loads(cli(fan_home, "market", "search", "calm", "--url", server, "--json").stdout)
    assert [p["slug"] for p in found["items"]] == ["calm-evenings"]
    shown = cli(fan_home, "market", "show", "calm-evenings", "--url", server).stdout
    assert "Calm Evenings" in shown
    installed = json.loads(cli(fan_home, "market", "download", "calm-evenings", "--url", server, "--json").stdout)
    assert len(installed["items"]) == 2
    # Offline from here on: the library lists the items with decodable audio.
    for item in installed["items"]:
        shown = json.loads(cli(fan_home, "library", "show", item["id"], "--json").stdout)
        assert shown["pack_id"] == installed["pack_id"] and shown["audio"], shown
        samples, rate = decode_file(shown["audio"][0]["path"])
        assert len(samples) / rate > 1
    listing = cli(fan_home, "library", "list").stdout
    assert all(item["id"] in listing for item in installed["items"])
    # whoami, logout, and clear messages for errors and an unreachable server.
    assert "bob@example.com" in cli(fan_home, "market", "whoami", "--url", server).stdout
    missing = cli(fan_home, "market", "show", "nope-nope", "--url", server, check=False)
    assert missing.returncode == 1 and missing.stderr.startswith("Error: not found")
    denied = cli(fan_home, "market", "unpublish", "calm-evenings", "--url", server, check=False)
    assert denied.returncode == 1 and "not allowed" in denied.stderr
    assert "Signed out" in cli(fan_home, "market", "logout", "--url", server).stdout
    anon = cli(fan_home, "market", "whoami", "--url", server, check=False)
    assert "not signed in" in anon.stderr
    offline = cli(fan_home, "market", "search", "calm", "--url", "http://127.0.0.1:9", check=False)
    assert offline.returncode == 1 and "unreachable" in offline.stderr and len(offline.stderr.splitlines()) == 1
