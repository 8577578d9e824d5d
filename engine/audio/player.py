"""Playback and recording through PortAudio (``sounddevice``, imported on first use).

Missing PortAudio or no device becomes a one-line :class:`WaqupError`, never a traceback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import WaqupError

NO_PORTAUDIO = (
    "audio playback needs the PortAudio library: install libportaudio2 "
    "(e.g. `sudo apt-get install libportaudio2`), or render to a file with `waqup render`"
)
NO_DEVICE = "no audio {kind} device found; render to a file with `waqup render` and play it elsewhere"


def _sounddevice() -> Any:
    try:
        import sounddevice
    except (ImportError, OSError):
        raise WaqupError(NO_PORTAUDIO) from None
    return sounddevice


def _device(sd: Any, kind: str, device: int | str | None) -> Any:
    try:
        info = sd.query_devices(device, kind=kind)
    except (sd.PortAudioError, ValueError):
        raise WaqupError(NO_DEVICE.format(kind=kind)) from None
    if not info or info.get(f"max_{kind}_channels", 0) < 1:
        raise WaqupError(NO_DEVICE.format(kind=kind))
    return info


def output_devices() -> list[str]:
    """Names of the output devices PortAudio sees (raises WaqupError without PortAudio)."""
    sd = _sounddevice()
    return [d["name"] for d in sd.query_devices() if d.get("max_output_channels", 0) > 0]


def check_playback(device: int | str | None = None) -> str:
    """The output device that would be used; WaqupError if playback is impossible."""
    return str(_device(_sounddevice(), "output", device)["name"])


def check_recording(device: int | str | None = None) -> str:
    """The input device that would record; WaqupError if recording is impossible."""
    return str(_device(_sounddevice(), "input", device)["name"])


class Playback:
    """A playing stream: ``pause()``, ``resume()``, ``stop()``, ``seek()``, ``wait()``, ``position``."""

    def __init__(
        self,
        samples: np.ndarray,
        sample_rate: int,
        *,
        device: int | str | None = None,
        on_position: Callable[[float], Any] | None = None,
        on_finish: Callable[[], Any] | None = None,
        start: float = 0.0,
    ) -> None:
        sd = _sounddevice()
        _device(sd, "output", device)
        self.samples = np.ascontiguousarray(samples, dtype=np.float32)
        self.sample_rate = sample_rate
        self._index = int(start * sample_rate)
        self._paused = False
        self._volume = 1.0
        self._done = threading.Event()
        self._on_position = on_position
        self._on_finish = on_finish
        try:
            self._stream = sd.OutputStream(
                samplerate=sample_rate,
                channels=1,
                dtype="float32",
                device=device,
                callback=self._fill,
                finished_callback=self._finished,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise WaqupError(
                f"could not open the audio output ({exc}); render to a file with `waqup render`"
            ) from None
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _fill(self, out: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        if self._paused:
            out.fill(0)
            return
        chunk = self.samples[self._index : self._index + frames]
        out[: len(chunk), 0] = chunk if self._volume == 1.0 else chunk * self._volume
        out[len(chunk) :, 0] = 0
        self._index += len(chunk)
        if len(chunk) < frames:
            raise _sounddevice().CallbackStop

    def _finished(self) -> None:
        self._done.set()

    def _tick(self) -> None:
        while not self._done.wait(0.1):
            if self._on_position and not self._paused and self._on_position(self.position) is False:
                self.stop()
        if self._on_finish:
            self._on_finish()

    @property
    def position(self) -> float:
        return self._index / self.sample_rate

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def volume(self) -> float:
        """Output gain, 0.0 (silent) to 1.0 (as rendered); applied in the audio callback."""
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        self._volume = max(0.0, min(1.0, float(value)))

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def seek(self, seconds: float) -> None:
        self._index = max(0, min(int(seconds * self.sample_rate), len(self.samples)))

    def stop(self) -> None:
        if not self._done.is_set():
            self._stream.abort()
            self._done.set()
        self._stream.close()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback ends (or ``timeout``); True if it ended."""
        ended = self._done.wait(timeout)
        if ended:
            time.sleep(0.05)  # let the device drain its last buffer
            self._stream.close()
        return ended


def load_for_playback(
    source: str | Path | np.ndarray, sample_rate: int | None = None
) -> tuple[np.ndarray, int]:
    if isinstance(source, np.ndarray):
        if not sample_rate:
            raise WaqupError("playing an array needs its sample rate")
        return source, sample_rate
    from engine.audio.encode import decode_file

    path = Path(source)
    if not path.is_file():
        raise WaqupError(f"no audio file at {path}")
    return decode_file(path, sample_rate)


def play(
    source: str | Path | np.ndarray,
    sample_rate: int | None = None,
    *,
    device: int | str | None = None,
    on_position: Callable[[float], Any] | None = None,
    block: bool = True,
    start: float = 0.0,
) -> Playback:
    """Play a file or array. ``on_position(seconds)`` is called ~10x a second (return False to stop).
    With ``block`` it returns when playback ends (Ctrl-C stops it cleanly)."""
    samples, rate = load_for_playback(source, sample_rate)
    playback = Playback(samples, rate, device=device, on_position=on_position, start=start)
    if block:
        try:
            playback.wait()
        except KeyboardInterrupt:
            playback.stop()
    return playback


def record_line(
    out_path: str | Path | None = None,
    *,
    seconds: float = 30.0,
    sample_rate: int = 48000,
    device: int | str | None = None,
    stop: threading.Event | None = None,
    on_level: Callable[[float], Any] | None = None,
    trim: bool = True,
) -> tuple[np.ndarray, int]:
    """Record the creator's voice for up to ``seconds`` (or until ``stop`` is set), trim the silence
    around it and optionally write a WAV. ``on_level(rms_dbfs)`` receives a meter reading per block."""
    sd = _sounddevice()
    _device(sd, "input", device)
    blocks: list[np.ndarray] = []
    stop = stop or threading.Event()
    limit = int(seconds * sample_rate)
    taken = 0

    def take(indata: np.ndarray, _frames: int, _time: Any, _status: Any) -> None:
        nonlocal taken
        if taken >= limit:  # a device may deliver faster than real time: count samples, not seconds
            stop.set()
            return
        block = indata[: limit - taken, 0].copy()
        blocks.append(block)
        taken += len(block)
        if on_level:
            on_level(float(20 * np.log10(np.sqrt(np.mean(indata**2)) + 1e-9)))

    try:
        with sd.InputStream(
            samplerate=sample_rate, channels=1, dtype="float32", device=device, callback=take
        ):
            stop.wait(seconds)
    except (sd.PortAudioError, ValueError) as exc:
        raise WaqupError(f"could not record from the microphone ({exc})") from None
    audio = np.concatenate(blocks) if blocks else np.zeros(0, np.float32)
    if trim and len(audio):
        from engine.voice.pcm import trim_silence

        audio = trim_silence(audio, sample_rate, threshold_db=-40.0, pad=0.05)
    if out_path is not None:
        import io

        import soundfile

        from engine.config import write_atomic

        buffer = io.BytesIO()
        soundfile.write(buffer, audio, sample_rate, format="WAV", subtype="PCM_16")
        write_atomic(Path(out_path), buffer.getvalue())
    return audio, sample_rate
