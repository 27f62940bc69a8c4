"""Drive the real kiosk app through pygame's event queue, with a clock the test controls.

Like Textual's `run_test()` pilot: tests post the same FINGER and mouse events SDL would and step
frames; time only moves when the test says so, so idle timeouts are tested without sleeping.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pygame

from acier.config import KioskConfig
from acier.kiosk.app import KioskApp
from acier.kiosk.content import load_content
from acier.kiosk.layout import TEXT_SCALES
from acier.kiosk.rotation import RotatedPanel
from acier.kiosk.runner import open_hardware
from acier.outbox import Outbox

FRAME = 1 / 60


class Pilot:
    def __init__(
        self, media: Path, tmp: Path, size=(1920, 1080), rotation: int = 0, **config
    ) -> None:
        """`size` is the panel's; with a `rotation` the app draws turned onto it, as on a
        kiosk whose screen is mounted turned, and touches are given in panel pixels. A PIR
        sensor in `inputs` runs on a mock pin (`self.sim`), as `acier kiosk --simulate` runs it."""
        pygame.display.init()
        pygame.font.init()
        self.surface = pygame.display.set_mode(size)  # what the panel shows
        pygame.event.clear()
        self.now = 1000.0
        self.config = KioskConfig(device="test-kiosk", media=media, audio=False, **config)
        self.outbox_path = tmp / "outbox.sqlite"
        self.outbox = Outbox(self.outbox_path, "test-kiosk")
        panel = RotatedPanel(self.surface, rotation) if rotation else None
        hardware = self.sim = None
        if self.config.inputs:
            hardware, self.sim = open_hardware(self.config, self.config.inputs, {}, simulate=True)
            hardware.start()
        self.app = KioskApp(
            self.config,
            load_content(media, self.config.languages),
            self.outbox,
            panel.surface if panel else self.surface,
            clock=lambda: self.now,
            hardware=hardware,
            simulation=self.sim,
        )
        if panel:
            self.app.rotation, self.app.present = rotation, panel.present
        self.w, self.h = size

    # time
    def frames(self, n: int = 1) -> None:
        for _ in range(n):
            self.now += FRAME
            self.app.step()

    def advance(self, seconds: float) -> None:
        self.frames(max(1, round(seconds / FRAME)))

    def settle(self) -> None:
        """Step until the timeline has stopped gliding and its cards and images are ready."""
        app = self.app
        for _ in range(600):
            app.images.wait_idle()
            self.frames()
            scale = TEXT_SCALES[app.text_level]
            if app.scroll.settled and not app.timeline.pending(
                app.scroll.offset, app.language, scale
            ):
                break
        self.app.images.wait_idle()
        self.frames()

    def until(self, condition, timeout: float = 15.0) -> None:
        """Step frames in real time until `condition()` holds (for video, which runs on its own)."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "condition not reached in time"
            self.frames()
            time.sleep(0.005)

    # input
    def finger(self, kind: int, x: float, y: float) -> None:
        pygame.event.post(
            pygame.event.Event(
                kind, touch_id=1, finger_id=0, x=x / self.w, y=y / self.h, dx=0, dy=0, pressure=1
            )
        )

    def tap(self, x: float, y: float) -> None:
        self.finger(pygame.FINGERDOWN, x, y)
        self.frames()
        self.finger(pygame.FINGERUP, x, y)
        self.frames()

    def drag(self, x0: float, x1: float, y: float, steps: int = 10, release: bool = True) -> None:
        """Move a finger from x0 to x1, one step per frame (a fling if the steps are big)."""
        self.finger(pygame.FINGERDOWN, x0, y)
        self.frames()
        for i in range(1, steps + 1):
            self.finger(pygame.FINGERMOTION, x0 + (x1 - x0) * i / steps, y)
            self.frames()
        if release:
            self.finger(pygame.FINGERUP, x1, y)
            self.frames()

    def key(self, key: int, down: bool = True) -> None:
        kind = pygame.KEYDOWN if down else pygame.KEYUP
        pygame.event.post(pygame.event.Event(kind, key=key, mod=0, unicode="", scancode=0))
        self.frames()

    def wake(self) -> None:
        self.tap(self.w / 2, self.h / 2)

    # output
    def events(self) -> list[dict]:
        with sqlite3.connect(self.outbox_path) as db:
            rows = db.execute("SELECT type, session, data FROM events ORDER BY seq").fetchall()
        return [{"type": t, "session": s, **json.loads(d)} for t, s, d in rows]

    def types(self) -> list[str]:
        return [e["type"] for e in self.events()]

    def pixel(self, x: int, y: int) -> tuple[int, int, int]:
        return tuple(self.surface.get_at((int(x), int(y))))[:3]

    def region(self, rect) -> pygame.Surface:
        return self.surface.subsurface(pygame.Rect(rect)).copy()

    def close(self) -> None:
        self.app.shutdown()
        if self.app.hardware:
            self.app.hardware.close()
            self.sim.close()
        self.outbox.close()
