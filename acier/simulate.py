"""Simulated devices: real outboxes and real device agents, with a scripted visitor instead of a
screen. Technicians use it to load-test a controller (`acier simulate`); the fault tests and
`bench/fleet.py` use it to stand in for a floor of kiosks.

Each device records `events` interaction events at `rate` per second and answers every command
with an ok reply, as a kiosk would, while its agent forwards the outbox to the controller.
"""

from __future__ import annotations

import logging
import random
import signal
import threading
import time
from pathlib import Path

from acier.agent import AgentSettings, DeviceAgent
from acier.mqttclient import BrokerAddress
from acier.outbox import Outbox

log = logging.getLogger(__name__)

ENTRIES = ("bessemer-1856", "denain-crisis-1978", "hybrit-2021", "meteoric-iron")


class SimulatedDevice:
    def __init__(self, settings: AgentSettings, outbox_dir: Path, max_events: int | None = None):
        self.outbox = Outbox(outbox_dir / f"{settings.device}.sqlite", settings.device, max_events)
        self.agent = DeviceAgent(settings, self.outbox)
        self.rng = random.Random(settings.device)
        self.recorded = 0

    def record_one(self) -> None:
        """One plausible visitor interaction."""
        entry = self.rng.choice(ENTRIES)
        if self.rng.random() < 0.5:
            self.outbox.record("entry.open", "sim-session", entry=entry, via="tap")
        else:
            dwell = round(self.rng.uniform(2, 90), 3)
            self.outbox.record("entry.close", "sim-session", entry=entry, dwell_s=dwell)
        self.recorded += 1

    def answer_commands(self) -> None:
        for command in self.agent.commands():
            state = {"sleep": "sleeping", "wake": "online"}.get(command.name)
            if state:
                self.agent.set_status(state=state)
            self.agent.reply(command, True, simulated=True)


def run(
    site: str,
    broker: BrokerAddress,
    devices: list[str],
    outbox_dir: Path,
    events: int,
    rate: float,
    zone: str = "",
    keepalive_s: int = 10,
    seconds: float | None = None,
    drain: bool = True,
) -> int:
    """Run the devices until their events are recorded (and forwarded, if `drain`) or time is up.

    Returns how many events are still waiting in the outboxes.
    """
    outbox_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    settings = [
        AgentSettings(site=site, device=name, broker=broker, zone=zone, keepalive_s=keepalive_s)
        for name in devices
    ]
    sims = [SimulatedDevice(s, outbox_dir) for s in settings]
    for sim in sims:
        sim.agent.start()
    start = time.monotonic()
    end = None if seconds is None else start + seconds
    try:
        while not stop.is_set() and (end is None or time.monotonic() < end):
            elapsed = time.monotonic() - start
            due = events if rate <= 0 else min(events, int(elapsed * rate) + 1)
            for sim in sims:
                while sim.recorded < due:
                    sim.record_one()
                sim.answer_commands()
            recorded = all(sim.recorded >= events for sim in sims)
            delivered = not drain or all(sim.outbox.depth() == 0 for sim in sims)
            if recorded and delivered and seconds is None:
                break
            stop.wait(0.01)
    finally:
        left = sum(sim.outbox.depth() for sim in sims)
        for sim in sims:
            sim.agent.stop()
            sim.outbox.close()
    log.info("%d devices stopped, %d events not yet acknowledged", len(sims), left)
    return left
