"""The alloy lab on screen, through the real exhibit loop: simulated hardware (mock GPIO pins and
an RFID reader on a pty), the real outbox, `ExhibitApp` drawing `AlloyScene` on a dummy display.

Tests post the key and finger events SDL would, and step frames until the effect shows (the RFID
path runs through a reader thread, so they poll with a deadline, never assert on timing).
"""

from __future__ import annotations

import math
from pathlib import Path

import pygame
import pytest

from acier.config import KioskConfig
from acier.exhibits import numbers
from acier.exhibits.alloy_lab import scene as scene_module
from acier.exhibits.alloy_lab import texts
from acier.exhibits.alloy_lab.model import ELEMENTS, PHASE_SYMBOLS, TREATMENTS, Alloy, resembles
from acier.exhibits.alloy_lab.play import AlloyPlay
from acier.exhibits.alloy_lab.scene import (
    RECIPES_TO_TRY,
    AlloyScene,
    Placed,
    degrees,
    render_micrograph,
    render_swatch,
)
from acier.hardware.bindings import InputBinding
from acier.hardware.inputs import Tag
from acier.kiosk import text
from acier.kiosk.layout import Screen, contains
from acier.kiosk.style import MOLTEN, button
from tests.exhibit_rig import LANDSCAPE, PORTRAIT, ExhibitRig

TOKENS = {f"0A0000000{i}": element for i, element in enumerate(ELEMENTS, start=1)}
DIGIT = {element: str(i) for i, element in enumerate(ELEMENTS, start=1)}


class Lab(ExhibitRig):
    """The alloy lab kiosk of config/alloy-1.yaml, on simulated hardware and a dummy display;
    with `reader=False`, a lab without the token reader, whose element chips are touched."""

    def __init__(self, tmp: Path, size: tuple[int, int] = LANDSCAPE, reader: bool = True) -> None:
        inputs = {
            "tokens": InputBinding(rfid="/dev/serial/by-id/acier-tokens", baud=9600),
            "temperature": InputBinding(encoder=(5, 6)),
            "clear": InputBinding(button=17),
            "visitor": InputBinding(motion=4),
        }
        if not reader:
            del inputs["tokens"]
        config = KioskConfig(
            device="alloy-test",
            role="alloy_lab",
            media=tmp,
            audio=False,
            inputs=inputs,
            tokens=TOKENS if reader else {},
        )
        super().__init__(tmp, config, size)

    def put_token(self, element: str) -> None:
        """A visitor puts a token on the reader, and takes it off once the lab has it."""
        before = len(self.compose_events())
        self.key(DIGIT[element])
        self.until(lambda: len(self.compose_events()) > before)
        self.key(DIGIT[element], down=False)

    def compose_events(self) -> list:
        return self.events("alloy.compose")

    def pixel(self, x: float, y: float) -> tuple[int, int, int]:
        return tuple(self.surface.get_at((round(x), round(y))))[:3]


@pytest.fixture
def lab(tmp_path):
    lab = Lab(tmp_path)
    yield lab
    lab.close()


def test_tokens_on_the_reader_compose_the_alloy_and_change_the_picture(lab):
    layout = lab.scene.layout
    lab.frames(2)
    recipe_before = lab.grab(layout.chips_panel)
    lab.put_token("Fe")
    lab.frames()
    microscope_with_iron = lab.grab(layout.micro_panel)
    assert lab.grab(layout.chips_panel) != recipe_before
    lab.put_token("Cr")
    lab.frames()
    iron, chromium = lab.compose_events()
    assert iron.data == {
        "element": "Fe",
        "change": "add",
        "via": "token",
        "composition": {},
        "family": "wrought_iron",
    }
    assert chromium.data["element"] == "Cr"
    assert chromium.data["composition"] == {"Cr": 1.0}
    assert chromium.data["family"] == "steel"
    assert lab.events()[0].type == "session.start"
    assert iron.session == lab.events()[0].session is not None
    assert lab.play.alloy == Alloy.of(Cr=1.0)
    # the recipe shows a chromium chip; the micrograph is of the new alloy
    assert "Cr" in [placed.text for placed in lab.scene.texts]
    assert lab.grab(layout.micro_panel) != microscope_with_iron


def test_an_unknown_tag_shows_a_message_and_records_nothing(lab):
    lab.put_token("Fe")
    lab.sim.show_tag("tokens", "0B0B0B0B0B")
    message = texts.t("label.unknown_token", "fr")
    lab.until(lambda: message in " ".join(placed.text for placed in lab.scene.texts))
    assert [e.type for e in lab.events()] == ["session.start", "alloy.compose"]


def test_touching_a_treatment_records_it_and_lights_its_button(lab):
    lab.put_token("Fe")
    lab.put_token("C")
    button = lab.scene.layout.treat_buttons["quench"]
    inside = (button[0] + button[2] - 12, button[1] + button[3] // 2)
    assert lab.pixel(*inside) != MOLTEN
    lab.touch_rect(button)
    lab.until(lambda: lab.events("alloy.treat"))
    (treat,) = lab.events("alloy.treat")
    assert treat.data["treatment"] == "quench"
    assert treat.data["composition"] == {"C": 0.05}
    assert treat.data["structure"][0] == "martensite"
    assert treat.data["hardness_hv"][1] > 300
    assert lab.pixel(*inside) == MOLTEN
    # a key gives the same command in simulation
    lab.key("f1")
    assert [e.data["treatment"] for e in lab.events("alloy.treat")] == ["quench", "slow_cool"]


def test_the_wheel_moves_the_marker_on_the_diagram(lab):
    layout = lab.scene.layout
    lab.put_token("Fe")
    lab.put_token("C")
    lab.frames()
    start = lab.play.temp_c
    before = lab.grab(layout.plot)
    x, y = layout.to_plot(lab.play.verdict.carbon_pct, start)
    assert lab.pixel(x, y) == MOLTEN  # the marker's core
    for _ in range(20):
        lab.key("up")
        lab.key("up", down=False)
    lab.until(lambda: lab.play.temp_c == start + 200)
    lab.frames()
    assert lab.grab(layout.plot) != before
    new_x, new_y = layout.to_plot(lab.play.verdict.carbon_pct, start + 200)
    assert new_y < y - 20
    assert lab.pixel(new_x, new_y) == MOLTEN
    assert lab.pixel(x, y) != MOLTEN
    # the phases box follows: austenite alone at 1100 °C
    shown = " ".join(placed.text for placed in lab.scene.texts)
    label = degrees(start + 200, "fr")
    assert label == "1\u202f100\u00a0°C" and label in shown
    assert not lab.events("alloy.treat")  # a knob is not an interaction event


def test_touches_remove_a_rung_clear_and_move_the_temperature(lab):
    layout = lab.scene.layout
    lab.put_token("Fe")
    lab.put_token("C")
    lab.put_token("Cr")
    # the "−" on the chromium chip
    (target,) = [rect for rect, action in lab.scene._chip_targets if action == "remove:Cr"]
    lab.touch_rect(target)
    lab.until(lambda: lab.compose_events()[-1].data["change"] == "remove")
    removed = lab.compose_events()[-1].data
    assert (removed["element"], removed["via"], removed["composition"]) == (
        "Cr",
        "touch",
        {"C": 0.05},
    )
    # a tap on the diagram puts the temperature line there
    x, y = layout.to_plot(3.0, 1200)
    lab.touch(x, y)
    assert lab.play.temp_c == 1200
    lab.touch_rect(layout.temp_minus)
    assert lab.play.temp_c == 1150
    lab.touch_rect(layout.clear_button)
    cleared = lab.compose_events()[-1].data
    assert (cleared["change"], cleared["via"], cleared["family"]) == ("clear", "touch", "no_iron")
    # the hardware button does the same
    lab.put_token("Fe")
    lab.key("backspace")
    lab.until(lambda: lab.compose_events()[-1].data["via"] == "button")
    lab.key("backspace", down=False)
    assert lab.play.alloy == Alloy()


@pytest.mark.parametrize("size", [LANDSCAPE, PORTRAIT], ids=["landscape", "portrait"])
def test_without_a_reader_visitors_touch_the_element_chips(tmp_path, size):
    lab = Lab(tmp_path, size, reader=False)
    try:
        scene = lab.scene
        lab.touch(lab.w / 2, lab.h / 2)  # wakes the exhibit
        lab.frames()
        shown = [placed.text for placed in scene.texts]
        assert all(element in shown for element in ELEMENTS)  # every chip, before any touch
        assert texts.t("label.no_iron_touch", "fr") in shown
        chips = dict(scene._chip_rects)

        def tap(element):
            before = len(lab.compose_events())
            lab.touch_rect(chips[element])
            lab.until(lambda: len(lab.compose_events()) > before)
            return lab.compose_events()[-1].data

        # carbon first: kept, with the touch wording of "iron first" on the toast
        assert tap("C")["via"] == "touch"
        toast = [placed.text for placed in scene._frame_texts]
        assert toast[-1] == texts.t("label.no_iron_touch", "fr")  # after the marker's tag
        assert tap("Fe")["family"] == "steel"
        for _ in range(3):
            tap("Cr")
        assert lab.play.alloy == Alloy.of(C=0.05, Cr=13.0)
        assert scene._chip_rects == chips  # each element stays in its place
        # the "−" of a chip in the alloy takes a rung back; the rest of the chip adds one
        (minus,) = [rect for rect, action in scene._chip_targets if action == "remove:Cr"]
        lab.touch_rect(minus)
        assert lab.compose_events()[-1].data["change"] == "remove"
        assert lab.play.alloy == Alloy.of(C=0.05, Cr=4.0)
        assert scene.hit(*_centre(chips["Cr"])) == "tap:Cr"
        assert scene.hit(*_centre(chips["Mn"])) == "tap:Mn"
        # a lab with a reader has no chips for what is not in the alloy
        with_reader = AlloyScene(scene.screen)
        with_reader.draw(lab.surface, lab.play, "fr", 0.0)
        assert "Mn" not in with_reader._chip_rects
    finally:
        lab.close()


def _centre(rect) -> tuple[float, float]:
    return rect[0] + rect[2] / 2, rect[1] + rect[3] / 2


def test_no_touch_target_sits_under_the_language_buttons(lab):
    lab.put_token("Fe")
    lab.put_token("C")
    corner = lab.scene.layout.language_corner
    step = 6
    for x in range(corner[0], corner[0] + corner[2], step):
        for y in range(corner[1], corner[1] + corner[3], step):
            assert lab.scene.hit(x, y) is None
    for treatment, rect in lab.scene.layout.treat_buttons.items():
        assert lab.scene.hit(rect[0] + rect[2] / 2, rect[1] + rect[3] / 2) == f"treat:{treatment}"


RECIPES = {
    # name: (tokens, treatment, °C, a last token, whose message shows too)
    "empty": ([], "slow_cool", 900, "Xx"),
    "no iron yet": (["C", "Cr"], "slow_cool", 900, "Mn"),
    "0.4 % C slow": (["Fe", "C", "C", "C"], "slow_cool", 760, "Fe"),
    "0.4 % C quenched": (["Fe", "C", "C", "C"], "quench", 760, "Fe"),
    "42CrMo4": (["Fe", "C", "C", "C", "Cr", "Mo"], "quench_temper", 850, "Fe"),
    "304": (["Fe", "C", "Cr", "Cr", "Cr", "Cr", "Ni", "Ni", "Ni"], "slow_cool", 1100, "Cr"),
    "grey iron": (["Fe", *["C"] * 7, "Si", "Si", "Si"], "air_cool", 1000, "Fe"),
    "white iron": (["Fe", *["C"] * 8], "quench", 1300, "C"),
    "hadfield": (["Fe", *["C"] * 5, *["Mn"] * 4], "quench", 20, "Mn"),
    "hadfield slow": (["Fe", *["C"] * 5, *["Mn"] * 4], "slow_cool", 20, "Fe"),
    "high-speed": (
        ["Fe", *["C"] * 4, "Cr", "Cr", *["Mo"] * 4, "W", "V", "V", "V"],
        "quench",
        1600,
        "Mo",
    ),
    "electrical steel": (["Fe", "C", *["Si"] * 4], "quench", 900, "Si"),
    "crowded": (["Fe", *ELEMENTS[1:], *["Mn"] * 3, *["W"] * 2, *["Cr"] * 3], "air_cool", 500, "Ni"),
}


def _outside(placed: Placed, regions) -> bool:
    x, y, w, h = placed.rect
    return not any(
        rx <= x and ry <= y and x + w <= rx + rw and y + h <= ry + rh for rx, ry, rw, rh in regions
    )


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize(
    "size, reader",
    [
        (LANDSCAPE, True),
        (PORTRAIT, True),
        ((1280, 800), True),
        (LANDSCAPE, False),
        (PORTRAIT, False),
    ],
    ids=["landscape", "portrait", "16:10", "landscape-touch", "portrait-touch"],
)
def test_every_string_fits_its_box_in_every_language(tmp_path, size, reader):
    lab = Lab(tmp_path, size, reader)
    try:
        lab.touch(lab.w / 2, lab.h / 2)  # wakes the exhibit: a session, no attract band
        regions = lab.scene.layout.regions
        corner = lab.scene.layout.language_corner
        problems = []
        messages = set()
        for name, (elements, treatment, temp, last) in RECIPES.items():
            lab.play.reset()
            for element in elements:
                lab.play.command(f"add:{element}")
            lab.play.command(f"treat:{treatment}")
            lab.play.command(f"temp:{temp}")
            if last == "Xx":
                lab.play.handle(Tag("tokens", "FFFFFFFFFF"))  # a token of another exhibit
            else:
                lab.play.command(f"add:{last}")
            messages.add(lab.play.feedback)
            for _ in lab.config.languages:
                lab.frames()
                language = lab.app.language
                drawn = lab.scene.texts
                assert drawn, "nothing recorded"
                for placed in drawn:
                    where = f"{name} / {language} / {placed.text!r}"
                    if not placed.fits:
                        problems.append(f"{where} overflows {placed.box}: {placed.rect}")
                    if not placed.readable:
                        problems.append(f"{where} shrunk to {placed.size} px")
                    if _outside(placed, regions):
                        problems.append(f"{where} leaves its panel: {placed.rect}")
                    if _overlap(placed.rect, corner):
                        problems.append(f"{where} is under the language buttons")
                frame_texts = {id(p) for p in lab.scene._frame_texts}
                still = [p for p in drawn if id(p) not in frame_texts]
                for i, a in enumerate(still):
                    for b in still[i + 1 :]:
                        if _overlap(a.rect, b.rect):
                            problems.append(f"{name} / {language}: {a.text!r} on {b.text!r}")
                lab.key("tab")  # the next language
        assert not problems, "\n".join(problems[:20])
        assert messages == {"unknown_token", "no_iron", "iron_already", "top_rung", "mix_full"}
    finally:
        lab.close()


def test_every_character_the_lab_can_show_has_a_glyph_in_lato():
    pygame.font.init()
    strings = [words for item in texts.STRINGS.values() for words in item.values()]
    strings += [*PHASE_SYMBOLS.values(), "50 µm", "×3", "−", "–", "°C", "·"]
    characters = sorted({ch for words in strings for ch in words if not ch.isspace()})
    for face in ("regular", "bold", "black"):
        f = text.font(face, 40)
        missing = pygame.image.tobytes(f.render("\uffff", True, (255, 255, 255)), "RGBA")
        lacking = [
            ch
            for ch in characters
            if pygame.image.tobytes(f.render(ch, True, (255, 255, 255)), "RGBA") == missing
        ]
        assert not lacking, f"{face} lacks {lacking}"
    assert {"é", "è", "à", "ç", "œ", "°", "₃", "γ", "α", "δ"} <= set(characters)


def test_numbers_use_the_formatter_every_exhibit_shares():
    assert scene_module.number is numbers.number
    assert scene_module.percent(0.4, "fr") == "0,4 %"
    assert scene_module.percent(0.45, "en") == "0.45 %"
    assert scene_module.percent(18.0, "nl") == "18 %"
    assert texts.t("label.hardens_through", "fr", mm=37.6) == "Trempe à cœur jusqu'à 38 mm"
    assert texts.t("label.hardens_through", "en", mm=500.0) == "Hardens through up to 500 mm"
    assert texts.t("label.phases_at", "nl", temp="900 °C") == "Fasen bij 900 °C"  # text as is


def test_micrographs_are_drawn_from_the_structure_and_are_stable():
    pygame.display.init()
    pygame.display.set_mode((8, 8))
    steel = Alloy.of(C=0.4)
    slow = render_micrograph((("ferrite", 0.5), ("pearlite", 0.5)), "slow_cool", "steel", "a", 200)
    again = render_micrograph((("ferrite", 0.5), ("pearlite", 0.5)), "slow_cool", "steel", "a", 200)
    assert pygame.image.tobytes(slow, "RGBA") == pygame.image.tobytes(again, "RGBA")
    quenched = render_micrograph((("martensite", 1.0),), "quench", "steel", "a", 200)
    assert pygame.image.tobytes(quenched, "RGBA") != pygame.image.tobytes(slow, "RGBA")
    # a round picture: transparent corners, opaque centre
    assert slow.get_at((1, 1)).a == 0 and slow.get_at((100, 100)).a == 255

    def darkness(picture) -> float:
        values = [
            sum(picture.get_at((x, y))[:3]) for x in range(40, 160, 4) for y in range(40, 160, 4)
        ]
        return sum(values) / len(values)

    # more pearlite draws darker: the fractions come from the model
    ferritic = render_micrograph(
        (("ferrite", 0.9), ("pearlite", 0.1)), "slow_cool", "steel", "b", 200
    )
    pearlitic = render_micrograph(
        (("ferrite", 0.1), ("pearlite", 0.9)), "slow_cool", "steel", "b", 200
    )
    assert darkness(pearlitic) < darkness(ferritic)
    assert steel.carbon == 0.4


def test_the_carbides_swatch_shows_them_as_the_micrograph_draws_them():
    pygame.display.init()
    pygame.display.set_mode((8, 8))
    carbide = scene_module.CONSTITUENT_COLOURS["carbides"]
    row = [(x, 20) for x in range(6, 35)]  # across the middle of a 40 px swatch
    boundary = render_swatch("carbides", 40, 8, "embrittled")
    assert all(tuple(boundary.get_at(p))[:3] == carbide for p in row)  # a band along a boundary
    dots = render_swatch("carbides", 40, 8, "")
    assert any(tuple(dots.get_at(p))[:3] != carbide for p in row)  # scattered dots


def test_the_recipes_shown_before_any_iron_make_what_they_promise():
    for tokens, grade in RECIPES_TO_TRY:
        alloy = Alloy()
        for element, count in tokens:
            for _ in range(count):
                alloy = alloy.add(element)
        assert any(match.grade.id == grade for match in resembles(alloy, "air_cool")), grade


def test_a_frame_draws_the_same_screen_twice(lab):
    """Caching never changes what is drawn: a frame from the caches equals a fresh scene's."""
    lab.put_token("Fe")
    lab.put_token("C")
    lab.play.update(10.0)  # no message, no glow
    lab.app.draw()
    cached = pygame.image.tobytes(lab.surface, "RGB")
    fresh = AlloyScene(Screen(*lab.surface.get_size()))
    fresh.draw(lab.surface, lab.play, lab.app.language, lab.now)
    for language, rect in lab.app.screen.language_buttons(lab.app.languages).items():
        button(lab.surface, rect, language.upper(), lab.app.screen.unit, language == "fr")
    assert pygame.image.tobytes(lab.surface, "RGB") == cached
    assert contains(lab.scene.layout.plot, *lab.scene.layout.to_plot(0.05, 900))
    assert tuple(lab.scene.layout.treat_buttons) == TREATMENTS


HARDENED_GRADES = {
    # grade: (tokens, treatment): grades shown after a quench, with the line on how deep it hardens
    "42CrMo4": (["Fe", "C", "C", "C", "Cr", "Mo", "Mn"], "quench_temper"),
    "100Cr6": (["Fe", *["C"] * 5, "Cr"], "quench"),
    "420": (["Fe", "C", "C", "C", "Cr", "Cr", "Cr"], "quench_temper"),
    "X120Mn12": (["Fe", *["C"] * 5, *["Mn"] * 4], "quench"),
    "M2": (["Fe", *["C"] * 4, "Cr", "Cr", *["Mo"] * 4, "W", "V", "V", "V"], "quench_temper"),
    "T1": (["Fe", *["C"] * 4, "Cr", "Cr", "W", "W", "W", "V", "V"], "quench_temper"),
}


@pytest.mark.parametrize(
    "size", [LANDSCAPE, PORTRAIT, (1280, 800)], ids=["landscape", "portrait", "16:10"]
)
@pytest.mark.parametrize(
    "tokens, why",
    [
        (["Fe", "C", *["Si"] * 4], "label.diagram_ferrite"),  # Fe-0.05C-3Si: the γ-loop closed
        (["Fe", "C", *["Cr"] * 4], "label.diagram_ferrite"),  # 430: ferritic stainless
        (["Fe", "C", *["Cr"] * 4, *["Ni"] * 3], "label.diagram_not_applicable"),  # 304
        (["Fe", *["C"] * 4, "Cr", "Cr", *["Mo"] * 4, "W"], "label.diagram_not_applicable"),  # M2
    ],
)
def test_the_lab_says_why_the_diagram_is_not_the_alloys(tokens, why, size):
    """Electrical steel is off the diagram because it never becomes austenite, not because it
    is "too highly alloyed" (3 % Si): the diagram box and the phases box say which it is."""
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode(size)
    scene = AlloyScene(Screen(*size))
    play = AlloyPlay()
    for element in tokens:
        play.command(f"add:{element}")
    assert not play.verdict.diagram_applies
    for language in texts.LANGUAGES:
        scene.draw(surface, play, language, 0.0)
        said = [placed.text for placed in scene.texts]
        assert said.count(texts.t(why, language)) == 2, (language, said)
        other = {"label.diagram_ferrite", "label.diagram_not_applicable"} - {why}
        assert texts.t(other.pop(), language) not in said


@pytest.mark.parametrize(
    "size", [LANDSCAPE, PORTRAIT, (1280, 800)], ids=["landscape", "portrait", "16:10"]
)
def test_the_best_grades_sentence_is_drawn_for_quenched_grades(size):
    """The optional sentence about the grade must not lose its room to the quench line."""
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode(size)
    scene = AlloyScene(Screen(*size))
    missing = []
    for grade, (tokens, treatment) in HARDENED_GRADES.items():
        play = AlloyPlay()
        for element in tokens:
            play.command(f"add:{element}")
        play.command(f"treat:{treatment}")
        assert play.verdict.matches[0].grade.id == grade
        for language in texts.LANGUAGES:
            scene.draw(surface, play, language, 0.0)
            drawn = {placed.text: placed for placed in scene.texts}
            sentence = texts.t(f"grade.{grade}", language)
            placed = drawn.get(sentence)
            if placed is None or not (placed.fits and placed.readable):
                missing.append(f"{grade} / {language}")
            assert drawn.keys() & _quench_lines(play.verdict, language), grade  # still said
    assert not missing, missing


def _quench_lines(verdict, language: str) -> set[str]:
    micro = verdict.microstructure
    lines = {
        texts.t("label.not_hardenable", language),
        texts.t("label.hardens_through_any", language),
    }
    if micro.hardens_through_mm not in (None, math.inf):
        lines.add(texts.t("label.hardens_through", language, mm=micro.hardens_through_mm))
    return lines
