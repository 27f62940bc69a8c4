"""Where everything sits on screen, computed from the screen size alone.

Pure geometry (plain tuples, no pygame) so the same numbers drive drawing, hit-testing and tests,
for 1920×1080 landscape and 1080×1920 portrait screens alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

Rect = tuple[int, int, int, int]  # x, y, width, height

TEXT_SCALES = (1.0, 1.25, 1.5)  # the text-size button cycles through these
ATTRACT_OVERSIZE = 1.12  # attract pictures are this much larger than the screen, and pan


def contains(rect: Rect, x: float, y: float) -> bool:
    rx, ry, rw, rh = rect
    return rx <= x < rx + rw and ry <= y < ry + rh


EXHIBIT_ASPECT = 16 / 9


def exhibit_frame(width: int, height: int) -> Rect:
    """Where an exhibit draws on a `width` x `height` panel: the largest 16:9 rectangle (9:16
    on a portrait panel), centred. The exhibits are laid out for those two shapes; a 16:10 or
    4:3 panel shows them whole between dark bars instead of squeezing columns until their
    labels overflow."""
    aspect = 1 / EXHIBIT_ASPECT if height > width else EXHIBIT_ASPECT
    w = min(width, round(height * aspect))
    h = min(height, round(width / aspect))
    return ((width - w) // 2, (height - h) // 2, w, h)


@dataclass(frozen=True)
class Screen:
    """Screen-wide measures; `unit` is one design pixel of a 1080-pixel short side."""

    width: int
    height: int

    @cached_property
    def unit(self) -> float:
        return min(self.width, self.height) / 1080

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def px(self, design: float) -> int:
        return round(design * self.unit)

    @property
    def top_bar(self) -> Rect:
        """Title and buttons; a portrait screen puts the hint on a second row."""
        return (0, 0, self.width, self.px(170 if self.portrait else 110))

    def language_buttons(self, languages: tuple[str, ...]) -> dict[str, Rect]:
        size, gap = self.px(84), self.px(14)
        x = self.width - self.px(28) - len(languages) * (size + gap) + gap
        y = self.px(13)
        return {lang: (x + i * (size + gap), y, size, size) for i, lang in enumerate(languages)}

    def selftest_buttons(self) -> dict[str, Rect]:
        """The technician's answers along the bottom of the self-test screen."""
        actions = ("seen", "not_seen", "skip", "stop")
        gap, h = self.px(24), self.px(96)
        w = (self.width - self.px(120) - gap * (len(actions) - 1)) // len(actions)
        y = self.height - self.px(60) - h
        return {a: (self.px(60) + i * (w + gap), y, w, h) for i, a in enumerate(actions)}

    def text_size_button(self, languages: tuple[str, ...]) -> Rect:
        first = min(r[0] for r in self.language_buttons(languages).values())
        size = self.px(84)
        return (first - self.px(40) - size, self.px(13), size, size)


@dataclass(frozen=True)
class TimelineGeometry:
    """Horizontal placement of every entry card and era band, in content coordinates."""

    screen: Screen
    era_of_entry: tuple[str, ...]

    @cached_property
    def card_size(self) -> tuple[int, int]:
        if self.screen.portrait:
            return self.screen.px(540), self.screen.px(860)
        return self.screen.px(360), self.screen.px(560)

    @property
    def thumb_size(self) -> tuple[int, int]:
        """The card's picture: its full width, at 16:10."""
        w, _ = self.card_size
        return w, w * 10 // 16

    @cached_property
    def gap(self) -> int:
        return self.screen.px(40)

    @cached_property
    def era_gap(self) -> int:
        return self.screen.px(140)

    @cached_property
    def card_top(self) -> int:
        _, h = self.card_size
        band = self.screen.px(96)
        axis_room = self.screen.px(120)
        free = self.screen.height - self.screen.top_bar[3]
        return self.screen.top_bar[3] + (free - h - band - axis_room) // 2 + band

    @cached_property
    def band_rect_y(self) -> tuple[int, int]:
        return self.card_top - self.screen.px(86), self.screen.px(62)

    @cached_property
    def axis_y(self) -> int:
        return self.card_top + self.card_size[1] + self.screen.px(60)

    def entry_x(self) -> list[int]:
        """Left edge of each card in content coordinates (starting at 0)."""
        w, _ = self.card_size
        xs, x = [], 0
        previous = None
        for era in self.era_of_entry:
            if previous is not None:
                x += self.gap + (self.era_gap if era != previous else 0)
            xs.append(x)
            x += w
            previous = era
        return xs

    def era_spans(self) -> list[tuple[str, int, int]]:
        """(era id, first card's left, last card's right) for each run of one era."""
        w, _ = self.card_size
        spans: list[tuple[str, int, int]] = []
        for era, x in zip(self.era_of_entry, self.entry_x(), strict=True):
            if spans and spans[-1][0] == era:
                spans[-1] = (era, spans[-1][1], x + w)
            else:
                spans.append((era, x, x + w))
        return spans

    def snaps(self) -> list[float]:
        """Scroll offsets that centre each card on screen."""
        w, _ = self.card_size
        return [x + w / 2 - self.screen.width / 2 for x in self.entry_x()]

    def card_rect(self, x: int, offset: float) -> Rect:
        w, h = self.card_size
        return (round(x - offset), self.card_top, w, h)


@dataclass(frozen=True)
class DetailGeometry:
    """The open entry's card: illustration or video, text, controls.

    With larger text (`scale` > 1) a landscape card gives the text column more of its width.
    """

    screen: Screen
    scale: float = 1.0

    @property
    def card(self) -> Rect:
        s = self.screen
        if s.portrait:
            return (s.px(40), s.top_bar[3] + s.px(20), s.width - s.px(80), s.height - s.px(300))
        return (s.px(90), s.top_bar[3] + s.px(10), s.width - s.px(180), s.height - s.px(150))

    @property
    def media(self) -> Rect:
        x, y, w, _h = self.card
        pad = self.screen.px(32)
        if self.screen.portrait:
            mw = w - 2 * pad
            return (x + pad, y + pad, mw, mw * 10 // 16)
        share = round(52 - (self.scale - 1) * 20)
        mw = (w - 3 * pad) * share // 100
        return (x + pad, y + pad, mw, mw * 10 // 16)

    @property
    def text(self) -> Rect:
        x, y, w, h = self.card
        pad = self.screen.px(32)
        mx, my, mw, mh = self.media
        if self.screen.portrait:
            top = my + mh + self.screen.px(90)
            return (x + pad, top, w - 2 * pad, y + h - pad - top)
        left = mx + mw + pad
        return (left, y + pad + self.screen.px(8), x + w - pad - left, h - 2 * pad)

    @property
    def credits(self) -> Rect:
        """Below the picture on a landscape screen; at the foot of the text on a portrait one."""
        mx, my, mw, mh = self.media
        _, y, _, h = self.card
        pad = self.screen.px(32)
        if self.screen.portrait:
            tx, ty, tw, th = self.text
            return (tx, ty + th - self.screen.px(60), tw, self.screen.px(60))
        top = my + mh + self.screen.px(96)
        return (mx, top, mw, y + h - pad - top)

    @property
    def video_controls(self) -> Rect:
        mx, my, mw, mh = self.media
        return (mx, my + mh + self.screen.px(12), mw, self.screen.px(60))

    @property
    def close_button(self) -> Rect:
        x, y, w, _ = self.card
        size = self.screen.px(84)
        return (x + w - size - self.screen.px(12), y - size // 3, size, size)

    @property
    def arrows(self) -> tuple[Rect, Rect]:
        """Previous and next buttons, on the card's sides (inside it on a portrait screen)."""
        x, y, w, h = self.card
        size = self.screen.px(80)
        cy = y + h // 2 - size // 2
        if self.screen.portrait:
            bottom = y + h + self.screen.px(30)
            return (x, bottom, size, size), (x + w - size, bottom, size, size)
        return (x - size - self.screen.px(4), cy, size, size), (
            x + w + self.screen.px(4),
            cy,
            size,
            size,
        )


def attract_size(screen: Screen) -> tuple[int, int]:
    return round(screen.width * ATTRACT_OVERSIZE), round(screen.height * ATTRACT_OVERSIZE)


def image_sizes(screen: Screen) -> list[tuple[int, int]]:
    """Every size a picture is shown at on this screen: card, open card (per text size), attract.
    `acier media build` pre-renders exactly these."""
    sizes = {TimelineGeometry(screen, ()).thumb_size, attract_size(screen)}
    for scale in TEXT_SCALES:
        _, _, w, h = DetailGeometry(screen, scale).media
        sizes.add((w, h))
    return sorted(sizes)
