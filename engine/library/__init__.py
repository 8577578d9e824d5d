"""The user's library: content items, tags, packs, audio assets, generation log and practice history.

Public API::

    from engine.library import Library, Item
    lib = Library()                      # opens (and migrates) WAQUP_HOME/library.db
    item = lib.add_item(result, params)  # from a GenerationResult
    lib.search("exam calm")
"""

from engine.library.store import Item, Library

__all__ = ["Item", "Library"]
