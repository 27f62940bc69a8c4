"""The fleet registry: what the controller knows of every device, from its retained status.

Pure logic (no MQTT): fed with DeviceStatus messages and the time, it answers which devices are
online, sleeping, offline or stale (online by its last word, but silent for longer than
`stale_after_s`), and says when a device went down, or one of an exhibit's serial boards went
wrong (unplugged, silent, not opening), so the controller can raise an alert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from acier.protocol.fleet import DeviceStatus

State = Literal["online", "sleeping", "offline", "stale"]


@dataclass(frozen=True)
class DeviceView:
    device: str
    state: State
    last_seen: float
    status: DeviceStatus


class FleetRegistry:
    def __init__(self, stale_after_s: float) -> None:
        self.stale_after_s = stale_after_s
        self._status: dict[str, DeviceStatus] = {}
        self._seen: dict[str, float] = {}
        self._stale: set[str] = set()

    def update(self, status: DeviceStatus, now: float) -> list[str]:
        """Record a status; returns alert texts: the device has just gone offline, or a board
        of its has just left (or come back to) the `connected` state.

        An "offline" status from an older session than the one we know is a will the broker
        published late for a connection the device has already replaced: it is ignored.
        """
        known = self._status.get(status.device)
        if status.state == "offline" and known is not None and status.session < known.session:
            return []
        self._status[status.device] = status
        self._seen[status.device] = now
        self._stale.discard(status.device)
        alerts = []
        lost = status.state == "offline" and status.scene != "stopped"
        if lost and (known is None or known.state != "offline"):
            alerts.append(f"device {status.device} went offline (connection lost)")
        before = known.boards if known is not None else {}
        for board, stats in status.boards.items():
            state = stats.get("state")
            was = before.get(board, {}).get("state")
            if state == was or (was is None and state == "connected"):
                continue
            if state == "connected":
                alerts.append(f"device {status.device}: board {board} connected again")
            else:
                error = stats.get("last_error") or ""
                why = f" ({error})" if error else ""
                alerts.append(f"device {status.device}: board {board} {state}{why}")
        return alerts

    def forget(self, device: str) -> None:
        """A technician cleared the retained status (an empty message): the device is gone."""
        self._status.pop(device, None)
        self._seen.pop(device, None)
        self._stale.discard(device)

    def state(self, device: str, now: float) -> State | None:
        status = self._status.get(device)
        if status is None:
            return None
        if status.state != "offline" and now - self._seen[device] > self.stale_after_s:
            return "stale"
        return status.state

    def newly_stale(self, now: float) -> list[str]:
        """Devices that turned stale since the last call (each reported once)."""
        out = []
        for device in self._status:
            if self.state(device, now) == "stale" and device not in self._stale:
                self._stale.add(device)
                out.append(device)
        return out

    def devices(self, now: float) -> list[DeviceView]:
        return [
            DeviceView(d, self.state(d, now) or "offline", self._seen[d], s)
            for d, s in sorted(self._status.items())
        ]

    def status(self, device: str) -> DeviceStatus | None:
        return self._status.get(device)

    def targets(self, target: str) -> list[str]:
        """Devices a command to 'DEVICE', 'zone:NAME' or 'all' should reach (not offline)."""
        reachable = [d for d, s in sorted(self._status.items()) if s.state != "offline"]
        if target == "all":
            return reachable
        if target.startswith("zone:"):
            zone = target.removeprefix("zone:")
            return [d for d in reachable if self._status[d].zone == zone]
        return [target] if target in reachable else []
