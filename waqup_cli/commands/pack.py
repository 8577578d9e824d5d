"""`waqup pack`: validate and run pack specs, list/show packs, export and import `.waqup` archives."""

from __future__ import annotations

from pathlib import Path

import typer

from engine.words import count
from waqup_cli.output import console, format_duration, note, print_json

app = typer.Typer(no_args_is_help=True)
JSON = typer.Option(False, "--json", help="Print JSON.")


@app.command()
def validate(spec: Path = typer.Argument(..., help="Pack spec (.toml, .yaml)."), json_: bool = JSON) -> None:
    """Check a spec and report every problem with its line and a fix hint.

    Exit code: 0 valid, 1 the spec has problems, 2 a usage error (no such file).

    Example: waqup pack validate examples/30-mornings-of-confidence.toml
    """
    from engine.packs.validate import check_spec

    found, issues = check_spec(spec)
    if json_:
        print_json({"valid": not issues, "items": len(found.items) if found else 0,
                    "issues": [i.to_dict() for i in issues]})
    elif issues:
        from rich.markup import escape

        out = console(stderr=True)
        for issue in issues:
            hint = f"\n    [dim]hint: {escape(issue.hint)}[/]" if issue.hint else ""
            where = escape(f"{issue.file}:{issue.line}" if issue.line else issue.file)
            out.print(f"[bold]{where}[/]: [red]{escape(issue.message)}[/]{hint}", markup=True, highlight=False)
        out.print(f"{len(issues)} problem{'s' * (len(issues) != 1)} found.")
    else:
        assert found is not None
        kinds: dict[str, int] = {}
        for item in found.items:
            kinds[item.type] = kinds.get(item.type, 0) + 1
        detail = ", ".join(count(n, kind) for kind, n in kinds.items())
        typer.echo(f"{spec}: valid - pack {found.slug!r}, {count(len(found.items), 'item')} ({detail})")
    if issues:
        raise typer.Exit(1)  # like `script validate`: 1 = problems found, 2 = a usage error


@app.command()
def run(
    spec: Path = typer.Argument(..., help="Pack spec (.toml, .yaml)."),
    concurrency: int = typer.Option(4, "--concurrency", "-j", min=1, max=64, help="Items at once, per provider."),
    rate: str = typer.Option(None, "--rate", help="Requests per provider, e.g. 60/min or 2/s."),
    budget: int = typer.Option(None, "--budget", min=0, help="Credits this run may hold or spend."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Show items, credits, cost and time; run nothing."),
    only: list[str] = typer.Option([], "--only", help="Only this item: position, name or key (repeatable)."),
    report: Path = typer.Option(None, "--report", help="Write a JSON report here."),
    no_audio: bool = typer.Option(False, "--no-audio", help="Generate scripts only; render audio later."),
    attempts: int = typer.Option(3, "--attempts", min=1, max=10, help="Tries per item before giving up."),
    json_: bool = JSON,
) -> None:
    """Generate every item of a spec into a pack; re-run the same command to resume.

    Examples:

      waqup pack run examples/three-calm-pieces.toml

      waqup pack run examples/30-mornings-of-confidence.toml --dry-run

      waqup pack run pack.toml --concurrency 8 --rate 120/min --budget 40 --report run.json
    """
    from engine.packs.limits import parse_rate
    from engine.packs.run import RunOptions, run_pack
    from engine.packs.validate import load_spec

    _writable(report, "--report", "run.json")
    loaded = load_spec(spec, skip_crisis=True)  # an item whose words trip the crisis gate is skipped, not run
    per_minute = parse_rate(rate)
    if dry_run:
        _dry_run(loaded, only, concurrency, per_minute, not no_audio, json_)
        return
    options = RunOptions(concurrency=concurrency, rate=per_minute, budget=budget, only=only or None,
                         audio=not no_audio, attempts=attempts)
    with _Progress() as progress:
        result = run_pack(loaded, options, on_event=progress.handle)
    if report:
        result.write(report)
    if json_:
        print_json(result.to_dict())
    else:
        _summary(result)
    if report:
        note(f"Report written to {report}")
    if result.status != "finished":
        raise typer.Exit(1)


def _writable(path: Path | None, flag: str, example: str) -> None:
    """Refuse, before any work, a file to write that is a folder or would sit under a file."""
    if path is None:
        return
    from engine.errors import UsageError

    if path.is_dir():
        raise UsageError(f"{flag} {path} is a folder: give a file name, e.g. {path / example}")
    under = next((parent for parent in path.parents if parent.exists()), None)
    if under is not None and not under.is_dir():
        raise UsageError(f"{flag} {path}: {under} is a file, not a folder")


def _dry_run(spec, only, concurrency: int, per_minute: float | None, audio: bool, json_: bool) -> None:
    from engine.packs.estimate import estimate

    chosen = spec.select(only or None)
    items = [item for item in chosen if not item.blocked]
    est = estimate(spec, items, concurrency=concurrency, per_minute=per_minute, audio=audio,
                   done_keys=_done_keys(spec.slug))
    blocked = [item.blocked for item in chosen if item.blocked]
    if json_:
        print_json({**est.to_dict(), **({"skipped": blocked} if blocked else {})})
        return
    for reason in blocked:
        console(stderr=True).print(f"[yellow]will skip:[/] {reason}", markup=True, highlight=False)
    from rich.table import Table

    table = Table(title=f"{spec.pack['title']} ({spec.slug}) - dry run", header_style="bold")
    for column in ("#", "name", "item", "provider", "credits", "est. $", "audio"):
        table.add_column(column, no_wrap=column != "item")
    for row in est.items:
        table.add_row(str(row.position), row.name, row.label, f"{row.provider} {row.model}".strip(),
                      "done" if row.done else str(row.credits), f"{row.cost_usd:.4f}",
                      format_duration(row.audio_seconds))
    console().print(table)
    console().print(f"{count(len(est.items), 'item')} ({est.done} already done) · "
                    f"[bold]{count(est.credits, 'credit')}[/] · "
                    f"about ${est.cost_usd:.4f} provider cost · about {format_duration(est.seconds)} "
                    f"(concurrency {concurrency}{f', {per_minute:g}/min' if per_minute else ''})")


def _done_keys(slug: str) -> set[str]:
    from engine.library import Library

    with Library() as lib:
        return {r["item_key"] for r in lib.db.query(
            "select item_key from pack_items where status = 'done' and pack_id in "
            "(select id from packs where slug = ?)", [slug])}


class _Progress:
    """Rich progress on stderr: an overall bar with ETA, one line per active item, failures as they happen."""

    def __enter__(self) -> _Progress:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                                 console=console(stderr=True), transient=False)
        self.progress.__enter__()
        self.overall = self.progress.add_task("[bold]pack", total=None)
        self.active: dict[int, int] = {}
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def _line(self, position: int, text: str) -> None:
        if position in self.active:
            self.progress.update(self.active[position], description=text)
        else:
            self.active[position] = self.progress.add_task(text, total=None)

    def _drop(self, position: int) -> None:
        task = self.active.pop(position, None)
        if task is not None:
            self.progress.remove_task(task)

    def handle(self, event) -> None:
        from rich.markup import escape

        p = self.progress
        label = f"  {event.position:>3} {escape(event.label)}"
        if event.kind == "start":
            p.update(self.overall, total=event.total, description=f"[bold]pack[/] {escape(event.message)}")
        elif event.kind == "note":
            p.console.print(f"[yellow]resumed:[/] {escape(event.message)}")
        elif event.kind == "item_start":
            self._line(event.position, label)
        elif event.kind == "audio_start":
            self._line(event.position, f"{label} [dim](audio)[/]")
        elif event.kind == "item_retry":
            self._line(event.position, f"{label} [yellow]{escape(event.message)}[/]")
        elif event.kind == "item_done":
            self._drop(event.position)
            p.update(self.overall, completed=event.finished + event.failed)
        elif event.kind == "item_failed":
            self._drop(event.position)
            p.update(self.overall, completed=event.finished + event.failed)
            p.console.print(f"[red]✗ {event.position} {escape(event.name)}:[/] {escape(event.message)}")
        elif event.kind == "item_skipped":
            self._drop(event.position)
            p.update(self.overall, completed=event.finished + event.failed)
            p.console.print(f"[yellow]– {event.position} {escape(event.name)}:[/] {escape(event.message)}")
        elif event.kind == "budget_stop":
            p.console.print(f"[yellow]stopped scheduling:[/] {escape(event.message)}")


def _summary(result) -> None:
    from rich.markup import escape
    from rich.table import Table

    colours = {"done": "green", "cached": "dim", "failed": "red", "audio_failed": "red", "skipped": "yellow"}
    table = Table(title=f"{result.pack['title']} - {result.status}", header_style="bold")
    for column in ("#", "name", "status", "id", "provider", "credits", "time", "audio"):
        table.add_column(column, no_wrap=True)
    for item in result.items:
        colour = colours.get(item.status, "")
        table.add_row(str(item.position), item.name, f"[{colour}]{item.status}[/]" if colour else item.status,
                      item.item_id, item.provider, str(item.credits), f"{item.seconds:.1f}s",
                      format_duration(item.audio_duration) if item.audio_path else "-")
    out = console(stderr=True)
    out.print(table)
    counts = ", ".join(f"{n} {kind}" for kind, n in result.counts().items())
    out.print(f"{counts} · {count(result.credits, 'credit')} this run · {result.elapsed:.1f}s")
    for item in result.items:
        if item.error and item.status != "cached":
            colour = "yellow" if item.status == "skipped" else "red"
            out.print(f"[{colour}]{item.position} {escape(item.name)}:[/] {escape(item.error)}", markup=True,
                      highlight=False)


@app.command("list")
def list_(json_: bool = JSON) -> None:
    """List the packs in your library.

    Example: waqup pack list --json
    """
    from engine.library import Library
    from engine.packs.export import list_packs

    with Library() as lib:
        packs = list_packs(lib)
    if json_:
        from waqup_cli.output import print_list

        print_list(packs)
        return
    from rich.markup import escape

    from waqup_cli.output import Column, hint, print_table

    if not packs:
        hint("No packs yet. Make one from a spec (see examples/):", "waqup pack run SPEC")
        return
    columns = [Column("slug", key=True, style="cyan"), Column("title"), Column("items", drop=1, justify="right"),
               Column("last run", drop=2), Column("created", drop=3, wrap=False, style="dim")]
    print_table(columns, [[escape(row["slug"]), escape(row["title"]), str(row["items"]), row["last_run"] or "-",
                           row["created"][:10]] for row in packs])


@app.command()
def show(pack: str = typer.Argument(..., help="Pack slug or id."), json_: bool = JSON) -> None:
    """Show a pack's details and items.

    Example: waqup pack show sleep-series
    """
    from engine.library import Library
    from engine.packs.export import show_pack

    with Library() as lib:
        data = show_pack(lib, pack)
    if json_:
        print_json(data)
        return
    from rich.table import Table

    out = console()
    out.print(f"[bold]{data['title']}[/] ({data['slug']}, id {data['id']})" +
              (f" by {data['author']}" if data.get("author") else ""))
    if data.get("description"):
        out.print(data["description"])
    table = Table(header_style="bold")
    for column in ("#", "id", "type", "title", "audio"):
        table.add_column(column)
    for n, item in enumerate(data["items"], start=1):
        table.add_row(str(n), item["id"], item["type"], item["title"], format_duration(item["duration"]))
    out.print(table)


@app.command("export")
def export_(pack: str = typer.Argument(..., help="Pack slug or id."),
            out: Path = typer.Option(None, "--out", "-o", help="Archive to write (default: SLUG.waqup).")) -> None:
    """Export a pack as one .waqup archive (manifest, audio, playlist).

    Example: waqup pack export sleep-series --out sleep.waqup
    """
    from engine.library import Library
    from engine.packs.export import export_pack

    _writable(out, "--out", f"{pack}.waqup")
    with Library() as lib:
        path, manifest = export_pack(lib, pack, out)
    with_audio = sum(1 for i in manifest.items if i.audio)
    typer.echo(f"Wrote {path} ({count(len(manifest.items), 'item')}, {with_audio} with audio)")


@app.command("import")
def import_(archive: Path = typer.Argument(..., help="A .waqup archive."),
            slug: str = typer.Option(None, "--slug", help="Import under another slug."),
            json_: bool = JSON) -> None:
    """Import a .waqup archive into your library (checksums verified).

    Example: waqup pack import sleep.waqup
    """
    from engine.library import Library
    from engine.packs.export import import_pack

    with Library() as lib:
        pack = import_pack(lib, archive, slug=slug)
    if json_:
        print_json(pack)
        return
    typer.echo(f"Imported pack {pack['slug']!r} ({count(pack['items'], 'item')}, {count(pack['audio'], 'audio file')})")
