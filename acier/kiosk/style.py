"""Colours and the few drawing helpers every view shares: one look across the kiosk."""

from __future__ import annotations

import pygame

from acier.kiosk import text
from acier.kiosk.layout import Rect

BACKGROUND = (24, 25, 29)
AXIS = (90, 88, 84)
PANEL = (40, 42, 48)
PANEL_EDGE = (64, 66, 72)
INK = (242, 238, 230)
MUTED = (168, 165, 156)
MOLTEN = (255, 146, 46)
NOTICE = (150, 28, 28)  # the preview's error banner


def hex_colour(value: str) -> tuple[int, int, int]:
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def button(
    surface: pygame.Surface, rect: Rect, label: str, unit: float, active: bool = False
) -> None:
    """A round-cornered touch button; `active` fills it (the current language)."""
    r = pygame.Rect(rect)
    radius = r.height // 2
    if active:
        pygame.draw.rect(surface, MOLTEN, r, border_radius=radius)
        colour = (20, 20, 22)
    else:
        pygame.draw.rect(surface, PANEL, r, border_radius=radius)
        pygame.draw.rect(
            surface, PANEL_EDGE, r, width=max(1, round(2 * unit)), border_radius=radius
        )
        colour = INK
    label_surface = text.render_line(label, "bold", round(30 * unit), colour)
    surface.blit(label_surface, label_surface.get_rect(center=r.center))


def shadowed_panel(surface: pygame.Surface, rect: Rect, unit: float, colour=PANEL) -> None:
    """A rounded panel lifted off the background by a soft shadow below it."""
    r = pygame.Rect(rect)
    radius = round(18 * unit)
    spread = max(2, round(12 * unit))
    shadow = pygame.Surface((r.width + 2 * spread, r.height + 2 * spread), pygame.SRCALPHA)
    for step in range(spread, 0, -max(1, spread // 4)):
        box = shadow.get_rect().inflate(-2 * step, -2 * step)
        pygame.draw.rect(shadow, (0, 0, 0, 40), box, border_radius=radius + step)
    surface.blit(shadow, (r.x - spread, r.y - spread + spread // 2))
    pygame.draw.rect(surface, colour, r, border_radius=radius)
