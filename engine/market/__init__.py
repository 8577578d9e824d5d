"""Client side of the waQup marketplace: an httpx client, token storage and offline installs.

Public API::

    from engine.market.client import MarketClient
    from engine.market.errors import MarketError, MarketUnavailable
    from engine.market.install import install_pack
"""
