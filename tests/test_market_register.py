"""Creating a marketplace account: `waqup market register` against a real server process, the sign-up form
on the device approval page, and `waqup market login` offering to open the browser (issue 16, item 14)."""

from __future__ import annotations

import email
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.market.helpers import PASSWORD, Api, make_settings
from tests.market.live import LiveServer

WAQUP = [sys.executable, "-m", "waqup_cli.main"]
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def mails(folder: Path) -> list[str]:
    return [email.message_from_bytes(p.read_bytes()).get_payload(decode=True).decode()
            for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


@pytest.fixture
def live(tmp_path):
    """A server process that asks for verification and mails into a folder."""
    with LiveServer(tmp_path, auto_verify="0", mail_backend=f"file:{tmp_path / 'mail'}") as server:
        server.mail = tmp_path / "mail"
        yield server


def cli(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "WAQUP_HOME": str(home)}
    return subprocess.run([*WAQUP, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120)


def token_works(url: str, address: str, password: str) -> bool:
    return httpx.post(f"{url}/v1/auth/token", json={"email": address, "password": password}).status_code == 200


# -- waqup market register ---------------------------------------------------------------------------
def test_register_from_stdin_creates_the_account_and_says_what_next(live, tmp_path):
    out = cli(tmp_path / "home", "market", "register", "--email", "Ana@Example.com", "--password-stdin",
              "--url", live.url, stdin=PASSWORD + "\n")
    assert out.returncode == 0, out.stderr
    assert "Registered ana@example.com." in out.stdout
    assert "verify the address" in out.stdout and f"waqup market login --url {live.url}" in out.stdout
    assert PASSWORD not in out.stdout + out.stderr + live.log.read_text()
    assert token_works(live.url, "ana@example.com", PASSWORD)
    assert "/verify?token=" in mails(live.mail)[-1]
    # A taken address answers the same (its owner gets a mail instead) and keeps its password.
    again = cli(tmp_path / "other", "market", "register", "--email", "ana@example.com", "--password-stdin",
                "--url", live.url, stdin="another long password\n")
    assert again.returncode == 0 and again.stdout == out.stdout
    assert not token_works(live.url, "ana@example.com", "another long password")
    assert "already has one" in mails(live.mail)[-1]


@pytest.mark.parametrize(("address", "password", "message"), [
    ("ana@example.com", "short", "at least 10 characters"),
    ("ana@example.com", " " * 12, "at least 10 characters that are not spaces"),
    ("not-an-address", PASSWORD, "does not look like an email address"),
    ("ana@example.com", "", "no password on stdin"),
])
def test_bad_input_is_one_line_and_exit_2(live, tmp_path, address, password, message):
    out = cli(tmp_path / "home", "market", "register", "--email", address, "--password-stdin", "--url", live.url,
              stdin=password + "\n")
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert out.stderr.startswith("Error: ") and message in out.stderr and len(out.stderr.splitlines()) == 1
    assert not token_works(live.url, address, password)


def test_register_prompts_for_a_hidden_confirmed_password(live):
    from waqup_cli.main import app

    typed = f"ana@example.com\n{PASSWORD}\nnot the same one\n{PASSWORD}\n{PASSWORD}\n"
    result = CliRunner().invoke(app, ["market", "register", "--url", live.url], input=typed)
    assert result.exit_code == 0, result.output
    assert "Password again" in result.output and "Registered ana@example.com." in result.output
    assert PASSWORD not in result.output  # hidden input is never echoed
    assert token_works(live.url, "ana@example.com", PASSWORD)


def test_password_stdin_needs_the_email_option(tmp_path):
    out = cli(tmp_path / "home", "market", "register", "--password-stdin", "--url", "http://127.0.0.1:9",
              stdin=PASSWORD + "\n")
    assert out.returncode == 2 and out.stderr == "Error: --password-stdin needs --email (stdin holds the password)\n"


# -- the sign-up form on /device -----------------------------------------------------------------------
@pytest.fixture
def strict(tmp_path):
    api = Api(make_settings(tmp_path, auto_verify=False, mail_backend=f"file:{tmp_path / 'mail'}"))
    api.mail = tmp_path / "mail"
    yield api
    api.close()


def sign_up(api, code: str, address: str, password: str = PASSWORD, confirm: str | None = None):
    return api.client.post("/device/register", data={"user_code": code, "email": address, "password": password,
                                                     "confirm": password if confirm is None else confirm})


def test_a_person_without_an_account_signs_up_on_the_device_page_and_approves(strict):
    start = strict.client.post("/v1/auth/device/code").json()
    code = start["user_code"]
    page = strict.client.get("/device", params={"user_code": code})
    assert 'action="/device/register"' in page.text and 'autocomplete="new-password"' in page.text
    created = sign_up(strict, code, "bob@example.com")
    assert created.status_code == 200
    assert "Account created for bob@example.com" in created.text and "verify the address" in created.text
    assert 'value="bob@example.com"' in created.text and f'value="{code}"' in created.text
    assert PASSWORD not in created.text
    assert created.headers["x-frame-options"] == "DENY" and "form-action 'self'" in \
        created.headers["content-security-policy"]
    assert "/verify?token=" in mails(strict.mail)[-1]
    # The new account approves the code; the terminal's next poll gets tokens for it.
    ok = strict.client.post("/device", data={"user_code": code, "email": "bob@example.com", "password": PASSWORD,
                                             "action": "approve"})
    assert ok.status_code == 200 and "approved" in ok.text
    tokens = strict.client.post("/v1/auth/device/token", data={"grant_type": DEVICE_GRANT,
                                                               "device_code": start["device_code"]})
    assert tokens.status_code == 200, tokens.text
    me = strict.client.get("/v1/me", headers={"Authorization": f"Bearer {tokens.json()['access_token']}"}).json()
    assert me["email"] == "bob@example.com" and me["role"] == "user"


def test_signing_up_with_a_taken_address_looks_like_a_new_account(strict):
    strict.account("ana@example.com")
    code = strict.client.post("/v1/auth/device/code").json()["user_code"]
    fresh = sign_up(strict, code, "bob@example.com")
    taken = sign_up(strict, code, "ANA@example.com", "another long password")
    assert fresh.status_code == taken.status_code == 200
    assert taken.text.replace("ana@example.com", "bob@example.com") == fresh.text
    assert "already has one" in mails(strict.mail)[-1]
    # The owner's password still works and the one typed on the form does not.
    bad = strict.client.post("/device", data={"user_code": code, "email": "ana@example.com",
                                              "password": "another long password", "action": "approve"})
    assert bad.status_code == 400
    assert strict.client.post("/v1/auth/token", json={"email": "ana@example.com", "password": PASSWORD}
                              ).status_code == 200


@pytest.mark.parametrize(("address", "password", "confirm", "message"), [
    ("bob@example.com", PASSWORD, "a different password", "The two passwords are different."),
    ("bob@example.com", "short", "short", "at least 10 characters"),
    ("bob@example.com", " " * 12, " " * 12, "not spaces"),
    ("bob-at-example", PASSWORD, PASSWORD, "That email address does not look right."),
])
def test_the_sign_up_form_refuses_bad_input_and_creates_nothing(strict, address, password, confirm, message):
    code = strict.client.post("/v1/auth/device/code").json()["user_code"]
    r = sign_up(strict, code, address, password, confirm)
    assert r.status_code == 400 and message in r.text
    if len(password.strip()) >= 10:
        assert password not in r.text
    assert strict.client.post("/v1/auth/token", json={"email": address, "password": password}).status_code != 200
    assert mails(strict.mail) == []


def test_the_sign_up_form_has_the_credential_rate_limits(tmp_path):
    api = Api(make_settings(tmp_path, rate_auth="2/minute"))
    try:
        code = api.client.post("/v1/auth/device/code").json()["user_code"]  # /v1/auth counts too
        assert sign_up(api, code, "a@example.com").status_code == 200
        assert sign_up(api, code, "b@example.com").status_code == 429
    finally:
        api.close()
    (tmp_path / "account").mkdir()
    api = Api(make_settings(tmp_path / "account", rate_account="1/minute"))
    try:
        assert sign_up(api, "", "c@example.com").status_code == 200
        assert sign_up(api, "", "C@example.com").status_code == 429  # the same account, however spelt
    finally:
        api.close()


# -- waqup market login and the browser ---------------------------------------------------------------------
def fake_browser(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """``BROWSER`` (read by the standard ``webbrowser`` module) set to a script that writes down its URL."""
    opened = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n')
    script.chmod(0o755)
    return {"BROWSER": str(script)}, opened


def approve(url: str, line: str, address: str) -> None:
    code = re.search(r"code ([A-Z]{4}-[A-Z]{4})", line).group(1)
    page = httpx.post(f"{url}/device", data={"user_code": code, "email": address, "password": PASSWORD,
                                             "action": "approve"})
    assert page.status_code == 200, page.text


def login_process(url: str, home: Path, env: dict[str, str], *extra: str, tty: bool) -> tuple[subprocess.Popen, int]:
    """`waqup market login` with stdin a pseudo-terminal (``tty``) or a pipe; returns it and the pty's fd."""
    master, slave = pty.openpty() if tty else (-1, subprocess.PIPE)
    proc = subprocess.Popen([*WAQUP, "market", "login", "--url", url, *extra], stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "WAQUP_HOME": str(home), **env})
    if tty:
        os.close(slave)
    return proc, master


def test_login_offers_to_open_the_browser_on_a_terminal(tmp_path):
    env, opened = fake_browser(tmp_path)
    with LiveServer(tmp_path, device_interval="1") as server:
        assert httpx.post(f"{server.url}/v1/auth/register", json={"email": "ana@example.com", "password": PASSWORD}
                          ).status_code == 201
        proc, master = login_process(server.url, tmp_path / "home", env, tty=True)
        try:
            line = proc.stdout.readline()
            prompt = proc.stderr.readline() + proc.stderr.readline()
            assert "Press Enter to open " in prompt and "/device?user_code=" in prompt
            assert not opened.exists()  # nothing opens before Enter
            os.write(master, b"\n")
            approve(server.url, line, "ana@example.com")
            out, err = proc.communicate(timeout=60)
        finally:
            os.close(master)
        assert proc.returncode == 0, err
        assert "Signed in as ana@example.com" in out
        link = re.search(r"open (\S+/device\?user_code=\S+) in your browser", prompt).group(1)
        assert opened.read_text().split() == [link]


@pytest.mark.parametrize("tty", [False, True])
def test_login_only_prints_the_link_with_no_browser_or_without_a_terminal(tmp_path, tty):
    env, opened = fake_browser(tmp_path)
    with LiveServer(tmp_path, device_interval="1") as server:
        httpx.post(f"{server.url}/v1/auth/register", json={"email": "ana@example.com", "password": PASSWORD})
        extra = ("--no-browser",) if tty else ()
        proc, master = login_process(server.url, tmp_path / "home", env, *extra, tty=tty)
        try:
            approve(server.url, proc.stdout.readline(), "ana@example.com")
            out, err = proc.communicate(timeout=60)
        finally:
            if tty:
                os.close(master)
        assert proc.returncode == 0, err
        assert "Press Enter" not in err and "/device?user_code=" in err
        assert not opened.exists()
