"""A screen mounted turned (a landscape panel standing as a portrait one, or upside down).

The kiosk draws upright on a surface of its own and the frame is turned onto the panel before
each flip; touches, which the panel reports in its own coordinates, are turned back. Pure
except `RotatedPanel`. Where the display driver can turn the picture itself, prefer that: the
turn here costs one full-screen copy per frame.
"""

from __future__ import annotations

ROTATIONS = (0, 90, 180, 270)  # degrees clockwise the picture is turned on the panel


def to_content(x: float, y: float, rotation: int) -> tuple[float, float]:
    """A point on the panel (0..1 each way) -> the same point on the upright picture (0..1)."""
    if rotation == 90:
        return y, 1.0 - x
    if rotation == 180:
        return 1.0 - x, 1.0 - y
    if rotation == 270:
        return 1.0 - y, x
    return x, y


def content_size(panel: tuple[int, int], rotation: int) -> tuple[int, int]:
    w, h = panel
    return (h, w) if rotation in (90, 270) else (w, h)


class RotatedPanel:
    """The upright surface the app draws on, and `present()` to show it turned on the panel."""

    def __init__(self, panel, rotation: int) -> None:
        import pygame

        self.panel = panel
        self.rotation = rotation
        self.surface = pygame.Surface(content_size(panel.get_size(), rotation)).convert()

    def present(self) -> None:
        import pygame

        # rotate() turns counter-clockwise; by a multiple of 90° it is an exact pixel copy
        self.panel.blit(pygame.transform.rotate(self.surface, -self.rotation), (0, 0))
        pygame.display.flip()
