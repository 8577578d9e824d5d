"""`waqup feed`: a podcast feed a real parser reads, GUIDs stable across rebuilds, served with a secret token
and byte ranges by a real server process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import httpx
import pytest
from typer.testing import CliRunner

from tests.market.helpers import free_port
from waqup_cli.main import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def waqup(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.output)
    return result


@pytest.fixture
def library():
    """Two items, one already rendered; the offline espeak voice keeps renders quick."""
    waqup("config", "set", "audio.voice", "espeak")
    first = json.loads(waqup("create", "affirmation", "--intent", "steady mornings", "--count", "3", "--seed", "2",
                             "--json").stdout)
    second = json.loads(waqup("create", "affirmation", "--intent", "kind evenings", "--count", "3", "--seed", "4",
                              "--json").stdout)
    waqup("render", first["id"])
    return [first["id"], second["id"]]


def test_feed_is_valid_rss_with_itunes_tags_and_stable_guids(library, tmp_path):
    out = tmp_path / "feed"
    built = json.loads(waqup("feed", "build", "--all", "--out", str(out), "--json").stdout)
    assert built["episodes"] == 2 and built["rendered"] == 1  # only the item without audio was rendered

    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "rss20"
    assert parsed.feed.title == "waQup practice" and parsed.feed.image.href.endswith("cover.png")
    meta = json.loads((out / "feed.json").read_text())
    assert [e.title for e in parsed.entries] == [e["title"] for e in meta["episodes"]]
    for entry, episode in zip(parsed.entries, meta["episodes"], strict=True):
        enclosure = entry.enclosures[0]
        file = out / "audio" / episode["file"]
        assert int(enclosure.length) == file.stat().st_size and enclosure.type == "audio/mpeg"
        h, m, s = map(int, entry.itunes_duration.split(":"))
        assert abs(h * 3600 + m * 60 + s - episode["seconds"]) <= 1 and episode["seconds"] > 1
        assert entry.id == episode["guid"] and not entry.guidislink
        assert entry.published_parsed is not None
    # what podcast apps also require, read from the XML itself
    channel = ElementTree.parse(out / "feed.xml").getroot().find("channel")
    assert channel.find("description").text and channel.find(f"{ITUNES}image").get("href")
    assert [int(i.find(f"{ITUNES}episode").text) for i in channel.findall("item")] == [1, 2]
    assert channel.find(f"{ITUNES}block").text == "yes"  # private: kept out of directories

    again = json.loads(waqup("feed", "build", "--all", "--out", str(out), "--json").stdout)
    assert again["rendered"] == 0
    assert [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == \
        [e.id for e in parsed.entries]  # a rebuild keeps every GUID

    # a new take of an item's audio is a new episode GUID; the old file leaves the feed folder
    waqup("render", library[0])
    waqup("feed", "build", "--all", "--out", str(out))
    guids = [e.id for e in feedparser.parse((out / "feed.xml").read_bytes()).entries]
    assert guids[0] != parsed.entries[0].id and guids[1] == parsed.entries[1].id
    assert len(list((out / "audio").iterdir())) == 2


def test_feed_build_needs_a_selection(library, tmp_path):
    result = runner.invoke(app, ["feed", "build", "--out", str(tmp_path / "f")])
    assert result.exit_code != 0 and "--pack SLUG, --tag TAG or --all" in result.output
    result = runner.invoke(app, ["feed", "build", "--tag", "nothing-has-this", "--out", str(tmp_path / "f")])
    assert result.exit_code != 0 and "no items match" in result.output
    result = runner.invoke(app, ["feed", "serve", "--dir", str(tmp_path / "empty")])
    assert result.exit_code != 0 and "waqup feed build" in result.output


def test_feed_serve_gives_the_feed_and_byte_ranges_to_the_token_only(library, tmp_path):
    out = tmp_path / "feed"
    waqup("feed", "build", "--all", "--out", str(out))
    token = (out / ".feed-token").read_text().strip()
    assert oct((out / ".feed-token").stat().st_mode & 0o777) == "0o600"
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "waqup_cli.main", "feed", "serve", "--dir", str(out), "--host",
                             "127.0.0.1", "--port", str(port), "--no-qr"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}/{token}"
    try:
        for _ in range(300):
            try:
                answer = httpx.get(f"{base}/feed.xml", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("feed serve never answered")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/rss+xml")
        parsed = feedparser.parse(answer.content)
        assert not parsed.bozo and len(parsed.entries) == 2
        url = parsed.entries[0].enclosures[0].href
        assert url.startswith(f"{base}/audio/")  # absolute links on the server's own address
        whole = httpx.get(url, timeout=30)
        assert whole.status_code == 200 and len(whole.content) == int(parsed.entries[0].enclosures[0].length)
        part = httpx.get(url, headers={"Range": "bytes=100-199"}, timeout=30)
        assert part.status_code == 206 and part.content == whole.content[100:200]
        assert part.headers["content-range"] == f"bytes 100-199/{len(whole.content)}"
        assert httpx.head(url, timeout=30).status_code == 200
        assert httpx.get(f"{base}/cover.png", timeout=30).content[:4] == b"\x89PNG"
        wrong = url.replace(token, "x" * len(token))
        assert httpx.get(wrong, timeout=30).status_code == 404
        assert httpx.get(f"http://127.0.0.1:{port}/x/feed.xml", timeout=30).status_code == 404
        assert httpx.get(f"{base}/audio/..%2Ffeed.json", timeout=30).status_code == 404
        assert httpx.get(f"{base}/.feed-token", timeout=30).status_code == 404
    finally:
        proc.terminate()
        printed, _ = proc.communicate(timeout=20)
    assert f"{base}/feed.xml" in printed  # the address to subscribe to is printed
