"""Issue 15 item 8: upload bombs are refused from the zip directory and the audio headers, before anything
is decompressed or decoded, on the server (publish) and the client (`pack import`, `market download`);
one creator's parallel publishes are limited (429 + Retry-After), against a real server."""

from __future__ import annotations

import hashlib
import json
import threading
import tracemalloc
import zipfile

import httpx
import numpy as np
import pytest
import soundfile as sf

from engine.packs.archive import ArchiveError, read_archive
from tests.market.helpers import Api, make_pack, make_settings
from tests.market.server import MarketServer

MB = 1 << 20


@pytest.fixture
def inflated(monkeypatch):
    """Counts the bytes decompressed out of any zip entry in this process."""
    counter = {"bytes": 0}
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        data = original(self, n)
        counter["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    return counter


def _bomb_archive(good, target, *, audio_mb: int = 0, manifest_mb: int = 0, entries: int = 0):
    """``good`` with its first audio file replaced by ``audio_mb`` MB of deflated zeros (the manifest says so,
    checksums and sizes right), its manifest padded to ``manifest_mb`` MB, or ``entries`` extra entries."""
    with zipfile.ZipFile(good) as src:
        manifest = json.loads(src.read("manifest.json"))
        others = {i.filename: src.read(i.filename) for i in src.infolist() if i.filename != "manifest.json"}
    first = manifest["items"][0]["audio"]
    zero = bytes(MB)
    if audio_mb:
        digest = hashlib.sha256()
        for _ in range(audio_mb):
            digest.update(zero)
        first.update(bytes=audio_mb * MB, sha256=digest.hexdigest())
    body = json.dumps(manifest).encode() + b" " * (manifest_mb * MB)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("manifest.json", body)
        for name, data in others.items():
            if audio_mb and name == first["path"]:
                with out.open(name, "w", force_zip64=True) as handle:
                    for _ in range(audio_mb):
                        handle.write(zero)
            else:
                out.writestr(name, data)
        for n in range(entries):
            out.writestr(f"audio/junk-{n}.txt", b"")
    return target


def zip_bombs(tmp_path):
    good = make_pack(tmp_path, slug="bomb-pack")
    yield "deflated audio", _bomb_archive(good, tmp_path / "audio.waqup", audio_mb=300), "compressed"
    yield "padded manifest", _bomb_archive(good, tmp_path / "manifest.waqup", manifest_mb=100), "compressed"
    yield "many entries", _bomb_archive(good, tmp_path / "entries.waqup", entries=5000), "entries"


def long_flac(path, seconds: int = 3600):
    """An hour of 8 kHz silence: 90 kB of FLAC, 115 MB once decoded to float32."""
    block = np.zeros(8000 * 60, dtype="int16")
    with sf.SoundFile(path, "w", 8000, 1, "PCM_16", format="FLAC") as handle:
        for _ in range(seconds // 60):
            handle.write(block)
    return path


def test_server_refuses_zip_bombs_before_decompressing(tmp_path, inflated):
    api = Api(make_settings(tmp_path))
    ana = api.account("ana@example.com", creator="Ana")
    for name, archive, message in zip_bombs(tmp_path):
        inflated["bytes"] = 0
        r = api.publish(ana, archive)
        assert r.status_code == 400 and message in r.json()["detail"], (name, r.status_code, r.text)
        assert inflated["bytes"] < 2 * MB, (name, inflated["bytes"])
    api.close()


def test_server_reads_durations_from_headers_before_decoding(tmp_path):
    api = Api(make_settings(tmp_path, max_item_seconds=60, max_pack_seconds=120))
    ana = api.account("ana@example.com", creator="Ana")
    flac = long_flac(tmp_path / "long.flac")
    archive = make_pack(tmp_path, slug="long-pack", audio={"00000001": flac})
    tracemalloc.start()
    try:
        r = api.publish(ana, archive)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.status_code == 413 and "limit" in r.json()["detail"], r.text
    assert peak < 40 * MB, peak  # decoding it would hold 115 MB of samples
    # within the item limit each, over the pack's: refused from the headers as well
    short = long_flac(tmp_path / "short.flac", seconds=60)
    archive = make_pack(tmp_path, slug="long-pack", items=3, audio={f"{n:08x}": short for n in (1, 2, 3)})
    r = api.publish(ana, archive)
    assert r.status_code == 413 and "pack" in r.json()["detail"], r.text
    assert api.client.get("/v1/packs").json()["items"] == []
    api.close()


def test_client_refuses_the_same_bombs(tmp_path, inflated):
    from engine.library import Library
    from engine.packs.export import import_pack

    for name, archive, message in zip_bombs(tmp_path):
        inflated["bytes"] = 0
        with pytest.raises(ArchiveError, match=message):
            read_archive(archive, extract_to=tmp_path / "out")
        with Library() as lib, pytest.raises(ArchiveError, match=message):
            import_pack(lib, archive)  # `waqup pack import`; `market download` reads with read_archive too
        assert inflated["bytes"] < 2 * MB, (name, inflated["bytes"])


@pytest.mark.slow
def test_one_creator_gets_a_limited_number_of_parallel_publishes(tmp_path):
    archives = [make_pack(tmp_path / f"p{n}", slug=f"busy-pack-{n}", items=4, seconds=3) for n in range(6)]
    with MarketServer(tmp_path, f"sqlite:///{tmp_path / 'market.db'}", publishes_per_creator=1) as server:
        ana = server.account("ana@example.com", creator="Ana")
        barrier, answers = threading.Barrier(len(archives)), [None] * len(archives)

        def one(n: int) -> None:
            barrier.wait()
            answers[n] = server.publish(ana, archives[n])

        threads = [threading.Thread(target=one, args=(n,)) for n in range(len(archives))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        codes = [r.status_code for r in answers]
        assert set(codes) == {201, 429}, codes
        assert all(r.headers.get("retry-after") for r in answers if r.status_code == 429)
        for n, code in enumerate(codes):  # one at a time, every one of them goes through
            if code == 429:
                assert server.publish(ana, archives[n]).status_code == 201
        assert len(httpx.get(f"{server.url}/v1/packs").json()["items"]) == len(archives)


@pytest.mark.slow
def test_publishes_from_the_outbox_share_the_creators_slots(tmp_path):
    archives = [make_pack(tmp_path / f"q{n}", slug=f"queued-pack-{n}", items=4, seconds=3) for n in range(6)]
    with MarketServer(tmp_path, f"sqlite:///{tmp_path / 'market.db'}", publishes_per_creator=1) as server:
        ana = server.account("ana@example.com", creator="Ana")
        barrier, answers = threading.Barrier(len(archives)), [None] * len(archives)

        def queued(n: int) -> httpx.Response:
            with open(archives[n], "rb") as handle:
                return httpx.post(f"{server.url}/v1/sync/publish", headers=ana, timeout=120,
                                  data={"client_id": f"device-{n:04d}", "mutation_id": "1"},
                                  files={"archive": (archives[n].name, handle, "application/zip")})

        def one(n: int) -> None:
            barrier.wait()
            answers[n] = queued(n) if n % 2 else server.publish(ana, archives[n])

        threads = [threading.Thread(target=one, args=(n,)) for n in range(len(archives))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        synced = [answers[n] for n in range(1, len(archives), 2)]
        # one slot for six publishes arriving together: whichever route won, at least two queued ones waited
        assert sum(r.status_code == 429 for r in synced) >= 2, [r.status_code for r in answers]
        assert all(r.headers.get("retry-after") for r in answers if r.status_code == 429)
        for n, answer in enumerate(answers):
            if answer.status_code == 429 and n % 2:  # nothing was recorded: the resend is applied, not a duplicate
                again = queued(n)
                assert again.status_code == 200 and again.json()["status"] == "applied", again.text
            elif answer.status_code == 429:
                assert server.publish(ana, archives[n]).status_code == 201
        assert len(httpx.get(f"{server.url}/v1/packs").json()["items"]) == len(archives)
