"""Building blocks of the fleet tests: a controller and device agents on a real broker."""

from __future__ import annotations

import itertools
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
