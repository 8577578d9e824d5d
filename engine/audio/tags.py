"""Metadata tags with mutagen: ID3 for MP3 and WAV, Vorbis comments for OGG/Opus and FLAC.

A WAV also carries the standard ``LIST/INFO`` chunk before its audio (what ffprobe, sox and libsndfile
read), written by ffmpeg from :func:`riff_info` when the file is encoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class Tags:
    """What goes into a rendered file. ``comment`` holds the intent; ``genre`` the content type."""

    title: str = ""
    artist: str = ""
    album: str = ""
    comment: str = ""
    genre: str = ""

    def items(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def tags_for(meta: dict[str, str]) -> Tags:
    """Tags from a script header: title, creator/author, pack, intent, type."""
    kind = meta.get("type", "")
    return Tags(
        title=meta.get("title", ""),
        artist=meta.get("creator") or meta.get("author") or meta.get("artist") or "waQup",
        album=meta.get("pack") or meta.get("album") or "",
        comment=meta.get("intent", ""),
        genre=kind.capitalize() if kind else "Meditation",
    )


def riff_info(tags: Tags) -> dict[str, str]:
    """ffmpeg metadata for a WAV's ``LIST/INFO`` chunk: INAM, IART, IPRD, ICMT, IGNR and ITCH."""
    return {**tags.items(), "encoded_by": "waQup"}


def _id3(tags: Tags):  # noqa: ANN202 - mutagen type
    from mutagen.id3 import COMM, ID3, TALB, TCON, TIT2, TPE1, TXXX

    frames = ID3()
    for cls, value in ((TIT2, tags.title), (TPE1, tags.artist), (TALB, tags.album), (TCON, tags.genre)):
        if value:
            frames.add(cls(encoding=3, text=[value]))
    if tags.comment:
        frames.add(COMM(encoding=3, lang="eng", desc="", text=[tags.comment]))
    frames.add(TXXX(encoding=3, desc="Encoded by", text=["waQup"]))
    return frames


def write_tags(path: Path, fmt: str, tags: Tags) -> None:
    """Tag ``path`` (already encoded as ``fmt``) in place."""
    import mutagen

    path = Path(path)
    if fmt == "mp3":
        _id3(tags).save(path, v2_version=3)
    elif fmt == "wav":
        from mutagen.wave import WAVE

        audio = WAVE(path)
        if audio.tags is None:
            audio.add_tags()
        for frame in _id3(tags).values():
            audio.tags.add(frame)
        audio.save()
    else:
        audio = mutagen.File(path)
        if audio is None:
            return
        if audio.tags is None:
            audio.add_tags()
        for key, value in tags.items().items():
            audio.tags[key] = [value]
        audio.save()


def read_tags(path: Path) -> dict[str, str]:
    """Tags of a file as plain ``title/artist/album/comment/genre`` strings."""
    import mutagen

    audio = mutagen.File(path)
    if audio is None or audio.tags is None:
        return {}
    tags = audio.tags
    if hasattr(tags, "getall"):  # ID3
        pick = {"title": "TIT2", "artist": "TPE1", "album": "TALB", "genre": "TCON"}
        out = {k: str(tags[f]) for k, f in pick.items() if f in tags}
        comments = tags.getall("COMM")
        if comments:
            out["comment"] = str(comments[0])
        return out
    return {k: str(tags[k][0]) for k in ("title", "artist", "album", "comment", "genre") if k in tags}
