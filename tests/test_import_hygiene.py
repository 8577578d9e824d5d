"""Headless modules must not drag in heavy or optional libraries (keeps `waqup --help` fast)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("textual", "sounddevice", "openai", "anthropic", "elevenlabs", "numpy", "onnxruntime",
         "scipy", "keyring", "jinja2", "httpx", "pydub", "mutagen", "tokenizers", "lemminflect")
LIGHT_MODULES = [
    "engine.script", "engine.content", "engine.config", "engine.library", "engine.generation",
    "engine.create", "engine.paths", "engine.language", "waqup_cli.main",
]


@pytest.mark.parametrize("module", LIGHT_MODULES)
def test_module_imports_no_heavy_libraries(module):
    code = (
        f"import sys, {module}\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"


def test_engine_never_imports_the_cli():
    code = (
        "import sys, pkgutil, importlib, engine\n"
        "for m in pkgutil.walk_packages(engine.__path__, 'engine.'):\n"
        "    if m.name.endswith('__main__'): continue\n"
        "    importlib.import_module(m.name)\n"
        "print(any(name.startswith('waqup_cli') for name in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
