"""Packs: many pieces made from one spec, exported as one ``.waqup`` archive.

Public API::

    from engine.packs.archive import write_archive, read_archive, Manifest, ArchiveError
"""
