"""`waqup render`, `play`, `record` and `voices`: audio for library items."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import typer

from engine.words import count
from waqup_cli.output import console, format_duration, hint, note, print_json, print_list

ITEM = typer.Argument(..., help="Item id (or a unique prefix).")


def render(
    item_id: str = ITEM,
    format: str = typer.Option(None, "--format", "-f", help="mp3, ogg (Opus), wav or flac (default: config)."),
    voice: str = typer.Option(None, "--voice", help="Voice spec, e.g. hibari:heart or espeak:en-gb-x-rp."),
    ambience: str = typer.Option(None, "--ambience", "-a", help="none, brown, pink, rain or drone."),
    out: Path = typer.Option(None, "--out", "-o", help="Write here instead of the data folder."),
    bell: bool = typer.Option(None, "--bell/--no-bell", help="A bell at the start and end."),
    json_: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Render an item to a finished audio file (replays and re-renders are free).

    Example: waqup render 3f9a --ambience rain --format ogg
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from engine.library import Library
    from engine.rendering import render_item

    with Library() as lib, Progress(
        TextColumn("{task.description:<10}"), BarColumn(), TimeElapsedColumn(),
        console=console(stderr=True), transient=True, disable=json_,
    ) as progress:
        task = progress.add_task("voice", total=1.0)

        def on_progress(stage: str, fraction: float) -> None:
            progress.update(task, description=stage, completed=fraction)

        result = render_item(lib, item_id, voice=voice, ambience=ambience, fmt=format, out=out, bell=bell,
                             on_progress=on_progress)
    summary = {
        "path": str(result.path), "format": result.format, "duration": round(result.duration, 3),
        "lufs": round(result.lufs, 2), "true_peak_db": round(result.true_peak_db, 2),
        "voice": result.voice, "ambience": result.ambience,
        "synthesised": result.cache_misses, "from_cache": result.cache_hits,
    }
    if json_:
        print_json(summary)
        return
    typer.echo(str(result.path))
    note(f"{format_duration(result.duration)} · {result.lufs:.1f} LUFS · peak {result.true_peak_db:.1f} dBTP · "
         f"{result.voice} · ambience {result.ambience} · {result.cache_misses} synthesised, "
         f"{result.cache_hits} from cache")


class Keys:
    """Space pauses, q stops, ←/→ seek 15 s: read from a terminal in cbreak mode."""

    def __init__(self) -> None:
        import sys

        self.pending: list[str] = []
        self._stop = threading.Event()
        self._restore = None
        if not sys.stdin.isatty():
            return
        import termios
        import tty

        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd)
        tty.setcbreak(fd)
        self._restore = lambda: termios.tcsetattr(fd, termios.TCSADRAIN, old)
        threading.Thread(target=self._read, args=(fd,), daemon=True).start()

    def _read(self, fd: int) -> None:
        import os
        import select

        while not self._stop.is_set():
            if select.select([fd], [], [], 0.1)[0]:
                data = os.read(fd, 8).decode(errors="ignore")
                self.pending.append({"\x1b[C": "right", "\x1b[D": "left"}.get(data, data[:1]))

    def close(self) -> None:
        self._stop.set()
        if self._restore:
            self._restore()


def play(
    item_id: str = ITEM,
    loop: int = typer.Option(1, "--loop", min=1, max=100, help="Play this many times."),
    from_: str = typer.Option(None, "--from", help="Start at this section (name or number)."),
    sleep_timer: float = typer.Option(None, "--sleep-timer", min=1, max=600, help="Stop after N minutes."),
) -> None:
    """Play an item (rendering it first if needed) and log the practice. Replay is free.

    Keys: space pause/resume, ←/→ seek 15 s, q stop. Ctrl-C stops cleanly too.

    Example: waqup play 3f9a --from practice --sleep-timer 20
    """
    from datetime import UTC, datetime

    from rich.progress import BarColumn, Progress, TextColumn

    from engine.audio import Playback, check_playback, event_at
    from engine.audio.player import load_for_playback
    from engine.library import Library
    from engine.practice import log_practice  # logs locally; queues a report for marketplace items
    from engine.rendering import asset_timeline, latest_asset, render_item, section_start

    with Library() as lib:
        item = lib.get(item_id)
        check_playback()
        asset = latest_asset(lib, item.id)
        if asset is None:
            note("Rendering first (free, cached voice segments are reused)...")
            render_item(lib, item.id)
            asset = latest_asset(lib, item.id)
        timeline = asset_timeline(asset)
        start = section_start(timeline, from_) if from_ else 0.0
        samples, rate = load_for_playback(asset["path"])
        deadline = time.monotonic() + sleep_timer * 60 if sleep_timer else None
        keys = Keys()
        out = console(stderr=True)
        out.print(f"[bold]{item.title}[/]  [dim]space pause · ←/→ seek · q stop[/]")
        stopped = False
        try:
            with Progress(TextColumn("{task.description:<14}"), BarColumn(), TextColumn("{task.fields[clock]}"),
                          console=out, transient=False) as progress:
                for round_ in range(loop):
                    started = datetime.now(UTC).isoformat(timespec="seconds")
                    playback = Playback(samples, rate, start=start if round_ == 0 else 0.0)
                    task = progress.add_task("", total=playback.duration, clock="")
                    try:
                        while not playback.done:
                            for key in keys.pending[:]:
                                keys.pending.remove(key)
                                if key == " ":
                                    playback.resume() if playback._paused else playback.pause()
                                elif key in ("q", "Q"):
                                    stopped = True
                                elif key in ("right", "left"):
                                    playback.seek(playback.position + (15 if key == "right" else -15))
                            if deadline and time.monotonic() >= deadline:
                                stopped = True
                            if stopped:
                                playback.stop()
                                break
                            event = event_at(timeline, playback.position)
                            progress.update(
                                task, completed=playback.position,
                                description=(event.section if event else "")[:14],
                                clock=f"{format_duration(playback.position)} / {format_duration(playback.duration)}",
                            )
                            time.sleep(0.1)
                    except KeyboardInterrupt:
                        playback.stop()
                        stopped = True
                    finally:
                        heard = playback.position - (start if round_ == 0 else 0.0)
                        done = not stopped
                        log_practice(lib, item.id, started=started, seconds=max(heard, 0.0), completed=done)
                    if stopped:
                        break
        finally:
            keys.close()
    note("Stopped; your practice was logged." if stopped else "Completed; your practice was logged.")


def record(
    item_id: str = ITEM,
    line: str = typer.Option(None, "--line", help="Only this line key, e.g. 2.3 (section 2, line 3)."),
    seconds: float = typer.Option(30, "--seconds", min=1, max=300, help="Longest take per line."),
    clear: bool = typer.Option(False, "--clear", help="Delete this item's recordings."),
    list_: bool = typer.Option(False, "--list", help="List recorded lines."),
    json_: bool = typer.Option(False, "--json", help="With --list: print JSON."),
    file: Path = typer.Option(None, "--file", help="Import a take recorded elsewhere (WAV, FLAC or MP3) "
                              "as the recording of --line."),
) -> None:
    """Record your own voice for spoken lines; renders then use it instead of TTS.

    No microphone here? Record the line elsewhere and import the take with --file.

    Examples: waqup record 3f9a --line 1.2 · waqup record 3f9a --line 1.2 --file take.wav
    """
    from engine.audio import line_key
    from engine.errors import UsageError
    from engine.library import Library
    from engine.rendering import item_recordings, recordings_dir

    if json_ and not list_:
        raise UsageError("--json goes with --list (recording itself is interactive)")
    if file is not None and (list_ or clear):
        raise UsageError("--file imports a take: give it without --list or --clear")
    with Library() as lib:
        item = lib.get(item_id)
    existing = item_recordings(item.id)
    if clear:
        for path in existing.values():
            path.unlink()
        typer.echo(f"Deleted {count(len(existing), 'recording')} of {item.id}")
        return
    script = item.parsed()
    lines = {line_key(s, i): text.text for s, section in enumerate(script.sections)
             for i, text in enumerate(section.lines)}
    if list_ and json_:
        print_list([{"key": key, "text": text, "recorded": key in existing,
                     "path": str(existing[key]) if key in existing else None} for key, text in lines.items()])
        return
    if list_:
        for key, text in lines.items():
            mark = "●" if key in existing else "○"
            typer.echo(f"{mark} {key:>5}  {text}")
        return
    if line and line not in lines:
        raise UsageError(f"no line {line!r}: see `waqup record {item.id} --list`")
    if file is not None:
        from engine.library.files import import_take

        if not line:
            raise UsageError(f"--file needs --line KEY, the line the take is for (see `waqup record {item.id} --list`)")
        saved = import_take(item.id, line, file)
        typer.echo(f"Imported {file} as line {line} of {item.id}: {saved}")
        hint("Render again to use it:", f"waqup render {item.id}")
        return
    from engine.audio import check_recording, record_line
    from engine.errors import WaqupError

    try:
        check_recording()
    except WaqupError:
        example = line or next(iter(lines), "1.1")
        raise WaqupError(f"no audio input device found (no microphone here): record the line elsewhere and "
                         f"import the take with `waqup record {item.id} --line {example} --file take.wav`") from None
    out = console()
    for key, text in lines.items():
        if line and key != line:
            continue
        while True:
            out.print(f"\n[bold cyan]{key}[/]  {text}")
            typer.prompt("Press Enter to record, then Enter to stop", default="", show_default=False)
            stop = threading.Event()
            threading.Thread(target=_wait_for_enter, args=(stop,), daemon=True).start()
            path = recordings_dir(item.id) / f"{key}.wav"
            record_line(path, seconds=seconds, stop=stop)
            answer = typer.prompt("Keep it? [y]es / [r]edo / [s]kip", default="y").lower()[:1]
            if answer == "r":
                continue
            if answer == "s":
                path.unlink(missing_ok=True)
            break
    note(f"Recordings are in {recordings_dir(item.id)}.")
    hint("Render again to use them:", f"waqup render {item.id}", stderr=True)


def _wait_for_enter(stop: threading.Event) -> None:
    input()
    stop.set()


def voices(
    json_: bool = typer.Option(False, "--json", help="Print JSON."),
    all_: bool = typer.Option(False, "--all", help="Include voices whose provider is not installed here."),
) -> None:
    """List the voices of every provider, offline ones first, and what each needs to speak here.

    Example: waqup voices
    """
    from dataclasses import asdict

    from engine.voice import list_voices

    found = [v for v in list_voices(include_unavailable=True) if all_ or v.installed]
    if json_:
        print_list([{**asdict(v), "id": v.id} for v in found])
        return
    from rich.markup import escape

    from engine.errors import WaqupError
    from engine.voice import configured_voice
    from waqup_cli.output import Column, print_table

    try:
        default = configured_voice()
    except WaqupError as exc:  # a bad `audio.voice` must not hide the list that helps fix it
        note(f"[yellow]audio.voice: {escape(str(exc))}[/]")
        default = None
    # At narrow widths the gender, then the language, then the description make way.
    columns = [Column("voice", key=True), Column("language", wrap=False, drop=2), Column("", wrap=False, drop=3),
               Column("offline", wrap=False), Column("available"), Column("about", drop=1)]
    rows = [[f"[bold]{v.id}[/] (default)" if v.id == default else v.id, v.language, v.gender,
             "yes" if v.offline else "no", "yes" if v.available else f"[yellow]{escape(v.needs or 'no')}[/]",
             escape(v.description)] for v in found]
    print_table(columns, rows)
    hint("Choose one:", "waqup config set audio.voice VOICE")


def register(app: typer.Typer) -> None:
    for command in (render, play, record, voices):
        app.command()(command)
