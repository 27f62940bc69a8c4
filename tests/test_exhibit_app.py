"""The exhibit loop's own rules, on the furnace kiosk of config/furnace-1.yaml on simulated
hardware: who counts as a visitor, how long a visit lasts, presence, sleep and identify."""

from __future__ import annotations

import time

import pygame
import pytest

from acier.hardware.inputs import Motion
from acier.kiosk.exhibit_app import BUSY_IDLE_S
from acier.kiosk.layout import exhibit_frame
from acier.kiosk.presence import NEAR_S, PRESENCE_GAP_S
from tests.test_blast_furnace_scene import HEARTH_LED, TAP_RELAY, Rig


@pytest.fixture
def rig(tmp_path):
    rig = Rig(tmp_path)
    rig.until(lambda: rig.app.boards.get("stove") == "connected")
    yield rig
    rig.close()


def test_a_board_reporting_the_same_value_is_no_visitor_but_a_turned_knob_is(rig):
    for _ in range(5):  # the stove board reports every second, as its firmware should
        rig.sim.send("stove", temp=1150.0)
        rig.frames(30)
    rig.until(lambda: rig.hardware.board_states()["stove"]["lines"] >= 5)
    rig.frames(5)
    assert rig.app.mode == "attract" and not rig.events("session.start")
    rig.sim.send("stove", temp=1225.0)  # someone turned the knob
    rig.until(lambda: rig.app.mode == "playing")
    assert [e.type for e in rig.events()] == ["session.start"]


def test_a_challenge_holds_the_visit_until_the_longer_busy_timeout(rig):
    rig.press("g")  # the group starts the challenge
    assert rig.app.session.active and rig.play.busy
    assert [e.type for e in rig.events()][-1] == "challenge.start"
    idle = rig.config.idle_timeout_s
    rig.frames(1, step=idle + 5)  # waiting for their skips to come down: still their visit
    assert rig.app.session.active
    rig.frames(1, step=BUSY_IDLE_S)  # the group has gone
    assert not rig.app.session.active
    kinds = [e.type for e in rig.events()]
    assert kinds[-2:] == ["challenge.end", "session.end"]
    assert rig.events("challenge.end")[0].data["completed"] is False


def test_presence_counts_arrivals_not_every_movement(rig):
    app = rig.app
    app.hardware_event(Motion("visitor", True), rig.now)
    app.hardware_event(Motion("visitor", False), rig.now + 5)
    app.hardware_event(Motion("visitor", True), rig.now + 10)  # the same person, moving
    app.hardware_event(Motion("visitor", True), rig.now + 10 + PRESENCE_GAP_S + 1)  # next one
    assert [e.data for e in rig.events("presence")] == [{"input": "visitor"}] * 2
    assert app.mode == "attract"  # someone near is not yet someone playing


def test_someone_walking_past_does_not_keep_a_visit_alive(rig):
    rig.press("c")
    assert rig.app.session.active
    for _ in range(4):  # a busy hall: the PIR fires all the time
        rig.frames(1, step=rig.config.idle_timeout_s / 3)
        rig.app.hardware_event(Motion("visitor", True), rig.now)
    assert not rig.app.session.active
    assert rig.events("session.end")[0].data["reason"] == "idle"


def test_after_closing_time_a_selftest_and_identify_still_show(rig):
    rig.app.sleep(rig.now)
    rig.frames()
    assert brightness(rig.surface) == 0
    rig.app.start_selftest()
    rig.frames()
    assert brightness(rig.surface) > 0  # the technician sees what to do
    rig.app.selftest = None
    rig.app.identify_until = rig.now + 10
    lit = set()
    for _ in range(20):
        rig.frames(1, step=0.05)
        lit.add(brightness(rig.surface) > 0)
        lit.add(("led", rig.pin(HEARTH_LED)))
    assert True in lit and ("led", 1.0) in lit and ("led", 0.0) in lit


def brightness(surface) -> float:
    small = pygame.transform.smoothscale(surface, (48, 27))
    return sum(sum(small.get_at((x, y))[:3]) for x in range(48) for y in range(27)) / (48 * 27)


def test_the_empty_hall_dims_the_screen_and_someone_coming_near_wakes_it(rig):
    rig.frames(1, step=NEAR_S + 1)
    asleep = brightness(rig.surface)
    rig.app.hardware_event(Motion("visitor", True), rig.now)
    rig.frames()
    awake = brightness(rig.surface)
    assert awake > 1.5 * asleep
    rig.frames(1, step=NEAR_S + 1)  # they walked on
    assert brightness(rig.surface) < awake / 1.5


def test_asleep_the_outputs_go_dark_and_identify_blinks_them(rig):
    rig.frames(2)
    assert rig.pin(HEARTH_LED) > 0.3  # a working furnace glows
    rig.app.identify_until = rig.now + 10
    levels = set()
    for _ in range(40):
        rig.frames(1, step=0.05)
        levels.add(rig.pin(HEARTH_LED))
    assert 1.0 in levels and len(levels) >= 2  # blinking at full brightness
    rig.app.identify_until = 0
    rig.app.sleep(rig.now)
    rig.frames(2)
    assert rig.pin(HEARTH_LED) == 0 and rig.pin(TAP_RELAY) == 0
    rig.press("c")  # closed: a button press is nobody's visit
    assert rig.app.mode == "asleep" and not rig.events("session.start")


def test_tab_cycles_the_language_and_records_it(rig):
    rig.press("c")
    rig.press("tab")
    change = rig.events("language.change")
    assert [(e.data["from_language"], e.data["to_language"]) for e in change] == [("fr", "nl")]
    assert rig.app.language == "nl"


def test_an_unplugged_board_leaves_the_exhibit_playing_and_comes_back(rig):
    stove = rig.sim.fakes["stove"]
    stove.unplug()
    rig.until(lambda: rig.app.boards["stove"] == "disconnected")
    rig.press("o")  # the buttons still charge the furnace
    assert rig.events("furnace.charge")[0].data == {"material": "ore", "accepted": True}
    stove.replug()
    rig.until(lambda: rig.app.boards["stove"] == "connected")
    rig.sim.send("stove", temp=1250.0)
    rig.until(lambda: rig.play.state.blast_temperature_c == 1250.0)
    assert rig.hardware.board_states()["stove"]["reconnects"] == 1


def test_key_m_walks_past_the_simulated_pir_sensor(rig):
    time.sleep(0.3)  # gpiozero's first PIR sample (10 Hz) sets the level without an edge
    rig.frames(1, step=NEAR_S + 1)
    dim = brightness(rig.surface)
    rig.key("m")  # in front of the sensor while the key is down
    rig.until(lambda: rig.events("presence"))
    rig.key("m", down=False)
    assert brightness(rig.surface) > 1.5 * dim and rig.app.mode == "attract"


def test_the_simulated_stove_knob_turns_only_as_far_as_the_real_one(rig):
    for _ in range(6):  # from 1150 °C, 25 °C a key: the knob stops at the stove's 1250 °C
        rig.press("+")
    rig.press("-")
    rig.until(lambda: rig.hardware.board_states()["stove"]["lines"] >= 7)
    rig.until(lambda: rig.play.state.blast_temperature_c == 1225.0)
    assert rig.sim.values[("stove", "temp")] == 1225.0


def test_an_exhibit_takes_the_largest_16_9_or_9_16_frame_of_any_panel():
    assert exhibit_frame(1920, 1080) == (0, 0, 1920, 1080)
    assert exhibit_frame(1080, 1920) == (0, 0, 1080, 1920)
    assert exhibit_frame(1280, 800) == (0, 40, 1280, 720)  # 16:10: bars above and below
    assert exhibit_frame(1024, 768) == (0, 96, 1024, 576)  # 4:3
    assert exhibit_frame(768, 1024) == (96, 0, 576, 1024)  # 3:4 portrait: bars at the sides
    assert exhibit_frame(800, 1280) == (40, 0, 720, 1280)  # a 16:10 panel on its side
    assert exhibit_frame(2560, 1080) == (320, 0, 1920, 1080)  # ultra-wide: bars at the sides


def test_on_a_4_3_panel_the_exhibit_is_letterboxed_and_touches_and_clicks_land_on_it(tmp_path):
    rig = Rig(tmp_path, (1024, 768))
    try:
        assert (rig.w, rig.h) == (1024, 576) and rig.app.screen.width == 1024
        rig.frames(2)
        assert rig.window.get_at((512, 40))[:3] == (0, 0, 0)  # the bar stays dark
        rig.touch(rig.w / 2, rig.h / 2)  # a visit begins: no invitation band over the scene
        buttons = rig.app.screen.language_buttons(rig.app.languages)
        rig.touch_rect(buttons["en"])  # a finger, reported across the whole panel
        assert rig.app.language == "en"
        x, y, w, h = buttons["nl"]  # a mouse click, in the window's pixels
        at = (x + w // 2, 96 + y + h // 2)
        for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            pygame.event.post(pygame.event.Event(kind, pos=at, button=1, touch=False))
        rig.frames(2)
        assert rig.app.language == "nl"
    finally:
        rig.close()
