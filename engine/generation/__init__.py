"""Text generation: providers turn creation parameters into a validated script.

Public API::

    from engine.generation import generate, get_provider, register_provider, GenerationResult
    from engine.generation import UnsafeAnswer   # an LLM answer that tripped the crisis gate
"""

from engine.generation.base import GenerationResult, TextProvider
from engine.generation.guard import UnsafeAnswer
from engine.generation.registry import generate, get_provider, provider_names, register_provider

__all__ = [
    "GenerationResult", "TextProvider", "UnsafeAnswer", "generate", "get_provider", "provider_names",
    "register_provider",
]
