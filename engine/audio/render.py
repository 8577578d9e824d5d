"""Render a script to an audio file: synthesis (cached), timeline, ambience, loudness, encoding, tags."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.audio import loudness
from engine.audio.ambience import AMBIENCES, bed, shipped_bell
from engine.audio.encode import FORMATS, check_format
from engine.audio.finish import encode_measured, pcm_ceiling_db
from engine.audio.tags import Tags, riff_info, tags_for, write_tags
from engine.audio.timeline import Pacing, TimelineEvent, build_timeline, total_seconds
from engine.errors import UsageError, WaqupError
from engine.script import Line, Script, markup_in
from engine.voice import Speech, VoiceSettings, resolve_voice
from engine.voice.batch import synthesize_batch
from engine.voice.cache import SynthesisCache
from engine.voice.pcm import decode_audio, resample, trim_silence

DEFAULT_RATE = 48000
Progress = Callable[[str, float], None]


@dataclass
class Mixdown:
    """Rendered PCM before encoding, with its timeline."""

    samples: np.ndarray
    sample_rate: int
    timeline: list[TimelineEvent]
    voice: str
    ambience: str
    cache_keys: dict[str, str] = field(default_factory=dict)
    cache_hits: int = 0
    cache_misses: int = 0
    gain_db: float = 0.0
    target_seconds: float | None = None
    lufs: float = float("-inf")
    true_peak_db: float = float("-inf")

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass
class RenderResult:
    """What :func:`render_script` made. ``cache_keys`` maps line keys to synthesis-cache keys
    (``"recording"`` for lines taken from the creator's own recordings)."""

    path: Path
    format: str
    duration: float
    sample_rate: int
    lufs: float
    true_peak_db: float
    voice: str
    ambience: str
    cache_keys: dict[str, str]
    timeline: list[TimelineEvent]
    cache_hits: int = 0
    cache_misses: int = 0
    target_seconds: float | None = None
    elapsed: float = 0.0


def _config_default(key: str, fallback: str) -> str:
    try:
        from engine import config

        value = config.get(key)
    except WaqupError:
        return fallback
    return str(value) if value not in (None, "") else fallback


def target_seconds_for(script: Script) -> float | None:
    """A meditation's target length from its ``minutes`` header, if any."""
    raw = script.meta.get("minutes")
    if not raw:
        return None
    try:
        minutes = float(raw)
    except ValueError:
        raise UsageError(f"header 'minutes: {raw}' is not a number") from None
    return minutes * 60.0 if minutes > 0 else None


def _recording(source: object, rate: int) -> np.ndarray:
    speech = source if isinstance(source, Speech) else decode_audio(Path(str(source)))
    samples = resample(speech.samples, speech.sample_rate, rate)
    return trim_silence(samples, rate, threshold_db=-40.0)


def _place(bus: np.ndarray, start: int, clip: np.ndarray, gain: float = 1.0) -> None:
    end = min(start + len(clip), len(bus))
    if end > start:
        bus[start:end] += clip[: end - start] * np.float32(gain)


def _duck_envelope(
    n: int, rate: int, events: list[TimelineEvent], depth_db: float, attack: float = 0.4, release: float = 1.2
) -> np.ndarray:
    """1.0 everywhere except under speech, where it eases down to ``-depth_db`` and back."""
    env = np.ones(n, np.float32)
    low = np.float32(10 ** (-depth_db / 20))
    a, r = int(attack * rate), int(release * rate)
    down = np.linspace(1.0, low, a, dtype=np.float32)
    up = np.linspace(low, 1.0, r, dtype=np.float32)
    for e in events:
        if e.kind != "speech":
            continue
        s, t = int(round(e.start * rate)), int(round(e.end * rate))
        shape = np.concatenate([down, np.full(max(t - s, 0), low, np.float32), up])
        lo = s - a
        clip_lo, clip_hi = max(lo, 0), min(lo + len(shape), n)
        if clip_hi > clip_lo:
            np.minimum(env[clip_lo:clip_hi], shape[clip_lo - lo : clip_hi - lo], out=env[clip_lo:clip_hi])
    return env


def _bed_gain(layer: np.ndarray, spoken: list[np.ndarray], rate: int, ambience_db: float,
              speech_rms: float) -> np.float32:
    """Gain that sets the bed's loudness ``ambience_db`` LU from the voice's while it speaks (both
    BS.1770, as the file's own loudness); by RMS if either cannot be measured."""
    from engine.audio.ambience import LOOP_SECONDS

    voice = loudness.fast_lufs(np.concatenate(spoken), rate) if spoken else float("-inf")
    own = loudness.fast_lufs(layer[: int(LOOP_SECONDS * rate)], rate)  # the bed repeats one loop
    if np.isfinite(voice) and np.isfinite(own):
        return np.float32(10 ** ((voice + ambience_db - own) / 20))
    return np.float32(max(speech_rms, 1e-4) * 10 ** (ambience_db / 20))


def mixdown(
    script: Script,
    *,
    voice: str | None = None,
    ambience: str | None = None,
    bell: bool = True,
    recordings: dict[str, object] | None = None,
    settings: VoiceSettings | None = None,
    pacing: Pacing | None = None,
    sample_rate: int = DEFAULT_RATE,
    target_seconds: float | None = None,
    ambience_db: float = -24.0,
    duck_db: float = 6.0,
    crest_db: float = 11.0,
    target_lufs: float = loudness.TARGET_LUFS,
    normalise: bool = True,
    ceiling_db: float = loudness.TRUE_PEAK_CEILING_DB,
    cache: SynthesisCache | None = None,
    on_progress: Progress | None = None,
) -> Mixdown:
    """Synthesise (through the cache), lay out, mix and loudness-normalise ``script`` to PCM with its
    true peak under ``ceiling_db``."""
    if not script.lines:
        raise UsageError("this script has no spoken lines to render")
    progress = on_progress or (lambda stage, fraction: None)
    voice_spec = voice or _config_default("audio.voice", "")
    provider, voice_name = resolve_voice(voice_spec or None)
    ambience = (ambience or _config_default("audio.ambience", "none")).lower()
    if ambience not in AMBIENCES:
        raise UsageError(f"unknown ambience {ambience!r}: choose one of {', '.join(AMBIENCES)}")
    settings = settings or VoiceSettings()
    cache = cache or SynthesisCache()
    hits0, misses0 = cache.hits, cache.misses
    recordings = recordings or {}

    segments: dict[str, np.ndarray] = {}
    cache_keys: dict[str, str] = {}
    lines = [(s_i, section, line) for s_i, section in enumerate(script.sections) for line in section.lines]
    per_section: dict[int, int] = {}
    jobs: list[tuple[str, tuple[str, VoiceSettings]]] = []
    for s_i, section, line in lines:
        l_i = per_section.get(s_i, 0)
        per_section[s_i] = l_i + 1
        key = f"{s_i + 1}.{l_i + 1}"
        source = recordings.get(key, recordings.get(line.text))
        if source is not None:
            segments[key] = _recording(source, sample_rate)
            cache_keys[key] = "recording"
        else:
            if found := markup_in(line.text):  # never hand markup to a voice: it would be read aloud
                raise UsageError(f"line {key} ({section.name}) has markup {found[0][1]!r} in its words, which "
                                 "would be read aloud: check the script with `waqup script validate`")
            direction = line.direction or settings.direction
            line_settings = VoiceSettings(settings.rate, settings.pitch, settings.sentence_pause, direction,
                                          settings.extra)
            jobs.append((key, (line.text, line_settings)))
    spoken = synthesize_batch(provider, [job for _, job in jobs], voice_name, cache=cache,
                              on_done=lambda n: progress("voice", n / len(jobs)))
    for (key, _job), (speech, ckey) in zip(jobs, spoken, strict=True):
        segments[key] = resample(speech.samples, speech.sample_rate, sample_rate)
        cache_keys[key] = ckey
    progress("voice", 1.0)

    def duration(key: str, _line: Line) -> float:
        return len(segments[key]) / sample_rate

    pacing = pacing or Pacing()
    target = target_seconds if target_seconds is not None else target_seconds_for(script)
    timeline = build_timeline(script, duration, bell=bell, pacing=pacing, target_seconds=target)
    n_total = int(round(total_seconds(timeline) * sample_rate))
    progress("mix", 0.0)

    def rms(parts: list[np.ndarray]) -> float:
        joined = np.concatenate(parts).astype(np.float64) if parts else np.zeros(1)
        return float(np.sqrt(np.mean(joined**2)))

    tts_keys = [k for k, v in cache_keys.items() if v != "recording"]
    reference = rms([segments[k] for k in tts_keys]) if tts_keys else 0.1
    for key, kind in cache_keys.items():  # recordings come up (or down) to the synthetic voice's level
        level = rms([segments[key]]) if kind == "recording" and len(segments[key]) else 0.0
        if level > 0:
            segments[key] = segments[key] * np.float32(reference / level)
    speech_rms = rms(list(segments.values()))
    # Level the voice: tame syllable peaks to ``crest_db`` over its RMS, so that after loudness
    # normalisation the mix needs (almost) no limiting and one loudness measurement suffices.
    ceiling = speech_rms * 10 ** (crest_db / 20)
    for key, seg in segments.items():
        if len(seg) and float(np.max(np.abs(seg))) > ceiling * 0.7:  # (0.7: room for peaks between samples)
            segments[key] = loudness.limit(seg, sample_rate, ceiling, smooth=0.008, true_peak=True)
    voice_bus = np.zeros(n_total, np.float32)
    for e in timeline:
        if e.kind == "speech":
            _place(voice_bus, int(round(e.start * sample_rate)), segments[e.key])

    if bell:
        chime = shipped_bell(sample_rate)
        peak = float(np.max(np.abs(voice_bus))) or 0.5
        for e in timeline:
            if e.kind == "bell":
                ring = chime[: int(pacing.bell_seconds * sample_rate)]
                _place(voice_bus, int(round(e.start * sample_rate)), ring, 0.6 * peak)

    mix = voice_bus
    if ambience != "none":
        progress("ambience", 0.0)
        layer = bed(ambience, n_total, sample_rate)
        spoken = {e.key: segments[e.key] for e in timeline if e.kind == "speech"}  # (a repeat adds nothing)
        layer *= _bed_gain(layer, list(spoken.values()), sample_rate, ambience_db, speech_rms)
        layer *= _duck_envelope(n_total, sample_rate, timeline, duck_db)
        fade_in, fade_out = min(int(4 * sample_rate), n_total // 2), min(int(6 * sample_rate), n_total // 2)
        layer[:fade_in] *= np.linspace(0.0, 1.0, fade_in, dtype=np.float32)
        layer[n_total - fade_out :] *= np.linspace(1.0, 0.0, fade_out, dtype=np.float32)
        mix = voice_bus + layer

    gain_db = 0.0
    if normalise:
        progress("loudness", 0.0)
        mix, gain_db, level, peak = loudness.normalise(mix, sample_rate, target_lufs, ceiling_db)
    else:
        level, peak = loudness.fast_lufs(mix, sample_rate), loudness.true_peak_db(mix, sample_rate)
    progress("mix", 1.0)
    return Mixdown(
        mix,
        sample_rate,
        timeline,
        f"{provider.name}:{voice_name}",
        ambience,
        cache_keys,
        cache.hits - hits0,
        cache.misses - misses0,
        gain_db,
        target,
        level,
        peak,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "untitled"


# ``encode`` writes ``.<stem>.<8 random characters><ext>`` next to its output and renames it into place; a
# render killed meanwhile (kill -9, power loss) leaves that file behind, so each render first removes the
# ones in its folder nobody has written to for a while (an encode in progress keeps touching its file).
TEMP_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.(mp3|ogg|opus|wav|flac)$")
STALE_SECONDS = 15 * 60


def remove_stale_temp_files(folder: Path, now: float | None = None) -> list[Path]:
    """Delete encode temp files in ``folder`` untouched for :data:`STALE_SECONDS`; returns them."""
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        try:
            if TEMP_FILE.match(entry.name) and entry.is_file() and now - entry.stat().st_mtime > STALE_SECONDS:
                entry.unlink()
                removed.append(entry)
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def default_out_path(script: Script, fmt: str, voice: str, ambience: str) -> Path:
    """``audio_dir()/<title>-<hash>.<ext>`` where the hash covers the script text and render choices."""
    from engine.paths import audio_dir
    from engine.script import dumps

    digest = hashlib.sha256(f"{dumps(script)}|{voice}|{ambience}".encode()).hexdigest()[:8]
    return audio_dir() / f"{_slug(script.title)}-{digest}{FORMATS[fmt][0]}"


def render_script(
    script: Script,
    *,
    voice: str | None = None,
    ambience: str | None = None,
    fmt: str = "mp3",
    out_path: str | Path | None = None,
    bell: bool = True,
    recordings: dict[str, object] | None = None,
    on_progress: Progress | None = None,
    settings: VoiceSettings | None = None,
    pacing: Pacing | None = None,
    sample_rate: int = DEFAULT_RATE,
    target_seconds: float | None = None,
    tags: Tags | None = None,
    ambience_db: float = -24.0,
    cache: SynthesisCache | None = None,
) -> RenderResult:
    """Render ``script`` to an encoded, tagged, loudness-normalised file (written atomically); the
    result's ``lufs`` and ``true_peak_db`` are measured on the decoded file.

    ``voice`` is a spec like ``hibari:heart`` or ``espeak:en-gb-x-rp`` (default: config, then the
    best offline voice); ``ambience`` one of :data:`AMBIENCES`; ``recordings`` maps a line key
    (``"2.3"`` = section 2, line 3) or the line's exact text to a WAV (path or :class:`Speech`) to use
    instead of TTS. ``target_seconds`` defaults to the script's ``minutes`` header.
    """
    started = time.perf_counter()
    fmt = check_format(fmt)
    mix = mixdown(
        script,
        voice=voice,
        ambience=ambience,
        bell=bell,
        recordings=recordings,
        settings=settings,
        pacing=pacing,
        sample_rate=sample_rate,
        target_seconds=target_seconds,
        ambience_db=ambience_db,
        ceiling_db=pcm_ceiling_db(fmt),
        cache=cache,
        on_progress=on_progress,
    )
    path = Path(out_path) if out_path else default_out_path(script, fmt, mix.voice, mix.ambience)
    if path.suffix == "":
        path = path.with_suffix(FORMATS[fmt][0])
    file_tags = tags or tags_for(script.meta)
    remove_stale_temp_files(path.parent)
    if on_progress:
        on_progress("encode", 0.0)
    done = encode_measured(mix.samples, mix.sample_rate, fmt, path, tagger=lambda p, f: write_tags(p, f, file_tags),
                           metadata=riff_info(file_tags) if fmt == "wav" else None)
    if on_progress:
        on_progress("encode", 1.0)
    return RenderResult(
        path,
        fmt,
        mix.duration,
        mix.sample_rate,
        round(done.lufs, 2),
        round(done.true_peak_db, 2),
        mix.voice,
        mix.ambience,
        mix.cache_keys,
        mix.timeline,
        mix.cache_hits,
        mix.cache_misses,
        mix.target_seconds,
        time.perf_counter() - started,
    )
