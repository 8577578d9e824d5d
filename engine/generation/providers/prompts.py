"""Prompts (Jinja templates in ``templates/prompts/``) and the JSON schemas the models answer in.

Schemas are written in the strict subset OpenAI structured outputs accept (every property
required, no extra properties); Anthropic gets the same schema as a tool's ``input_schema``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from engine.content.params import BaseParams
from engine.content.types import TECHNIQUES
from engine.content.validate import MEDITATION_SECTIONS, NARRATION_WPM

SPEECH_SHARE = 0.45  # of a meditation's length spoken; the rest is silence


def _obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


_STR = {"type": "string"}
_STRS = {"type": "array", "items": _STR}

SCHEMAS: dict[str, dict[str, Any]] = {
    "affirmation": _obj(title=_STR, statements=_STRS),
    "meditation": _obj(
        title=_STR,
        sections={"type": "array", "items": _obj(
            name={"type": "string", "enum": list(MEDITATION_SECTIONS)},
            items={"type": "array", "items": {"anyOf": [
                _obj(say=_STR),
                _obj(pause_seconds={"type": "number"}, flexible={"type": "boolean"}),
            ]}},
        )},
    ),
    "ritual": _obj(
        title=_STR, intention=_STR, identity=_STRS, anchor=_STR, embodiment=_STR,
        affirmations=_STRS, commitment=_STR,
    ),
    "intent": _obj(
        goal=_STR, feelings=_STRS, time=_STR, obstacles=_STRS,
        preferred_type={"type": "string", "enum": ["affirmation", "meditation", "ritual", ""]},
    ),
}


@lru_cache(maxsize=1)
def _env() -> Any:
    import jinja2

    from engine.paths import templates_dir

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir() / "prompts")),
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )


def render(name: str, **context: Any) -> str:
    """Render ``templates/prompts/<name>.j2``."""
    return _env().get_template(f"{name}.j2").render(**context).strip()


def render_for(name: str, params: BaseParams, **extra: Any) -> str:
    """Render ``name`` with the same context as the whole-script prompts for ``params`` (plus ``extra``)."""
    return render(name, **{**_context(params, None), **extra})


def when(time_of_day: str) -> str:
    """``07:00`` -> ``at 07:00``, ``morning`` -> ``in the morning``, ``night`` -> ``at night``."""
    t = (time_of_day or "").strip()
    if not t or t[0].isdigit() or t in ("midday", "night", "noon", "midnight"):
        return f"at {t}" if t else "each day"
    return f"in the {t}" if t in ("morning", "afternoon", "evening") else f"for {t}"


def _context(params: BaseParams, profile: dict[str, Any] | None) -> dict[str, Any]:
    from engine.words import a_an

    context: dict[str, Any] = {"params": params, "profile": profile or {}}
    if params.type in ("meditation", "ritual"):
        context["minutes"] = f"{float(params.minutes):g}"  # type: ignore[attr-defined]
        context["length"] = a_an(f"{context['minutes']}-minute")  # "an 8-minute", "a 10-minute"
    if params.type == "ritual":
        context["when"] = when(params.time_of_day or "")  # type: ignore[attr-defined]
    if params.type == "meditation":
        seconds = float(params.minutes) * 60  # type: ignore[attr-defined]
        context["words"] = round(seconds * SPEECH_SHARE * NARRATION_WPM / 60)
        context["pause_seconds"] = round(seconds * (1 - SPEECH_SHARE))
        context["technique_label"] = TECHNIQUES[params.technique].split(":")[0].lower()  # type: ignore[attr-defined]
    return context


def messages_for(params: BaseParams, profile: dict[str, Any] | None = None) -> tuple[str, str]:
    """(system, user) prompt texts for ``params``."""
    context = _context(params, profile)
    return render(f"{params.type}.system", **context), render(f"{params.type}.user", **context)


def repair_message(problems: list[str]) -> str:
    return render("repair.user", problems=problems)
