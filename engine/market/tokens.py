"""Marketplace tokens: the OS keyring first, a 0600 file in the data folder where no keyring works.

One entry per marketplace URL. :meth:`TokenStore.lock` serialises refreshes across threads and
processes, so a rotating refresh token is never used twice (which would revoke the session).
"""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from engine.errors import WaqupError

SERVICE = "waqup-market"
FILE_NAME = "market-tokens.json"
_THREAD_LOCK = threading.RLock()


@dataclass
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float = 0.0


def _keyring():
    from engine.keys import _keyring as usable_keyring  # same backend rules as API keys

    return usable_keyring()


class TokenStore:
    def __init__(self, url: str, folder: Path | None = None):
        self.url = url.rstrip("/")
        self._folder = folder

    @property
    def folder(self) -> Path:
        from engine.paths import home

        return self._folder or home()

    @property
    def file(self) -> Path:
        return self.folder / FILE_NAME

    def _read_file(self) -> dict:
        try:
            data = json.loads(self.file.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            raise WaqupError(f"{self.file} is unreadable: remove it and run `waqup market login`") from None
        return data if isinstance(data, dict) else {}

    def _write_file(self, data: dict) -> None:
        tmp = self.file.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
            os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
            os.replace(tmp, self.file)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def load(self) -> Tokens | None:
        raw = None
        ring = _keyring()
        if ring is not None:
            try:
                raw = ring.get_password(SERVICE, self.url)
            except Exception:  # noqa: BLE001 - a broken keyring falls back to the file
                raw = None
        if raw:
            try:
                return Tokens(**json.loads(raw))
            except (ValueError, TypeError):
                return None
        entry = self._read_file().get(self.url)
        try:
            return Tokens(**entry) if isinstance(entry, dict) else None
        except TypeError:
            return None

    def save(self, tokens: Tokens) -> str:
        """Store ``tokens``; returns ``keyring`` or ``file``."""
        ring = _keyring()
        if ring is not None:
            try:
                ring.set_password(SERVICE, self.url, json.dumps(asdict(tokens)))
                return "keyring"
            except Exception:  # noqa: BLE001
                pass
        data = self._read_file()
        data[self.url] = asdict(tokens)
        self._write_file(data)
        return "file"

    def clear(self) -> bool:
        removed = False
        ring = _keyring()
        if ring is not None:
            try:
                if ring.get_password(SERVICE, self.url):
                    ring.delete_password(SERVICE, self.url)
                    removed = True
            except Exception:  # noqa: BLE001
                pass
        data = self._read_file()
        if self.url in data:
            del data[self.url]
            self._write_file(data)
            removed = True
        return removed

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive across threads (RLock) and processes (``flock`` on a lock file, where available)."""
        with _THREAD_LOCK:
            path = self.folder / f".{FILE_NAME}.lock"
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                try:
                    import fcntl

                    fcntl.flock(fd, fcntl.LOCK_EX)
                except ImportError:  # pragma: no cover - Windows: the thread lock only
                    pass
                yield
            finally:
                os.close(fd)
