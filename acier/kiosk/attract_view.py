"""The attract loop: illustrations drifting slowly behind an invitation in all three languages.

It must read as alive from across the hall (slow pan, cross-fades, rising embers, a pulsing ring)
while costing only a few blits a frame: pictures are pre-scaled once, slightly larger than the
screen, and panned rather than rescaled.
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import pygame

from acier.kiosk import text
from acier.kiosk.i18n import t
from acier.kiosk.images import ImageCache
from acier.kiosk.layout import Screen, attract_size
from acier.kiosk.style import INK, MOLTEN

SLIDE_S = 9.0
FADE_S = 1.5


class AttractView:
    def __init__(self, screen: Screen, images: ImageCache, pictures: list[Path]) -> None:
        self.screen = screen
        self.images = images
        self.pictures = pictures
        self.size = attract_size(screen)
        rng = random.Random(7)
        self.embers = [
            (rng.random(), rng.random(), 0.02 + rng.random() * 0.05, 1 + rng.random() * 3)
            for _ in range(45)
        ]
        self._veil = pygame.Surface((screen.width, screen.height), pygame.SRCALPHA)
        self._veil.fill((10, 10, 12, 150))
        # Embers are added onto the picture (BLEND_ADD), so the glow is premultiplied: black
        # edges add nothing, the hot core adds the full molten colour.
        glow = pygame.Surface((64, 64))
        for r in range(32, 0, -2):
            k = (1 - r / 32) ** 2
            pygame.draw.circle(glow, [round(c * k) for c in MOLTEN], (32, 32), r)
        self._glow = glow

    def _picture(self, index: int) -> pygame.Surface | None:
        if not self.pictures:
            return None
        return self.images.get(self.pictures[index % len(self.pictures)], self.size)

    def _pan(
        self, surface: pygame.Surface, picture: pygame.Surface, phase: float, index: int, alpha: int
    ) -> None:
        spare_x = picture.get_width() - self.screen.width
        spare_y = picture.get_height() - self.screen.height
        direction = 1 if index % 2 else -1
        x = -spare_x * (0.5 + direction * (phase - 0.5))
        y = -spare_y * (0.5 + 0.3 * math.sin(phase * math.pi))
        picture.set_alpha(alpha)
        surface.blit(picture, (round(x), round(y)))

    def draw(self, surface: pygame.Surface, t_s: float, languages: tuple[str, ...]) -> None:
        s = self.screen
        unit = s.unit
        index = int(t_s // SLIDE_S)
        phase = (t_s % SLIDE_S) / SLIDE_S
        current = self._picture(index)
        self._picture(index + 1)  # pre-load the next slide
        if current is not None:
            self._pan(surface, current, phase, index, 255)
            into_next = t_s % SLIDE_S - (SLIDE_S - FADE_S)
            following = self._picture(index + 1)
            if into_next > 0 and following is not None:
                self._pan(surface, following, 0.0, index + 1, round(255 * into_next / FADE_S))
        surface.blit(self._veil, (0, 0))
        for x0, y0, speed, size in self.embers:
            y = (y0 - t_s * speed) % 1.0
            x = x0 + 0.01 * math.sin(t_s * 0.7 + y0 * 20)
            scale = round(7 * size * unit)
            glow = pygame.transform.scale(self._glow, (scale, scale))
            surface.blit(
                glow, (round(x * s.width), round(y * s.height)), special_flags=pygame.BLEND_ADD
            )
        cy = s.height // 2 - s.px(140)
        width = s.width - s.px(160)
        for i, lang in enumerate(languages):
            size = 104 if i == 0 else 64
            line = text.render_fitted_line(
                t("attract.title", lang), "black", s.px(size), INK, width
            )
            surface.blit(line, line.get_rect(center=(s.width // 2, cy)))
            cy += line.get_height() // 2 + s.px(18)
            sub = text.render_fitted_line(
                t("attract.subtitle", lang),
                "regular",
                s.px(30 if i == 0 else 26),
                (220, 214, 200),
                width,
            )
            surface.blit(sub, sub.get_rect(midtop=(s.width // 2, cy)))
            cy += sub.get_height() + s.px(56 if i == 0 else 44)
        pulse = (t_s % 2.0) / 2.0
        ring_y = min(s.height - s.px(120), cy + s.px(90))
        radius = s.px(44 + 70 * pulse)
        ring = pygame.Surface((radius * 2 + 8, radius * 2 + 8), pygame.SRCALPHA)
        pygame.draw.circle(
            ring,
            (*MOLTEN, round(255 * (1 - pulse))),
            (radius + 4, radius + 4),
            radius,
            max(3, s.px(6)),
        )
        surface.blit(ring, ring.get_rect(center=(s.width // 2, ring_y)))
        pygame.draw.circle(surface, MOLTEN, (s.width // 2, ring_y), s.px(34))
