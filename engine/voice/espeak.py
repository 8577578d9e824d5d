"""espeak-ng in-process through ctypes (library and data from the ``espeakng-loader`` wheel).

Synchronous mode with a synth callback; one global lock serialises every call, since the
library keeps global state. Always available and very fast: the light offline voice.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

from engine.errors import UsageError, WaqupError
from engine.voice.base import Speech, VoiceInfo, VoiceSettings, split_sentences

AUDIO_OUTPUT_SYNCHRONOUS = 2
INITIALIZE_DONT_EXIT = 0x8000
CHARS_UTF8 = 1
POS_CHARACTER = 1
RATE, VOLUME, PITCH, RANGE = 1, 2, 3, 4
NORMAL_WPM = 175

VOICES: dict[str, tuple[str, str, str]] = {
    # name: (language, gender, description)
    "en-us+f3": ("en-US", "female", "American English, soft female variant"),
    "en-us+f2": ("en-US", "female", "American English, female variant"),
    "en-us+m3": ("en-US", "male", "American English, low male variant"),
    "en-us": ("en-US", "male", "American English"),
    "en-gb-x-rp+f3": ("en-GB", "female", "British English (RP), female variant"),
    "en-gb-x-rp": ("en-GB", "male", "British English (received pronunciation)"),
    "en-gb+m3": ("en-GB", "male", "British English, low male variant"),
    "en-029": ("en-029", "male", "Caribbean English"),
}

_LOCK = threading.Lock()
_state: dict[str, Any] = {"lib": None, "rate": 0, "callback": None, "chunks": []}

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


def _on_audio(wav: Any, count: int, _events: Any) -> int:
    if count > 0 and wav:
        _state["chunks"].append(ctypes.string_at(wav, count * 2))
    return 0


def _library() -> Any:
    """Load and initialise libespeak-ng once (call with the lock held)."""
    if _state["lib"] is not None:
        return _state["lib"]
    try:
        import espeakng_loader

        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path()
    except (ImportError, OSError, RuntimeError) as exc:
        raise WaqupError(
            f"espeak-ng is unavailable ({exc}); reinstall with `pip install espeakng-loader`"
        ) from None
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetSynthCallback.argtypes = [_CALLBACK]
    lib.espeak_Synth.argtypes = [
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.POINTER(ctypes.c_uint),
        ctypes.c_void_p,
    ]
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), INITIALIZE_DONT_EXIT)
    if rate <= 0:
        raise WaqupError(f"espeak-ng failed to initialise with data at {data}")
    callback = _CALLBACK(_on_audio)
    lib.espeak_SetSynthCallback(callback)
    _state.update(lib=lib, rate=rate, callback=callback)
    return lib


class EspeakProvider:
    """The espeak-ng voice. Voices are espeak names with optional ``+variant``."""

    name = "espeak"
    model = "espeak-ng-1"
    default_voice = "en-us+f3"

    def available(self) -> bool:
        try:
            with _LOCK:
                _library()
            return True
        except WaqupError:
            return False

    def voices(self) -> list[VoiceInfo]:
        ok = self.available()
        needs = "" if ok else "needs `pip install espeakng-loader`"
        return [VoiceInfo(self.name, n, lang, g, d, True, ok, needs, ok) for n, (lang, g, d) in VOICES.items()]

    def _speak(self, lib: Any, text: str) -> bytes:
        _state["chunks"] = []
        raw = text.encode("utf-8") + b"\0"
        status = lib.espeak_Synth(raw, len(raw), 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
        if status != 0:
            raise WaqupError(f"espeak-ng could not speak this text (error {status})")
        lib.espeak_Synchronize()
        return b"".join(_state["chunks"])

    def synthesize(self, text: str, voice: str, settings: VoiceSettings) -> Speech:
        import numpy as np

        from engine.voice.pcm import splice, to_mono_float32, trim_silence

        voice = voice or self.default_voice
        with _LOCK:
            lib = _library()
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise UsageError(f"espeak-ng has no voice {voice!r}; try one of {', '.join(VOICES)}")
            lib.espeak_SetParameter(RATE, max(80, int(round(NORMAL_WPM * settings.rate))), 0)
            lib.espeak_SetParameter(PITCH, max(0, min(100, int(round(50 + 4 * settings.pitch)))), 0)
            lib.espeak_SetParameter(RANGE, 35, 0)
            lib.espeak_SetParameter(VOLUME, 100, 0)
            rate = _state["rate"]
            parts = []
            for sentence in split_sentences(text):
                pcm = np.frombuffer(self._speak(lib, sentence), dtype="<i2")
                parts.append(trim_silence(to_mono_float32(pcm), rate))
        return Speech(splice(parts, rate, settings.sentence_pause), rate)
