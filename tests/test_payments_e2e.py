"""End to end with a real server process and the real Stripe SDK against the stand-in:

register -> buy credits (Checkout + signed webhook) -> generate locally with the account's credits ->
server stopped: generate more offline -> server back: sync -> publish a paid pack -> a second account buys it
(webhook) -> downloads it -> the creator's earnings show the share; both sides agree to the credit."""

from __future__ import annotations

import json
import subprocess

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.market.helpers import PASSWORD, database_url, free_port, make_pack
from tests.payments.server import Server, cli, env_for, pay_from_cli, run_sync, sync_cmd
from tests.payments.stripe_stub import StripeStub
from tests.test_market_e2e import device_login

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path):
    with StripeStub() as stub:
        srv = Server(tmp_path, stub, free_port(), database_url(tmp_path)).start()
        yield srv
        srv.stop()


def server_wallet(server: Server, email: str) -> dict:
    r = httpx.post(f"{server.url}/v1/auth/token", json={"email": email, "password": PASSWORD})
    return httpx.get(f"{server.url}/v1/wallet", headers={"Authorization": f"Bearer {r.json()['access_token']}"}).json()


def create(home, intent: str, kind: str = "affirmation"):
    return cli(home, "create", kind, "--intent", intent, "--provider", "offline", "--seed", "3", "--json")


def test_buy_generate_offline_sync_publish_sell_and_agree(server, tmp_path):
    ana, bob = tmp_path / "ana", tmp_path / "bob"
    for email in ("ana@example.com", "bob@example.com"):
        assert httpx.post(f"{server.url}/v1/auth/register", json={"email": email, "password": PASSWORD}
                          ).status_code == 201
    for home, email in ((ana, "ana@example.com"), (bob, "bob@example.com")):
        device_login(server.url, home, email)
        cli(home, "config", "set", "market.url", server.url)
        cli(home, "config", "set", "credits.wallet", "account")  # account billing is a choice

    # Buy 10 credits: checkout on the server, paid at "Stripe", fulfilled only by the signed webhook.
    bought = pay_from_cli(server, ana, "credits", "buy", "10")
    assert "Added 10 credits" in bought.stdout
    assert server_wallet(server, "ana@example.com") == {"posted": 10, "held": 0, "available": 10}

    # Generate with the account's credits (reserve on the server, capture on success).
    create(ana, "calm evenings", "meditation")
    assert server_wallet(server, "ana@example.com")["available"] == 8

    # Offline: the server is gone; generation spends the last synced balance through the outbox.
    server.stop()
    for n in range(3):
        create(ana, f"offline idea {n}")
    held = cli(ana, "create", "ritual", "--intent", "x", "--provider", "offline", "--time", "morning",
               "--anchor", "after tea", check=False)
    assert held.returncode == 0, held.stderr  # 2 more fits: 8 - 3 - 2 = 3 left offline
    server.start()
    report = run_sync(ana, server.url)
    assert report["applied"] == 4 and not report["rejected"]
    assert server_wallet(server, "ana@example.com") == {"posted": 3, "held": 0, "available": 3}
    assert report["balance"]["available"] == 3

    # Publish a paid pack; Bob buys it through Checkout and downloads it.
    cli(ana, "market", "become-creator", "--name", "Ana", "--url", server.url)
    archive = make_pack(tmp_path, price=20)
    cli(ana, "market", "publish", str(archive), "--url", server.url)
    denied = cli(bob, "market", "download", "calm-evenings", "--url", server.url, check=False)
    assert denied.returncode == 1 and "paid" in denied.stderr
    bought = pay_from_cli(server, bob, "market", "buy", "calm-evenings")
    assert "You own calm-evenings" in bought.stdout
    installed = json.loads(cli(bob, "market", "download", "calm-evenings", "--url", server.url, "--json").stdout)
    assert len(installed["items"]) == 2

    # The creator's earnings show 70% of 20; every wallet agrees between server and client, to the credit.
    earned = json.loads(cli(ana, "market", "earnings", "--url", server.url, "--json").stdout)
    assert earned["sales"] == 1 and earned["payable"] == 14
    for home, email in ((ana, "ana@example.com"), (bob, "bob@example.com")):
        local = run_sync(home, server.url)["balance"]
        assert local == server_wallet(server, email)
    shown = cli(ana, "market", "earnings", "--url", server.url).stdout
    assert "1 sale · 14 credits payable" in shown and "sale" in shown
    assert "Account wallet: 3 available" in cli(ana, "credits", "account", "--url", server.url).stdout
    synced = subprocess.run(sync_cmd("--url", server.url), env=env_for(ana), capture_output=True, text=True)
    assert synced.returncode == 0 and "Balance 3 credits available" in synced.stdout
    engine = create_engine(server.database_url)
    with engine.connect() as conn:
        assert conn.execute(text("select coalesce(sum(amount), 0) from ledger_postings")).scalar() == 0
        books = dict(conn.execute(text("select id, balance from ledger_accounts")).all())
    engine.dispose()
    assert books["platform:generation"] == 7 and books["platform:revenue"] == 6
    assert books["stripe:clearing"] == -30
