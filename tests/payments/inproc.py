"""In-process client side: a MarketClient whose HTTP goes to the TestClient app, with an offline switch."""

from __future__ import annotations

import httpx

from engine.market.client import MarketClient
from engine.market.tokens import TokenStore
from tests.market.helpers import PASSWORD

URL = "http://testserver"


class Switch:
    """Stands in for ``MarketClient.http``: passes requests to the app, or fails them like an unreachable
    server while ``offline``."""

    def __init__(self, http: httpx.Client):
        self.http = http
        self.offline = False

    def request(self, *args, **kwargs) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("connection refused")
        return self.http.request(*args, **kwargs)

    def stream(self, *args, **kwargs):
        if self.offline:
            raise httpx.ConnectError("connection refused")
        return self.http.stream(*args, **kwargs)

    def close(self) -> None:
        pass


def signed_in_client(api, email: str, switch: Switch) -> MarketClient:
    client = MarketClient(URL, store=TokenStore(URL))
    client.http = switch
    client.login_password(email, PASSWORD)
    return client
