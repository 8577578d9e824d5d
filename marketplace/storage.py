"""Object storage for archives and audio: local files now, S3-compatible later (same interface)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

KEY = re.compile(r"^[a-z0-9][a-z0-9._/-]{0,299}$")


class Storage(Protocol):
    def put_file(self, key: str, source: Path) -> None: ...
    def path(self, key: str) -> Path | None: ...
    def exists(self, key: str) -> bool: ...
    def delete_prefix(self, prefix: str) -> None: ...


def check_key(key: str) -> str:
    if not KEY.match(key) or ".." in key.split("/"):
        raise ValueError(f"bad storage key {key!r}")
    return key


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

    def delete_prefix(self, prefix: str) -> None:
        target = self._full(prefix.rstrip("/"))
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        elif target.is_file():
            target.unlink()


class S3Storage:  # pragma: no cover - documented, not implemented in this issue
    """S3-compatible storage (``s3://bucket/prefix``). Planned: uploads with boto3 and downloads through
    S3's own pre-signed GET URLs issued after the same entitlement check. Not implemented yet."""

    def __init__(self, url: str):
        raise NotImplementedError(
            f"S3 storage ({url}) is not implemented yet: use a local folder (a shared volume scales out too)"
        )


def open_storage(spec: str) -> Storage:
    if spec.startswith("s3://"):
        return S3Storage(spec)
    return LocalStorage(spec)
