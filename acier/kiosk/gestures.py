"""Turn pointer samples (finger or mouse, already in pixels) into taps, drags and flings.

Pure: the app feeds `down`, `move` and `up` with positions and times; the tracker answers with
gesture objects. One pointer at a time: a second finger is ignored rather than fighting the first.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

VELOCITY_WINDOW_S = 0.1  # fling speed is measured over the last 100 ms of movement
TAP_MAX_S = 0.8


@dataclass(frozen=True)
class Tap:
    x: float
    y: float


@dataclass(frozen=True)
class DragStart:
    x: float
    y: float


@dataclass(frozen=True)
class Drag:
    dx: float
    dy: float


@dataclass(frozen=True)
class Release:
    """End of a drag; vx, vy in px/s at the moment the finger left."""

    vx: float
    vy: float
    total_dx: float
    total_dy: float


Gesture = Tap | DragStart | Drag | Release


class PointerTracker:
    """Classifies one pointer's path; `slop` is how far a finger may wander and still tap."""

    def __init__(self, slop: float = 14.0) -> None:
        self.slop = slop
        self.pointer: object | None = None
        self._start = (0.0, 0.0, 0.0)
        self._last = (0.0, 0.0)
        self._dragging = False
        self._samples: deque[tuple[float, float, float]] = deque(maxlen=32)

    @property
    def active(self) -> bool:
        return self.pointer is not None

    def down(self, pointer: object, x: float, y: float, t: float) -> list[Gesture]:
        if self.pointer is not None:
            return []
        self.pointer = pointer
        self._start = (x, y, t)
        self._last = (x, y)
        self._dragging = False
        self._samples.clear()
        self._samples.append((x, y, t))
        return []

    def move(self, pointer: object, x: float, y: float, t: float) -> list[Gesture]:
        if pointer != self.pointer:
            return []
        self._samples.append((x, y, t))
        out: list[Gesture] = []
        sx, sy, _ = self._start
        if not self._dragging:
            if (x - sx) ** 2 + (y - sy) ** 2 < self.slop**2:
                return []
            self._dragging = True
            out.append(DragStart(sx, sy))
            self._last = (sx, sy)
        lx, ly = self._last
        out.append(Drag(x - lx, y - ly))
        self._last = (x, y)
        return out

    def up(self, pointer: object, x: float, y: float, t: float) -> list[Gesture]:
        if pointer != self.pointer:
            return []
        out = self.move(pointer, x, y, t) if (x, y) != self._last else []
        self.pointer = None
        sx, sy, st = self._start
        if self._dragging:
            vx, vy = self._velocity(t)
            return [*out, Release(vx, vy, x - sx, y - sy)]
        if t - st <= TAP_MAX_S:
            return [Tap(sx, sy)]
        return []

    def cancel(self) -> None:
        """Forget the pointer (the window lost focus, the scene changed under the finger)."""
        self.pointer = None
        self._dragging = False

    def _velocity(self, now: float) -> tuple[float, float]:
        recent = [s for s in self._samples if now - s[2] <= VELOCITY_WINDOW_S]
        if len(recent) < 2:
            return 0.0, 0.0
        (x0, y0, t0), (x1, y1, t1) = recent[0], recent[-1]
        if t1 - t0 <= 1e-6:
            return 0.0, 0.0
        return (x1 - x0) / (t1 - t0), (y1 - y0) / (t1 - t0)
