"""Which wallet pays: local ledger when signed out or forced local, the account wallet when signed in."""

from __future__ import annotations

from engine.credits import Ledger
from engine.credits.wallet import RemoteWallet, mode, price_of, wallet
from engine.library import Library
from engine.market.tokens import Tokens, TokenStore


def test_wallet_follows_the_sign_in(tmp_path):
    from engine import config

    url = str(config.get("market.url")).rstrip("/")
    with Library(tmp_path / "lib.db") as lib:
        assert mode() == "local"
        local = wallet(lib)
        assert isinstance(local, Ledger) and price_of(local, "meditation") == 2
        TokenStore(url).save(Tokens("access", "refresh"))
        assert mode() == "local"  # signing in alone never moves generation onto the account
        assert isinstance(wallet(lib), Ledger)
        config.set_value("credits.wallet", "account")
        assert mode() == "remote"
        remote = wallet(lib)
        try:
            assert isinstance(remote, RemoteWallet)
            assert price_of(remote, "meditation") == 2  # no synced price list yet: the local one
            assert remote.balance() == {"mode": "account", "server": {"posted": 0, "held": 0, "available": 0},
                                        "unsynced": 0, "debt": 0, "available": 0}
        finally:
            remote.close()
        config.set_value("credits.wallet", "local")
        assert mode() == "local"


def test_offline_without_any_sync_cannot_spend(tmp_path):
    import pytest

    from engine.credits import InsufficientCredits
    from engine.market.client import MarketClient

    TokenStore("http://127.0.0.1:9").save(Tokens("access", "refresh"))
    with Library(tmp_path / "lib.db") as lib, MarketClient("http://127.0.0.1:9") as client:
        w = RemoteWallet(lib, client=client)
        with pytest.raises(InsufficientCredits, match="offline: this costs 1 credit and 0 are available"):
            w.reserve("job", 1, content_type="affirmation")


def test_credits_balance_names_the_wallet_that_pays(tmp_path):
    import json

    from typer.testing import CliRunner

    from engine import config
    from waqup_cli.main import app

    runner = CliRunner()
    TokenStore(str(config.get("market.url")).rstrip("/")).save(Tokens("access", "refresh"))
    local = runner.invoke(app, ["credits", "balance"])
    assert local.exit_code == 0 and "Local mode" in local.stdout
    assert json.loads(runner.invoke(app, ["credits", "balance", "--json"]).stdout)["pays"] == "local"
    config.set_value("credits.wallet", "account")
    account = runner.invoke(app, ["credits", "balance"])
    assert "marketplace account pays" in account.stdout and "credits.wallet local" in account.stdout
    assert json.loads(runner.invoke(app, ["credits", "balance", "--json"]).stdout)["pays"] == "account"
