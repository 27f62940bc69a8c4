"""The central controller: fleet registry, interaction store, commands and opening hours.

Threads, each with one job:
- paho's network thread parses every message (cheap) and hands work to the others;
- the commit thread writes events in batches (whatever has arrived since its last commit) and
  only then publishes the acknowledgements, so an acknowledged event is always on disk;
- the schedule thread wakes the fleet at opening and puts it to sleep at closing.

A malformed message is counted, logged and recorded in the store's `rejected` table; nothing a
device sends can crash the controller or be stored under another device's name.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import paho.mqtt.client as mqtt

from acier.controller.commands import Commander
from acier.controller.ingest import check_batch
from acier.controller.registry import FleetRegistry
from acier.controller.schedule import OpeningHours, next_change, wanted_state
from acier.controller.site import SiteConfig
from acier.controller.store import Store
from acier.mqttclient import make_client
from acier.protocol.events import Event
from acier.protocol.fleet import (
    Ack,
    BadMessage,
    ControllerState,
    DeviceStatus,
    Reply,
    Topics,
    decode,
    encode,
)

log = logging.getLogger(__name__)

MAX_COMMIT = 5000  # events per transaction


class Controller:
    """Run with `start()`; `stop()` publishes a clean offline state."""

    def __init__(self, site: SiteConfig, store: Store | None = None) -> None:
        self.site = site
        self.topics = Topics(site.site)
        self.store = store or Store(site.store)
        self.registry = FleetRegistry(site.stale_after_s)
        self.session = time.time_ns() // 1_000_000
        self.rejected = 0
        self.committed = 0
        self._work: queue.SimpleQueue[tuple] = queue.SimpleQueue()
        self._registry_lock = threading.Lock()
        self._stopping = threading.Event()
        self._connected = threading.Event()
        self._schedule_sent: dict[str, tuple[int, str]] = {}
        self.client = make_client(f"acier-controller-{site.site}", site.broker.address(Path()))
        will = ControllerState(state="offline", session=self.session, ts=time.time())
        self.client.will_set(self.topics.controller, encode(will), qos=1, retain=True)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self.commander = Commander(self.client, self.topics, self._targets)
        self._threads = [
            threading.Thread(target=self._commit_loop, name="commit", daemon=True),
            threading.Thread(target=self._watch_loop, name="schedule", daemon=True),
        ]

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> None:
        b = self.site.broker
        self.client.connect_async(b.host, b.port, keepalive=10)
        self.client.loop_start()
        for thread in self._threads:
            thread.start()
        log.info("controller for site %s, store %s", self.site.site, self.store.url)

    def wait_connected(self, timeout: float) -> bool:
        return self._connected.wait(timeout)

    def stop(self) -> None:
        self._stopping.set()
        self._work.put(("stop",))
        for thread in self._threads:
            thread.join(timeout=10.0)
        if self._connected.is_set():
            state = ControllerState(state="offline", session=self.session, ts=time.time())
            info = self.client.publish(self.topics.controller, encode(state), qos=1, retain=True)
            info.wait_for_publish(timeout=2.0)
            self.client.disconnect()
        self.client.loop_stop()
        self.store.close()

    def run_forever(self) -> None:
        self.start()
        try:
            while not self._stopping.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    # --- the Python API (the CLI and the web console) ---------------------------------------

    def send(
        self, target: str, name: str, args: dict[str, Any] | None = None, timeout: float = 5.0
    ) -> dict[str, Reply | None]:
        """Send a command and wait for the replies: device -> Reply, or None if it never came."""
        return self.commander.send(target, name, args or {}, timeout)

    def devices(self) -> list:
        with self._registry_lock:
            return self.registry.devices(time.time())

    # --- MQTT callbacks (paho's thread) -------------------------------------------------------

    def _on_connect(self, client, userdata, flags, reason, properties) -> None:
        if reason.is_failure:
            log.warning("broker refused the controller: %s", reason)
            return
        client.subscribe([(t, 1) for t in self.topics.controller_subscriptions])
        state = ControllerState(state="online", session=self.session, ts=time.time())
        client.publish(self.topics.controller, encode(state), qos=1, retain=True)
        self._connected.set()
        log.info("controller online (session %d)", self.session)

    def _on_disconnect(self, client, userdata, flags, reason, properties) -> None:
        if self._connected.is_set() and not self._stopping.is_set():
            log.warning("lost the broker (%s); reconnecting", reason)
        self._connected.clear()

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        parsed = self.topics.parse_device_topic(message.topic)
        if parsed is None:
            return  # not ours (amqtt sends retained messages nobody subscribed to)
        device, leaf = parsed
        try:
            if leaf == "events":
                self._events(device, message.payload)
            elif leaf == "status" and not message.payload:
                with self._registry_lock:
                    self.registry.forget(device)
            elif leaf == "status":
                self._status(device, decode(DeviceStatus, message.payload))
            elif leaf == "reply":
                reply = decode(Reply, message.payload)
                if reply.device != device:
                    raise BadMessage(f"a reply from {reply.device!r} on {device!r}'s topic")
                self.commander.on_reply(reply)
        except BadMessage as exc:
            self._reject(message.topic, device, str(exc), len(message.payload))

    def _events(self, device: str, payload: bytes) -> None:
        good, rejected = check_batch(device, payload)
        for rejection in rejected:
            reason = rejection.reason
            if rejection.event_id:
                reason = f"event {rejection.event_id}: {reason}"
            self._reject(self.topics.events(device), device, reason, len(payload))
        if good:
            self._work.put(("events", device, good))

    def _reject(self, topic: str, device: str | None, reason: str, size: int) -> None:
        self.rejected += 1
        log.warning("rejected a message on %s: %s", topic, reason)
        self._work.put(("reject", topic, device, reason, size))

    def _status(self, device: str, status: DeviceStatus) -> None:
        if status.device != device:
            raise BadMessage(f"a status from {status.device!r} on {device!r}'s topic")
        with self._registry_lock:
            alerts = self.registry.update(status, time.time())
        for alert in alerts:
            log.warning("ALERT %s", alert)
        if status.state != "offline":
            self._enforce_schedule(status)

    def _targets(self, target: str) -> list[str]:
        with self._registry_lock:
            return self.registry.targets(target)

    # --- the commit thread --------------------------------------------------------------------

    def _commit_loop(self) -> None:
        while True:
            items = [self._work.get()]
            count = len(items[0][2]) if items[0][0] == "events" else 0
            while count < MAX_COMMIT:
                try:
                    item = self._work.get_nowait()
                except queue.Empty:
                    break
                items.append(item)
                if item[0] == "events":
                    count += len(item[2])
            if not self._commit(items):
                return

    def _commit(self, items: list[tuple]) -> bool:
        """Write one group of work items; acknowledge events once they are committed."""
        by_device: dict[str, list[str]] = defaultdict(list)
        events: list[Event] = []
        for item in items:
            if item[0] == "events":
                events += item[2]
                by_device[item[1]] += [e.id for e in item[2]]
            elif item[0] == "reject":
                self.store.reject(*item[1:])
        while events:
            try:
                self.committed += self.store.insert(events)
                break
            except Exception:  # a store that fails keeps the events queued, not acknowledged
                log.exception("store commit failed; retrying in 1 s")
                if self._stopping.wait(1.0):
                    return False
        for device, ids in by_device.items():
            self.client.publish(self.topics.ack(device), encode(Ack(ids=ids)), qos=1)
        return not any(item[0] == "stop" for item in items)

    # --- the schedule thread ------------------------------------------------------------------

    def _watch_loop(self) -> None:
        """Report stale devices, and wake or sleep the fleet when the opening hours say so."""
        hours = self.site.hours
        change = next_change(hours, _now(hours)) if hours else None
        while not self._stopping.wait(1.0):
            with self._registry_lock:
                stale = self.registry.newly_stale(time.time())
            for device in stale:
                log.warning(
                    "ALERT device %s is stale (no status for %.0f s)",
                    device,
                    self.site.stale_after_s,
                )
            if hours and change and _now(hours) >= change:
                wanted = wanted_state(hours, _now(hours))
                log.info("opening hours: the fleet goes %s", wanted)
                self.commander.send("all", "wake" if wanted == "awake" else "sleep", {}, 0)
                change = next_change(hours, _now(hours))

    def _enforce_schedule(self, status: DeviceStatus) -> None:
        """A device that (re)connects gets the state the opening hours want now."""
        hours = self.site.hours
        if hours is None:
            return
        wanted = wanted_state(hours, _now(hours))
        command = "sleep" if wanted == "asleep" and status.state == "online" else None
        if wanted == "awake" and status.state == "sleeping":
            command = "wake"
        if command and self._schedule_sent.get(status.device) != (status.session, command):
            self._schedule_sent[status.device] = (status.session, command)
            log.info("opening hours: %s %s", command, status.device)
            self.commander.send(status.device, command, {}, 0)


def _now(hours: OpeningHours) -> datetime:
    return datetime.now(ZoneInfo(hours.timezone))
