"""Content types (affirmation set, guided meditation, ritual): parameters, rules, validators, prices.

Public API::

    from engine.content import CONTENT_TYPES, get_type, params_for, validate, prices
    from engine.content import validate_edited, ensure_safe_script   # + the crisis gate, for hand edits
    from engine.content import check_text   # a script file's every problem, at file line and column
"""

from engine.content.params import AffirmationParams, MeditationParams, RitualParams, params_for
from engine.content.prices import prices
from engine.content.report import Problem, ScriptCheck, check_text
from engine.content.types import CONTENT_TYPES, TECHNIQUES, ContentType, get_type
from engine.content.validate import (
    Issue,
    UnsafeScript,
    ValidationError,
    check,
    crisis_check,
    ensure_safe_script,
    validate,
    validate_edited,
)

__all__ = [
    "AffirmationParams", "MeditationParams", "RitualParams", "params_for", "prices",
    "CONTENT_TYPES", "TECHNIQUES", "ContentType", "get_type",
    "Issue", "UnsafeScript", "ValidationError", "check", "crisis_check", "ensure_safe_script", "validate",
    "validate_edited", "Problem", "ScriptCheck", "check_text",
]
