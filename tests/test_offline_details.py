"""The offline engine's use of the details people give: places, months, dates, spans and events."""

from __future__ import annotations

from engine.content import params_for
from engine.generation.offline import OfflineProvider, affirmation, bank, meditation
from engine.generation.offline.extract import read
from engine.language.phrases import details

PROVIDER = OfflineProvider()


def lines(type_name: str, intent: str, context: str, seeds=range(1, 6), **options) -> list[str]:
    out = []
    for seed in seeds:
        script = PROVIDER.generate(params_for(type_name, intent=intent, context=context, seed=seed,
                                              **options)).script
        out += [script.title, *(line.text for line in script.lines)]
    return out


def test_devices_are_things_not_places():
    found = details("I scroll on my phone in bed and on my laptop at work")
    assert "on my phone" not in found.places and "on my laptop" not in found.places
    assert "in bed" in found.places
    for type_name in ("affirmation", "ritual"):
        assert not any("On my phone" in t or "on my phone" in t for t in lines(type_name, "sleep better",
                                                                                "I scroll on my phone"))


def test_months_dates_and_towns_are_picked_up():
    assert details("i havent had an evening off since september").since == ["September"]
    assert details("tax return due 31 january").until == ["31 January"]
    assert details("next visit isnt til april").until == ["April"]
    assert details("car accident in june, we were meant to go").since == ["June"]
    assert details("moving to glasgow, into halls").places == ["in Glasgow"]
    assert details("my family are in lagos").places == []
    assert details("physio told me 10 mins a night").spans == ["10 minutes a night"]
    assert details("club championships, i always choke").things == ["the club championships"]
    assert details("cousins wedding in cork").things == ["my cousin's wedding"]


def test_named_months_and_places_reach_every_type():
    context = "moving to glasgow in september, dont know a single person there"
    for type_name in ("affirmation", "meditation", "ritual"):
        text = " ".join(lines(type_name, "scared of talking to people", context))
        assert "Glasgow" in text and "September" in text, type_name
    said = lines("affirmation", "i keep saying yes to everything", "no evening off since september")
    assert any("since September" in t for t in said)


def test_span_is_named_as_a_person_would():
    said = lines("ritual", "stretch every night before bed", "physio told me 10 mins a night")
    assert any("10 minutes a night" in t for t in said)


def test_clock_times_only_open_a_statement():
    frames = bank.load("affirmation")["situation"]["general"]
    assert "I show up as myself {{ situation }}." in frames
    assert "I show up as myself {{ situation }}." not in affirmation.situation_frames(frames, "at 8.45")
    assert all(f.startswith("{{ situation|cap }},") for f in affirmation.situation_frames(frames, "at 8.45"))
    for seed in range(1, 9):
        said = lines("ritual", "calm before my driving test", "my test is at 8.45", seeds=[seed])
        assert not any(t.endswith("at 8.45.") and t.startswith("I ") for t in said), said
        assert "I show up as myself at 8.45." not in said


def test_trim_keeps_glued_instructions_together():
    count = "Now count each out-breath, one, then two, then three, up to ten."
    glued = "When you get to ten, or lose your place, start again at one."
    sections = {"Practice": ["Now, let the breath be the centre of your practice.", count, glued,
                             "Rest in this steady breath."],
                "Return": ["Open your eyes when it feels right."]}
    meditation._trim(sections, 14.0, glued={glued: count})
    practice = sections["Practice"]
    assert (count in practice) == (glued in practice)
    assert glued not in practice or practice.index(glued) == practice.index(count) + 1


def test_short_meditations_never_keep_when_you_get_to_ten_alone():
    for seed in range(1, 9):
        for minutes in (1, 3):
            texts = lines("meditation", "calm", "", seeds=[seed], minutes=minutes, technique="breath")
            for i, text in enumerate(texts):
                if "When you get to ten" in text or "When you reach ten" in text:
                    assert "count" in texts[i - 1].lower() or "number" in texts[i - 1].lower(), texts


def test_situation_carries_the_dates():
    sit = read(params_for("affirmation", intent="long distance is hard",
                          context="shes in seattle and im in london, next visit isnt til april"))
    assert sit.until == "April" and "in London" in sit.situations


def test_another_take_says_new_things():
    seen = lines("affirmation", "hate what i see in the mirror",
                 "every morning getting dressed for work is a battle, ive tried on 4 outfits before 8am",
                 seeds=range(1, 21))
    spoken = [t for t in seen if not t[:1].isupper() or t.endswith(".")]
    assert len(set(spoken)) / len(spoken) >= 0.7


def test_an_adjective_in_a_moment_keeps_its_noun():
    """"after long shifts" is the moment, never "after long" ("After long, I can come back ...")."""
    assert read(params_for("ritual", intent="evening wind-down after long shifts")).situations[0] == \
        "after long shifts"
    spoken = " ".join(lines("ritual", "evening wind-down after long shifts", ""))
    assert "after long," not in spoken.lower() and "after long." not in spoken.lower()


def test_a_month_ahead_is_never_the_moment_a_line_opens_with():
    """"training for a 10k in April": the race is ahead, so "Between now and April", never "In April, I ..."."""
    sit = read(params_for("ritual", intent="build a running habit", context="training for a 10k in April"))
    assert sit.until == "April" and not any("april" in m.lower() for m in sit.situations)
    spoken = lines("ritual", "build a running habit", "training for a 10k in April")
    assert not any(line.startswith("In April") for line in spoken)


def test_a_sober_person_is_never_put_back_in_the_pub():
    """Places of the old habit are never the moment of a sobriety line ("At the pub, I bring a steady mind")."""
    context = "Friday nights at the pub were my thing"
    sit = read(params_for("ritual", intent="thirty days sober and want to keep going", context=context))
    assert "sobriety" in sit.themes and not any("pub" in m for m in sit.situations)
    for type_name in ("affirmation", "ritual"):
        spoken = " ".join(lines(type_name, "thirty days sober and want to keep going", context)).lower()
        assert "at the pub" not in spoken
