"""Refresh the shipped exemplar vectors: ``python -m engine.language.build``.

Run after editing a theme bank's ``description`` or ``examples``, the safety exemplars or the crisis
development sets; a test fails while they are stale.
"""

from __future__ import annotations

from engine.language import aims, claims, crisis, index, themes


def main() -> None:
    labels, texts = themes.exemplars()
    built = index.build("themes", labels, texts, ship=True)
    print(f"themes: {len(built.texts)} exemplars -> {index.shipped_dir() / 'themes.npz'}")
    for built in (crisis.index(ship=True), *claims.indexes(ship=True), aims.index(ship=True)):
        print(f"{built.labels[0]}: {len(built.texts)} exemplars")
    from engine.language.train import train

    print("crisis head:", train())


if __name__ == "__main__":
    main()
