"""Issue 15 item 7: parallel publishes of one slug (new pack) or one next version, against a real server.

Exactly one publish wins each race (201 for a new pack; later versions 200), the others get 409, and every
version the database lists still has its archive and audio on storage, with the checksums it recorded: a loser
never overwrites or deletes the winner's files. SQLite always; PostgreSQL when ``WAQUP_TEST_DATABASE_URL`` is set."""

from __future__ import annotations

import hashlib
import threading

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.market.helpers import BACKENDS, database_url, make_pack
from tests.market.server import MarketServer

pytestmark = pytest.mark.slow
RACERS = 6


@pytest.fixture(params=BACKENDS)
def server(request, tmp_path, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    with MarketServer(tmp_path, database_url(tmp_path), publishes_per_creator=RACERS) as srv:
        yield srv


def race(server: MarketServer, headers: list[dict], archives: list) -> list[int]:
    barrier, codes = threading.Barrier(len(archives)), [0] * len(archives)

    def one(n: int) -> None:
        barrier.wait()
        codes[n] = server.publish(headers[n], archives[n]).status_code

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(archives))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def assert_every_version_is_stored(server: MarketServer) -> None:
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        files = list(conn.execute(text("select archive_key, archive_sha256 from pack_versions")))
        files += list(conn.execute(text("select audio_key, audio_sha256 from pack_items where audio_key is not null")))
    engine.dispose()
    assert files
    for key, digest in files:
        path = server.media / key
        assert path.is_file(), f"{key} is gone"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, f"{key} was overwritten"


def download_all(server: MarketServer, headers: dict, slug: str) -> None:
    links = httpx.post(f"{server.url}/v1/packs/{slug}/download", headers=headers).json()
    for link in [links["archive"], *links["items"]]:
        r = httpx.get(server.url + link["url"])
        assert r.status_code == 200, (link, r.status_code)
        assert hashlib.sha256(r.content).hexdigest() == link["sha256"]


def test_parallel_publishes_of_a_new_slug_and_a_new_version(server, tmp_path):
    creators = [server.account(f"c{n}@example.com", creator=f"Creator {n}") for n in range(RACERS)]
    # the racers' archives cost the same to check (so they meet at the database) but differ (the description),
    # so an overwritten archive would show in its checksum
    archives = [make_pack(tmp_path / f"new-{n}", slug="race-pack", description=f"take {n}") for n in range(RACERS)]
    codes = race(server, creators, archives)  # several creators want one new slug
    assert sorted(codes) == [201] + [409] * (RACERS - 1), codes
    assert_every_version_is_stored(server)
    ana = creators[codes.index(201)]
    download_all(server, ana, "race-pack")

    archives = [make_pack(tmp_path / f"next-{n}", slug="race-pack", seconds=2, description=f"v2 take {n}")
                for n in range(RACERS)]
    codes = race(server, [ana] * RACERS, archives)  # the owner sends its next version several times at once
    assert set(codes) <= {200, 409} and 200 in codes, codes  # PostgreSQL locks the row: several may win in turn
    versions = httpx.get(f"{server.url}/v1/packs/race-pack/versions").json()
    assert len(versions) == 1 + codes.count(200)
    assert_every_version_is_stored(server)
    download_all(server, ana, "race-pack")
