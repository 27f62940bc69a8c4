"""The blast furnace on screen, through the real exhibit loop: config/furnace-1.yaml's bindings on
simulated hardware (gpiozero mock pins, the stove's knob as a fake serial board on a pty), the
real outbox, `ExhibitApp` drawing `FurnaceScene` on a dummy display with a clock the test moves.

Key events drive the mock pins as on the demo; the serial path runs through a reader thread, so
tests step frames until the effect shows, with a deadline, and never assert on timing.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pygame
import pytest

from acier.config import load_kiosk_config
from acier.exhibits import numbers
from acier.exhibits.blast_furnace import model, texts
from acier.exhibits.blast_furnace import scene as scene_module
from acier.exhibits.blast_furnace.model import GOOD_RECIPE, PROBLEMS, Challenge, Tap
from acier.exhibits.blast_furnace.play import (
    KEYS,
    TAP_LIGHT_S,
    TOPICS,
    Charged,
    Explained,
    FurnacePlay,
    Tapped,
)
from acier.exhibits.blast_furnace.scene import FurnaceScene
from acier.kiosk import text
from acier.kiosk.exhibit_app import BUSY_IDLE_S
from acier.kiosk.i18n import LANGUAGE_NAMES
from acier.kiosk.layout import Screen
from acier.kiosk.style import button
from tests.exhibit_rig import FRAME, LANDSCAPE, PORTRAIT, ExhibitRig

REPO = Path(__file__).resolve().parent.parent
HEARTH_LED, TAP_RELAY = 12, 16  # config/furnace-1.yaml


class Rig(ExhibitRig):
    """The furnace kiosk of config/furnace-1.yaml, on simulated hardware and a dummy display."""

    def __init__(self, tmp: Path, size: tuple[int, int] = LANDSCAPE, unbound=()) -> None:
        config = load_kiosk_config(REPO / "config" / "furnace-1.yaml")
        inputs = {name: b for name, b in config.inputs.items() if name not in unbound}
        super().__init__(tmp, config.model_copy(update={"inputs": inputs}), size)

    def strings(self) -> list[str]:
        return [drawn.text for drawn in self.scene.texts]


@pytest.fixture
def rig(tmp_path):
    rig = Rig(tmp_path)
    yield rig
    rig.close()


def throat_region(scene: FurnaceScene):
    g = scene.geometry
    top = g.y(0.0)
    return (g.cx - g.half, top - scene.screen.px(60), 2 * g.half, scene.screen.px(120))


def test_a_key_press_charges_the_furnace_and_records_it(rig):
    rig.frames(2)
    before = rig.grab(throat_region(rig.scene))
    rig.press("c")
    rig.until(lambda: rig.events("furnace.charge"))
    (charge,) = rig.events("furnace.charge")
    assert charge.data == {"material": "coke", "accepted": True}
    start = rig.events()[0]
    assert start.type == "session.start" and charge.session == start.session is not None
    rig.frames(3)
    top = rig.play.state.burden[0]  # the new visitor's skip lies on top of the burden
    assert (top.material, top.charge_no) == ("coke", rig.play.state.last_charge_no)
    assert rig.grab(throat_region(rig.scene)) != before  # the skip drops into the throat
    assert f"+ {texts.t('material.coke', 'fr')}" in rig.strings()
    # the same with the digit keys, for ore
    rig.press("1")
    rig.until(lambda: len(rig.events("furnace.charge")) == 2)
    assert rig.events("furnace.charge")[1].data["material"] == "ore"


def test_the_stove_knob_on_its_serial_board_sets_the_blast_temperature(rig):
    rig.until(lambda: rig.app.boards.get("stove") == "connected")
    rig.sim.send("stove", temp=1000.0)  # where the knob stands
    rig.until(lambda: rig.play.state.blast_temperature_c == 1000.0)
    rig.frames()
    blast_panel = rig.scene.boxes["blast"]
    before = rig.grab(blast_panel)
    assert "1\u202f000 °C" in rig.strings()
    rig.key("page up")  # the simulated knob: +25 °C, a line through the pty
    rig.until(lambda: rig.play.state.blast_temperature_c == 1025.0)
    rig.frames()
    assert rig.grab(blast_panel) != before
    assert "1\u202f025 °C" in rig.strings()
    rig.frames(round(2.0 / FRAME))  # the visitor lets go of the knob
    (blast,) = rig.events("furnace.blast")
    assert blast.data == {"rate": 1.0, "temperature_c": 1025.0}


def test_without_a_stove_board_the_keys_still_set_the_blast_temperature(tmp_path):
    rig = Rig(tmp_path, unbound=("stove",))
    try:
        celsius = rig.play.state.blast_temperature_c
        rig.key("page down")
        rig.key("page down")
        rig.frames()
        assert rig.play.state.blast_temperature_c == celsius - 50
        rig.frames(round(2.0 / FRAME))
        (blast,) = rig.events("furnace.blast")
        assert blast.data["temperature_c"] == celsius - 50
    finally:
        rig.close()


def test_the_blast_wheel_turns_the_blast_and_the_flames_follow(rig):
    g = rig.scene.geometry
    y = g.y(scene_module.TUYERE)
    raceway = (g.cx - g.half, y - rig.scene.screen.px(30), 2 * g.half, rig.scene.screen.px(60))
    rig.frames()
    for _ in range(6):
        rig.key("down")
        rig.key("down", down=False)
    rig.until(lambda: rig.play.state.blast_rate == pytest.approx(0.7))
    rig.frames()
    small = rig.grab(raceway)
    for _ in range(12):
        rig.key("up")
        rig.key("up", down=False)
    rig.until(lambda: rig.play.state.blast_rate == pytest.approx(1.3))
    rig.frames()
    assert rig.grab(raceway) != small
    assert "130 %" in rig.strings()
    rig.frames(round(2.0 / FRAME))
    assert [e.data["rate"] for e in rig.events("furnace.blast")] == [1.3]


def test_the_hearth_led_follows_the_hearth_temperature(rig):
    rig.frames(3)
    hot = rig.play.state.hearth_temperature_c
    assert rig.pin(HEARTH_LED) == pytest.approx(rig.play.outputs()["hearth"], abs=0.01)
    glow = rig.pin(HEARTH_LED)
    assert glow > 0.7
    # a visitor charges no coke: the hearth cools, the glow fades
    rig.press("o")
    no_coke = itertools.cycle(("ore", "ore", "limestone"))
    material = next(no_coke)
    for _ in range(3000):
        while rig.play.furnace.charge(material):
            material = next(no_coke)
        rig.frames(step=0.1)
        if rig.play.state.hearth_temperature_c < hot - 200:
            break
    assert rig.play.state.hearth_temperature_c < hot - 200
    assert rig.pin(HEARTH_LED) == pytest.approx(rig.play.outputs()["hearth"], abs=0.01)
    assert rig.pin(HEARTH_LED) < glow - 0.15


def test_a_tap_lights_the_tapping_light_and_runs_iron_into_the_ladle(rig):
    rig.frames(2)
    ladle = rig.scene.layout.ladle
    before = rig.grab(ladle)
    assert rig.pin(TAP_RELAY) == 0
    rig.press("t")
    rig.until(lambda: rig.events("furnace.tap"))
    (tap,) = rig.events("furnace.tap")
    assert tap.data["iron_kg"] > 100 and 3.5 < tap.data["carbon_pct"] < 5.0
    rig.until(lambda: rig.pin(TAP_RELAY) == 1)
    rig.frames(round(2.0 / FRAME))
    assert rig.grab(ladle) != before  # iron in the ladle
    iron_t = tap.data["iron_kg"] / 1000
    assert any(s.startswith(f"{iron_t:.1f}".replace(".", ",")) for s in rig.strings())
    rig.frames(round(TAP_LIGHT_S / FRAME))
    assert rig.pin(TAP_RELAY) == 0


def test_touching_the_buttons_taps_and_starts_the_challenge(rig):
    layout = rig.scene.layout
    rig.frames()
    rig.touch(rig.w / 2, rig.h / 2)  # the first touch wakes the exhibit
    assert rig.events()[0].type == "session.start"
    rig.touch_rect(layout.tap_button)
    assert [e.type for e in rig.events()][1:] == ["furnace.tap"]
    challenge_panel = rig.scene.boxes["challenge"]
    before = rig.grab(challenge_panel)
    rig.touch_rect(layout.challenge_button)
    assert rig.events()[-1].type == "challenge.start"
    assert rig.play.challenge_running
    rig.frames()
    assert rig.grab(challenge_panel) != before
    assert texts.t("challenge.waiting", "fr") in rig.strings()
    assert rig.scene.hit(*layout.challenge_button[:2]) is None  # no button while it runs
    # the group leaves: after the longer wait a challenge gets, the session ends and so does
    # the challenge, uncompleted
    rig.frames(round(BUSY_IDLE_S / 0.5) + 5, step=0.5)
    end = rig.events("challenge.end")[-1]
    assert end.data["completed"] is False
    assert rig.events()[-1].type == "session.end"


def test_touching_a_zone_or_a_material_explains_it(rig):
    scene = rig.scene
    rig.frames()
    rig.touch(rig.w / 2, rig.h / 2)  # wakes the exhibit
    for zone, label_y, wall_y in scene._zone_labels:
        x = scene.layout.labels[0] + scene.layout.labels[2] / 2
        for y in (label_y, wall_y):  # its label, or the furnace at its height
            touch_x = x if y == label_y else scene.geometry.cx
            rig.touch(touch_x, y)
            assert rig.events()[-1].type == "furnace.explain"
            assert rig.events()[-1].data == {"topic": f"zone.{zone}"}
            rig.frames()
            shown = rig.strings()
            assert texts.t(f"zone.{zone}.what", "fr") in shown
            assert texts.t("scene.ok", "fr") not in shown
    mx, my, mw, _ = scene.layout.materials
    row = scene.screen.px(scene_module.MATERIAL_ROW)
    rig.touch(mx + mw / 2, my + 2.5 * row)  # the third swatch: coke
    assert rig.events()[-1].data == {"topic": "material.coke"}
    rig.frames()
    assert texts.t("material.coke.what", "fr") in rig.strings()


def test_no_touch_target_sits_under_the_language_buttons(rig):
    rig.frames()
    screen = rig.app.screen
    buttons = screen.language_buttons(rig.config.languages).values()
    for bx, by, bw, bh in buttons:
        for x in range(bx, bx + bw, 6):
            for y in range(by, by + bh, 6):
                assert rig.scene.hit(x, y) is None
    layout = rig.scene.layout
    for action, rect in (("tap", layout.tap_button), ("challenge", layout.challenge_button)):
        assert rig.scene.hit(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2) == action


def test_every_simulation_key_is_a_pygame_key_and_drives_a_bound_input(rig):
    for name, key in KEYS.items():
        assert pygame.key.name(pygame.key.key_code(name)) == name
        if key.kind != "command":
            assert key.input in rig.config.inputs


# --- every string fits, in every language, on both screens ---------------------------------------


def _scenarios(play: FurnacePlay):
    """(name, setup) pairs that put every text the scene can show on screen."""
    base = play.state
    tap = Tap(iron_kg=2987.6, slag_kg=888.0, carbon_pct=4.67, temperature_c=1512.0)

    def extreme():
        play.state = dataclasses.replace(
            base,
            blast_rate=1.5,
            blast_effective=0.6,
            blast_temperature_c=1250.0,
            hearth_temperature_c=1999.0,
            iron_made_kg=play._iron_base_kg + 123456.0,
            coke_rate_now=2345.0,
            co2_per_t_now=9876.0,
            problems=("sticky_slag",),
        )

    def problem(p):
        def setup():
            play.state = dataclasses.replace(base, problems=(p,))

        return setup

    def over_blown():
        play.state = dataclasses.replace(
            base, blast_rate=1.5, hearth_temperature_c=1360.0, problems=("high_fuel", "unmelted")
        )

    def lime_chilled():
        play.state = dataclasses.replace(
            base, slag_basicity=3.1, hearth_temperature_c=1300.0, problems=("chilled",)
        )

    def refused():
        play.state = base
        play.last_charge = Charged("limestone", False, play.clock)

    def crew_tapped():
        play.state = base
        play.last_charge = Charged("limestone", True, play.clock - 0.2)
        play.last_tap = Tapped(tap, play.clock - 1.0, automatic=True)

    def waiting():
        play.state = base
        play.challenge = Challenge()
        play.challenge.update(base)
        play.challenge_seconds = 599.0

    def counting():
        play.state = dataclasses.replace(base, hearth_iron_kg=2500.0)
        challenge = play.challenge = Challenge()
        challenge._base = (0.0, 0.0, 0.0)
        challenge.iron_kg, challenge.made_kg, challenge.co2_kg = 999.0, 999.0, 9990.0

    def done(seen=(), shift_problem=None):
        def setup():
            play.state = base
            challenge = play.challenge = Challenge()
            challenge._base = (0.0, 0.0, 0.0)
            challenge.iron_kg = challenge.made_kg = 1000.0
            challenge.co2_kg, challenge.done = 2222.0, True
            challenge._counted = True
            challenge.seen = set(seen)
            challenge.shift_problem = shift_problem
            challenge.shift_after_s = None if shift_problem is None else 11.5 * 3600.0

        return setup

    def checking():
        done()()
        play.challenge.done = False

    def explained(topic, asked=True):
        def setup():
            play.state = base
            play.explained = Explained(topic, play.clock, asked)

        return setup

    def nothing_to_tap():
        play.state = base
        play.tap_refused_at = play.clock

    yield "good", lambda: None
    yield "extreme", extreme
    for p in PROBLEMS:
        yield p, problem(p)
    yield "over-blown", over_blown
    yield "chilled by limestone", lime_chilled
    yield "throat full", refused
    yield "crew tapped", crew_tapped
    yield "challenge waiting", waiting
    yield "challenge counting", counting
    yield "challenge done", done()
    yield "challenge void", done({"chilled", "sticky_slag"})
    yield "challenge penalised", done(model.PENALTY_POINTS)
    yield "challenge checking", checking
    yield "challenge short shift", done(shift_problem="unmelted")
    yield "challenge penalised, short shift", done(model.PENALTY_POINTS, "chilled")
    for topic in TOPICS:
        yield topic, explained(topic)
    yield "nothing to tap", nothing_to_tap


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize(
    "size", [LANDSCAPE, PORTRAIT, (1280, 800)], ids=["landscape", "portrait", "16:10"]
)
def test_every_string_fits_its_box_in_every_language(tmp_path, size):
    rig = Rig(tmp_path, size)
    try:
        rig.touch(rig.w / 2, rig.h / 2)  # a session: no invitation band over the scene
        screen = rig.app.screen
        corner = screen.language_buttons(rig.config.languages).values()
        smallest = screen.px(16)
        problems = []
        for name, setup in _scenarios(rig.play):
            setup()
            for language in rig.config.languages:
                rig.app.language = language
                rig.app.draw()  # drawn from the state set up, without the play moving on
                drawn = rig.scene.texts
                assert len(drawn) > 40, "the scene records what it draws"
                for placed in drawn:
                    where = f"{name} / {language} / {placed.text!r}"
                    if not placed.fits:
                        problems.append(f"{where} overflows {placed.box}: {placed.rect}")
                    if placed.size < smallest:
                        problems.append(f"{where} shrunk to {placed.size} px")
                    if not screen_rect(screen).contains(placed.box):
                        problems.append(f"{where} is off screen: {placed.box}")
                    if any(_overlap(placed.rect, rect) for rect in corner):
                        problems.append(f"{where} is under the language buttons")
                for a, b in itertools.combinations(drawn, 2):
                    if _overlap(a.rect, b.rect):
                        problems.append(f"{name} / {language}: {a.text!r} on {b.text!r}")
            rig.play.reset()
        assert not problems, "\n".join(problems[:80])
    finally:
        rig.close()


def screen_rect(screen: Screen) -> pygame.Rect:
    return pygame.Rect(0, 0, screen.width, screen.height)


def test_every_character_the_scene_can_show_has_a_glyph_in_lato():
    pygame.font.init()
    strings = [words for item in texts.STRINGS.values() for words in item.values()]
    strings += ["≈ 2\u202f300 °C", "CO₂ N₂ H₂", "—", "·", "+ ", "1.000 kg"]
    characters = sorted({ch for words in strings for ch in words if not ch.isspace()})
    assert {"é", "è", "à", "°", "₂", "≈", "→"} <= set(characters)
    characters += ["ô", "œ", "ç", "ë", "\u202f"]  # for curators' edits; French numbers
    for face in ("regular", "bold", "black"):
        f = text.font(face, 40)
        missing = pygame.image.tobytes(f.render("\U000f0000", True, (255, 255, 255)), "RGBA")
        lacking = [
            ch
            for ch in characters
            if pygame.image.tobytes(f.render(ch, True, (255, 255, 255)), "RGBA") == missing
            and not ch.isspace()
        ]
        assert not lacking, f"{face} lacks {lacking}"


def test_numbers_are_written_the_way_each_language_writes_them():
    # one formatter for every exhibit: the numbers the scene writes beside a unit, and those the
    # texts fill in
    assert scene_module.number is numbers.number
    assert scene_module.t is texts.t
    assert numbers.number(1450.5, 1, "fr") == "1\u202f450,5"
    assert numbers.number(1450.5, 1, "nl") == "1.450,5"
    assert numbers.number(1450.5, 1, "en") == "1,450.5"
    assert numbers.number(0.40, 2, "fr", trim=True) == "0,4"
    assert numbers.number(2.0, 2, "en", trim=True) == "2"
    filled = texts.t("tap.result", "fr", iron_t=3.44, temperature_c=1487)
    assert filled == "3,4 t de fonte à 1\u202f487 °C"
    assert texts.t("scene.chill", "nl", celsius=1350.0) == "Te koud onder 1.350 °C"
    # a French number is one word: the shared wrap breaks at plain spaces only
    pygame.font.init()
    f = text.font("regular", 40)
    words = "Trop froid sous 1\u202f350 °C"
    width = f.size("Trop froid sous 1")[0]
    assert "1\u202f350" in "".join(text.wrap(words, f, width))


def test_a_chilled_hearth_says_why_and_hides_the_live_co2_figure(rig):
    """The status explains the chill by the cold hearth and its stiff slag, the hearth gauge
    marks the threshold, and the challenge's live CO2 per tonne disappears while it lasts."""
    play = rig.play
    rig.touch(rig.w / 2, rig.h / 2)
    base = play.state
    chilled = dataclasses.replace(base, problems=("chilled",))
    challenge = play.challenge = Challenge()
    challenge.update(base)
    challenge._base = (base.iron_tapped_kg - 500.0, 0.0, 0.0)  # 500 kg of theirs tapped
    challenge.made_kg, challenge.co2_kg = 1000.0, 1550.0
    challenge.update(base)
    live = f"{texts.t('gauge.co2_per_t', 'en')}: 1.55 t"
    for language in ("fr", "en"):
        rig.app.language = language
        play.state = base
        rig.app.draw()
        assert (live in rig.strings()) == (language == "en")
    play.state = chilled
    challenge.update(chilled)
    assert challenge.live_co2_per_t is None and challenge.co2_per_t == pytest.approx(1550.0)
    rig.app.draw()
    shown = rig.strings()
    assert live not in shown
    assert texts.t("problem.chilled", "en") in shown
    assert texts.t("problem.chilled.why", "en") in shown
    assert "Too cold below 1,350 °C" in shown


def test_a_press_refused_by_a_full_throat_never_hides_the_problem(rig):
    """A refused press is said while all is well; while the hearth is chilled, the chill and
    its cause stay on screen however often the visitor presses."""
    play = rig.play
    rig.touch(rig.w / 2, rig.h / 2)
    rig.app.language = "en"
    base = play.state
    play.last_charge = Charged("ore", False, play.clock)
    rig.app.draw()
    assert texts.t("scene.throat_full", "en") in rig.strings()
    play.state = dataclasses.replace(base, problems=("chilled",))
    rig.app.draw()
    shown = rig.strings()
    assert texts.t("problem.chilled.why", "en") in shown
    assert texts.t("scene.throat_full", "en") not in shown


def test_an_over_blown_furnace_blames_the_blast_for_its_coke_rate(rig):
    """Too much blast for a cooling hearth: the status names the high fuel use and says to
    turn the blast down, where the same problem at nominal blast, or on a hot hearth, blames
    the coke charged."""
    play = rig.play
    rig.touch(rig.w / 2, rig.h / 2)
    rig.app.language = "en"
    for rate, hearth, why in (
        (1.0, 1360.0, "problem.high_fuel.why"),
        (1.5, 1560.0, "problem.high_fuel.why"),
        (1.5, 1360.0, "problem.blast.why"),
    ):
        play.state = dataclasses.replace(
            play.state,
            blast_rate=rate,
            hearth_temperature_c=hearth,
            problems=("high_fuel", "unmelted"),
        )
        rig.app.draw()
        shown = rig.strings()
        assert texts.t("problem.high_fuel", "en") in shown
        assert texts.t(why, "en") in shown
        assert texts.t("problem.unmelted", "en") not in shown  # one problem at a time


def test_a_cached_frame_equals_a_fresh_scenes_frame(rig):
    """Caching never changes what is drawn: the same state drawn by a new scene is identical."""
    rig.press("l")
    rig.frames(round(2.0 / FRAME))
    rig.app.draw()
    cached = pygame.image.tobytes(rig.surface, "RGB")
    fresh = FurnaceScene(Screen(*rig.surface.get_size()))
    fresh._scroll, fresh._anchor = rig.scene._scroll, rig.scene._anchor
    fresh.draw(rig.surface, rig.play, rig.app.language, rig.now)
    for language, rect in rig.app.screen.language_buttons(rig.app.languages).items():
        name = LANGUAGE_NAMES[language]
        button(rig.surface, rect, name, rig.app.screen.unit, language == rig.app.language)
    assert pygame.image.tobytes(rig.surface, "RGB") == cached


def test_the_burden_on_screen_moves_down_with_the_model(rig):
    """The layers are drawn where the model says: the lowest layer's colour sits at its place,
    and a few seconds later the picture of the stack has changed as the burden sank."""
    rig.frames()
    g = rig.scene.geometry
    stack = (g.cx - g.half // 2, g.y(0.1), g.half, g.y(0.5) - g.y(0.1))
    before = rig.grab(stack)
    top = rig.play.state.burden[0]
    rig.frames(60, step=0.1)
    moved = next(layer for layer in rig.play.state.burden if layer.charge_no == top.charge_no)
    assert moved.top > top.top
    assert rig.grab(stack) != before
    assert GOOD_RECIPE  # the crew kept charging its recipe meanwhile
    assert rig.play.state.charges > 0
