"""Where waQup keeps things: the user's data folder and the shipped templates and recordings."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def home() -> Path:
    """The user-data folder (``WAQUP_HOME`` overrides the platform default); created on demand."""
    override = os.environ.get("WAQUP_HOME")
    if override:
        path = Path(override).expanduser()
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir("waqup", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return home() / "library.db"


def config_path() -> Path:
    return home() / "config.toml"


def audio_dir() -> Path:
    path = home() / "audio"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    path = home() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _shipped(name: str) -> Path:
    """A data folder: inside the wheel (``engine/_name``) or beside ``engine/`` in a checkout."""
    bundled = PACKAGE_DIR / f"_{name}"
    return bundled if bundled.is_dir() else PACKAGE_DIR.parent / name


def templates_dir() -> Path:
    return _shipped("templates")


def recordings_dir() -> Path:
    return _shipped("recordings")
