"""Draws the scrolling timeline: era bands, entry cards, the time axis and a mini-map.

Each card is composed once per (entry, language, text size, image ready) and kept in a small LRU,
so a frame is a handful of blits whatever the number of entries.
"""

from __future__ import annotations

import bisect
import time
from collections import OrderedDict
from collections.abc import Iterator
from functools import cached_property

import pygame

from acier.kiosk import text
from acier.kiosk.content import Content, Entry
from acier.kiosk.i18n import t
from acier.kiosk.images import ImageCache
from acier.kiosk.layout import Screen, TimelineGeometry
from acier.kiosk.style import (
    AXIS,
    BACKGROUND,
    INK,
    MOLTEN,
    MUTED,
    PANEL,
    hex_colour,
    shadowed_panel,
)

CARD_CACHE = 48
PREFETCH = 4  # cards composed ahead of the screen edge, in the direction of travel
COMPOSE_BUDGET_S = 0.0008  # time per frame given to composing cards
DARK = (20, 18, 16)


def lighten(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(round(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]


ART_PLACEHOLDER = lighten(PANEL, 0.06)


class TimelineView:
    def __init__(self, screen: Screen, content: Content, images: ImageCache) -> None:
        self.screen = screen
        self.content = content
        self.images = images
        self.geometry = TimelineGeometry(screen, tuple(e.era for e in content.entries))
        self.xs = self.geometry.entry_x()
        self.spans = self.geometry.era_spans()
        self.colours = {era.id: hex_colour(era.colour) for era in content.eras}
        self.image_paths = [content.media_path(e.image) for e in content.entries]
        self._cards: OrderedDict[tuple, tuple[pygame.Surface, bool]] = OrderedDict()
        self.shadow = min(self.geometry.gap // 2, screen.px(20))  # room for a card's shadow
        self._scratch: pygame.Surface | None = None
        self._job: Iterator[None] | None = None
        self._job_key: tuple = ()

    @property
    def thumb_size(self) -> tuple[int, int]:
        return self.geometry.thumb_size

    def visible(self, offset: float) -> range:
        """Indices of the entries whose card is at least partly on screen."""
        w, _ = self.geometry.card_size
        first = bisect.bisect_left(self.xs, offset - w)
        last = bisect.bisect_right(self.xs, offset + self.screen.width)
        return range(first, last)

    def hit(self, offset: float, x: float, y: float) -> int | None:
        """The entry under screen point (x, y), if any."""
        for i in self.visible(offset):
            if pygame.Rect(self.geometry.card_rect(self.xs[i], offset)).collidepoint(x, y):
                return i
        return None

    def draw(
        self, surface: pygame.Surface, offset: float, language: str, scale: float, top: int
    ) -> None:
        """Draw the timeline below row `top`; a few opaque blits per visible card.

        The background is filled only where no card lands (cards are opaque with their
        shadow), which halves the pixels written per frame.
        """
        w, h = self.geometry.card_size
        m = self.shadow
        row_top, row_bottom = self.geometry.card_top - m, self.geometry.card_top + h + m
        surface.fill(BACKGROUND, (0, top, self.screen.width, row_top - top))
        surface.fill(
            BACKGROUND, (0, row_bottom, self.screen.width, self.screen.height - row_bottom)
        )
        visible = self.visible(offset)
        left = 0
        for i in visible:
            x = round(self.xs[i] - offset) - m
            if x > left:
                surface.fill(BACKGROUND, (left, row_top, x - left, row_bottom - row_top))
            left = x + w + 2 * m
        if left < self.screen.width:
            surface.fill(
                BACKGROUND, (left, row_top, self.screen.width - left, row_bottom - row_top)
            )
        self._draw_bands(surface, offset, language)
        axis_y = self.geometry.axis_y
        pygame.draw.line(surface, AXIS, (0, axis_y), (self.screen.width, axis_y), 2)
        dot = self.screen.px(9)
        for i in visible:
            entry = self.content.entries[i]
            x, y, _, _ = self.geometry.card_rect(self.xs[i], offset)
            colour = self.colours[entry.era]
            centre = x + w // 2
            pygame.draw.line(surface, colour, (centre, y + h), (centre, axis_y), 3)
            pygame.draw.circle(surface, colour, (centre, axis_y), dot)
            surface.blit(self._card(i, entry, language, scale), (x - m, y - m))
        self._draw_minimap(surface, offset)

    def _draw_bands(self, surface: pygame.Surface, offset: float, language: str) -> None:
        band_y, band_h = self.geometry.band_rect_y
        inset = self.screen.px(20)
        radius = self.screen.px(10)
        for era_id, left, right in self.spans:
            x0, x1 = left - offset, right - offset
            if x1 < 0 or x0 > self.screen.width:
                continue
            rect = pygame.Rect(round(x0), band_y, round(x1 - x0), band_h)
            pygame.draw.rect(surface, self.colours[era_id], rect, border_radius=radius)
            title = self.content.era(era_id).title[language]
            label = text.render_line(title, "black", self.screen.px(30), (20, 18, 16))
            # The title stays readable while any part of its band is on screen.
            lx = min(max(rect.x, 0) + inset, rect.right - label.get_width() - inset)
            lx = max(lx, rect.x + inset)
            area = pygame.Rect(0, 0, max(0, rect.right - inset - lx), label.get_height())
            surface.blit(label, (lx, rect.centery - label.get_height() // 2), area)

    @cached_property
    def _minimap(self) -> tuple[pygame.Surface, int, int, float]:
        """The era colours along the timeline, drawn once: (strip, x, y, px per content px)."""
        total = self.xs[-1] + self.geometry.card_size[0]
        margin = self.screen.px(120)
        width = self.screen.width - 2 * margin
        strip = pygame.Surface((width, self.screen.px(8)))
        strip.fill(BACKGROUND)
        for era_id, left, right in self.spans:
            x0, x1 = left * width // total, right * width // total
            strip.fill(self.colours[era_id], (x0, 0, max(2, x1 - x0), strip.get_height()))
        return strip, margin, self.screen.height - self.screen.px(44), width / total

    def _draw_minimap(self, surface: pygame.Surface, offset: float) -> None:
        strip, x, y, ratio = self._minimap
        surface.blit(strip, (x, y))
        total = self.xs[-1] + self.geometry.card_size[0]
        left = min(max(offset, 0.0), total)
        right = min(max(offset + self.screen.width, 0.0), total)
        pad = self.screen.px(7)
        frame = (
            round(x + left * ratio),
            y - pad,
            max(8, round((right - left) * ratio)),
            strip.get_height() + 2 * pad,
        )
        pygame.draw.rect(
            surface, INK, frame, width=max(2, self.screen.px(3)), border_radius=self.screen.px(6)
        )

    def prepare(self, offset: float, heading: float, language: str, scale: float) -> None:
        """Compose cards a slice at a time, within a small time budget per frame.

        Visible cards come first (nearest the centre), then the next ones in the direction
        the timeline is moving, so a card is usually ready before it enters the screen and no
        single frame pays for a whole card.
        """
        start = time.perf_counter()
        while time.perf_counter() - start < COMPOSE_BUDGET_S:
            if self._job is None or self._job_key[1:] != (language, scale):
                index = self._next_to_compose(offset, heading, language, scale)
                if index is None:
                    self._job = None
                    return
                self._job_key = (index, language, scale)
                self._job = self._compose(self.content.entries[index], language, scale, index)
            try:
                next(self._job)
            except StopIteration as done:
                self._store(self._job_key, done.value)
                self._job = None

    def pending(self, offset: float, language: str, scale: float) -> bool:
        """Whether a visible card is still shown as a placeholder."""
        return any((i, language, scale) not in self._cards for i in self.visible(offset))

    def _next_to_compose(self, offset: float, heading: float, language: str, scale: float):
        w, _ = self.geometry.card_size
        centre = offset + self.screen.width / 2
        visible = self.visible(offset)
        order = sorted(visible, key=lambda i: abs(self.xs[i] + w / 2 - centre))
        ahead = list(range(visible.stop, min(len(self.xs), visible.stop + PREFETCH)))
        behind = list(range(visible.start - 1, max(-1, visible.start - 1 - PREFETCH), -1))
        order += ahead + behind if heading >= 0 else behind + ahead
        return next((i for i in order if (i, language, scale) not in self._cards), None)

    def _store(self, key: tuple, composed: tuple[pygame.Surface, bool]) -> None:
        self._cards[key] = composed
        while len(self._cards) > CARD_CACHE:
            self._cards.popitem(last=False)

    @cached_property
    def _template(self) -> tuple[pygame.Surface, list[tuple[pygame.Surface, tuple[int, int]]]]:
        """A blank card with its shadow on the background, and the two rounded top corners
        (panel colour transparent) that are laid over a picture to round it."""
        w, h = self.geometry.card_size
        m = self.shadow
        blank = pygame.Surface((w + 2 * m, h + 2 * m)).convert()
        blank.fill(BACKGROUND)
        shadowed_panel(blank, (m, m, w, h), self.screen.unit)
        r = self.screen.px(18)
        corners = []
        for x in (m, m + w - r):
            patch = blank.subsurface((x, m, r, r)).copy()
            patch.set_colorkey(PANEL)
            corners.append((patch, (x, m)))
        return blank, corners

    def _card(self, index: int, entry: Entry, language: str, scale: float) -> pygame.Surface:
        """The composed card, or a placeholder (blank card and date) until it is composed."""
        cached = self._cards.get((index, language, scale))
        if cached is None:
            return self._placeholder(entry, language)
        self._cards.move_to_end((index, language, scale))
        card, has_thumb = cached
        image_path = self.image_paths[index]
        if not has_thumb and image_path:
            thumb = self.images.get(image_path, self.thumb_size)
            if thumb is not None:
                self._place_thumb(card, thumb, entry, language)
                self._cards[(index, language, scale)] = (card, True)
        return card

    def _place_thumb(
        self, framed: pygame.Surface, thumb: pygame.Surface, entry: Entry, language: str
    ) -> None:
        """Lay the picture (rounded at the top) on a composed card, and its badge over it."""
        m = self.shadow
        framed.blit(thumb, (m, m))
        for patch, at in self._template[1]:
            framed.blit(patch, at)
        self._draw_badge(framed, entry, language)

    def _draw_badge(self, framed: pygame.Surface, entry: Entry, language: str) -> None:
        if entry.scope != "regional":
            return
        s, m = self.screen, self.shadow
        badge = text.render_line(t("scope.regional", language), "bold", s.px(20), DARK)
        pad = s.px(10)
        rect = badge.get_rect(topleft=(m + s.px(14) + pad, m + s.px(14) + pad // 2))
        pygame.draw.rect(framed, MOLTEN, rect.inflate(2 * pad, pad), border_radius=rect.height)
        framed.blit(badge, rect)

    def _placeholder(self, entry: Entry, language: str) -> pygame.Surface:
        blank = self._template[0]
        if self._scratch is None:
            self._scratch = blank.copy()
        self._scratch.blit(blank, (0, 0))
        self._draw_art_placeholder(self._scratch, entry, language)
        return self._scratch

    def _draw_art_placeholder(self, framed: pygame.Surface, entry: Entry, language: str) -> None:
        m = self.shadow
        tw, th = self.thumb_size
        colour = self.colours[entry.era]
        framed.fill(ART_PLACEHOLDER, (m, m + self.screen.px(18), tw, th - self.screen.px(18)))
        framed.fill(ART_PLACEHOLDER, (m + self.screen.px(18), m, tw - self.screen.px(36), th))
        # fitted to the picture's width: a long date ("IIIe millénaire av. J.-C.") must not
        # spill into the card's shadow margins, where the picture never covers it
        year = text.render_fitted_line(
            entry.date[language], "black", self.screen.px(44), colour, tw - self.screen.px(40)
        )
        framed.blit(year, year.get_rect(center=(m + tw // 2, m + th // 2)))
        framed.fill(colour, (m, m + th, tw, self.screen.px(8)))

    def _compose(self, entry: Entry, language: str, scale: float, index: int) -> Iterator[None]:
        """Compose one card in slices (a generator: each `yield` ends a frame's share).

        Returns (surface, whether the picture is on it)."""
        s = self.screen
        path = self.image_paths[index]
        thumb = self.images.get(path, self.thumb_size) if path else None
        w, h = self.geometry.card_size
        th = self.thumb_size[1]
        m = self.shadow
        framed = self._template[0].copy()
        self._draw_art_placeholder(framed, entry, language)
        if thumb is not None:
            self._place_thumb(framed, thumb, entry, language)
        else:
            self._draw_badge(framed, entry, language)
        card = framed.subsurface((m, m, w, h))
        colour = self.colours[entry.era]
        pad = s.px(22)
        width = w - 2 * pad
        y = th + s.px(22)
        size = round(40 * s.unit * scale)
        date = text.render_fitted_line(
            entry.date[language], "black", size, lighten(colour, 0.35), width
        )
        card.blit(date, (pad, y))
        yield
        y += date.get_height() + s.px(6)
        room = h - y - pad
        if entry.place:
            size = round(20 * s.unit * scale)
            place = text.render_fitted_line(entry.place[language], "italic", size, MUTED, width)
            room -= place.get_height() + s.px(8)
            card.blit(place, (pad, h - pad - place.get_height()))
        size = round(30 * s.unit * scale)
        title = text.fit_block(entry.title[language], "bold", size, INK, width, room)
        card.blit(title, (pad, y))
        yield
        y += title.get_height() + s.px(12)
        room -= title.get_height() + s.px(12)
        size = round(22 * s.unit * scale)
        teaser = text.render_clamped(entry.text[language], "regular", size, MUTED, width, room)
        if teaser is not None:
            card.blit(teaser, (pad, y))
        return framed, thumb is not None
