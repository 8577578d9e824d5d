"""`waqup create`: make an affirmation set, a meditation or a ritual."""

from __future__ import annotations

import typer

from engine.words import count as count_words
from waqup_cli.output import hint, note, print_json, print_script


def create(
    type: str = typer.Argument(None, help="affirmation, meditation or ritual (omit for a conversation)."),
    intent: str = typer.Option(None, "--intent", "-i", help="What it is for, in your words."),
    context: str = typer.Option(None, "--context", "-c", help="Your situation: what's hard, when you practise."),
    count: int = typer.Option(None, "--count", help="Affirmations: how many statements (3..50)."),
    repetitions: int = typer.Option(None, "--repetitions", help="Affirmations: times each is spoken."),
    minutes: float = typer.Option(None, "--minutes", "-m", help="Meditation length (1..60) or ritual length."),
    technique: str = typer.Option(None, "--technique", help="Meditation technique, e.g. breath, body-scan."),
    time: str = typer.Option(None, "--time", help="Ritual time of day: morning, evening or HH:MM "
                             "(default: the time your words name, else morning)."),
    anchor: str = typer.Option(None, "--anchor", help="Ritual anchor cue, e.g. 'after my morning tea'."),
    seed: int = typer.Option(None, "--seed", help="Seed for reproducible offline generation."),
    provider: str = typer.Option(None, "--provider", "-p", help="Text provider (default: auto)."),
    model: str = typer.Option(None, "--model", help="Model of a cloud provider, e.g. gpt-4o-mini."),
    tag: list[str] = typer.Option([], "--tag", help="Tag the new item (repeatable)."),
    json_: bool = typer.Option(False, "--json", help="Print the new item as JSON."),
    resume: bool = typer.Option(False, "--resume", help="Conversation: continue the last open session."),
    jsonl: bool = typer.Option(False, "--jsonl", help="Conversation: JSON lines on stdin/stdout."),
    keep_transcript: bool = typer.Option(
        False, "--keep-transcript", help="Conversation: keep the transcript after it ends."
    ),
) -> None:
    """Create content from an intent and store it in your library.

    Examples:

      waqup create affirmation --intent "calm before exams" --context "I study at night"

      waqup create meditation --intent "let go of the day" --minutes 10 --technique body-scan

      waqup create ritual --intent "write every day" --time 07:00 --anchor "after my coffee"

      waqup create            # a conversation that asks what you need

      waqup create --resume   # continue a conversation after Ctrl-C or a closed terminal
    """
    from engine.content import params_for
    from engine.create import CrisisDetected
    from engine.create import create as make
    from engine.errors import UsageError

    if type is None and not intent:
        from waqup_cli.commands.converse import run_conversation

        run_conversation(resume=resume, jsonl=jsonl, keep_transcript=keep_transcript, provider=provider)
        return
    if type is None:
        raise UsageError("say what to create: waqup create affirmation|meditation|ritual --intent TEXT")
    if not intent:
        raise UsageError("--intent is required, e.g. --intent 'calm before exams'")
    params = params_for(
        type, intent=intent, context=context, count=count, repetitions=repetitions, minutes=minutes,
        technique=technique, time_of_day=time, anchor=anchor, seed=seed,
    )
    try:
        created = make(params, provider=provider, model=model, tags=tag)
    except CrisisDetected as crisis:
        show_crisis(crisis.result, json_)
        raise typer.Exit(1) from None
    item = created.item
    if json_:
        print_json(item.to_dict())
        return
    print_script(item.parsed(), item_id=item.id)
    seed = f", seed {created.result.seed}" if created.result.seed is not None else ""
    note(f"Saved [cyan]{item.id}[/] ({created.result.provider}{seed}, "
         f"{count_words(created.credits, 'credit')}).")
    hint("Render it:", f"waqup render {item.id}", stderr=True)
    hint("Play it:", f"waqup play {item.id}", stderr=True)
    if created.result.usage.get("note"):
        note(f"Note: {created.result.usage['note']}.")


def show_crisis(result, json_: bool = False) -> None:
    """Supportive text and crisis lines instead of content; nothing is generated or charged."""
    from engine.safety.response import reply_dict, reply_text

    if json_:
        print_json(reply_dict(result))
        return
    from rich.markup import escape
    from rich.panel import Panel

    from waqup_cli.output import console

    console(stderr=True).print(Panel(escape(reply_text(result)), title="You matter", border_style="yellow"))


def register(app: typer.Typer) -> None:
    app.command()(create)
