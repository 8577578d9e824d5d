"""Data model of a script: metadata, sections, spoken lines and pauses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[A-Za-z0-9']+")


@dataclass(frozen=True)
class Line:
    """A spoken line, with an optional voice direction and repeat count."""

    text: str
    direction: str | None = None
    repeat: int = 1

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


@dataclass(frozen=True)
class Pause:
    """Exact silence in seconds. ``flexible`` pauses may be stretched to meet a target length."""

    seconds: float
    flexible: bool = False


Item = Line | Pause


@dataclass
class Section:
    """A named part of a script (e.g. "Arrival", "Affirmations")."""

    name: str
    items: list[Item] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [item for item in self.items if isinstance(item, Line)]

    @property
    def pauses(self) -> list[Pause]:
        return [item for item in self.items if isinstance(item, Pause)]


@dataclass
class Script:
    """A whole script: ``meta`` (ordered key/value header) and sections."""

    meta: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)

    @property
    def type(self) -> str | None:
        return self.meta.get("type")

    @property
    def title(self) -> str:
        return self.meta.get("title", "Untitled")

    def spoken_text(self) -> str:
        """The words a listener hears or reads: the title, then every spoken line (one per line)."""
        return "\n".join([self.title, *(line.text for line in self.lines)])

    def section(self, name: str) -> Section | None:
        """The first section whose name matches ``name`` (case-insensitive)."""
        for section in self.sections:
            if section.name.lower() == name.lower():
                return section
        return None

    @property
    def lines(self) -> list[Line]:
        return [line for section in self.sections for line in section.lines]

    @property
    def pauses(self) -> list[Pause]:
        return [pause for section in self.sections for pause in section.pauses]

    def spoken_words(self) -> int:
        """Words spoken once the repeats are counted."""
        return sum(line.words * line.repeat for line in self.lines)

    def pause_seconds(self) -> float:
        return sum(pause.seconds for pause in self.pauses)

    def estimated_seconds(self, wpm: float = 115.0, section_gap: float = 0.0) -> float:
        """Pacing plan: narration at ``wpm`` words per minute plus every pause."""
        gaps = section_gap * max(len(self.sections) - 1, 0)
        return self.spoken_words() * 60.0 / wpm + self.pause_seconds() + gaps
