"""Object storage for archives and audio: a local folder or an S3-compatible bucket (same interface).

Writes are atomic from a reader's point of view: a local file is renamed into place, an S3 object becomes
visible only once its PUT (checked against its MD5) completes. Downloads stay behind the app's own pre-signed,
expiring URLs; for S3 the media route streams the object (see :meth:`S3Storage.read`).
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

KEY = re.compile(r"^[a-z0-9][a-z0-9._/-]{0,299}$")
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 1 << 16
CONTENT_TYPES = {"waqup": "application/zip", "opus": "audio/ogg"}


class StorageError(RuntimeError):
    """The object store is misconfigured or unreachable (a clear, one-line reason)."""


class RangeNotSatisfiable(Exception):
    """A ``Range`` header outside the object (HTTP 416)."""

    def __init__(self, size: int):
        super().__init__(f"range not satisfiable (size {size})")
        self.size = size


@dataclass
class Blob:
    """An open object (or a byte range of it): iterate ``chunks`` once, then it closes itself."""

    chunks: Iterator[bytes]
    length: int  # bytes in this body
    size: int  # bytes in the whole object
    content_range: str | None = None  # ``bytes a-b/size`` for a partial body


class Storage(Protocol):
    def put_file(self, key: str, source: Path) -> None: ...
    def path(self, key: str) -> Path | None: ...
    def exists(self, key: str) -> bool: ...
    def read(self, key: str, byte_range: str | None = None) -> Blob | None: ...
    def delete_prefix(self, prefix: str) -> None: ...


def check_key(key: str) -> str:
    if not KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"bad storage key {key!r}")
    return key


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """``(first, last)`` for one ``bytes=`` range, None for no/several/unparsable ranges (send it all)."""
    match = RANGE.match((header or "").strip())
    if not match or match.group(1) == match.group(2) == "":
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise RangeNotSatisfiable(size)
    return start, end


def _file_chunks(path: Path, start: int, length: int) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        handle.seek(start)
        while length > 0:
            data = handle.read(min(CHUNK, length))
            if not data:
                return
            length -= len(data)
            yield data


class LocalStorage:
    """Files under one root folder, written atomically (temp file + rename)."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _full(self, key: str) -> Path:
        return self.root / check_key(key)

    def put_file(self, key: str, source: Path) -> None:
        target = self._full(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload.")
        os.close(fd)
        try:
            shutil.copyfile(source, tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def path(self, key: str) -> Path | None:
        try:
            full = self._full(key)
        except ValueError:
            return None
        return full if full.is_file() else None

    def exists(self, key: str) -> bool:
        return self.path(key) is not None

    def read(self, key: str, byte_range: str | None = None) -> Blob | None:
        path = self.path(key)
        if path is None:
            return None
        size = path.stat().st_size
        span = parse_range(byte_range, size)
        if span is None:
            return Blob(_file_chunks(path, 0, size), size, size)
        start, end = span
        return Blob(_file_chunks(path, start, end - start + 1), end - start + 1, size, f"bytes {start}-{end}/{size}")

    def delete_prefix(self, prefix: str) -> None:
        target = self._full(prefix.rstrip("/"))
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        elif target.is_file():
            target.unlink()


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` -> ``("bucket", "some/prefix/")`` (the prefix may be empty)."""
    if not url.startswith("s3://"):
        raise StorageError(f"not an S3 URL: {url!r}")
    bucket, _, prefix = url[5:].partition("/")
    if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
        raise StorageError(f"bad S3 bucket name in {url!r}: use s3://bucket/prefix")
    prefix = prefix.strip("/")
    if prefix:
        check_key(prefix)
    return bucket, f"{prefix}/" if prefix else ""


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return base64.b64encode(digest.digest()).decode("ascii")


def _body_chunks(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


class S3Storage:
    """Objects in an S3-compatible bucket (AWS, MinIO, R2, ...) under ``s3://bucket/prefix``.

    Credentials and region come from the standard AWS chain (``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
    ``AWS_SESSION_TOKEN``, ``AWS_REGION``/``AWS_DEFAULT_REGION``, profiles, instance roles); ``endpoint_url``
    points at a non-AWS service (path-style addressing then). The bucket must exist: it is checked here, so a
    wrong name or credentials fail at startup, not at the first publish.
    """

    def __init__(self, url: str, *, endpoint_url: str = "", region: str = "", client: Any = None):
        self.url = url
        self.bucket, self.prefix = parse_s3_url(url)
        self.client = client if client is not None else self._client(endpoint_url, region)
        self._errors = self._error_types()
        self._check_bucket(endpoint_url)

    @staticmethod
    def _client(endpoint_url: str, region: str) -> Any:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise StorageError("s3:// storage needs boto3: pip install 'waqup[s3]'") from None
        options: dict[str, Any] = {}
        if "request_checksum_calculation" in Config.OPTION_DEFAULTS:  # botocore 1.36+
            # uploads carry an explicit Content-MD5; the newer default CRC checksums trip some S3-compatible services
            options = {"request_checksum_calculation": "when_required", "response_checksum_validation": "when_required"}
        config = Config(signature_version="s3v4", retries={"max_attempts": 5, "mode": "standard"},
                        s3={"addressing_style": "path" if endpoint_url else "auto"}, **options)
        return boto3.session.Session().client("s3", endpoint_url=endpoint_url or None, region_name=region or None,
                                              config=config)

    @staticmethod
    def _error_types() -> tuple[type[BaseException], type[BaseException]]:
        from botocore.exceptions import BotoCoreError, ClientError

        return ClientError, BotoCoreError

    def _check_bucket(self, endpoint_url: str) -> None:
        client_error, core_error = self._errors
        where = f" at {endpoint_url}" if endpoint_url else ""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except client_error as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("404", "NoSuchBucket", "NotFound"):
                raise StorageError(f"S3 bucket {self.bucket!r} does not exist{where}: create it or fix "
                                   "WAQUP_MARKET_STORAGE / --storage") from None
            if code in ("403", "AccessDenied", "Forbidden"):
                raise StorageError(f"access to S3 bucket {self.bucket!r}{where} is denied: check the AWS "
                                   "credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)") from None
            raise StorageError(f"S3 bucket {self.bucket!r}{where}: {exc}") from None
        except core_error as exc:
            if type(exc).__name__ == "NoCredentialsError":
                raise StorageError(f"no AWS credentials for S3 bucket {self.bucket!r}{where}: set AWS_ACCESS_KEY_ID "
                                   "and AWS_SECRET_ACCESS_KEY (or a profile / instance role)") from None
            raise StorageError(f"cannot reach S3 bucket {self.bucket!r}{where}: {exc}") from None

    def _full(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _missing(self, exc: BaseException) -> bool:
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def put_file(self, key: str, source: Path) -> None:
        """One PUT of the whole, already verified file; S3 checks its MD5 and only then makes it visible."""
        full = self._full(key)
        kind = CONTENT_TYPES.get(key.rsplit(".", 1)[-1]) or mimetypes.guess_type(key)[0] or "application/octet-stream"
        size = source.stat().st_size
        with open(source, "rb") as handle:
            self.client.put_object(Bucket=self.bucket, Key=full, Body=handle, ContentLength=size,
                                   ContentMD5=_md5(source), ContentType=kind)

    def path(self, key: str) -> Path | None:
        """Never a local path: use :meth:`read`."""
        return None

    def exists(self, key: str) -> bool:
        try:
            full = self._full(key)
        except ValueError:
            return False
        try:
            self.client.head_object(Bucket=self.bucket, Key=full)
        except self._errors[0] as exc:
            if self._missing(exc):
                return False
            raise
        return True

    def read(self, key: str, byte_range: str | None = None) -> Blob | None:
        """The object streamed from S3 (a single ``bytes=`` range is passed through), or None if missing."""
        try:
            full = self._full(key)
        except ValueError:
            return None
        wanted = byte_range.strip() if byte_range and RANGE.match(byte_range.strip()) else None
        if wanted == "bytes=-":
            wanted = None
        try:
            extra = {"Range": wanted} if wanted else {}
            response = self.client.get_object(Bucket=self.bucket, Key=full, **extra)
        except self._errors[0] as exc:
            if self._missing(exc):
                return None
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if code in ("InvalidRange", "416"):
                size = self._size(full)
                if size is None:
                    return None
                raise RangeNotSatisfiable(size) from None
            raise
        length = int(response["ContentLength"])
        content_range = response.get("ContentRange") if wanted else None
        size = int(content_range.rsplit("/", 1)[-1]) if content_range else length
        return Blob(_body_chunks(response["Body"]), length, size, content_range)

    def _size(self, full: str) -> int | None:
        try:
            return int(self.client.head_object(Bucket=self.bucket, Key=full)["ContentLength"])
        except self._errors[0] as exc:
            if self._missing(exc):
                return None
            raise

    def delete_prefix(self, prefix: str) -> None:
        """Every object under ``prefix/`` (and ``prefix`` itself), 1000 keys per request."""
        base = self._full(prefix.rstrip("/"))
        keys: list[str] = []
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base + "/")
        for page in pages:
            keys.extend(entry["Key"] for entry in page.get("Contents", []))
        if self.exists(prefix.rstrip("/")):
            keys.append(base)
        for start in range(0, len(keys), 1000):
            batch = [{"Key": k} for k in keys[start:start + 1000]]
            self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})


def open_storage(spec: str, *, s3_endpoint_url: str = "", s3_region: str = "") -> Storage:
    """A local folder, or an :class:`S3Storage` for ``s3://bucket/prefix`` (boto3 is imported only then)."""
    if spec.startswith("s3://"):
        return S3Storage(spec, endpoint_url=s3_endpoint_url, region=s3_region)
    return LocalStorage(spec)
