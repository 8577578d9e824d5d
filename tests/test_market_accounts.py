"""Accounts: writes are committed before the answer goes out (item 10), admins are made on the server
(item 14), registration and passwords (item 16). SQLite always; PostgreSQL with WAQUP_TEST_DATABASE_URL."""

from __future__ import annotations

import json
import threading

import anyio
import httpx
import pytest
from sqlalchemy import create_engine, text

from marketplace.security import token_hash
from tests.market.helpers import BACKENDS, PASSWORD, Api, make_settings
from tests.market.live import LiveServer


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch):
    if request.param == "sqlite":
        monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    return request.param


@pytest.fixture
def api(backend, tmp_path):
    api = Api(make_settings(tmp_path))
    yield api
    api.close()


# -- item 10: commit before responding ----------------------------------------------------------------
def asgi_call(app, path: str, payload: dict, on_start) -> tuple[int, dict]:
    """One request straight through ASGI; ``on_start()`` runs when the response starts, before any byte."""
    body = json.dumps(payload).encode()
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "", "scheme": "http",
             "headers": [(b"host", b"testserver"), (b"content-type", b"application/json"),
                         (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}
    out: dict = {"body": b""}

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["seen"] = on_start()
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    anyio.run(app, scope, receive, send)
    return out["status"], {"seen": out["seen"], **json.loads(out["body"] or b"{}")}


def test_writes_are_committed_before_the_response_starts(api):
    engine = create_engine(api.settings.database_url)  # another connection: sees committed rows only
    state: dict = {}

    def count(sql: str, **params) -> int:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar_one()

    try:
        status, out = asgi_call(api.app, "/v1/auth/register", {"email": "a@example.com", "password": PASSWORD},
                                lambda: count("select count(*) from users where email = 'a@example.com'"))
        assert status == 201 and out["seen"] == 1
        status, out = asgi_call(api.app, "/v1/auth/token", {"email": "a@example.com", "password": PASSWORD},
                                lambda: count("select count(*) from refresh_tokens"))
        assert status == 200 and out["seen"] == 1
        state["refresh"] = out["refresh_token"]
        status, out = asgi_call(api.app, "/v1/auth/refresh", {"refresh_token": state["refresh"]},
                                lambda: count("select count(*) from refresh_tokens where used_at is not null"))
        assert status == 200 and out["seen"] == 1
        assert count("select count(*) from refresh_tokens where token_hash = :h",
                     h=token_hash(out["refresh_token"])) == 1
    finally:
        engine.dispose()


def test_register_login_refresh_back_to_back_on_a_real_server(backend, tmp_path):
    """Each step right after the previous answer, from parallel clients: none may see a missing write."""
    failures: list[str] = []

    def flow(server: LiveServer, n: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            for i in range(8):
                email = f"u{n}-{i}@example.com"
                r = http.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
                if r.status_code != 201:
                    failures.append(f"register {r.status_code} {r.text}")
                    continue
                r = http.post("/v1/auth/token", json={"email": email, "password": PASSWORD})
                if r.status_code != 200:
                    failures.append(f"login {r.status_code} {r.text}")
                    continue
                r = http.post("/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
                if r.status_code != 200:
                    failures.append(f"refresh {r.status_code} {r.text}")
                    continue
                r = http.post("/v1/auth/refresh", json={"refresh_token": r.json()["refresh_token"]})
                if r.status_code != 200:
                    failures.append(f"second refresh {r.status_code} {r.text}")

    with LiveServer(tmp_path) as server:
        threads = [threading.Thread(target=flow, args=(server, n)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
    assert failures == []


# -- item 14: admins are made on the server -------------------------------------------------------------
def test_registering_an_address_named_in_the_environment_makes_no_admin(tmp_path, monkeypatch):
    from marketplace.settings import Settings

    monkeypatch.delenv("WAQUP_TEST_DATABASE_URL", raising=False)
    monkeypatch.setenv("WAQUP_MARKET_ADMIN_EMAILS", "boss@example.com")
    settings = Settings.from_env(**{k: v for k, v in vars(make_settings(tmp_path)).items()
                                    if k not in ("admin_emails",)})
    api = Api(settings)
    try:
        boss = api.account("boss@example.com")
        assert api.client.get("/v1/me", headers=boss.headers).json()["role"] == "user"
        assert api.client.patch(f"/v1/admin/users/{boss.id}", json={"role": "admin"},
                                headers=boss.headers).status_code == 403
    finally:
        api.close()


def run_admin(url: str, *args: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "marketplace.auth.admin", *args, "--database-url", url],
                          capture_output=True, text=True, timeout=120)


def test_the_server_command_grants_and_revokes_admins(api):
    url = api.settings.database_url
    ana = api.account("ana@example.com")
    out = run_admin(url, "grant", "ANA@example.com")
    assert out.returncode == 0, out.stderr
    assert api.client.get("/v1/me", headers=ana.headers).json()["role"] == "admin"
    assert run_admin(url, "list").stdout.split() == ["ana@example.com"]
    assert run_admin(url, "grant", "nobody@example.com").returncode == 1
    last = run_admin(url, "revoke", "ana@example.com")
    assert last.returncode == 1 and "last admin" in last.stderr
    bob = api.account("bob@example.com", creator="Bob")
    assert run_admin(url, "grant", "bob@example.com").returncode == 0
    assert run_admin(url, "revoke", "bob@example.com").returncode == 0
    assert api.client.get("/v1/me", headers=bob.headers).json()["role"] == "creator"


def test_the_last_admin_cannot_demote_or_disable_itself(api):
    from marketplace.auth.admin import grant

    boss = api.account("boss@example.com")
    grant(api.app.state.ctx.db, boss.email)
    for body in ({"role": "user"}, {"role": "creator"}, {"disabled": True}):
        r = api.client.patch(f"/v1/admin/users/{boss.id}", json=body, headers=boss.headers)
        assert r.status_code == 409 and "last admin" in r.json()["detail"]
    assert api.client.get("/v1/me", headers=boss.headers).json()["role"] == "admin"
    other = api.account("other@example.com")
    assert api.client.patch(f"/v1/admin/users/{other.id}", json={"role": "admin"},
                            headers=boss.headers).status_code == 200
    assert api.client.patch(f"/v1/admin/users/{boss.id}", json={"role": "user"},
                            headers=boss.headers).status_code == 200
    assert api.client.patch(f"/v1/admin/users/{other.id}", json={"role": "user"},
                            headers=other.headers).status_code == 409


def test_a_demoted_creator_cannot_make_itself_a_creator_again(api):
    from marketplace.auth.admin import grant

    boss = api.account("boss@example.com")
    grant(api.app.state.ctx.db, boss.email)
    ana = api.account("ana@example.com", creator="Ana")
    assert api.client.patch(f"/v1/admin/users/{ana.id}", json={"role": "user"},
                            headers=boss.headers).status_code == 200
    r = api.client.put("/v1/creators/me", json={"display_name": "Ana again"}, headers=ana.headers)
    assert r.status_code == 403
    me = api.client.get("/v1/me", headers=ana.headers).json()
    assert me["role"] == "user" and me["creator"]["display_name"] == "Ana"


# -- item 16: registration, passwords, email verification ----------------------------------------------
def mails(folder) -> list[str]:
    import email

    return [email.message_from_bytes(p.read_bytes()).get_payload(decode=True).decode()
            for p in sorted(folder.glob("*.eml"))] if folder.exists() else []


@pytest.fixture
def strict(backend, tmp_path):
    """An app that asks for verification, mailing into a folder."""
    api = Api(make_settings(tmp_path, auto_verify=False, mail_backend=f"file:{tmp_path / 'mail'}"))
    api.mail = tmp_path / "mail"
    yield api
    api.close()


def register(api, email: str, password: str = PASSWORD):
    return api.client.post("/v1/auth/register", json={"email": email, "password": password})


def login(api, email: str, password: str = PASSWORD) -> dict:
    r = api.client.post("/v1/auth/token", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_registration_does_not_tell_whether_an_address_is_taken(strict):
    first = register(strict, "ana@example.com")
    again = register(strict, "ANA@example.com", "another long password")
    fresh = register(strict, "bob@example.com")
    assert first.status_code == again.status_code == fresh.status_code == 201
    assert set(again.json()) == set(fresh.json()) and again.json()["email"] == "ana@example.com"
    assert again.json()["role"] == "user" and again.json()["email_verified"] is False
    login(strict, "ana@example.com")  # the first password still works, the second does not
    assert strict.client.post("/v1/auth/token", json={"email": "ana@example.com",
                                                      "password": "another long password"}).status_code == 401
    texts = mails(strict.mail)
    assert len(texts) == 3 and sum("already has one" in t for t in texts) == 1


@pytest.mark.parametrize("password", [" " * 10, "\x00" * 10, "\t" * 12, " " * 12 + "x", "abc\x01defghijkl",
                                      "short"])
def test_empty_looking_passwords_are_refused(api, password):
    assert register(api, "ana@example.com", password).status_code == 422
    assert register(api, "ana@example.com", "  a real passphrase  ").status_code == 201


def token_from(texts: list[str]) -> str:
    import re

    return re.search(r"Token: (\S+)", texts[-1]).group(1)


def test_publishing_and_buying_need_a_verified_address(strict, tmp_path):
    from tests.market.helpers import make_pack

    assert register(strict, "ana@example.com").status_code == 201
    headers = login(strict, "ana@example.com")
    assert strict.client.get("/v1/me", headers=headers).json()["email_verified"] is False
    assert strict.client.put("/v1/creators/me", json={"display_name": "Ana"}, headers=headers).status_code == 403
    r = strict.client.post("/v1/payments/checkout", json={"kind": "credits", "size": 10}, headers=headers)
    assert r.status_code == 403 and "verify" in r.json()["detail"]
    assert strict.client.post("/v1/auth/verify/resend", headers=headers).status_code == 202
    texts = mails(strict.mail)
    assert len(texts) == 2 and "/verify?token=" in texts[-1]
    old, token = token_from(texts[:1]), token_from(texts)
    page = strict.client.get("/verify", params={"token": token})
    assert page.status_code == 200 and token in page.text
    assert strict.client.post("/v1/auth/verify", json={"token": "x" * 30}).status_code == 400
    r = strict.client.post("/v1/auth/verify", json={"token": token})
    assert r.status_code == 200 and r.json()["email_verified"] is True
    assert strict.client.post("/v1/auth/verify", json={"token": token}).status_code == 400  # once
    assert strict.client.post("/verify", data={"token": old}).status_code == 200  # an earlier link still works
    assert strict.client.put("/v1/creators/me", json={"display_name": "Ana"}, headers=headers).status_code == 200
    archive = make_pack(tmp_path, slug="calm")
    with open(archive, "rb") as handle:
        assert strict.client.post("/v1/packs", files={"archive": ("calm.waqup", handle)},
                                  headers=headers).status_code == 201
    r = strict.client.post("/v1/payments/checkout", json={"kind": "credits", "size": 10}, headers=headers)
    assert r.status_code != 403
    assert strict.client.post("/v1/auth/verify/resend", headers=headers).status_code == 202
    assert len(mails(strict.mail)) == 2  # verified: nothing more is sent


def test_the_admin_command_refuses_a_bad_database_url_in_one_line(capsys):
    from marketplace.auth.admin import main

    assert main(["grant", "a@example.com", "--database-url", "postgresql+psycopg://u:hunter22@127.0.0.1:1/x"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: could not open the marketplace database")
    assert "hunter22" not in err
