"""The blast furnace on screen: an animated cross-section and the gauges around it.

Left (top on a portrait screen): the furnace cut open, throat to hearth. The burden is drawn
layer by layer from `FurnaceState.burden` (ore reddish-brown turning grey-metallic as it is
reduced, coke black, limestone pale), sliding down as the model consumes it; gas rises in
arrows, the tuyeres' flames grow with the blast, iron drips through the coke into the hearth,
where molten iron lies under the lighter slag. Zone temperatures sit along the left, on a
colour scale from dark red to white-yellow. A tap sends a glowing stream into the ladle and
the slag into its pot. Right (below): the hot blast, the hearth, the top gas, what the furnace
made and at what cost, the problem of the moment and the school-group challenge.

Touch targets (`hit`): "tap" (the tap button beside the furnace) and "challenge" (start, or
play again once finished; hidden while a challenge runs); "explain:zone.<id>" for a zone's
label or the furnace at that height, "explain:material.<name>" for a material's swatch, which
the status panel then explains. The top-right corner is left to the app's language buttons.

Cheap per frame (about 2 ms at 1920×1080): the background with every panel and fixed label is
drawn once per language, the furnace shell and the burden's mask once; a frame is a few
colour-keyed blits, rectangles and lines, and a line of text is rendered only when it changes.
Every string drawn is kept in `texts` with the box it had to fit and its final size, for the
tests. Every word comes from the exhibit's `texts` module (`t`, which writes the numbers it fills
in the way each language writes them); the numbers the scene puts beside a unit itself go through
the same formatter, `acier.exhibits.numbers.number`.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass

import pygame

from acier.exhibits.blast_furnace import model
from acier.exhibits.blast_furnace.play import TAP_LIGHT_S, FurnacePlay
from acier.exhibits.blast_furnace.texts import problem_why_key, t
from acier.exhibits.numbers import number
from acier.kiosk import text
from acier.kiosk.layout import Rect, Screen
from acier.kiosk.placing import Placed, Placer
from acier.kiosk.style import BACKGROUND, INK, MOLTEN, MUTED, shadowed_panel

# --- colours -------------------------------------------------------------------------------------

GAS_SPACE = (28, 28, 34)
BRICK = (104, 52, 40)
MORTAR = (76, 38, 30)
STEEL = (128, 130, 138)
WARNING = (255, 190, 40)
WARNING_PANEL = (70, 44, 18)
GOOD = (120, 200, 120)
INFO = (120, 180, 255)
INFO_PANEL = (26, 40, 62)
IRON_HOT = (255, 196, 70)
IRON_CORE = (255, 244, 190)
SLAG = (196, 104, 52)
ORE = (150, 70, 46)
ORE_REDUCED = (156, 160, 170)
COKE = (50, 50, 56)
LIMESTONE = (220, 212, 188)
LIME = (246, 246, 240)
GAS_COLOURS = {
    "co": (255, 150, 60),
    "co2": (150, 150, 162),
    "n2": (84, 128, 200),
    "h2": (110, 215, 200),
}
HEAT_STOPS = (
    (20.0, (72, 68, 66)),
    (300.0, (100, 34, 26)),
    (600.0, (156, 32, 22)),
    (900.0, (208, 58, 20)),
    (1200.0, (246, 124, 26)),
    (1500.0, (255, 192, 64)),
    (1900.0, (255, 236, 150)),
    (2300.0, (255, 252, 226)),
)
KEY = (255, 0, 255)  # colour key: "nothing here"
SWATCHES = (
    ("material.ore", ORE),
    ("scene.ore_reduced", ORE_REDUCED),
    ("material.coke", COKE),
    ("material.limestone", LIMESTONE),
)
"""What the layers are, the legend beside the furnace (the materials' rows can be touched)."""
MATERIAL_ROW = 44  # design px per legend row

# --- the furnace's shape -------------------------------------------------------------------------

PROFILE = ((0.0, 0.50), (0.08, 0.50), (0.55, 1.0), (0.63, 1.0), (0.78, 0.76), (1.0, 0.76))
"""Inner half-width (share of the widest) down the inner height: throat, stack widening down,
belly, bosh narrowing to the tuyeres, hearth."""
BURDEN_TOP, BURDEN_FOOT = 0.02, 0.68  # where stack positions 0 and 1 lie on the inner height
TUYERE = 0.78
HEARTH_TOP = 0.80  # the hearth's liquid space starts here
ZONE_AT = {"raceway": TUYERE, "hearth": 0.90}
LADLE_KG = 3000.0
TAP_HINT_KG = 300.0  # during the challenge, hint at tapping once this much iron waits


def heat(celsius: float) -> tuple[int, int, int]:
    """The colour of the scale at `celsius`: dark red, red, orange, yellow, white-yellow."""
    if celsius <= HEAT_STOPS[0][0]:
        return HEAT_STOPS[0][1]
    for (t0, c0), (t1, c1) in itertools.pairwise(HEAT_STOPS):
        if celsius <= t1:
            k = (celsius - t0) / (t1 - t0)
            return tuple(round(a + (b - a) * k) for a, b in zip(c0, c1, strict=True))
    return HEAT_STOPS[-1][1]


def mix(a, b, k: float) -> tuple[int, int, int]:
    k = max(0.0, min(1.0, k))
    return tuple(round(x + (y - x) * k) for x, y in zip(a, b, strict=True))


# --- geometry ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FurnaceGeometry:
    """Where the cross-section sits: inner profile from `top` over `height`, centred on `cx`."""

    cx: int
    top: int
    height: int
    half: int  # the widest inner half-width (belly)
    wall: int

    def y(self, yn: float) -> int:
        return self.top + round(yn * self.height)

    def half_at(self, yn: float) -> float:
        for (y0, w0), (y1, w1) in itertools.pairwise(PROFILE):
            if yn <= y1:
                k = 0.0 if y1 == y0 else (yn - y0) / (y1 - y0)
                return self.half * (w0 + (w1 - w0) * max(0.0, k))
        return self.half * PROFILE[-1][1]

    def half_at_y(self, y: float) -> float:
        return self.half_at((y - self.top) / self.height)

    def burden_y(self, position: float) -> float:
        """Screen y of a stack position (0 throat, 1 foot of the cohesive zone)."""
        return self.top + (BURDEN_TOP + position * (BURDEN_FOOT - BURDEN_TOP)) * self.height

    def inner(self) -> list[tuple[float, float]]:
        left = [(self.cx - self.half * w, self.y(y)) for y, w in PROFILE]
        right = [(self.cx + self.half * w, self.y(y)) for y, w in reversed(PROFILE)]
        return left + right

    def outer(self) -> list[tuple[float, float]]:
        w, bottom = self.wall, self.y(1.0) + round(self.wall * 1.6)
        left = [(self.cx - self.half * k - w, self.y(y)) for y, k in PROFILE]
        right = [(self.cx + self.half * k + w, self.y(y)) for y, k in reversed(PROFILE)]
        return [*left, (left[-1][0], bottom), (right[0][0], bottom), *right]

    @property
    def tap_hole(self) -> tuple[int, int]:
        return round(self.cx + self.half * PROFILE[-1][1] + self.wall), self.y(0.96)


@dataclass(frozen=True)
class Layout:
    """Every box of the screen, for 1920×1080 and 1080×1920 alike (and any size between)."""

    screen: Screen

    def _px(self, v: float) -> int:
        return self.screen.px(v)

    @property
    def margin(self) -> int:
        return self._px(36)

    @property
    def title(self) -> Rect:
        return (self.margin, self._px(16), self._px(560), self._px(80))

    @property
    def hint(self) -> Rect:
        s, m = self.screen, self.margin
        if s.portrait:
            return (m, self._px(100), s.width - 2 * m, self._px(72))
        left = self.title[0] + self.title[2] + self._px(24)
        languages = min(r[0] for r in s.language_buttons(("fr", "nl", "en")).values())
        return (left, self._px(14), languages - self._px(30) - left, self._px(84))

    @property
    def stage(self) -> Rect:
        """The furnace, its labels and the cast house."""
        s, m = self.screen, self.margin
        if s.portrait:
            return (m, self._px(180), s.width - 2 * m, self._px(758))
        return (m, self._px(112), self._px(900), s.height - self._px(112) - self._px(20))

    @property
    def panels(self) -> Rect:
        s, m = self.screen, self.margin
        if s.portrait:
            top = self.stage[1] + self.stage[3] + self._px(14)
            return (m, top, s.width - 2 * m, s.height - top - self._px(24))
        x = self.stage[0] + self.stage[2] + self._px(30)
        top = self._px(118)
        return (x, top, s.width - m - x, s.height - top - self._px(26))

    @property
    def labels(self) -> Rect:
        sx, sy, _sw, sh = self.stage
        return (sx, sy, self._px(262), sh)

    @property
    def geometry(self) -> FurnaceGeometry:
        sx, sy, _sw, sh = self.stage
        top = sy + self._px(72)
        # below the hearth: the tap hole (at 0.96), the pit with the ladle (`ladle`)
        height = round((sh - self._px(72 + 184)) / 0.96)
        half = round(height * 0.215)
        wall = self._px(20)
        cx = sx + self.labels[2] + self._px(50) + half + wall
        return FurnaceGeometry(cx, top, height, half, wall)

    @property
    def strip(self) -> Rect:
        """The temperature strip between the labels and the furnace."""
        g = self.geometry
        x = self.labels[0] + self.labels[2] + self._px(14)
        return (x, g.y(0.0), self._px(14), g.y(1.0) - g.y(0.0))

    @property
    def legend(self) -> Rect:
        """The temperature scale, under the zone labels."""
        sx, sy, _sw, sh = self.stage
        return (sx, sy + sh - self._px(90), self.labels[2], self._px(90))

    @property
    def touch_hint(self) -> Rect:
        """The invitation to touch a zone, between the zone labels and the scale."""
        x, y, w, _h = self.legend
        return (x, y - self._px(62), w, self._px(56))

    @property
    def right(self) -> Rect:
        """The stage right of the furnace: materials, the tap button, the cast house."""
        g = self.geometry
        sx, sy, sw, sh = self.stage
        x = g.cx + g.half + g.wall + self._px(30)
        return (x, sy, sx + sw - x, sh)

    @property
    def materials(self) -> Rect:
        x, _y, w, _h = self.right
        g = self.geometry
        return (x, g.y(0.10), min(w, self._px(320)), self._px(4 * MATERIAL_ROW))

    @property
    def tap_button(self) -> Rect:
        x, _y, w, _h = self.right
        _mx, my, _mw, mh = self.materials
        return (x, my + mh + self._px(24), min(w, self._px(300)), self._px(96))

    @property
    def tap_caption(self) -> Rect:
        """What the last tap gave, between the tap button and the tap hole."""
        x, _y, w, _h = self.right
        _bx, by, _bw, bh = self.tap_button
        top = by + bh + self._px(16)
        return (x, top, w, self.geometry.tap_hole[1] - self._px(14) - top)

    @property
    def ladle(self) -> Rect:
        x0, y0 = self.geometry.tap_hole
        return (x0 + self._px(40), y0 + self._px(70), self._px(120), self._px(96))

    @property
    def slag_pot(self) -> Rect:
        lx, ly, lw, lh = self.ladle
        return (lx + lw + self._px(28), ly + self._px(22), self._px(86), lh - self._px(22))

    @property
    def boxes(self) -> dict[str, Rect]:
        """The panels: status, blast and hearth side by side, gas, production, challenge."""
        x, y, w, h = self.panels
        gap = self._px(16)
        heights = {"status": 124, "gauges": 214, "gas": 156, "production": 146}
        rects: dict[str, Rect] = {}
        for name, design in heights.items():
            rects[name] = (x, y, w, self._px(design))
            y += self._px(design) + gap
        rects["challenge"] = (x, y, w, self.panels[1] + h - y)
        half = (w - gap) * 11 // 20  # the blast's labels are the longer ones
        gx, gy, _, gh = rects.pop("gauges")
        rects["blast"] = (gx, gy, half, gh)
        rects["hearth"] = (gx + half + gap, gy, w - half - gap, gh)
        return rects

    @property
    def challenge_button(self) -> Rect:
        x, y, w, h = self.boxes["challenge"]
        bw, bh = self._px(300), self._px(96)
        return (x + w - bw - self._px(24), y + h - bh - self._px(22), bw, bh)


# --- the scene -----------------------------------------------------------------------------------


class FurnaceScene:
    """Draws a `FurnacePlay`; `hit` turns a touch into a command for it (see the module)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self.layout = Layout(screen)
        self.geometry = self.layout.geometry
        self.boxes = self.layout.boxes
        self.placer = Placer(screen, minimum=8, block_minimum=12, coarse=True)
        self.texts: list[Placed] = []  # every string of the last frame, with its box
        self._static_texts: dict[str, list[Placed]] = {}
        self._background: dict[str, pygame.Surface] = {}
        self._shell: pygame.Surface | None = None
        self._shell_at = (0, 0)
        self._burden: pygame.Surface | None = None
        self._burden_at = (0, 0)
        self._mask: pygame.Surface | None = None
        self._pebbles: pygame.Surface | None = None
        self._flames: dict[tuple[int, int], pygame.Surface] = {}
        self._scroll = 0.0
        self._anchor: tuple[int, int] | None = None  # (charge no, its top y) last frame
        self._buttons: dict[str, Rect] = {}
        self._strip: tuple[tuple[int, ...], pygame.Surface] | None = None
        self._zone_labels = self._place_zone_labels()
        self._topics = self._place_topics()
        rng = random.Random(11)
        self._arrows = [(rng.uniform(-0.7, 0.7), rng.random()) for _ in range(16)]
        self._drops = [
            (rng.uniform(-0.7, 0.7), rng.random(), rng.uniform(0.7, 1.3)) for _ in range(18)
        ]
        self._sparks = [
            (rng.random(), rng.uniform(-1, 1), rng.uniform(0.5, 1.0)) for _ in range(16)
        ]

    # ---- touches -------------------------------------------------------------------------------

    def hit(self, x: float, y: float) -> str | None:
        for action, (bx, by, bw, bh) in itertools.chain(self._buttons.items(), self._topics):
            if bx <= x < bx + bw and by <= y < by + bh:
                return action
        g = self.geometry
        if g.y(0.0) <= y < g.y(1.0) and abs(x - g.cx) < g.half_at_y(y) + g.wall:
            nearest = min(self._zone_labels, key=lambda label: abs(label[2] - y))
            return f"explain:zone.{nearest[0]}"
        return None

    def _place_topics(self) -> list[tuple[str, Rect]]:
        """("explain:<topic>", box) for each zone's label and each material's swatch row."""
        x, _y, w, _h = self.layout.labels
        half = self.screen.px(33)
        topics = [
            (f"explain:zone.{zone}", (x, y - half, w, 2 * half)) for zone, y, _ in self._zone_labels
        ]
        mx, my, mw, _mh = self.layout.materials
        row = self.screen.px(MATERIAL_ROW)
        for i, (key, _colour) in enumerate(SWATCHES):
            if key.startswith("material."):
                topics.append((f"explain:{key}", (mx, my + i * row, mw, row)))
        return topics

    # ---- cached layers -------------------------------------------------------------------------

    def _place_zone_labels(self) -> list[tuple[str, int, int]]:
        """(zone, label centre y, wall y) for each zone, pushed apart so none overlap."""
        g = self.geometry
        wanted = []
        for zone in model.ZONES:
            if zone in model.ZONE_SPANS:
                a, b = model.ZONE_SPANS[zone]
                wall_y = round(g.burden_y((a + b) / 2))
            else:
                wall_y = g.y(ZONE_AT[zone])
            wanted.append([zone, wall_y, wall_y])
        height = self.screen.px(66)
        top = self.layout.stage[1] + height // 2
        for i, item in enumerate(wanted):  # downwards: none above its predecessor's foot
            floor = top if i == 0 else wanted[i - 1][1] + height
            item[1] = max(item[1], floor)
        bottom = self.layout.touch_hint[1] - height // 2 - self.screen.px(4)
        for i in range(len(wanted) - 1, -1, -1):  # upwards: all above the legend
            ceiling = bottom if i == len(wanted) - 1 else wanted[i + 1][1] - height
            wanted[i][1] = min(wanted[i][1], ceiling)
        return [(zone, y, wall_y) for zone, y, wall_y in wanted]

    def _zone_box(self, centre_y: int) -> tuple[Rect, Rect]:
        x, _, w, _ = self.layout.labels
        h = self.screen.px(32)
        return (x, centre_y - h, w, h), (x, centre_y, w, h)

    def _make_background(self, surface: pygame.Surface, language: str) -> pygame.Surface:
        """Everything that changes only with the language: drawn once per language."""
        s, lay, g = self.screen, self.layout, self.geometry
        px = s.px
        bg = pygame.Surface(surface.get_size(), 0, surface)
        bg.fill(BACKGROUND)
        rec: list[Placed] = []
        self.placer.put(bg, rec, t("title", language), "black", 56, INK, lay.title)
        self.placer.block(bg, rec, t("scene.hint", language), "regular", 27, MUTED, lay.hint)

        # the ground: the furnace's foundation, the cast-house floor with its runner, the pit
        # where the ladle and the slag pot stand
        sx, _, sw, _ = lay.stage
        tx, ty = g.tap_hole
        ladle, pot = pygame.Rect(lay.ladle), pygame.Rect(lay.slag_pot)
        pit = ladle.bottom + px(4)
        outer = g.half * PROFILE[-1][1] + g.wall
        foundation = pygame.Rect(0, 0, round(2 * outer + px(40)), 0)
        foundation.centerx = g.cx
        foundation.top, foundation.bottom = g.y(1.0), pit
        pygame.draw.rect(bg, (54, 52, 56), foundation)
        platform = pygame.Rect(tx, ty + px(16), ladle.left - px(8) - tx, pit - ty - px(16))
        pygame.draw.rect(bg, (54, 52, 56), platform)
        pygame.draw.line(bg, (84, 82, 86), platform.topleft, platform.topright, max(1, px(3)))
        pygame.draw.rect(bg, (72, 70, 74), (foundation.x, pit, sx + sw - foundation.x, px(8)))
        pygame.draw.rect(bg, (66, 60, 58), (tx, ty + px(6), ladle.right - tx, px(10)))
        radius = px(26)
        for vessel in (ladle, pot):
            pygame.draw.rect(
                bg,
                (38, 38, 42),
                vessel,
                border_bottom_left_radius=radius,
                border_bottom_right_radius=radius,
            )
            pygame.draw.rect(
                bg,
                STEEL,
                vessel,
                max(2, px(6)),
                border_bottom_left_radius=radius,
                border_bottom_right_radius=radius,
            )

        # zone names, leader lines to the wall, the frame of the temperature strip
        strip = pygame.Rect(lay.strip)
        for zone, y, wall_y in self._zone_labels:
            name_box, _ = self._zone_box(y)
            self.placer.put(bg, rec, t(f"zone.{zone}", language), "bold", 24, INK, name_box)
            x0 = lay.labels[0] + lay.labels[2] - px(6)
            wall_x = g.cx - g.half_at_y(wall_y) - g.wall - px(2)
            points = [(x0 - px(40), y + px(2)), (strip.left - px(6), y + px(2))]
            points += [(strip.left - px(2), wall_y), (wall_x, wall_y)]
            pygame.draw.lines(bg, (84, 82, 78), False, points, max(1, px(2)))
        pygame.draw.rect(bg, (70, 68, 66), strip.inflate(px(6), px(6)), max(1, px(2)))
        hint = t("scene.touch_hint", language)
        self.placer.block(bg, rec, hint, "bold", 22, INFO, lay.touch_hint)

        # the colour scale
        lx, ly, lw, _lh = lay.legend
        title_box = (lx, ly, lw, px(30))
        self.placer.put(bg, rec, t("scene.scale", language), "bold", 21, MUTED, title_box)
        bar = pygame.Rect(lx, ly + px(36), lw, px(16))
        for i in range(bar.width):
            c = heat(20 + 2280 * i / max(1, bar.width - 1))
            pygame.draw.line(bg, c, (bar.x + i, bar.y), (bar.x + i, bar.bottom - 1))
        for celsius, align in ((200, "left"), (1000, "center"), (2000, "right")):
            x = bar.x + round(bar.width * (celsius - 20) / 2280)
            pygame.draw.line(bg, INK, (x, bar.bottom), (x, bar.bottom + px(6)), max(1, px(2)))
            label = number(celsius, 0, language) + (" °C" if celsius == 2000 else "")
            box_w = px(100)
            box = {
                "left": (lx, bar.bottom + px(8), box_w, px(28)),
                "center": (x - box_w // 2, bar.bottom + px(8), box_w, px(28)),
                "right": (lx + lw - box_w, bar.bottom + px(8), box_w, px(28)),
            }[align]
            self.placer.put(bg, rec, label, "regular", 20, MUTED, box, align=align)

        # the top: the charging hopper and the gas uptakes
        throat_w = g.half * PROFILE[0][1]
        y0 = g.y(0.0)
        hopper = [
            (g.cx - px(46), y0 - px(62)),
            (g.cx + px(46), y0 - px(62)),
            (g.cx + px(14), y0 - px(28)),
            (g.cx - px(14), y0 - px(28)),
        ]
        pygame.draw.polygon(bg, (70, 72, 78), hopper)
        pygame.draw.polygon(bg, STEEL, hopper, max(1, px(3)))
        pygame.draw.rect(bg, (70, 72, 78), (g.cx - px(8), y0 - px(28), px(16), px(24)))
        for side in (-1, 1):
            x = g.cx + side * (throat_w + g.wall // 2)
            pts = [(x, y0), (x, y0 - px(40)), (x + side * px(56), y0 - px(66))]
            pygame.draw.lines(bg, (86, 88, 96), False, pts, px(18))
            pygame.draw.lines(bg, (50, 52, 58), False, pts, px(8))

        # what the layers are
        mx, my, mw, _mh = lay.materials
        row = px(MATERIAL_ROW)
        names = [t(key, language) for key, _ in SWATCHES]
        size = 23  # one size for all four: the longest name sets it
        while size > 16 and max(text.font("bold", px(size)).size(n)[0] for n in names) > mw - px(
            42
        ):
            size -= 1
        for i, ((_, colour), name) in enumerate(zip(SWATCHES, names, strict=True)):
            y = my + i * row
            sw_rect = pygame.Rect(mx, y + px(8), px(30), px(26))
            pygame.draw.rect(bg, colour, sw_rect, border_radius=px(5))
            pygame.draw.rect(bg, (90, 90, 96), sw_rect, 1, border_radius=px(5))
            box = (mx + px(42), y, mw - px(42), row - px(2))
            self.placer.put(bg, rec, name, "bold", size, INK, box)

        # panels and their fixed labels
        for rect in self.boxes.values():
            shadowed_panel(bg, rect, s.unit)
        titles = {
            "blast": "scene.blast",
            "hearth": "zone.hearth",
            "gas": "gauge.top_gas",
            "challenge": "challenge.title",
        }
        for name, key in titles.items():
            x, y, w, _ = self.boxes[name]
            width = w // 2 if name in ("gas", "challenge") else w - px(48)
            if name == "challenge":
                width = w - px(220)
            box = (x + px(24), y + px(12), width, px(40))
            self.placer.put(bg, rec, t(key, language), "bold", 27, MOLTEN, box)
        x, y, w, _ = self.boxes["blast"]
        for i, key in enumerate(("gauge.blast_rate", "gauge.blast_temperature")):
            box = (x + px(24), y + px(60 + i * 76), round(w * 0.56) - px(24), px(44))
            self.placer.put(bg, rec, t(key, language), "regular", 24, MUTED, box)
        x, y, w, _ = self.boxes["hearth"]
        box = (x + px(24), y + px(176), round(w * 0.58) - px(24), px(30))
        self.placer.put(bg, rec, t("gauge.hearth_fill", language), "regular", 21, MUTED, box)
        x, y, w, _h = self.boxes["production"]
        tile = (w - px(48)) // 3
        for i, key in enumerate(("gauge.iron_made", "gauge.coke_rate", "gauge.co2_per_t")):
            box = (x + px(24) + i * tile, y + px(14), tile - px(16), px(34))
            self.placer.put(bg, rec, t(key, language), "regular", 23, MUTED, box)
        self._static_texts[language] = rec
        return bg

    def _make_shell(self, surface: pygame.Surface) -> None:
        """The refractory walls and steel jacket; everything else see-through (colour key)."""
        g, px = self.geometry, self.screen.px
        outer = g.outer()
        xs = [p[0] for p in outer]
        ys = [p[1] for p in outer]
        box = pygame.Rect(min(xs) - 4, min(ys) - 4, max(xs) - min(xs) + 8, max(ys) - min(ys) + 8)

        def local(points):
            return [(x - box.x, y - box.y) for x, y in points]

        shell = pygame.Surface(box.size, 0, surface)
        shell.fill(BRICK)
        brick_h = max(4, px(13))
        for row, y in enumerate(range(0, box.height, brick_h)):
            pygame.draw.line(shell, MORTAR, (0, y), (box.width, y), 1)
            for x in range((row % 2) * px(14), box.width, px(28)):
                pygame.draw.line(shell, MORTAR, (x, y), (x, y + brick_h), 1)
        outside = pygame.Surface(box.size, 0, surface)
        outside.fill(KEY)
        pygame.draw.polygon(outside, (0, 0, 0), local(outer))
        pygame.draw.polygon(outside, KEY, local(g.inner()))
        outside.set_colorkey((0, 0, 0))
        shell.blit(outside, (0, 0))
        pygame.draw.lines(shell, STEEL, True, local(outer), max(2, px(4)))
        pygame.draw.lines(shell, (62, 32, 26), True, local(g.inner()), max(1, px(2)))
        tx, ty = g.tap_hole
        hole = (tx - g.wall - box.x, ty - box.y - px(5), g.wall, px(10))
        pygame.draw.rect(shell, (24, 18, 16), hole)
        shell.set_colorkey(KEY, pygame.RLEACCEL)
        self._shell, self._shell_at = shell, box.topleft

    def _make_burden(self, surface: pygame.Surface) -> None:
        """The burden's canvas (the inner profile's bounding box), its mask, its pebbles."""
        g, px = self.geometry, self.screen.px
        box = pygame.Rect(g.cx - g.half - 1, g.y(0.0), 2 * g.half + 2, g.height + 1)
        self._burden_at = box.topleft
        self._burden = pygame.Surface(box.size, 0, surface)
        self._burden.set_colorkey(KEY)  # drawn into every frame: no RLE
        mask = pygame.Surface(box.size, 0, surface)
        mask.fill(KEY)
        pygame.draw.polygon(mask, (0, 0, 0), [(x - box.x, y - box.y) for x, y in g.inner()])
        mask.set_colorkey((0, 0, 0), pygame.RLEACCEL)
        self._mask = mask
        # darker and lighter pebbles: any colour under them reads as a heap of lumps
        rng = random.Random(5)
        tile_h = px(160)
        pebbles = pygame.Surface((box.width, tile_h), pygame.SRCALPHA)
        r_max = max(3, px(9))
        for _ in range(box.width * tile_h // (r_max * r_max * 3)):
            x, y = rng.randrange(box.width), rng.randrange(tile_h)
            r = rng.randint(max(2, r_max // 2), r_max)
            shade = (0, 0, 0, 50) if rng.random() < 0.6 else (255, 255, 255, 24)
            for dy in (-tile_h, 0, tile_h):  # wrapped, so the tile repeats seamlessly
                rect = (x - r, y + dy - r * 3 // 4, 2 * r, r * 3 // 2)
                pygame.draw.ellipse(pebbles, shade, rect)
        self._pebbles = pebbles

    def _flame(self, length: int, side: int) -> pygame.Surface:
        """A raceway flame `length` px long pointing into the furnace, cached by size. It is
        added onto the coke bed (BLEND_ADD): black adds nothing, the white core adds most."""
        length = max(6, length - length % 3)
        flame = self._flames.get((length, side))
        if flame is None:
            h = max(6, length // 2)
            flame = pygame.Surface((length, h))
            steps = 14
            for i in range(steps, 0, -1):
                k = i / steps
                colour = mix((255, 246, 210), (96, 34, 6), k**0.8)
                w, hh = round(length * k), max(2, round(h * k))
                pygame.draw.ellipse(flame, colour, (0, (h - hh) // 2, w, hh))
            if side > 0:
                flame = pygame.transform.flip(flame, True, False)
            self._flames[(length, side)] = flame
        return flame

    # ---- the frame -----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, play: FurnacePlay, language: str, now: float) -> None:
        self.texts = []
        self._buttons = {}
        bg = self._background.get(language)
        if bg is None:
            bg = self._background[language] = self._make_background(surface, language)
        if self._shell is None:
            self._make_shell(surface)
            self._make_burden(surface)
        surface.blit(bg, (0, 0))
        self.texts.extend(self._static_texts[language])
        state = play.state
        self._draw_burden(surface, play, state, now)
        surface.blit(self._shell, self._shell_at)
        self._draw_tuyeres(surface, state, now)
        self._draw_hearth_labels(surface, play, state, language)
        self._draw_zones(surface, state, language)
        self._draw_topic_mark(surface, play)
        self._draw_cast_house(surface, play, language, now)
        self._draw_charge(surface, play, language)
        self._draw_blast(surface, state, language)
        self._draw_hearth(surface, state, language)
        self._draw_gas(surface, state, language)
        self._draw_production(surface, play, state, language)
        self._draw_status(surface, play, state, language)
        self._draw_challenge(surface, play, language)

    # ---- the cross-section ---------------------------------------------------------------------

    @staticmethod
    def _layer_colour(layer: model.Layer) -> tuple[int, int, int]:
        if layer.material == "ore":
            base = mix(ORE, ORE_REDUCED, layer.reduced)
        elif layer.material == "coke":
            base = COKE
        else:
            base = mix(LIMESTONE, LIME, layer.reduced)
        glow = (layer.temp_c - 700.0) / 900.0
        return mix(base, heat(layer.temp_c), 0.55 * glow) if glow > 0 else base

    def _hearth_levels(self, play: FurnacePlay, state: model.FurnaceState):
        """Heights (px) of iron and slag in the hearth; a tap drains them gradually."""
        g = self.geometry
        span = g.y(1.0) - g.y(HEARTH_TOP)
        capacity = model.HEARTH_VOLUME_M3

        def height(iron_kg: float, slag_kg: float) -> tuple[float, float]:
            iron = span * iron_kg / model.IRON_DENSITY_KG_M3 / capacity
            return iron, span * slag_kg / model.SLAG_DENSITY_KG_M3 / capacity

        iron_h, slag_h = height(state.hearth_iron_kg, state.hearth_slag_kg)
        last = play.last_tap
        if last is not None:
            left = 1.0 - min(1.0, (play.clock - last.at) / (0.8 * TAP_LIGHT_S))
            if left > 0.0:
                more_iron, more_slag = height(last.tap.iron_kg * left, last.tap.slag_kg * left)
                iron_h, slag_h = iron_h + more_iron, slag_h + more_slag
        total = iron_h + slag_h
        if total > span:  # never above the tuyeres
            k = span / total
            iron_h, slag_h = iron_h * k, slag_h * k
        return iron_h, slag_h

    def _draw_burden(self, surface, play: FurnacePlay, state: model.FurnaceState, now) -> None:
        g, px = self.geometry, self.screen.px
        canvas = self._burden
        _ox, oy = self._burden_at
        width = canvas.get_width()
        canvas.fill(GAS_SPACE)

        def by(position: float) -> int:
            return round(g.burden_y(position)) - oy

        # the coke bed between the cohesive zone and the hearth, glowing with the heat
        bed_top = by(1.0)
        hearth_c = state.hearth_temperature_c
        canvas.fill(mix(COKE, heat(hearth_c - 350), 0.38), (0, bed_top, width, g.height))

        # the layers, throat to foot
        for layer in state.burden:
            y0, y1 = by(layer.top), by(layer.bottom)
            if y1 <= y0:
                continue
            colour = self._layer_colour(layer)
            canvas.fill(colour, (0, y0, width, y1 - y0))
            pygame.draw.line(canvas, mix(colour, (0, 0, 0), 0.4), (0, y0), (width, y0))

        # viscous primary slag clogging the cohesive zone
        if "sticky_slag" in state.problems:
            clog = (58, 52, 34)
            for yy in range(by(model.COHESIVE_TOP), bed_top, max(3, px(7))):
                pygame.draw.line(canvas, clog, (0, yy), (width, yy + px(5)), max(1, px(2)))

        # the pebbles, riding down with the burden
        self._scroll_with(state, by)
        stock = by(state.stock_line)
        tile = self._pebbles
        th = tile.get_height()
        liquid_top = g.y(1.0) - oy
        iron_h, slag_h = self._hearth_levels(play, state)
        liquid_top = round(liquid_top - iron_h - slag_h)
        canvas.set_clip((0, stock, width, max(0, liquid_top - stock)))
        y = stock - ((stock - round(self._scroll)) % th)
        while y < liquid_top:
            canvas.blit(tile, (0, y))
            y += th
        canvas.set_clip(None)

        # the hearth: iron, slag on top, both glowing less as the hearth cools
        bottom = g.y(1.0) - oy
        liquid = max(0.0, min(1.0, (hearth_c - 1150.0) / 300.0))
        layers = (
            (iron_h, mix((110, 66, 50), IRON_HOT, liquid)),
            (slag_h, mix((92, 72, 62), SLAG, liquid)),
        )
        level = float(bottom)
        for h, colour in layers:
            if h >= 0.5:
                canvas.fill(colour, (0, round(level - h), width, round(h) + 1))
            level -= h
        if iron_h >= px(6) and liquid > 0.3:
            top = round(bottom - iron_h)
            shimmer = mix(IRON_HOT, IRON_CORE, 0.7)
            for i in range(3):
                x = (now * 40 * (1 + i * 0.3) + i * width / 3) % width
                yy = top + px(3) + i * px(4)
                pygame.draw.line(canvas, shimmer, (x, yy), (x + px(30), yy), max(1, px(2)))

        # iron and slag dripping through the coke bed, while the hearth melts them
        if state.melting_t_per_h > 0.05 and liquid_top > bed_top:
            fall = liquid_top - bed_top
            for x, phase, speed in self._drops:
                yy = bed_top + ((phase + now * 0.5 * speed) % 1.0) * fall
                xx = width / 2 + x * g.half_at_y(yy + oy)
                pygame.draw.circle(canvas, IRON_HOT, (round(xx), round(yy)), max(2, px(3)))

        # the gas rising from the raceway to the throat, faster with more blast
        blow = state.blast_effective
        if blow > 0.02:
            top_y, foot = by(0.0) - px(12), g.y(TUYERE) - oy
            run = foot - top_y
            size = px(8)
            colour = (250, 226, 200)
            for x, phase in self._arrows:
                yy = foot - ((phase + now * 0.35 * blow) % 1.0) * run
                xx = width / 2 + x * g.half_at_y(yy + oy)
                pts = [(xx - size, yy + size * 0.7), (xx, yy), (xx + size, yy + size * 0.7)]
                pygame.draw.lines(canvas, colour, False, pts, max(1, px(2)))

        canvas.blit(self._mask, (0, 0))
        surface.blit(canvas, self._burden_at)

    def _scroll_with(self, state: model.FurnaceState, by) -> None:
        """Move the pebbles exactly as far as the top layer moved since the last frame."""
        burden = state.burden
        if not burden:
            self._anchor = None
            return
        anchor = self._anchor
        if anchor is not None:
            for layer in burden:
                if layer.charge_no == anchor[0]:
                    self._scroll += by(layer.top) - anchor[1]
                    break
        top = burden[0]
        self._anchor = (top.charge_no, by(top.top))

    def _draw_tuyeres(self, surface, state: model.FurnaceState, now: float) -> None:
        """The hot-blast ring, a blowpipe and tuyere each side, and the raceway flames."""
        g, px = self.geometry, self.screen.px
        y = g.y(TUYERE)
        half = g.half_at(TUYERE)
        pipe = mix((72, 62, 60), heat(state.blast_temperature_c), 0.5)
        blow = state.blast_effective
        for side in (-1, 1):
            wall_x = g.cx + side * (half + g.wall)
            bustle = (round(wall_x + side * px(34)), y - px(42))
            pygame.draw.line(surface, pipe, bustle, (round(wall_x), y), px(12))
            pygame.draw.circle(surface, pipe, bustle, px(18))
            pygame.draw.circle(surface, STEEL, bustle, px(18), max(1, px(3)))
            nozzle = pygame.Rect(0, y - px(5), g.wall + px(4), px(10))
            nozzle.centerx = round(g.cx + side * (half + g.wall / 2))
            pygame.draw.rect(surface, STEEL, nozzle)
            if blow > 0.02:
                flicker = 1.0 + 0.08 * math.sin(now * 17 + side) + 0.05 * math.sin(now * 29)
                reach = min(px(36 + 56 * blow), round(half * (0.3 + 0.4 * blow)))
                length = round(reach * flicker)
                flame = self._flame(length, side)
                fy = y - flame.get_height() // 2
                fx = round(g.cx - half) if side < 0 else round(g.cx + half) - flame.get_width()
                surface.blit(flame, (fx, fy), special_flags=pygame.BLEND_ADD)

    def _draw_hearth_labels(self, surface, play, state, language: str) -> None:
        """ "Slag" and "hot metal" written on their layers when tall enough."""
        g, px = self.geometry, self.screen.px
        iron_h, slag_h = self._hearth_levels(play, state)
        half = round(g.half_at(0.95)) - px(10)
        level = float(g.y(1.0))
        for h, key, colour in (
            (iron_h, "hearth.iron", (60, 30, 10)),
            (slag_h, "hearth.slag", (40, 20, 10)),
        ):
            if h >= px(24):
                box = (g.cx - half, round(level - h), 2 * half, round(h))
                self.placer.put(
                    surface, self.texts, t(key, language), "bold", 22, colour, box, align="center"
                )
            level -= h

    def _draw_zones(self, surface, state: model.FurnaceState, language: str) -> None:
        """Each zone's temperature under its name, and the strip down the side."""
        _g, px = self.geometry, self.screen.px
        temps = {zone.id: zone.temp_c for zone in state.zones}
        for zone, y, _wall_y in self._zone_labels:
            _, box = self._zone_box(y)
            celsius = temps.get(zone, 0.0)
            step = 50 if celsius >= 1800 else 10
            value = f"≈ {number(round(celsius / step) * step, 0, language)} °C"
            x, yy, w, h = box
            dot = px(10)
            pygame.draw.circle(surface, heat(celsius), (x + dot, yy + h // 2), dot)
            pygame.draw.circle(surface, (12, 12, 14), (x + dot, yy + h // 2), dot, max(1, px(2)))
            colour = mix(heat(celsius), INK, 0.55)
            self.placer.put(
                surface, self.texts, value, "bold", 24, colour, (x + 3 * dot, yy, w - 3 * dot, h)
            )
        strip = pygame.Rect(self.layout.strip)
        key = tuple(round(temps[zone] / 5) for zone in model.ZONES)
        if self._strip is None or self._strip[0] != key:
            rounded = {zone: 5.0 * k for zone, k in zip(model.ZONES, key, strict=True)}
            self._strip = (key, self._make_strip(rounded, strip))
        surface.blit(self._strip[1], strip)

    def _draw_topic_mark(self, surface, play: FurnacePlay) -> None:
        """A frame around the zone label or material the status panel is explaining."""
        topic = play.explanation
        for action, rect in self._topics:
            if action == f"explain:{topic}":
                frame = pygame.Rect(rect).inflate(self.screen.px(12), 0)
                width = max(2, self.screen.px(3))
                pygame.draw.rect(surface, INFO, frame, width, border_radius=self.screen.px(10))

    def _make_strip(self, temps: dict[str, float], strip: pygame.Rect) -> pygame.Surface:
        """The temperature strip: the zones' temperatures, interpolated down the furnace."""
        g = self.geometry
        points = [(g.burden_y(0.0), temps["throat"])]
        for zone, (a, b) in model.ZONE_SPANS.items():
            points.append((g.burden_y((a + b) / 2), temps[zone]))
        points.append((g.burden_y(1.0), (temps["cohesive"] + temps["hearth"]) / 2))
        points.append((g.y(TUYERE), temps["raceway"]))
        points.append((g.y(0.9), temps["hearth"]))
        picture = pygame.Surface(strip.size)
        step = max(2, self.screen.px(4))
        for y in range(strip.top, strip.bottom, step):
            celsius = points[-1][1]
            for (y0, t0), (y1, t1) in itertools.pairwise(points):
                if y <= y1:
                    k = 0.0 if y1 <= y0 else max(0.0, (y - y0) / (y1 - y0))
                    celsius = t0 + (t1 - t0) * k
                    break
            picture.fill(heat(celsius), (0, y - strip.top, strip.width, step))
        return picture

    def _draw_cast_house(self, surface, play: FurnacePlay, language: str, now: float) -> None:
        """The runner, ladle and slag pot, the streams after a tap, and the tap button."""
        g, px, lay = self.geometry, self.screen.px, self.layout
        ladle, pot = pygame.Rect(lay.ladle), pygame.Rect(lay.slag_pot)
        last = play.last_tap
        age = play.clock - last.at if last is not None else math.inf
        tx, ty = g.tap_hole
        if last is not None and age < TAP_LIGHT_S:
            k = age / TAP_LIGHT_S
            strength = 1.0 if k < 0.7 else max(0.0, (1.0 - k) / 0.3)
            if last.tap.slag_kg > 0:  # slag floats on the iron: skimmed off to its pot
                start = (ladle.right - px(10), ty + px(8))
                end = (pot.centerx, pot.top + px(8))
                self._stream(surface, start, end, max(2, round(px(9) * strength)), SLAG)
            if last.tap.iron_kg > 0:
                end = (ladle.centerx, ladle.top + px(12))
                width = max(2, round(px(13) * strength))
                self._stream(surface, (tx, ty), end, width, IRON_HOT, IRON_CORE)
                for phase, dx, life in self._sparks:
                    p = (phase + now * 1.4) % 1.0
                    if p < life:
                        sx = end[0] + dx * px(46) * p
                        sy = end[1] - px(64) * math.sin(math.pi * p / life)
                        pygame.draw.circle(surface, IRON_CORE, (round(sx), round(sy)), px(2))
        if last is not None and age < 4 * TAP_LIGHT_S:
            radius = px(20)
            for rect, amount, colour in (
                (ladle, last.tap.iron_kg / LADLE_KG, IRON_HOT),
                (pot, last.tap.slag_kg / (LADLE_KG / 3), SLAG),
            ):
                inner = rect.inflate(-px(14), -px(14))
                fill = min(1.0, amount) * min(1.0, age / (0.8 * TAP_LIGHT_S))
                cool = max(0.0, (age - TAP_LIGHT_S) / (3 * TAP_LIGHT_S))
                h = round(inner.height * fill)
                if h > 0:
                    pygame.draw.rect(
                        surface,
                        mix(colour, (104, 58, 44), cool),
                        (inner.x, inner.bottom - h, inner.width, h),
                        border_bottom_left_radius=radius,
                        border_bottom_right_radius=radius,
                    )
        sx, sy, _sw, _sh = lay.stage
        if last is not None and age < 4 * TAP_LIGHT_S:
            tap = last.tap
            caption = t(
                "tap.result",
                language,
                iron_t=tap.iron_kg / 1000.0,
                temperature_c=tap.temperature_c,
            )
            cx, cy, cw, ch = lay.tap_caption
            lower = ch * 5 // 9
            box = (cx, cy + ch - lower, cw, lower)
            result = self.placer.block(
                surface, self.texts, caption, "bold", 25, IRON_HOT, box, valign="bottom"
            )
            if last.automatic:
                box = (cx, cy, cw, result.top - px(6) - cy)
                crew = t("scene.crew_tapped", language)
                self.placer.block(
                    surface, self.texts, crew, "regular", 23, MUTED, box, valign="bottom"
                )
        self._button(surface, "tap", lay.tap_button, t("tap.button", language), play.tapping)

    def _stream(self, surface, start, end, width: int, colour, core=None) -> None:
        """A falling stream from `start` to `end`: straight out, then down faster and faster."""
        (x0, y0), (x1, y1) = start, end
        points = [
            (round(x0 + (x1 - x0) * math.sqrt(i / 12)), round(y0 + (y1 - y0) * i / 12))
            for i in range(13)
        ]
        pygame.draw.lines(surface, colour, False, points, width)
        if core is not None and width > 4:
            pygame.draw.lines(surface, core, False, points, max(1, width // 3))

    def _draw_charge(self, surface, play: FurnacePlay, language: str) -> None:
        """A skip dropping into the throat, named as it falls."""
        last = play.last_charge
        if last is None or not last.accepted:
            return
        g, px = self.geometry, self.screen.px
        age = play.clock - last.at
        colour = {"ore": ORE, "coke": COKE, "limestone": LIMESTONE}[last.material]
        if age < 0.6:
            y_from = g.y(0.0) - px(56)
            y_to = g.burden_y(play.state.stock_line)
            y = round(y_from + (y_to - y_from) * (age / 0.6) ** 2)
            r = px(16)
            lump = pygame.Rect(g.cx - 2 * r, y - r, 4 * r, 2 * r)
            pygame.draw.ellipse(surface, colour, lump)
            pygame.draw.ellipse(surface, INK, lump, max(1, px(2)))
        if age < 1.5:
            sx, sy, sw, _ = self.layout.stage
            x0 = round(g.cx + g.half * PROFILE[0][1]) + g.wall + px(76)
            box = (x0, sy, sx + sw - x0, px(44))
            name = t(f"material.{last.material}", language)
            self.placer.put(surface, self.texts, f"+ {name}", "black", 30, INK, box)

    # ---- the panels ----------------------------------------------------------------------------

    def _bar(self, surface, rect, fraction: float, colour, ticks=()) -> None:
        px = self.screen.px
        r = pygame.Rect(rect)
        radius = r.height // 2
        pygame.draw.rect(surface, (24, 25, 29), r, border_radius=radius)
        w = round(r.width * max(0.0, min(1.0, fraction)))
        if w > 0:
            fill = (r.x, r.y, max(w, r.height), r.height)
            pygame.draw.rect(surface, colour, fill, border_radius=radius)
        for k in ticks:
            x = r.x + round(r.width * k)
            pygame.draw.line(surface, INK, (x, r.y - px(5)), (x, r.bottom + px(4)), px(3))

    def _draw_blast(self, surface, state: model.FurnaceState, language: str) -> None:
        px = self.screen.px
        x, y, w, _h = self.boxes["blast"]
        split = x + round(w * 0.56)
        value_box = (split, y + px(56), x + w - px(24) - split, px(52))
        rate = state.blast_rate
        self.placer.put(
            surface,
            self.texts,
            f"{number(rate * 100, 0, language)} %",
            "black",
            42,
            INK,
            value_box,
            "right",
        )
        bar = (x + px(24), y + px(114), w - px(48), px(14))
        self._bar(surface, bar, rate / model.BLAST_MAX, MOLTEN, (1.0 / model.BLAST_MAX,))
        if state.blast_effective < rate - 0.02:  # sticky slag holds the blast back
            bx = bar[0] + round(bar[2] * state.blast_effective / model.BLAST_MAX)
            pygame.draw.line(surface, WARNING, (bx, bar[1] - px(8)), (bx, bar[1] + px(22)), px(5))
        celsius = state.blast_temperature_c
        value_box = (value_box[0], y + px(132), value_box[2], px(52))
        self.placer.put(
            surface,
            self.texts,
            f"{number(celsius, 0, language)} °C",
            "black",
            42,
            INK,
            value_box,
            "right",
        )
        span = model.BLAST_TEMP_MAX_C - model.BLAST_TEMP_MIN_C
        bar = (x + px(24), y + px(190), w - px(48), px(14))
        self._bar(surface, bar, (celsius - model.BLAST_TEMP_MIN_C) / span, heat(celsius + 250))

    def _draw_hearth(self, surface, state: model.FurnaceState, language: str) -> None:
        px = self.screen.px
        x, y, w, _h = self.boxes["hearth"]
        celsius = state.hearth_temperature_c
        colour = heat(celsius + 150)
        value = f"{number(round(celsius), 0, language)} °C"
        self.placer.put(
            surface,
            self.texts,
            value,
            "black",
            50,
            colour,
            (x + px(24), y + px(50), w - px(48), px(62)),
        )
        lo, hi = 1100.0, 1600.0
        bar = (x + px(24), y + px(118), w - px(48), px(14))
        self._bar(
            surface, bar, (celsius - lo) / (hi - lo), colour, ((model.CHILL_C - lo) / (hi - lo),)
        )
        chill = t("scene.chill", language, celsius=model.CHILL_C)
        self.placer.put(
            surface,
            self.texts,
            chill,
            "regular",
            21,
            MUTED,
            (x + px(24), y + px(140), w - px(48), px(30)),
        )
        fill_x = x + round(w * 0.58)
        fill_bar = (fill_x, y + px(184), x + w - px(24) - fill_x, px(14))
        self._bar(surface, fill_bar, state.hearth_fill, IRON_HOT)

    def _draw_gas(self, surface, state: model.FurnaceState, language: str) -> None:
        px = self.screen.px
        x, y, w, _h = self.boxes["gas"]
        gas = state.top_gas
        value = f"{number(round(gas.temperature_c), 0, language)} °C"
        box = (x + w // 2, y + px(12), w // 2 - px(24), px(42))
        self.placer.put(surface, self.texts, value, "black", 32, INK, box, align="right")
        bar = pygame.Rect(x + px(24), y + px(60), w - px(48), px(26))
        parts = (
            ("co", gas.co_pct, "CO"),
            ("co2", gas.co2_pct, "CO₂"),
            ("n2", gas.n2_pct, "N₂"),
            ("h2", gas.h2_pct, "H₂"),
        )
        total = sum(p for _, p, _ in parts) or 1.0
        left = bar.x
        for key, pct, _ in parts:
            seg = min(round(bar.width * pct / total), bar.right - left)
            if seg > 0:
                surface.fill(GAS_COLOURS[key], (left, bar.y, seg, bar.height))
            left += seg
        item_w = bar.width // 4
        for i, (key, pct, formula) in enumerate(parts):
            lx = bar.x + i * item_w
            sq = px(18)
            ly = bar.bottom + px(10)
            surface.fill(GAS_COLOURS[key], (lx, ly + px(7), sq, sq))
            label = f"{formula} {number(pct, 0, language)} %"
            box = (lx + sq + px(8), ly, item_w - sq - px(16), px(32))
            self.placer.put(surface, self.texts, label, "bold", 24, INK, box)
            box = (lx, ly + px(32), item_w - px(12), px(26))
            self.placer.put(
                surface, self.texts, t(f"gas.{key}", language), "regular", 19, MUTED, box
            )

    def _draw_production(self, surface, play, state: model.FurnaceState, language: str) -> None:
        px = self.screen.px
        x, y, w, _h = self.boxes["production"]
        tile = (w - px(48)) // 3
        coke, co2 = state.coke_rate_now, state.co2_per_t_now
        values = (
            f"{number(play.iron_made_kg / 1000.0, 1, language)} t",
            "—" if coke is None else f"{number(round(coke / 10) * 10, 0, language)} kg",
            "—" if co2 is None else f"{number(co2 / 1000.0, 2, language)} t",
        )
        for i, value in enumerate(values):
            box = (x + px(24) + i * tile, y + px(54), tile - px(16), px(74))
            self.placer.put(surface, self.texts, value, "black", 54, MOLTEN if i == 0 else INK, box)

    def _draw_status(self, surface, play: FurnacePlay, state, language: str) -> None:
        """The problem of the moment in a warning colour (unless the visitor just asked about
        a zone or material), a refused press, what the visitor asked about, or a green "all is
        well", in that order: a child pressing a button at a full throat every second must
        still read why the hearth went cold."""
        px = self.screen.px
        x, y, w, h = self.boxes["status"]
        problems = [p for p in state.problems if p in model.PROBLEMS]
        refusal = play.refusal
        topic = play.explanation
        icon = pygame.Rect(x + px(24), y + (h - px(64)) // 2, px(64), px(64))
        text_x = icon.right + px(22)
        warn = bool(problems) and topic is None
        if warn or refusal:
            pygame.draw.rect(surface, WARNING_PANEL, (x, y, w, h), border_radius=px(18))
            pygame.draw.rect(surface, WARNING, (x, y, w, h), px(4), border_radius=px(18))
            tri = [
                (icon.centerx, icon.top),
                (icon.right, icon.bottom - px(4)),
                (icon.left, icon.bottom - px(4)),
            ]
            pygame.draw.polygon(surface, WARNING, tri)
            mark = text.render_line("!", "black", px(40), WARNING_PANEL)
            surface.blit(mark, mark.get_rect(center=(icon.centerx, icon.centery + px(6))))
            if warn:
                problem = problems[0]
                title = t(f"problem.{problem}", language)
                why = problem_why_key(problem, state.blames_blast, state.blames_limestone)
                sentence = t(why, language)
            else:
                key = "scene.throat_full" if refusal == "throat_full" else "tap.empty"
                title, sentence = t(key, language), ""
            colour = WARNING
        elif topic is not None:
            pygame.draw.rect(surface, INFO_PANEL, (x, y, w, h), border_radius=px(18))
            pygame.draw.rect(surface, INFO, (x, y, w, h), px(3), border_radius=px(18))
            pygame.draw.circle(surface, INFO, icon.center, icon.width // 2)
            mark = text.render_line("i", "black", px(44), INFO_PANEL)
            surface.blit(mark, mark.get_rect(center=icon.center))
            title, colour = t(topic, language), INFO
            sentence = t(f"{topic}.what", language)
        else:
            pygame.draw.circle(surface, GOOD, icon.center, icon.width // 2)
            cx, cy = icon.center
            tick = [(cx - px(16), cy), (cx - px(4), cy + px(13)), (cx + px(18), cy - px(14))]
            pygame.draw.lines(surface, (20, 44, 24), False, tick, max(3, px(7)))
            title, colour = t("scene.ok", language), GOOD
            sentence = t("scene.ok_tip", language)
        tw = x + w - px(24) - text_x
        if sentence:
            self.placer.put(
                surface, self.texts, title, "black", 34, colour, (text_x, y + px(10), tw, px(46))
            )
            self.placer.block(
                surface,
                self.texts,
                sentence,
                "regular",
                25,
                INK,
                (text_x, y + px(58), tw, h - px(64)),
            )
        else:
            self.placer.block(
                surface,
                self.texts,
                title,
                "black",
                34,
                colour,
                (text_x, y + px(14), tw, h - px(28)),
            )

    def _draw_challenge(self, surface, play: FurnacePlay, language: str) -> None:
        px = self.screen.px
        x, y, w, h = self.boxes["challenge"]
        button = self.layout.challenge_button
        left = x + px(24)
        body_w = button[0] - left - px(24)
        challenge = play.challenge
        clock_box = (x + w - px(220), y + px(12), px(196), px(42))
        if challenge is None:
            box = (left, y + px(64), body_w, h - px(86))
            self.placer.block(
                surface, self.texts, t("challenge.intro", language), "regular", 27, INK, box
            )
            self._button(surface, "challenge", button, t("scene.challenge_start", language))
            return
        seconds = int(play.challenge_seconds)
        self.placer.put(
            surface,
            self.texts,
            f"{seconds // 60}:{seconds % 60:02d}",
            "black",
            36,
            MUTED,
            clock_box,
            "right",
        )
        bar = (left, y + h - px(52), w - px(48), px(24))
        if not challenge.done:
            if challenge.counted:  # a second or two while the next shift is run ahead
                box = (left, y + px(64), w - px(48), h - px(130))
                self.placer.block(
                    surface, self.texts, t("challenge.checking", language), "bold", 27, INK, box
                )
            elif challenge.waiting:  # minutes to wait: the tip that leads to a better score
                half = (h - px(130)) // 2
                box = (left, y + px(64), w - px(48), half)
                self.placer.block(
                    surface, self.texts, t("challenge.waiting", language), "regular", 27, INK, box
                )
                box = (left, y + px(64) + half, w - px(48), half)
                self.placer.block(
                    surface, self.texts, t("challenge.tip", language), "bold", 25, MOLTEN, box
                )
            else:
                progress = t(
                    "challenge.progress",
                    language,
                    iron_kg=min(challenge.iron_kg, challenge.target_iron_kg),
                    target_kg=challenge.target_iron_kg,
                )
                self.placer.put(
                    surface,
                    self.texts,
                    progress,
                    "black",
                    34,
                    INK,
                    (left, y + px(62), w - px(48), px(46)),
                )
                half = (w - px(48)) // 2
                co2 = challenge.live_co2_per_t  # hidden while it would mislead
                if co2 is not None:
                    sep = " : " if language == "fr" else ": "
                    live = f"{t('gauge.co2_per_t', language)}{sep}"
                    live += f"{number(co2 / 1000.0, 2, language)} t"
                    box = (left, y + px(112), half - px(12), px(36))
                    self.placer.put(surface, self.texts, live, "bold", 25, MUTED, box)
                if play.state.hearth_iron_kg >= TAP_HINT_KG:
                    box = (left + half, y + px(112), w - px(48) - half, px(36))
                    hint = t("scene.tap_to_count", language)
                    self.placer.put(
                        surface, self.texts, hint, "bold", 25, MOLTEN, box, align="right"
                    )
            self._bar(surface, bar, challenge.progress, MOLTEN)
            return
        result = t(
            "challenge.result",
            language,
            co2_t=(challenge.co2_per_t or 0.0) / 1000.0,
            score=challenge.score,
        )
        self.placer.put(
            surface, self.texts, result, "black", 32, MOLTEN, (left, y + px(60), w - px(48), px(44))
        )
        star_y = y + px(114)
        self._stars(surface, (left, star_y), challenge.stars)
        text_x = left + px(3 * 64 + 24)
        box = (text_x, star_y, button[0] - text_x - px(20), y + h - px(16) - star_y)
        if challenge.voided:  # why the score is what it is comes before the comparison
            note, colour = t("challenge.voided", language), WARNING
        elif challenge.penalties or challenge.shift_penalty:
            lost = [
                t(
                    "challenge.penalty",
                    language,
                    problem=t(f"problem.{p}", language),
                    points=model.PENALTY_POINTS[p],
                )
                for p in challenge.penalties
            ]
            if challenge.shift_penalty:
                lost.append(
                    t(
                        "challenge.shift",
                        language,
                        problem=t(f"problem.{challenge.shift_problem}", language).lower(),
                        hours=challenge.shift_hours,
                        points=model.SHIFT_POINTS,
                    )
                )
            note, colour = "\n".join(lost), WARNING
        else:
            note, colour = t("challenge.compare", language), INK
        self.placer.block(surface, self.texts, note, "regular", 23, colour, box)
        self._button(surface, "challenge", button, t("scene.challenge_again", language))

    def _stars(self, surface, at, stars: int) -> None:
        px = self.screen.px
        r = px(28)
        for i in range(3):
            cx, cy = at[0] + r + i * (2 * r + px(8)), at[1] + r
            points = []
            for k in range(10):
                a = -math.pi / 2 + k * math.pi / 5
                rr = r if k % 2 == 0 else r * 0.45
                points.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
            if i < stars:
                pygame.draw.polygon(surface, MOLTEN, points)
            else:
                pygame.draw.polygon(surface, (84, 84, 90), points, max(2, px(3)))

    def _button(self, surface, action: str, rect: Rect, label: str, lit: bool = False) -> None:
        """A big rounded touch button; `lit` while its action runs (iron flowing)."""
        px = self.screen.px
        r = pygame.Rect(rect)
        pygame.draw.rect(surface, IRON_CORE if lit else MOLTEN, r, border_radius=r.height // 2)
        box = r.inflate(-px(40), -px(16))
        self.placer.put(surface, self.texts, label, "black", 34, (26, 18, 10), box, align="center")
        self._buttons[action] = rect
