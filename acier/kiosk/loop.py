"""What every screen app shares: the frame loop, closing time, the language switch, the dimmed
screen of an empty hall and the technician's "which screen is this?".

`KioskApp` (the timeline) and `ExhibitApp` both inherit `ScreenApp`: each frame drains pygame's
queue into `handle`, advances time with `update(now, dt)`, then `draw`s and `present`s.
"""

from __future__ import annotations

import pygame

from acier.kiosk import text
from acier.kiosk.layout import Screen
from acier.kiosk.style import MOLTEN


class ScreenApp:
    """Needs `clock`, `running`, `frames`, `_last_frame`, `present`, `mode`, `session`,
    `outbox`, `language`, and `handle`, `update`, `draw`, `end_session`."""

    def sleep(self, now: float) -> None:
        """Closing time: end the visit, blank the screen, ignore visitors until `wake`."""
        if self.session.active:
            self.end_session("sleep", now)
        self.mode = "asleep"

    def wake(self, now: float) -> None:
        if self.mode == "asleep":
            self.mode = "attract"
            self._attract_since = now

    def set_language(self, language: str) -> None:
        """Switch the language the visitor reads (an interaction event)."""
        if language == self.language:
            return
        self.outbox.record(
            "language.change", self.session.id, from_language=self.language, to_language=language
        )
        self.language = language

    def step(self) -> None:
        """One frame: drain input, advance time, draw, present."""
        for event in pygame.event.get():
            self.handle(event)
        now = self.clock()
        dt = min(0.1, max(0.0, now - self._last_frame))
        self._last_frame = now
        self.update(now, dt)
        self.draw()
        self.present()
        self.frames += 1

    def run(self, seconds: float | None = None, fps: int = 60) -> None:
        ticker = pygame.time.Clock()
        end = None if seconds is None else self.clock() + seconds
        while self.running and (end is None or self.clock() < end):
            self.step()
            ticker.tick(fps)


def draw_identify(surface: pygame.Surface, screen: Screen, device: str, now: float) -> None:
    """A blinking orange frame with the device's name (the `identify` command)."""
    if int(now * 4) % 2:
        return
    pygame.draw.rect(surface, MOLTEN, surface.get_rect(), screen.px(24))
    name = text.render_line(device, "black", screen.px(120), MOLTEN)
    surface.blit(name, name.get_rect(center=surface.get_rect().center))


_veils: dict[tuple[int, int], pygame.Surface] = {}


def draw_veil(surface: pygame.Surface) -> None:
    """Nobody in the hall (see `presence.py`): the attract screen dims until someone comes near."""
    size = surface.get_size()
    veil = _veils.get(size)
    if veil is None:
        veil = _veils[size] = pygame.Surface(size, pygame.SRCALPHA)
        veil.fill((0, 0, 0, 170))
    surface.blit(veil, (0, 0))
