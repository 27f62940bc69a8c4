"""Draw the original timeline illustrations of Acier with Pillow.

Every entry YAML in MEDIA_DIR/timeline names a motif (`illustration`); this script draws that motif
as a flat, screen-print style poster in the colour of the entry's era and writes it to the entry's
`image` path (1280×800 PNG). Drawing happens at 2× and is downscaled for anti-aliasing.

Usage: python scripts/illustrate.py [MEDIA_DIR] [--only ID ...] [--sheet PNG]
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import random
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

W, H = 1280, 800  # output size (16:10)
S = 2  # supersampling factor
GLOW_DIV = 2  # the glow layers are drawn at W/2 × H/2
MAX_BYTES = 350_000
GRAIN = 0.2  # strength of the film grain
ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "acier" / "kiosk" / "fonts"
DEFAULT_MEDIA = ROOT / "media"
DEFAULT_ACCENT = (176, 141, 87)
SHEET_COLOURS = ["#8c6a4f", "#b5542f", "#3f6fa8", "#6a8f4e", "#a83f3f", "#7a5ca8", "#c9a227"]

Colour = tuple[int, ...]
Point = tuple[float, float]

HOT_STOPS: list[Colour] = [
    (255, 252, 226),
    (255, 222, 110),
    (255, 160, 46),
    (228, 86, 26),
    (128, 34, 20),
]
BASES: list[Colour] = [(26, 24, 27), (34, 26, 23), (22, 25, 33), (31, 24, 30), (24, 29, 28)]
STEEL = (140, 152, 164)
STEEL_LIT = (214, 222, 230)
STEEL_DARK = (62, 68, 78)


# --- colours and geometry -------------------------------------------------------------------


def hex_rgb(text: str) -> Colour:
    """'#8c6a4f' -> (140, 106, 79)."""
    text = str(text).strip().lstrip("#")
    return tuple(int(text[i : i + 2], 16) for i in (0, 2, 4))


def mix(a: Colour, b: Colour, t: float) -> Colour:
    """Linear mix of two RGB colours (t = 0 gives a)."""
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


def rgba(c: Colour, a: int) -> Colour:
    """The colour with an alpha value."""
    return (c[0], c[1], c[2], a)


def luma(c: Colour) -> float:
    """Perceived brightness 0..255."""
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


def hot(t: float) -> Colour:
    """Molten-metal colour: t = 0 white-hot, t = 1 dull red."""
    t = min(max(t, 0.0), 1.0) * (len(HOT_STOPS) - 1)
    i = min(int(t), len(HOT_STOPS) - 2)
    return mix(HOT_STOPS[i], HOT_STOPS[i + 1], t - i)


def normalise_accent(c: Colour) -> Colour:
    """Keep the era colour bright enough to read on a dark background."""
    for _ in range(10):
        if luma(c) >= 105:
            break
        c = mix(c, (255, 255, 255), 0.15)
    while luma(c) > 205:
        c = mix(c, (0, 0, 0), 0.15)
    return c


def rotate(pts: Sequence[Point], ox: float, oy: float, deg: float) -> list[Point]:
    """Rotate local points (around 0,0) by deg (clockwise on screen) and move them to ox,oy."""
    a = math.radians(deg)
    ca, sa = math.cos(a), math.sin(a)
    return [(ox + x * ca - y * sa, oy + x * sa + y * ca) for x, y in pts]


def spline(pts: Sequence[Point], n: int = 8, closed: bool = False) -> list[Point]:
    """Catmull-Rom curve through the points."""
    p = list(pts)
    p = [p[-1], *p, p[0], p[1]] if closed else [p[0], *p, p[-1]]
    out: list[Point] = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for k in range(n):
            t = k / n
            t2, t3 = t * t, t * t * t
            out.append(
                tuple(
                    0.5
                    * (
                        2 * p1[j]
                        + (-p0[j] + p2[j]) * t
                        + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                        + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3
                    )
                    for j in range(2)
                )
            )
    if not closed:
        out.append(p[-2])
    return out


def lathe(profile: Sequence[Point], ox: float, oy: float, deg: float = 0.0) -> list[Point]:
    """A symmetric vessel outline from (height, half-width) pairs, bottom at 0, rotated."""
    right = [(r, -s) for s, r in profile]
    left = [(-r, -s) for s, r in reversed(profile)]
    return rotate(right + left, ox, oy, deg)


def upscale(layer: Image.Image) -> Image.Image:
    """A half-size layer to the 2× canvas: bilinear to output size, then pixel doubling."""
    return layer.resize((W, H), Image.Resampling.BILINEAR).resize(
        (W * S, H * S), Image.Resampling.NEAREST
    )


def radius_at(profile: Sequence[Point], s: float) -> float:
    """Half-width of a (height, half-width) profile at height s, linearly interpolated."""
    for (s0, r0), (s1, r1) in itertools.pairwise(profile):
        if s0 <= s <= s1:
            return r0 + (r1 - r0) * (s - s0) / ((s1 - s0) or 1)
    return profile[-1][1]


def font(size: int, weight: str = "Bold") -> ImageFont.FreeTypeFont:
    """A Lato face from the kiosk fonts."""
    return ImageFont.truetype(str(FONTS / f"Lato-{weight}.ttf"), size)


def format_year(year: int | None) -> str:
    """1856 -> '1856', -3300 -> '−3300'."""
    if year is None:
        return ""
    return f"−{-year}" if year < 0 else str(year)


# --- the drawing surface ----------------------------------------------------------------------


class Scene:
    """A 2× canvas in logical 1280×800 coordinates, with glow layers and a seeded palette."""

    def __init__(self, entry_id: str, accent: Colour) -> None:
        self.rng = random.Random(zlib.crc32(entry_id.encode("utf-8")))
        rng = self.rng
        self.accent = normalise_accent(accent)
        self.base = rng.choice(BASES)
        self.gy = 600 + rng.randint(-18, 18)  # horizon / ground line
        self.cx = 640 + rng.randint(-50, 50)  # subject centre
        self.flip = rng.random() < 0.5
        self.sun = (rng.uniform(180, 1100), rng.uniform(150, 320), rng.uniform(120, 210))
        a, b = self.accent, self.base
        white, black = (255, 255, 255), (0, 0, 0)
        self.sky0 = mix(mix(b, black, 0.25), a, 0.04)
        self.sky1 = mix(b, a, 0.4)
        self.far = mix(b, a, 0.22)
        self.mid = mix(b, a, 0.1)
        self.near = mix(b, black, 0.5)
        self.body = mix(mix(b, black, 0.2), a, 0.1)
        self.lit = mix(b, a, 0.56)
        self.rim = mix(a, white, 0.35)
        self.img = Image.new("RGB", (W * S, H * S), self.sky0)
        self.draw = ImageDraw.Draw(self.img, "RGBA")
        gsize = (W // GLOW_DIV, H // GLOW_DIV)
        self.glow_soft = Image.new("RGB", gsize)
        self.glow_tight = Image.new("RGB", gsize)
        self.gsoft = ImageDraw.Draw(self.glow_soft, "RGBA")
        self.gtight = ImageDraw.Draw(self.glow_tight, "RGBA")
        self.haze = Image.new("RGBA", gsize, (0, 0, 0, 0))
        self.hdraw = ImageDraw.Draw(self.haze, "RGBA")

    # primitives, all in logical coordinates

    def poly(self, pts: Sequence[Point], fill: Colour) -> None:
        """Filled polygon."""
        self.draw.polygon([(x * S, y * S) for x, y in pts], fill=fill)

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: Colour) -> None:
        """Filled rectangle."""
        x0, x1 = sorted((x0 * S, x1 * S))
        y0, y1 = sorted((y0 * S, y1 * S))
        self.draw.rectangle((x0, y0, max(x0, x1 - 1), max(y0, y1 - 1)), fill=fill)

    def ellipse(
        self,
        cx: float,
        cy: float,
        rx: float,
        ry: float,
        fill: Colour | None = None,
        outline: Colour | None = None,
        width: float = 1,
    ) -> None:
        """Ellipse by centre and radii."""
        rx, ry = abs(rx), abs(ry)
        self.draw.ellipse(
            ((cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S),
            fill=fill,
            outline=outline,
            width=max(1, round(width * S)),
        )

    def circle(self, cx: float, cy: float, r: float, fill: Colour) -> None:
        """Filled circle."""
        self.ellipse(cx, cy, r, r, fill)

    def line(self, pts: Sequence[Point], fill: Colour, width: float, round_caps: bool = False):
        """Polyline; optionally with round ends."""
        self.draw.line(
            [(x * S, y * S) for x, y in pts],
            fill=fill,
            width=max(1, round(width * S)),
            joint="curve",
        )
        if round_caps:
            for x, y in (pts[0], pts[-1]):
                self.circle(x, y, width / 2, fill)

    def arc(self, cx, cy, rx, ry, start: float, end: float, fill: Colour, width: float) -> None:
        """Elliptical arc; angles in degrees, clockwise from 3 o'clock."""
        self.draw.arc(
            ((cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S),
            start,
            end,
            fill=fill,
            width=max(1, round(width * S)),
        )

    def gradient(self, size: tuple[int, int], stops: Sequence[Colour], horizontal: bool) -> Image:
        """An RGB image of `size` pixels graded through the colour stops."""
        w, h = max(1, size[0]), max(1, size[1])
        g = Image.linear_gradient("L")
        if horizontal:
            g = g.transpose(Image.Transpose.ROTATE_90).transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            g = g.resize((w, 1), Image.Resampling.BILINEAR)
        else:
            g = g.resize((1, h), Image.Resampling.BILINEAR)
        g = g.resize((w, h), Image.Resampling.NEAREST)
        n = len(stops) - 1
        bands = []
        for ch in range(3):
            lut = []
            for v in range(256):
                t = v / 255 * n
                i = min(int(t), n - 1)
                lut.append(round(stops[i][ch] + (stops[i + 1][ch] - stops[i][ch]) * (t - i)))
            bands.append(g.point(lut))
        return Image.merge("RGB", bands)

    def gpoly(
        self,
        pts: Sequence[Point],
        stops: Sequence[Colour],
        horizontal: bool = False,
        alpha: int = 255,
    ) -> None:
        """Polygon filled with a linear gradient across its bounding box."""
        sp = [(x * S, y * S) for x, y in pts]
        x0 = math.floor(min(p[0] for p in sp))
        y0 = math.floor(min(p[1] for p in sp))
        x1 = math.ceil(max(p[0] for p in sp))
        y1 = math.ceil(max(p[1] for p in sp))
        cx0, cy0 = max(x0, 0), max(y0, 0)
        cx1, cy1 = min(x1, W * S), min(y1, H * S)
        if cx1 <= cx0 or cy1 <= cy0:
            return
        grad = self.gradient((x1 - x0, y1 - y0), stops, horizontal)
        grad = grad.crop((cx0 - x0, cy0 - y0, cx1 - x0, cy1 - y0))
        mask = Image.new("L", grad.size, 0)
        ImageDraw.Draw(mask).polygon([(x - cx0, y - cy0) for x, y in sp], fill=alpha)
        self.img.paste(grad, (cx0, cy0), mask)

    def grect(self, x0, y0, x1, y1, stops: Sequence[Colour], horizontal: bool = False) -> None:
        """Rectangle filled with a linear gradient."""
        self.gpoly([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], stops, horizontal)

    def glow(self, cx: float, cy: float, r: float, c: Colour, a: int = 255, soft=True) -> None:
        """Add a light source with a soft falloff to a glow layer (screened on at flush)."""
        d = self.gsoft if soft else self.gtight
        k = GLOW_DIV
        for f, af in ((1.0, 0.2), (0.72, 0.26), (0.48, 0.38), (0.26, 0.6)):
            rr = r * f
            d.ellipse(
                ((cx - rr) / k, (cy - rr) / k, (cx + rr) / k, (cy + rr) / k),
                fill=rgba(c, round(a * af)),
            )

    def puff(self, cx: float, cy: float, r: float, c: Colour, a: int) -> None:
        """A translucent disc on the haze layer (smoke, steam); blurred softly at flush."""
        k = GLOW_DIV
        self.hdraw.ellipse(
            ((cx - r) / k, (cy - r) / k, (cx + r) / k, (cy + r) / k), fill=rgba(c, a)
        )

    def glow_poly(self, pts: Sequence[Point], c: Colour, a: int = 255, soft=True) -> None:
        """Add a glowing polygon to a glow layer."""
        d = self.gsoft if soft else self.gtight
        d.polygon([(x / GLOW_DIV, y / GLOW_DIV) for x, y in pts], fill=rgba(c, a))

    def flush_glow(self) -> None:
        """Composite the haze, then screen the blurred glow layers on, and clear them."""
        if self.haze.getbbox() is not None:
            haze = self.haze.convert("RGBa").filter(ImageFilter.GaussianBlur(2.5)).convert("RGBA")
            haze = upscale(haze)
            self.img.paste(haze, (0, 0), haze)
            self.haze = Image.new("RGBA", self.haze.size, (0, 0, 0, 0))
            self.hdraw = ImageDraw.Draw(self.haze, "RGBA")
        for layer, radius in ((self.glow_soft, 22 / GLOW_DIV), (self.glow_tight, 5 / GLOW_DIV)):
            if layer.getbbox() is None:
                continue
            light = layer.filter(ImageFilter.GaussianBlur(radius))
            light = upscale(light)
            self.img = ImageChops.screen(self.img, light)
            layer.paste((0, 0, 0), (0, 0, *layer.size))
        self.draw = ImageDraw.Draw(self.img, "RGBA")

    # reusable elements

    def sky(self, stars: int = 0, sun: bool = True) -> None:
        """Sky gradient down to the horizon, optional stars and a pale accent sun."""
        self.grect(0, 0, W, self.gy + 2, [self.sky0, mix(self.sky0, self.sky1, 0.4), self.sky1])
        for _ in range(stars):
            x, y = self.rng.uniform(0, W), self.rng.uniform(0, self.gy * 0.7)
            r = self.rng.choice((0.8, 1.0, 1.2, 1.6))
            self.circle(x, y, r, rgba(self.rim, self.rng.randint(60, 200)))
        if sun:
            sx, sy, sr = self.sun
            self.circle(sx, sy, sr, rgba(self.accent, 26))
            self.circle(sx, sy, sr * 0.7, rgba(self.accent, 18))

    def hills(self, base: float, amp: float, fill: Colour, bumps: int = 6) -> None:
        """A smooth random ridge from edge to edge, filled down to the bottom."""
        xs = [-60 + i * (W + 120) / bumps for i in range(bumps + 1)]
        pts = [(x, base - self.rng.uniform(0.2, 1.0) * amp) for x in xs]
        ridge = spline(pts, 10)
        self.poly([*ridge, (W + 60, H + 10), (-60, H + 10)], fill)

    def ground(self, top: Colour | None = None) -> None:
        """Ground plane below the horizon."""
        top = top or mix(self.mid, self.near, 0.3)
        self.grect(0, self.gy, W, H, [top, self.near])
        self.line([(0, self.gy), (W, self.gy)], rgba(self.rim, 40), 1.5)

    def skyline(self, base: float, fill: Colour, smoke: bool = True) -> None:
        """Distant factory buildings and chimneys."""
        x = -20.0
        while x < W:
            w = self.rng.uniform(40, 140)
            h = self.rng.uniform(20, 70)
            self.rect(x, base - h, x + w, base + 2, fill)
            if self.rng.random() < 0.35:
                cw, ch = self.rng.uniform(6, 12), self.rng.uniform(80, 170)
                cx = x + self.rng.uniform(0, w - cw)
                self.poly(
                    [(cx, base - ch), (cx + cw, base - ch), (cx + cw * 1.3, base), (cx - 2, base)],
                    fill,
                )
                if smoke:
                    self.smoke(
                        cx + cw / 2, base - ch - 6, 7, 60, -35, 6, 22, mix(fill, self.sky1, 0.5), 60
                    )
            x += w + self.rng.uniform(-10, 40)

    def smoke(self, x, y, n, dx, dy, r0, r1, c: Colour, a: int = 90) -> None:
        """A drifting plume of puffs from (x, y) along (dx, dy)."""
        puffs = []
        for i in range(n):
            t = i / max(1, n - 1)
            r = r0 + (r1 - r0) * t
            px = x + dx * t + self.rng.uniform(-r, r) * 0.4
            py = y + dy * t + self.rng.uniform(-r, r) * 0.3
            puffs.append((px, py, r, round(a * (1 - 0.6 * t))))
        for px, py, r, pa in reversed(puffs):
            self.puff(px, py, r, c, pa)

    def steam(self, x, y, w, h, c: Colour = (225, 228, 232), a: int = 120) -> None:
        """A billowing cloud rising from (x, y), shaded darker underneath."""
        puffs = []
        for _ in range(26):
            t = self.rng.random()
            r = w * (0.18 + 0.35 * t) * self.rng.uniform(0.7, 1.1)
            px = x + self.rng.uniform(-0.5, 0.5) * w * (0.5 + t) + t * w * 0.3
            puffs.append((t, px, y - h * t, r))
        shade = mix(c, self.base, 0.2)
        for t, px, py, r in sorted(puffs, reverse=True):
            pa = round(a * (1 - 0.7 * t))
            self.puff(px, py, r, shade, pa)
            self.puff(px - r * 0.15, py - r * 0.18, r * 0.8, c, pa)

    def sparks(self, x, y, ang, spread, speed, n, gravity=420.0, size=1.0) -> None:
        """A fountain of sparks from (x, y) at angle ang (degrees, 0 = right, -90 = up)."""
        for _ in range(n):
            a = math.radians(ang + self.rng.uniform(-spread, spread))
            v = speed * self.rng.uniform(0.35, 1.0)
            t = self.rng.uniform(0.05, 1.0) ** 0.8
            vx, vy = v * math.cos(a), v * math.sin(a)
            px, py = x + vx * t, y + vy * t + 0.5 * gravity * t * t
            ex, ey = vx, vy + gravity * t
            dt = self.rng.uniform(0.02, 0.05) * size
            c = hot(self.rng.uniform(0.0, 0.45) + 0.4 * t)
            w = self.rng.uniform(1.0, 2.6) * size * (1.1 - 0.5 * t)
            self.line([(px - ex * dt, py - ey * dt), (px, py)], rgba(c, 235), w)
            self.glow(px, py, 3 + 4 * size, hot(0.3), 150, soft=False)

    def flame(self, x, y, ang, length, width, a: int = 230) -> None:
        """A tongue of fire from (x, y) pointing at angle ang (degrees, -90 = up)."""
        phase = self.rng.uniform(0, 6.3)
        bend = self.rng.uniform(-0.25, 0.25)
        layers = (
            (1.0, 1.0, 0.75, 0.75),
            (0.8, 0.72, 0.5, 0.9),
            (0.58, 0.46, 0.25, 1.0),
            (0.3, 0.24, 0.0, 1.0),
        )
        for lf, wf, t_hot, af in layers:
            left, right = [], []
            for i in range(15):
                t = i / 14
                sway = (math.sin(t * 4.5 + phase) * 0.22 + bend * t) * width * t
                hw = width * wf * (1 - t) ** 0.9 * (0.7 + 0.55 * math.sin(math.pi * t * 0.9))
                px = t * length * lf
                left.append((px, sway - hw))
                right.append((px, sway + hw))
            cap = [
                (
                    -width * wf * 0.3 * math.sin(math.radians(d)),
                    width * wf * 0.7 * math.cos(math.radians(d)),
                )
                for d in range(30, 160, 30)
            ]
            pts = spline(left, 3) + spline(right[::-1], 3) + cap
            self.poly(rotate(pts, x, y, ang), rgba(hot(t_hot), round(a * af)))
        for _ in range(3):
            d = self.rng.uniform(0.55, 0.95) * length
            off = self.rng.uniform(-0.6, 0.6) * width
            r = width * self.rng.uniform(0.12, 0.22)
            lick = [(d, off - r), (d + r * 3, off), (d, off + r), (d - r * 0.8, off)]
            self.poly(
                rotate(spline(lick, 4, closed=True), x, y, ang), rgba(hot(0.6), round(a * 0.8))
            )
        tip = rotate([(length * 0.35, 0)], x, y, ang)[0]
        self.glow(tip[0], tip[1], width * 2.2, hot(0.5), 170)

    def vessel(self, profile, ox, oy, deg, dark: Colour, lit: Colour, bands: int = 0) -> None:
        """A round vessel from (height, half-width) pairs: dark body, lit band, rim light, bands."""
        self.poly(lathe(profile, ox, oy, deg), dark)
        left = [(-r, -s) for s, r in profile]
        inner = [(-r * 0.35, -s) for s, r in reversed(profile)]
        self.poly(rotate(left + inner, ox, oy, deg), lit)
        self.line(
            rotate([(-r * 0.82, -s) for s, r in profile[1:-1]], ox, oy, deg), rgba(self.rim, 80), 2
        )
        if bands:
            s0, s1 = profile[0][0], profile[-1][0]
            for k in range(1, bands):
                sk = s0 + (s1 - s0) * k / bands
                r = next(r for s, r in profile if s >= sk)
                self.line(rotate([(-r, -sk), (r, -sk)], ox, oy, deg), rgba(self.near, 110), 2.5)

    def figure(
        self,
        x: float,
        y: float,
        h: float,
        c: Colour,
        arms: tuple[float, float] = (100, 80),
        lean: float = 0.0,
        stride: float = 0.16,
        helmet: Colour | None = None,
    ) -> tuple[Point, Point]:
        """A standing worker silhouette (feet at x, y); arm angles in degrees; returns hands."""
        hip = (x, y - h * 0.47)
        sh = (x + lean * h, y - h * 0.8)
        self.line([(hip[0] - h * 0.04, hip[1]), (x - stride * h / 2, y)], c, h * 0.085)
        self.line([(hip[0] + h * 0.04, hip[1]), (x + stride * h / 2, y)], c, h * 0.085)
        self.poly(
            [
                (sh[0] - h * 0.12, sh[1]),
                (sh[0] + h * 0.12, sh[1]),
                (hip[0] + h * 0.085, hip[1] + h * 0.03),
                (hip[0] - h * 0.085, hip[1] + h * 0.03),
            ],
            c,
        )
        head = (sh[0] + lean * h * 0.4, sh[1] - h * 0.1)
        self.circle(head[0], head[1], h * 0.072, c)
        if helmet:
            self.ellipse(head[0], head[1] - h * 0.02, h * 0.09, h * 0.06, helmet)
            self.rect(head[0] - h * 0.1, head[1] - h * 0.02, head[0] + h * 0.1, head[1], helmet)
        hands = []
        for side, ang in ((-1, arms[0]), (1, arms[1])):
            s0 = (sh[0] + side * h * 0.1, sh[1] + h * 0.03)
            a = math.radians(ang)
            hand = (s0[0] + math.cos(a) * h * 0.36, s0[1] + math.sin(a) * h * 0.36)
            self.line([s0, hand], c, h * 0.07, round_caps=True)
            hands.append(hand)
        return hands[0], hands[1]

    def truss(self, p0: Point, p1: Point, depth: float, c: Colour, w: float, panels: int):
        """A lattice girder from p0 to p1 (two chords and zigzag diagonals)."""
        dx, dy = p1[0] - p0[0], p1[1] - p0[1]
        n = math.hypot(dx, dy)
        ox, oy = -dy / n * depth, dx / n * depth
        q0, q1 = (p0[0] + ox, p0[1] + oy), (p1[0] + ox, p1[1] + oy)
        self.line([p0, p1], c, w * 1.6)
        self.line([q0, q1], c, w * 1.6)
        pts = []
        for i in range(panels + 1):
            t = i / panels
            a = (p0[0] + dx * t, p0[1] + dy * t)
            pts.append(a if i % 2 == 0 else (a[0] + ox, a[1] + oy))
        self.line(pts, c, w)

    def chimney(self, x: float, base: float, w: float, h: float, c: Colour) -> None:
        """A tapering chimney standing on `base`."""
        self.poly(
            [
                (x - w * 0.35, base - h),
                (x + w * 0.35, base - h),
                (x + w / 2, base),
                (x - w / 2, base),
            ],
            c,
        )
        self.rect(x - w * 0.42, base - h, x + w * 0.42, base - h + 6, c)

    def cylinder(self, x0, y0, x1, y1, dark: Colour, light: Colour, lit: float = 0.38) -> None:
        """An upright cylinder body with a lit left part and a rim highlight."""
        w = x1 - x0
        self.rect(x0, y0, x1, y1, dark)
        self.rect(x0, y0, x0 + w * lit, y1, light)
        self.rect(x0 + w * lit * 0.3, y0, x0 + w * lit * 0.42, y1, rgba(self.rim, 60))

    def hall(self) -> None:
        """Interior of a works hall: back wall with tall windows, roof trusses, dark floor."""
        gy = self.gy
        wall0 = mix(self.base, self.accent, 0.08)
        wall1 = mix(self.base, self.accent, 0.22)
        self.grect(0, 0, W, gy, [mix(wall0, (0, 0, 0), 0.3), wall1])
        n = 5
        step = W / n
        off = self.rng.uniform(0, step * 0.4)
        for i in range(-1, n + 1):
            x = off + i * step + step * 0.28
            ww, top, bot = step * 0.38, gy * 0.22, gy * 0.78
            glass = mix(wall1, self.accent, 0.35)
            self.rect(x, top + ww / 2, x + ww, bot, glass)
            self.ellipse(x + ww / 2, top + ww / 2, ww / 2, ww / 2, glass)
            for k in range(1, 4):
                self.line([(x + ww * k / 4, top), (x + ww * k / 4, bot)], wall0, 2.5)
            for k in range(1, 7):
                yy = top + ww / 2 + (bot - top - ww / 2) * k / 7
                self.line([(x, yy), (x + ww, yy)], wall0, 2.5)
            shaft = [(x, top + ww / 2), (x + ww, top + ww / 2), (x + ww + 260, H), (x + 180, H)]
            self.poly(shaft, rgba(self.accent, 12))
            self.rect(x + step * 0.62, 0, x + step * 0.7, gy, rgba(self.near, 150))
        self.rect(0, 0, W, 70, rgba(self.near, 200))
        for i in range(0, W + 160, 160):
            self.line([(i, 70), (i + 80, 10), (i + 160, 70)], rgba(self.near, 230), 5)
            self.line([(i + 80, 10), (i + 80, 70)], rgba(self.near, 230), 3)
        self.line([(0, 70), (W, 70)], self.near, 8)
        self.grect(0, gy, W, H, [mix(self.mid, self.near, 0.4), self.near])
        self.line([(0, gy), (W, gy)], rgba(self.rim, 50), 2)

    def studio(self, cx: float, cy: float, rays: bool = True) -> None:
        """A poster backdrop: gradient, sunburst rays, a large accent disc and a floor."""
        self.grect(0, 0, W, H, [mix(self.base, self.accent, 0.1), self.base])
        if rays:
            for i in range(0, 36, 2):
                a0, a1 = math.radians(i * 10), math.radians(i * 10 + 10)
                far = 1600
                self.poly(
                    [
                        (cx, cy),
                        (cx + far * math.cos(a0), cy + far * math.sin(a0)),
                        (cx + far * math.cos(a1), cy + far * math.sin(a1)),
                    ],
                    rgba(self.accent, 9),
                )
        self.circle(cx, cy, 300, rgba(self.accent, 40))
        self.circle(cx, cy, 300, rgba(self.base, 0))
        self.ellipse(cx, cy, 300, 300, outline=rgba(self.rim, 70), width=2)
        self.grect(0, self.gy, W, H, [mix(self.base, self.accent, 0.12), self.near])
        self.line([(0, self.gy), (W, self.gy)], rgba(self.rim, 45), 1.5)

    def water(self, top: float) -> None:
        """Water from `top` to the bottom, with horizontal shimmer lines."""
        self.grect(0, top, W, H, [mix(self.sky1, self.near, 0.45), self.near])
        for _ in range(70):
            y = self.rng.uniform(top + 4, H)
            x = self.rng.uniform(-50, W)
            w = self.rng.uniform(20, 140) * (0.5 + (y - top) / (H - top))
            self.line([(x, y), (x + w, y)], rgba(self.rim, self.rng.randint(20, 60)), 1.5)

    def finish(self, year: int | None) -> Image.Image:
        """Glow, optional mirror, year, downscale, vignette and grain; returns the 1× image."""
        self.flush_glow()
        if self.flip:
            self.img = self.img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        img = self.img.resize((W, H), Image.Resampling.LANCZOS)
        vignette = Image.radial_gradient("L").resize((W, H), Image.Resampling.BILINEAR)
        vignette = vignette.point(lambda v: max(0, min(255, (v - 110) * 1.2)))
        img = Image.composite(Image.new("RGB", (W, H), (8, 7, 8)), img, vignette)
        if GRAIN:
            noise = Image.effect_noise((W, H), 28).convert("RGB")
            img = Image.blend(img, ImageChops.overlay(img, noise), GRAIN)
        text = format_year(year)
        if text:
            d = ImageDraw.Draw(img, "RGBA")
            f = font(22, "Bold")
            box = d.textbbox((0, 0), text, font=f)
            d.text((W - 30 - box[2], H - 28 - box[3]), text, font=f, fill=rgba(self.rim, 170))
        return img


# --- motifs -----------------------------------------------------------------------------------


def draw_meteorite(sc: Scene) -> None:
    """A fireball crossing the night sky and an iron meteorite glowing in its crater."""
    sc.sky(stars=140, sun=False)
    sc.hills(sc.gy - 20, 70, sc.far)
    sc.hills(sc.gy + 10, 40, sc.mid)
    sc.ground()
    x0, y0 = 1180 + sc.rng.uniform(-40, 40), 40
    x1, y1 = 820 + sc.rng.uniform(-60, 60), 300
    ang = math.degrees(math.atan2(y0 - y1, x0 - x1))
    length = math.hypot(x0 - x1, y0 - y1)
    for lf, w, t_hot, a in (
        (1.0, 13, 0.75, 40),
        (0.7, 10, 0.5, 70),
        (0.42, 7, 0.2, 130),
        (0.2, 4, 0.0, 230),
    ):
        sc.poly(rotate([(0, -w), (length * lf, 0), (0, w)], x1, y1, ang), rgba(hot(t_hot), a))
        sc.circle(x1, y1, w, rgba(hot(t_hot), a))
    sc.glow(x1, y1, 60, hot(0.2))
    sc.glow(x1, y1, 22, (255, 255, 230), soft=False)
    sc.circle(x1, y1, 12, hot(0.0))
    cx, cy = sc.cx, sc.gy + 120
    sc.ellipse(cx, cy, 370, 84, mix(sc.mid, sc.near, 0.3))
    sc.arc(cx, cy, 370, 84, 180, 360, rgba(mix(sc.far, sc.lit, 0.4), 200), 3)
    sc.ellipse(cx, cy + 10, 290, 56, sc.near)
    sc.arc(cx, cy + 10, 290, 56, 200, 340, rgba(hot(0.6), 140), 3)
    sc.ellipse(cx, cy + 22, 200, 30, mix(sc.near, hot(0.8), 0.3))
    for _ in range(7):
        a = sc.rng.uniform(0.15, 0.85) * math.pi
        pts = []
        for k in range(5):
            rr = 210 + k * 40
            pts.append(
                (cx + math.cos(a) * rr + sc.rng.uniform(-10, 10), cy + 10 + math.sin(a) * rr * 0.22)
            )
        sc.line(pts, hot(0.35), 2)
        sc.glow(pts[1][0], pts[1][1], 24, hot(0.5), 160, soft=False)
    sc.glow(cx, cy - 10, 240, hot(0.6), 170)
    sc.flush_glow()
    n = 11
    ring = []
    for i in range(n):
        ang = math.radians(180 + i * 180 / (n - 1))
        r = sc.rng.uniform(0.78, 1.1)
        ring.append((cx + math.cos(ang) * 140 * r, cy - 5 + math.sin(ang) * 100 * r))
    ring += [(cx + 120, cy + 10), (cx - 120, cy + 12)]
    core = (cx - 15 + sc.rng.uniform(-20, 20), cy - 55)
    light = (-0.6, -0.8)
    for i in range(len(ring)):
        p0, p1 = ring[i], ring[(i + 1) % len(ring)]
        ex, ey = p1[0] - p0[0], p1[1] - p0[1]
        ln = math.hypot(ex, ey) or 1
        nx, ny = ey / ln, -ex / ln
        lit = max(0.0, nx * light[0] + ny * light[1])
        c = mix(mix(STEEL_DARK, (20, 18, 18), 0.6), mix(STEEL_DARK, sc.lit, 0.45), lit)
        sc.poly([core, p0, p1], c)
    rock = ring
    sc.line(ring[1:6], rgba(mix(STEEL_LIT, sc.rim, 0.3), 150), 2)
    for _ in range(6):
        px, py = cx + sc.rng.uniform(-80, 80), cy - 50 + sc.rng.uniform(-40, 40)
        sc.ellipse(px, py, sc.rng.uniform(8, 14), sc.rng.uniform(5, 9), rgba((10, 10, 12), 90))
    sc.line([rock[-3], rock[-2], rock[-1], rock[0]], hot(0.25), 3)
    sc.glow(cx, cy + 5, 120, hot(0.4), 120, soft=False)
    for _ in range(6):
        sc.smoke(
            cx + sc.rng.uniform(-90, 90),
            cy - 90,
            8,
            sc.rng.uniform(40, 140),
            -240,
            6,
            34,
            mix(sc.far, sc.rim, 0.3),
            60,
        )
    sc.figure(cx - 360, cy - 52, 86, sc.near, arms=(-130, -150), lean=-0.03)


def draw_bloomery(sc: Scene) -> None:
    """A clay shaft furnace blown with bellows, sparks at the top, a glowing bloom on the anvil."""
    sc.sky(stars=40)
    sc.hills(sc.gy - 30, 80, sc.far)
    for _ in range(14):
        tx = sc.rng.uniform(0, W)
        if abs(tx - sc.cx) < 260:
            continue
        th = sc.rng.uniform(120, 220)
        for k in range(4):
            yy = sc.gy - th * (0.25 + 0.22 * k)
            ww = th * 0.34 * (1 - 0.2 * k)
            sc.poly(
                [(tx - ww, yy + th * 0.3), (tx, yy - th * 0.12), (tx + ww, yy + th * 0.3)], sc.mid
            )
    sc.ground()
    cx, gy = sc.cx, sc.gy + 20
    clay_d = mix(sc.body, (120, 70, 45), 0.35)
    clay_l = mix(sc.lit, (190, 120, 80), 0.35)
    prof = [(0, 110), (60, 98), (160, 72), (250, 52), (280, 50)]
    outline = lathe(prof, cx, gy)
    sc.poly(outline, clay_d)
    sc.poly(
        [*[(cx - r, gy - s) for s, r in prof][::-1], (cx - 20, gy - 280), (cx - 30, gy)], clay_l
    )
    for k in range(5):
        yy = gy - 40 - k * 48
        sc.line([(cx - 100 + k * 10, yy), (cx + 100 - k * 10, yy + 4)], rgba(sc.near, 90), 2)
    sc.ellipse(cx, gy - 280, 50, 10, sc.near)
    sc.ellipse(cx, gy - 280, 40, 7, hot(0.2))
    sc.flame(cx, gy - 282, -90 + sc.rng.uniform(-8, 8), 120, 34)
    sc.sparks(cx, gy - 300, -90, 30, 420, 70, gravity=260)
    sc.smoke(cx, gy - 380, 14, 160, -300, 14, 70, mix(sc.far, sc.rim, 0.15), 70)
    arch = [
        (cx - 32, gy),
        (cx - 32, gy - 36),
        (cx - 18, gy - 54),
        (cx + 18, gy - 54),
        (cx + 32, gy - 36),
        (cx + 32, gy),
    ]
    sc.poly(arch, hot(0.35))
    sc.poly([(cx - 20, gy), (cx - 20, gy - 30), (cx + 20, gy - 30), (cx + 20, gy)], hot(0.05))
    sc.glow(cx, gy - 25, 70, hot(0.3), 230)
    bx = cx + 220
    sc.line([(cx + 100, gy - 60), (bx - 40, gy - 48)], sc.near, 10)
    sc.poly(
        [(bx - 50, gy - 48), (bx + 70, gy - 90), (bx + 90, gy - 40), (bx + 70, gy - 10)],
        mix(sc.body, (90, 60, 40), 0.4),
    )
    sc.poly(
        [(bx - 50, gy - 48), (bx + 70, gy - 10), (bx + 70, gy - 4), (bx - 50, gy - 40)], sc.near
    )
    sc.figure(bx + 110, gy, 150, sc.near, arms=(130, 150), lean=-0.05)
    ax = cx - 260
    sc.poly(
        [(ax - 40, gy), (ax - 30, gy - 50), (ax + 30, gy - 50), (ax + 40, gy)],
        mix(sc.mid, sc.far, 0.3),
    )
    sc.ellipse(ax, gy - 62, 34, 18, hot(0.25))
    sc.glow(ax, gy - 62, 60, hot(0.3), 220)
    hands = sc.figure(ax - 110, gy, 160, sc.near, arms=(-70, -60), lean=0.04)
    sc.line([hands[1], (hands[1][0] + 40, hands[1][1] - 50)], sc.near, 6)
    sc.rect(hands[1][0] + 22, hands[1][1] - 70, hands[1][0] + 62, hands[1][1] - 45, sc.near)


def draw_blast_furnace(sc: Scene) -> None:
    """A tall tapered stack with skip incline, downcomer pipes and a glowing taphole."""
    sc.sky(stars=30)
    sc.skyline(sc.gy - 10, sc.far)
    gy, cx = sc.gy + 20, sc.cx - 40
    for k in range(3):
        sx = cx + 260 + k * 90
        sc.rect(sx, gy - 300, sx + 70, gy, sc.far)
        sc.ellipse(sx + 35, gy - 300, 35, 30, sc.far)
    sc.chimney(cx + 560, gy, 40, 430, sc.far)
    sc.ground()
    prof = [(0, 70), (60, 70), (130, 88), (150, 88), (320, 52), (345, 50)]
    sc.poly(lathe(prof, cx, gy), sc.body)
    sc.poly([*[(cx - r, gy - s) for s, r in prof], (cx - 22, gy - 345), (cx - 28, gy)], sc.lit)
    for s in range(30, 340, 26):
        r = radius_at(prof, s)
        sc.line([(cx - r - 2, gy - s), (cx + r + 2, gy - s)], rgba(sc.near, 120), 2.5)
    for x in (cx - 120, cx - 70, cx + 70, cx + 120):
        sc.line([(x, gy), (cx + (x - cx) * 0.75, gy - 350)], sc.near, 6)
    top = gy - 350
    sc.rect(cx - 120, top - 10, cx + 120, top, sc.near)
    sc.line([(cx - 120, top - 32), (cx + 120, top - 32)], sc.near, 2.5)
    for x in range(int(cx - 120), int(cx + 121), 24):
        sc.line([(x, top - 32), (x, top - 10)], sc.near, 2)
    sc.poly(
        [(cx - 46, top - 10), (cx - 34, top - 70), (cx + 34, top - 70), (cx + 46, top - 10)], sc.mid
    )
    sc.poly(
        [(cx - 46, top - 10), (cx - 34, top - 70), (cx - 14, top - 70), (cx - 20, top - 10)],
        rgba(sc.lit, 110),
    )
    sc.poly([(cx - 20, top - 70), (cx, top - 120), (cx + 20, top - 70)], sc.near)
    for side in (-1, 1):
        pipe = spline(
            [
                (cx + side * 40, top - 40),
                (cx + side * 50, top - 100),
                (cx + side * 28, top - 140),
                (cx, top - 150),
            ],
            8,
        )
        sc.line(pipe, sc.body, 18)
        sc.line([(x - 5, y) for x, y in pipe], rgba(sc.lit, 150), 4)
    sc.rect(cx - 6, top - 180, cx + 6, top - 145, sc.near)
    sc.flame(cx, top - 180, -95 + sc.rng.uniform(-10, 10), 50, 12)
    dc = spline(
        [(cx + 10, top - 145), (cx - 120, top - 120), (cx - 220, top - 30), (cx - 250, gy - 250)],
        10,
    )
    sc.line(dc, sc.body, 24)
    sc.line([(x - 8, y - 4) for x, y in dc], rgba(sc.lit, 140), 5)
    dx = cx - 250
    sc.rect(dx - 44, gy - 250, dx + 44, gy - 120, sc.body)
    sc.rect(dx - 44, gy - 250, dx - 16, gy - 120, sc.lit)
    sc.ellipse(dx, gy - 250, 44, 16, sc.body)
    sc.poly(
        [(dx - 44, gy - 120), (dx + 44, gy - 120), (dx + 8, gy - 60), (dx - 8, gy - 60)], sc.body
    )
    for x in (dx - 40, dx + 40):
        sc.line([(x, gy - 140), (x, gy)], sc.near, 6)
    sc.line([(dx, gy - 60), (dx, gy - 30)], sc.near, 8)
    sk0, sk1 = (cx + 470, gy), (cx + 40, top - 60)
    sc.truss(sk0, sk1, 26, sc.near, 3.5, 16)
    sc.poly(rotate([(-22, -16), (22, -16), (22, 16), (-22, 16)], cx + 220, top + 150, -47), sc.lit)
    sc.poly(
        [(cx + 30, top - 90), (cx + 80, top - 90), (cx + 70, top - 40), (cx + 30, top - 40)],
        sc.near,
    )
    sc.circle(cx + 55, top - 92, 12, sc.mid)
    sc.poly(
        [
            (cx - 220, gy - 100),
            (cx, gy - 150),
            (cx + 230, gy - 100),
            (cx + 230, gy),
            (cx - 220, gy),
        ],
        sc.mid,
    )
    sc.line([(cx - 220, gy - 100), (cx, gy - 150), (cx + 230, gy - 100)], rgba(sc.rim, 120), 3)
    sc.rect(cx - 60, gy - 90, cx + 80, gy, sc.near)
    sc.flush_glow()
    tx, ty = cx + 10, gy - 30
    sc.ellipse(tx, ty, 18, 12, hot(0.0))
    sc.glow(tx, ty, 200, hot(0.45), 255)
    run = [(tx, ty + 6), (tx + 30, gy + 30), (tx + 260, gy + 60), (tx + 420, gy + 70)]
    sc.line(spline(run, 8), hot(0.2), 9)
    sc.line(spline(run, 8), hot(0.0), 3)
    for k in range(6):
        t = k / 5
        sc.glow(tx + 420 * t, gy + 40 * t + 20, 70, hot(0.5), 150)
    sc.sparks(tx, ty, -100, 50, 360, 90, gravity=500)
    lx = tx + 460
    sc.poly(
        [(lx - 70, gy + 40), (lx + 70, gy + 40), (lx + 55, gy + 130), (lx - 55, gy + 130)], sc.body
    )
    sc.poly(
        [(lx - 70, gy + 40), (lx - 30, gy + 40), (lx - 20, gy + 130), (lx - 55, gy + 130)], sc.lit
    )
    sc.ellipse(lx, gy + 40, 70, 12, hot(0.25))
    sc.glow(lx, gy + 30, 120, hot(0.45), 200)
    sc.figure(tx - 130, gy + 90, 120, mix(sc.near, (0, 0, 0), 0.4), arms=(35, 25), helmet=sc.lit)


def draw_charcoal(sc: Scene) -> None:
    """A smoking charcoal clamp in the forest, log stacks and the collier with his rake."""
    sc.sky(stars=20)
    for layer, col in ((0, sc.far), (1, sc.mid)):
        for _ in range(26 if layer == 0 else 14):
            tx = sc.rng.uniform(-20, W + 20)
            th = sc.rng.uniform(160, 280) * (0.8 + 0.4 * layer)
            base = sc.gy + 6 * layer
            if layer and abs(tx - sc.cx) < 320:
                continue
            for k in range(5):
                yy = base - th * (0.15 + 0.17 * k)
                ww = th * 0.28 * (1 - 0.17 * k)
                sc.poly(
                    [(tx - ww, yy + th * 0.18), (tx, yy - th * 0.16), (tx + ww, yy + th * 0.18)],
                    col,
                )
            sc.rect(tx - 4, base - th * 0.15, tx + 4, base + 2, col)
    sc.ground()
    cx, gy = sc.cx, sc.gy + 30
    earth_d = mix(sc.body, (70, 55, 40), 0.4)
    earth_l = mix(sc.lit, (120, 95, 70), 0.45)
    dome = [
        (cx + 250 * math.cos(math.radians(a)), gy - 170 * math.sin(math.radians(a)))
        for a in range(0, 181, 6)
    ]
    sc.poly(dome, earth_d)
    lit = [
        (cx + 250 * math.cos(math.radians(a)), gy - 170 * math.sin(math.radians(a)))
        for a in range(90, 181, 6)
    ]
    sc.poly([*lit, (cx - 80, gy), (cx - 30, gy - 170)], earth_l)
    for k in range(1, 6):
        f = k / 6
        sc.arc(
            cx,
            gy,
            250 * math.sqrt(1 - f * f) + 2,
            170 * math.sqrt(1 - f * f) + 2,
            180,
            360,
            rgba(sc.near, 60),
            2,
        )
        sc.line(
            [
                (cx - 250 * math.sqrt(1 - f * f), gy - 170 * f),
                (cx + 250 * math.sqrt(1 - f * f), gy - 170 * f),
            ],
            rgba(sc.near, 50),
            2,
        )
    for _ in range(9):
        a = math.radians(sc.rng.uniform(25, 155))
        rr = sc.rng.uniform(0.55, 0.9)
        vx, vy = cx + 250 * rr * math.cos(a), gy - 170 * rr * math.sin(a)
        sc.ellipse(vx, vy, 7, 5, hot(0.3))
        sc.glow(vx, vy, 30, hot(0.45), 200)
        sc.smoke(vx, vy - 6, 6, sc.rng.uniform(20, 60), -90, 5, 20, (200, 196, 190), 50)
    sc.smoke(cx, gy - 175, 18, 260, -420, 18, 110, mix((200, 196, 190), sc.accent, 0.1), 85)
    wx = cx + 380
    for row in range(4):
        for k in range(5 - row):
            lx = wx + k * 38 + row * 19
            ly = gy - 18 - row * 34
            sc.circle(lx, ly, 18, mix(sc.body, (110, 80, 50), 0.4))
            sc.circle(lx, ly, 12, mix(sc.lit, (170, 130, 90), 0.4))
            sc.circle(lx, ly, 4, mix(sc.body, (110, 80, 50), 0.4))
    hx = cx - 430
    sc.poly([(hx - 70, gy), (hx, gy - 170), (hx + 70, gy)], sc.mid)
    sc.poly([(hx - 16, gy), (hx, gy - 50), (hx + 16, gy)], sc.near)
    sc.glow(hx, gy - 20, 30, hot(0.5), 150)
    hands = sc.figure(cx - 300, gy + 20, 150, sc.near, arms=(20, 40), lean=0.03)
    sc.line(
        [(hands[0][0] - 30, hands[0][1] - 40), (hands[1][0] + 110, hands[1][1] + 70)], sc.near, 5
    )
    sc.line(
        [(hands[1][0] + 100, hands[1][1] + 80), (hands[1][0] + 125, hands[1][1] + 58)], sc.near, 6
    )


def draw_coke(sc: Scene) -> None:
    """A battery of coke ovens pushing glowing coke into a quench car; steam from the tower."""
    sc.sky(stars=20)
    sc.skyline(sc.gy - 10, sc.far)
    sc.ground()
    gy = sc.gy + 20
    x0, x1 = sc.cx - 560, sc.cx + 250
    top = gy - 250
    brick = mix(sc.body, (110, 60, 45), 0.3)
    sc.rect(x0, top, x1, gy - 40, brick)
    sc.rect(x0, top, x1, top + 26, sc.lit)
    sc.rect(x0, top - 40, x1, top, sc.near)
    sc.rect(x0 + 150, top - 90, x0 + 300, top - 40, sc.mid)
    sc.circle(x0 + 175, top - 40, 10, sc.near)
    sc.circle(x0 + 275, top - 40, 10, sc.near)
    n = 16
    step = (x1 - x0) / n
    hotdoor = n - 4
    for i in range(n):
        dx0 = x0 + i * step + 8
        if i == hotdoor:
            sc.rect(dx0, top + 34, dx0 + step - 16, gy - 50, hot(0.15))
            sc.glow((dx0 + dx0 + step - 16) / 2, (top + gy) / 2, 80, hot(0.35))
            continue
        sc.rect(dx0, top + 34, dx0 + step - 16, gy - 50, mix(sc.mid, sc.near, 0.3))
        sc.rect(dx0 + 4, top + 40, dx0 + 10, gy - 56, rgba(sc.rim, 60))
        sc.rect(dx0 - 8, top + 26, dx0 - 2, gy - 40, sc.near)
        gx = dx0 + (step - 16) / 2
        sc.line([(gx, top + 34), (gx, gy - 50)], rgba(hot(0.5), 80), 1.5)
    sc.chimney(x0 - 40, gy - 40, 60, 480, sc.mid)
    sc.rect(x0 - 80, gy - 40, x1 + 420, gy - 30, sc.near)
    hx = x0 + hotdoor * step + step / 2
    car_x0 = hx - 130
    sc.rect(car_x0, gy - 40, car_x0 + 260, gy + 30, sc.near)
    pile = [(car_x0 + 10, gy - 40)]
    for k in range(11):
        pile.append(
            (
                car_x0 + 10 + k * 24,
                gy - 40 - 40 * math.sin(math.pi * k / 10) - sc.rng.uniform(0, 12),
            )
        )
    pile.append((car_x0 + 250, gy - 40))
    sc.poly(pile, hot(0.4))
    for _ in range(30):
        px = car_x0 + sc.rng.uniform(20, 240)
        sc.circle(
            px, gy - 40 - sc.rng.uniform(0, 30), sc.rng.uniform(3, 7), hot(sc.rng.uniform(0.0, 0.3))
        )
    sc.glow(hx, gy - 50, 150, hot(0.4), 220)
    sc.sparks(hx, gy - 80, -90, 60, 260, 60)
    sc.smoke(hx, gy - 140, 12, 100, -300, 20, 80, mix(sc.far, hot(0.6), 0.2), 70)
    for w in (car_x0 + 40, car_x0 + 220):
        sc.circle(w, gy + 34, 16, sc.mid)
    tx = x1 + 210
    sc.poly(
        [(tx - 60, gy - 30), (tx - 50, gy - 360), (tx + 50, gy - 360), (tx + 60, gy - 30)], sc.mid
    )
    sc.rect(tx - 50, gy - 360, tx - 20, gy - 30, rgba(sc.lit, 90))
    sc.steam(tx, gy - 380, 230, 360, mix((230, 232, 235), sc.sky1, 0.15), 150)


def draw_crucible(sc: Scene) -> None:
    """A worker lifting a white-hot crucible with long tongs out of a pit furnace."""
    sc.hall()
    gy = sc.gy
    cx = sc.cx
    for i in range(-3, 4):
        px = cx + i * 150
        w = 56
        pts = [
            (px - w, gy + 60),
            (px + w, gy + 60),
            (px + w + 20, gy + 110),
            (px - w - 20, gy + 110),
        ]
        if i == 0:
            sc.poly(pts, hot(0.1))
            sc.glow(px, gy + 85, 130, hot(0.3), 255)
        else:
            sc.poly(pts, mix(sc.mid, sc.lit, 0.2))
            sc.poly(
                [
                    (px - w + 8, gy + 64),
                    (px + w - 8, gy + 64),
                    (px + w + 10, gy + 104),
                    (px - w - 10, gy + 104),
                ],
                rgba(hot(0.5), 70) if i % 2 else sc.near,
            )
    sc.flush_glow()
    crx, cry = cx + 10, gy - 80
    prof = [(0, 42), (110, 54), (118, 56)]
    sc.poly(lathe(prof, crx, cry), hot(0.15))
    sc.poly(
        [(crx - 42, cry), (crx - 54, cry - 110), (crx - 20, cry - 110), (crx - 14, cry)], hot(0.02)
    )
    sc.ellipse(crx, cry - 116, 56, 10, hot(0.35))
    sc.glow(crx, cry - 55, 120, hot(0.25), 255)
    sc.sparks(crx, cry - 110, -90, 50, 200, 30)
    sc.sparks(crx, gy + 70, -90, 40, 280, 40)
    fx = cx + 260
    hands = sc.figure(fx, gy + 90, 230, sc.near, arms=(190, 200), lean=-0.05)
    sc.line([hands[0], (crx + 40, cry - 70)], sc.near, 7)
    sc.line([hands[1], (crx + 52, cry - 50)], sc.near, 7)
    sc.line([(crx + 40, cry - 70), (crx - 55, cry - 80)], sc.near, 6)
    sc.line([(crx + 52, cry - 50), (crx - 52, cry - 40)], sc.near, 6)
    for k in range(5):
        mx = cx - 420 + k * 46
        sc.rect(mx, gy - 150, mx + 30, gy + 40, sc.mid)
        sc.rect(mx, gy - 150, mx + 10, gy + 40, rgba(sc.rim, 70))
    sc.figure(cx - 200, gy + 60, 170, mix(sc.near, sc.mid, 0.4), arms=(80, 110))


def draw_puddling(sc: Scene) -> None:
    """A reverberatory puddling furnace, the puddler's rabble in the door, a steam hammer."""
    sc.hall()
    gy, cx = sc.gy, sc.cx
    hx = cx + 380
    sc.poly([(hx - 110, gy), (hx - 60, gy - 330), (hx + 60, gy - 330), (hx + 110, gy)], sc.mid)
    sc.rect(hx - 90, gy - 380, hx + 90, gy - 320, sc.mid)
    sc.rect(hx - 16, gy - 320, hx + 16, gy - 120, mix(sc.mid, sc.near, 0.4))
    sc.rect(hx - 60, gy - 120, hx + 60, gy - 90, sc.mid)
    sc.rect(hx - 90, gy - 40, hx + 90, gy, sc.mid)
    fx0, fx1 = cx - 380, cx + 180
    brick = mix(sc.body, (120, 64, 44), 0.3)
    sc.poly(
        [
            (fx0, gy),
            (fx0, gy - 190),
            (fx0 + 60, gy - 230),
            (fx1 - 30, gy - 230),
            (fx1, gy - 200),
            (fx1, gy),
        ],
        brick,
    )
    sc.rect(fx0, gy - 190, fx1, gy - 170, sc.lit)
    sc.rect(fx0 + 30, gy - 650, fx0 + 120, gy - 200, brick)
    sc.rect(fx0 + 30, gy - 650, fx0 + 60, gy - 200, sc.lit)
    for k in range(7):
        bx = fx0 + 10 + k * (fx1 - fx0 - 20) / 6
        sc.rect(bx - 6, gy - 235, bx + 6, gy, sc.near)
    for row in range(8):
        y = gy - 20 - row * 20
        sc.line([(fx0, y), (fx1, y)], rgba(sc.near, 60), 1.5)
    dx, dy = cx - 60, gy - 110
    sc.rect(dx - 60, dy - 50, dx + 60, dy + 40, sc.near)
    sc.rect(dx - 44, dy - 36, dx + 44, dy + 30, hot(0.08))
    sc.glow(dx, dy, 140, hot(0.3), 255)
    sc.flame(dx, dy - 40, -95, 70, 24, 180)
    sc.flush_glow()
    hands = sc.figure(cx + 140, gy + 70, 200, sc.near, arms=(175, 165), lean=-0.1)
    sc.line([(hands[1][0] + 40, hands[1][1] + 8), (dx - 10, dy + 12)], sc.near, 6)
    sc.sparks(dx + 20, dy, -60, 40, 260, 50)
    bx, by = cx - 520, gy + 70
    sc.circle(bx, by - 40, 40, hot(0.25))
    sc.circle(bx - 8, by - 48, 22, hot(0.05))
    sc.glow(bx, by - 40, 80, hot(0.4))
    sc.line([(bx - 60, by), (bx + 70, by)], sc.near, 8)
    sc.circle(bx - 30, by + 16, 16, sc.near)


def draw_rolling_mill(sc: Scene) -> None:
    """Two heavy rolls in their housing squeezing a red-hot bar; roller tables and a flywheel."""
    sc.hall()
    gy, cx = sc.gy, sc.cx
    wx, wy, wr = cx - 360, gy - 250, 230
    sc.circle(wx, wy, wr, sc.mid)
    sc.circle(wx, wy, wr - 26, mix(sc.base, sc.accent, 0.14))
    for k in range(8):
        a = math.radians(k * 45 + 10)
        sc.line(
            [(wx, wy), (wx + math.cos(a) * (wr - 20), wy + math.sin(a) * (wr - 20))], sc.mid, 16
        )
    sc.circle(wx, wy, 40, sc.mid)
    sc.arc(wx, wy, wr - 8, wr - 8, 180, 260, rgba(sc.rim, 90), 4)
    sc.line([(wx, wy), (cx, gy - 240)], sc.mid, 30)
    by = gy - 200
    hw = 124
    sc.rect(cx - hw, gy - 440, cx + hw, gy - 10, sc.body)
    sc.rect(cx - hw, gy - 440, cx - hw + 36, gy - 10, sc.lit)
    sc.rect(cx - hw, gy - 440, cx + hw, gy - 432, rgba(sc.rim, 110))
    sc.rect(cx - 86, gy - 410, cx + 86, gy - 30, mix(sc.near, (0, 0, 0), 0.3))
    for ry in (by - 80, by + 80):
        sc.rect(cx - 86, ry - 30, cx + 86, ry + 30, sc.mid)
    sc.rect(cx - 16, gy - 520, cx + 16, gy - 440, sc.near)
    sc.ellipse(cx, gy - 520, 60, 12, sc.near)
    sc.rect(cx - hw - 30, gy - 30, cx + hw + 30, gy, sc.near)
    r = 74
    for ry in (by - r - 6, by + r + 6):
        sc.circle(cx, ry, r, STEEL_DARK)
        sc.circle(cx, ry, r - 6, mix(STEEL_DARK, STEEL, 0.5))
        sc.arc(cx, ry, r - 14, r - 14, 190, 280, rgba(STEEL_LIT, 200), 6)
        sc.circle(cx, ry, 18, STEEL_DARK)
    for side in (-1, 1):
        for k in range(1, 7):
            rx = cx + side * (100 + k * 82)
            sc.circle(rx, by + 20, 16, sc.mid)
            sc.circle(rx - 4, by + 16, 6, rgba(sc.rim, 90))
        sc.rect(
            cx + side * 120 if side > 0 else cx - 640,
            by + 34,
            cx + 640 if side > 0 else cx - 120,
            by + 50,
            sc.near,
        )
    sc.flush_glow()
    thin, thick = 8, 22
    sc.gpoly(
        [
            (cx - 700, by - thick / 2),
            (cx, by - thin / 2),
            (cx, by + thin / 2),
            (cx - 700, by + thick / 2),
        ],
        [hot(0.5), hot(0.15)],
        horizontal=True,
    )
    sc.gpoly(
        [
            (cx, by - thin / 2),
            (cx + 700, by - thin / 2),
            (cx + 700, by + thin / 2),
            (cx, by + thin / 2),
        ],
        [hot(0.15), hot(0.6)],
        horizontal=True,
    )
    sc.glow_poly(
        [(cx - 700, by - 14), (cx + 700, by - 6), (cx + 700, by + 6), (cx - 700, by + 14)], hot(0.4)
    )
    sc.glow(cx, by, 70, hot(0.25))
    sc.sparks(cx - 10, by, -120, 40, 260, 50)
    sc.sparks(cx + 10, by, -60, 30, 200, 30)
    hands = sc.figure(cx - 330, gy + 90, 200, sc.near, arms=(20, 10), lean=0.05)
    sc.line([hands[1], (cx - 170, by + 6)], sc.near, 6)


def draw_hot_blast_stove(sc: Scene) -> None:
    """Three tall domed Cowper stoves with the hot-blast main, beside a blast furnace."""
    sc.sky(stars=30)
    sc.skyline(sc.gy, sc.far, smoke=False)
    sc.ground()
    gy, cx = sc.gy + 10, sc.cx - 80
    fx = cx + 440
    sc.chimney(cx - 380, gy, 50, 540, sc.far)
    prof = [(0, 66), (80, 66), (150, 84), (380, 50), (410, 48)]
    sc.poly(lathe(prof, fx, gy), sc.body)
    sc.poly(
        [*[(fx - r, gy - s) for s, r in prof], (fx - 20, gy - 410), (fx - 26, gy)],
        mix(sc.body, sc.lit, 0.6),
    )
    sc.rect(fx - 70, gy - 418, fx + 70, gy - 410, sc.near)
    sc.flame(fx, gy - 420, -90, 60, 16)
    for k in range(3):
        x = cx - 250 + k * 160
        w, h = 124, 380
        sc.cylinder(x - w / 2, gy - h, x + w / 2, gy, sc.body, sc.lit)
        dome = [
            (
                x + w / 2 * math.cos(math.radians(a)),
                gy - h - w / 2 * 0.95 * math.sin(math.radians(a)),
            )
            for a in range(0, 181, 5)
        ]
        sc.poly(dome, sc.body)
        lit_dome = [
            (
                x + w / 2 * math.cos(math.radians(a)),
                gy - h - w / 2 * 0.95 * math.sin(math.radians(a)),
            )
            for a in range(110, 181, 5)
        ]
        sc.poly([*lit_dome, (x - w / 2 + w * 0.38, gy - h)], sc.lit)
        for yy in range(int(gy - h + 40), int(gy), 46):
            sc.line([(x - w / 2, yy), (x + w / 2, yy)], rgba(sc.near, 90), 2)
        sc.rect(x - 8, gy - h - w * 0.47 - 30, x + 8, gy - h - w * 0.47 + 2, sc.near)
        sc.rect(x - 30, gy - 70, x + 30, gy - 24, sc.near)
        sc.circle(x, gy - 47, 9, hot(0.15))
        sc.glow(x, gy - 47, 40, hot(0.4), 220)
        sc.rect(x + w / 2 - 4, gy - 162, x + w / 2 + 36, gy - 134, sc.near)
    main_y = gy - 148
    sc.line([(cx - 190, main_y), (fx - 110, main_y)], sc.near, 28)
    sc.line([(cx - 190, main_y - 10), (fx - 110, main_y - 10)], rgba(sc.lit, 160), 4)
    for k in range(6):
        fl = cx - 150 + k * 100
        sc.rect(fl, main_y - 17, fl + 8, main_y + 17, sc.near)
    sc.ellipse(fx, main_y, 112, 22, outline=sc.near, width=16)
    sc.arc(fx, main_y, 112, 22, 180, 360, rgba(sc.lit, 160), 3)
    for k in range(-2, 3):
        tx = fx + k * 40
        sc.line([(tx, main_y + 18), (fx + k * 30, gy - 40)], sc.near, 5)
    sc.glow(fx, gy - 40, 80, hot(0.35), 220)
    sc.rect(cx - 330, gy - 16, fx + 200, gy, sc.near)


def draw_converter(sc: Scene) -> None:
    """A pear-shaped Bessemer converter on trunnions, tilted, blowing a fountain of sparks."""
    sc.sky(stars=10, sun=False)
    sc.grect(0, 0, W, sc.gy, [mix(sc.base, sc.accent, 0.05), mix(sc.base, hot(0.6), 0.25)])
    sc.skyline(sc.gy, sc.far, smoke=False)
    sc.ground()
    gy, cx = sc.gy + 20, sc.cx - 80
    px, py = cx, gy - 250
    tilt = 55 + sc.rng.uniform(-6, 6)
    prof = [
        (-170, 0),
        (-168, 50),
        (-150, 100),
        (-100, 130),
        (-20, 136),
        (50, 128),
        (110, 96),
        (150, 62),
        (175, 48),
        (190, 50),
    ]
    smooth = spline(prof, 6)
    sc.vessel(smooth, px, py, tilt, sc.body, sc.lit, bands=6)
    band = rotate([(-150, -20), (150, -20), (150, 22), (-150, 22)], px, py, tilt)
    sc.poly(band, sc.mid)
    mouth = rotate([(0, -190)], px, py, tilt)[0]
    sc.ellipse(mouth[0], mouth[1], 30, 30, hot(0.05))
    ang = tilt - 90
    sc.flush_glow()
    sc.flame(mouth[0], mouth[1], ang - 10, 340, 90, 210)
    sc.sparks(mouth[0], mouth[1], ang - 8, 28, 760, 260, gravity=520, size=1.3)
    sc.glow(mouth[0], mouth[1], 200, hot(0.4), 255)
    sc.glow(mouth[0] + 150, mouth[1] - 120, 260, hot(0.6), 150)
    sc.poly([(px - 70, gy), (px - 36, py), (px + 36, py), (px + 70, gy)], sc.near)
    sc.circle(px, py, 44, sc.near)
    sc.circle(px, py, 26, sc.mid)
    sc.circle(px, py, 8, sc.near)
    sc.rect(px - 120, gy - 20, px + 120, gy, sc.near)
    lx = mouth[0] + 380
    sc.poly(
        [(lx - 80, gy - 150), (lx + 80, gy - 150), (lx + 60, gy - 20), (lx - 60, gy - 20)], sc.mid
    )
    sc.ellipse(lx, gy - 150, 80, 14, hot(0.3))
    sc.rect(lx - 90, gy - 20, lx + 90, gy, sc.near)
    sc.figure(px - 300, gy, 150, sc.near, arms=(60, 30), helmet=sc.lit)


def draw_open_hearth(sc: Scene) -> None:
    """A Siemens-Martin furnace front: a row of arched doors glowing, the charging machine."""
    sc.hall()
    gy = sc.gy - 20
    x0, x1 = 60, 1220
    top = gy - 280
    brick = mix(sc.body, (120, 64, 44), 0.25)
    sc.rect(x0, top, x1, gy - 60, brick)
    sc.rect(x0, top, x1, top + 20, sc.lit)
    sc.poly([(x0, top), (x0 + 40, top - 60), (x1 - 40, top - 60), (x1, top)], sc.mid)
    sc.rect(x0 - 20, gy - 60, x1 + 20, gy - 40, sc.near)
    for c in (x0 + 80, x1 - 80):
        sc.rect(c - 40, 0, c + 40, top - 40, sc.mid)
        sc.rect(c - 40, 0, c - 20, top - 40, rgba(sc.lit, 100))
    n = 5
    step = (x1 - x0) / n
    open_i = sc.rng.randint(1, 2)
    for i in range(n):
        dx = x0 + step * (i + 0.5)
        sc.rect(dx - step / 2 + 4, top + 20, dx - step / 2 + 18, gy - 60, sc.near)
        w, h = 70, 120
        door = [
            (dx - w, gy - 60),
            (dx - w, gy - 60 - h),
            *[
                (dx + w * math.cos(math.radians(a)), gy - 60 - h - 40 * math.sin(math.radians(a)))
                for a in range(180, -1, -10)
            ],
            (dx + w, gy - 60),
        ]
        if i == open_i:
            sc.poly(door, hot(0.05))
            sc.glow(dx, gy - 130, 200, hot(0.3), 255)
        else:
            sc.poly(door, mix(sc.mid, sc.near, 0.2))
            sc.poly([(x + (dx - x) * 0.12, y + (gy - 140 - y) * 0.12) for x, y in door], sc.body)
            sc.circle(dx, gy - 150, 12, hot(0.1))
            sc.glow(dx, gy - 150, 40, hot(0.3))
            sc.line([(dx - w, gy - 62), (dx + w, gy - 62)], hot(0.3), 3)
            sc.glow(dx, gy - 64, 60, hot(0.5), 150)
    sc.flush_glow()
    ox = x0 + step * (open_i + 0.5)
    sc.flame(ox, gy - 200, -90, 90, 40, 200)
    arm_y = gy - 140
    sc.rect(ox + 20, arm_y - 10, ox + 420, arm_y + 10, sc.near)
    sc.rect(ox - 30, arm_y - 30, ox + 30, arm_y + 30, mix(sc.near, hot(0.5), 0.2))
    sc.rect(ox + 300, arm_y - 80, ox + 480, gy + 60, sc.near)
    sc.rect(ox + 320, arm_y - 60, ox + 380, arm_y - 20, rgba(hot(0.5), 120))
    sc.rect(ox + 270, gy + 40, ox + 510, gy + 70, sc.near)
    for k in range(3):
        sc.circle(ox + 300 + k * 90, gy + 74, 14, sc.mid)
    sc.sparks(ox, gy - 120, -70, 40, 250, 40)
    sc.figure(ox - 250, gy + 100, 180, sc.near, arms=(100, 60), helmet=sc.lit)


def draw_electric_arc(sc: Scene) -> None:
    """An electric arc furnace: round shell, domed roof, three electrodes and blazing arc light."""
    sc.hall()
    gy, cx = sc.gy, sc.cx - 40
    top = gy - 200
    mast = cx + 330
    sc.rect(mast - 30, gy - 560, mast + 30, gy, sc.near)
    sc.rect(mast - 30, gy - 560, mast - 14, gy, rgba(sc.rim, 40))
    for side in (-1, 1):
        rx = cx + side * 130
        sc.poly(
            [
                (rx - 90, gy - 40),
                (rx + 90, gy - 40),
                *[
                    (rx + 90 * math.cos(math.radians(a)), gy - 40 + 40 * math.sin(math.radians(a)))
                    for a in range(0, 181, 15)
                ],
            ],
            sc.near,
        )
    sc.rect(cx - 300, gy - 4, cx + 300, gy + 8, sc.near)
    bottom = [
        (cx + 225 * math.cos(math.radians(a)), gy - 70 + 36 * math.sin(math.radians(a)))
        for a in range(0, 181, 10)
    ]
    shell = [(cx - 230, top), (cx + 230, top), (cx + 225, gy - 70), *bottom, (cx - 225, gy - 70)]
    sc.poly(shell, sc.body)
    sc.poly([(cx - 230, top), (cx - 120, top), (cx - 118, gy - 40), (cx - 225, gy - 70)], sc.lit)
    for k in range(1, 9):
        x = cx - 230 + k * 51
        sc.line([(x, top + 8), (x, gy - 50)], rgba(sc.near, 90), 2)
    sc.line([(cx - 230, top + 2), (cx + 230, top + 2)], rgba(sc.rim, 120), 3)
    sc.ellipse(cx, top, 246, 26, sc.mid)
    roof = [
        (cx + 210 * math.cos(math.radians(a)), top - 8 - 62 * math.sin(math.radians(a)))
        for a in range(0, 181, 6)
    ]
    sc.poly(roof, mix(sc.mid, sc.lit, 0.3))
    sc.poly([*roof[len(roof) // 2 :], (cx - 60, top - 8)], mix(sc.mid, sc.lit, 0.55))
    sc.glow(cx, top - 60, 200, (190, 210, 255), 160)
    xs = (cx - 80, cx, cx + 80)
    for k, ex in enumerate(xs):
        et = gy - 540 + (40 if k == 1 else 0)
        ey = top - 60 + (8 if k != 1 else -2)
        sc.rect(ex - 20, et, ex + 20, ey, mix(STEEL_DARK, (40, 40, 44), 0.3))
        sc.rect(ex - 20, et, ex - 10, ey, STEEL)
        for j in range(1, 4):
            sc.line([(ex - 20, et + j * 70), (ex + 20, et + j * 70)], rgba(sc.near, 160), 2)
        sc.ellipse(ex, ey, 28, 9, (255, 255, 245))
        sc.glow(ex, ey, 60, (225, 235, 255), 255, soft=False)
        sc.glow(ex, ey, 110, (160, 190, 255), 200)
        ay = et + 40 + k * 30
        sc.rect(ex - 34, ay - 16, mast, ay + 16, sc.near)
        sc.rect(ex - 34, ay - 16, mast, ay - 10, rgba(sc.rim, 70))
        cable = spline(
            [(mast, ay), (mast + 90, ay + 140 + k * 30), (mast + 220, ay + 40), (W + 40, ay - 30)],
            10,
        )
        sc.line(cable, sc.near, 12)
        sc.sparks(ex, ey - 6, -90, 70, 280, 26)
    door = [
        (cx - 46, gy - 80),
        (cx - 46, top + 110),
        (cx - 30, top + 92),
        (cx + 30, top + 92),
        (cx + 46, top + 110),
        (cx + 46, gy - 80),
    ]
    sc.poly(door, sc.near)
    sc.gpoly([(x * 0.8 + cx * 0.2, y + 6) for x, y in door], [hot(0.05), hot(0.35)])
    sc.glow(cx, gy - 120, 100, hot(0.35), 220)
    sc.sparks(cx, gy - 110, -30, 30, 320, 40)
    sc.figure(cx - 390, gy + 80, 190, sc.near, arms=(110, 60), helmet=sc.lit)


def draw_stainless(sc: Scene) -> None:
    """Stainless cutlery — spoon, fork and knife — with mirror reflections."""
    cx, cy = sc.cx, 380
    sc.studio(cx, cy)
    steel_d, steel_m, steel_l = STEEL_DARK, mix(STEEL, sc.accent, 0.12), STEEL_LIT

    def shadow(ang: float, dx: float) -> None:
        sc.ellipse(cx + dx + 40, sc.gy + 40, 240, 18, rgba((0, 0, 0), 90))

    # knife
    kx, ang = cx + 200, 14
    blade = [(-22, -300), (8, -320), (26, -260), (22, 20), (-22, 20)]
    handle = [(-20, 20), (20, 20), (18, 300), (0, 312), (-18, 300)]
    sc.poly(rotate(handle, kx, cy + 40, ang), steel_d)
    sc.poly(rotate([(-20, 20), (-4, 20), (-4, 306), (-18, 300)], kx, cy + 40, ang), steel_m)
    sc.poly(rotate(blade, kx, cy + 40, ang), steel_m)
    sc.poly(rotate([(-22, -300), (8, -320), (2, 20), (-22, 20)], kx, cy + 40, ang), steel_l)
    sc.line(rotate([(-14, -260), (-14, 0)], kx, cy + 40, ang), rgba((255, 255, 255), 180), 3)
    # fork
    fx, ang = cx - 200, -14
    head = [
        (-46, -320),
        (46, -320),
        (46, -200),
        (12, -150),
        (12, 20),
        (-12, 20),
        (-12, -150),
        (-46, -200),
    ]
    sc.poly(rotate(head, fx, cy + 40, ang), steel_m)
    for k in range(3):
        gx = -30 + k * 30 + 15
        sc.poly(
            rotate(
                [(gx - 6, -330), (gx + 6, -330), (gx + 6, -230), (gx - 6, -230)], fx, cy + 40, ang
            ),
            sc.base,
        )
    sc.poly(
        rotate([(-22, 20), (22, 20), (26, 300), (0, 314), (-26, 300)], fx, cy + 40, ang), steel_d
    )
    sc.poly(rotate([(-22, 20), (0, 20), (0, 314), (-26, 300)], fx, cy + 40, ang), steel_l)
    sc.poly(rotate([(-46, -320), (-30, -320), (-30, -200), (-46, -200)], fx, cy + 40, ang), steel_l)
    # spoon
    sx, sy = cx, cy + 40
    sc.poly(
        [
            (sx - 20, sy - 80),
            (sx + 20, sy - 80),
            (sx + 28, sy + 300),
            (sx, sy + 316),
            (sx - 28, sy + 300),
        ],
        steel_d,
    )
    sc.poly([(sx - 20, sy - 80), (sx, sy - 80), (sx, sy + 316), (sx - 28, sy + 300)], steel_m)
    sc.line([(sx - 12, sy - 40), (sx - 16, sy + 290)], rgba((255, 255, 255), 150), 3)
    sc.ellipse(sx, sy - 200, 92, 140, steel_d)
    sc.ellipse(sx - 6, sy - 206, 80, 128, steel_m)
    sc.ellipse(sx - 14, sy - 214, 58, 100, steel_l)
    sc.ellipse(sx + 14, sy - 168, 40, 80, rgba(steel_d, 160))
    sc.poly(
        [(sx + 22, sy - 150), (sx + 46, sy - 170), (sx + 40, sy - 110), (sx + 22, sy - 96)],
        rgba(hot(0.3), 190),
    )
    sc.glow(sx + 32, sy - 135, 40, hot(0.35), 200, soft=False)
    sc.line(
        [(sx - 56, sy - 250), (sx - 40, sy - 300)], rgba((255, 255, 255), 220), 5, round_caps=True
    )
    sc.circle(sx - 30, sy - 290, 6, (255, 255, 255))
    for dx in (-200, 0, 200):
        shadow(0, dx)


def draw_continuous_casting(sc: Scene) -> None:
    """Ladle, tundish, mould and the glowing strand bending from vertical to horizontal."""
    sc.hall()
    gy = sc.gy + 30
    mx, my = sc.cx - 300, 300
    lx, ly = mx - 40, 110
    sc.poly(
        [(lx - 120, ly - 70), (lx + 120, ly - 70), (lx + 95, ly + 90), (lx - 95, ly + 90)], sc.body
    )
    sc.poly(
        [(lx - 120, ly - 70), (lx - 40, ly - 70), (lx - 30, ly + 90), (lx - 95, ly + 90)], sc.lit
    )
    sc.ellipse(lx, ly - 70, 120, 14, hot(0.4))
    sc.line([(lx - 130, ly - 40), (lx - 180, ly - 200)], sc.near, 20)
    sc.line([(lx + 10, ly + 90), (lx + 10, my - 70)], sc.near, 12)
    sc.poly(
        [(mx - 180, my - 80), (mx + 120, my - 80), (mx + 100, my - 20), (mx - 160, my - 20)], sc.mid
    )
    sc.rect(mx - 180, my - 90, mx + 120, my - 76, sc.lit)
    sc.rect(mx - 40, my - 20, mx + 40, my + 30, sc.near)
    R = gy - 50 - (my + 60)
    path: list[Point] = [(mx, my + 30 + t * 30) for t in range(2)]
    ccx, ccy = mx + R, my + 60
    for k in range(0, 91, 3):
        a = math.radians(180 - k)
        path.append((ccx + R * math.cos(a), ccy + R * math.sin(a) * 1.0))
    path[-1] = (ccx, ccy + R)
    for k in range(1, 12):
        path.append((ccx + k * 60, ccy + R))
    n = len(path)
    for i in range(n - 1):
        (x0, y0), (x1, y1) = path[i], path[i + 1]
        t = i / (n - 1)
        ln = math.hypot(x1 - x0, y1 - y0) or 1
        nx, ny = -(y1 - y0) / ln * 18, (x1 - x0) / ln * 18
        c = hot(0.1 + 0.85 * t) if t < 0.9 else mix(hot(0.95), STEEL_DARK, (t - 0.9) * 10)
        sc.poly([(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)], c)
        sc.line(
            [(x0 + nx * 0.5, y0 + ny * 0.5), (x1 + nx * 0.5, y1 + ny * 0.5)],
            rgba((255, 255, 230), round(120 * (1 - t))),
            2,
        )
        if i % 3 == 0:
            sc.glow((x0 + x1) / 2, (y0 + y1) / 2, 40, hot(0.3 + 0.6 * t), round(200 * (1 - t)))
    for i in range(2, n - 1, 3):
        (x0, y0), (x1, y1) = path[i], path[i + 1]
        ln = math.hypot(x1 - x0, y1 - y0) or 1
        nx, ny = -(y1 - y0) / ln, (x1 - x0) / ln
        for side in (-1, 1):
            rx, ry = x0 + nx * side * 32, y0 + ny * side * 32
            sc.circle(rx, ry, 12, sc.near)
            sc.circle(rx - 3, ry - 3, 4, rgba(sc.rim, 120))
    for k in range(0, 60, 10):
        a = math.radians(180 - k)
        qx, qy = ccx + (R + 50) * math.cos(a), ccy + (R + 50) * math.sin(a)
        sc.smoke(qx, qy, 5, -40, -60, 10, 30, (210, 220, 230), 40)
    ex = ccx + 12 * 60 - 60
    ey = ccy + R
    sc.flush_glow()
    sc.rect(ex - 40, ey - 120, ex - 30, ey - 20, sc.near)
    sc.rect(ex - 70, ey - 130, ex + 10, ey - 110, sc.near)
    sc.sparks(ex - 35, ey, 90, 50, 300, 70, gravity=400)
    sc.glow(ex - 35, ey, 50, hot(0.2), 255, soft=False)
    for k in range(3):
        sc.rect(
            ex + 60,
            gy + 20 - k * 22,
            ex + 300,
            gy + 40 - k * 22,
            mix(STEEL_DARK, hot(0.9), 0.3 - k * 0.1),
        )


def draw_oxygen_converter(sc: Scene) -> None:
    """An upright basic-oxygen converter with the water-cooled lance, hood and blazing mouth."""
    sc.hall()
    gy, cx = sc.gy + 10, sc.cx
    py = gy - 200
    prof = [
        (-210, 0),
        (-206, 70),
        (-186, 140),
        (-140, 172),
        (-60, 180),
        (60, 180),
        (100, 166),
        (160, 100),
        (190, 80),
        (196, 80),
    ]
    prof = [(v * 0.8, r * 0.8) for v, r in prof]
    sc.vessel(spline(prof, 5), cx, py, 0, sc.body, sc.lit, bands=7)
    sc.rect(cx - 162, py - 28, cx + 162, py + 28, sc.mid)
    sc.rect(cx - 162, py - 28, cx - 100, py + 28, mix(sc.mid, sc.lit, 0.5))
    sc.rect(cx - 162, py - 28, cx + 162, py - 23, rgba(sc.rim, 90))
    for side in (-1, 1):
        bx = cx + side * 240
        sc.rect(min(bx, cx + side * 160), py - 12, max(bx, cx + side * 160), py + 12, sc.near)
        sc.poly([(bx - 60, gy), (bx - 30, py), (bx + 30, py), (bx + 60, gy)], sc.near)
        sc.circle(bx, py, 44, sc.near)
        sc.circle(bx, py, 20, sc.mid)
        sc.circle(bx, py, 7, sc.near)
    mouth_y = py - 157
    sc.ellipse(cx, mouth_y, 80, 16, hot(0.05))
    sc.glow(cx, mouth_y - 60, 240, hot(0.45), 220)
    hood_y = mouth_y - 140
    sc.poly(
        [
            (cx - 170, hood_y),
            (cx + 170, hood_y),
            (cx + 100, hood_y - 110),
            (cx - 100, hood_y - 110),
        ],
        sc.mid,
    )
    sc.poly(
        [(cx - 170, hood_y), (cx - 90, hood_y), (cx - 40, hood_y - 110), (cx - 100, hood_y - 110)],
        mix(sc.mid, sc.lit, 0.5),
    )
    sc.poly(
        [(cx - 100, hood_y - 110), (cx + 100, hood_y - 110), (cx + 300, -20), (cx + 100, -20)],
        sc.mid,
    )
    sc.line([(cx - 170, hood_y), (cx + 170, hood_y)], rgba(sc.rim, 120), 3)
    for k in range(14):
        t = k / 13
        sc.puff(
            cx + sc.rng.uniform(-60, 60) * (1 - t),
            mouth_y - 40 - 90 * t,
            30 + 30 * t,
            mix(hot(0.7), sc.base, 0.45),
            130,
        )
    sc.flush_glow()
    sc.flame(cx, mouth_y, -90, 150, 62, 235)
    sc.flame(cx - 40, mouth_y, -118, 90, 30, 210)
    sc.flame(cx + 40, mouth_y, -62, 90, 30, 210)
    sc.sparks(cx - 60, mouth_y - 20, -160, 22, 520, 80, gravity=320)
    sc.sparks(cx + 60, mouth_y - 20, -20, 22, 520, 80, gravity=320)
    sc.rect(cx - 12, 0, cx + 12, mouth_y - 20, STEEL)
    sc.rect(cx - 12, 0, cx - 4, mouth_y - 20, STEEL_LIT)
    sc.rect(cx - 20, hood_y - 170, cx + 20, hood_y - 150, sc.near)
    sc.rect(cx - 340, gy - 20, cx + 340, gy, sc.near)
    sc.figure(cx - 440, gy + 70, 170, sc.near, arms=(70, 110), helmet=sc.lit)


def pellet_heap(sc: Scene, cx: float, base: float, w: float, h: float, c: Colour, n: int) -> None:
    """A conical heap of round pellets."""
    heap = [(cx - w, base), (cx, base - h), (cx + w, base)]
    sc.poly(heap, mix(c, (0, 0, 0), 0.5))
    for _ in range(n):
        u, v = sc.rng.random(), sc.rng.random()
        if u + v > 1:
            u, v = 1 - u, 1 - v
        px = heap[0][0] + (heap[1][0] - heap[0][0]) * u + (heap[2][0] - heap[0][0]) * v
        py = heap[0][1] + (heap[1][1] - heap[0][1]) * u + (heap[2][1] - heap[0][1]) * v
        sc.circle(px, py, 4.5, c)
        sc.circle(px - 1.5, py - 1.5, 1.6, mix(c, (255, 255, 255), 0.5))


def draw_direct_reduction(sc: Scene) -> None:
    """A gas-based direct-reduction shaft tower in its steel frame, pellets in and out."""
    sc.sky(stars=20)
    sc.hills(sc.gy, 40, sc.far)
    sc.ground()
    gy, cx = sc.gy + 20, sc.cx
    top = gy - 520
    rx = cx + 320
    sc.chimney(rx + 150, gy, 30, 380, sc.far)
    sc.rect(rx - 130, gy - 170, rx + 130, gy, sc.mid)
    sc.rect(rx - 130, gy - 170, rx - 80, gy, mix(sc.mid, sc.lit, 0.4))
    for k in range(7):
        tx = rx - 110 + k * 36
        sc.rect(tx, gy - 250, tx + 12, gy - 170, sc.mid)
    sc.rect(rx - 130, gy - 176, rx + 130, gy - 170, rgba(sc.rim, 100))
    sc.cylinder(cx - 65, top + 70, cx + 65, gy - 70, sc.body, sc.lit)
    sc.poly(
        [(cx - 65, top + 70), (cx - 24, top + 20), (cx + 24, top + 20), (cx + 65, top + 70)],
        sc.body,
    )
    sc.poly(
        [(cx - 65, top + 70), (cx - 24, top + 20), (cx - 10, top + 20), (cx - 40, top + 70)], sc.lit
    )
    sc.poly(
        [(cx - 65, gy - 70), (cx + 65, gy - 70), (cx + 18, gy - 20), (cx - 18, gy - 20)], sc.body
    )
    for y in range(int(top + 110), int(gy - 70), 48):
        sc.line([(cx - 65, y), (cx + 65, y)], rgba(sc.near, 110), 2)
    for x in (cx - 120, cx + 120):
        sc.rect(x - 5, top - 20, x + 5, gy, sc.near)
    for k in range(6):
        y = gy - 20 - k * 100
        sc.rect(cx - 130, y - 6, cx + 130, y, sc.near)
        sc.line([(cx - 130, y - 26), (cx + 130, y - 26)], sc.near, 2)
        for x in range(int(cx - 130), int(cx + 131), 26):
            sc.line([(x, y - 26), (x, y - 6)], sc.near, 1.5)
        if k % 2 == 0:
            sc.line([(cx - 120, y), (cx - 70, y - 100)], sc.near, 2.5)
            sc.line([(cx + 120, y), (cx + 70, y - 100)], sc.near, 2.5)
    sc.rect(cx - 90, top - 60, cx + 90, top - 20, sc.mid)
    sc.rect(cx - 90, top - 60, cx - 50, top - 20, mix(sc.mid, sc.lit, 0.4))
    sc.line([(rx - 130, gy - 120), (cx + 80, gy - 120), (cx + 65, gy - 200)], sc.near, 18)
    sc.line([(rx - 130, gy - 126), (cx + 80, gy - 126)], rgba(sc.lit, 120), 3)
    sc.ellipse(cx, gy - 200, 80, 14, outline=sc.near, width=12)
    sc.glow(cx + 66, gy - 200, 50, hot(0.4), 200)
    conv0, conv1 = (cx - 580, gy - 10), (cx - 90, top - 40)
    sc.truss(conv0, conv1, 18, sc.near, 3, 16)
    ore = mix(sc.lit, (170, 86, 56), 0.5)
    for k in range(34):
        t = k / 34
        sc.circle(
            conv0[0] + (conv1[0] - conv0[0]) * t, conv0[1] - 6 + (conv1[1] - conv0[1]) * t, 4, ore
        )
    pellet_heap(sc, cx - 500, gy + 24, 140, 110, ore, 170)
    sc.line([(cx, gy - 20), (cx + 130, gy + 30)], sc.near, 10)
    pellet_heap(sc, cx + 190, gy + 90, 110, 80, STEEL, 130)


def draw_hydrogen(sc: Scene) -> None:
    """H₂ molecules, wind turbines, electrolysers and a clean shaft furnace breathing vapour."""
    sc.sky0 = mix(sc.sky0, (40, 70, 90), 0.3)
    sc.sky1 = mix(sc.sky1, (150, 190, 200), 0.35)
    sc.sky(stars=0)
    sc.hills(sc.gy, 50, sc.far)
    for k in range(5):
        tx = 120 + k * 250 + sc.rng.uniform(-40, 40)
        th = sc.rng.uniform(200, 300)
        ty = sc.gy - th
        sc.poly([(tx - 4, ty), (tx + 4, ty), (tx + 7, sc.gy), (tx - 7, sc.gy)], sc.far)
        a0 = sc.rng.uniform(0, 120)
        for b in range(3):
            a = math.radians(a0 + b * 120)
            sc.line(
                [(tx, ty), (tx + math.cos(a) * th * 0.4, ty + math.sin(a) * th * 0.4)], sc.far, 5
            )
        sc.circle(tx, ty, 6, sc.far)
    sc.ground()
    gy, cx = sc.gy + 20, sc.cx + 120
    clean_d, clean_l = (176, 188, 196), (232, 238, 242)
    sc.cylinder(cx - 60, gy - 440, cx + 60, gy, mix(clean_d, sc.accent, 0.12), clean_l)
    sc.poly(
        [(cx - 60, gy - 440), (cx - 40, gy - 480), (cx + 40, gy - 480), (cx + 60, gy - 440)],
        clean_d,
    )
    for y in range(int(gy - 400), int(gy), 60):
        sc.line([(cx - 60, y), (cx + 60, y)], rgba(sc.accent, 120), 3)
    for x in (cx - 90, cx + 90):
        sc.line([(x, gy), (x, gy - 470)], rgba(clean_d, 220), 4)
    sc.steam(cx, gy - 500, 200, 360, (246, 249, 252), 150)
    ex = cx - 560
    for k in range(4):
        bx = ex + k * 110
        sc.rect(bx, gy - 90, bx + 90, gy, clean_d)
        sc.rect(bx, gy - 90, bx + 30, gy, clean_l)
        sc.rect(bx + 10, gy - 110, bx + 20, gy - 90, clean_d)
        sc.line([(bx + 45, gy - 90), (bx + 45, gy - 130)], sc.accent, 5)
    sc.line([(ex + 45, gy - 130), (cx - 60, gy - 130)], sc.accent, 6)
    spots: list[Point] = []
    while len(spots) < 6:
        hx, hy = sc.rng.uniform(110, cx - 220), sc.rng.uniform(80, sc.gy - 240)
        if all(math.hypot(hx - x, hy - y) > 130 for x, y in spots):
            spots.append((hx, hy))
    for hx, hy in spots:
        r = sc.rng.uniform(20, 36)
        a = math.radians(sc.rng.uniform(-50, 50))
        dx, dy = math.cos(a) * r * 1.25, math.sin(a) * r * 1.25
        body = mix(sc.accent, (130, 205, 235), 0.75)
        sc.glow(hx, hy, r * 2.6, body, 90)
        sc.line([(hx - dx, hy - dy), (hx + dx, hy + dy)], mix(body, (255, 255, 255), 0.5), r * 0.35)
        for ox, oy in ((-dx, -dy), (dx, dy)):
            sc.circle(hx + ox, hy + oy, r, mix(body, sc.base, 0.45))
            sc.circle(hx + ox - r * 0.08, hy + oy - r * 0.08, r * 0.86, body)
            sc.circle(
                hx + ox - r * 0.25, hy + oy - r * 0.25, r * 0.5, mix(body, (255, 255, 255), 0.45)
            )
            sc.circle(hx + ox - r * 0.38, hy + oy - r * 0.38, r * 0.16, (255, 255, 255))


def draw_globe(sc: Scene) -> None:
    """A desk globe with meridians, trade routes and a small steel I-beam orbiting it."""
    cx, cy, r = sc.cx, 370, 230
    sc.studio(cx, cy, rays=True)
    sc.ellipse(cx, sc.gy + 60, 260, 26, rgba((0, 0, 0), 100))
    sc.rect(cx - 12, cy + r, cx + 12, sc.gy + 40, sc.near)
    sc.ellipse(cx, sc.gy + 45, 120, 20, sc.near)
    sc.arc(cx, cy, r + 26, r + 26, 100, 260, sc.mid, 14)
    sea = mix(sc.base, sc.accent, 0.35)
    sc.circle(cx, cy, r, sea)
    lands = [
        [(-150, -120), (-60, -170), (10, -130), (-20, -60), (-90, -30), (-160, -60)],
        [(-40, -20), (40, 0), (60, 110), (10, 190), (-30, 100)],
        [(40, -160), (170, -140), (200, -60), (120, -20), (60, -80)],
        [(110, 60), (180, 70), (160, 130), (110, 120)],
    ]
    for land in lands:
        pts = spline([(cx + x, cy + y) for x, y in land], 6, closed=True)
        pts = [
            (x, y)
            if math.hypot(x - cx, y - cy) < r - 2
            else (
                cx + (x - cx) * (r - 2) / math.hypot(x - cx, y - cy),
                cy + (y - cy) * (r - 2) / math.hypot(x - cx, y - cy),
            )
            for x, y in pts
        ]
        sc.poly(pts, mix(sc.lit, sc.accent, 0.3))
    for a in (25, 50, 72):
        rx = r * math.cos(math.radians(a))
        sc.ellipse(cx, cy, rx, r, outline=rgba(sc.rim, 70), width=1.5)
    sc.line([(cx, cy - r), (cx, cy + r)], rgba(sc.rim, 70), 1.5)
    for k in range(-2, 3):
        y = cy + r * math.sin(math.radians(k * 30))
        hw = math.sqrt(max(0.0, r * r - (y - cy) ** 2))
        sc.line([(cx - hw, y), (cx + hw, y)], rgba(sc.rim, 70), 1.5)
    sc.ellipse(cx - 70, cy - 80, 120, 110, rgba((255, 255, 255), 18))
    sc.ellipse(cx - 90, cy - 110, 50, 40, rgba((255, 255, 255), 25))
    sc.arc(cx, cy, r, r, 0, 360, sc.rim, 3)
    route = [(cx - 150, cy - 60), (cx - 40, cy - 140), (cx + 90, cy - 100)]
    sc.line(spline(route, 10), rgba(hot(0.2), 220), 3)
    for px, py in (route[0], route[-1]):
        sc.circle(px, py, 7, hot(0.1))
        sc.glow(px, py, 24, hot(0.3), 255, soft=False)
    sc.arc(cx, cy + 10, r + 120, 70, 200, 340, rgba(sc.rim, 120), 2)
    sc.arc(cx, cy + 10, r + 120, 70, 0, 160, rgba(sc.rim, 200), 3)
    bx, by = cx + 250, cy + 60
    front = [
        (-50, -34),
        (50, -34),
        (50, -24),
        (8, -24),
        (8, 24),
        (50, 24),
        (50, 34),
        (-50, 34),
        (-50, 24),
        (-8, 24),
        (-8, -24),
        (-50, -24),
    ]
    depth = (70, -40)
    back = [(x + depth[0], y + depth[1]) for x, y in front]
    sc.poly(rotate([front[0], front[1], back[1], back[0]], bx, by, 0), STEEL_LIT)
    sc.poly(rotate([front[1], front[2], back[2], back[1]], bx, by, 0), STEEL_DARK)
    sc.poly(rotate([front[5], front[6], back[6], back[5]], bx, by, 0), STEEL_DARK)
    sc.poly(rotate([front[3], front[4], back[4], back[3]], bx, by, 0), mix(STEEL_DARK, STEEL, 0.4))
    sc.poly(rotate(front, bx, by, 0), STEEL)
    sc.line(rotate([(-46, -30), (46, -30)], bx, by, 0), STEEL_LIT, 2)


def draw_steelworks(sc: Scene) -> None:
    """A night panorama of an integrated works: furnaces, cooling tower, chimneys, lights."""
    sc.sky(stars=30)
    for x in range(0, W + 1, 160):
        sc.glow(x, sc.gy, 260, mix(sc.sky1, hot(0.6), 0.5), 110)
    sc.skyline(sc.gy - 30, sc.far)
    gy = sc.gy + 20
    cx = sc.cx
    tx = cx - 430
    sc.poly(
        [
            (tx - 110, gy),
            (tx - 70, gy - 160),
            (tx - 80, gy - 260),
            (tx + 80, gy - 260),
            (tx + 70, gy - 160),
            (tx + 110, gy),
        ],
        sc.mid,
    )
    sc.steam(tx, gy - 270, 150, 240, mix((220, 220, 225), sc.sky1, 0.3), 90)
    for k, fx in enumerate((cx - 150, cx + 120)):
        h = 360 - k * 40
        prof = [(0, 60), (80, 74), (h - 40, 44), (h, 42)]
        sc.poly(lathe(prof, fx, gy), sc.mid)
        sc.line([(fx + 30, gy - h - 40), (fx + 140, gy - h + 40), (fx + 150, gy - 120)], sc.mid, 14)
        sc.truss((fx + 320, gy), (fx + 30, gy - h + 10), 14, sc.mid, 3, 10)
        sc.flame(fx - 10, gy - h - 50, -95, 50, 14)
        sc.glow(fx, gy - 20, 80, hot(0.4), 220)
    for k in range(4):
        x = cx + 380 + k * 40
        sc.chimney(x, gy, 24, 300 + k * 30, sc.mid)
        sc.smoke(x, gy - 300 - k * 30, 12, 220, -120, 10, 60, mix(sc.far, hot(0.5), 0.25), 70)
    sc.rect(cx + 360, gy - 130, cx + 620, gy, sc.mid)
    sc.cylinder(cx + 250, gy - 200, cx + 340, gy, sc.mid, mix(sc.mid, sc.lit, 0.3))
    sc.flush_glow()
    sc.grect(0, gy - 60, W, H, [sc.near, mix(sc.near, (0, 0, 0), 0.5)])
    for _ in range(70):
        lx, ly = sc.rng.uniform(0, W), sc.rng.uniform(gy - 220, gy - 10)
        sc.circle(lx, ly, 1.6, hot(0.1))
        sc.glow(lx, ly, 6, hot(0.3), 200, soft=False)
    x = -20.0
    while x < W:
        w = sc.rng.uniform(80, 200)
        h = sc.rng.uniform(20, 80)
        sc.rect(x, gy - 60 - h, x + w, gy - 40, sc.near)
        for _ in range(3):
            wx = x + sc.rng.uniform(10, w - 20)
            sc.rect(wx, gy - 50 - h * 0.7, wx + 10, gy - 44 - h * 0.7, rgba(hot(0.2), 200))
        x += w
    sc.line([(0, gy + 60), (W, gy + 60)], rgba(sc.rim, 90), 3)
    sc.line([(0, gy + 80), (W, gy + 80)], rgba(sc.rim, 90), 3)


def draw_protest(sc: Scene) -> None:
    """A crowd of workers with blank banners and raised fists before a silent works."""
    sc.sky(stars=10)
    sc.skyline(sc.gy - 30, sc.far, smoke=False)
    gy = sc.gy
    fx = sc.cx + 120
    works = mix(sc.far, sc.mid, 0.5)
    sc.rect(fx - 300, gy - 200, fx + 300, gy, works)
    for k in range(4):
        sc.poly(
            [
                (fx - 300 + k * 150, gy - 200),
                (fx - 225 + k * 150, gy - 260),
                (fx - 150 + k * 150, gy - 200),
            ],
            works,
        )
    for k in range(3):
        sc.chimney(fx - 200 + k * 190, gy - 200, 30, 230, works)
    sc.ground()
    banner_cols = [
        sc.accent,
        mix(sc.accent, (200, 40, 30), 0.55),
        mix(sc.accent, (255, 255, 255), 0.35),
    ]
    rows = [
        (gy + 50, 110, mix(sc.far, sc.mid, 0.6)),
        (gy + 150, 170, mix(sc.mid, sc.near, 0.4)),
        (H + 120, 330, sc.near),
    ]
    for ri, (by, h, c) in enumerate(rows):
        if ri == 1:
            for bx in (sc.rng.uniform(180, 420), sc.rng.uniform(760, 1060)):
                bw = sc.rng.uniform(220, 300)
                top = by - h * 1.5
                col = sc.rng.choice(banner_cols)
                for px in (bx - bw / 2, bx + bw / 2):
                    sc.line([(px, by - h * 0.55), (px, top - 14)], c, 5)
                wave = [(bx - bw / 2 + bw * k / 8, top + math.sin(k * 0.9) * 6) for k in range(9)]
                low = [(x, y + h * 0.42) for x, y in reversed(wave)]
                sc.poly(wave + low, col)
                sc.poly(
                    wave[:3] + [(x, y + h * 0.42) for x, y in reversed(wave[:3])],
                    rgba((0, 0, 0), 40),
                )
                sc.line([(x, y + h * 0.3) for x, y in wave], rgba(sc.near, 110), 6)
        x = -20.0 + sc.rng.uniform(0, 30)
        while x < W + 40:
            hh = h * sc.rng.uniform(0.86, 1.08)
            raised = sc.rng.random() < (0.22 if ri else 0.12)
            arms = (sc.rng.uniform(-100, -70), 92) if raised else (98, 82)
            hands = sc.figure(x, by, hh, c, arms=arms, stride=0.1, lean=sc.rng.uniform(-0.02, 0.02))
            if raised:
                sc.circle(hands[0][0], hands[0][1] - hh * 0.02, hh * 0.05, c)
            if ri == 2 and sc.rng.random() < 0.22:
                top = (hands[1][0] + 6, by - hh * 1.25)
                sc.line([hands[1], top], c, 6)
                flag = [
                    top,
                    (top[0] + 130, top[1] + 18),
                    (top[0] + 120, top[1] + 58),
                    (top[0], top[1] + 70),
                ]
                sc.poly(spline(flag, 4, closed=True), sc.rng.choice(banner_cols))
            x += hh * sc.rng.uniform(0.26, 0.34)
        if ri == 1:
            bx = sc.cx - 380
            sc.rect(bx - 32, by - 70, bx + 32, by + 10, sc.body)
            for yy in (by - 50, by - 20):
                sc.line([(bx - 32, yy), (bx + 32, yy)], rgba(sc.near, 160), 3)
            sc.flame(bx, by - 70, -90, 90, 34)
            sc.glow(bx, by - 90, 160, hot(0.45), 200)
            sc.sparks(bx, by - 100, -90, 30, 240, 30)
            sc.flush_glow()


def draw_coil(sc: Scene) -> None:
    """A steel coil lying on its saddle, cold and gleaming, with a hot coil behind."""
    cx, cy = sc.cx + 40, sc.gy - 210
    sc.studio(cx, cy - 40)
    bx, by, br = cx - 300, sc.gy - 120, 120
    sc.rect(bx, by - br, bx + 140, by + br, mix(hot(0.6), sc.body, 0.35))
    sc.ellipse(bx, by, 60, br, hot(0.5))
    for k in range(1, 6):
        sc.ellipse(
            bx, by, 60 * (1 - k * 0.13), br * (1 - k * 0.13), outline=rgba(hot(0.3), 160), width=2
        )
    sc.ellipse(bx, by, 18, 40, sc.near)
    sc.glow(bx, by, 140, hot(0.45), 180)
    sc.ellipse(cx, sc.gy + 10, 300, 30, rgba((0, 0, 0), 120))
    R = 210
    dep = 220
    sc.rect(cx, cy - R, cx + dep, cy + R, STEEL_DARK)
    sc.ellipse(cx + dep, cy, 90, R, STEEL_DARK)
    sc.grect(cx, cy - R, cx + dep, cy - R * 0.3, [STEEL_LIT, mix(STEEL, STEEL_DARK, 0.5)])
    sc.rect(cx, cy - R * 0.3, cx + dep, cy + R, mix(STEEL_DARK, sc.base, 0.3))
    for k in range(3):
        sx = cx + 40 + k * 70
        sc.rect(sx, cy - R, sx + 10, cy + R, rgba(sc.near, 200))
    sc.ellipse(cx, cy, 90, R, mix(STEEL, sc.accent, 0.15))
    for k in range(1, 16):
        f = 1 - k * 0.04
        c = STEEL_LIT if k % 2 else STEEL_DARK
        sc.ellipse(cx, cy, 90 * f, R * f, outline=rgba(c, 110), width=1.5)
    sc.ellipse(cx, cy, 90 * 0.36, R * 0.36, mix(sc.base, (0, 0, 0), 0.3))
    sc.ellipse(cx + 10, cy, 90 * 0.3, R * 0.34, sc.near)
    sc.arc(cx, cy, 86, R - 4, 190, 250, rgba((255, 255, 255), 230), 5)
    sc.arc(cx, cy, 60, R * 0.66, 200, 240, rgba((255, 255, 255), 160), 3)
    sc.poly(
        [
            (cx - 120, sc.gy + 10),
            (cx + 340, sc.gy + 10),
            (cx + 300, sc.gy - 30),
            (cx + 200, cy + R - 30),
            (cx - 20, cy + R - 30),
            (cx - 80, sc.gy - 30),
        ],
        sc.near,
    )


def draw_harbour(sc: Scene) -> None:
    """A coastal works: a bulk carrier at the quay, gantry cranes, furnaces behind, the sea."""
    sc.sky(stars=20)
    gy = sc.gy - 40
    sc.gy = gy
    sc.skyline(gy - 60, sc.far)
    cx = sc.cx
    for k, fx in enumerate((cx - 380, cx - 200)):
        h = 300 - k * 30
        sc.poly(lathe([(0, 50), (70, 62), (h - 30, 36), (h, 34)], fx, gy - 40), sc.mid)
        sc.flame(fx, gy - 40 - h - 10, -95, 40, 12)
    for k in range(3):
        sc.chimney(cx + 60 + k * 50, gy - 40, 22, 260, sc.mid)
        sc.smoke(cx + 60 + k * 50, gy - 300, 10, 200, -80, 8, 40, mix(sc.far, sc.rim, 0.2), 60)
    sc.rect(-10, gy - 100, W + 10, gy - 40, sc.mid)
    sc.rect(-10, gy - 40, W + 10, gy, sc.near)
    sc.water(gy)
    sx = cx - 120
    hull = [
        (sx - 420, gy - 30),
        (sx + 430, gy - 30),
        (sx + 480, gy - 70),
        (sx + 470, gy + 60),
        (sx - 400, gy + 60),
    ]
    sc.poly(hull, mix(sc.body, (60, 20, 20), 0.25))
    sc.rect(sx - 400, gy + 30, sx + 470, gy + 60, sc.near)
    sc.rect(sx - 420, gy - 30, sx + 430, gy - 22, sc.rim)
    sc.rect(sx - 380, gy - 130, sx - 260, gy - 30, sc.lit)
    sc.rect(sx - 360, gy - 170, sx - 290, gy - 130, sc.lit)
    for k in range(6):
        wx = sx - 370 + k * 18
        sc.rect(wx, gy - 115, wx + 8, gy - 108, rgba(hot(0.1), 220))
    for k in range(6):
        hx = sx - 200 + k * 105
        sc.rect(hx, gy - 52, hx + 80, gy - 30, sc.mid)
    for k, kx in enumerate((sx - 60, sx + 260)):
        sc.poly(
            [(kx - 60, gy - 40), (kx - 40, gy - 300), (kx - 26, gy - 300), (kx - 40, gy - 40)],
            sc.near,
        )
        sc.poly(
            [(kx + 60, gy - 40), (kx + 40, gy - 300), (kx + 26, gy - 300), (kx + 40, gy - 40)],
            sc.near,
        )
        sc.rect(kx - 70, gy - 310, kx + 70, gy - 290, sc.near)
        boom = -20 - k * 8
        end = rotate([(300, 0)], kx, gy - 300, boom)[0]
        sc.line([(kx - 140, gy - 300), end], sc.near, 12)
        sc.line([(kx, gy - 380), end], sc.near, 3)
        sc.line([(kx, gy - 380), (kx - 140, gy - 300)], sc.near, 3)
        sc.rect(kx - 6, gy - 390, kx + 6, gy - 300, sc.near)
        sc.line([end, (end[0], gy - 80)], sc.near, 2)
        sc.rect(end[0] - 16, gy - 90, end[0] + 16, gy - 74, sc.near)
    for _ in range(8):
        lx = sc.rng.uniform(0, W)
        for k in range(6):
            sc.line(
                [(lx - 10 + sc.rng.uniform(-4, 4), gy + 70 + k * 16), (lx + 10, gy + 70 + k * 16)],
                rgba(hot(0.3), 120 - k * 15),
                2,
            )


def draw_mine(sc: Scene) -> None:
    """A pit headframe with its winding wheels, a spoil heap, and the galleries below."""
    sc.gy = 420 + sc.rng.randint(-12, 12)
    sc.sky(stars=30)
    gy, cx = sc.gy, sc.cx
    tx = cx + 470
    sc.poly([(tx - 300, gy), (tx - 30, gy - 210), (tx + 30, gy - 214), (tx + 320, gy)], sc.far)
    sc.poly(
        [(tx - 300, gy), (tx - 30, gy - 210), (tx - 10, gy - 212), (tx - 120, gy)],
        mix(sc.far, sc.lit, 0.25),
    )
    sc.hills(gy + 6, 24, sc.far)
    earth = [mix(sc.base, (104, 76, 54), 0.34), mix(sc.base, (70, 52, 40), 0.3)]
    for k in range(6):
        c = mix(earth[k % 2], (0, 0, 0), k * 0.07)
        y0 = gy + k * 70
        sc.poly(
            [(0, y0 + 8 * k), (W, y0 - 10 + 8 * k), (W, y0 + 70 - 2 + 8 * k), (0, y0 + 80 + 8 * k)],
            c,
        )
    seam = [(0, gy + 125), (W, gy + 100), (W, gy + 128), (0, gy + 150)]
    sc.poly(seam, (18, 17, 19))
    for _ in range(40):
        px = sc.rng.uniform(0, W)
        sc.circle(px, gy + 126 - px * 0.022 + sc.rng.uniform(-8, 8), 1.4, rgba(sc.rim, 160))
    sc.rect(0, gy - 2, W, gy + 4, sc.near)
    shx = cx - 90
    sc.rect(shx - 28, gy, shx + 28, H, (14, 13, 15))
    for gy2, x0, x1 in ((gy + 250, shx - 560, shx), (gy + 370, shx, shx + 640)):
        sc.grect(x0, gy2 - 80, x1, gy2, [mix(sc.near, hot(0.7), 0.12), mix(sc.near, hot(0.7), 0.3)])
        wood = mix(sc.lit, (120, 84, 50), 0.5)
        for k in range(int(abs(x1 - x0) / 90)):
            px = min(x0, x1) + 40 + k * 90
            sc.rect(px, gy2 - 80, px + 9, gy2, wood)
            sc.rect(px - 20, gy2 - 84, px + 29, gy2 - 74, wood)
        sc.line([(x0, gy2 - 4), (x1, gy2 - 4)], STEEL, 2)
        for lampx in ((x0 * 2 + x1) / 3, (x0 + x1 * 2) / 3):
            sc.circle(lampx, gy2 - 66, 4, hot(0.05))
            sc.glow(lampx, gy2 - 60, 110, hot(0.35), 210)
    cy = gy + 300
    sc.rect(shx - 22, cy - 60, shx + 22, cy, sc.lit)
    sc.rect(shx - 16, cy - 52, shx + 16, cy - 8, rgba(hot(0.3), 140))
    sc.line([(shx - 8, gy), (shx - 8, cy - 60)], STEEL, 1.5)
    sc.line([(shx + 8, gy), (shx + 8, cy - 60)], STEEL, 1.5)
    wx, wy = shx - 300, gy + 250
    sc.poly(
        [(wx - 50, wy - 52), (wx + 50, wy - 52), (wx + 42, wy - 10), (wx - 42, wy - 10)], sc.near
    )
    pile = [(wx - 46, wy - 52), (wx - 20, wy - 72), (wx + 10, wy - 68), (wx + 46, wy - 52)]
    sc.poly(spline(pile, 4), mix(sc.lit, (150, 90, 60), 0.3))
    sc.circle(wx - 26, wy - 8, 9, sc.mid)
    sc.circle(wx + 26, wy - 8, 9, sc.mid)
    sc.figure(wx + 120, wy, 72, sc.near, arms=(170, 160), lean=-0.1, helmet=sc.lit)
    sc.glow(wx + 112, wy - 68, 20, hot(0.2), 255, soft=False)
    top = gy - 280
    col, lit = sc.body, mix(sc.body, sc.lit, 0.7)
    sc.line([(shx - 130, gy), (shx - 24, top + 20)], lit, 14)
    sc.line([(shx + 130, gy), (shx + 24, top + 20)], col, 14)
    sc.line([(shx + 330, gy), (shx + 30, top + 40)], col, 14)
    for k in range(1, 6):
        y = gy - k * 58
        f = (gy - y) / (gy - top - 20)
        xl, xr = shx - 130 + 106 * f, shx + 130 - 106 * f
        sc.line([(xl, y), (xr, y)], col, 5)
        f2 = (gy - y + 58) / (gy - top - 20)
        sc.line([(xl, y), (shx + 130 - 106 * f2, y - 58)], col, 3)
    sc.rect(shx - 70, top, shx + 70, top + 22, col)
    sc.rect(shx - 70, top, shx + 70, top + 6, lit)
    for k, dx in enumerate((-30, 30)):
        wr = 58
        wxx, wyy = shx + dx, top - 26 - k * 10
        c = lit if k == 0 else sc.rim
        sc.ellipse(wxx, wyy, wr, wr, outline=c, width=7)
        for j in range(8):
            a = math.radians(j * 45 + 10 * k)
            sc.line([(wxx, wyy), (wxx + math.cos(a) * wr, wyy + math.sin(a) * wr)], c, 3)
        sc.circle(wxx, wyy, 8, c)
    hx = shx + 360
    sc.rect(hx, gy - 170, hx + 240, gy, sc.mid)
    sc.poly([(hx - 10, gy - 170), (hx + 120, gy - 230), (hx + 250, gy - 170)], sc.mid)
    for k in range(3):
        sc.rect(hx + 30 + k * 70, gy - 130, hx + 64 + k * 70, gy - 60, rgba(hot(0.3), 200))
        sc.glow(hx + 47 + k * 70, gy - 95, 40, hot(0.4), 120)
    sc.line([(shx + 30 + 58, top - 36), (hx + 40, gy - 160)], rgba(sc.rim, 170), 2)
    sc.line([(shx - 30 + 58, top - 26), (hx + 20, gy - 150)], rgba(sc.rim, 170), 2)
    sc.chimney(hx + 210, gy - 170, 22, 170, sc.mid)
    sc.smoke(hx + 210, gy - 350, 10, 160, -90, 8, 40, mix(sc.far, sc.rim, 0.25), 70)


def draw_monument(sc: Scene) -> None:
    """A preserved blast furnace lit in the era colour at dusk, a visitor on the walkway."""
    sc.sky(stars=80)
    sc.hills(sc.gy, 40, sc.far)
    gy, cx = sc.gy + 10, sc.cx
    for k in range(5):
        a = -90 + (k - 2) * 9
        pts = [(cx + (k - 2) * 60, gy + 20)]
        for da in (-3, 3):
            r = math.radians(a + da)
            pts.append((pts[0][0] + math.cos(r) * 900, pts[0][1] + math.sin(r) * 900))
        sc.poly(pts, rgba(sc.accent, 22))
    prof = [(0, 85), (100, 88), (180, 108), (210, 106), (440, 66), (490, 62)]
    lit_c = mix(sc.accent, (255, 255, 255), 0.1)
    sc.gpoly(lathe(prof, cx, gy), [mix(sc.body, sc.base, 0.3), mix(sc.body, sc.accent, 0.6), lit_c])
    for s in range(40, 480, 36):
        r = radius_at(prof, s)
        sc.line([(cx - r, gy - s), (cx + r, gy - s)], rgba(sc.near, 120), 2)
    top = gy - 490
    sc.rect(cx - 110, top - 10, cx + 110, top, sc.near)
    for k in range(12):
        sc.line([(cx - 110 + k * 20, top - 10), (cx - 110 + k * 20, top - 34)], sc.near, 2)
    sc.line([(cx - 110, top - 34), (cx + 110, top - 34)], sc.near, 3)
    sc.line(
        [(cx + 30, top - 10), (cx + 40, top - 120), (cx + 200, top - 40), (cx + 220, gy - 200)],
        sc.body,
        22,
    )
    sc.truss((cx + 480, gy), (cx + 70, top), 22, sc.body, 3, 14)
    sc.glow(cx, gy - 100, 260, sc.accent, 110)
    sc.ground()
    wy = gy - 150
    sc.rect(cx - 420, wy, cx + 100, wy + 10, sc.near)
    for k in range(14):
        sc.line([(cx - 420 + k * 40, wy), (cx - 420 + k * 40, wy - 30)], sc.near, 2)
    sc.line([(cx - 420, wy - 30), (cx + 100, wy - 30)], sc.near, 3)
    for px in (cx - 400, cx - 200):
        sc.rect(px - 6, wy, px + 6, gy, sc.near)
    sc.line([(cx - 420, wy + 10), (cx - 520, gy)], sc.near, 8)
    sc.figure(cx - 260, wy, 62, sc.near, arms=(60, 120), lean=0.02)
    sc.figure(cx - 226, wy, 42, sc.near, arms=(100, 80))
    for _ in range(9):
        tx = sc.rng.choice([sc.rng.uniform(0, cx - 300), sc.rng.uniform(cx + 250, W)])
        tr = sc.rng.uniform(40, 80)
        c = mix(sc.near, sc.mid, 0.4)
        sc.rect(tx - 5, gy - tr, tx + 5, gy + 30, c)
        for ox, oy, f in ((0, -1.6, 0.8), (-0.55, -1.15, 0.7), (0.55, -1.1, 0.72), (0, -1.0, 0.6)):
            sc.circle(tx + ox * tr, gy + oy * tr, tr * f, c)


def draw_tube(sc: Scene) -> None:
    """A stack of steel tubes seen end-on and a pipeline running to the horizon."""
    sc.sky(stars=20)
    sc.hills(sc.gy, 60, sc.far)
    sc.ground()
    gy = sc.gy + 40
    vpx, vpy = sc.cx + 60, sc.gy - 4
    nx, ny, nr = -160, sc.gy + 170, 80

    def at(t: float) -> tuple[float, float, float]:
        """Centre and radius of the pipeline at depth t (0 near, 1 vanishing point)."""
        f = (1 - t) ** 2
        return vpx + (nx - vpx) * f, vpy + (ny - vpy) * f, max(1.5, nr * f)

    for k in range(1, 14):
        x, y, r = at(k / 14)
        sc.rect(x - r * 0.9, y + r * 0.6, x + r * 0.9, y + r * 1.4, sc.near)
        sc.rect(x - r * 0.15, y, x + r * 0.15, y + r * 1.4, sc.near)
    edge_t = [k / 40 for k in range(41)]
    top = [(at(t)[0], at(t)[1] - at(t)[2]) for t in edge_t]
    bottom = [(at(t)[0], at(t)[1] + at(t)[2]) for t in edge_t]
    mid_hi = [(at(t)[0], at(t)[1] - at(t)[2] * 0.45) for t in edge_t]
    sc.poly(top + bottom[::-1], STEEL_DARK)
    sc.poly(top + mid_hi[::-1], mix(STEEL, sc.accent, 0.12))
    sc.line([(at(t)[0], at(t)[1] - at(t)[2] * 0.75) for t in edge_t], rgba(STEEL_LIT, 220), 3)
    for k in range(1, 8):
        x, y, r = at(k / 8)
        sc.line([(x, y - r), (x, y + r)], rgba(sc.near, 160), max(1.0, r * 0.08))
    wx, wy, wr = at(0.3)
    sc.figure(
        wx - wr * 1.4, wy + wr * 1.4, wr * 2.6, sc.near, arms=(-10, 10), lean=0.05, helmet=sc.lit
    )
    sc.glow(wx - wr * 0.4, wy, 60, hot(0.3), 255)
    sc.circle(wx - wr * 0.4, wy, 5, (255, 255, 240))
    sc.sparks(wx - wr * 0.4, wy, -60, 60, 200, 40)
    sx, r = sc.cx + 300, 46
    rows = [6, 5, 4, 3]
    for ri, n in enumerate(rows):
        for k in range(n):
            x = sx - (n - 1) * r + k * 2 * r
            y = gy + 80 - ri * r * 1.74
            sc.circle(x, y, r, STEEL_DARK)
            sc.circle(x, y, r - 4, mix(STEEL, sc.accent, 0.15))
            sc.arc(x, y, r - 8, r - 8, 180, 280, STEEL_LIT, 4)
            sc.circle(x + 3, y + 3, r - 16, mix(sc.near, (0, 0, 0), 0.3))
            sc.arc(x + 3, y + 3, r - 16, r - 16, 20, 120, rgba(sc.rim, 120), 3)
    sc.rect(sx - 6 * r - 20, gy + 128, sx + 6 * r + 20, gy + 140, sc.near)


def draw_transformer(sc: Scene) -> None:
    """A power transformer (electrical steel) with fins and bushings under high-voltage pylons."""
    sc.sky(stars=40)
    sc.hills(sc.gy, 40, sc.far)
    pylons = []
    for k, (px, ph) in enumerate(((140, 380), (470, 300), (760, 240), (1010, 200))):
        base = sc.gy + 4
        c = sc.far if k else sc.mid
        top = base - ph
        sc.line([(px - ph * 0.16, base), (px, top)], c, 4)
        sc.line([(px + ph * 0.16, base), (px, top)], c, 4)
        for j in range(1, 6):
            y = base - ph * j / 6
            hw = ph * 0.16 * (1 - j / 6)
            sc.line([(px - hw, y), (px + hw, y)], c, 2)
            sc.line([(px - hw, y), (px + hw * 0.8, y - ph / 6)], c, 2)
        for arm_y in (top + ph * 0.15, top + ph * 0.32):
            sc.line([(px - ph * 0.2, arm_y), (px + ph * 0.2, arm_y)], c, 4)
        pylons.append((px, top + ph * 0.15, ph))
    for (x0, y0, h0), (x1, y1, _) in itertools.pairwise(pylons):
        for dx in (-h0 * 0.2, h0 * 0.2):
            mx = (x0 + x1) / 2
            sc.line(
                spline([(x0 + dx, y0), (mx + dx * 0.8, max(y0, y1) + 30), (x1 + dx * 0.8, y1)], 10),
                rgba(sc.rim, 110),
                1.5,
            )
    sc.ground()
    gy, cx = sc.gy + 60, sc.cx
    tx0, tx1, top = cx - 200, cx + 200, gy - 250
    sc.rect(tx0, top, tx1, gy, sc.body)
    sc.rect(tx0, top, tx0 + 120, gy, sc.lit)
    sc.rect(tx0 - 10, top - 14, tx1 + 10, top, sc.near)
    for side in (-1, 1):
        for k in range(8):
            fx = (tx0 - 20 - k * 16) if side < 0 else (tx1 + 12 + k * 16)
            sc.rect(fx, top + 30, fx + 9, gy - 30, sc.mid if side > 0 else mix(sc.mid, sc.lit, 0.6))
        hx0, hx1 = (tx0 - 150, tx0) if side < 0 else (tx1, tx1 + 150)
        sc.rect(hx0, top + 40, hx1, top + 50, sc.near)
        sc.rect(hx0, gy - 46, hx1, gy - 36, sc.near)
    sc.cylinder(cx - 160, top - 110, cx + 40, top - 50, sc.body, sc.lit)
    sc.ellipse(cx - 160, top - 80, 12, 30, sc.lit)
    sc.rect(cx - 140, top - 50, cx - 120, top - 14, sc.near)
    for k, bx in enumerate((cx + 80, cx + 130, cx + 180)):
        bt = top - 220 + k * 10
        sc.rect(bx - 6, bt, bx + 6, top - 14, mix(sc.near, STEEL, 0.3))
        for j in range(10):
            y = bt + 10 + j * (top - 30 - bt) / 10
            sc.ellipse(bx, y, 17, 6, mix((160, 90, 60), sc.accent, 0.3))
            sc.ellipse(bx, y - 2, 17, 5, mix((210, 140, 100), sc.accent, 0.3))
        sc.circle(bx, bt - 4, 8, STEEL)
        sc.line([(bx, bt - 4), (bx + 60 + k * 10, -20)], rgba(sc.rim, 120), 1.5)
    sc.glow(cx + 130, top - 220, 40, (190, 210, 255), 120)
    sc.rect(cx - 300, gy, cx + 300, gy + 24, sc.near)
    sc.poly(
        [
            (cx - 90, top + 60),
            (cx - 40, top + 60),
            (cx - 60, top + 110),
            (cx - 30, top + 110),
            (cx - 90, top + 180),
            (cx - 70, top + 125),
            (cx - 100, top + 125),
        ],
        mix(sc.accent, (255, 220, 60), 0.6),
    )


def draw_rail(sc: Scene) -> None:
    """Rails and sleepers running in perspective to the horizon, a locomotive light far off."""
    sc.sky(stars=30)
    sc.hills(sc.gy, 50, sc.far)
    sc.ground()
    gy, vx = sc.gy, sc.cx + 40
    sc.poly([(vx - 8, gy), (vx + 8, gy), (vx + 700, H), (vx - 700, H)], mix(sc.mid, sc.near, 0.2))
    for k in range(70):
        z = 1 / (0.02 + k * 0.045)
        t = 1 / z
        y = gy + (H - gy) * min(1.0, t)
        if y > H:
            break
        hw = 560 * t
        th = max(1.0, 30 * t)
        sc.poly(
            [(vx - hw, y), (vx + hw, y), (vx + hw * 1.02, y + th), (vx - hw * 1.02, y + th)],
            mix(sc.body, (90, 60, 40), 0.4),
        )
        sc.line([(vx - hw, y), (vx + hw, y)], rgba(sc.rim, 60), max(1, th * 0.15))
    for side in (-1, 1):
        for inner, col in ((0.0, STEEL_DARK), (0.04, STEEL_LIT)):
            g0 = 380 * (1 - inner)
            sc.poly(
                [
                    (vx + side * 2, gy),
                    (vx + side * 3, gy),
                    (vx + side * (g0 + 22), H),
                    (vx + side * g0, H),
                ],
                col,
            )
    for side in (-1, 1):
        for k in range(8):
            t = (k + 1) / 8
            t = t * t
            x = vx + side * 900 * t + side * 20
            y = gy + (H - gy) * t * 0.9
            h = 260 * t + 10
            sc.rect(x - 2 - 5 * t, y - h, x + 2 + 5 * t, y, sc.near)
            sc.rect(x - 10 - 30 * t, y - h, x + 10 + 30 * t, y - h + 3 + 6 * t, sc.near)
    sc.rect(vx - 14, gy - 20, vx + 14, gy, sc.near)
    sc.rect(vx - 8, gy - 30, vx + 8, gy - 20, sc.near)
    sc.circle(vx, gy - 10, 4, (255, 250, 220))
    sc.glow(vx, gy - 10, 60, hot(0.2), 255)
    sc.glow(vx, gy - 10, 16, (255, 255, 230), 255, soft=False)
    sx = vx - 240
    sc.rect(sx - 4, gy - 160, sx + 4, gy + 10, sc.near)
    sc.rect(sx - 14, gy - 170, sx + 14, gy - 120, sc.near)
    sc.circle(sx, gy - 156, 6, hot(0.3))
    sc.glow(sx, gy - 156, 20, hot(0.3), 220, soft=False)


def draw_bridge(sc: Scene) -> None:
    """A steel truss bridge on stone piers over a river, reflected in the water."""
    sc.sky(stars=20)
    sc.hills(sc.gy - 30, 60, sc.far)
    gy = sc.gy
    sc.water(gy)
    deck = gy - 90
    x0, x1 = -40, W + 40
    spans = 3
    sw = (x1 - x0) / spans
    for i in range(spans + 1):
        px = x0 + i * sw
        sc.poly(
            [(px - 30, deck + 10), (px + 30, deck + 10), (px + 40, gy + 20), (px - 40, gy + 20)],
            sc.mid,
        )
        sc.poly(
            [(px - 30, deck + 10), (px - 10, deck + 10), (px - 10, gy + 20), (px - 40, gy + 20)],
            rgba(sc.lit, 120),
        )
    for i in range(spans):
        a, b = x0 + i * sw + 30, x0 + (i + 1) * sw - 30
        top = deck - 130
        col = sc.lit
        n = 8
        pts = []
        for k in range(n + 1):
            x = a + (b - a) * k / n
            pts.append((x, deck if k % 2 == 0 else top))
        sc.line([(a, deck), (b, deck)], sc.body, 12)
        sc.line([(a + (b - a) / n, top), (b - (b - a) / n, top)], col, 10)
        sc.line([(a, deck), (a + (b - a) / n, top)], col, 10)
        sc.line([(b, deck), (b - (b - a) / n, top)], col, 10)
        sc.line(pts[1:-1], col, 6)
        for k in range(1, n):
            x = a + (b - a) * k / n
            sc.line([(x, deck), (x, top)], rgba(col, 160), 3)
        sc.line([(a, deck - 4), (b, deck - 4)], rgba(sc.rim, 150), 2)
    ref = sc.img.crop((0, int((deck - 140) * S), W * S, int((deck + 12) * S))).transpose(
        Image.Transpose.FLIP_TOP_BOTTOM
    )
    ref = ref.resize((W * S, int(ref.height * 0.8)))
    mask = Image.new("L", ref.size, 70)
    sc.img.paste(ref, (0, int((gy + 22) * S)), mask)
    sc.draw = ImageDraw.Draw(sc.img, "RGBA")
    for _ in range(60):
        y = sc.rng.uniform(gy + 20, H)
        x = sc.rng.uniform(-50, W)
        sc.line([(x, y), (x + sc.rng.uniform(30, 160), y)], rgba(sc.near, 140), 2)
    tx = sc.cx
    sc.rect(tx - 80, deck - 40, tx + 80, deck - 6, sc.near)
    for k in range(5):
        sc.rect(tx - 70 + k * 30, deck - 32, tx - 56 + k * 30, deck - 22, rgba(hot(0.2), 220))
    sc.circle(tx + 80, deck - 20, 4, (255, 250, 220))
    sc.glow(tx + 80, deck - 20, 30, hot(0.2), 220, soft=False)


def draw_chart(sc: Scene) -> None:
    """A rising bar chart of steel ingots with a trend line (no labels)."""
    cx = 640
    sc.studio(cx, 330, rays=False)
    x0, x1, base = 200, 1080, sc.gy + 30
    sc.line([(x0, 120), (x0, base), (x1 + 40, base)], sc.rim, 4)
    for k in range(1, 6):
        y = base - k * 90
        sc.line([(x0, y), (x1, y)], rgba(sc.rim, 35), 1.5)
    n = 9
    bw = (x1 - x0) / n
    tops = []
    for k in range(n):
        v = (k + 1) / n
        h = 40 + 440 * v**1.6 * sc.rng.uniform(0.88, 1.08)
        bx = x0 + 20 + k * bw
        hot_bar = k == n - 1
        front = hot(0.2) if hot_bar else mix(sc.body, sc.lit, v)
        side = hot(0.5) if hot_bar else mix(sc.body, sc.near, 0.3)
        topc = hot(0.0) if hot_bar else mix(sc.lit, sc.rim, 0.5)
        w = bw - 30
        sc.poly(
            [
                (bx + w, base - h),
                (bx + w + 16, base - h - 12),
                (bx + w + 16, base - 12),
                (bx + w, base),
            ],
            side,
        )
        sc.poly(
            [
                (bx, base - h),
                (bx + 16, base - h - 12),
                (bx + w + 16, base - h - 12),
                (bx + w, base - h),
            ],
            topc,
        )
        sc.rect(bx, base - h, bx + w, base, front)
        if hot_bar:
            sc.glow(bx + w / 2, base - h / 2, 90, hot(0.4), 200)
        tops.append((bx + w / 2, base - h - 40))
    sc.line(spline(tops, 6), hot(0.1), 4)
    for px, py in tops:
        sc.circle(px, py, 7, hot(0.1))
        sc.glow(px, py, 14, hot(0.3), 255, soft=False)
    ex, ey = tops[-1]
    sc.poly([(ex + 30, ey - 30), (ex - 6, ey - 20), (ex + 20, ey + 6)], hot(0.1))


def draw_trades(sc: Scene) -> None:
    """Trade emblems: hard hat over crossed hammer and tongs, with tool badges around."""
    cx, cy = sc.cx, 360
    sc.studio(cx, cy, rays=True)
    tool = mix(STEEL, sc.accent, 0.1)
    for ang in (-40, 40):
        sc.poly(
            rotate([(-10, -240), (10, -240), (12, 220), (-12, 220)], cx, cy + 20, ang),
            mix(sc.lit, (120, 80, 50), 0.4),
        )
    sc.poly(rotate([(-70, -270), (70, -270), (70, -210), (-70, -210)], cx, cy + 20, 40), tool)
    sc.poly(rotate([(-70, -270), (70, -270), (70, -256), (-70, -256)], cx, cy + 20, 40), STEEL_LIT)
    sc.poly(
        rotate(
            [(-16, -250), (16, -250), (50, -300), (30, -310), (0, -270), (-30, -310), (-50, -300)],
            cx,
            cy + 20,
            -40,
        ),
        tool,
    )
    helmet = mix(sc.accent, (255, 188, 40), 0.65)
    hy = cy + 40
    dome = [
        (cx + 150 * math.cos(math.radians(a)), hy - 150 * math.sin(math.radians(a)) * 0.95)
        for a in range(0, 181, 6)
    ]
    sc.poly(dome, helmet)
    sc.poly(
        [(cx - 200, hy), (cx + 200, hy), (cx + 180, hy + 30), (cx - 180, hy + 30)],
        mix(helmet, (0, 0, 0), 0.25),
    )
    sc.poly(
        [(cx - 24, hy - 142), (cx + 24, hy - 142), (cx + 20, hy), (cx - 20, hy)],
        mix(helmet, (255, 255, 255), 0.3),
    )
    sc.arc(cx, hy, 120, 118, 200, 250, rgba((255, 255, 255), 160), 8)
    badges = [(cx - 430, 220), (cx + 430, 220), (cx - 380, 520), (cx + 380, 520)]
    for i, (bx, by) in enumerate(badges):
        sc.circle(bx, by, 86, mix(sc.base, sc.accent, 0.25))
        sc.ellipse(bx, by, 86, 86, outline=sc.rim, width=3)
        if i == 0:
            sc.poly(rotate([(-8, -50), (8, -50), (8, 40), (-8, 40)], bx, by, 45), tool)
            sc.circle(*rotate([(0, -55)], bx, by, 45)[0], 22, tool)
            sc.circle(*rotate([(0, -66)], bx, by, 45)[0], 12, mix(sc.base, sc.accent, 0.25))
        elif i == 1:
            sc.circle(bx, by, 56, STEEL_LIT)
            sc.circle(bx, by, 48, (30, 30, 34))
            for k in range(9):
                a = math.radians(150 + k * 30)
                sc.line(
                    [
                        (bx + math.cos(a) * 38, by + math.sin(a) * 38),
                        (bx + math.cos(a) * 46, by + math.sin(a) * 46),
                    ],
                    STEEL_LIT,
                    3,
                )
            sc.line([(bx, by), (bx + 30, by - 26)], hot(0.2), 4)
            sc.circle(bx, by, 6, STEEL_LIT)
        elif i == 2:
            sc.rect(bx - 60, by - 16, bx + 60, by + 16, (30, 30, 34))
            sc.ellipse(bx - 30, by, 26, 20, mix(sc.accent, (60, 200, 120), 0.5))
            sc.ellipse(bx + 30, by, 26, 20, mix(sc.accent, (60, 200, 120), 0.5))
            sc.line([(bx - 60, by), (bx - 76, by - 6)], (30, 30, 34), 5)
            sc.line([(bx + 60, by), (bx + 76, by - 6)], (30, 30, 34), 5)
        else:
            sc.rect(bx - 50, by + 20, bx + 50, by + 40, tool)
            sc.poly(
                [(bx - 60, by + 20), (bx + 60, by + 20), (bx + 30, by - 10), (bx - 30, by - 10)],
                tool,
            )
            sc.rect(bx - 30, by - 30, bx + 30, by - 10, STEEL_LIT)
            sc.sparks(bx, by - 30, -90, 50, 120, 14, size=0.6)


def draw_year(sc: Scene, year: int | None) -> None:
    """Fallback: a typographic composition of the year in molten letters."""
    cx, cy = 640, 390
    sc.studio(cx, cy, rays=True)
    text = format_year(year) or "…"
    f = font(300 * S, "Black")
    mask = Image.new("L", sc.img.size, 0)
    md = ImageDraw.Draw(mask)
    box = md.textbbox((0, 0), text, font=f)
    tw, th = box[2] - box[0], box[3] - box[1]
    ox, oy = cx * S - tw / 2 - box[0], cy * S - th / 2 - box[1]
    md.text((ox, oy), text, font=f, fill=255)
    shadow = Image.new("L", sc.img.size, 0)
    ImageDraw.Draw(shadow).text((ox + 10 * S, oy + 12 * S), text, font=f, fill=150)
    sc.img.paste((0, 0, 0), (0, 0, *sc.img.size), shadow)
    grad = sc.gradient(sc.img.size, [hot(0.0), hot(0.15), hot(0.45), hot(0.8)], horizontal=False)
    sc.img.paste(grad, (0, 0), mask)
    sc.draw = ImageDraw.Draw(sc.img, "RGBA")
    small = mask.resize(sc.glow_soft.size, Image.Resampling.BILINEAR)
    sc.glow_soft.paste(hot(0.4), (0, 0, *small.size), small)
    sc.line(
        [(cx - tw / 2 / S, cy + th / 2 / S + 40), (cx + tw / 2 / S, cy + th / 2 / S + 40)],
        sc.rim,
        3,
    )
    sc.sparks(cx + tw / 2 / S - 20, cy - th / 2 / S, -60, 40, 260, 40)


MOTIFS: dict[str, Callable[[Scene], None]] = {
    "meteorite": draw_meteorite,
    "bloomery": draw_bloomery,
    "blast-furnace": draw_blast_furnace,
    "charcoal": draw_charcoal,
    "coke": draw_coke,
    "crucible": draw_crucible,
    "puddling": draw_puddling,
    "rolling-mill": draw_rolling_mill,
    "hot-blast-stove": draw_hot_blast_stove,
    "converter": draw_converter,
    "open-hearth": draw_open_hearth,
    "electric-arc": draw_electric_arc,
    "stainless": draw_stainless,
    "continuous-casting": draw_continuous_casting,
    "oxygen-converter": draw_oxygen_converter,
    "direct-reduction": draw_direct_reduction,
    "hydrogen": draw_hydrogen,
    "globe": draw_globe,
    "steelworks": draw_steelworks,
    "protest": draw_protest,
    "coil": draw_coil,
    "harbour": draw_harbour,
    "mine": draw_mine,
    "monument": draw_monument,
    "tube": draw_tube,
    "transformer": draw_transformer,
    "rail": draw_rail,
    "bridge": draw_bridge,
    "chart": draw_chart,
    "trades": draw_trades,
}
NO_FLIP = {"chart"}


# --- rendering and files ----------------------------------------------------------------------


def render(entry_id: str, motif: str | None, accent: Colour, year: int | None) -> Image.Image:
    """Draw one illustration (1280×800 RGB)."""
    sc = Scene(entry_id, accent)
    draw = MOTIFS.get(motif or "")
    if draw is None:
        sc.flip = False
        draw_year(sc, year)
        return sc.finish(None)
    if motif in NO_FLIP:
        sc.flip = False
    draw(sc)
    return sc.finish(year)


def encode_png(img: Image.Image, limit: int = MAX_BYTES) -> bytes:
    """Optimised palette PNG; if it is over `limit`, the grain is smoothed until it fits."""
    data = b""
    for blur in (0, 0.6, 1.0, 1.6):
        src = img.filter(ImageFilter.GaussianBlur(blur)) if blur else img
        pal = src.quantize(256, method=Image.Quantize.FASTOCTREE)
        buf = io.BytesIO()
        pal.save(buf, "PNG", optimize=True)
        data = buf.getvalue()
        if len(data) <= limit:
            break
    return data


def load_eras(media: Path) -> dict[str, Colour]:
    """Era id -> accent colour from timeline/eras.yaml."""
    path = media / "timeline" / "eras.yaml"
    if not path.exists():
        return {}
    eras = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    out = {}
    for era in eras:
        try:
            out[str(era["id"])] = hex_rgb(era["colour"])
        except (KeyError, TypeError, ValueError):
            continue
    return out


def load_entries(media: Path) -> list[tuple[str, dict]]:
    """(id, data) for every entry YAML in timeline/, sorted by id."""
    out = []
    for path in sorted((media / "timeline").glob("*.yaml")):
        if path.name == "eras.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            out.append((path.stem, data))
    return out


def illustrate(media: Path, only: Sequence[str] | None = None) -> list[Path]:
    """Draw the illustration of every entry (or only the given ids); returns the written files."""
    eras = load_eras(media)
    written = []
    for entry_id, data in load_entries(media):
        if only and entry_id not in only:
            continue
        accent = eras.get(str(data.get("era")), DEFAULT_ACCENT)
        year = data.get("year")
        year = year if isinstance(year, int) else None
        img = render(entry_id, data.get("illustration"), accent, year)
        target = media / str(data.get("image") or f"images/{entry_id}.png")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(encode_png(img))
        written.append(target)
    return written


def contact_sheet(path: Path, media: Path) -> None:
    """Every motif (and the year fallback) on one PNG, cycling through the era colours."""
    colours = list(load_eras(media).values()) or [hex_rgb(c) for c in SHEET_COLOURS]
    names = [*MOTIFS, "unknown"]
    cols, tw, th = 5, 512, 320
    rows = math.ceil(len(names) / cols)
    sheet = Image.new("RGB", (cols * tw, rows * th), (0, 0, 0))
    for i, name in enumerate(names):
        img = render(f"sheet-{name}", name, colours[i % len(colours)], 1800 + 7 * i)
        small = img.resize((tw - 4, th - 4), Image.Resampling.LANCZOS)
        sheet.paste(small, ((i % cols) * tw + 2, (i // cols) * th + 2))
    sheet.save(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Draw the timeline illustrations.")
    parser.add_argument("media", nargs="?", type=Path, default=DEFAULT_MEDIA, help="media folder")
    parser.add_argument("--only", nargs="+", metavar="ID", help="only these entry ids")
    parser.add_argument(
        "--sheet", type=Path, metavar="PNG", help="write a contact sheet of all motifs instead"
    )
    args = parser.parse_args(argv)
    if args.sheet:
        contact_sheet(args.sheet, args.media)
        print(f"contact sheet: {args.sheet}")
        return 0
    written = illustrate(args.media, args.only)
    for path in written:
        print(f"{path.stat().st_size // 1024:4d} KB  {path}")
    if not written:
        print("no entries drawn", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
