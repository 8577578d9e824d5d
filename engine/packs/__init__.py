"""Packs: many pieces made from one spec, exported as one ``.waqup`` archive.

Public API::

    from engine.packs.archive import write_archive, read_archive, Manifest, ArchiveError
    from engine.packs.validate import check_spec, load_spec       # specs (TOML/YAML)
    from engine.packs.run import RunOptions, run_pack             # batch runs
    from engine.packs.export import export_pack, import_pack      # .waqup archives
"""
