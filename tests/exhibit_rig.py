"""Drive a real exhibit loop in tests: its bindings on simulated hardware (gpiozero mock pins,
fake serial boards on ptys), a real outbox, `ExhibitApp` on a dummy display, a clock the test
moves. Key and finger events go through pygame's queue as SDL would post them.

Serial paths run through reader threads, so `until` steps frames until a condition holds, with a
deadline; no test asserts on timing.
"""

from __future__ import annotations

import time
from pathlib import Path

import pygame

from acier.config import KioskConfig
from acier.exhibits import load_exhibit
from acier.hardware.simulation import Simulation
from acier.kiosk.exhibit_app import ExhibitApp
from acier.kiosk.layout import Screen, exhibit_frame
from acier.outbox import Outbox

FRAME = 1 / 60
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


class ExhibitRig:
    """The exhibit of `config` (its role's play, scene and keys) on simulated hardware."""

    def __init__(self, tmp: Path, config: KioskConfig, size: tuple[int, int] = LANDSCAPE) -> None:
        pygame.display.init()
        pygame.font.init()
        self.window = pygame.display.set_mode(size)
        # the exhibit's own pixels: all of a 16:9 or 9:16 window, letterboxed on any other
        self.frame = exhibit_frame(*size)
        self.surface = self.window.subsurface(self.frame)
        pygame.event.clear()
        self.w, self.h = self.frame[2:]
        self.config = config.model_copy(
            update={"media": tmp, "audio": False, "fleet": None, "outbox": tmp / "outbox.sqlite"}
        )
        self.sim = Simulation(self.config.inputs, self.config.outputs, tmp)
        self.hardware = self.sim.hardware()
        self.hardware.start()
        self.outbox = Outbox(self.config.outbox, self.config.device)
        self.now = 1000.0
        self.play, self.scene, keys = load_exhibit(self.config, Screen(self.w, self.h))
        self.app = ExhibitApp(
            self.config,
            self.play,
            self.scene,
            self.hardware,
            self.outbox,
            self.surface,
            keys,
            self.sim,
            clock=lambda: self.now,
        )

    # time
    def frames(self, n: int = 1, step: float = FRAME) -> None:
        for _ in range(n):
            self.now += step
            self.app.step()

    def until(self, condition, timeout: float = 15.0) -> None:
        """Step frames until `condition()` (real time: reader threads run on their own)."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "condition not reached in time"
            self.frames()
            time.sleep(0.002)

    # input
    def key(self, name: str, down: bool = True) -> None:
        kind = pygame.KEYDOWN if down else pygame.KEYUP
        code = pygame.key.key_code(name)
        pygame.event.post(pygame.event.Event(kind, key=code, mod=0, unicode="", scancode=0))
        self.frames()

    def press(self, name: str) -> None:
        self.key(name)
        self.key(name, down=False)

    def touch(self, x: float, y: float) -> None:
        """A finger at (`x`, `y`) of the exhibit's pixels; SDL reports it across the window."""
        ox, oy = self.frame[:2]
        ww, wh = self.window.get_size()
        at = {"x": (x + ox) / ww, "y": (y + oy) / wh}
        for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
            pygame.event.post(pygame.event.Event(kind, touch_id=1, finger_id=0, dx=0, dy=0, **at))
            self.frames()

    def touch_rect(self, rect) -> None:
        x, y, w, h = rect
        self.touch(x + w / 2, y + h / 2)

    # output
    def events(self, kind: str | None = None) -> list:
        return [e for e in self.outbox.pending() if kind is None or e.type == kind]

    def grab(self, rect) -> bytes:
        return pygame.image.tobytes(self.surface.subsurface(pygame.Rect(rect)), "RGB")

    def pin(self, number: int) -> float:
        return self.sim.factory.pin(number).state

    def close(self) -> None:
        self.app.shutdown()
        self.hardware.close()
        self.sim.close()
        self.outbox.close()
