"""Generate the timeline's two demo videos and their subtitles (original drawings, no footage).

    .venv/bin/python scripts/make_videos.py [--out media/videos]

Each video is drawn frame by frame with Pillow (at twice the size, then downscaled for smooth
edges) and piped as raw RGB to ffmpeg, which encodes 640×400 H.264 yuv420p at 25 fps without an
audio track. The CRF is raised until a file is under the size target. Subtitles (fr, nl, en) are
written next to each video as <id>.<lang>.srt.

- bessemer-1856: a pear-shaped converter is charged with molten pig iron, swings upright, blows
  (flame, sparks, smoke) and tips its steel into a ladle.
- hybrit-2021: wind power makes hydrogen; H2 rises through a shaft furnace full of ore pellets,
  which turn from red oxide to grey iron, and leaves as water vapour.
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 640, 400
FPS = 25
SECONDS = 12.0
SS = 2  # supersampling factor: draw at 2× and downscale
MAX_BYTES = 400_000
FONT_PATH = ROOT / "acier" / "kiosk" / "fonts" / "Lato-Bold.ttf"

Colour = tuple[int, int, int]
Point = tuple[float, float]
Renderer = Callable[[float], Image.Image]


# -- helpers ---------------------------------------------------------------------------------


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def smooth(value: float) -> float:
    """Smoothstep of value clamped to 0..1."""
    x = clamp(value)
    return x * x * (3 - 2 * x)


def ramp(t: float, start: float, end: float) -> float:
    """0 before start, 1 after end, smooth in between."""
    return smooth((t - start) / (end - start))


def mix(a: Colour, b: Colour, f: float) -> Colour:
    f = clamp(f)
    return (
        round(a[0] + (b[0] - a[0]) * f),
        round(a[1] + (b[1] - a[1]) * f),
        round(a[2] + (b[2] - a[2]) * f),
    )


def sc(points: Iterable[Point]) -> list[Point]:
    """Scale 1× coordinates to the supersampled canvas."""
    return [(x * SS, y * SS) for x, y in points]


def box(x0: float, y0: float, x1: float, y1: float) -> list[float]:
    return [x0 * SS, y0 * SS, x1 * SS, y1 * SS]


def circle(draw: ImageDraw.ImageDraw, centre: Point, radius: float, fill: object) -> None:
    x, y = centre
    draw.ellipse(box(x - radius, y - radius, x + radius, y + radius), fill=fill)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if FONT_PATH.exists():
        return ImageFont.truetype(str(FONT_PATH), size * SS)
    return ImageFont.load_default(size * SS)


def formula(
    draw: ImageDraw.ImageDraw, at: Point, parts: Sequence[str], size: int, fill: Colour
) -> None:
    """Chemical formula with subscripts: parts alternate normal text and subscript digits."""
    big, small = font(size), font(round(size * 0.62))
    x, y = at[0] * SS, at[1] * SS
    for i, part in enumerate(parts):
        face = big if i % 2 == 0 else small
        dy = 0 if i % 2 == 0 else size * SS * 0.45
        draw.text((x, y + dy), part, font=face, fill=fill)
        x += draw.textlength(part, font=face)


def polyline_point(path: Sequence[Point], distance: float) -> Point:
    """Point at a distance along a polyline (clamped to its ends)."""
    for (x0, y0), (x1, y1) in itertools.pairwise(path):
        length = math.hypot(x1 - x0, y1 - y0)
        if distance <= length:
            f = distance / length if length else 0.0
            return x0 + (x1 - x0) * f, y0 + (y1 - y0) * f
        distance -= length
    return path[-1]


def polyline_length(path: Sequence[Point]) -> float:
    return sum(math.hypot(x1 - x0, y1 - y0) for (x0, y0), (x1, y1) in itertools.pairwise(path))


def finish(canvas: Image.Image) -> Image.Image:
    return canvas.convert("RGB").resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)


# -- Bessemer converter, 1856 ----------------------------------------------------------------

B_PIVOT: Point = (232, 218)
B_FLOOR = 350
B_LADLE_X = 388
B_LADLE_DEPTH = 44
WALL: Colour = (43, 32, 27)
WALL_DARK: Colour = (34, 25, 21)
FLOOR: Colour = (22, 17, 14)
STEEL: Colour = (78, 88, 98)
STEEL_DARK: Colour = (55, 62, 71)
STEEL_BAND: Colour = (40, 45, 52)
MOLTEN: Colour = (255, 140, 40)
MOLTEN_HOT: Colour = (255, 214, 120)


def converter_profile() -> list[tuple[float, float, float]]:
    """The pear-shaped vessel as (y, half width, sideways bend of the nose), y up from the pivot."""
    samples = []
    for i in range(81):
        y = -95 + i * 2.5  # bottom -95 .. mouth 105
        if y < -35:
            half = 72 * math.sqrt(max(0.0, 1 - ((y + 35) / 60) ** 2))
        elif y < 25:
            half = 72.0
        else:
            half = 72 - 42 * smooth((y - 25) / 72)
        samples.append((y, half, 24 * smooth((y - 30) / 70)))
    return samples


PROFILE = converter_profile()
CONVERTER: list[Point] = [(half + bend, y) for y, half, bend in PROFILE] + [
    (bend - half, y) for y, half, bend in reversed(PROFILE)
]
# Flat shading: the right third of the vessel in a darker tone.
CONVERTER_SHADE: list[Point] = [(half + bend, y) for y, half, bend in PROFILE] + [
    (bend + 0.3 * half, y) for y, half, bend in reversed(PROFILE)
]
MOUTH_LOCAL: Point = (24.0, 105.0)


def to_screen(point: Point, angle: float, pivot: Point = B_PIVOT) -> Point:
    """Local (y up) → screen, rotated clockwise by angle (radians) about the pivot."""
    x, y = point
    ca, sa = math.cos(angle), math.sin(angle)
    xr = x * ca + y * sa
    yr = -x * sa + y * ca
    return pivot[0] + xr, pivot[1] - yr


def converter_angle(t: float) -> float:
    """Lying on its side to be charged, upright for the blow, then tipped to pour."""
    lying = math.radians(80)
    pouring = math.radians(104)
    wobble = math.radians(1.2) * math.sin(t * 7) * (ramp(t, 3.2, 3.8) - ramp(t, 8.8, 9.3))
    if t < 3.0:
        return lying * (1 - ramp(t, 1.4, 3.0))
    if t < 9.6:
        return wobble
    return pouring * ramp(t, 9.6, 10.9)


def blow_strength(t: float) -> float:
    return ramp(t, 3.0, 4.0) * (1 - ramp(t, 8.9, 9.7))


@dataclass(frozen=True)
class Spark:
    born: float
    vx: float
    vy: float
    life: float


def make_sparks() -> list[Spark]:
    rng = random.Random(1856)
    sparks = []
    t = 2.9
    while t < 9.8:
        sparks.append(
            Spark(t, rng.uniform(-110, 170), rng.uniform(-360, -210), rng.uniform(0.9, 1.7))
        )
        t += rng.expovariate(70)
    return sparks


SPARKS = make_sparks()


def draw_flame(layer: Image.Image, base: Point, strength: float, t: float) -> None:
    """Stacked flickering tongues of flame rising from the mouth."""
    draw = ImageDraw.Draw(layer)
    flicker = 1 + 0.12 * math.sin(t * 13) + 0.07 * math.sin(t * 29 + 1.3)
    height = 100 * strength * flicker
    tongues = [
        ((215, 72, 15, 225), 1.00, 46),
        ((247, 103, 7, 235), 0.84, 36),
        ((252, 196, 25, 245), 0.62, 25),
        ((255, 243, 191, 250), 0.38, 13),
    ]
    for colour, length, width in tongues:
        left: list[Point] = []
        right: list[Point] = []
        steps = 24
        for i in range(steps + 1):
            s = i / steps
            wiggle = 9 * s * math.sin(7 * s - t * 11 + length * 5)
            x = base[0] + 10 * s + wiggle
            y = base[1] - height * length * s
            w = width * strength * math.sin(math.pi * min(1.0, 0.15 + s * 0.85)) * (1 - s) ** 0.4
            w = max(w, 0.5) if i < steps else 0.0
            left.append((x - w, y))
            right.append((x + w, y))
        draw.polygon(sc(left + right[::-1]), fill=colour)


def draw_sparks(draw: ImageDraw.ImageDraw, mouth: Point, t: float) -> None:
    gravity = 300.0
    for spark in SPARKS:
        age = t - spark.born
        if age < 0 or age > spark.life:
            continue
        strength = blow_strength(spark.born)
        if strength < 0.05:
            continue

        def position(a: float, spark: Spark = spark, strength: float = strength) -> Point:
            return (
                mouth[0] + spark.vx * a * strength,
                mouth[1] + spark.vy * a * strength + 0.5 * gravity * a * a,
            )

        head, tail = position(age), position(max(0.0, age - 0.05))
        colour = mix((255, 250, 210), (255, 120, 30), age / spark.life)
        draw.line(sc([tail, head]), fill=colour, width=3 * SS // 2)


def draw_smoke(layer: Image.Image, mouth: Point, t: float) -> None:
    draw = ImageDraw.Draw(layer)
    rng = random.Random(7)
    for i in range(46):
        born = 3.2 + i * 0.14 + rng.uniform(0, 0.1)
        age = t - born
        if age < 0 or age > 4.0:
            continue
        strength = blow_strength(born)
        x = mouth[0] + 20 + age * (28 + rng.uniform(-10, 25)) + 10 * math.sin(age * 2 + i)
        y = mouth[1] - 120 - age * 55
        radius = 14 + age * 16
        alpha = round(110 * strength * (1 - age / 4.0))
        circle(draw, (x, y), radius, (92, 74, 61, alpha))


def draw_converter(draw: ImageDraw.ImageDraw, angle: float) -> None:
    outline = [to_screen(p, angle) for p in CONVERTER]
    draw.polygon(sc(outline), fill=STEEL)
    draw.polygon(sc(to_screen(p, angle) for p in CONVERTER_SHADE), fill=STEEL_DARK)
    # Riveted bands around the body.
    for y0, y1 in ((-40, -30), (20, 30), (88, 96)):
        band = [p for p in CONVERTER if y0 <= p[1] <= y1]
        draw.polygon(sc(to_screen(p, angle) for p in band), fill=STEEL_BAND)
        rivet_y = (y0 + y1) / 2
        right = max(p[0] for p in band)
        left = min(p[0] for p in band)
        for k in range(1, 6):
            x = left + (right - left) * k / 6
            circle(draw, to_screen((x, rivet_y), angle), 1.6, (120, 130, 140))
    # Glowing refractory lip at the mouth.
    mouth = to_screen(MOUTH_LOCAL, angle)
    lip_a = to_screen((MOUTH_LOCAL[0] - 29, MOUTH_LOCAL[1]), angle)
    lip_b = to_screen((MOUTH_LOCAL[0] + 29, MOUTH_LOCAL[1]), angle)
    draw.line(sc([lip_a, lip_b]), fill=MOLTEN, width=5 * SS)
    circle(draw, mouth, 4, MOLTEN_HOT)
    # Trunnion and tilting gear (drawn on the near side).
    centre = B_PIVOT
    for k in range(12):
        a = angle + k * math.pi / 6
        tooth = [
            to_screen((math.cos(a + d) * r, math.sin(a + d) * r), 0.0)
            for d, r in ((-0.12, 22), (-0.09, 29), (0.09, 29), (0.12, 22))
        ]
        draw.polygon(sc(tooth), fill=(62, 58, 54))
    circle(draw, centre, 24, (70, 66, 62))
    circle(draw, centre, 10, (40, 37, 35))


def draw_stand(draw: ImageDraw.ImageDraw) -> None:
    px, py = B_PIVOT
    draw.polygon(
        sc([(px - 16, py), (px + 16, py), (px + 30, B_FLOOR), (px - 30, B_FLOOR)]),
        fill=(50, 40, 34),
    )
    draw.rectangle(box(px - 40, B_FLOOR - 8, px + 40, B_FLOOR), fill=(58, 47, 40))


def draw_ladle(draw: ImageDraw.ImageDraw, fill_level: float) -> None:
    x, floor, top = B_LADLE_X, B_FLOOR, B_FLOOR - B_LADLE_DEPTH
    body = [(x - 40, top), (x + 40, top), (x + 30, floor), (x - 30, floor)]
    draw.polygon(sc(body), fill=(68, 64, 66))
    draw.polygon(
        sc([(x + 12, top), (x + 40, top), (x + 30, floor), (x + 8, floor)]), fill=(52, 49, 52)
    )
    if fill_level > 0:  # the steel's surface seen over the rim
        draw.ellipse(box(x - 38, top - 5, x + 38, top + 5), fill=(30, 24, 22))
        draw.ellipse(
            box(
                x - 34 * fill_level, top - 4 * fill_level, x + 34 * fill_level, top + 4 * fill_level
            ),
            fill=MOLTEN,
        )
    draw.rectangle(box(x - 44, top - 2, x + 44, top + 3), fill=(96, 92, 96))


def bessemer_frame(t: float) -> Image.Image:
    canvas = Image.new("RGBA", (WIDTH * SS, HEIGHT * SS), (*WALL, 255))
    draw = ImageDraw.Draw(canvas)
    # Foundry hall: pillars, a high window, the floor.
    for x in (40, 520, 600):
        draw.rectangle(box(x, 0, x + 26, B_FLOOR), fill=WALL_DARK)
    draw.rectangle(box(0, 36, WIDTH, 46), fill=WALL_DARK)
    draw.rectangle(box(0, B_FLOOR, WIDTH, HEIGHT), fill=FLOOR)

    angle = converter_angle(t)
    mouth = to_screen(MOUTH_LOCAL, angle)
    strength = blow_strength(t)

    # Warm light on the walls during the blow (flat concentric bands).
    glow = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    glow_draw = ImageDraw.Draw(glow)
    light = strength * (1 + 0.1 * math.sin(t * 17)) + 0.25 * ramp(t, 10.0, 10.6)
    for k in range(8):
        radius = 250 - k * 28
        circle(glow_draw, (mouth[0], mouth[1] - 30), radius, (255, 120, 30, round(11 * light)))
    canvas = Image.alpha_composite(canvas, glow)
    draw = ImageDraw.Draw(canvas)

    # Charging: molten pig iron runs from a trough into the lying converter.
    charge = 1 - ramp(t, 1.0, 1.6)
    if charge > 0:
        lip: Point = (mouth[0] + 40, mouth[1] - 52)
        draw.polygon(
            sc([(640, 120), (640, 136), (lip[0], lip[1] + 6), (lip[0], lip[1] - 4)]),
            fill=(74, 62, 54),
        )
        stream = [
            (lip[0] + (mouth[0] + 2 - lip[0]) * math.sqrt(s), lip[1] + (mouth[1] - lip[1]) * s)
            for s in (i / 10 for i in range(11))
        ]
        draw.line(sc(stream), fill=MOLTEN, width=round(7 * charge * SS) + 1, joint="curve")

    draw_stand(draw)
    pour = ramp(t, 10.4, 10.9) * (1 - ramp(t, 11.7, 12.0))
    draw_ladle(draw, ramp(t, 10.5, 12.0))

    if strength > 0.01:
        smoke = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
        draw_smoke(smoke, mouth, t)
        canvas = Image.alpha_composite(canvas, smoke)
        flame = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
        draw_flame(flame, mouth, strength, t)
        canvas = Image.alpha_composite(canvas, flame)
    draw = ImageDraw.Draw(canvas)
    draw_converter(draw, angle)
    draw_sparks(draw, mouth, t)

    if pour > 0:
        # A stream of steel falling from the mouth into the ladle.
        target: Point = (B_LADLE_X - 4, B_FLOOR - B_LADLE_DEPTH)
        points = [
            (
                mouth[0] + (target[0] - mouth[0]) * math.sqrt(s),
                mouth[1] + (target[1] - mouth[1]) * s,
            )
            for s in (i / 12 for i in range(13))
        ]
        draw.line(sc(points), fill=MOLTEN, width=round(9 * pour * SS) + 1, joint="curve")
        draw.line(sc(points), fill=MOLTEN_HOT, width=round(3 * pour * SS) + 1, joint="curve")
    return finish(canvas)


# -- HYBRIT, 2021 ----------------------------------------------------------------------------

SKY_TOP: Colour = (196, 222, 240)
SKY_LOW: Colour = (232, 243, 249)
GROUND: Colour = (186, 201, 178)
SHELL: Colour = (84, 96, 108)
SHELL_DARK: Colour = (66, 76, 87)
INNER: Colour = (40, 45, 52)
OXIDE: Colour = (160, 74, 44)
IRON: Colour = (124, 132, 142)
HYDROGEN: Colour = (77, 171, 247)
OXYGEN: Colour = (240, 90, 90)
PIPE: Colour = (120, 134, 146)
PIPE_IN: Colour = (226, 236, 243)
INK_DARK: Colour = (40, 52, 64)

H_GROUND = 372
SHAFT_L, SHAFT_R = 272, 368  # inner walls of the shaft
SHAFT_TOP, SHAFT_BOTTOM = 104, 318
REACTION_Y = 205
GAS_PATH: list[Point] = [
    (150, 312),
    (214, 312),
    (214, 282),
    (SHAFT_L + 14, 282),  # inlet pipe
    (320, 270),
    (320, SHAFT_TOP + 14),  # rising through the pellets
    (SHAFT_R + 4, SHAFT_TOP + 8),
    (478, SHAFT_TOP + 8),
    (478, 46),  # outlet and stack
]
GAS_LENGTH = polyline_length(GAS_PATH)
GAS_IN_SHAFT = polyline_length(GAS_PATH[:4])
GAS_SPEED = 52.0


def draw_turbine(
    draw: ImageDraw.ImageDraw, x: float, top: float, size: float, t: float, colour: Colour
) -> None:
    draw.polygon(
        sc(
            [
                (x - 4 * size, H_GROUND),
                (x + 4 * size, H_GROUND),
                (x + 1.6 * size, top),
                (x - 1.6 * size, top),
            ]
        ),
        fill=colour,
    )
    spin = t * 1.7 + x
    for k in range(3):
        a = spin + k * 2 * math.pi / 3
        tip = (x + math.cos(a) * 52 * size, top + math.sin(a) * 52 * size)
        side = (x + math.cos(a + 0.25) * 12 * size, top + math.sin(a + 0.25) * 12 * size)
        draw.polygon(sc([(x, top), side, tip]), fill=colour)
    circle(draw, (x, top), 4.5 * size, colour)


def draw_molecule(draw: ImageDraw.ImageDraw, at: Point, water: float, spin: float) -> None:
    """H2 (two blue atoms) or, once water > 0.5, H2O (red oxygen with two hydrogens)."""
    x, y = at
    if water < 0.5:
        dx, dy = math.cos(spin) * 4.2, math.sin(spin) * 4.2
        circle(draw, (x - dx, y - dy), 4.6, HYDROGEN)
        circle(draw, (x + dx, y + dy), 4.6, HYDROGEN)
        circle(draw, (x - dx - 1.3, y - dy - 1.3), 1.4, (220, 240, 255))
        return
    for side in (-1, 1):
        a = spin + side * 0.91
        circle(draw, (x + math.cos(a) * 6.5, y + math.sin(a) * 6.5), 3.6, HYDROGEN)
    circle(draw, (x, y), 5.6, OXYGEN)
    circle(draw, (x - 1.6, y - 1.8), 1.6, (255, 200, 200))


def draw_pellets(draw: ImageDraw.ImageDraw, t: float) -> None:
    """Ore pellets sinking through the shaft, reduced from red oxide to grey iron on the way."""
    spacing = 13.0
    span = SHAFT_BOTTOM - SHAFT_TOP
    rows = int(span / spacing) + 2
    for row in range(rows):
        y = SHAFT_TOP - spacing + (row * spacing + t * 11) % (rows * spacing)
        if y < SHAFT_TOP - 4 or y > SHAFT_BOTTOM + 2:
            continue
        reduced = smooth((y - REACTION_Y + 60) / 120)
        colour = mix(OXIDE, IRON, reduced)
        offset = 6.5 if (row + int(t * 11 / (rows * spacing) * rows)) % 2 else 0.0
        x = SHAFT_L + 8 + offset
        while x < SHAFT_R - 5:
            circle(draw, (x, y), 5.6, colour)
            circle(draw, (x - 1.8, y - 1.8), 1.5, mix(colour, (255, 255, 255), 0.35))
            x += spacing


def hybrit_frame(t: float) -> Image.Image:
    canvas = Image.new("RGB", (WIDTH * SS, HEIGHT * SS), SKY_LOW)
    draw = ImageDraw.Draw(canvas)
    for k in range(8):  # banded sky
        draw.rectangle(box(0, k * 30, WIDTH, k * 30 + 30), fill=mix(SKY_TOP, SKY_LOW, k / 8))
    circle(draw, (570, 60), 26, (255, 236, 170))
    draw.rectangle(box(0, H_GROUND, WIDTH, HEIGHT), fill=GROUND)

    # Wind power and the electrolyser that splits water into hydrogen.
    draw_turbine(draw, 118, 150, 0.8, t * 0.9, (200, 212, 222))
    draw_turbine(draw, 62, 110, 1.0, t, (250, 252, 253))
    draw.line(sc([(62, 300), (62, 330), (96, 330)]), fill=(90, 100, 110), width=2 * SS)
    draw.rounded_rectangle(box(96, 290, 152, 346), radius=6 * SS, fill=(43, 138, 158))
    draw.polygon(
        sc([(126, 298), (115, 318), (124, 318), (119, 336), (136, 312), (127, 312), (133, 298)]),
        fill=(255, 224, 102),
    )

    # Pipes: hydrogen in (lower left), water vapour out (top right, up the stack).
    for path in (GAS_PATH[:4], GAS_PATH[6:]):
        draw.line(sc(path), fill=PIPE, width=18 * SS, joint="curve")
        draw.line(sc(path), fill=PIPE_IN, width=12 * SS, joint="curve")
    draw.rectangle(box(468, 40, 488, 50), fill=PIPE)

    # The shaft furnace: hopper, shell, cut-away interior, discharge cone.
    cx = (SHAFT_L + SHAFT_R) / 2
    draw.polygon(
        sc(
            [
                (cx - 70, 62),
                (cx + 70, 62),
                (SHAFT_R + 12, SHAFT_TOP - 6),
                (SHAFT_L - 12, SHAFT_TOP - 6),
            ]
        ),
        fill=SHELL_DARK,
    )
    draw.rectangle(box(SHAFT_L - 12, SHAFT_TOP - 8, SHAFT_R + 12, SHAFT_BOTTOM + 4), fill=SHELL)
    draw.polygon(
        sc(
            [
                (SHAFT_L - 12, SHAFT_BOTTOM + 4),
                (SHAFT_R + 12, SHAFT_BOTTOM + 4),
                (cx + 16, 346),
                (cx - 16, 346),
            ]
        ),
        fill=SHELL_DARK,
    )
    draw.rectangle(box(SHAFT_L, SHAFT_TOP - 2, SHAFT_R, SHAFT_BOTTOM), fill=INNER)
    draw_pellets(draw, t)
    draw.rectangle(box(SHAFT_L - 12, 240, SHAFT_L - 4, SHAFT_BOTTOM + 4), fill=SHELL_DARK)

    # Ore feed dropping into the hopper.
    draw.rectangle(box(cx - 34, 20, cx + 34, 40), fill=SHELL_DARK)
    for k in range(5):
        y = 40 + ((t * 40 + k * 5) % 24)
        circle(draw, (cx + (k % 3 - 1) * 7, y), 4.2, OXIDE)
    formula(draw, (cx - 26, 22), ["Fe", "2", "O", "3"], 13, (238, 240, 242))

    # Gas molecules: H2 in, reacting in the shaft, H2O out.
    for i in range(-24, 26):
        born = i * 0.5
        s = (t - born) * GAS_SPEED
        if s < 0 or s > GAS_LENGTH:
            continue
        x, y = polyline_point(GAS_PATH, s)
        inside = GAS_IN_SHAFT < s < GAS_IN_SHAFT + 210
        if inside:
            x += 18 * math.sin(s * 0.06 + i * 1.7) * smooth((s - GAS_IN_SHAFT) / 30)
        water = 1.0 if y < REACTION_Y and s > GAS_IN_SHAFT else 0.0
        draw_molecule(draw, (x, y), water, t * 2 + i)

    # Steam leaving the stack.
    steam = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    steam_draw = ImageDraw.Draw(steam)
    for k in range(12):
        age = (t + k * 0.5) % 6.0
        circle(
            steam_draw,
            (478 + age * 12 + 6 * math.sin(age * 2 + k), 38 - age * 9),
            7 + age * 4.5,
            (255, 255, 255, round(210 * (1 - age / 6))),
        )
    canvas = Image.alpha_composite(canvas.convert("RGBA"), steam)
    draw = ImageDraw.Draw(canvas)

    # Sponge iron leaving on a conveyor.
    draw.rectangle(box(300, 352, 620, 360), fill=(70, 78, 86))
    for wheel in range(310, 620, 40):
        circle(draw, (wheel, 362), 5, (90, 98, 106))
    for k in range(12):
        x = 312 + ((t * 24 + k * 26) % 300)
        circle(draw, (x, 347), 4.8, IRON)
    formula(draw, (582, 322), ["Fe"], 16, INK_DARK)
    formula(draw, (168, 322), ["H", "2"], 16, INK_DARK)
    formula(draw, (500, 92), ["H", "2", "O"], 16, INK_DARK)
    return finish(canvas)


# -- subtitles -------------------------------------------------------------------------------

SUBTITLES: dict[str, dict[str, list[tuple[float, float, str]]]] = {
    "bessemer-1856": {
        "fr": [
            (0.3, 3.3, "Le convertisseur est rempli de fonte en fusion."),
            (3.5, 6.5, "L'air soufflé à travers la fonte brûle le carbone."),
            (6.7, 9.3, "Un soufflage dure environ 15 minutes, au lieu de plusieurs heures."),
            (9.5, 12.0, "Le mémoire de Bessemer est lu en 1856."),
        ],
        "nl": [
            (0.3, 3.3, "De converter wordt gevuld met vloeibaar ruwijzer."),
            (3.5, 6.5, "Lucht die door het ruwijzer wordt geblazen, verbrandt de koolstof."),
            (6.7, 9.3, "Een blaasbeurt duurt ongeveer 15 minuten in plaats van uren."),
            (9.5, 12.0, "Bessemers verhandeling wordt in 1856 voorgelezen."),
        ],
        "en": [
            (0.3, 3.3, "The converter is filled with molten pig iron."),
            (3.5, 6.5, "Air blown through the molten pig iron burns out the carbon."),
            (6.7, 9.3, "A blow takes about 15 minutes instead of hours."),
            (9.5, 12.0, "Bessemer's paper is read in 1856."),
        ],
    },
    "hybrit-2021": {
        "fr": [
            (0.3, 3.3, "HYBRIT réduit le minerai de fer avec de l'hydrogène au lieu du coke."),
            (3.5, 6.5, "L'hydrogène retire l'oxygène des boulettes de minerai."),
            (6.7, 9.3, "Il en sort de la vapeur d'eau au lieu de CO₂."),
            (9.5, 12.0, "Le premier acier sans énergie fossile est livré en 2021."),
        ],
        "nl": [
            (0.3, 3.3, "HYBRIT reduceert ijzererts met waterstof in plaats van cokes."),
            (3.5, 6.5, "Waterstof haalt de zuurstof uit de ertspellets."),
            (6.7, 9.3, "Wat eruit komt, is waterdamp in plaats van CO₂."),
            (9.5, 12.0, "Het eerste fossielvrije staal wordt in 2021 geleverd."),
        ],
        "en": [
            (0.3, 3.3, "HYBRIT reduces iron ore with hydrogen instead of coke."),
            (3.5, 6.5, "Hydrogen takes the oxygen out of the ore pellets."),
            (6.7, 9.3, "What comes out is water vapour instead of CO₂."),
            (9.5, 12.0, "The first fossil-free steel is delivered in 2021."),
        ],
    },
}


def srt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d},{millis:03d}"


def write_srt(path: Path, cues: list[tuple[float, float, str]]) -> None:
    blocks = [
        f"{i}\n{srt_time(start)} --> {srt_time(end)}\n{text}\n"
        for i, (start, end, text) in enumerate(cues, start=1)
    ]
    path.write_text("\n".join(blocks), encoding="utf-8")


# -- encoding --------------------------------------------------------------------------------


def encode(render: Renderer, path: Path, crf: int) -> int:
    """Pipe rendered frames to ffmpeg; returns the file size in bytes."""
    command = [
        "ffmpeg", "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{WIDTH}x{HEIGHT}", "-r", str(FPS),
        "-i", "-",
        "-an", "-c:v", "libx264", "-preset", "slow", "-tune", "animation", "-crf", str(crf),
        "-pix_fmt", "yuv420p", "-g", str(FPS * 2), "-movflags", "+faststart",
        str(path),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdin=subprocess.PIPE)
    assert process.stdin is not None
    for index in range(round(SECONDS * FPS)):
        process.stdin.write(render(index / FPS).tobytes())
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError(f"ffmpeg failed for {path}")
    return path.stat().st_size


def make_video(render: Renderer, path: Path) -> int:
    """Encode at the best quality that stays under MAX_BYTES."""
    for crf in (23, 26, 29, 32, 35):
        size = encode(render, path, crf)
        if size <= MAX_BYTES:
            print(f"{path}: {size} bytes (crf {crf})")
            return size
    raise RuntimeError(f"{path} stays above {MAX_BYTES} bytes")


VIDEOS: dict[str, Renderer] = {"bessemer-1856": bessemer_frame, "hybrit-2021": hybrit_frame}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "media" / "videos")
    parser.add_argument("--only", choices=sorted(VIDEOS), help="make just this video")
    parser.add_argument("--still", type=float, help="save one frame at this time as PNG instead")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for video_id, render in VIDEOS.items():
        if args.only and video_id != args.only:
            continue
        if args.still is not None:
            still = args.out / f"{video_id}-{args.still:.1f}s.png"
            render(args.still).save(still)
            print(still)
            continue
        make_video(render, args.out / f"{video_id}.mp4")
        for language, cues in SUBTITLES[video_id].items():
            write_srt(args.out / f"{video_id}.{language}.srt", cues)
    return 0


if __name__ == "__main__":
    sys.exit(main())
