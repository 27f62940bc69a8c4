"""Every shipped entry fits its card in every language, at every text size, on both screens."""

from pathlib import Path

import pygame
import pytest

from acier.kiosk.content import LANGUAGES, load_content
from acier.kiosk.detail_view import DetailView
from acier.kiosk.layout import TEXT_SCALES, Screen
from acier.kiosk.text import font, wrap

MEDIA = Path(__file__).parent.parent / "media"


@pytest.fixture(scope="module")
def content():
    pygame.display.init()
    pygame.font.init()
    pygame.display.set_mode((64, 64))
    return load_content(MEDIA)


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_detail_text_fits_legibly(content, size):
    screen = Screen(*size)
    view = DetailView(screen)
    canvas = pygame.Surface(size)
    smallest = {}
    for entry in content.entries:
        for lang in LANGUAGES:
            for level, scale in enumerate(TEXT_SCALES):
                view.set_scale(scale)
                view.compose(canvas, entry, lang, scale, (200, 100, 50), None, True, True)
                wanted = round(31 * screen.unit * scale)
                smallest[(entry.id, lang, level)] = view.body_size / wanted
    worst = min(smallest, key=smallest.get)
    # Larger text may shrink a little to fit, never below 85 % of what was asked for.
    assert smallest[worst] >= 0.85, worst


def test_no_word_is_cut_at_the_normal_size(content):
    """A word split with a hyphen is a last resort; at normal size no shipped word needs it."""
    f = font("regular", 31)
    width = DetailView(Screen(1920, 1080)).geometry.text[2]
    for entry in content.entries:
        for lang in LANGUAGES:
            for line in wrap(entry.text[lang], f, width):
                words = line.split()
                assert not (words and words[-1].endswith("-") and words[-1][:-1].isalpha()), (
                    entry.id,
                    lang,
                    line,
                )
