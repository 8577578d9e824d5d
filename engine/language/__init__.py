"""On-device language understanding, shared by generation, the conversation and safety.

One small sentence encoder (MiniLM on onnxruntime, weights from a registry package, loaded lazily)
and what is built on it. Public API::

    from engine.language import embed, route, goal, details, indefinite

- ``embed(texts)``: unit vectors, one per text.
- ``route(intent, context)``: the themes a request is about, by meaning (:mod:`.themes`).
- ``goal(intent)`` / ``details(text)`` / ``moment(text)``: grammar-checked pieces of a person's words.
- ``indefinite(phrase)``: "a" or "an" by sound.
"""

from engine.language.encoder import embed
from engine.language.phrases import Details, Goal, details, distressed, goal, moment, second_person
from engine.language.text import indefinite, with_article
from engine.language.themes import Routing, route

__all__ = ["Details", "Goal", "Routing", "details", "distressed", "embed", "goal", "indefinite", "moment",
           "route", "second_person", "with_article"]
