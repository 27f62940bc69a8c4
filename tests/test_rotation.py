"""A kiosk whose screen is mounted turned: the picture is turned, touches land where they look."""

from __future__ import annotations

import pygame
import pytest

from acier.kiosk.rotation import ROTATIONS, to_content
from tests.pilot import Pilot
from tests.sample_content import make_pack
from tests.test_kiosk_app import different


def test_the_corners_of_the_panel_are_the_corners_of_the_picture_turned():
    # the panel's top-left corner shows the picture's corner that the clockwise turn put there
    assert to_content(0, 0, 0) == (0, 0)
    assert to_content(0, 0, 90) == (0, 1)  # the bottom-left of the picture
    assert to_content(0, 0, 180) == (1, 1)
    assert to_content(0, 0, 270) == (1, 0)
    for rotation in ROTATIONS:  # four quarter turns of a point bring it back
        x, y = 0.2, 0.7
        for _ in range(4):
            x, y = to_content(x, y, 90)
        assert (x, y) == pytest.approx((0.2, 0.7))
        assert to_content(0.5, 0.5, rotation) == (0.5, 0.5)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return make_pack(tmp_path_factory.mktemp("media"), entries=6)


def test_a_landscape_panel_turned_shows_the_portrait_kiosk_and_takes_its_touches(media, tmp_path):
    upright = Pilot(media, tmp_path / "a", size=(540, 960))
    upright.wake()
    upright.settle()
    expected = upright.surface.copy()
    upright.close()

    turned = Pilot(media, tmp_path / "b", size=(960, 540), rotation=90)
    try:
        turned.wake()
        turned.settle()
        back = pygame.transform.rotate(turned.surface, 90)  # undo the clockwise quarter turn
        assert back.get_size() == (540, 960)
        assert different(expected, back) < 0.01
        # the Dutch button of the upright picture, where the turned panel shows it
        x, y, w, h = turned.app.screen.language_buttons(turned.app.languages)["nl"]
        cx, cy = (x + w / 2) / 540, (y + h / 2) / 960
        turned.tap((1 - cy) * 960, cx * 540)
        turned.settle()
        assert turned.app.language == "nl"
    finally:
        turned.close()
