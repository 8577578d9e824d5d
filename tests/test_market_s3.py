"""S3 object storage against a local moto server: publish -> objects in the bucket -> signed, streamed downloads."""

from __future__ import annotations

import hashlib
import itertools
import socket
import subprocess
import sys
import zipfile

import pytest

from marketplace.settings import Settings
from marketplace.storage import LocalStorage, RangeNotSatisfiable, S3Storage, StorageError, open_storage
from tests.market.helpers import ADMIN, Api, make_pack, make_settings

pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")

PREFIX = "market/media"
_names = itertools.count(1)


@pytest.fixture(scope="module")
def endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def fake_credentials(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def s3(endpoint):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3):
    name = f"waqup-test-{next(_names)}"
    s3.create_bucket(Bucket=name)
    return name


@pytest.fixture
def api(tmp_path, endpoint, bucket):
    api = Api(make_settings(tmp_path, storage=f"s3://{bucket}/{PREFIX}", s3_endpoint_url=endpoint))
    yield api
    api.close()


def keys(s3, bucket: str) -> list[str]:
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []))


def test_publish_to_the_bucket_and_download_through_signed_urls(api, s3, bucket, tmp_path):
    assert isinstance(api.app.state.ctx.storage, S3Storage)
    ana = api.account("ana@example.com", creator="Ana")
    bob = api.account("bob@example.com")
    archive = make_pack(tmp_path, items=2, seconds=1.5)
    r = api.publish(ana, archive)
    assert r.status_code == 201, r.text
    stored_keys = keys(s3, bucket)  # under the publish's own folder, packs/{slug}/v{n}/{random}/
    base = stored_keys[0].rsplit("/", 1)[0] + "/"
    assert base.startswith(f"{PREFIX}/packs/calm-evenings/v1/")
    assert stored_keys == [base + "00000001.wav", base + "00000002.wav", base + "pack.waqup"]
    stored = s3.get_object(Bucket=bucket, Key=base + "pack.waqup")
    assert stored["Body"].read() == archive.read_bytes() and stored["ContentType"] == "application/zip"
    assert not (tmp_path / "media").exists()  # nothing written locally

    links = api.client.post("/v1/packs/calm-evenings/download", headers=bob.headers).json()
    got = api.client.get(links["archive"]["url"])
    assert got.status_code == 200 and got.content == archive.read_bytes()
    assert got.headers["content-type"] == "application/zip" and got.headers["cache-control"].startswith("private")
    assert hashlib.sha256(got.content).hexdigest() == links["archive"]["sha256"]
    with zipfile.ZipFile(archive) as zf:
        wav = zf.read(next(n for n in zf.namelist() if n.endswith("00000001.wav")))
    item = links["items"][0]
    audio = api.client.get(item["url"])
    assert audio.status_code == 200 and audio.content == wav and audio.headers["content-type"] == "audio/wav"
    assert audio.headers["accept-ranges"] == "bytes" and int(audio.headers["content-length"]) == len(wav)
    assert hashlib.sha256(audio.content).hexdigest() == item["sha256"]

    # A single Range is passed through to S3 (audio players seek).
    part = api.client.get(item["url"], headers={"Range": "bytes=10-29"})
    assert part.status_code == 206 and part.content == wav[10:30]
    assert part.headers["content-range"] == f"bytes 10-29/{len(wav)}"
    tail = api.client.get(item["url"], headers={"Range": "bytes=-5"})
    assert tail.status_code == 206 and tail.content == wav[-5:]
    beyond = api.client.get(item["url"], headers={"Range": f"bytes={len(wav) + 10}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(wav)}"

    # Tampered, expired and foreign-key URLs are rejected before S3 is asked.
    url = item["url"]
    assert api.client.get(url.replace("uid=", "uid=9")).status_code == 403
    assert api.client.get(url.replace("0001.wav", "0002.wav")).status_code == 403
    assert api.client.get(url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")).status_code == 403
    assert api.client.get(url.replace("kid=k1", "kid=k9")).status_code == 403
    path = "/media/" + url.split("/media/")[1].split("?")[0]
    expired, _ = api.app.state.ctx.signer.sign(path, bob.id, ttl=-1)
    assert api.client.get(expired).status_code == 403

    # An object gone from the bucket is a 404, and so is a taken-down pack.
    s3.delete_object(Bucket=bucket, Key=base + "00000002.wav")
    assert api.client.get(links["items"][1]["url"]).status_code == 404
    admin = api.account(ADMIN)
    assert api.client.post("/v1/packs/calm-evenings/takedown", json={"reason": "test"},
                           headers=admin.headers).status_code == 200
    assert api.client.get(links["archive"]["url"]).status_code == 404


def test_new_versions_and_failed_publishes(api, s3, bucket, tmp_path, monkeypatch):
    ana = api.account("ana@example.com", creator="Ana")
    assert api.publish(ana, make_pack(tmp_path)).status_code == 201
    assert api.publish(ana, make_pack(tmp_path, title="Calm Again", items=3)).status_code == 200
    assert len([k for k in keys(s3, bucket) if "/v2/" in k]) == 4
    # A bad archive stores nothing.
    before = keys(s3, bucket)
    r = api.client.post("/v1/packs", files={"archive": ("x.waqup", b"not a zip", "application/zip")},
                        headers=ana.headers)
    assert r.status_code == 400 and keys(s3, bucket) == before
    # A failure after the uploads (recording the version) removes what was uploaded.
    import marketplace.packs.publish as publish

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(publish, "_record", broken)
    r = api.publish(ana, make_pack(tmp_path, slug="other-pack"))  # answered as a 500 with the request id
    assert r.status_code == 500 and "internal error (request id" in r.json()["detail"]
    assert keys(s3, bucket) == before


def test_storage_interface(endpoint, bucket, s3, tmp_path):
    storage = open_storage(f"s3://{bucket}/a/b/", s3_endpoint_url=endpoint)
    assert storage.prefix == "a/b/"
    source = tmp_path / "x.bin"
    source.write_bytes(bytes(range(256)) * 40)
    storage.put_file("packs/p/v1/x.bin", source)
    storage.put_file("packs/p/v1/sub/y.bin", source)
    storage.put_file("packs/p/v10/z.bin", source)
    assert storage.exists("packs/p/v1/x.bin") and not storage.exists("packs/p/v1/nope.bin")
    assert storage.path("packs/p/v1/x.bin") is None and storage.read("packs/p/v1/nope.bin") is None
    assert not storage.exists("../escape") and storage.read("Bad Key") is None
    with pytest.raises(ValueError):
        storage.put_file("../escape", source)
    blob = storage.read("packs/p/v1/x.bin")
    assert blob.length == blob.size == 10240 and b"".join(blob.chunks) == source.read_bytes()
    with pytest.raises(RangeNotSatisfiable):
        storage.read("packs/p/v1/x.bin", "bytes=20000-")
    storage.delete_prefix("packs/p/v1")
    assert keys(s3, bucket) == ["a/b/packs/p/v10/z.bin"]  # v10 is not under v1/


def test_missing_bucket_and_bad_urls_are_clear_errors(tmp_path, endpoint):
    with pytest.raises(StorageError, match="bucket 'no-such-bucket' does not exist"):
        Api(make_settings(tmp_path, storage="s3://no-such-bucket/media", s3_endpoint_url=endpoint))
    with pytest.raises(StorageError, match="bad S3 bucket name"):
        open_storage("s3://Not_A_Bucket/x", s3_endpoint_url=endpoint)
    with pytest.raises(StorageError, match="bad S3 bucket name"):
        open_storage("s3://", s3_endpoint_url=endpoint)


def test_missing_credentials_and_unreachable_endpoints_are_clear_errors(monkeypatch, bucket, endpoint):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens there
    with pytest.raises(StorageError, match=f"cannot reach S3 bucket '{bucket}' at {closed}"):
        open_storage(f"s3://{bucket}/m", s3_endpoint_url=closed)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(StorageError, match="no AWS credentials"):
        open_storage(f"s3://{bucket}/m", s3_endpoint_url=endpoint)


def test_endpoint_and_region_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("WAQUP_MARKET_STORAGE", "s3://media/prod")
    monkeypatch.setenv("WAQUP_MARKET_S3_ENDPOINT_URL", "http://minio:9000")
    monkeypatch.setenv("WAQUP_MARKET_S3_REGION", "eu-central-1")
    settings = Settings.from_env(database_url=f"sqlite:///{tmp_path / 'm.db'}", secret="s" * 40,
                                 signing_keys={"k1": "u" * 32})
    assert (settings.storage, settings.s3_endpoint_url, settings.s3_region) == (
        "s3://media/prod", "http://minio:9000", "eu-central-1")


def test_boto3_is_imported_only_for_s3_storage(tmp_path):
    code = ("import sys, marketplace.storage as s, marketplace.app\n"
            f"s.open_storage({str(tmp_path / 'media')!r})\n"
            "print('boto3' in sys.modules or 'botocore' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_local_storage_reads_ranges(tmp_path):
    storage = LocalStorage(tmp_path / "media")
    source = tmp_path / "a.bin"
    source.write_bytes(b"0123456789")
    storage.put_file("packs/p/v1/a.bin", source)
    assert b"".join(storage.read("packs/p/v1/a.bin").chunks) == b"0123456789"
    blob = storage.read("packs/p/v1/a.bin", "bytes=2-4")
    assert b"".join(blob.chunks) == b"234" and blob.content_range == "bytes 2-4/10"
    assert b"".join(storage.read("packs/p/v1/a.bin", "bytes=-3").chunks) == b"789"
    assert b"".join(storage.read("packs/p/v1/a.bin", "bytes=8-").chunks) == b"89"
    assert storage.read("packs/p/v1/a.bin", "bytes=1-2,4-5").content_range is None  # several ranges: all of it
    with pytest.raises(RangeNotSatisfiable):
        storage.read("packs/p/v1/a.bin", "bytes=10-")
