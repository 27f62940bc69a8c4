"""A scripted visitor for `acier demo --headless`: real touch events posted into pygame's queue.

It exercises the kiosk the way a person does (wake, browse, fling, open, swipe, change language,
watch, leave) so a headless demo produces the same interaction events a real day would.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time

import pygame

from acier.kiosk.layout import Screen


class _Visitor(threading.Thread):
    """Touches in screen fractions, as a touch panel reports them."""

    def run(self) -> None:
        with contextlib.suppress(pygame.error):  # the app closed its display: the visit is over
            self._visits()

    def _visits(self) -> None:
        raise NotImplementedError

    def _post(self, kind: int, x: float, y: float, dx: float = 0.0, dy: float = 0.0) -> None:
        pygame.event.post(
            pygame.event.Event(kind, touch_id=1, finger_id=0, x=x, y=y, dx=dx, dy=dy, pressure=1.0)
        )

    def tap(self, x: float, y: float) -> None:
        self._post(pygame.FINGERDOWN, x, y)
        time.sleep(0.06)
        self._post(pygame.FINGERUP, x, y)


class ScriptedVisitor(_Visitor):
    """Browses the timeline; `pause` is the idle time between visits."""

    def __init__(
        self, size: tuple[int, int], languages: tuple[str, ...], pause: float, seed: int = 1
    ):
        super().__init__(name="scripted-visitor", daemon=True)
        self.width, self.height = size
        self.screen = Screen(*size)
        self.languages = languages
        self.pause = pause
        self.rng = random.Random(seed)
        self.stopped = threading.Event()

    def drag(self, x0: float, x1: float, y: float, seconds: float) -> None:
        steps = max(2, int(seconds * 60))
        self._post(pygame.FINGERDOWN, x0, y)
        for i in range(1, steps + 1):
            time.sleep(seconds / steps)
            self._post(pygame.FINGERMOTION, x0 + (x1 - x0) * i / steps, y)
        self._post(pygame.FINGERUP, x1, y)

    def wait(self, seconds: float) -> bool:
        return not self.stopped.wait(seconds)

    def _visits(self) -> None:
        while self.wait(0.5):
            self.tap(0.5, 0.5)  # wake the attract loop
            if not self.wait(0.8):
                return
            language = self.rng.choice(self.languages[1:])  # not the default one
            x, y, w, h = self.screen.language_buttons(self.languages)[language]
            self.tap((x + w / 2) / self.width, (y + h / 2) / self.height)
            for _ in range(self.rng.randint(1, 3)):
                if not self.wait(1.0):
                    return
                self.drag(0.8, 0.2, 0.5, 0.25)
            if not self.wait(1.5):
                return
            self.tap(0.5, 0.5)  # open the centred entry
            if not self.wait(2.0):
                return
            self.drag(0.7, 0.3, 0.6, 0.2)  # swipe to the next entry
            if not self.wait(1.5):
                return
            self.tap(0.5, 0.03)  # outside the card: back to the timeline
            if not self.wait(self.pause):
                return


class ExhibitVisitor(_Visitor):
    """Plays an exhibit through its simulation keys: key presses posted into pygame's queue
    drive the simulated pins and boards, so every layer from gpiozero up runs. Now and then
    it touches the screen somewhere, as visitors do (a zone to explain, a language, a button)."""

    def __init__(self, keys: dict, pause: float, seed: int = 1) -> None:
        super().__init__(name="exhibit-visitor", daemon=True)
        self.keys = sorted(keys)
        self.pause = pause
        self.rng = random.Random(seed)
        self.stopped = threading.Event()

    def press(self, name: str) -> None:
        key = pygame.key.key_code(name)
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=""))
        time.sleep(0.08)
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=0, unicode=""))

    def _visits(self) -> None:
        while not self.stopped.wait(0.5):
            for _ in range(self.rng.randint(8, 20)):
                if self.rng.random() < 0.25:
                    self.tap(self.rng.random(), self.rng.random())
                else:
                    self.press(self.rng.choice(self.keys))
                if self.stopped.wait(self.rng.uniform(0.3, 1.2)):
                    return
            if self.stopped.wait(self.pause):
                return
