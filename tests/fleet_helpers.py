"""Building blocks of the fleet tests: a controller and device agents on a real broker."""

from __future__ import annotations

import itertools
import sqlite3
import threading
import time
from pathlib import Path

from acier.agent import AgentSettings, DeviceAgent
from acier.config import BrokerConfig
from acier.controller.service import Controller
from acier.controller.site import SiteConfig
from acier.mqttclient import BrokerAddress
from acier.outbox import Outbox

_sites = itertools.count(1)


def new_site_name() -> str:
    """A site name of its own per test, so tests sharing one broker never see each other."""
    return f"t{next(_sites)}-{time.monotonic_ns() % 10**6}"


def site_config(broker, tmp: Path, site: str, **extra) -> SiteConfig:
    return SiteConfig(
        site=site,
        broker=BrokerConfig(host=broker.host, port=broker.port),
        store=f"sqlite:///{tmp / 'store.sqlite'}",
        **extra,
    )


def start_controller(site: SiteConfig) -> Controller:
    controller = Controller(site)
    controller.start()
    assert controller.wait_connected(10.0)
    return controller


def start_agent(broker, tmp: Path, site: str, device: str, **settings) -> DeviceAgent:
    outbox = Outbox(tmp / f"{device}.sqlite", device)
    agent = DeviceAgent(
        AgentSettings(
            site=site, device=device, broker=BrokerAddress(broker.host, broker.port), **settings
        ),
        outbox,
    )
    agent.start()
    return agent


def wait_for(condition, timeout: float = 15.0, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def write_site(broker, tmp: Path, site: str) -> Path:
    """A site file for a controller run as its own process."""
    path = tmp / "site.yaml"
    store = tmp / "store.sqlite"
    path.write_text(
        f"site: {site}\nbroker: {{host: {broker.host}, port: {broker.port}}}\n"
        f"store: sqlite:///{store}\n"
    )
    return path


class Recorder:
    """Records an event every `interval` seconds on its own thread, like a visitor would."""

    def __init__(self, outbox: Outbox, interval: float = 0.002) -> None:
        self.outbox = outbox
        self.interval = interval
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.outbox.record("entry.open", "s", entry="bessemer-1856", via="tap")
            self.count += 1

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def stored_seqs(store_path: Path, device: str) -> list[int]:
    """Every stored sequence number of a device, duplicates included, in order."""
    with sqlite3.connect(store_path) as db:
        rows = db.execute("SELECT seq FROM events WHERE device=? ORDER BY seq", (device,))
        return [row[0] for row in rows]


def assert_exactly_once(store_path: Path, device: str, last_seq: int) -> None:
    seqs = stored_seqs(store_path, device)
    assert len(seqs) == len(set(seqs)), "duplicates in the store"
    missing = sorted(set(range(1, last_seq + 1)) - set(seqs))
    assert not missing, f"{len(missing)} events lost, first {missing[:5]}"
    assert len(seqs) == last_seq
