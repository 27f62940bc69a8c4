"""The device agent: a kiosk's or exhibit's link to the fleet, on threads of its own.

It keeps a retained status on the broker (with a last will), forwards the local outbox to the
controller in QoS 1 batches while the controller says it is online, deletes an event only when the
controller's acknowledgement names it, and hands commands to the app through a queue. The render
loop only ever calls non-blocking methods: `set_status`, `commands`, `reply`.

Delivery is at-least-once from here and exactly-once in the store, which ignores ids it has.
An unacknowledged batch is sent again after `ack_timeout_s`, on reconnect, and when a new
controller session starts.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import paho.mqtt.client as mqtt

from acier.mqttclient import BrokerAddress, make_client
from acier.outbox import Outbox
from acier.protocol.fleet import (
    COMMANDS,
    Ack,
    BadMessage,
    Command,
    ContentAnnounce,
    ControllerState,
    DeviceStatus,
    EventBatch,
    Reply,
    Topics,
    decode,
    encode,
)

log = logging.getLogger(__name__)

CHANGE_FIELDS = ("state", "scene", "content_version", "content_sync", "error", "zone", "boards")


@dataclass
class AgentSettings:
    site: str
    device: str
    broker: BrokerAddress = field(default_factory=BrokerAddress)
    role: str = ""
    zone: str = ""
    app_version: str = ""
    keepalive_s: int = 10
    heartbeat_s: float = 15.0
    batch: int = 500
    window: int = 4  # batches in flight before waiting for an acknowledgement
    ack_timeout_s: float = 10.0


class DeviceAgent:
    """Connects one device to the fleet; `start()` returns at once, `stop()` says goodbye."""

    def __init__(self, settings: AgentSettings, outbox: Outbox) -> None:
        self.settings = settings
        self.outbox = outbox
        self.topics = Topics(settings.site)
        self.started = time.time()
        self._commands: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._fields: dict[str, object] = {"state": "online", "zone": settings.zone}
        self._published: dict[str, object] = {}
        self._last_status = 0.0
        self._connection = 0
        self._connected = threading.Event()
        self._controller_online = False
        self._controller_session = -1
        self._inflight: OrderedDict[int, tuple[float, list[str]]] = OrderedDict()  # last seq ->
        self._sent_seq = 0
        self._stopping = threading.Event()
        self._wake = outbox.changed
        self.rejected = 0  # malformed messages received
        # called on paho's thread with each content version announced (see kiosk/sync.py)
        self.on_content: Callable[[ContentAnnounce], None] | None = None
        self.client = make_client(f"acier-{settings.site}-{settings.device}", settings.broker)
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self._thread = threading.Thread(target=self._forward_loop, name="agent", daemon=True)

    # --- the app's side (never blocks) --------------------------------------------------------

    def start(self) -> None:
        s = self.settings
        self._connection = self.outbox.next_connection()
        will = DeviceStatus(
            device=s.device, session=self._connection, state="offline", ts=time.time()
        )
        self.client.will_set(self.topics.status(s.device), encode(will), qos=1, retain=True)
        self.client.connect_async(s.broker.host, s.broker.port, keepalive=s.keepalive_s)
        self.client.loop_start()
        self._thread.start()

    def set_status(self, **fields: object) -> None:
        """Update status fields (scene, fps, state, content_version, error…); cheap every frame."""
        with self._lock:
            self._fields.update(fields)

    def commands(self) -> list[Command]:
        """Commands received since the last call, for the app to carry out on its own thread."""
        out = []
        while True:
            try:
                out.append(self._commands.get_nowait())
            except queue.Empty:
                return out

    def reply(self, command: Command, ok: bool, error: str = "", **result: object) -> None:
        message = Reply(
            id=command.id, device=self.settings.device, ok=ok, error=error, result=result
        )
        self.client.publish(self.topics.reply(self.settings.device), encode(message), qos=1)

    def stop(self, drain_s: float = 0.0) -> None:
        """Publish a clean offline status (so no will is needed) and disconnect.

        With `drain_s`, first wait that long for the controller to acknowledge what is waiting;
        whatever is left stays in the outbox for the next start.
        """
        end = time.monotonic() + drain_s
        while self.outbox.depth() and self._controller_online and time.monotonic() < end:
            time.sleep(0.02)
        self._stopping.set()
        self._wake.set()
        if self._connected.is_set():
            info = self.client.publish(
                self.topics.status(self.settings.device),
                encode(self._status("offline").model_copy(update={"scene": "stopped"})),
                qos=1,
                retain=True,
            )
            info.wait_for_publish(timeout=2.0)
            self.client.disconnect()
        self.client.loop_stop()
        self._thread.join(timeout=5.0)

    @property
    def connected(self) -> bool:
        return self._connected.is_set()

    # --- status -------------------------------------------------------------------------------

    def _status(self, state: str | None = None) -> DeviceStatus:
        s = self.settings
        with self._lock:
            fields = dict(self._fields)
        return DeviceStatus(
            device=s.device,
            session=self._connection,
            state=state or fields.pop("state"),
            ts=time.time(),
            role=s.role,
            zone=str(fields.get("zone", "")),
            app_version=s.app_version,
            content_version=str(fields.get("content_version", "")),
            content_sync=str(fields.get("content_sync", "")),
            scene=str(fields.get("scene", "")),
            fps=round(float(fields.get("fps", 0.0)), 1),
            uptime_s=round(time.time() - self.started, 1),
            outbox_depth=self.outbox.depth(),
            dropped=self.outbox.dropped(),
            error=str(fields.get("error", "")),
            boards=dict(fields.get("boards", {})),
        )

    def _publish_status(self) -> None:
        status = self._status()
        self.client.publish(
            self.topics.status(self.settings.device), encode(status), qos=1, retain=True
        )
        self._published = {k: getattr(status, k) for k in CHANGE_FIELDS}
        self._last_status = time.monotonic()

    def _status_due(self) -> bool:
        with self._lock:
            changed = any(
                self._fields.get(k, DeviceStatus.model_fields[k].default) != self._published.get(k)
                for k in CHANGE_FIELDS
            )
        return changed or time.monotonic() - self._last_status >= self.settings.heartbeat_s

    # --- paho callbacks (paho's network thread) -------------------------------------------------

    def _on_connect(self, client, userdata, flags, reason, properties) -> None:
        if reason.is_failure:
            log.warning("broker refused the connection: %s", reason)
            return
        s = self.settings
        zone = str(self._fields.get("zone", s.zone))
        client.subscribe([(t, 1) for t in self.topics.device_subscriptions(s.device, zone)])
        self._publish_status()
        with self._lock:
            self._inflight.clear()
            self._sent_seq = 0
        log.info("connected to %s:%s", s.broker.host, s.broker.port)

    def _on_subscribe(self, client, userdata, mid, reasons, properties) -> None:
        """Connected for good once the broker holds our subscriptions: commands can reach us."""
        self._connected.set()
        self._wake.set()

    def _on_disconnect(self, client, userdata, flags, reason, properties) -> None:
        if self._connected.is_set() and not self._stopping.is_set():
            log.warning("lost the broker (%s); reconnecting", reason)
        self._connected.clear()

    def _on_message(self, client, userdata, message: mqtt.MQTTMessage) -> None:
        topic, s = message.topic, self.settings
        try:
            if topic == self.topics.ack(s.device):
                self._acknowledged(decode(Ack, message.payload).ids)
            elif topic == self.topics.controller:
                self._controller(decode(ControllerState, message.payload))
            elif topic == self.topics.content:
                if message.payload and self.on_content is not None:
                    self.on_content(decode(ContentAnnounce, message.payload))
            elif topic in self.topics.device_subscriptions(s.device, str(self._fields["zone"])):
                self._command(message.payload)
            # any other topic (amqtt sends retained messages nobody asked for) is ignored
        except BadMessage as exc:
            self.rejected += 1
            log.warning("ignored a malformed message on %s: %s", topic, exc)

    def _acknowledged(self, ids: list[str]) -> None:
        self.outbox.delete(ids)
        done = set(ids)
        with self._lock:
            for last, (sent, batch) in list(self._inflight.items()):
                remaining = [i for i in batch if i not in done]
                if remaining:
                    self._inflight[last] = (sent, remaining)
                else:
                    del self._inflight[last]
        self._wake.set()

    def _controller(self, state: ControllerState) -> None:
        online = state.state == "online"
        if not online and self._controller_session not in (-1, state.session):
            return  # the late will of an earlier controller session
        if online and state.session != self._controller_session:
            with self._lock:  # a new controller session: whatever was in flight is resent
                self._inflight.clear()
                self._sent_seq = 0
            self._controller_session = state.session
        if online != self._controller_online:
            log.info("controller is %s", state.state)
        self._controller_online = online
        self._wake.set()

    def _command(self, payload: bytes) -> None:
        try:
            command = decode(Command, payload)
        except BadMessage as exc:
            correlation = _correlation_id(payload)
            if correlation:
                self.reply(Command(id=correlation, name="?"), False, f"malformed command: {exc}")
            raise
        if command.name not in COMMANDS:
            self.reply(command, False, f"unknown command {command.name!r}")
            return
        self._commands.put(command)

    # --- forwarding (the agent's own thread) ----------------------------------------------------

    def _forward_loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(timeout=1.0)
            self._wake.clear()
            if self._stopping.is_set():
                return
            if not self._connected.is_set():
                continue
            try:
                if self._status_due():
                    self._publish_status()
                if self._controller_online:
                    self._resend_expired()
                    self._send_batches()
            except Exception:  # the agent must outlive any surprise; the next wake retries
                log.exception("event forwarding failed")

    def _resend_expired(self) -> None:
        now = time.monotonic()
        with self._lock:
            expired = any(
                now - sent > self.settings.ack_timeout_s for sent, _ in self._inflight.values()
            )
            if expired:
                log.info("no acknowledgement for %d batch(es); resending", len(self._inflight))
                self._inflight.clear()
                self._sent_seq = 0

    def _send_batches(self) -> None:
        s = self.settings
        while len(self._inflight) < s.window and self._controller_online:
            events = self.outbox.pending(limit=s.batch, after_seq=self._sent_seq)
            if not events:
                return
            batch = EventBatch(device=s.device, events=events)
            info = self.client.publish(self.topics.events(s.device), encode(batch), qos=1)
            if info.rc != mqtt.MQTT_ERR_SUCCESS:
                return  # not connected any more; on_connect resets and resends
            with self._lock:
                self._inflight[events[-1].seq] = (time.monotonic(), [e.id for e in events])
                self._sent_seq = events[-1].seq


def _correlation_id(payload: bytes) -> str:
    """The id of a command too broken to parse, if it has one, so the sender gets an answer."""
    try:
        data = json.loads(payload)
    except ValueError:
        return ""
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and 0 < len(value) <= 64 else ""
