"""Who is near a kiosk, from its PIR sensor: arrivals to count, and whether to stay bright.

Pure: both screen apps (the timeline and the exhibits) feed it the sensor's changes and the
visitors' actions with their own clock. A sensor fires again and again while someone moves in
front of it, so only motion after `PRESENCE_GAP_S` of none is a new arrival (one `presence`
event); the screen dims `NEAR_S` after the last motion or action, and a kiosk without a sensor
never dims (it cannot tell an empty hall from a still visitor).
"""

from __future__ import annotations

import math

PRESENCE_GAP_S = 30.0  # motion after this long without any counts as a new arrival
NEAR_S = 60.0  # after motion, the screen stays bright this long; then it dims


class Presence:
    """The last motion and the last action of a kiosk's visitors."""

    def __init__(self, has_sensor: bool, now: float) -> None:
        self.has_sensor = has_sensor
        self._last_motion = -math.inf
        self._seen = now  # bright at start: someone may be there

    def motion(self, active: bool, now: float) -> bool:
        """The sensor changed (arriving or leaving); True when someone has just arrived."""
        arrived = active and now - self._last_motion >= PRESENCE_GAP_S
        self._last_motion = self._seen = now
        return arrived

    def acted(self, now: float) -> None:
        """A visitor touched or pressed something: plainly near."""
        self._seen = now

    def near(self, now: float) -> bool:
        """Someone moved or played lately (always, without a sensor): stay bright."""
        return not self.has_sensor or now - self._seen < NEAR_S
