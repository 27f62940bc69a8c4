"""Kinetic scrolling for the timeline: drag, fling with friction, snap to entries, rubber-band.

Pure arithmetic on one axis, in pixels and seconds, so it is tested without a screen.
A fling is an exponential decay whose end point is moved onto the nearest entry: the content
leaves the finger at the finger's speed and comes to rest exactly on an entry.
"""

from __future__ import annotations

import bisect
import math

FRICTION = 3.0  # 1/s: a fling at v px/s travels about v / FRICTION pixels before it stops
MIN_RATE, MAX_RATE = 2.0, 14.0  # 1/s: bounds on the decay rate that lands a fling on an entry
SETTLE_RATE = 9.0  # 1/s: return from an overscroll or a programmatic jump
RUBBER = 0.35  # share of a drag applied past either end


class KineticScroll:
    """The horizontal offset of the timeline; `snaps` are the offsets that centre each entry."""

    def __init__(self, snaps: list[float]) -> None:
        if not snaps:
            raise ValueError("a timeline needs at least one entry to snap to")
        self.snaps = sorted(snaps)
        self.offset = self.snaps[0]
        self.target = self.offset
        self.rate = SETTLE_RATE
        self.dragging = False

    @property
    def low(self) -> float:
        return self.snaps[0]

    @property
    def high(self) -> float:
        return self.snaps[-1]

    @property
    def settled(self) -> bool:
        return not self.dragging and abs(self.target - self.offset) < 0.5

    @property
    def velocity(self) -> float:
        """Current speed in px/s while gliding (0 while dragging or settled)."""
        if self.dragging or self.settled:
            return 0.0
        return (self.target - self.offset) * self.rate

    def nearest(self, offset: float) -> int:
        """Index of the snap point closest to `offset`."""
        i = bisect.bisect_left(self.snaps, offset)
        if i == 0:
            return 0
        if i == len(self.snaps):
            return len(self.snaps) - 1
        return i if self.snaps[i] - offset < offset - self.snaps[i - 1] else i - 1

    def begin_drag(self) -> None:
        """A finger landed: the content stops where it is and follows the finger."""
        self.dragging = True
        self.target = self.offset

    def drag_by(self, dx: float) -> None:
        """The finger moved by dx pixels (positive to the right, which scrolls back in time)."""
        step = -dx
        beyond_low = self.offset + step < self.low and step < 0
        beyond_high = self.offset + step > self.high and step > 0
        if beyond_low or beyond_high:
            step *= RUBBER
        self.offset += step
        self.target = self.offset

    def release(self, vx: float) -> None:
        """The finger left moving at vx px/s: glide and land on the entry nearest the end."""
        self.dragging = False
        velocity = -vx
        if self.offset < self.low or self.offset > self.high:
            self._go(self.snaps[self.nearest(self.offset)], SETTLE_RATE)
            return
        projected = self.offset + velocity / FRICTION
        index = self.nearest(projected)
        target = self.snaps[index]
        distance = target - self.offset
        if abs(velocity) < 1.0 or abs(distance) < 0.5 or distance * velocity <= 0:
            self._go(target, SETTLE_RATE)
            return
        self._go(target, min(MAX_RATE, max(MIN_RATE, velocity / distance)))

    def scroll_to_index(self, index: int, instant: bool = False) -> None:
        target = self.snaps[max(0, min(index, len(self.snaps) - 1))]
        self._go(target, SETTLE_RATE)
        if instant:
            self.offset = target

    def _go(self, target: float, rate: float) -> None:
        self.target = target
        self.rate = rate

    def step(self, dt: float) -> None:
        """Advance the glide by dt seconds."""
        if self.dragging:
            return
        remaining = self.target - self.offset
        if abs(remaining) < 0.5:
            self.offset = self.target
            return
        self.offset = self.target - remaining * math.exp(-self.rate * dt)
