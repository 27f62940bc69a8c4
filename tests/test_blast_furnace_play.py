"""The blast-furnace exhibit's rules, at full speed: hardware events and commands in,
interactions (checked against the event schema) and output levels out. No pygame, no pins."""

from __future__ import annotations

import dataclasses

import pytest

from acier.exhibits.blast_furnace import play as play_module
from acier.exhibits.blast_furnace.model import (
    BLAST_STEP,
    BLAST_TEMP_MAX_C,
    CHILL_C,
    GOOD_RECIPE,
    MATERIALS,
    MELT_RAMP_K,
    PROBLEMS,
    UNMELTED_WARN_KG,
    Challenge,
    Furnace,
)
from acier.exhibits.blast_furnace.play import (
    AUTO_TAP_FILL,
    BLAST_SETTLE_S,
    CHARGE_NOTE_S,
    EXPLAIN_S,
    KEYS,
    REFUSED_S,
    TAP_LIGHT_S,
    TAP_WORTH_KG,
    THROAT_ROOM,
    TOPICS,
    FurnacePlay,
)
from acier.hardware.inputs import Motion, Pressed, Reading, Released, Turned
from acier.protocol.events import validate_payload

FRAME = 1 / 60


def valid(interactions) -> list:
    """Every interaction passes the outbox's schema check (which raises on a mismatch)."""
    for interaction in interactions:
        validate_payload(interaction.type, interaction.data)
    return interactions


class Visitor:
    """Keeps the throat charged with `recipe`, cycling through it across calls."""

    def __init__(self, *recipe: str) -> None:
        self.recipe = recipe
        self.at = 0

    def charge(self, play: FurnacePlay) -> None:
        while True:
            (charged,) = valid(play.handle(Pressed(self.recipe[self.at % len(self.recipe)])))
            if not charged.data["accepted"]:
                return
            self.at += 1


def run(play: FurnacePlay, seconds: float, visitor: Visitor | None = None, dt=0.1) -> list:
    """Advance `seconds` of real time in frames of `dt`, the visitor charging if there is one."""
    out = []
    for _ in range(round(seconds / dt)):
        if visitor is not None:
            visitor.charge(play)
        out += valid(play.update(dt))
    return out


def types(interactions) -> list[str]:
    return [i.type for i in interactions]


@pytest.fixture
def play():
    return FurnacePlay()


def test_each_charging_button_charges_one_skip_and_records_it(play):
    for material in MATERIALS:
        before = play.furnace.state().charges
        (charged,) = valid(play.handle(Pressed(material)))
        assert charged.type == "furnace.charge"
        assert charged.data == {"material": material, "accepted": True}
        assert play.furnace.state().charges == before + 1
        assert play.last_charge.material == material
        assert play.handle(Released(material)) == []
    assert play.engaged


def test_a_full_throat_refuses_the_skip_and_says_so(play):
    accepted = [valid(play.handle(Pressed("coke")))[0].data["accepted"] for _ in range(10)]
    assert accepted[0] is True  # the crew left room for the visitor
    assert accepted[-1] is False
    assert play.last_charge.accepted is False
    charges = play.furnace.state().charges
    play.handle(Pressed("coke"))
    assert play.furnace.state().charges == charges


def test_the_tap_button_drains_the_hearth_and_lights_the_tap_light(play):
    run(play, 5.0)
    iron = play.state.hearth_iron_kg
    assert iron > 100
    assert play.outputs()["tap_light"] == 0.0
    (tap,) = valid(play.handle(Pressed("tap")))
    assert tap.type == "furnace.tap"
    assert tap.data["iron_kg"] == pytest.approx(iron, rel=0.05)
    assert 3.5 < tap.data["carbon_pct"] < 5.0
    assert 1300 < tap.data["temperature_c"] < 1600
    assert play.outputs()["tap_light"] == 1.0
    assert valid(play.command("tap")) == []  # nothing left to run out
    play.update(FRAME)
    assert play.state.hearth_iron_kg < 0.1 * iron
    run(play, TAP_LIGHT_S - 1.0)
    assert play.outputs()["tap_light"] == 1.0
    run(play, 1.5)
    assert play.outputs()["tap_light"] == 0.0


def test_a_tap_on_a_nearly_empty_hearth_says_there_is_nothing_to_tap_yet(play):
    run(play, 5.0)
    valid(play.command("tap"))
    assert play.refusal is None
    run(play, 1.0)  # a few kilograms have dripped in since
    assert 0.0 < play.state.hearth_iron_kg < TAP_WORTH_KG
    tapped = play.furnace.state().iron_tapped_kg
    assert valid(play.handle(Pressed("tap"))) == []
    assert play.refusal == "nothing_to_tap"
    assert play.furnace.state().iron_tapped_kg == tapped  # the tap hole stayed shut
    run(play, REFUSED_S + 0.1)
    assert play.refusal is None
    while play.state.hearth_iron_kg < TAP_WORTH_KG:
        run(play, 1.0)
    (tap,) = valid(play.command("tap"))
    assert tap.data["iron_kg"] >= TAP_WORTH_KG


def test_a_full_throat_is_said_for_a_moment(play):
    while valid(play.command("charge:coke"))[0].data["accepted"]:
        pass
    assert play.refusal == "throat_full"
    play.update(REFUSED_S + 0.1)
    assert play.refusal is None


def test_touching_a_zone_or_a_material_explains_it_and_records_it(play):
    for topic in TOPICS:
        (asked,) = valid(play.command(f"explain:{topic}"))
        assert asked.type == "furnace.explain" and asked.data == {"topic": topic}
        assert play.explanation == topic
    assert play.engaged  # a touch is a visitor acting
    assert play.command("explain:zone.basement") == []  # no such topic
    # asked, it shows even over a problem, for EXPLAIN_S
    play.state = dataclasses.replace(play.state, problems=("chilled",))
    assert play.explanation == TOPICS[-1]
    play.clock += EXPLAIN_S + 0.1
    assert play.explanation is None


def test_a_charge_says_what_its_material_does_unless_a_problem_needs_the_space(play):
    valid(play.handle(Pressed("limestone")))
    assert play.explanation == "material.limestone"
    valid(play.handle(Pressed("coke")))
    assert play.explanation == "material.coke"
    good = play.state
    play.state = dataclasses.replace(good, problems=("sticky_slag",))
    assert play.explanation is None  # the problem shows instead
    play.state = good
    play.clock += CHARGE_NOTE_S + 0.1
    assert play.explanation is None


def test_the_blast_is_recorded_once_the_visitor_stops_turning(play):
    rate = play.state.blast_rate
    quiet = []
    for _ in range(3):  # three detents, half a second apart
        assert play.handle(Turned("blast", 1)) == []
        quiet += run(play, 0.5)
    assert "furnace.blast" not in types(quiet)
    assert play.blast_settling
    later = run(play, BLAST_SETTLE_S)
    blasts = [i for i in later if i.type == "furnace.blast"]
    assert len(blasts) == 1
    assert blasts[0].data["rate"] == pytest.approx(rate + 3 * BLAST_STEP)
    assert blasts[0].data["temperature_c"] == pytest.approx(play.state.blast_temperature_c)
    assert play.state.blast_rate == pytest.approx(rate + 3 * BLAST_STEP)
    assert "furnace.blast" not in types(run(play, 5.0))  # once, not every frame after


def test_the_stove_knob_sets_the_blast_temperature(play):
    assert play.handle(Reading("stove", "temp", 1100.0)) == []  # where the knob was left
    run(play, 0.2)
    assert play.state.blast_temperature_c == 1100.0
    assert not play.blast_settling  # a knob at rest is nobody turning it
    play.handle(Reading("stove", "temp", 1102.0))  # the board's noise
    assert not play.blast_settling
    play.handle(Reading("stove", "temp", 950.0))
    play.handle(Reading("stove", "humidity", 3000.0))  # another key: ignored
    play.handle(Reading("stove", "temp", float("nan")))  # a flaky line: ignored
    out = run(play, BLAST_SETTLE_S + 0.2)
    (blast,) = [i for i in out if i.type == "furnace.blast"]
    assert blast.data["temperature_c"] == 950.0
    play.handle(Reading("stove", "temp", 5000.0))
    run(play, 0.1)
    assert play.state.blast_temperature_c == BLAST_TEMP_MAX_C  # clamped by the model
    # the knob is a physical thing: the next visitor's furnace keeps its setting
    play.reset()
    assert play.state.blast_temperature_c == BLAST_TEMP_MAX_C


def test_the_crew_taps_a_full_hearth_and_it_is_recorded(play):
    play.handle(Pressed("ore"))  # a visitor is here: what happens is recorded
    fills = []
    out = []
    visitor = Visitor(*GOOD_RECIPE)
    for _ in range(4000):
        fills.append(play.state.hearth_fill)
        out = run(play, 0.1, visitor)
        if "furnace.tap" in types(out):
            break
    (tap,) = [i for i in out if i.type == "furnace.tap"]
    assert max(fills) >= AUTO_TAP_FILL
    assert play.last_tap.automatic
    assert tap.data["iron_kg"] > 1000
    assert play.outputs()["tap_light"] == 1.0
    assert play.state.hearth_fill < 0.2


def test_the_hearth_led_follows_the_hearth_temperature(play):
    levels = {}
    for celsius in (25.0, 600.0, 1000.0, 1300.0, 1450.0, 1500.0, 1700.0):
        play.state = dataclasses.replace(play.state, hearth_temperature_c=celsius)
        levels[celsius] = play.outputs()["hearth"]
    assert levels[25.0] == levels[600.0] == 0.0
    assert levels[1000.0] < levels[1300.0] < levels[1450.0] < levels[1500.0] == 1.0
    assert levels[1700.0] == 1.0
    assert levels[1450.0] - levels[1300.0] > 0.2  # a chilled hearth is clearly dimmer

    # and for real: starve the furnace of coke and watch the glow fade
    fresh = FurnacePlay()
    run(fresh, 1.0)
    good = fresh.outputs()["hearth"]
    no_coke = Visitor("ore", "ore", "limestone")
    for _ in range(300):
        run(fresh, 1.0, no_coke)
        if "chilled" in fresh.state.problems:
            break
    assert fresh.outputs()["hearth"] < good - 0.2


def test_a_problem_is_recorded_when_it_begins_not_every_frame(play):
    out = []
    no_coke = Visitor("ore", "ore", "limestone")
    for _ in range(300):
        out += run(play, 1.0, no_coke)
        if "chilled" in play.state.problems:
            break
    out += run(play, 10.0, no_coke)
    problems = [i.data["problem"] for i in out if i.type == "furnace.problem"]
    assert problems.count("chilled") == 1
    assert set(problems) <= set(PROBLEMS)


def test_nothing_is_recorded_before_a_visitor_acts_while_the_crew_runs_it(play):
    charges = play.state.charges
    out = run(play, 120.0)  # two minutes of attract loop: the crew charges and taps
    assert out == []
    assert play.state.charges > charges + 10
    assert play.last_tap is not None and play.last_tap.automatic
    assert play.state.problems == ()
    assert play.state.stock_line <= THROAT_ROOM + 0.06


def test_the_crew_keeps_the_furnace_hot_and_a_visitor_starts_a_fresh_recipe(play):
    # the ready furnace ends on a whole GOOD_RECIPE: the crew's next skip, and a visitor's
    # following the hint (2 ore, 1 coke, 1 limestone), begins a new one, never a third ore
    assert play.furnace.recipe_phase(GOOD_RECIPE) == 0
    assert [layer.material for layer in play.state.burden[:2]] == ["limestone", "coke"]
    coldest = play.state.hearth_temperature_c
    for _ in range(50):  # five minutes of attract loop
        run(play, 6.0)
        coldest = min(coldest, play.state.hearth_temperature_c)
    assert coldest > 1440.0
    assert play.state.problems == ()


def test_the_challenge_starts_fresh_counts_the_groups_own_iron_and_ends_with_a_score(play):
    play.handle(Turned("blast", 4))  # the previous visitor's settings
    run(play, 20.0, Visitor("ore"))
    started = valid(play.command("challenge"))
    assert types(started) == ["challenge.start"]
    assert started[0].data == {"challenge": "one_tonne"}
    assert play.state.blast_rate == 1.0  # every group gets the same furnace
    assert play.iron_made_kg == 0.0
    assert play.challenge.waiting
    assert play.challenge_running
    ended = []
    live = []  # the CO2 per tonne the scene shows while the group's iron is counted
    group = Visitor(*GOOD_RECIPE)
    counted_at = None  # the challenge clock when the tonne was counted
    for _ in range(900):
        if play.state.hearth_iron_kg > 500:
            ended += valid(play.command("tap"))
        ended += run(play, 1.0, group)
        if not play.challenge.waiting and not play.challenge.counted:
            live.append(play.challenge.live_co2_per_t)
        if "challenge.end" in types(ended):
            break
        if play.challenge.counted and counted_at is None:
            counted_at = play.challenge_seconds
            assert not play.challenge.done and play.challenge_running  # the shift check runs
            assert valid(play.update(0.1)) == []  # and takes more than a frame
    assert counted_at is not None, "the shift check ran over frames after the count"
    (end,) = [i for i in ended if i.type == "challenge.end"]
    challenge = play.challenge
    assert challenge.done
    # the good recipe costs what the furnace reads in steady operation, about 1.55 t: two stars
    assert 1450.0 <= challenge.co2_per_t <= 1700.0
    assert 72 <= challenge.score <= 88 and challenge.stars == 2
    # live: nothing until a whole run of their ore is counted, never a misleading figure
    assert live and live[0] is None
    assert all(value is None or 1450.0 <= value <= 1700.0 for value in live)
    assert end.data == {
        "challenge": "one_tonne",
        "completed": True,
        "score": challenge.score,
        "stars": challenge.stars,
        "seconds": pytest.approx(play.challenge_seconds, abs=0.1),
        "co2_per_t": pytest.approx(challenge.co2_per_t, abs=0.1),
        "shift_problem": None,  # the good recipe keeps the next shift going
    }
    assert end.data["seconds"] == pytest.approx(counted_at)  # the clock stopped at the count
    assert 100 < end.data["seconds"] < 600  # the group's skips took minutes to come down
    assert not play.challenge_running
    assert valid(play.command("abandon")) == []  # a finished one stays on screen
    assert play.challenge is challenge


def test_abandoning_a_running_challenge_ends_it_uncompleted(play):
    assert play.command("abandon") == []
    play.command("challenge")
    run(play, 3.0, Visitor(*GOOD_RECIPE))
    (end,) = valid(play.command("abandon"))
    assert end.type == "challenge.end"
    assert end.data["completed"] is False
    assert end.data["stars"] == 0
    assert end.data["seconds"] == pytest.approx(3.0, abs=0.2)
    assert play.challenge is None
    # starting again while one runs abandons the first
    play.command("challenge")
    again = valid(play.command("challenge"))
    assert types(again) == ["challenge.end", "challenge.start"]
    assert again[0].data["completed"] is False


def test_touch_commands_do_what_the_hardware_does(play):
    (charged,) = valid(play.command("charge:limestone"))
    assert charged.data == {"material": "limestone", "accepted": True}
    rate = play.state.blast_rate
    play.command("blast:-")
    play.command("blast:-")
    run(play, 0.1)
    assert play.state.blast_rate == pytest.approx(rate - 2 * BLAST_STEP)
    celsius = play.state.blast_temperature_c
    play.command("stove:-")
    play.command("stove:-")
    play.command("stove:+")
    out = run(play, BLAST_SETTLE_S + 0.1)
    assert play.state.blast_temperature_c == celsius - 25
    assert [i.data for i in out if i.type == "furnace.blast"] == [
        {"rate": pytest.approx(rate - 2 * BLAST_STEP), "temperature_c": celsius - 25}
    ]
    assert play.command("charge:dolomite") == []
    assert play.command("nonsense") == []
    assert play.handle(Motion("visitor", True)) == []


def test_reset_gives_a_producing_furnace_with_room_at_the_throat(play):
    run(play, 30.0, Visitor("ore"))  # a visitor made a mess
    play.command("challenge")
    play.reset()
    assert play.state == Furnace.ready(THROAT_ROOM).state()  # the model's ready furnace
    assert not play.engaged and play.challenge is None and play.last_tap is None
    assert play.state.problems == ()
    assert play.state.stock_line >= THROAT_ROOM - 0.01
    assert 1400 < play.state.hearth_temperature_c < 1550
    run(play, 2.0)
    assert play.state.production_t_per_h > 0.5
    assert play.iron_made_kg > 0
    assert play.outputs()["hearth"] > 0.7


def test_the_keys_drive_the_configured_inputs():
    inputs = {key.input for key in KEYS.values() if key.kind != "command"}
    assert inputs == {"ore", "coke", "limestone", "tap", "blast", "stove"}
    assert {KEYS[k].input for k in "ocl"} == {KEYS[k].input for k in "123"} == set(MATERIALS)
    assert KEYS["t"].input == "tap"
    assert KEYS["up"].amount == -KEYS["down"].amount == 1
    assert KEYS["page up"].key == "temp" and KEYS["page up"].amount == 25
    assert KEYS["g"].kind == "command" and KEYS["g"].key == "challenge"


def test_every_key_has_a_command_for_when_its_input_is_not_bound():
    for name, key in KEYS.items():
        command = key.key if key.kind == "command" else key.command
        play = FurnacePlay()
        before = (play.state.charges, play.state.blast_rate, play.state.blast_temperature_c)
        out = valid(play.command(command))
        play.update(FRAME)
        after = (play.state.charges, play.state.blast_rate, play.state.blast_temperature_c)
        assert out or after != before, f"{name!r} ({command!r}) did nothing"


def test_the_model_challenge_is_the_one_played():
    assert play_module.Challenge is Challenge


def test_after_a_chill_the_backlog_is_said_only_until_the_hearth_catches_up(play):
    # five skips of ore too many chill the hearth; back on the good recipe it melts its pile
    # of unmelted burden at the edge of the chill line: "unmelted" while the pile still grows,
    # then nothing, while it shrinks (the furnace melts more than comes down)
    visitor = Visitor(*(("ore",) * 5 + GOOD_RECIPE * 400))
    states = []
    for _ in range(90):  # nine real minutes, read every six seconds
        run(play, 6.0, visitor)
        states.append(play.state)
    assert any("chilled" in s.problems for s in states)
    said = [i for i, s in enumerate(states) if "unmelted" in s.problems]
    assert said, "the backlog is said while it piles up"
    after = states[said[-1] + 1 :]
    assert after and all(not s.problems for s in after)
    caught = [s for s in after if s.unmelted_kg > UNMELTED_WARN_KG]
    assert caught, "quiet while a big pile is still there"
    assert all(s.hearth_temperature_c < CHILL_C + MELT_RAMP_K for s in caught)
    assert after[-1].unmelted_kg < caught[0].unmelted_kg - 1000.0  # and it does shrink
