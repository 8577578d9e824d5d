"""Batch runs on the offline provider, a local OpenAI-compatible stub and flaky fakes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from engine.credits import Ledger
from engine.library import Library
from engine.packs.run import RunOptions, run_pack
from engine.packs.validate import load_spec
from waqup_cli.main import app

ROOT = Path(__file__).resolve().parent.parent


def affirmation_spec(tmp_path: Path, n: int, *, provider: str = "offline", slug: str = "batch",
                     extra: str = "", name: str = "spec.toml") -> Path:
    rows = "".join(
        f'\n[[items]]\nname = "a{k}"\ntype = "affirmation"\nintent = "steady focus number {k}"\ncount = 3\n'
        for k in range(1, n + 1)
    )
    path = tmp_path / name
    path.write_text(f'[pack]\ntitle = "Batch"\nslug = "{slug}"\n\n[defaults]\nprovider = "{provider}"\n'
                    f'seed = 1\n{extra}{rows}', "utf-8")
    return path


def captures(lib: Library) -> int:
    return next(lib.db.query("select count(*) as n from ledger_transactions where op = 'capture' "
                             "and key like 'pack:%'"))["n"]


def assert_consistent(lib: Library, slug: str, expected: int) -> None:
    """Item count, no duplicates, captures == finished items, no dangling holds."""
    pack = lib.get_pack(slug)
    items = lib.list_items(pack=slug, limit=1000)
    assert len(items) == expected
    done = list(lib.db.query("select item_id from pack_items where pack_id = ? and status = 'done'", [pack["id"]]))
    assert sorted(r["item_id"] for r in done) == sorted(i.id for i in items)
    assert captures(lib) == expected
    assert Ledger(lib).open_holds() == []


def test_small_pack_with_audio_through_the_cli(tmp_path):
    report = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["pack", "run", str(ROOT / "examples" / "three-calm-pieces.toml"),
                                      "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text("utf-8"))
    assert data["status"] == "finished" and data["credits"] == 6 and data["counts"] == {"done": 3}
    for item in data["items"]:
        assert Path(item["audio_path"]).is_file() and item["audio_duration"] > 0
        assert item["provider"] == "offline" and item["usage"]["words"] > 0 and item["credits"] >= 1
    with Library() as lib:
        assert_consistent(lib, "three-calm-pieces", 3)
        assert all(lib.audio_assets(i["item_id"]) for i in data["items"])
    again = CliRunner().invoke(app, ["pack", "run", str(ROOT / "examples" / "three-calm-pieces.toml"), "--json"])
    assert again.exit_code == 0
    assert json.loads(again.stdout)["counts"] == {"cached": 3}  # nothing regenerated or re-rendered


def test_fifty_items_no_audio_then_resume_is_free(tmp_path):
    spec = load_spec(affirmation_spec(tmp_path, 50))
    events = []
    report = run_pack(spec, RunOptions(concurrency=6, audio=False), on_event=events.append)
    assert report.status == "finished" and report.counts() == {"done": 50} and report.credits == 50
    assert [e.kind for e in events].count("item_done") == 50 and events[-1].kind == "finish"
    with Library() as lib:
        assert_consistent(lib, "batch", 50)
        assert Ledger(lib).balance().spent == 50
    again = run_pack(spec, RunOptions(audio=False))
    assert again.counts() == {"cached": 50} and again.credits == 0
    with Library() as lib:
        assert_consistent(lib, "batch", 50)


def test_thirty_day_generator_pack_titles_and_tags():
    spec = load_spec(ROOT / "examples" / "30-mornings-of-confidence.toml")
    report = run_pack(spec, RunOptions(concurrency=4, audio=False))
    assert report.counts() == {"done": 30}
    with Library() as lib:
        day3 = lib.get(report.items[2].item_id)
        assert day3.title == "Day 3: meeting new people" and day3.pack_id == lib.get_pack(spec.slug)["id"]
        assert set(day3.tags) == {"confidence", "morning", "day-3"}


def test_changing_one_item_regenerates_only_that_item(tmp_path):
    path = affirmation_spec(tmp_path, 5)
    first = run_pack(load_spec(path), RunOptions(audio=False))
    path.write_text(path.read_text("utf-8").replace("steady focus number 3", "steady calm number 3"), "utf-8")
    second = run_pack(load_spec(path), RunOptions(audio=False))
    assert second.counts() == {"cached": 4, "done": 1} and second.credits == 1
    assert [i.status for i in second.items][2] == "done"
    assert [i.item_id for i in second.items if i.status == "cached"] == \
        [i.item_id for k, i in enumerate(first.items) if k != 2]
    with Library() as lib:
        assert lib.count(pack="batch") == 5  # the old version left the pack...
        assert lib.get(first.items[2].item_id).pack_id is None  # ...but stays in the library
        assert lib.count() == 6
    # a cosmetic change (title) regenerates nothing
    path.write_text(path.read_text("utf-8").replace('name = "a1"', 'name = "a1"\ntitle = "First"'), "utf-8")
    third = run_pack(load_spec(path), RunOptions(audio=False))
    assert third.counts() == {"cached": 5} and third.credits == 0
    with Library() as lib:
        assert lib.get(third.items[0].item_id).title == "First"


def test_budget_stops_scheduling(tmp_path):
    spec = load_spec(affirmation_spec(tmp_path, 10))
    report = run_pack(spec, RunOptions(concurrency=3, audio=False, budget=4))
    assert report.counts() == {"done": 4, "skipped": 6} and report.credits == 4 and report.stopped == "budget"
    assert report.status == "incomplete"
    with Library() as lib:
        assert_consistent(lib, "batch", 4)
    rest = run_pack(spec, RunOptions(audio=False, budget=100))  # resuming with more budget finishes it
    assert rest.counts() == {"cached": 4, "done": 6} and rest.credits == 6


def test_budget_with_mixed_prices_never_overspends(tmp_path):
    path = tmp_path / "mixed.yaml"
    path.write_text("""\
pack: {title: Mixed, slug: mixed}
defaults: {provider: offline, seed: 2}
items:
  - {type: affirmation, intent: calm mornings, count: 3}
  - {type: meditation, intent: rest, minutes: 2}
  - {type: meditation, intent: focus, minutes: 2}
  - {type: affirmation, intent: kind evenings, count: 3}
""", "utf-8")
    report = run_pack(load_spec(path), RunOptions(concurrency=4, audio=False, budget=3))
    assert report.credits <= 3 and report.stopped == "budget"
    with Library() as lib:
        assert Ledger(lib).balance().spent == report.credits and Ledger(lib).open_holds() == []


class Flaky:
    """Fails the first ``failures`` calls for each intent, then answers like the offline engine."""

    name = "flaky"
    calls: dict[str, int] = {}

    def __init__(self, failures: int = 1):
        self.failures = failures

    def generate(self, params, **kwargs):
        from engine.generation.offline import OfflineProvider
        from engine.generation.providers.faults import ProviderError

        seen = Flaky.calls[params.intent] = Flaky.calls.get(params.intent, 0) + 1
        if "never" in params.intent or seen <= self.failures:
            raise ProviderError("Flaky is unavailable (HTTP 503)", provider="flaky", status=503, retryable=True)
        result = OfflineProvider().generate(params, **kwargs)
        result.provider = "flaky"
        return result


@pytest.fixture
def flaky():
    from engine.generation import register_provider
    from engine.generation.registry import _FACTORIES

    Flaky.calls = {}
    register_provider("flaky", Flaky)
    yield Flaky
    _FACTORIES.pop("flaky", None)


def test_failed_items_are_retried_then_reported(tmp_path, flaky):
    path = affirmation_spec(tmp_path, 3, provider="flaky")
    path.write_text(path.read_text("utf-8") + '\n[[items]]\nname = "bad"\ntype = "affirmation"\n'
                    'intent = "never works"\n', "utf-8")
    events = []
    report = run_pack(load_spec(path), RunOptions(audio=False, attempts=3, backoff=0.01), on_event=events.append)
    assert report.counts() == {"done": 3, "failed": 1}
    bad = report.items[-1]
    assert bad.status == "failed" and bad.attempts == 3 and "503" in bad.error
    assert all(i.attempts == 2 for i in report.items[:3])
    assert sum(e.kind == "item_failed" for e in events) == 1 and any(e.kind == "item_retry" for e in events)
    with Library() as lib:
        assert_consistent(lib, "batch", 3)
        released = next(lib.db.query("select count(*) as n from ledger_transactions where op = 'release'"))["n"]
        assert released == 3 + 3  # one failed attempt per good item, three for the bad one
    retry = run_pack(load_spec(path), RunOptions(audio=False, attempts=1, backoff=0.01))
    assert retry.counts() == {"cached": 3, "failed": 1}  # only the failed item is tried again


def test_only_runs_selected_items(tmp_path):
    spec = load_spec(affirmation_spec(tmp_path, 4))
    report = run_pack(spec, RunOptions(audio=False, only=["a2", "4"]))
    assert [(i.name, i.status) for i in report.items] == [("a2", "done"), ("a4", "done")]
    full = run_pack(spec, RunOptions(audio=False))
    assert full.counts() == {"cached": 2, "done": 2}


def test_dry_run_estimates_without_running(tmp_path):
    path = affirmation_spec(tmp_path, 4)
    result = CliRunner().invoke(app, ["pack", "run", str(path), "--dry-run", "--json", "--rate", "60/min"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["items"]) == 4 and data["credits"] == 4 and data["cost_usd"] == 0 and data["seconds"] >= 3
    with Library() as lib:
        assert lib.count() == 0 and captures(lib) == 0
    text = CliRunner().invoke(app, ["pack", "run", str(ROOT / "examples" / "sleep-series.yaml"), "--dry-run"])
    assert text.exit_code == 0 and "credits" in text.stdout


def test_dry_run_prices_a_cloud_provider(tmp_path):
    from engine.packs.estimate import estimate

    spec = load_spec(affirmation_spec(tmp_path, 2, provider="openai"))
    est = estimate(spec, spec.items, concurrency=2)
    assert est.cost_usd > 0 and est.items[0].model == "gpt-4o-mini" and est.items[0].input_tokens > 100


def test_local_openai_compatible_stub(tmp_path):
    from engine.config import set_value
    from tests.stubs.server import StubServer
    from tests.stubs.wire import install_defaults

    with install_defaults(StubServer()) as stub:
        set_value("providers.local.base_url", f"{stub.url}/v1")
        spec = load_spec(affirmation_spec(tmp_path, 12, provider="local"))
        report = run_pack(spec, RunOptions(concurrency=3, audio=False))
        assert report.counts() == {"done": 12}
        assert len(stub.hits("/v1/chat/completions")) == 12 and stub.max_active <= 3
        item = report.items[0]
        assert item.provider == "local" and item.usage["input_tokens"] == 120 and item.usage["output_tokens"] == 80
        with Library() as lib:
            assert_consistent(lib, "batch", 12)
        again = run_pack(spec, RunOptions(concurrency=3, audio=False))
        assert again.counts() == {"cached": 12} and len(stub.hits("/v1/chat/completions")) == 12


def test_rate_limit_spaces_requests(tmp_path):
    import time

    from engine.config import set_value
    from tests.stubs.server import StubServer
    from tests.stubs.wire import install_defaults

    with install_defaults(StubServer()) as stub:
        set_value("providers.local.base_url", f"{stub.url}/v1")
        spec = load_spec(affirmation_spec(tmp_path, 6, provider="local"))
        started = time.monotonic()
        run_pack(spec, RunOptions(concurrency=6, rate=600, audio=False))  # 10/s: >= 0.5 s for 6
        assert time.monotonic() - started >= 0.45
    from engine.packs.limits import parse_rate

    assert parse_rate("2/s") == 120 and parse_rate("60") == 60 and parse_rate("600/h") == 10


def test_a_pack_runs_once_at_a_time(tmp_path):
    from engine.errors import UsageError
    from engine.packs.state import RunLock

    spec = load_spec(affirmation_spec(tmp_path, 2))
    with RunLock("batch"), pytest.raises(UsageError, match="already running"):
        run_pack(spec, RunOptions(audio=False))
    assert run_pack(spec, RunOptions(audio=False)).counts() == {"done": 2}
