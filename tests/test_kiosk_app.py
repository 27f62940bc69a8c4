"""The timeline kiosk driven through its event queue, checked by what it draws and records."""

import time
from pathlib import Path

import pygame
import pytest

from acier.hardware.bindings import InputBinding
from acier.hardware.inputs import Motion
from acier.hardware.simulation import PIR_SETTLE_S
from acier.kiosk.layout import DetailGeometry, Screen
from acier.kiosk.presence import NEAR_S, PRESENCE_GAP_S
from tests.pilot import Pilot
from tests.sample_content import make_pack


def average(surface: pygame.Surface) -> tuple[int, int, int]:
    return tuple(pygame.transform.average_color(surface))[:3]


def different(a: pygame.Surface, b: pygame.Surface) -> float:
    """Share of pixels that changed noticeably between two same-size images."""
    diff = pygame.Surface(a.get_size())
    diff.blit(a, (0, 0))
    diff.blit(b, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    other = pygame.Surface(a.get_size())
    other.blit(b, (0, 0))
    other.blit(a, (0, 0), special_flags=pygame.BLEND_RGB_SUB)
    diff.blit(other, (0, 0), special_flags=pygame.BLEND_RGB_ADD)
    mask = pygame.mask.from_threshold(diff, (0, 0, 0), (40, 40, 40, 255))
    return 1 - mask.count() / (a.get_width() * a.get_height())


@pytest.fixture(scope="module")
def media(tmp_path_factory) -> Path:
    return make_pack(tmp_path_factory.mktemp("media"), entries=12)


@pytest.fixture
def pilot(media, tmp_path):
    p = Pilot(media, tmp_path)
    yield p
    p.close()


def centre_card(pilot: Pilot) -> int:
    return pilot.app.scroll.nearest(pilot.app.scroll.offset)


def test_starts_on_attract_and_a_touch_starts_a_session_in_the_default_language(pilot):
    pilot.settle()
    assert pilot.app.mode == "attract"
    attract = pilot.region((0, 0, pilot.w, pilot.h))
    pilot.wake()
    pilot.settle()
    assert pilot.app.mode == "timeline"
    assert different(attract, pilot.region((0, 0, pilot.w, pilot.h))) > 0.3
    [start] = pilot.events()
    assert start["type"] == "session.start" and start["language"] == "fr"
    assert start["session"]


def test_drag_shows_in_the_very_next_frame(pilot):
    pilot.wake()
    pilot.settle()
    before = pilot.app.scroll.offset
    strip = (0, pilot.app.timeline.geometry.card_top + 50, pilot.w, 40)
    shot = pilot.region(strip)
    pilot.finger(pygame.FINGERDOWN, 1200, 600)
    pilot.frames()
    pilot.finger(pygame.FINGERMOTION, 1100, 600)
    pilot.frames()  # beyond the tap slop: the drag starts
    pilot.finger(pygame.FINGERMOTION, 1000, 600)
    pilot.frames()
    assert pilot.app.scroll.offset == pytest.approx(before + 200)
    assert different(shot, pilot.region(strip)) > 0.05


def test_fling_glides_and_snaps_to_an_entry(pilot):
    pilot.wake()
    pilot.settle()
    pilot.drag(1500, 300, 600, steps=6)  # 200 px per frame: a fast fling
    assert not pilot.app.scroll.settled
    pilot.settle()
    index = centre_card(pilot)
    assert index >= 5
    assert pilot.app.scroll.offset == pilot.app.scroll.snaps[index]


def test_rubber_band_at_the_start(pilot):
    pilot.wake()
    pilot.settle()
    first = pilot.app.scroll.snaps[0]
    pilot.drag(300, 900, 600, steps=10, release=False)
    assert first - 600 < pilot.app.scroll.offset < first - 100  # resisted, not followed 1:1
    pilot.finger(pygame.FINGERUP, 900, 600)
    pilot.settle()
    assert pilot.app.scroll.offset == pilot.app.scroll.snaps[0]


def test_tap_opens_the_entry_and_close_returns_to_the_same_place(pilot):
    pilot.wake()
    pilot.drag(1500, 700, 600, steps=20)
    pilot.settle()
    index, offset = centre_card(pilot), pilot.app.scroll.offset
    card = pilot.app.timeline.geometry.card_rect(pilot.app.timeline.xs[index], offset)
    pilot.tap(card[0] + card[2] / 2, card[1] + card[3] / 2)
    assert pilot.app.mode == "detail" and pilot.app.detail.index == index
    pilot.settle()
    geometry = DetailGeometry(Screen(pilot.w, pilot.h))
    text_area = pilot.region(geometry.text)
    assert average(text_area) != average(pilot.region((0, 0, 40, 40)))
    close = geometry.close_button
    pilot.tap(close[0] + close[2] / 2, close[1] + close[3] / 2)
    assert pilot.app.mode == "timeline"
    assert pilot.app.scroll.offset == offset
    entry = pilot.app.content.entries[index].id
    assert pilot.types()[-2:] == ["entry.open", "entry.close"]
    opened, closed = pilot.events()[-2:]
    assert opened == {**opened, "entry": entry, "via": "tap"}
    assert closed["entry"] == entry and closed["dwell_s"] > 0


def test_swipe_and_arrows_go_to_neighbours(pilot):
    pilot.wake()
    pilot.settle()
    pilot.tap(pilot.w / 2, 600)
    first = pilot.app.detail.index
    pilot.drag(1400, 600, 700, steps=8)  # swipe left: the next entry
    assert pilot.app.detail.index == first + 1
    _, following = pilot.app.detail_view.geometry.arrows
    pilot.tap(following[0] + 10, following[1] + 10)
    assert pilot.app.detail.index == first + 2
    pilot.drag(600, 1400, 700, steps=8)  # swipe right: back
    assert pilot.app.detail.index == first + 1
    vias = [e["via"] for e in pilot.events() if e["type"] == "entry.open"]
    assert vias == ["tap", "swipe", "arrow", "swipe"]
    pilot.key(pygame.K_ESCAPE)
    assert pilot.app.mode == "timeline"
    assert centre_card(pilot) == first + 1


def test_touch_is_not_handled_twice_through_emulated_mouse_events(pilot):
    pilot.wake()
    pilot.settle()
    x, y = pilot.w / 2, 600
    pilot.finger(pygame.FINGERDOWN, x, y)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=True))
    pilot.frames()
    pilot.finger(pygame.FINGERUP, x, y)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=1, touch=True))
    pilot.frames()
    assert pilot.types().count("entry.open") == 1
    assert pilot.app.detail.index == centre_card(pilot)


def test_mouse_works_like_a_finger(pilot):
    pilot.wake()
    pilot.settle()
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(1400, 600), button=1, touch=False)
    )
    pilot.frames()
    for x in range(1350, 1000, -50):
        pygame.event.post(
            pygame.event.Event(
                pygame.MOUSEMOTION, pos=(x, 600), rel=(-50, 0), buttons=(1, 0, 0), touch=False
            )
        )
        pilot.frames()
    assert pilot.app.scroll.offset > pilot.app.scroll.snaps[0]
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(1000, 600), button=1, touch=False)
    )
    pilot.settle()
    assert centre_card(pilot) >= 1


def test_language_switch_rerenders_everything_and_is_recorded(pilot):
    pilot.wake()
    pilot.settle()
    bar = pilot.region((0, 0, 900, 100))
    cards = pilot.region((0, 300, pilot.w, 500))
    nl = pilot.app.screen.language_buttons(pilot.app.languages)["nl"]
    pilot.tap(nl[0] + 20, nl[1] + 20)
    pilot.settle()
    assert pilot.app.language == "nl"
    assert different(bar, pilot.region((0, 0, 900, 100))) > 0.01
    assert different(cards, pilot.region((0, 300, pilot.w, 500))) > 0.01
    change = pilot.events()[-1]
    assert change["type"] == "language.change"
    assert (change["from_language"], change["to_language"]) == ("fr", "nl")


def test_text_size_button_makes_the_text_larger(pilot):
    pilot.wake()
    pilot.settle()
    pilot.tap(pilot.w / 2, 600)
    pilot.settle()
    normal = pilot.app.detail_view.body_size
    size = pilot.app.screen.text_size_button(pilot.app.languages)
    pilot.tap(size[0] + 20, size[1] + 20)
    pilot.frames()
    assert pilot.app.detail_view.body_size > normal
    assert pilot.events()[-1] == {**pilot.events()[-1], "type": "textsize.change", "level": 1}


def test_idle_returns_to_attract_and_resets_the_visitor_settings(pilot):
    pilot.wake()
    en = pilot.app.screen.language_buttons(pilot.app.languages)["en"]
    pilot.tap(en[0] + 20, en[1] + 20)
    pilot.tap(pilot.w / 2, 600)
    pilot.advance(60)
    assert pilot.app.mode == "detail"
    pilot.advance(31)
    assert pilot.app.mode == "attract"
    assert pilot.app.language == "fr"
    assert pilot.types()[-2:] == ["entry.close", "session.end"]
    end = pilot.events()[-1]
    assert end["reason"] == "idle" and 0 < end["dwell_s"] < 5
    # The next touch is a new visitor.
    pilot.wake()
    sessions = {e["session"] for e in pilot.events() if e["type"] == "session.start"}
    assert len(sessions) == 2


def test_portrait_layout_fits_the_screen(media, tmp_path):
    p = Pilot(media, tmp_path, size=(1080, 1920))
    try:
        p.wake()
        p.settle()
        g = p.app.timeline.geometry
        _, h = g.card_size
        assert g.card_top + h < g.axis_y < p.h - 60
        p.tap(p.w / 2, g.card_top + h / 2)
        p.settle()
        assert p.app.mode == "detail"
        detail = p.app.detail_view.geometry
        for rect in (detail.card, detail.close_button, *detail.arrows):
            x, y, rw, rh = rect
            assert x >= 0 and x + rw <= p.w and y >= 0 and y + rh <= p.h, rect
    finally:
        p.close()


def test_corrupt_image_is_skipped_not_fatal(tmp_path):
    media = make_pack(tmp_path / "media", entries=4)
    (media / "images" / "entry-000.jpg").write_bytes(b"\x89PNG\r\n\x1a\nthis is not an image")
    p = Pilot(media, tmp_path)
    try:
        p.wake()
        p.settle()
        assert p.app.images.failed(media / "images" / "entry-000.jpg")
        p.tap(p.w / 2, 600)
        p.settle()
        assert p.app.mode == "detail"
    finally:
        p.close()


def test_a_pir_sensor_counts_arrivals_and_the_empty_hall_dims_the_attract_loop(media, tmp_path):
    pilot = Pilot(media, tmp_path, inputs={"hall": InputBinding(motion=4)})
    try:
        pilot.settle()
        pilot.now += NEAR_S + 1  # nobody came near for a minute
        pilot.frames()
        dim = average(pilot.surface)
        assert sum(dim) < sum(average(_undimmed(pilot))) / 1.5
        # someone walks up: the sensor's pin goes high (the M key in simulation)
        pilot.key(pygame.K_m)
        pilot.until(lambda: "presence" in pilot.types())
        pilot.key(pygame.K_m, down=False)
        time.sleep(PIR_SETTLE_S)  # long enough for the sensor to see them gone
        pilot.frames()
        assert sum(average(pilot.surface)) > 1.5 * sum(dim)
        assert [e for e in pilot.events() if e["type"] == "presence"] == [
            {"type": "presence", "session": None, "input": "hall"}
        ]
        assert pilot.app.mode == "attract"  # near is not yet touching
        # closed to the public: nobody is counted
        pilot.app.sleep(pilot.now)
        pilot.app._hardware_event(Motion("hall", True), pilot.now + PRESENCE_GAP_S + 1)
        assert pilot.types().count("presence") == 1
        pilot.app.wake(pilot.now)
        # after a quiet spell, the sensor firing again is someone new
        pilot.now += PRESENCE_GAP_S + 1
        pilot.key(pygame.K_m)
        pilot.until(lambda: pilot.types().count("presence") == 2)
        pilot.wake()
        assert pilot.app.mode == "timeline"
    finally:
        pilot.close()


def test_a_timeline_without_a_sensor_never_dims(pilot):
    pilot.settle()
    pilot.now += NEAR_S + 1
    pilot.frames()
    assert different(pilot.region((0, 0, pilot.w, pilot.h)), _undimmed(pilot)) < 0.01


def _undimmed(pilot: Pilot) -> pygame.Surface:
    """The attract loop as it is at this moment, drawn on its own."""
    app = pilot.app
    picture = pygame.Surface(pilot.surface.get_size())
    app.attract.draw(picture, app.clock() - app._attract_since, app.languages)
    return picture
