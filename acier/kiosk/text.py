"""Fonts and wrapped text: measured with the real font so nothing overflows in any language.

Long Dutch compounds wider than a line are split with a hyphen rather than overflowing.
Rendered blocks are cached by their inputs, because rendering text is the slowest thing
the kiosk draws and the same texts are drawn every frame.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame

FONT_DIR = Path(__file__).parent / "fonts"
FACES = {
    "regular": "Lato-Regular.ttf",
    "bold": "Lato-Bold.ttf",
    "black": "Lato-Black.ttf",
    "italic": "Lato-Italic.ttf",
}


def line_step(f: pygame.font.Font) -> int:
    """Baseline-to-baseline distance: a little airier than Lato's own, for reading standing up."""
    return round(f.get_linesize() * 1.08)


@lru_cache(maxsize=128)
def font(face: str, size: int) -> pygame.font.Font:
    if not pygame.font.get_init():
        pygame.font.init()
    return pygame.font.Font(str(FONT_DIR / FACES[face]), max(6, size))


def _split_long(word: str, f: pygame.font.Font, width: int) -> list[str]:
    pieces, current = [], ""
    for ch in word:
        if current and f.size(current + ch + "-")[0] > width:
            pieces.append(current + "-")
            current = ch
        else:
            current += ch
    return [*pieces, current]


def wrap(text: str, f: pygame.font.Font, width: int) -> list[str]:
    """Lines of `text` no wider than `width` pixels; blank lines separate paragraphs."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):  # not at no-break spaces: "1 475 °C" stays whole
            if not word:
                continue
            pieces = [word] if f.size(word)[0] <= width else _split_long(word, f, width)
            for piece in pieces:
                candidate = f"{current} {piece}" if current else piece
                if f.size(candidate)[0] <= width:
                    current = candidate
                else:
                    if current:
                        lines.append(current)
                    current = piece
        lines.append(current)
    return lines


@lru_cache(maxsize=64)
def render_block(text: str, face: str, size: int, colour: tuple, width: int) -> pygame.Surface:
    """A transparent surface holding `text` wrapped to `width`."""
    f = font(face, size)
    lines = wrap(text, f, width)
    step = line_step(f)
    surface = pygame.Surface((width, max(1, step * len(lines))), pygame.SRCALPHA)
    for i, line in enumerate(lines):
        if line:
            surface.blit(f.render(line, True, colour), (0, i * step))
    return surface


@lru_cache(maxsize=1024)
def fit_size(text: str, face: str, size: int, width: int, height: int, minimum: int = 14) -> int:
    """`size`, or the largest smaller size at which `text` wrapped to `width` fits `height`."""
    while size > minimum:
        f = font(face, size)
        if line_step(f) * len(wrap(text, f, width)) <= height:
            return size
        size -= max(1, size // 12)
    return minimum


def fit_block(
    text: str, face: str, size: int, colour: tuple, width: int, height: int, minimum: int = 14
) -> pygame.Surface:
    """`render_block` at the largest size up to `size` whose lines fit in `height`."""
    return render_block(
        text, face, fit_size(text, face, size, width, height, minimum), colour, width
    )


@lru_cache(maxsize=32)
def render_clamped(
    text: str, face: str, size: int, colour: tuple, width: int, height: int
) -> pygame.Surface | None:
    """As many wrapped lines as fit `height`, the last one ending in an ellipsis if cut."""
    f = font(face, size)
    step = line_step(f)
    lines = wrap(text, f, width)
    keep = min(len(lines), height // step)
    if keep <= 0:
        return None
    shown = lines[:keep]
    if keep < len(lines):
        last = shown[-1]
        while last and f.size(last + " …")[0] > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        shown[-1] = last + " …"
    surface = pygame.Surface((width, step * keep), pygame.SRCALPHA)
    for i, line in enumerate(shown):
        surface.blit(f.render(line, True, colour), (0, i * step))
    return surface


@lru_cache(maxsize=512)
def render_line(text: str, face: str, size: int, colour: tuple) -> pygame.Surface:
    return font(face, size).render(text, True, colour)


def render_fitted_line(
    text: str, face: str, size: int, colour: tuple, width: int
) -> pygame.Surface:
    """One line of text shrunk until it is no wider than `width`."""
    while size > 8 and font(face, size).size(text)[0] > width:
        size -= 1
    return render_line(text, face, size, colour)
