"""The offline text engine: the default provider, with no network and no keys.

Phrase banks and templates live in ``templates/offline/``. Public API::

    from engine.generation.offline import OfflineProvider
"""

from engine.generation.offline.provider import MODEL, OfflineProvider

__all__ = ["MODEL", "OfflineProvider"]
