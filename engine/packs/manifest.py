"""The ``manifest.json`` of a ``.waqup`` archive as one pydantic model, used by ``waqup pack import``,
``waqup market download`` and the marketplace's publish check alike (the server imports it from here).

Strict types: a list is never read as text, text never as a number or a list of characters; every audio
path is ``audio/<id>.<ext>`` with a lower-case extension from :data:`AUDIO_FORMATS`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints, ValidationError, model_validator

FORMAT = "waqup-pack"
VERSION = 1
AUDIO_FORMATS = ("mp3", "ogg", "opus", "wav", "flac")
MAX_ITEMS = 500
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{1,79}$"
SHA256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Text = Annotated[str, StringConstraints(max_length=5000)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=41)]  # clean_tags checks the characters
Number = Annotated[float, Field(allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="allow")


class AudioEntry(_Strict):
    path: str
    format: Literal["mp3", "ogg", "opus", "wav", "flac"]
    sha256: SHA256
    bytes: Annotated[StrictInt, Field(ge=0)]
    duration: Annotated[Number, Field(ge=0)] | None = None
    sample_rate: Annotated[StrictInt, Field(ge=1, le=768_000)] | None = None
    lufs: Number | None = None
    true_peak: Number | None = None
    voice: ShortText = ""
    ambience: ShortText = ""


class ItemEntry(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}$")]
    type: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    title: ShortText
    intent: Text = ""
    tags: Annotated[list[Tag], Field(max_length=50)] = []
    script: Annotated[str, StringConstraints(max_length=1_000_000)]
    script_sha256: SHA256
    audio: AudioEntry | None = None

    @model_validator(mode="after")
    def _audio_path(self) -> ItemEntry:
        if self.audio is not None:
            allowed = {f"audio/{self.id}.{ext}" for ext in AUDIO_FORMATS}
            if self.audio.path not in allowed:
                raise ValueError(f"audio.path must be audio/{self.id}.EXT with EXT one of {', '.join(AUDIO_FORMATS)}")
        return self


class PackEntry(_Strict):
    slug: Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    description: Text = ""
    author: ShortText = ""
    tags: Annotated[list[Tag], Field(max_length=50)] = []  # the marketplace takes 20
    language: Annotated[str, StringConstraints(max_length=16)] = "en"
    cover_text: Text = ""
    price_credits: Annotated[StrictInt, Field(ge=0, le=100_000)] = 0


class ManifestModel(_Strict):
    format: Literal["waqup-pack"]
    version: Literal[1]
    created: ShortText = ""
    pack: PackEntry
    spec: dict[str, Any] = {}
    items: Annotated[list[ItemEntry], Field(min_length=1, max_length=MAX_ITEMS)]

    @model_validator(mode="after")
    def _unique_ids(self) -> ManifestModel:
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique")
        return self


def describe(exc: ValidationError) -> str:
    """The first problem as ``items[2].audio.bytes: Input should be a valid integer`` (items count from 1)."""
    error = exc.errors()[0]
    parts: list[str] = []
    for part in error["loc"]:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{part + 1}]"]
        else:
            parts.append(str(part))
    where = ".".join(parts) or "manifest"
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"


def validate_manifest(data: object) -> ManifestModel:
    """Raises :class:`ValueError` (with :func:`describe`'s text) when ``data`` is not a valid manifest."""
    try:
        return ManifestModel.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe(exc)) from None
