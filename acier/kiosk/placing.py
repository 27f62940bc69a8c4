"""Strings placed in boxes: shrunk to fit, aligned, and recorded so tests can check they fit.

A `Placer` draws one line (`put`) or a wrapped block (`block`) into a box given in screen
pixels, at the largest size up to the one asked for (in design pixels) that fits, and appends
a `Placed` to a record list for every string it draws (a block's covers all its lines).
Fitted renderings are cached by their inputs, since the exhibits draw the same strings every
frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from acier.kiosk import text
from acier.kiosk.layout import Rect, Screen

CACHE_LIMIT = 2000
"""Fitted renderings kept before the cache is emptied (numbers come and go)."""


@dataclass(frozen=True)
class Placed:
    """One string as drawn: the box it was given, where it went, at what size (screen px)."""

    text: str
    face: str
    size: int
    box: Rect
    rect: Rect
    minimum: int = 0  # the smallest size the placer would shrink it to

    @property
    def fits(self) -> bool:
        bx, by, bw, bh = self.box
        x, y, w, h = self.rect
        return bx <= x and by <= y and x + w <= bx + bw and y + h <= by + bh

    @property
    def readable(self) -> bool:
        return self.size >= self.minimum


def measure(words: str, face: str, size: int) -> tuple[int, int]:
    """The size `words` render at: SDL_ttf renders a line as tall as the font's line skip,
    a little taller than `Font.size` says."""
    f = text.font(face, size)
    w, h = f.size(words)
    return w, max(h, f.get_linesize())


class Placer:
    """Draws strings into boxes, shrinking them to fit, and records each string drawn.

    `minimum` is the smallest size (screen px) a line is shrunk to, `block_minimum` that of a
    wrapped block (the same unless given). A `coarse` placer shrinks blocks by about a twelfth
    at a time and gives their last line a full line step; otherwise blocks shrink a pixel at a
    time and their last line takes only its own height.
    """

    def __init__(
        self,
        screen: Screen,
        minimum: int,
        block_minimum: int | None = None,
        coarse: bool = False,
    ) -> None:
        self.screen = screen
        self.minimum = minimum
        self.block_minimum = minimum if block_minimum is None else block_minimum
        self.coarse = coarse
        self._cache: dict[tuple, object] = {}

    def _remember(self, key: tuple, value):
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = value
        return value

    def fitted_size(self, words: str, face: str, size: int, width: int, height: int) -> int:
        """`size` (screen px), or the largest smaller one at which `words` fit on one line in
        `width` × `height`; never below `minimum`."""
        size = max(size, 1)
        while size > self.minimum:
            w, h = measure(words, face, size)
            if w <= width and h <= height:
                break
            size -= 1
        return size

    def put(
        self,
        surface: pygame.Surface,
        record: list[Placed],
        words: str,
        face: str,
        size: float,
        colour: tuple,
        box: Rect,
        align: str = "left",
        valign: str = "center",
        origin: tuple[int, int] = (0, 0),
    ) -> pygame.Rect:
        """`words` on one line in `box` (surface coordinates), aligned left, centre or right
        and top, centre or bottom; returns its rect there. `origin` is where the surface sits
        on screen, for the record."""
        bx, by, bw, bh = box
        if not words:
            return pygame.Rect(bx, by, 0, 0)
        key = (words, face, size, colour, bw, bh)
        cached = self._cache.get(key)
        if cached is None:
            px = self.fitted_size(words, face, self.screen.px(size), bw, bh)
            rendered = text.render_line(words, face, px, colour)
            cached = self._remember(key, (rendered, px))
        rendered, px = cached
        w, h = rendered.get_size()
        x = {"left": bx, "center": bx + (bw - w) // 2, "right": bx + bw - w}[align]
        y = {"top": by, "center": by + (bh - h) // 2, "bottom": by + bh - h}[valign]
        surface.blit(rendered, (x, y))
        ox, oy = origin
        record.append(
            Placed(
                words, face, px, (bx + ox, by + oy, bw, bh), (x + ox, y + oy, w, h), self.minimum
            )
        )
        return pygame.Rect(x, y, w, h)

    def _fit_block(self, words, face, size, colour, width, height, max_lines, optional):
        """(size, rendered lines, line step, block height), or None for an `optional` block
        that does not fit even at the smallest size."""
        size = self.screen.px(size)
        minimum = self.block_minimum
        while True:
            f = text.font(face, size)
            lines = text.wrap(words, f, width)
            step = text.line_step(f)
            if self.coarse:
                need = step * len(lines)
            else:
                need = step * (len(lines) - 1) + max(f.get_height(), f.get_linesize())
            if (max_lines is None or len(lines) <= max_lines) and need <= height:
                break
            if size <= minimum:
                if optional:
                    return None
                break
            size -= max(1, size // 12) if self.coarse else 1
        rendered = [
            (i, line, text.render_line(line, face, size, colour))
            for i, line in enumerate(lines)
            if line
        ]
        return size, rendered, step, need

    def block(
        self,
        surface: pygame.Surface,
        record: list[Placed],
        words: str,
        face: str,
        size: float,
        colour: tuple,
        box: Rect,
        max_lines: int | None = None,
        origin: tuple[int, int] = (0, 0),
        optional: bool = False,
        align: str = "left",
        valign: str = "top",
    ) -> pygame.Rect | None:
        """`words` wrapped in `box`, shrunk to fit, each line left-aligned or centred, the block
        from the box's top or standing on its bottom. If even the smallest size overflows, an
        `optional` block is left out (None); any other is drawn anyway, and its record says so.
        Returns the block's rect (the box's width, the lines' height)."""
        bx, by, bw, bh = box
        key = (words, face, size, colour, bw, bh, "block", max_lines, optional)
        if key in self._cache:
            fitted = self._cache[key]
        else:
            fitted = self._remember(
                key, self._fit_block(words, face, size, colour, bw, bh, max_lines, optional)
            )
        if fitted is None:
            return None
        px, rendered, step, need = fitted
        top = by + bh - need if valign == "bottom" else by
        ink = None
        for i, _line, surf in rendered:
            w, h = surf.get_size()
            lx = bx + (bw - w) // 2 if align == "center" else bx
            ly = top + i * step
            surface.blit(surf, (lx, ly))
            ink = pygame.Rect(lx, ly, w, h) if ink is None else ink.union((lx, ly, w, h))
        if ink is not None:
            ox, oy = origin
            rect = (ink.x + ox, ink.y + oy, ink.width, ink.height)
            record.append(
                Placed(words, face, px, (bx + ox, by + oy, bw, bh), rect, self.block_minimum)
            )
        return pygame.Rect(bx, top, bw, need)
