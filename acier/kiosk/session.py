"""Visitor sessions and the idle return, as pure state driven by a clock the caller passes in.

A session starts at the first touch on the attract loop and ends when nobody has touched the
screen for `idle_timeout_s` (the countdown is held while a video plays: watching is not leaving).
"""

from __future__ import annotations

from dataclasses import dataclass

from acier.protocol.events import uuid7


@dataclass
class VisitorSession:
    idle_timeout_s: float
    id: str | None = None
    started_at: float = 0.0
    last_input: float = 0.0

    @property
    def active(self) -> bool:
        return self.id is not None

    def start(self, now: float) -> str:
        self.id = uuid7()
        self.started_at = now
        self.last_input = now
        return self.id

    def touched(self, now: float) -> None:
        self.last_input = now

    def hold(self, now: float) -> None:
        """Keep the session alive without a touch (a video is playing)."""
        self.last_input = now

    def expired(self, now: float) -> bool:
        return self.active and now - self.last_input >= self.idle_timeout_s

    def end(self) -> float:
        """Close the session; returns its dwell: first touch to last touch, idle wait excluded."""
        dwell = max(0.0, self.last_input - self.started_at)
        self.id = None
        return dwell
