"""Shell completion (issue 16 item 16), driven the way a shell drives it: the installed ``waqup`` run with
Click's completion environment variables against a real data folder."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from engine.config import SCHEMA, WILDCARDS
from engine.content import CONTENT_TYPES, TECHNIQUES

ROOT = Path(__file__).resolve().parent.parent
WAQUP = str(Path(sys.executable).parent / "waqup")


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([WAQUP, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def bash(line: str, **env: str) -> list[str]:
    """What bash's completion function gets for ``line`` (the cursor at its end)."""
    words = line.split()
    cword = len(words) if line.endswith(" ") else len(words) - 1
    done = run(_WAQUP_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(cword), **env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout.split()


def zsh(line: str) -> str:
    done = run(_WAQUP_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS=line)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def item(waqup_home) -> dict:
    made = run("create", "affirmation", "--intent", "courage to speak up", "--seed", "4", "--json")
    assert made.returncode == 0, made.stderr
    return json.loads(made.stdout)


def test_item_ids_complete_wherever_a_command_takes_one(item):
    for line in ("waqup library show ", "waqup render ", "waqup play ", "waqup script history ",
                 "waqup library delete "):
        assert bash(line) == [item["id"]], line
    assert bash(f"waqup library tag {item['id'][:3]}") == [item["id"]]
    assert bash("waqup library show zz") == []


def test_zsh_shows_each_id_with_its_title(item):
    out = zsh("waqup library show ")
    assert f'"{item["id"]}"' in out
    assert item["title"].replace(":", r"\\:") in out


def test_config_keys_complete_for_get_set_and_unset(waqup_home):
    plain = [key for key in SCHEMA if "*" not in key]
    for verb in ("get", "set", "unset"):
        offered = bash(f"waqup config {verb} ")
        assert [key for key in offered if key in plain] == plain
        assert "providers.openai.base_url" in offered and "prices.ritual" in offered  # a * expanded
        assert not any("*" in key for key in offered)
    audio = [key for key in plain if key.startswith("audio.")]
    assert bash("waqup config set audio.") == audio
    assert bash("waqup config unset prices.") == [f"prices.{kind}" for kind in WILDCARDS["prices.*"]]


def test_techniques_and_content_types_come_from_the_content_types():
    assert bash("waqup create meditation --technique ") == list(TECHNIQUES)
    assert bash("waqup create meditation --technique b") == [t for t in TECHNIQUES if t.startswith("b")]
    for line in ("waqup create ", "waqup library list --type ", "waqup library search calm --type ",
                 "waqup script validate x.txt --type ", "waqup market search calm --type "):
        assert bash(line) == list(CONTENT_TYPES), line


class Listener:
    """A TCP port that counts every connection made to it (and drops it at once)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.connections = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


def test_voices_offline_first_and_never_over_the_network(waqup_home):
    from engine.voice import get_voice_provider

    cloud = Listener()
    try:
        got = bash("waqup render abcd --voice ", ELEVENLABS_API_KEY="el-test", ELEVENLABS_BASE_URL=cloud.url)
    finally:
        cloud.close()
    assert cloud.connections == 0
    espeak = [v.id for v in get_voice_provider("espeak").voices()]
    assert set(espeak) <= set(got)
    offline = [v for v in got if v.split(":")[0] in ("espeak", "hibari")]
    assert got[: len(offline)] == offline  # every offline voice before any cloud voice
    assert not any(v.startswith("elevenlabs") for v in got)
    assert bash("waqup render abcd --voice espeak:en-gb") == [v for v in espeak if v.startswith("espeak:en-gb")]


def test_local_pack_slugs(waqup_home):
    ran = run("pack", "run", str(ROOT / "examples" / "three-calm-pieces.toml"), "--no-audio")
    assert ran.returncode == 0, ran.stderr
    for line in ("waqup pack show ", "waqup pack export ", "waqup library list --pack ",
                 "waqup market unpublish "):
        assert bash(line) == ["three-calm-pieces"], line
    assert bash("waqup market show ") == []  # not a marketplace pack: market commands do not offer it


def test_market_slugs_are_the_packs_downloaded_here(tmp_path, waqup_home):
    from engine.market.install import install_pack
    from tests.market.helpers import Api, make_settings
    from tests.test_market_install import scripts_only, signed_in

    api = Api(make_settings(tmp_path))
    try:
        client = signed_in(api, tmp_path)
        client.publish(scripts_only(tmp_path))
        install_pack(client, "just-words")
    finally:
        api.close()
    for line in ("waqup market show ", "waqup market download j", "waqup market buy "):
        assert bash(line) == ["just-words"], line


def test_no_library_yet_means_no_ids_and_no_new_database(waqup_home):
    assert bash("waqup library show ") == []
    assert not (waqup_home / "library.db").exists()


def test_a_broken_library_gives_no_suggestions_not_an_error(waqup_home):
    waqup_home.mkdir(parents=True, exist_ok=True)
    (waqup_home / "library.db").write_bytes(b"this is not a database" * 100)
    assert bash("waqup library show ") == []
    assert bash("waqup config get text.") == ["text.provider", "text.model"]  # the others still work


def test_show_completion_prints_a_script():
    done = run("--show-completion", "bash", _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert done.returncode == 0, done.stderr
    assert "_WAQUP_COMPLETE=complete_bash" in done.stdout
    assert "complete -o default -F _waqup_completion waqup" in done.stdout
    assert "--install-completion" in run("--help").stdout


def test_completion_is_attached_without_importing_what_it_completes_from():
    lazy = ("engine.library", "engine.voice", "engine.content", "engine.config", "engine.audio",
            "numpy", "textual", "onnxruntime", "httpx")
    code = ("import sys, typer, waqup_cli.main as m\n"
            "typer.main.get_command(m.app)\n"
            f"print(','.join(sorted(n for n in sys.modules if n.startswith({lazy!r}))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
