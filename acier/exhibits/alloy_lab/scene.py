"""The alloy lab on screen: the recipe, the iron–carbon diagram, a micrograph and the verdict.

    ┌ title ─────────── hint ───────────────────────────── [FR][NL][EN] ┐
    │ your alloy       │ iron–carbon diagram          │ microscope       │
    │ [Fe][C][Cr] …    │  fields, lines, the marker   │  ( micrograph )  │
    │ heat treatment   │ phases at 900 °C  [−][+]     │ verdict: family, │
    │ [slow][air] …    │  γ ████████░░ 80 %           │ HV, MPa, grades  │
    └───────────────────────────────────────────────────────────────────┘

A portrait screen stacks the same panels: recipe, diagram, microscope beside verdict,
treatments. Everything is drawn from the play's state (`AlloyPlay`), nothing is decided here.

Cheap per frame: a static layer (panels, headers, the diagram's fields and lines) is made once
per language; the recipe, micrograph and verdict are composed onto a copy of it only when the
recipe, treatment or language change; each frame then blits that, the small phases box (made
again only when the temperature moves), the marker and any message. Micrographs are drawn from
the model's constituents with a random generator seeded by the recipe and treatment, so the
same alloy always shows the same grains, and are cached per (alloy, treatment, size).

Every string goes through `Placer.put` or `Placer.block` (`acier.kiosk.placing`), which shrink
it to its box (never below a readable size) and record where it went: `AlloyScene.texts` lets
the tests check that all of it fits, in every language and on both screens.
"""

from __future__ import annotations

import math
import random
import zlib
from collections import OrderedDict
from collections.abc import Sequence

import pygame

from acier.exhibits.alloy_lab import texts
from acier.exhibits.alloy_lab.model import (
    AUSTENITE_MAX_C,
    CARBON_RANGE,
    DIAGRAM_LINES,
    ELEMENTS,
    KEY_CARBONS,
    KEY_POINT_DOTS,
    KEY_POINTS,
    KEY_TEMPERATURES,
    LINE_LABELS,
    PHASE_SYMBOLS,
    REGION_LABELS,
    TEMPERATURE_RANGE,
    TREATMENTS,
    Verdict,
    field_id,
    graphite_area_share,
    phases_at,
)
from acier.exhibits.alloy_lab.play import CHANGE_GLOW_S, FEEDBACK_S
from acier.exhibits.numbers import number
from acier.kiosk import text
from acier.kiosk.layout import Rect, Screen, contains
from acier.kiosk.placing import Placed, Placer, measure
from acier.kiosk.style import BACKGROUND, INK, MOLTEN, MUTED, PANEL, PANEL_EDGE, shadowed_panel

Point = tuple[float, float]

# ---------------------------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------------------------

CHIP = (58, 60, 68)
CHIP_EDGE = (82, 84, 92)
DARK_INK = (22, 20, 18)
DIM_INK = (120, 118, 112)
HOT_WHITE = (255, 236, 200)

PHASE_COLOURS = {
    "liquid": (214, 74, 40),
    "delta_ferrite": (160, 120, 200),
    "austenite": (236, 150, 56),
    "ferrite": (98, 150, 206),
    "cementite": (170, 170, 180),
}
"""One colour per equilibrium phase: the diagram's field tints and the phases box's bars."""

CONSTITUENT_COLOURS = {
    "ferrite": (226, 218, 198),
    "pearlite": (112, 92, 76),
    "cementite": (248, 244, 234),
    "martensite": (168, 146, 118),
    "tempered_martensite": (126, 108, 92),
    "bainite": (146, 124, 98),
    "austenite": (214, 222, 226),
    "graphite_flakes": (38, 36, 34),
    "graphite_nodules": (38, 36, 34),
    "ledeburite": (204, 194, 176),
    "carbides": (250, 250, 246),
}
"""The micrograph's main colour of each constituent (etched steel under a microscope), which the
legend's swatches repeat."""

ETCHED_RIM = (104, 92, 78)
"""The etchant darkens the edge of a carbide or cementite particle, which is what outlines it."""

RECIPES_TO_TRY: tuple[tuple[tuple[tuple[str, int], ...], str], ...] = (
    ((("Fe", 1), ("C", 3)), "C45"),
    ((("Fe", 1), ("C", 1), ("Cr", 4), ("Ni", 3)), "304"),
    ((("Fe", 1), ("C", 7), ("Si", 3)), "EN-GJL-250"),
    ((("Fe", 1), ("C", 5), ("Mn", 4)), "X120Mn12"),
)
"""Shown before the iron is down: tokens to put on the reader (element, how many) and the real
grade they make (the tests check that they do)."""

MIN_TEXT_PX = 18
"""No string on this screen is drawn smaller than this (design pixels, 1080-pixel short side)."""


# ---------------------------------------------------------------------------------------------
# Words and numbers
# ---------------------------------------------------------------------------------------------


def _why_off_diagram(verdict: Verdict) -> str:
    """The text key saying why the iron–carbon diagram is not this alloy's."""
    return "label.diagram_ferrite" if verdict.stays_ferrite else "label.diagram_not_applicable"


def percent(value: float, language: str) -> str:
    """0.4 -> "0,4 %" in French and Dutch, "0.4 %" in English (two decimals at most)."""
    return f"{number(value, 2, language, trim=True)} %"


def value_range(values: Sequence[float], unit: str, language: str) -> str:
    """ "1 770–2 180 MPa", with the language's thousands separator (a no-break space keeps the
    number and its unit together)."""
    low, high = (number(round(v), 0, language) for v in values[:2])
    return f"{low}\u00a0{unit}" if low == high else f"{low}–{high}\u00a0{unit}"


def degrees(temp_c: float, language: str) -> str:
    return f"{number(round(temp_c), 0, language)}\u00a0°C"


def grade_name(grade_id: str, language: str) -> str:
    """A grade's display name: its own id, unless the texts give it a name."""
    key = f"grade_name.{grade_id}"
    return texts.t(key, language) if key in texts.STRINGS else grade_id


def treatment_lines(treatment: str, language: str) -> tuple[str, str]:
    """ "Slow cooling (annealing)" -> ("Slow cooling", "annealing")."""
    name = texts.name("treatment", treatment, language)
    main, _, rest = name.partition(" (")
    return main, rest.rstrip(")")


def field_label(field: str) -> str:
    return " + ".join(PHASE_SYMBOLS[phase] for phase in field.split("+"))


# ---------------------------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------------------------


def _inset(rect: Rect, dx: int, dy: int | None = None) -> Rect:
    dy = dx if dy is None else dy
    x, y, w, h = rect
    return (x + dx, y + dy, w - 2 * dx, h - 2 * dy)


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


class AlloyLayout:
    """Where every panel, button and box sits, from the screen size alone (see the module map).

    Landscape: three columns (recipe and treatments; diagram and phases; microscope and
    verdict). Portrait: recipe on top, then the diagram with its phases beside it, microscope
    beside verdict, and the treatments in a 2 × 2 grid at the foot.
    """

    def __init__(self, screen: Screen, palette: bool = False) -> None:
        self.screen = s = screen
        self.palette = palette
        px = s.px
        self.pad = px(24)
        self.gap = px(18)
        margin = px(32)
        width, height = s.width, s.height
        corner = s.language_buttons(("fr", "nl", "en"))
        self.language_corner: Rect = _span(list(corner.values()))
        self.title = (margin, px(14), self.language_corner[0] - margin - px(30), px(80))
        if s.portrait:
            self.hint: Rect | None = (margin, px(98), width - 2 * margin, px(40))
            top = px(148)
        else:
            self.hint = None  # on the title's line, after the title
            top = px(112)
        bottom = height - px(24 if not s.portrait else 28)
        gap, pad = self.gap, self.pad
        if s.portrait:
            full = width - 2 * margin
            self.chips_panel = (margin, top, full, px(282))
            treat_h = 2 * pad + px(44) + 2 * px(80) + px(12)
            self.treat_panel = (margin, bottom - treat_h, full, treat_h)
            # tall enough for the verdict's longest case: a quenched grade, its "hardens
            # through" line and still the grade's sentence (the diagram gives up the height)
            row_h = px(560)
            row_y = self.treat_panel[1] - gap - row_h
            micro_w = px(420)
            self.micro_panel = (margin, row_y, micro_w, row_h)
            self.verdict_panel = (margin + micro_w + gap, row_y, full - micro_w - gap, row_h)
            diagram_y = top + self.chips_panel[3] + gap
            self.diagram_panel = (margin, diagram_y, full, row_y - gap - diagram_y)
            self.treat_columns = 2
            self.chip_columns = 5
        else:
            a_w, b_w = px(500), px(700)
            a_x = margin
            b_x = a_x + a_w + gap
            c_x = b_x + b_w + gap
            c_w = width - margin - c_x
            treat_h = 2 * pad + px(40) + 4 * px(76) + 3 * px(10)
            self.treat_panel = (a_x, bottom - treat_h, a_w, treat_h)
            self.chips_panel = (a_x, top, a_w, self.treat_panel[1] - gap - top)
            self.diagram_panel = (b_x, top, b_w, bottom - top)
            micro_h = px(372)
            self.micro_panel = (c_x, top, c_w, micro_h)
            self.verdict_panel = (c_x, top + micro_h + gap, c_w, bottom - top - micro_h - gap)
            self.treat_columns = 1
            self.chip_columns = 3
        self._chips()
        self._treatments()
        self._diagram()
        self._micro()

    # -- recipe --------------------------------------------------------------------------------

    def _chips(self) -> None:
        px, pad = self.screen.px, self.pad
        x, y, w, h = self.chips_panel
        header_h = px(60)
        self.clear_button = (x + w - pad - px(250), y + pad - px(4), px(250), px(60))
        self.chips_header = (x + pad, y + pad, w - 3 * pad - px(250), header_h - px(8))
        self.chip_area = (x + pad, y + pad + header_h + px(10), w - 2 * pad, 0)
        area_h = y + h - pad - self.chip_area[1]
        self.chip_area = (*self.chip_area[:3], area_h)
        self.chip_gap = px(12)
        # a message about the last token floats over the foot of the recipe panel; where
        # the chips fill the panel (a portrait screen, a lab whose chips are all there to
        # touch), over its title for a moment
        if self.screen.portrait:
            self.toast = (x + pad, y + pad - px(6), w - 3 * pad - px(250), px(64))
        elif self.palette:
            self.toast = (x + pad, y + pad - px(8), w - 2 * pad, px(74))
        else:
            self.toast = (x + pad, y + h - pad - px(92), w - 2 * pad, px(92))

    def chip_size(self, count: int) -> tuple[int, int]:
        """Chips are as tall as the rows `count` of them need leave room for (up to a limit)."""
        cols = self.chip_columns
        rows = max(1, math.ceil(count / cols))
        gap = self.chip_gap
        _, _, area_w, area_h = self.chip_area
        chip_w = (area_w - (cols - 1) * gap) // cols
        return chip_w, min(self.screen.px(118), (area_h - (rows - 1) * gap) // rows)

    def chip_rect(self, index: int, count: int = len(ELEMENTS)) -> Rect:
        """The `index`th of `count` chips (iron first, then the elements in `ELEMENTS` order)."""
        w, h = self.chip_size(count)
        ax, ay, _, _ = self.chip_area
        row, col = divmod(index, self.chip_columns)
        return (ax + col * (w + self.chip_gap), ay + row * (h + self.chip_gap), w, h)

    def chip_minus(self, chip: Rect) -> tuple[tuple[int, int], int, Rect]:
        """The "−" on a chip: centre, radius, and the (larger) area a finger may hit."""
        px = self.screen.px
        x, y, w, h = chip
        r = px(21)
        centre = (x + w - px(10) - r, y + px(10) + r)
        if self.palette:  # the rest of the chip adds a rung: the "−" keeps to its corner
            side = 2 * r + px(20)
            return centre, r, (centre[0] - side // 2, centre[1] - side // 2, side, side)
        reach = px(78)
        return centre, r, (x + w - reach, y, reach, min(h, reach))

    # -- treatments ----------------------------------------------------------------------------

    def _treatments(self) -> None:
        px, pad = self.screen.px, self.pad
        x, y, w, h = self.treat_panel
        self.treat_header = (x + pad, y + pad - px(4), w - 2 * pad, px(40))
        top = y + pad + px(44)
        cols = self.treat_columns
        rows = math.ceil(len(TREATMENTS) / cols)
        bgap = px(12) if cols > 1 else px(10)
        bw = (w - 2 * pad - (cols - 1) * bgap) // cols
        bh = (y + h - pad - top - (rows - 1) * bgap) // rows
        self.treat_buttons: dict[str, Rect] = {}
        for i, treatment in enumerate(TREATMENTS):
            row, col = divmod(i, cols)
            self.treat_buttons[treatment] = (
                x + pad + col * (bw + bgap),
                top + row * (bh + bgap),
                bw,
                bh,
            )

    # -- diagram -------------------------------------------------------------------------------

    def _diagram(self) -> None:
        px, pad = self.screen.px, self.pad
        x, y, w, h = self.diagram_panel
        self.diagram_header = (x + pad, y + pad - px(4), w - 2 * pad, px(44))
        band_y = y + pad + px(50)
        y_axis_w = px(112)
        x_axis_h = px(88)
        if self.screen.portrait:
            phases_w = px(320)
            plot_w = w - 2 * pad - y_axis_w - phases_w - self.gap
            plot_x = x + pad + y_axis_w
            self.phases_box = (plot_x + plot_w + self.gap, band_y, phases_w, y + h - pad - band_y)
            plot_bottom = y + h - pad - x_axis_h
        else:
            phases_h = px(212)
            plot_x = x + pad + y_axis_w
            plot_w = w - 2 * pad - y_axis_w - px(8)
            self.phases_box = (x + pad, y + h - pad - phases_h, w - 2 * pad, phases_h)
            plot_bottom = self.phases_box[1] - px(14) - x_axis_h
        self.family_band = (plot_x, band_y, plot_w, px(34))
        plot_y = band_y + px(34) + px(8)
        self.plot = (plot_x, plot_y, plot_w, plot_bottom - plot_y)
        # the temperature axis: its title turned a quarter, then the tick labels
        self.y_title = (x + pad, plot_y, px(34), self.plot[3])
        self.y_ticks = (x + pad + px(40), plot_y, y_axis_w - px(40) - px(16), self.plot[3])
        self.x_axis = (plot_x - px(30), plot_bottom, plot_w + px(40), x_axis_h)
        # the phases box: a header, one row per phase, the − and + buttons, a hint
        bx, by, bw, bh = self.phases_box
        size = px(64)
        hint_h = px(32)
        if self.screen.portrait:
            hint_h = px(60)
            self.phases_header = (bx, by, bw, px(48))
            buttons_y = by + bh - hint_h - px(10) - size
            self.temp_minus = (bx, buttons_y, size, size)
            self.temp_plus = (bx + size + px(18), buttons_y, size, size)
            rows_y = by + px(48) + px(12)
            self.phases_rows = (bx, rows_y, bw, buttons_y - px(12) - rows_y)
        else:
            self.temp_plus = (bx + bw - size, by, size, size)
            self.temp_minus = (bx + bw - 2 * size - px(14), by, size, size)
            self.phases_header = (bx, by, self.temp_minus[0] - bx - px(12), size)
            rows_y = by + size + px(12)
            self.phases_rows = (bx, rows_y, bw, by + bh - hint_h - px(8) - rows_y)
        self.phases_hint = (bx, by + bh - hint_h, bw, hint_h)

    def to_plot(self, carbon: float, temp_c: float) -> tuple[float, float]:
        x, y, w, h = self.plot
        c0, c1 = CARBON_RANGE
        t0, t1 = TEMPERATURE_RANGE
        return x + w * (carbon - c0) / (c1 - c0), y + h * (t1 - temp_c) / (t1 - t0)

    def from_plot(self, px_x: float, px_y: float) -> tuple[float, float]:
        x, y, w, h = self.plot
        c0, c1 = CARBON_RANGE
        t0, t1 = TEMPERATURE_RANGE
        return c0 + (c1 - c0) * (px_x - x) / w, t1 - (t1 - t0) * (px_y - y) / h

    # -- microscope ----------------------------------------------------------------------------

    def _micro(self) -> None:
        px, pad = self.screen.px, self.pad
        x, y, w, h = self.micro_panel
        self.micro_header = (x + pad, y + pad - px(4), w - 2 * pad, px(44))
        top = y + pad + px(52)
        if self.screen.portrait:
            diameter = min(w - 2 * pad, px(280))
            self.circle = (x + w // 2, top + diameter // 2, diameter // 2)
            legend_y = top + diameter + px(18)
            self.legend = (x + pad, legend_y, w - 2 * pad, y + h - pad - legend_y)
        else:
            diameter = min(y + h - pad - top, px(310))
            self.circle = (x + pad + diameter // 2, top + diameter // 2, diameter // 2)
            legend_x = x + pad + diameter + px(24)
            self.legend = (legend_x, top, x + w - pad - legend_x, diameter)

    @property
    def regions(self) -> list[Rect]:
        """The areas strings may occupy: the top bar beside the language buttons, and each panel."""
        top = (0, 0, self.language_corner[0] - self.screen.px(12), self.chips_panel[1])
        panels = [self.chips_panel, self.treat_panel, self.diagram_panel, self.micro_panel]
        return [top, *panels, self.verdict_panel]

    @property
    def verdict_box(self) -> Rect:
        return _inset(self.verdict_panel, self.pad)


def _dashed(surface: pygame.Surface, p0: Point, p1: Point, colour, width: int, dash: int) -> None:
    """A dashed straight line from p0 to p1, dashes and gaps both `dash` long."""
    length = math.dist(p0, p1)
    if length < 1:
        return
    ux, uy = (p1[0] - p0[0]) / length, (p1[1] - p0[1]) / length
    at = 0.0
    while at < length:
        end = min(at + dash, length)
        start_p = (p0[0] + ux * at, p0[1] + uy * at)
        end_p = (p0[0] + ux * end, p0[1] + uy * end)
        pygame.draw.line(surface, colour, start_p, end_p, width)
        at += 2 * dash


def _span(rects: list[Rect]) -> Rect:
    x0 = min(r[0] for r in rects)
    y0 = min(r[1] for r in rects)
    x1 = max(r[0] + r[2] for r in rects)
    y1 = max(r[1] + r[3] for r in rects)
    return (x0, y0, x1 - x0, y1 - y0)


# ---------------------------------------------------------------------------------------------
# Icons: sectors, magnet, crucible, cooling curves
# ---------------------------------------------------------------------------------------------


def _poly(rect: Rect, points: Sequence[Point]) -> list[tuple[float, float]]:
    x, y, w, h = rect
    return [(x + px * w, y + py * h) for px, py in points]


def _unit_rect(rect: Rect, x0: float, y0: float, x1: float, y1: float) -> pygame.Rect:
    x, y, w, h = rect
    return pygame.Rect(
        round(x + x0 * w), round(y + y0 * h), round((x1 - x0) * w), round((y1 - y0) * h)
    )


def draw_sector_icon(surface: pygame.Surface, sector: str, rect: Rect, colour, hole) -> None:
    """A small pictogram of a sector, drawn from shapes (no image files to go missing)."""
    x, y, w, h = rect
    cx, cy = x + w / 2, y + h / 2
    if sector == "construction":  # an I-beam
        for box in ((0.1, 0.1, 0.9, 0.27), (0.41, 0.27, 0.59, 0.73), (0.1, 0.73, 0.9, 0.9)):
            pygame.draw.rect(surface, colour, _unit_rect(rect, *box))
    elif sector == "automotive":  # a car
        body = (
            (0.04, 0.7),
            (0.04, 0.52),
            (0.2, 0.47),
            (0.33, 0.27),
            (0.68, 0.27),
            (0.82, 0.47),
            (0.96, 0.52),
            (0.96, 0.7),
        )
        pygame.draw.polygon(surface, colour, _poly(rect, body))
        for wx in (0.27, 0.73):
            centre = (x + wx * w, y + 0.72 * h)
            pygame.draw.circle(surface, colour, centre, 0.15 * w)
            pygame.draw.circle(surface, hole, centre, 0.06 * w)
    elif sector == "energy":  # a wind turbine
        pygame.draw.polygon(
            surface, colour, _poly(rect, ((0.47, 0.4), (0.53, 0.4), (0.57, 0.97), (0.43, 0.97)))
        )
        hub = (x + 0.5 * w, y + 0.38 * h)
        for angle in (-90, 30, 150):
            a = math.radians(angle)
            tip = (hub[0] + math.cos(a) * 0.36 * w, hub[1] + math.sin(a) * 0.36 * h)
            side = (math.cos(a + math.pi / 2) * 0.1 * w, math.sin(a + math.pi / 2) * 0.1 * h)
            pygame.draw.polygon(surface, colour, [hub, (hub[0] + side[0], hub[1] + side[1]), tip])
        pygame.draw.circle(surface, colour, hub, 0.08 * w)
    elif sector == "aerospace":  # an aeroplane seen from above
        fuselage = (
            (0.5, 0.03),
            (0.57, 0.18),
            (0.57, 0.78),
            (0.5, 0.97),
            (0.43, 0.78),
            (0.43, 0.18),
        )
        pygame.draw.polygon(surface, colour, _poly(rect, fuselage))
        for sign in (1, -1):
            wing = ((0.5, 0.36), (0.5 + sign * 0.47, 0.58), (0.5 + sign * 0.47, 0.66), (0.5, 0.56))
            tail = ((0.5, 0.8), (0.5 + sign * 0.2, 0.92), (0.5 + sign * 0.2, 0.97), (0.5, 0.92))
            pygame.draw.polygon(surface, colour, _poly(rect, wing))
            pygame.draw.polygon(surface, colour, _poly(rect, tail))
    elif sector == "rail":  # a train, head on
        pygame.draw.rect(
            surface, colour, _unit_rect(rect, 0.18, 0.04, 0.82, 0.76), border_radius=round(0.12 * w)
        )
        pygame.draw.rect(
            surface, hole, _unit_rect(rect, 0.28, 0.14, 0.72, 0.4), border_radius=round(0.04 * w)
        )
        for lx in (0.32, 0.68):
            pygame.draw.circle(surface, hole, (x + lx * w, y + 0.58 * h), 0.06 * w)
        width = max(2, round(0.08 * w))
        pygame.draw.line(surface, colour, (x + 0.3 * w, y + 0.76 * h), (x + 0.12 * w, y + h), width)
        pygame.draw.line(surface, colour, (x + 0.7 * w, y + 0.76 * h), (x + 0.88 * w, y + h), width)
    elif sector == "medical":  # a cross
        pygame.draw.rect(surface, colour, _unit_rect(rect, 0.37, 0.08, 0.63, 0.92))
        pygame.draw.rect(surface, colour, _unit_rect(rect, 0.08, 0.37, 0.92, 0.63))
    elif sector == "food":  # a cooking pot
        pot = ((0.12, 0.42), (0.88, 0.42), (0.8, 0.92), (0.2, 0.92))
        pygame.draw.polygon(surface, colour, _poly(rect, pot))
        pygame.draw.rect(surface, colour, _unit_rect(rect, 0.06, 0.3, 0.94, 0.38))
        pygame.draw.rect(surface, colour, _unit_rect(rect, 0.42, 0.18, 0.58, 0.3))
        for hx in ((0.0, 0.12), (0.88, 1.0)):
            pygame.draw.rect(surface, colour, _unit_rect(rect, hx[0], 0.5, hx[1], 0.58))
    else:
        pygame.draw.circle(surface, colour, (cx, cy), 0.3 * w)


def draw_magnet(surface: pygame.Surface, rect: Rect, magnetic: bool) -> None:
    """A horseshoe magnet; crossed out and grey when the alloy is not magnetic."""
    x, y, w, h = rect
    body = (196, 60, 48) if magnetic else DIM_INK
    tips = (222, 222, 228) if magnetic else (150, 148, 142)
    cx, cy = x + w / 2, y + 0.45 * h
    outer, inner = 0.46 * w, 0.2 * w
    arc = [(cx + outer * math.cos(a), cy - outer * math.sin(a)) for a in _angles(0, math.pi, 16)]
    arc += [(cx + inner * math.cos(a), cy - inner * math.sin(a)) for a in _angles(math.pi, 0, 16)]
    pygame.draw.polygon(surface, body, arc)
    leg_w = outer - inner
    for lx in (cx - outer, cx + inner):
        pygame.draw.rect(surface, body, (lx, cy, leg_w + 1, 0.3 * h))
        pygame.draw.rect(surface, tips, (lx, cy + 0.3 * h, leg_w + 1, 0.2 * h))
    if not magnetic:
        width = max(2, round(0.08 * w))
        pygame.draw.line(surface, MUTED, (x, y + h), (x + w, y), width)


def _angles(a0: float, a1: float, n: int) -> list[float]:
    return [a0 + (a1 - a0) * i / (n - 1) for i in range(n)]


def draw_crucible(surface: pygame.Surface, rect: Rect, colour) -> None:
    x, y, w, h = rect
    body = ((0.1, 0.15), (0.9, 0.15), (0.76, 0.95), (0.24, 0.95))
    pygame.draw.polygon(surface, colour, _poly(rect, body), max(2, round(0.05 * w)))
    pygame.draw.line(
        surface, colour, (x, y + 0.15 * h), (x + w, y + 0.15 * h), max(3, round(0.07 * w))
    )


def cooling_curve(treatment: str) -> list[Point]:
    """Temperature (1 = hot) against time (0..1) for each treatment: the button's pictogram."""
    points = []
    for i in range(41):
        t = i / 40
        if treatment == "slow_cool":
            temp = math.exp(-1.4 * t)
        elif treatment == "air_cool":
            temp = math.exp(-4.0 * t)
        elif treatment == "quench":
            temp = math.exp(-30.0 * t)
        else:  # quenched, then tempered: back up to a middling heat, held, then cooled
            if t < 0.25:
                temp = math.exp(-30.0 * t)
            elif t < 0.35:
                temp = 0.45 * (t - 0.25) / 0.1
            elif t < 0.7:
                temp = 0.45
            else:
                temp = 0.45 * math.exp(-8.0 * (t - 0.7))
        points.append((t, temp))
    return points


def draw_cooling_curve(surface: pygame.Surface, treatment: str, rect: Rect, colour, axis) -> None:
    x, y, w, h = rect
    width = max(1, round(h / 26))
    pygame.draw.line(surface, axis, (x, y), (x, y + h), width)
    pygame.draw.line(surface, axis, (x, y + h), (x + w, y + h), width)
    points = [
        (x + width * 2 + t * (w - width * 3), y + (1 - temp * 0.9) * (h - width * 2))
        for t, temp in cooling_curve(treatment)
    ]
    pygame.draw.lines(surface, colour, False, points, max(2, round(h / 12)))


# ---------------------------------------------------------------------------------------------
# Micrographs, drawn from the model's constituents
# ---------------------------------------------------------------------------------------------


def _clip_half(poly: list[Point], nx: float, ny: float, c: float) -> list[Point]:
    """The part of a convex polygon where nx·x + ny·y <= c."""
    out: list[Point] = []
    count = len(poly)
    for i in range(count):
        p, q = poly[i], poly[(i + 1) % count]
        fp = nx * p[0] + ny * p[1] - c
        fq = nx * q[0] + ny * q[1] - c
        if fp <= 0:
            out.append(p)
        if (fp < 0 < fq) or (fq < 0 < fp):
            t = fp / (fp - fq)
            out.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t))
    return out


def _area(poly: Sequence[Point]) -> float:
    total = 0.0
    for i in range(len(poly)):
        x0, y0 = poly[i]
        x1, y1 = poly[(i + 1) % len(poly)]
        total += x0 * y1 - x1 * y0
    return total / 2


def _centroid(poly: Sequence[Point]) -> Point:
    return sum(p[0] for p in poly) / len(poly), sum(p[1] for p in poly) / len(poly)


def _clip_segment(p0: Point, p1: Point, poly: Sequence[Point]) -> tuple[Point, Point] | None:
    """The part of segment p0-p1 inside a convex polygon (Cyrus–Beck), or None.

    Polygons here are all wound the same way (positive `_area`: clockwise on screen)."""
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    count = len(poly)
    for i in range(count):
        ax, ay = poly[i]
        bx, by = poly[(i + 1) % count]
        ex, ey = bx - ax, by - ay
        f0 = ex * (y0 - ay) - ey * (x0 - ax)
        fd = ex * dy - ey * dx
        if abs(fd) < 1e-12:
            if f0 < 0:
                return None
            continue
        t = -f0 / fd
        if fd > 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (x0 + dx * t0, y0 + dy * t0), (x0 + dx * t1, y0 + dy * t1)


def _inside(point: Point, poly: Sequence[Point]) -> bool:
    px_, py_ = point
    ax, ay = poly[-1]
    for bx, by in poly:
        if (bx - ax) * (py_ - ay) - (by - ay) * (px_ - ax) < 0:
            return False
        ax, ay = bx, by
    return True


def _random_point(poly: Sequence[Point], rng: random.Random) -> Point:
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    for _ in range(30):
        point = (rng.uniform(min(xs), max(xs)), rng.uniform(min(ys), max(ys)))
        if _inside(point, poly):
            return point
    return _centroid(poly)


def voronoi_cells(size: int, count: int, rng: random.Random) -> list[list[Point]]:
    """Grains: the Voronoi cells of jittered grid points over a size × size square."""
    n = max(2, round(math.sqrt(count)))
    step = size / n
    seeds = [
        ((i + rng.uniform(0.15, 0.85)) * step, (j + rng.uniform(0.15, 0.85)) * step)
        for i in range(n)
        for j in range(n)
    ]
    margin = 0.0
    square = [
        (-margin, -margin),
        (size + margin, -margin),
        (size + margin, size + margin),
        (-margin, size + margin),
    ]
    cells = []
    for a in seeds:
        cell = square
        for b in seeds:
            if b is a or abs(b[0] - a[0]) > 3 * step or abs(b[1] - a[1]) > 3 * step:
                continue
            nx, ny = b[0] - a[0], b[1] - a[1]
            c = (nx * (a[0] + b[0]) + ny * (a[1] + b[1])) / 2
            cell = _clip_half(cell, nx, ny, c)
            if len(cell) < 3:
                break
        if len(cell) >= 3:
            cells.append(cell if _area(cell) > 0 else cell[::-1])
    return cells


def _stripes(
    surface: pygame.Surface,
    poly: Sequence[Point],
    angle: float,
    spacing: float,
    colour,
    width: int,
    phase: float = 0.0,
) -> None:
    """Parallel lines across a convex polygon (pearlite lamellae, twin bands)."""
    cx, cy = _centroid(poly)
    radius = max(math.dist((cx, cy), p) for p in poly)
    dx, dy = math.cos(angle), math.sin(angle)
    nx, ny = -dy, dx
    offset = -radius + phase % spacing
    while offset < radius:
        ox, oy = cx + nx * offset, cy + ny * offset
        seg = _clip_segment(
            (ox - dx * radius, oy - dy * radius), (ox + dx * radius, oy + dy * radius), poly
        )
        if seg:
            pygame.draw.line(surface, colour, seg[0], seg[1], width)
        offset += spacing


def _jitter(colour: tuple, rng: random.Random, amount: int) -> tuple[int, int, int]:
    shift = rng.randint(-amount, amount)
    return tuple(max(0, min(255, c + shift)) for c in colour)  # type: ignore[return-value]


class _Micrograph:
    """Paints one micrograph: grains shared out among the constituents, then what lies on them."""

    GRAIN_KINDS = (
        "ferrite",
        "pearlite",
        "martensite",
        "tempered_martensite",
        "bainite",
        "austenite",
        "ledeburite",
    )

    def __init__(self, size: int, rng: random.Random, fine: bool) -> None:
        self.size = size
        self.rng = rng
        self.k = size / 300  # drawn at 300 px, scaled
        self.fine = fine

    # -- grains --------------------------------------------------------------------------------

    def ferrite(self, surface, poly) -> None:
        pygame.draw.polygon(surface, _jitter(CONSTITUENT_COLOURS["ferrite"], self.rng, 10), poly)

    def austenite(self, surface, poly) -> None:
        rng, k = self.rng, self.k
        base = _jitter(CONSTITUENT_COLOURS["austenite"], rng, 8)
        pygame.draw.polygon(surface, base, poly)
        if rng.random() < 0.75:  # annealing twins: straight bands across the grain
            angle = rng.uniform(0, math.pi)
            cx, cy = _random_point(poly, rng)
            nx, ny = -math.sin(angle), math.cos(angle)
            half = rng.uniform(4, 10) * k
            c = nx * cx + ny * cy
            band = _clip_half(_clip_half(list(poly), nx, ny, c + half), -nx, -ny, -(c - half))
            if len(band) >= 3:
                pygame.draw.polygon(surface, tuple(max(0, v - 26) for v in base), band)

    def pearlite(self, surface, poly) -> None:
        rng, k = self.rng, self.k
        # two colonies per grain, their lamellae at different angles
        angle = rng.uniform(0, math.pi)
        cx, cy = _centroid(poly)
        nx, ny = math.cos(angle), math.sin(angle)
        c = nx * cx + ny * cy
        spacing = (3.4 if self.fine else 5.0) * k
        for part in (_clip_half(list(poly), nx, ny, c), _clip_half(list(poly), -nx, -ny, -c)):
            if len(part) < 3:
                continue
            pygame.draw.polygon(surface, CONSTITUENT_COLOURS["pearlite"], part)
            _stripes(
                surface,
                part,
                rng.uniform(0, math.pi),
                spacing,
                (196, 180, 156),
                max(1, round(spacing * 0.42)),
                rng.uniform(0, spacing),
            )

    def _needles(self, surface, poly, colours, count_per_area, length, width) -> None:
        rng, k = self.rng, self.k
        families = [rng.uniform(0, math.pi)]
        families += [families[0] + math.pi / 3, families[0] + 2 * math.pi / 3]
        xs = [p[0] for p in poly]
        ys = [p[1] for p in poly]
        x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        count = max(3, round((x1 - x0) * (y1 - y0) / (k * k) * count_per_area))
        for _ in range(count):  # centres anywhere in the bounding box: clipping keeps the grain
            cx, cy = rng.uniform(x0, x1), rng.uniform(y0, y1)
            angle = rng.choice(families) + rng.uniform(-0.12, 0.12)
            half = rng.uniform(*length) * k / 2
            dx, dy = math.cos(angle) * half, math.sin(angle) * half
            seg = _clip_segment((cx - dx, cy - dy), (cx + dx, cy + dy), poly)
            if seg:
                w = max(1, round(rng.uniform(*width) * k))
                pygame.draw.line(surface, rng.choice(colours), seg[0], seg[1], w)

    def martensite(self, surface, poly) -> None:
        pygame.draw.polygon(surface, _jitter(CONSTITUENT_COLOURS["martensite"], self.rng, 6), poly)
        self._needles(
            surface, poly, [(78, 62, 50), (96, 78, 62), (214, 198, 170)], 0.03, (12, 50), (1.2, 3.4)
        )

    def tempered_martensite(self, surface, poly) -> None:
        rng, k = self.rng, self.k
        pygame.draw.polygon(
            surface, _jitter(CONSTITUENT_COLOURS["tempered_martensite"], rng, 6), poly
        )
        self._needles(surface, poly, [(88, 74, 62), (166, 148, 126)], 0.024, (12, 44), (1.5, 3.0))
        for _ in range(max(2, round(abs(_area(poly)) / (k * k) * 0.006))):  # fine carbides
            pygame.draw.circle(surface, (70, 58, 48), _random_point(poly, rng), max(1, 0.9 * k))

    def bainite(self, surface, poly) -> None:
        rng, k = self.rng, self.k
        pygame.draw.polygon(surface, _jitter(CONSTITUENT_COLOURS["bainite"], rng, 6), poly)
        for _ in range(max(2, round(abs(_area(poly)) / (k * k) / 900))):  # feathery sheaves
            cx, cy = _random_point(poly, rng)
            angle = rng.uniform(0, math.pi)
            dx, dy = math.cos(angle), math.sin(angle)
            for j in range(-3, 4):
                ox, oy = cx - dy * j * 3.2 * k, cy + dx * j * 3.2 * k
                half = rng.uniform(10, 22) * k
                seg = _clip_segment(
                    (ox - dx * half, oy - dy * half), (ox + dx * half, oy + dy * half), poly
                )
                if seg:
                    pygame.draw.line(surface, (72, 60, 50), seg[0], seg[1], max(1, round(1.4 * k)))

    def ledeburite(self, surface, poly) -> None:
        rng, k = self.rng, self.k
        pygame.draw.polygon(surface, CONSTITUENT_COLOURS["cementite"], poly)
        for _ in range(max(4, round(abs(_area(poly)) / (k * k) / 70))):  # leopard spots
            cx, cy = _random_point(poly, rng)
            rx, ry = rng.uniform(2, 5) * k, rng.uniform(1.5, 3.5) * k
            pygame.draw.ellipse(surface, (96, 80, 66), (cx - rx, cy - ry, 2 * rx, 2 * ry))

    def other(self, surface, poly) -> None:
        pygame.draw.polygon(surface, _jitter((170, 160, 150), self.rng, 8), poly)

    # -- on top of the grains ------------------------------------------------------------------

    def network(self, surface, cells, owners, fraction, colour) -> None:
        """Cementite along the boundaries of the pearlite grains (hypereutectoid steel), or the
        carbides along the austenite grains of a slowly cooled Hadfield steel."""
        edges = {}  # a boundary between two such grains is drawn (and its length counted) once
        for cell, owner in zip(cells, owners, strict=True):
            if owner in ("pearlite", "martensite", "tempered_martensite", "austenite"):
                for a, b in zip(cell, cell[1:] + cell[:1], strict=True):
                    key = tuple(sorted(((round(a[0]), round(a[1])), (round(b[0]), round(b[1])))))
                    edges[key] = (a, b)
        edges = list(edges.values())
        length = sum(math.dist(a, b) for a, b in edges) or 1.0
        width = max(2, min(round(9 * self.k), round(fraction * self.size * self.size / length)))
        rim = width + 2 * max(1, round(0.8 * self.k))  # etched edges, as round the dots
        for a, b in edges:
            pygame.draw.line(surface, ETCHED_RIM, a, b, rim)
        for a, b in edges:
            pygame.draw.line(surface, colour, a, b, width)

    def plates(self, surface, fraction) -> None:
        """Primary cementite: long white plates (hypereutectic white iron)."""
        rng, k, size = self.rng, self.k, self.size
        target = fraction * size * size
        while target > 0:
            cx, cy = rng.uniform(0, size), rng.uniform(0, size)
            angle = rng.uniform(0, math.pi)
            length, width = rng.uniform(70, 170) * k, rng.uniform(7, 14) * k
            dx, dy = math.cos(angle), math.sin(angle)
            nx, ny = -dy * width / 2, dx * width / 2
            half = length / 2
            corners = [
                (cx - dx * half + nx, cy - dy * half + ny),
                (cx + dx * half + nx, cy + dy * half + ny),
                (cx + dx * half - nx, cy + dy * half - ny),
                (cx - dx * half - nx, cy - dy * half - ny),
            ]
            pygame.draw.polygon(surface, CONSTITUENT_COLOURS["cementite"], corners)
            pygame.draw.polygon(surface, (150, 140, 126), corners, 1)
            target -= length * width

    def dots(self, surface, fraction, colour, radius) -> None:
        """Spheroidal carbides (or anything else small and round) scattered over the field."""
        rng, k, size = self.rng, self.k, self.size
        r_mean = (radius[0] + radius[1]) / 2 * k
        count = round(fraction * size * size / (math.pi * r_mean * r_mean))
        for _ in range(min(count, 4000)):
            centre = (rng.uniform(0, size), rng.uniform(0, size))
            r = rng.uniform(*radius) * k
            pygame.draw.circle(surface, ETCHED_RIM, centre, r + max(1.0, 0.8 * k))
            pygame.draw.circle(surface, colour, centre, r)

    def islands(self, surface, cells, owners, fraction) -> None:
        """Retained austenite: small light patches between martensite needles."""
        rng, k, size = self.rng, self.k, self.size
        target = fraction * size * size
        while target > 0:
            cx, cy = rng.uniform(0, size), rng.uniform(0, size)
            r = rng.uniform(2.5, 6) * k
            points = [
                (
                    cx + r * rng.uniform(0.6, 1.2) * math.cos(a),
                    cy + r * rng.uniform(0.6, 1.2) * math.sin(a),
                )
                for a in _angles(0, 2 * math.pi * 5 / 6, 6)
            ]
            pygame.draw.polygon(surface, CONSTITUENT_COLOURS["austenite"], points)
            target -= math.pi * r * r

    def flakes(self, surface, area_fraction) -> None:
        """Graphite flakes: dark curved blades, thickest in the middle."""
        rng, k, size = self.rng, self.k, self.size
        target = area_fraction * size * size
        while target > 0:
            x0, y0 = rng.uniform(-10, size + 10), rng.uniform(-10, size + 10)
            angle = rng.uniform(0, 2 * math.pi)
            length = rng.uniform(30, 95) * k
            bend = rng.uniform(-0.5, 0.5)
            thick = rng.uniform(1.6, 3.6) * k
            top, bottom = [], []
            for i in range(13):
                t = i / 12
                a = angle + bend * (t - 0.5) * 2
                px_ = (
                    x0
                    + math.cos(angle) * length * t
                    + math.cos(a + math.pi / 2) * bend * length * 0.25 * math.sin(math.pi * t)
                )
                py_ = (
                    y0
                    + math.sin(angle) * length * t
                    + math.sin(a + math.pi / 2) * bend * length * 0.25 * math.sin(math.pi * t)
                )
                half = thick * math.sin(math.pi * t) + 0.4
                nx, ny = -math.sin(a), math.cos(a)
                top.append((px_ + nx * half, py_ + ny * half))
                bottom.append((px_ - nx * half, py_ - ny * half))
            pygame.draw.polygon(surface, CONSTITUENT_COLOURS["graphite_flakes"], top + bottom[::-1])
            target -= length * thick * 1.2

    def nodules(self, surface, area_fraction) -> None:
        rng, k, size = self.rng, self.k, self.size
        target = area_fraction * size * size
        while target > 0:
            r = rng.uniform(5, 11) * k
            centre = (rng.uniform(0, size), rng.uniform(0, size))
            pygame.draw.circle(surface, (236, 230, 214), centre, r * 1.6)  # the ferrite halo
            pygame.draw.circle(surface, CONSTITUENT_COLOURS["graphite_nodules"], centre, r)
            target -= math.pi * r * r


def _grain_count(treatment: str, family: str) -> int:
    if family == "cast_iron":
        return 30
    return {"slow_cool": 24, "air_cool": 42, "quench": 20, "quench_temper": 20}[treatment]


def _share_out(
    cells: list[list[Point]], wanted: list[tuple[str, float]], rng: random.Random
) -> list[str]:
    """Which constituent fills each cell, so each one's area comes near its fraction."""
    order = list(range(len(cells)))
    rng.shuffle(order)
    areas = [abs(_area(cell)) for cell in cells]
    total = sum(areas) or 1.0
    owners = [""] * len(cells)
    if not wanted:
        return ["other"] * len(cells)
    wanted = sorted(wanted, key=lambda pair: pair[1])
    share = sum(f for _, f in wanted) or 1.0
    queue = list(order)
    for name, fraction in wanted[:-1]:
        target = fraction / share * total
        got = 0.0
        while queue and (got == 0.0 or got + areas[queue[0]] / 2 < target):
            index = queue.pop(0)
            owners[index] = name
            got += areas[index]
            if got >= target:
                break
    for index in queue:
        owners[index] = wanted[-1][0]
    return owners


def render_micrograph(
    constituents: Sequence[tuple[str, float]],
    treatment: str,
    family: str,
    seed: str,
    size: int,
    variant: str = "",
) -> pygame.Surface:
    """A round micrograph (size × size, transparent outside the circle) of these constituents
    (`variant`: the microstructure's, which says where its carbides lie)."""
    rng = random.Random(zlib.crc32(seed.encode()))
    fine = treatment == "air_cool"
    painter = _Micrograph(size, rng, fine)
    field = pygame.Surface((size, size))
    field.fill((200, 192, 176))
    fractions = dict(constituents)
    retained = fractions.get("austenite", 0.0)
    islands = 0.0 < retained < 0.2 and any(
        fractions.get(m, 0) > 0.5 for m in ("martensite", "tempered_martensite")
    )
    grains = [
        (name, f)
        for name, f in constituents
        if name in _Micrograph.GRAIN_KINDS and not (islands and name == "austenite")
    ]
    if not grains:
        grains = [("ferrite", 1.0)]
    cells = voronoi_cells(size, _grain_count(treatment, family), rng)
    owners = _share_out(cells, grains, rng)
    for cell, owner in zip(cells, owners, strict=True):
        getattr(painter, owner, painter.other)(field, cell)
    for cell, owner in zip(cells, owners, strict=True):
        if owner in ("ferrite", "austenite", "ledeburite", "other"):
            pygame.draw.polygon(field, (92, 80, 66), cell, max(1, round(1.3 * painter.k)))
        else:
            pygame.draw.polygon(field, (70, 58, 48), cell, max(1, round(0.8 * painter.k)))
    cementite = fractions.get("cementite", 0.0)
    if cementite > 0.15:
        painter.plates(field, cementite)
    elif cementite > 0:
        painter.network(field, cells, owners, cementite, CONSTITUENT_COLOURS["cementite"])
    if islands:
        painter.islands(field, cells, owners, retained)
    carbides = fractions.get("carbides", 0.0)
    if carbides > 0 and carbides_on_boundaries(variant):
        painter.network(field, cells, owners, carbides, CONSTITUENT_COLOURS["carbides"])
    elif carbides > 0:
        painter.dots(field, carbides, CONSTITUENT_COLOURS["carbides"], (1.4, 3.2))
    for name in ("graphite_flakes", "graphite_nodules"):
        mass = fractions.get(name, 0.0)
        if mass > 0:
            area = graphite_area_share(mass)
            (painter.flakes if name == "graphite_flakes" else painter.nodules)(field, area)
    return _eyepiece(field)


def carbides_on_boundaries(variant: str) -> bool:
    """The carbides an austenite lets out when cooled slowly or tempered (Hadfield steel, a
    sensitised stainless: the "embrittled" variant) line its grain boundaries; every other
    alloy's carbides are scattered dots. The micrograph and its legend both ask here."""
    return variant == "embrittled"


def render_swatch(name: str, size: int, radius: int, variant: str) -> pygame.Surface:
    """A legend swatch: a square of the constituent as a micrograph of `variant` paints it."""
    rng = random.Random(zlib.crc32(name.encode()))
    painter = _Micrograph(size * 4, rng, fine=False)
    painter.k = max(painter.k, 0.9)
    field = pygame.Surface((size, size))
    square = [(0.0, 0.0), (float(size), 0.0), (float(size), float(size)), (0.0, float(size))]
    if name in _Micrograph.GRAIN_KINDS:
        getattr(painter, name)(field, square)
    elif name == "cementite" or name == "carbides":
        field.fill(CONSTITUENT_COLOURS["ferrite"])
        if name == "cementite":
            pygame.draw.rect(
                field, CONSTITUENT_COLOURS["cementite"], (0, size // 3, size, size // 3)
            )
            pygame.draw.rect(field, (150, 140, 126), (0, size // 3, size, size // 3), 1)
        elif carbides_on_boundaries(variant):  # a boundary between two austenite grains
            painter.austenite(field, square)
            band = (0, size * 2 // 5, size, max(2, size // 5))
            pygame.draw.rect(field, ETCHED_RIM, pygame.Rect(band).inflate(0, 4))
            pygame.draw.rect(field, CONSTITUENT_COLOURS["carbides"], band)
        else:
            for cx, cy in ((0.25, 0.3), (0.7, 0.25), (0.5, 0.65), (0.2, 0.8), (0.8, 0.75)):
                pygame.draw.circle(field, (120, 110, 96), (cx * size, cy * size), size / 9 + 1)
                pygame.draw.circle(
                    field, CONSTITUENT_COLOURS["carbides"], (cx * size, cy * size), size / 9
                )
    elif name.startswith("graphite"):
        field.fill(CONSTITUENT_COLOURS["ferrite"])
        colour = CONSTITUENT_COLOURS[name]
        if name == "graphite_nodules":
            pygame.draw.circle(field, colour, (size / 2, size / 2), size / 4)
        else:
            points = [
                (size * (0.1 + 0.8 * t), size * (0.7 - 0.5 * t + 0.3 * t * t))
                for t in _angles(0, 1, 8)
            ]
            pygame.draw.lines(field, colour, False, points, max(2, size // 7))
    else:
        painter.other(field, square)
    out = pygame.Surface((size, size), pygame.SRCALPHA)
    out.blit(field, (0, 0))
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.rect(mask, (255, 255, 255, 255), mask.get_rect(), border_radius=radius)
    out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    pygame.draw.rect(out, PANEL_EDGE, out.get_rect(), max(1, radius // 4), border_radius=radius)
    return out


def _eyepiece(field: pygame.Surface) -> pygame.Surface:
    """The field seen through a microscope: round, darker towards the rim."""
    size = field.get_width()
    r = size / 2
    out = pygame.Surface((size, size), pygame.SRCALPHA)
    out.blit(field, (0, 0))
    shade = pygame.Surface((size, size), pygame.SRCALPHA)
    rings = 18
    for i in range(rings):
        radius = r * (1 - 0.28 * i / rings)
        alpha = round(110 * (1 - i / rings) ** 2)
        pygame.draw.circle(
            shade, (0, 0, 0, alpha), (r, r), radius, max(1, round(0.28 * r / rings) + 1)
        )
    out.blit(shade, (0, 0))
    mask = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.circle(mask, (255, 255, 255, 255), (r, r), r)
    out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return out


# ---------------------------------------------------------------------------------------------
# The diagram's static picture
# ---------------------------------------------------------------------------------------------

_TINY_FIELDS = {"liquid+delta_ferrite", "delta_ferrite+austenite", "liquid+cementite"}
_EDGE_FIELDS = {"delta_ferrite", "ferrite"}  # too thin to hold a label: it sits beside them


def _field_colour(field: str) -> tuple[int, int, int]:
    phases = field.split("+")
    mix = [sum(PHASE_COLOURS[p][i] for p in phases) / len(phases) for i in range(3)]
    return tuple(round(0.34 * m + 0.66 * b) for m, b in zip(mix, PANEL, strict=True))  # type: ignore[return-value]


def render_fields(width: int, height: int, cell: int) -> pygame.Surface:
    """Each phase field tinted by its phases, sampled every `cell` pixels and smoothed."""
    cols, rows = max(2, width // cell), max(2, height // cell)
    small = pygame.Surface((cols, rows))
    c0, c1 = CARBON_RANGE
    t0, t1 = TEMPERATURE_RANGE
    colours: dict[str, tuple[int, int, int]] = {}
    for j in range(rows):
        temp = t1 - (t1 - t0) * (j + 0.5) / rows
        for i in range(cols):
            carbon = c0 + (c1 - c0) * (i + 0.5) / cols
            field = field_id(phases_at(carbon, temp))
            colour = colours.get(field)
            if colour is None:
                colour = colours[field] = _field_colour(field)
            small.set_at((i, j), colour)
    return pygame.transform.smoothscale(small, (width, height))


# ---------------------------------------------------------------------------------------------
# The scene
# ---------------------------------------------------------------------------------------------


class AlloyScene:
    """Draws an `AlloyPlay`; `hit` turns a touch into one of its commands.

    `palette`: the lab has no token reader, so every element stands as a chip in its place,
    empty until touched, and a touch on a chip adds a rung of it.
    """

    MICROGRAPH_CACHE = 24

    def __init__(self, screen: Screen, palette: bool = False) -> None:
        self.screen = screen
        self.palette = palette
        self.layout = AlloyLayout(screen, palette)
        self.painter = Placer(screen, screen.px(MIN_TEXT_PX))
        self._static: dict[str, tuple[pygame.Surface, list[Placed]]] = {}
        self._hints: dict[str, Rect] = {}
        self._plots: dict[tuple[str, bool], tuple[pygame.Surface, list[Placed]]] = {}
        self._line_label_rects: dict[tuple[str, bool], list[Rect]] = {}
        self._avoid: list[Rect] = []  # the line names on the plot now: the tag keeps off them
        self._fields: pygame.Surface | None = None
        self._base: pygame.Surface | None = None
        self._base_key: tuple | None = None
        self._base_texts: list[Placed] = []
        self._chip_targets: list[tuple[Rect, str]] = []
        self._chip_rects: dict[str, Rect] = {}
        self._phases: pygame.Surface | None = None
        self._phases_key: tuple | None = None
        self._phases_texts: list[Placed] = []
        self._frame_texts: list[Placed] = []
        self._micrographs: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._glows: dict[int, pygame.Surface] = {}
        self._swatches: dict[tuple[str, int, bool], pygame.Surface] = {}
        self._toasts: dict[tuple, tuple[pygame.Surface, list[Placed]]] = {}

    # ---- what the tests read -----------------------------------------------------------------

    @property
    def texts(self) -> list[Placed]:
        """Every string on screen after the last `draw`, where it went and at what size."""
        language = self._base_key[0] if self._base_key else None
        static = self._static[language][1] if language in self._static else []
        return [*static, *self._base_texts, *self._phases_texts, *self._frame_texts]

    def _words(self, name: str, language: str, **values) -> str:
        """A label, in its touch wording (`<name>_touch`) on a lab without a token reader."""
        if self.palette and f"{name}_touch" in texts.STRINGS:
            name = f"{name}_touch"
        return texts.t(name, language, **values)

    # ---- touches -----------------------------------------------------------------------------

    def hit(self, x: float, y: float) -> str | None:
        lay = self.layout
        for treatment, rect in lay.treat_buttons.items():
            if contains(rect, x, y):
                return f"treat:{treatment}"
        if contains(lay.clear_button, x, y):
            return "clear"
        for rect, action in self._chip_targets:
            if contains(rect, x, y):
                return action
        if contains(_inset(lay.temp_minus, -self.screen.px(8)), x, y):
            return "temp:-"
        if contains(_inset(lay.temp_plus, -self.screen.px(8)), x, y):
            return "temp:+"
        if contains(lay.plot, x, y):
            _, temp = lay.from_plot(x, y)
            return f"temp:{round(temp / 10) * 10}"
        return None

    # ---- drawing -----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, play, language: str, now: float) -> None:
        verdict: Verdict = play.verdict
        key = (language, verdict.alloy, verdict.treatment)
        if key != self._base_key or self._base is None:
            self._compose_base(verdict, language)
            self._base_key = key
        surface.blit(self._base, (0, 0))
        self._draw_phases(surface, verdict, language)
        self._frame_texts = []
        self._draw_marker(surface, verdict, language, now)
        self._draw_chip_glow(surface, play)
        self._draw_feedback(surface, play, language)

    # -- the static layer (per language) -------------------------------------------------------

    def _static_layer(self, language: str) -> tuple[pygame.Surface, list[Placed]]:
        cached = self._static.get(language)
        if cached:
            return cached
        s, lay, put = self.screen, self.layout, self.painter.put
        px = s.px
        record: list[Placed] = []
        layer = pygame.Surface((s.width, s.height))
        layer.fill(BACKGROUND)
        for panel in (
            lay.chips_panel,
            lay.treat_panel,
            lay.diagram_panel,
            lay.micro_panel,
            lay.verdict_panel,
        ):
            shadowed_panel(layer, panel, s.unit)
        title = put(layer, record, texts.t("label.title", language), "black", 60, MOLTEN, lay.title)
        pygame.draw.rect(
            layer,
            MOLTEN,
            (title[0], title[1] + title[3] + px(2), px(90), px(5)),
            border_radius=px(3),
        )
        if lay.hint is None:  # the hint follows the title on the same line
            hint_x = title[0] + title[2] + px(48)
            hint = (hint_x, lay.title[1], lay.language_corner[0] - px(36) - hint_x, lay.title[3])
        else:
            hint = lay.hint
        self._hints[language] = hint
        put(
            layer, record, texts.t("label.treatment", language), "bold", 30, MUTED, lay.treat_header
        )
        put(
            layer,
            record,
            texts.t("label.microstructure", language),
            "bold",
            30,
            MUTED,
            lay.micro_header,
        )
        self._draw_diagram_frame(layer, record, language)
        if layer.get_bitsize() == 32 and pygame.display.get_surface() is not None:
            layer = layer.convert()
        self._static[language] = (layer, record)
        return layer, record

    def _diagram_fields(self) -> pygame.Surface:
        if self._fields is None:
            _, _, w, h = self.layout.plot
            self._fields = render_fields(w, h, max(2, self.screen.px(3)))
        return self._fields

    def _draw_diagram_frame(
        self, layer: pygame.Surface, record: list[Placed], language: str
    ) -> None:
        """Header, steel / cast-iron band, axes, ticks and titles: everything but the plot."""
        s, lay, put = self.screen, self.layout, self.painter.put
        px = s.px
        put(
            layer, record, texts.t("label.diagram", language), "bold", 30, MUTED, lay.diagram_header
        )
        # steel | cast iron, above the plot
        bx, by, bw, bh = lay.family_band
        split = lay.to_plot(AUSTENITE_MAX_C, 0)[0]
        for x0, x1, family in ((bx, split, "steel"), (split, bx + bw, "cast_iron")):
            rect = (round(x0) + px(2), by, round(x1 - x0) - px(4), bh)
            pygame.draw.rect(layer, CHIP, rect, border_radius=px(8))
            put(
                layer,
                record,
                texts.name("family", family, language),
                "bold",
                24,
                INK,
                _inset(rect, px(8), 0),
                align="center",
            )
        x, y, w, h = lay.plot
        f_small = 22
        # ticks: the key values in ink, the round ones in grey where they leave room
        label_h = px(28)
        key_ys = [lay.to_plot(0, temp)[1] for temp in KEY_TEMPERATURES]
        for temp in sorted({*range(200, 1601, 200), *KEY_TEMPERATURES}):
            _, ty = lay.to_plot(0, temp)
            key = temp in KEY_TEMPERATURES
            if not key and any(abs(ty - ky) < label_h + px(4) for ky in key_ys):
                continue
            pygame.draw.line(layer, PANEL_EDGE, (x - px(8), ty), (x, ty), max(1, px(2)))
            box = (lay.y_ticks[0], round(ty) - px(14), lay.y_ticks[2], label_h)
            face, colour = ("bold", INK) if key else ("regular", MUTED)
            put(layer, record, f"{temp:g}", face, f_small, colour, box, align="right")
        tick_w = px(52)
        key_xs = [lay.to_plot(carbon, 0)[0] for carbon in KEY_CARBONS]
        for carbon in sorted({*range(0, 7), *KEY_CARBONS}):
            tx, _ = lay.to_plot(carbon, TEMPERATURE_RANGE[0])
            key = carbon in KEY_CARBONS
            if not key and any(abs(tx - kx) < tick_w for kx in key_xs):
                continue
            pygame.draw.line(layer, PANEL_EDGE, (tx, y + h), (tx, y + h + px(8)), max(1, px(2)))
            box = (round(tx) - tick_w // 2, y + h + px(10), tick_w, label_h)
            words = number(carbon, 2, language, trim=True)
            face, colour = ("bold", INK) if key else ("regular", MUTED)
            put(layer, record, words, face, f_small, colour, box, align="center")
        ay = lay.x_axis[1]
        put(
            layer,
            record,
            texts.t("label.axis_carbon", language),
            "bold",
            24,
            MUTED,
            (x, ay + px(44), w, px(34)),
            align="center",
        )
        # the temperature title, turned a quarter
        words = texts.t("label.axis_temperature", language)
        tbx, tby, tbw, tbh = lay.y_title
        size = self.painter.fitted_size(words, "bold", px(24), tbh, tbw)
        turned = pygame.transform.rotate(text.render_line(words, "bold", size, MUTED), 90)
        tx = tbx + (tbw - turned.get_width()) // 2
        ty = tby + (tbh - turned.get_height()) // 2
        layer.blit(turned, (tx, ty))
        record.append(
            Placed(
                words,
                "bold",
                size,
                lay.y_title,
                (tx, ty, *turned.get_size()),
                self.painter.minimum,
            )
        )

    def _plot_picture(self, language: str, grey: bool) -> tuple[pygame.Surface, list[Placed]]:
        """The plot: tinted fields, the lines, the field labels; grey when it does not apply."""
        key = (language, grey)
        cached = self._plots.get(key)
        if cached:
            return cached
        s, lay = self.screen, self.layout
        px = s.px
        x, y, w, h = lay.plot
        picture = self._diagram_fields().copy()
        if grey:
            picture = pygame.transform.grayscale(picture)
            picture.fill((40, 40, 40), special_flags=pygame.BLEND_RGB_SUB)
        line_colour = (120, 118, 112) if grey else (236, 230, 218)
        guide_colour = (110, 108, 104) if grey else (170, 164, 152)
        for name in KEY_POINT_DOTS:  # faint guides from the key points to the axes
            cx, cy = lay.to_plot(*KEY_POINTS[name])
            _dashed(picture, (cx - x, cy - y), (cx - x, h), guide_colour, max(1, px(2)), px(8))
            if name == "E":  # 1147 °C: the eutectic line stops short of the iron axis
                _dashed(picture, (0, cy - y), (cx - x, cy - y), guide_colour, max(1, px(2)), px(8))
        for line_id, points in DIAGRAM_LINES:
            plotted = [(px_ - x, py_ - y) for px_, py_ in (lay.to_plot(c, t) for c, t in points)]
            width = px(2) if line_id in ("ferrite_solvus", "delta_solvus", "cementite") else px(3)
            pygame.draw.lines(picture, line_colour, False, plotted, max(1, width))
        for name in KEY_POINT_DOTS:
            cx, cy = lay.to_plot(*KEY_POINTS[name])
            pygame.draw.circle(picture, line_colour, (cx - x, cy - y), px(6))
        record: list[Placed] = []
        label_colour = (150, 148, 142) if grey else INK
        hidden = self._not_applicable_box()
        for line_id, (carbon, temp) in LINE_LABELS:  # named just below the line
            words = texts.t(f"line.{line_id}", language)
            cx, cy = lay.to_plot(carbon, temp)
            tw, th = measure(words, "regular", px(20))
            tw = min(tw, w - px(8))
            bx = min(max(round(cx - x - tw / 2), px(4)), w - tw - px(4))
            box = (bx, round(cy - y) + px(4), tw, th)
            if grey and _overlaps((box[0] + x, box[1] + y, tw, th), hidden):
                continue
            self.painter.put(
                picture, record, words, "regular", 20, label_colour, box, origin=(x, y)
            )
            self._line_label_rects.setdefault(key, []).append(record[-1].rect)
        for field, (carbon, temp) in REGION_LABELS:
            if field in _TINY_FIELDS:
                continue
            words = field_label(field)
            cx, cy = lay.to_plot(carbon, temp)
            size = 24 if field not in _EDGE_FIELDS else 22
            tw, th = measure(words, "bold", px(size))
            if field in _EDGE_FIELDS:  # beside its thin field, just right of the axis
                box = (round(cx - x) + px(10), round(cy - y) - th // 2, tw, th)
            else:
                box = (round(cx - x - tw / 2), round(cy - y - th / 2), tw, th)
            bx = min(max(box[0], px(4)), w - tw - px(4))
            box = (bx, box[1], tw, th)
            if grey and _overlaps((box[0] + x, box[1] + y, tw, th), hidden):
                continue  # under the "does not apply" box
            self.painter.put(picture, record, words, "bold", size, label_colour, box, origin=(x, y))
        pygame.draw.rect(picture, PANEL_EDGE, picture.get_rect(), max(1, px(2)))
        self._plots[key] = (picture, record)
        return picture, record

    # -- the base layer (per recipe, treatment and language) -----------------------------------

    def _compose_base(self, verdict: Verdict, language: str) -> None:
        static, _ = self._static_layer(language)
        base = static.copy()
        record: list[Placed] = []
        lay = self.layout
        grey = not verdict.diagram_applies and verdict.family != "no_iron"
        plot, plot_texts = self._plot_picture(language, grey)
        self._avoid = self._line_label_rects.get((language, grey), [])
        base.blit(plot, lay.plot[:2])
        record += plot_texts
        if grey:
            self._not_applicable(base, record, verdict, language)
        self._draw_hint(base, record, verdict, language)
        self._draw_chips(base, record, verdict, language)
        self._draw_treatments(base, record, verdict, language)
        self._draw_microscope(base, record, verdict, language)
        self._draw_verdict(base, record, verdict, language)
        self._base = base
        self._base_texts = record

    def _not_applicable_box(self) -> Rect:
        """Where the diagram says it does not apply: clear of the temperature tag's corner."""
        px = self.screen.px
        x, y, w, h = self.layout.plot
        return (x + px(24), y + h // 2 - px(70), w - px(24) - px(150), px(140))

    def _not_applicable(self, base, record, verdict: Verdict, language) -> None:
        px = self.screen.px
        box = self._not_applicable_box()
        pygame.draw.rect(base, PANEL, box, border_radius=px(14))
        pygame.draw.rect(base, PANEL_EDGE, box, max(1, px(2)), border_radius=px(14))
        words = texts.t(_why_off_diagram(verdict), language)
        inner = _inset(box, px(24), px(16))
        self.painter.block(base, record, words, "bold", 32, INK, inner, max_lines=3)

    def _draw_hint(self, base, record, verdict: Verdict, language: str) -> None:
        hint = self._hints[language]
        if hint[2] <= 0:
            return
        alloy = verdict.alloy
        # tokens down but no iron yet, or chips to touch and no iron yet: say so up here
        if not alloy.has_iron and (alloy.pct or self.palette):
            words, colour = self._words("label.no_iron", language), MOLTEN
        else:
            words, colour = self._words("label.hint", language), MUTED
        self.painter.put(base, record, words, "regular", 30, colour, hint)

    def _draw_chips(self, base, record, verdict: Verdict, language: str) -> None:
        s, lay, put = self.screen, self.layout, self.painter.put
        px = s.px
        alloy = verdict.alloy
        put(
            base,
            record,
            texts.t("label.composition", language),
            "bold",
            30,
            MUTED,
            lay.chips_header,
        )
        clear = pygame.Rect(lay.clear_button)
        pygame.draw.rect(base, CHIP, clear, border_radius=clear.height // 2)
        pygame.draw.rect(base, CHIP_EDGE, clear, max(1, px(2)), border_radius=clear.height // 2)
        arrow = (clear.x + px(22), clear.y + clear.height // 2)
        pygame.draw.arc(
            base,
            INK,
            (arrow[0] - px(2), arrow[1] - px(13), px(26), px(26)),
            0.6,
            5.4,
            max(2, px(4)),
        )
        put(
            base,
            record,
            texts.t("label.start_again", language),
            "bold",
            26,
            INK,
            (clear.x + px(56), clear.y, clear.width - px(70), clear.height),
            align="center",
        )
        self._chip_targets = []
        self._chip_rects = {}
        if self.palette:  # every element in its place, those not in the alloy yet dimmed
            for index, element in enumerate(ELEMENTS):
                amount = alloy.iron_pct if element == "Fe" else alloy.get(element)
                present = alloy.has_iron if element == "Fe" else amount > 0
                rect = lay.chip_rect(index)
                self._draw_chip(base, record, rect, element, amount, present, language)
                self._chip_targets.append((rect, f"tap:{element}"))
            return
        chips: list[tuple[str, float]] = []
        if alloy.has_iron:
            chips.append(("Fe", alloy.iron_pct))
        chips += list(alloy.pct)
        if not chips:
            self._draw_empty_crucible(base, record, language)
            return
        for index, (element, amount) in enumerate(chips):
            rect = lay.chip_rect(index, len(chips))
            self._draw_chip(base, record, rect, element, amount, True, language)

    def _draw_chip(self, base, record, rect: Rect, element: str, amount, present, language) -> None:
        """One element's chip: symbol, amount, name, and its "−" (or, not yet in the alloy on a
        lab without a reader, dimmed with a "+"); its touch targets go to `_chip_targets`."""
        s, lay, put = self.screen, self.layout, self.painter.put
        px = s.px
        self._chip_rects[element] = rect
        r = pygame.Rect(rect)
        is_iron = element == "Fe"
        pygame.draw.rect(base, CHIP if present else PANEL, r, border_radius=px(14))
        edge = MOLTEN if is_iron else CHIP_EDGE
        pygame.draw.rect(base, edge, r, max(1, px(2)), border_radius=px(14))
        ink, amount_ink = (INK, MOLTEN) if present else (DIM_INK, DIM_INK)
        inner = _inset(rect, px(14), px(8))
        ix, iy, iw, ih = inner
        amount_words = percent(amount if present else 0.0, language)
        name = texts.name("element", element, language)
        badge = not is_iron or not present  # iron in the alloy has no "−": "clear" empties it
        if ih >= px(96):  # tall chips: symbol, amount, name one above the other
            symbol_h = round(ih * 0.46)
            amount_h = round(ih * 0.3)
            put(
                base,
                record,
                element,
                "black",
                46,
                ink,
                (ix, iy, iw - px(44), symbol_h),
                valign="top",
            )
            put(
                base,
                record,
                amount_words,
                "bold",
                28,
                amount_ink,
                (ix, iy + symbol_h, iw, amount_h),
            )
            name_box = (ix, iy + symbol_h + amount_h, iw, ih - symbol_h - amount_h)
        else:  # short chips: the amount beside the symbol, the name below
            top_h = round(ih * 0.6)
            placed = put(
                base,
                record,
                element,
                "black",
                42,
                ink,
                (ix, iy, px(64), top_h),
                valign="bottom",
            )
            ax = placed[0] + placed[2] + px(10)
            put(
                base,
                record,
                amount_words,
                "bold",
                26,
                amount_ink,
                (ax, iy, ix + iw - (px(46) if badge else 0) - ax, top_h - px(4)),
                valign="bottom",
            )
            name_box = (ix, iy + top_h, iw, ih - top_h)
        put(base, record, name, "regular", 21, MUTED, name_box)
        if not badge:
            return
        centre, radius, reach = lay.chip_minus(rect)
        pygame.draw.circle(base, PANEL if present else CHIP, centre, radius)
        pygame.draw.circle(base, CHIP_EDGE, centre, radius, max(1, px(2)))
        bar, thick = px(16), px(4)
        cx, cy = centre
        pygame.draw.rect(base, INK, (cx - bar // 2, cy - thick // 2, bar, thick))
        if present:
            self._chip_targets.append((reach, f"remove:{element}"))
        else:  # the "+" of a chip to touch
            pygame.draw.rect(base, INK, (cx - thick // 2, cy - bar // 2, thick, bar))

    def _draw_empty_crucible(self, base, record, language: str) -> None:
        """An empty crucible and what to do first: above each other, or side by side."""
        px, put = self.screen.px, self.painter.put
        ax, ay, aw, ah = self.layout.chip_area
        title = texts.t("label.empty", language)
        instruction = texts.t("label.no_iron", language)
        if ah >= px(260):
            icon = px(120)
            draw_crucible(base, (ax + (aw - icon) // 2, ay + px(10), icon, icon), CHIP_EDGE)
            put(
                base,
                record,
                title,
                "bold",
                34,
                INK,
                (ax, ay + icon + px(26), aw, px(46)),
                align="center",
            )
            box = (ax + px(20), ay + icon + px(82), aw - px(40), px(80))
            align = "center"
        else:
            icon = min(px(120), ah - px(20))
            draw_crucible(base, (ax + px(10), ay + (ah - icon) // 2, icon, icon), CHIP_EDGE)
            tx = ax + icon + px(44)
            put(base, record, title, "bold", 34, INK, (tx, ay + px(6), ax + aw - tx, px(46)))
            box = (tx, ay + px(60), ax + aw - tx, ah - px(64))
            align = "left"
        self.painter.block(
            base, record, instruction, "regular", 28, MUTED, box, max_lines=2, align=align
        )

    def _draw_treatments(self, base, record, verdict: Verdict, language: str) -> None:
        px, put = self.screen.px, self.painter.put
        for treatment, rect in self.layout.treat_buttons.items():
            r = pygame.Rect(rect)
            active = treatment == verdict.treatment
            radius = px(16)
            if active:
                pygame.draw.rect(base, MOLTEN, r, border_radius=radius)
                ink, sub_ink, axis = DARK_INK, (70, 40, 12), (120, 70, 20)
            else:
                pygame.draw.rect(base, CHIP, r, border_radius=radius)
                pygame.draw.rect(base, CHIP_EDGE, r, max(1, px(2)), border_radius=radius)
                ink, sub_ink, axis = INK, MUTED, PANEL_EDGE
            icon_w = px(70)
            icon = (r.x + px(16), r.y + r.height // 2 - px(22), icon_w, px(44))
            draw_cooling_curve(base, treatment, icon, DARK_INK if active else MOLTEN, axis)
            main, sub = treatment_lines(treatment, language)
            tx = r.x + px(16) + icon_w + px(18)
            tw = r.right - px(14) - tx
            if sub:
                top = r.y + (r.height - px(66)) // 2
                put(base, record, main, "bold", 28, ink, (tx, top, tw, px(36)))
                put(base, record, sub, "regular", 22, sub_ink, (tx, top + px(36), tw, px(30)))
            else:
                put(base, record, main, "bold", 28, ink, (tx, r.y, tw, r.height))

    def _micrograph(self, verdict: Verdict, diameter: int) -> pygame.Surface:
        key = (verdict.alloy, verdict.treatment, diameter)
        cached = self._micrographs.get(key)
        if cached is not None:
            self._micrographs.move_to_end(key)
            return cached
        micro = verdict.microstructure
        seed = f"{verdict.alloy.formula()}|{verdict.treatment}"
        picture = render_micrograph(
            micro.constituents, verdict.treatment, verdict.family, seed, diameter, micro.variant
        )
        self._micrographs[key] = picture
        while len(self._micrographs) > self.MICROGRAPH_CACHE:
            self._micrographs.popitem(last=False)
        return picture

    def _draw_microscope(self, base, record, verdict: Verdict, language: str) -> None:
        s, lay, put = self.screen, self.layout, self.painter.put
        px = s.px
        cx, cy, r = lay.circle
        pygame.draw.circle(base, (14, 14, 16), (cx, cy), r + px(10))
        micro = verdict.microstructure
        if verdict.family == "no_iron" or not micro.constituents:
            pygame.draw.circle(base, (30, 30, 34), (cx, cy), r)  # an empty slide: just glass
            glint = (cx - r * 0.7, cy - r * 0.7, r * 1.4, r * 1.4)
            pygame.draw.arc(base, (62, 62, 70), glint, 1.9, 2.9, max(2, px(6)))
        else:
            picture = self._micrograph(verdict, 2 * r)
            base.blit(picture, (cx - r, cy - r))
            # a scale bar: the field of view is about 200 µm across
            bar = round(2 * r / 4)
            bx, by = cx - bar // 2, cy + r - px(30)
            backing = pygame.Surface((bar + px(36), px(44)), pygame.SRCALPHA)
            pygame.draw.rect(backing, (10, 10, 12, 140), backing.get_rect(), border_radius=px(12))
            base.blit(backing, (bx - px(18), by - px(30)))
            pygame.draw.rect(base, (250, 250, 250), (bx, by, bar, max(2, px(4))))
            put(
                base,
                record,
                "50 µm",
                "bold",
                20,
                (250, 250, 250),
                (bx - px(10), by - px(28), bar + px(20), px(26)),
                align="center",
            )
        pygame.draw.circle(base, (96, 98, 106), (cx, cy), r + px(10), max(2, px(5)))
        pygame.draw.circle(base, (20, 20, 22), (cx, cy), r + px(3), max(1, px(3)))
        # the legend: a swatch of each constituent as the micrograph draws it, its name and share
        lx, ly, lw, lh = lay.legend
        rows = [(name, f) for name, f in micro.constituents if f >= 0.005]
        if not rows:
            return
        inline = lh < px(70) * len(rows)  # short on height: the share goes on the name's line
        step = min(px(80), lh // len(rows))
        swatch = px(40) if not inline else min(px(34), step - px(6))
        for i, (name, fraction) in enumerate(rows):
            y = ly + i * step
            variant = verdict.microstructure.variant
            base.blit(self._swatch(name, swatch, variant), (lx, y + px(2)))
            tx = lx + swatch + px(14)
            words = texts.name("constituent", name, language)
            share = "< 1 %" if fraction < 0.01 else f"{round(fraction * 100)} %"
            if inline:
                placed = put(
                    base,
                    record,
                    share,
                    "regular",
                    24,
                    MUTED,
                    (lx + lw - px(70), y, px(70), swatch + px(4)),
                    align="right",
                )
                put(
                    base,
                    record,
                    words,
                    "bold",
                    26,
                    INK,
                    (tx, y, placed[0] - px(8) - tx, swatch + px(4)),
                )
            else:
                put(
                    base,
                    record,
                    words,
                    "bold",
                    26,
                    INK,
                    (tx, y, lx + lw - tx, px(34)),
                    valign="top",
                )
                put(
                    base,
                    record,
                    share,
                    "regular",
                    22,
                    MUTED,
                    (tx, y + px(34), lx + lw - tx, px(30)),
                    valign="top",
                )

    def _swatch(self, name: str, size: int, variant: str) -> pygame.Surface:
        key = (name, size, carbides_on_boundaries(variant))
        swatch = self._swatches.get(key)
        if swatch is None:
            swatch = render_swatch(name, size, self.screen.px(8), variant)
            self._swatches[key] = swatch
        return swatch

    def _draw_verdict(self, base, record, verdict: Verdict, language: str) -> None:
        """Family, hardness and strength, magnetism, how deep it hardens, the grades."""
        s, lay, put = self.screen, self.layout, self.painter.put
        px = s.px
        x, y, w, h = lay.verdict_box
        bottom = y + h
        micro = verdict.microstructure
        family = texts.name("family", verdict.family, language)
        hadfield = verdict.family == "manganese_austenitic"
        if micro.variant and (micro.variant != "embrittled" or hadfield):
            # an embrittled stainless or nickel steel keeps its family's name: the line on
            # grain-boundary carbides below says what happened to it
            family = texts.name("variant", micro.variant, language)
        put(base, record, family, "black", 46, MOLTEN, (x, y - px(6), w, px(60)), valign="top")
        y += px(56)
        if verdict.family == "no_iron":
            self._draw_recipes(base, record, language, (x, y + px(14), w, bottom - y - px(14)))
            return
        subtitle = f"{percent(verdict.alloy.carbon, language)} C"
        if verdict.carbon_class:
            subtitle = f"{texts.name('carbon_class', verdict.carbon_class, language)} · {subtitle}"
        put(base, record, subtitle, "regular", 26, MUTED, (x, y, w, px(36)), valign="top")
        y += px(46)
        # hardness and strength side by side: a small label over a large value
        stats = (
            (texts.t("label.hardness", language), value_range(micro.hardness_hv, "HV", language)),
            (texts.t("label.strength", language), value_range(micro.tensile_mpa, "MPa", language)),
        )
        col_gap = px(20)
        col_w = (w - col_gap) // 2
        for i, (label, value) in enumerate(stats):
            cx = x + i * (col_w + col_gap)
            put(base, record, label, "regular", 22, MUTED, (cx, y, col_w, px(30)), valign="top")
            put(
                base, record, value, "black", 36, INK, (cx, y + px(28), col_w, px(48)), valign="top"
            )
        y += px(84)
        icon = px(34)
        row_h = px(44)
        draw_magnet(base, (x, y + (row_h - icon) // 2, icon, icon), micro.magnetic)
        words = texts.t("label.magnetic" if micro.magnetic else "label.not_magnetic", language)
        put(base, record, words, "bold", 26, INK, (x + icon + px(14), y, w - icon - px(14), row_h))
        y += row_h
        if micro.variant == "embrittled":  # why Hadfield steel is always water-quenched
            words = texts.t("label.embrittled", language)
            put(base, record, words, "bold", 24, MOLTEN, (x, y, w, px(36)))
            y += px(38)
        elif verdict.treatment in ("quench", "quench_temper") and verdict.family != "cast_iron":
            if micro.hardens_through_mm == math.inf:
                words = texts.t("label.hardens_through_any", language)
            elif micro.hardens_through_mm is not None:
                words = texts.t("label.hardens_through", language, mm=micro.hardens_through_mm)
            else:
                words = texts.t("label.not_hardenable", language)
            put(base, record, words, "regular", 24, MUTED, (x, y, w, px(36)))
            y += px(38)
        y += px(10)
        self._draw_grades(base, record, verdict, language, (x, y, w, bottom - y))

    def _draw_recipes(self, base, record, language: str, box: Rect) -> None:
        """Before any iron: a few recipes to try, as the tokens to put down and what they make."""
        px, put = self.screen.px, self.painter.put
        x, y, w, h = box
        put(base, record, texts.t("label.try", language), "bold", 26, MUTED, (x, y, w, px(36)))
        y += px(48)
        disc = px(46)
        row_h = min(px(96), (h - px(48)) // len(RECIPES_TO_TRY))
        for tokens, grade_id in RECIPES_TO_TRY:
            cx = x
            for element, count in tokens:
                centre = (cx + disc // 2, y + disc // 2)
                pygame.draw.circle(base, CHIP, centre, disc // 2)
                edge = MOLTEN if element == "Fe" else CHIP_EDGE
                pygame.draw.circle(base, edge, centre, disc // 2, max(1, px(2)))
                put(base, record, element, "black", 24, INK, (cx, y, disc, disc), align="center")
                cx += disc + px(4)
                if count > 1:
                    placed = put(
                        base, record, f"×{count}", "bold", 22, MUTED, (cx, y, px(40), disc)
                    )
                    cx = placed[0] + placed[2]
                cx += px(10)
            name = grade_name(grade_id, language)
            name_w = measure(name, "bold", px(28))[0]
            if cx + px(46) + name_w <= x + w:  # on the same line, after an arrow
                mid = y + disc // 2
                pygame.draw.line(base, MOLTEN, (cx, mid), (cx + px(24), mid), max(2, px(3)))
                tip = [(cx + px(32), mid), (cx + px(22), mid - px(7)), (cx + px(22), mid + px(7))]
                pygame.draw.polygon(base, MOLTEN, tip)
                put(
                    base, record, name, "bold", 28, INK, (cx + px(44), y, x + w - cx - px(44), disc)
                )
                y += min(row_h, disc + px(18))
            else:
                put(base, record, name, "bold", 26, INK, (x, y + disc + px(4), w, px(34)))
                y += row_h

    def _draw_grades(self, base, record, verdict: Verdict, language: str, box: Rect) -> None:
        px, put = self.screen.px, self.painter.put
        x, y, w, h = box
        bottom = y + h
        # "Resembles" then a rule to the panel's edge
        placed = put(
            base, record, texts.t("label.resembles", language), "bold", 26, MUTED, (x, y, w, px(36))
        )
        rule_x = placed[0] + placed[2] + px(14)
        rule_y = y + px(18)
        pygame.draw.line(base, PANEL_EDGE, (rule_x, rule_y), (x + w, rule_y), max(1, px(2)))
        y += px(42)
        matches = verdict.matches
        if not matches:
            self.painter.block(
                base,
                record,
                texts.t("label.no_match", language),
                "regular",
                26,
                INK,
                (x, y, w, min(px(80), bottom - y)),
                max_lines=2,
            )
            return
        best = matches[0].grade
        name = grade_name(best.id, language)
        placed = put(base, record, name, "black", 36, INK, (x, y, w - px(10), px(48)), valign="top")
        condition = texts.name("condition", best.condition, language)
        cx = placed[0] + placed[2] + px(16)
        if x + w - cx > px(120):
            put(
                base,
                record,
                condition,
                "regular",
                22,
                MUTED,
                (cx, y + px(12), x + w - cx, px(30)),
                valign="top",
            )
        y += px(52)
        reserve = px(58)  # the sector chips
        sentence = texts.t(f"grade.{best.id}", language)
        block = self.painter.block(
            base,
            record,
            sentence,
            "regular",
            26,
            INK,
            (x, y, w, max(0, bottom - y - reserve)),
            max_lines=3,
            optional=True,
        )
        if block is not None:
            y += block[3] + px(12)
        y = self._sector_chips(base, record, best.sectors, language, (x, y, w, bottom - y))
        extra = []
        sep = " : " if language == "fr" else ": "
        if len(matches) > 1:
            others = " · ".join(grade_name(m.grade.id, language) for m in matches[1:])
            extra.append(f"{texts.t('label.also', language)}{sep}{others}")
        if best.relative:
            relative = grade_name(best.relative, language)
            extra.append(f"{texts.t('label.nearest_relative', language)}{sep}{relative}")
        for line in extra:
            if y + px(34) > bottom:
                break
            put(base, record, line, "regular", 24, MUTED, (x, y, w, px(34)), valign="top")
            y += px(36)

    def _sector_chips(self, base, record, sectors, language: str, box: Rect) -> int:
        px, put = self.screen.px, self.painter.put
        x, y, w, h = box
        chip_h = px(46)
        cx = x
        for sector in sectors:
            words = texts.name("sector", sector, language)
            size = self.painter.fitted_size(words, "bold", px(22), w - px(70), chip_h)
            tw = text.font("bold", size).size(words)[0]
            cw = px(58) + tw + px(16)
            if cx > x and cx + cw > x + w:
                cx = x
                y += chip_h + px(8)
            if y + chip_h > box[1] + h:
                break
            rect = pygame.Rect(cx, y, cw, chip_h)
            pygame.draw.rect(base, CHIP, rect, border_radius=chip_h // 2)
            icon = px(28)
            draw_sector_icon(
                base, sector, (cx + px(16), y + (chip_h - icon) // 2, icon, icon), MOLTEN, CHIP
            )
            put(base, record, words, "bold", 22, INK, (cx + px(54), y, tw + px(4), chip_h))
            cx += cw + px(10)
        return y + chip_h + px(12)

    # -- per frame -----------------------------------------------------------------------------

    def _draw_phases(self, surface, verdict: Verdict, language: str) -> None:
        applies = verdict.diagram_applies
        phases = tuple((p.id, round(p.fraction, 3)) for p in verdict.phases) if applies else ()
        key = (
            language,
            phases,
            round(verdict.temp_c),
            applies,
            verdict.family,
            verdict.stays_ferrite,
        )
        if key != self._phases_key:
            self._phases, self._phases_texts = self._render_phases(verdict, language, phases)
            self._phases_key = key
        surface.blit(self._phases, self.layout.phases_box[:2])

    def _render_phases(
        self, verdict: Verdict, language: str, phases: tuple[tuple[str, float], ...]
    ) -> tuple[pygame.Surface, list[Placed]]:
        """The phases box: what the diagram says at this temperature, with the − + buttons."""
        s, lay = self.screen, self.layout
        px = s.px
        bx, by, bw, bh = lay.phases_box
        picture = pygame.Surface((bw, bh))
        picture.fill(PANEL)
        record: list[Placed] = []

        def local(rect: Rect) -> Rect:
            return (rect[0] - bx, rect[1] - by, rect[2], rect[3])

        def put(words, face, size, colour, rect, **kw) -> Rect:
            return self.painter.put(
                picture, record, words, face, size, colour, local(rect), origin=(bx, by), **kw
            )

        title = texts.t("label.phases_at", language, temp=degrees(verdict.temp_c, language))
        put(title, "bold", 32, INK, lay.phases_header)
        for rect, sign in ((lay.temp_minus, "−"), (lay.temp_plus, "+")):
            r = pygame.Rect(local(rect))
            pygame.draw.circle(picture, CHIP, r.center, r.width // 2)
            pygame.draw.circle(picture, CHIP_EDGE, r.center, r.width // 2, max(1, px(2)))
            put(sign, "black", 44, INK, _inset(rect, px(6), 0), align="center")
        rx, ry, rw, rh = lay.phases_rows
        if not phases and verdict.family != "no_iron":  # (without iron: nothing to say yet)
            words = texts.t(_why_off_diagram(verdict), language)
            box = local((rx, ry, rw, rh))
            self.painter.block(
                picture, record, words, "regular", 26, MUTED, box, max_lines=3, origin=(bx, by)
            )
        elif phases:
            stacked = s.portrait  # a narrow box: the bar goes under the name
            row_h = min(px(100) if stacked else px(50), rh // max(1, len(phases)))
            swatch = px(22)
            for i, (phase, fraction) in enumerate(phases):
                y = ry + i * row_h
                colour = PHASE_COLOURS[phase]
                sy = y + px(8) - by
                pygame.draw.rect(
                    picture, colour, (rx - bx, sy, swatch, swatch), border_radius=px(5)
                )
                name = texts.name("phase", phase, language)
                name_w = rw - px(34) if stacked else px(250)
                put(name, "bold", 26, INK, (rx + px(34), y, name_w - px(40), px(38)))
                if stacked:
                    bar = (rx, y + px(44), rw - px(90), px(24))
                    share_box = (rx + rw - px(80), y + px(40), px(80), px(32))
                else:
                    bar = (rx + name_w, y + px(7), rw - name_w - px(96), px(24))
                    share_box = (rx + rw - px(86), y, px(86), px(38))
                radius = px(12)
                pygame.draw.rect(picture, CHIP, local(bar), border_radius=radius)
                filled = (bar[0], bar[1], max(px(6), round(bar[2] * fraction)), bar[3])
                pygame.draw.rect(picture, colour, local(filled), border_radius=radius)
                put(f"{round(fraction * 100)} %", "bold", 26, INK, share_box, align="right")
        hint = local(lay.phases_hint)
        self.painter.block(
            picture,
            record,
            texts.t("label.wheel_hint", language),
            "regular",
            22,
            MUTED,
            hint,
            max_lines=2,
            origin=(bx, by),
        )
        return picture, record

    def _glow(self, radius: int) -> pygame.Surface:
        """The marker's halo at this radius; every radius the pulse uses is made at once, so
        that no later frame pays for one."""
        if not self._glows:
            px = self.screen.px
            for r in range(px(30), px(40) + 1):
                sprite = pygame.Surface((2 * r, 2 * r), pygame.SRCALPHA)
                for i in range(r, 0, -1):
                    alpha = round(120 * (1 - i / r) ** 1.6)
                    pygame.draw.circle(sprite, (*MOLTEN, alpha), (r, r), i)
                self._glows[r] = sprite
        return self._glows.get(radius) or self._glows[max(self._glows)]

    def _draw_marker(self, surface, verdict: Verdict, language: str, now: float) -> None:
        s, lay = self.screen, self.layout
        px = s.px
        x, y, w, h = lay.plot
        _, ty = lay.to_plot(0, verdict.temp_c)
        ty = round(ty)
        live = verdict.diagram_applies
        colour = MOLTEN if live or verdict.family == "no_iron" else DIM_INK
        width = max(2, px(3))
        if not live and verdict.family != "no_iron":  # around the "does not apply" box
            bx, by, bw, bh = self._not_applicable_box()
            if by <= ty < by + bh:
                pygame.draw.line(surface, colour, (x, ty), (bx, ty), width)
                pygame.draw.line(surface, colour, (bx + bw, ty), (x + w - 1, ty), width)
            else:
                pygame.draw.line(surface, colour, (x, ty), (x + w - 1, ty), width)
        else:
            pygame.draw.line(surface, colour, (x, ty), (x + w - 1, ty), width)
        # the temperature tag at the right end of the line
        words = degrees(verdict.temp_c, language)
        size = px(24)
        rendered = text.render_line(words, "black", size, DARK_INK)
        tw, th = rendered.get_size()
        tag = pygame.Rect(x + w - tw - px(26), 0, tw + px(20), th + px(6))
        tag.bottom = ty - px(3)  # above the line, unless that hides the top or a line's name
        if tag.top < y + px(6) or any(_overlaps(tuple(tag), rect) for rect in self._avoid):
            tag.top = ty + px(3)
        pygame.draw.rect(surface, colour, tag, border_radius=tag.height // 2)
        surface.blit(rendered, (tag.x + px(10), tag.y + px(3)))
        self._frame_texts.append(
            Placed(
                words,
                "black",
                size,
                tuple(tag),
                (tag.x + px(10), tag.y + px(3), tw, th),
                self.painter.minimum,
            )
        )
        if not live:
            return
        mx, my = lay.to_plot(verdict.carbon_pct, verdict.temp_c)
        mx = min(max(mx, x + px(2)), x + w - px(2))
        # the carbon line: dashed, from the axis up to the marker
        dash = px(10)
        for yy in range(y + h, round(my), -2 * dash):
            pygame.draw.line(surface, HOT_WHITE, (mx, yy), (mx, max(my, yy - dash)), max(1, px(2)))
        pulse = 0.5 + 0.5 * math.sin(now * 3.0)
        radius = px(30) + round(px(10) * pulse)
        glow = self._glow(radius)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(lay.plot))  # the glow stays on the diagram
        surface.blit(glow, (mx - radius, my - radius))
        surface.set_clip(clip)
        pygame.draw.circle(surface, HOT_WHITE, (mx, my), px(12))
        pygame.draw.circle(surface, MOLTEN, (mx, my), px(8))

    def _draw_chip_glow(self, surface, play) -> None:
        element = getattr(play, "changed", None)
        rect = self._chip_rects.get(element) if element else None
        if rect is None:
            return
        px = self.screen.px
        fade = max(0.0, 1.0 - play.changed_age / CHANGE_GLOW_S)
        width = max(1, round(px(6) * fade))
        pygame.draw.rect(surface, HOT_WHITE, _inset(rect, -px(4)), width, border_radius=px(18))

    def _draw_feedback(self, surface, play, language: str) -> None:
        feedback = getattr(play, "feedback", None)
        if not feedback:
            return
        element = getattr(play, "feedback_element", "")
        key = (feedback, element, language)
        toast = self._toasts.get(key)
        if toast is None:
            toast = self._toasts[key] = self._render_toast(feedback, element, language)
        picture, record = toast
        age = getattr(play, "feedback_age", 0.0)
        alpha = 255 if age < FEEDBACK_S - 1 else max(0, round(255 * (FEEDBACK_S - age)))
        picture.set_alpha(alpha)
        x, y, _, _ = self.layout.toast
        surface.blit(picture, (x, y))
        self._frame_texts += record

    def _render_toast(self, feedback: str, element: str, language: str):
        px = self.screen.px
        x, y, w, h = self.layout.toast
        picture = pygame.Surface((w, h), pygame.SRCALPHA)
        pygame.draw.rect(picture, (250, 232, 200), (0, 0, w, h), border_radius=h // 2)
        pygame.draw.rect(picture, MOLTEN, (0, 0, w, h), max(2, px(3)), border_radius=h // 2)
        element_name = texts.name("element", element, language).lower() if element else ""
        words = self._words(f"label.{feedback}", language, element=element_name)
        record: list[Placed] = []
        inner_x, inner_w = px(28), w - px(56)
        size = px(28)
        if measure(words, "bold", size)[0] <= inner_w:  # one line
            box = (inner_x, 0, inner_w, h)
            self.painter.put(
                picture, record, words, "bold", 28, DARK_INK, box, align="center", origin=(x, y)
            )
        else:  # two, centred in the pill
            f = text.font("bold", size)
            top = max(0, (h - text.line_step(f) - f.get_linesize()) // 2)
            box = (inner_x, top, inner_w, h - top)
            self.painter.block(
                picture,
                record,
                words,
                "bold",
                28,
                DARK_INK,
                box,
                max_lines=2,
                origin=(x, y),
                align="center",
            )
        return picture, record
