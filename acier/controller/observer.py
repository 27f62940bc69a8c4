"""A short-lived fleet client for the command line: reads the retained statuses, sends commands.

`acier send`, `acier fleet` and `acier media publish` use it; it never publishes a controller
state, so it can run beside the controller (or without one) on any machine that reaches the
broker.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt

from acier.controller.commands import Commander
from acier.controller.registry import DeviceView, FleetRegistry
from acier.controller.site import SiteConfig
from acier.mqttclient import make_client
from acier.protocol.fleet import (
    BadMessage,
    ContentAnnounce,
    DeviceStatus,
    Reply,
    Topics,
    decode,
    encode,
)

QUIET_S = 0.2  # retained statuses have all arrived once none came for this long


class FleetObserver:
    def __init__(self, site: SiteConfig) -> None:
        self.site = site
        self.topics = Topics(site.site)
        self.registry = FleetRegistry(site.stale_after_s)
        self._lock = threading.Lock()
        self._subscribed = threading.Event()
        self._last_message = time.monotonic()
        client_id = f"acier-cli-{os.getpid()}-{time.monotonic_ns() % 10**6}"
        self.client = make_client(client_id, site.broker.address(Path()))
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = lambda *a: self._subscribed.set()
        self.client.on_message = self._on_message
        self.commander = Commander(self.client, self.topics, self._targets)

    def __enter__(self) -> FleetObserver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def connect(self, timeout: float = 5.0) -> None:
        """Connect and wait until the retained statuses are in; raises TimeoutError."""
        b = self.site.broker
        self.client.connect_async(b.host, b.port, keepalive=10)
        self.client.loop_start()
        if not self._subscribed.wait(timeout):
            raise TimeoutError(f"no answer from the broker at {b.host}:{b.port}")
        end = time.monotonic() + timeout
        while time.monotonic() - self._last_message < QUIET_S and time.monotonic() < end:
            time.sleep(0.02)

    def devices(self) -> list[DeviceView]:
        with self._lock:
            return self.registry.devices(time.time())

    def send(
        self, target: str, name: str, args: dict[str, Any], timeout: float
    ) -> dict[str, Reply | None]:
        return self.commander.send(target, name, args, timeout)

    def announce(self, message: ContentAnnounce, timeout: float = 5.0) -> None:
        """Tell every kiosk of the site which content version to run (retained)."""
        info = self.client.publish(self.topics.content, encode(message), qos=1, retain=True)
        info.wait_for_publish(timeout)
        if not info.is_published():
            raise TimeoutError("the broker did not confirm the announcement")

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _targets(self, target: str) -> list[str]:
        with self._lock:
            return self.registry.targets(target)

    def _on_connect(self, client, userdata, flags, reason, properties) -> None:
        if not reason.is_failure:
            client.subscribe([(self.topics.status("+"), 1), (self.topics.reply("+"), 1)])

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        self._last_message = time.monotonic()
        parsed = self.topics.parse_device_topic(message.topic)
        if parsed is None:
            return
        try:
            if parsed[1] == "status" and not message.payload:
                with self._lock:
                    self.registry.forget(parsed[0])
            elif parsed[1] == "status":
                status = decode(DeviceStatus, message.payload)
                with self._lock:
                    self.registry.update(status, status.ts)
            elif parsed[1] == "reply":
                self.commander.on_reply(decode(Reply, message.payload))
        except BadMessage:
            pass  # the controller logs and counts malformed messages; a CLI just skips them
