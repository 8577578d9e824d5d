"""Side-effecting steps of the creation loop: generation (with credit holds) and rendering.

Generation order, safe against a crash at any point:

1. a job id is stored on the session (persisted) before anything else;
2. ``reserve`` holds the credits (idempotent on the job id);
3. the provider runs;
4. the draft is persisted on the session, then ``capture`` settles the hold;
5. on any failure the hold is released.

Resuming a session in ``generating`` repeats the steps: a job whose draft is already stored is
only captured; a job whose hold was swept (released) gets a fresh job id.
"""

from __future__ import annotations

from typing import Any

from engine.errors import WaqupError


def _new_job(s: Any) -> str:
    d = s.data
    d["job_n"] = d.get("job_n", 0) + 1
    job = f"{s.id}-g{d['job_n']}"
    d["job_id"] = job
    d.setdefault("jobs", []).append(job)
    s.save()
    return job


def run_generation(s: Any) -> None:
    from engine.conversation import creation

    d = s.data
    job = d.get("job_id")
    if job and d.get("draft", {}).get("job") == job:  # content exists: only settle (crash after draft)
        if s.ledger.hold_state(job) == "held":
            s.ledger.capture(job, creation.cost(s), memo=f"session {s.id}")
        s.fire("generated")
        return
    if not job or d.get("job_done") == job or s.ledger.hold_state(job) not in ("none", "held"):
        job = _new_job(s)
    price = creation.cost(s)
    try:
        s.ledger.reserve(job, price, content_type=creation._type(s), memo=f"session {s.id}")
    except WaqupError as exc:
        d["job_done"] = job
        s.say("error", str(exc))
        s.fire("failed")
        return
    try:
        result = _generate(s)
    except Exception as exc:  # noqa: BLE001 - any provider failure releases the hold
        s.ledger.release(job, memo=f"failed: {type(exc).__name__}")
        d["job_done"] = job
        s.say("error", f"Generation failed, nothing was charged: {exc}")
        s.fire("failed")
        return
    from engine.script import dumps

    d["draft"] = {"script": dumps(result.script), "provider": result.provider, "model": result.model,
                  "seed": result.seed, "usage": result.usage, "prompt": result.prompt, "job": job}
    d["job_done"] = job
    s.save()  # content is durable before any capture
    s.ledger.capture(job, price, memo=f"session {s.id}")
    s.fire("generated")


def _generate(s: Any) -> Any:
    from engine.conversation import creation
    from engine.generation import generate

    d = s.data
    p = creation.params(s)
    provider = s.provider or (s.config.get("text") or {}).get("provider") or None
    result = generate(p, provider, profile=s.library.profile())
    section = d.get("section")
    if section and d.get("draft"):
        result.script = _splice(s, result.script, section)
    return result


def _splice(s: Any, fresh: Any, name: str) -> Any:
    """The current draft with section ``name`` taken from ``fresh`` (whole ``fresh`` if that breaks rules)."""
    from engine.content import validate
    from engine.conversation.creation import _script, _type

    current = _script(s)
    new = fresh.section(name)
    if new is None:
        return fresh
    for i, sec in enumerate(current.sections):
        if sec.name.lower() == name.lower():
            current.sections[i] = new
    if validate(current, _type(s)):
        s.say("note", f"A new '{name}' alone would break the script's rules, so everything was rewritten.")
        return fresh
    return current


def default_renderer(library: Any) -> Any:
    """Render through :func:`engine.rendering.render_item`, which also records the audio asset."""

    def render(item: Any, _script: Any, params: dict[str, Any]) -> Any:
        from engine.rendering import render_item

        return render_item(library, item.id, voice=params.get("voice"), ambience=params.get("ambience"))

    render.records_asset = True  # type: ignore[attr-defined]
    return render


def run_rendering(s: Any) -> None:
    from engine.conversation import creation
    from engine.generation import GenerationResult

    d = s.data
    if not d.get("item_id"):
        draft = d["draft"]
        result = GenerationResult(script=creation._script(s), provider=draft["provider"],
                                  model=draft["model"],
                                  seed=draft.get("seed"), usage=draft.get("usage") or {},
                                  prompt=draft.get("prompt") or {})
        params = creation.params(s).to_dict()
        item = s.library.save_generation(result, params, tags=["conversation"])
        d["item_id"] = item.id
        s.save()
    item = s.library.get(d["item_id"])
    renderer = s.renderer if s.renderer is not None else default_renderer(s.library)
    try:
        out = renderer(item, item.parsed(), item.params)
        path = out.get("path") if isinstance(out, dict) else getattr(out, "path", out)
        d["render"] = {"status": "ok", "path": str(path) if path else ""}
        if path and not getattr(renderer, "records_asset", False):
            fields = {k: getattr(out, k) for k in ("format", "duration", "sample_rate", "lufs")
                      if getattr(out, k, None) is not None}
            s.library.add_audio_asset(item.id, path=str(path), voice=item.params.get("voice") or "",
                                      ambience=item.params.get("ambience") or "", **fields)
        s.say("note", f"Audio rendered{': ' + str(path) if path else ''}.")
    except Exception as exc:  # noqa: BLE001 - the script is saved; audio can be redone
        d["render"] = {"status": "failed", "note": f"rendering failed ({exc}); the script is saved"}
        s.say("error", d["render"]["note"])
    s.fire("rendered")
