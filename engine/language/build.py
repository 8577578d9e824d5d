"""Refresh the shipped exemplar vectors: ``python -m engine.language.build``.

Run after editing a theme bank's ``description`` or ``examples``; a test fails while they are stale.
"""

from __future__ import annotations

from engine.language import index, themes


def main() -> None:
    labels, texts = themes.exemplars()
    built = index.build("themes", labels, texts, ship=True)
    print(f"themes: {len(built.texts)} exemplars -> {index.shipped_dir() / 'themes.npz'}")


if __name__ == "__main__":
    main()
