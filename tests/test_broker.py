"""The private broker (acier/broker.py) and the shipped Mosquitto config and ACL (systemd/).

Real paho-mqtt 2 clients (MQTT 3.1.1, as the fleet uses) on real brokers; every wait is on a
callback, bounded by TIMEOUT, never a fixed sleep.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from acier.broker import Broker, free_port, mosquitto_binary, start_broker, stay_root

TIMEOUT = 10.0
SYSTEMD = Path(__file__).resolve().parents[1] / "systemd"
_ids = itertools.count()


class Probe:
    """A paho client that records the CONNACK, SUBACKs and messages, for event-driven waits."""

    def __init__(
        self,
        broker: Broker,
        client_id: str | None = None,
        *,
        clean_session: bool = True,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        self.broker = broker
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id or f"probe-{os.getpid()}-{next(_ids)}",
            clean_session=clean_session,
            protocol=mqtt.MQTTv311,
            reconnect_on_failure=False,  # a probe reports a disconnection, and closes at once
        )
        if username:
            self.client.username_pw_set(username, password)
        self.client.max_inflight_messages_set(0)  # no window: a burst goes out at once
        self.messages: list[mqtt.MQTTMessage] = []
        self.distinct: defaultdict[str, set[bytes]] = defaultdict(set)  # topic -> payloads
        self.connack: tuple[mqtt.ReasonCode, bool] | None = None
        self.subacks: dict[int, list[mqtt.ReasonCode]] = {}
        self.disconnects = 0
        self._changed = threading.Condition()
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message
        self.client.on_disconnect = self._on_disconnect

    def _on_connect(self, client, userdata, flags, reason, properties) -> None:
        with self._changed:
            self.connack = (reason, flags.session_present)
            self._changed.notify_all()

    def _on_subscribe(self, client, userdata, mid, reasons, properties) -> None:
        with self._changed:
            self.subacks[mid] = reasons
            self._changed.notify_all()

    def _on_disconnect(self, client, userdata, flags, reason, properties) -> None:
        with self._changed:
            self.disconnects += 1
            self._changed.notify_all()

    def _on_message(self, client, userdata, message) -> None:
        with self._changed:
            self.messages.append(message)
            self.distinct[message.topic].add(message.payload)
            self._changed.notify_all()

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
        with self._changed:
            assert self._changed.wait_for(condition, timeout), f"timed out waiting for {what}"

    def connect(self) -> tuple[mqtt.ReasonCode, bool]:
        """Connect and wait for the CONNACK: (reason, session present)."""
        self.client.connect(self.broker.host, self.broker.port, keepalive=30)
        self.client.loop_start()
        self.wait(lambda: self.connack is not None, "the CONNACK")
        return self.connack

    def subscribe(self, topic: str) -> mqtt.ReasonCode:
        """Subscribe at QoS 1 and wait for the SUBACK; its reason code (1 = granted QoS 1)."""
        _, mid = self.client.subscribe(topic, qos=1)
        self.wait(lambda: mid in self.subacks, f"the SUBACK for {topic}")
        return self.subacks[mid][0]

    def payloads(self, topic: str) -> list[bytes]:
        with self._changed:
            return [m.payload for m in self.messages if m.topic == topic]

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


def publish_all(probe: Probe, topic: str, payloads: list[bytes], retain: bool = False) -> None:
    """Publish at QoS 1 and wait until the broker has acknowledged every message."""
    infos = [probe.client.publish(topic, p, qos=1, retain=retain) for p in payloads]
    deadline = time.monotonic() + TIMEOUT * (1 + len(infos) // 5000)  # a loaded CI is slow
    for info in infos:
        info.wait_for_publish(max(0.0, deadline - time.monotonic()))
        assert info.is_published(), "a publish was not acknowledged in time"


def round_trip(broker: Broker, topic: str) -> None:
    receiver, sender = Probe(broker), Probe(broker)
    try:
        receiver.connect()
        assert receiver.subscribe(topic) == 1
        sender.connect()
        publish_all(sender, topic, [b"ping"])
        receiver.wait(lambda: receiver.payloads(topic) == [b"ping"], "the message")
    finally:
        sender.close()
        receiver.close()


def test_publish_subscribe_round_trip(mosquitto):
    assert mosquitto.kind == "mosquitto" and mosquitto.running
    round_trip(mosquitto, "test/broker/round-trip")


def test_a_persistent_session_gets_a_burst_sent_while_it_was_away(mosquitto):
    """20,000 QoS 1 messages queued for a disconnected client: none dropped."""
    topic, count = "test/broker/burst", 20_000
    away = Probe(mosquitto, "burst-sleeper", clean_session=False)
    away.connect()
    assert away.subscribe(topic) == 1
    away.close()

    sender = Probe(mosquitto)
    sender.connect()
    publish_all(sender, topic, [str(i).encode() for i in range(count)])
    sender.close()

    back = Probe(mosquitto, "burst-sleeper", clean_session=False)
    try:
        assert back.connect() == (0, True)  # the session, with its subscription, was kept
        back.wait(lambda: len(back.distinct[topic]) >= count, f"{count} messages", 5 * TIMEOUT)
        assert back.distinct[topic] == {str(i).encode() for i in range(count)}
    finally:
        back.close()


def test_a_restart_keeps_retained_and_queued_messages(fresh_broker):
    """A clean stop (SIGTERM) saves Mosquitto's database; the restart loads it."""
    away = Probe(fresh_broker, "restart-sleeper", clean_session=False)
    away.connect()
    assert away.subscribe("test/queued") == 1
    away.close()
    sender = Probe(fresh_broker)
    sender.connect()
    publish_all(sender, "test/retained", [b"kept"], retain=True)
    publish_all(sender, "test/queued", [str(i).encode() for i in range(100)])
    sender.close()

    port = fresh_broker.port
    fresh_broker.restart()
    assert fresh_broker.running and fresh_broker.port == port

    reader = Probe(fresh_broker)
    back = Probe(fresh_broker, "restart-sleeper", clean_session=False)
    try:
        reader.connect()
        reader.subscribe("test/retained")
        reader.wait(lambda: reader.payloads("test/retained") == [b"kept"], "the retained message")
        assert reader.messages[0].retain
        assert back.connect() == (0, True)
        back.wait(lambda: len(back.distinct["test/queued"]) == 100, "the queued messages")
    finally:
        reader.close()
        back.close()


def test_kill_then_restart(fresh_broker):
    fresh_broker.kill()
    assert not fresh_broker.running
    with pytest.raises(ConnectionRefusedError):
        Probe(fresh_broker).client.connect(fresh_broker.host, fresh_broker.port)
    fresh_broker.restart()
    assert fresh_broker.running
    round_trip(fresh_broker, "test/after-kill")


def test_the_amqtt_fallback_does_a_round_trip(tmp_path):
    with start_broker(tmp_path / "amqtt", prefer="amqtt") as broker:
        assert broker.kind == "amqtt" and broker.running
        round_trip(broker, "test/amqtt")
    assert not broker.running


def test_a_port_in_use_is_reported(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as other:
        broker = Broker(tmp_path, other.getsockname()[1], "mosquitto")
        with pytest.raises(RuntimeError, match="in use by another process"):
            broker.start(timeout=0.3)
    assert not broker.running


def refused(broker: Broker, **login: str) -> mqtt.ReasonCode:
    probe = Probe(broker, **login)
    try:
        return probe.connect()[0]
    finally:
        probe.close()


class ShippedBroker(Broker):
    """Mosquitto on systemd/mosquitto.conf and acier.acl, moved to a private port and folder."""

    def mosquitto_config(self) -> str:
        moved = {
            "listener": f"{self.port} 127.0.0.1",
            "password_file": str(self.data_dir / "acier.passwd"),
            "acl_file": str(SYSTEMD / "acier.acl"),
            "persistence_location": f"{self.data_dir}/",
            "log_dest": f"file {self.data_dir}/mosquitto.log",
        }
        lines = []
        for line in (SYSTEMD / "mosquitto.conf").read_text().splitlines():
            key = line.split(" ")[0]
            lines.append(f"{key} {moved.pop(key)}" if key in moved else line)
        assert not moved, f"no longer in systemd/mosquitto.conf: {list(moved)}"
        return "\n".join([*lines, stay_root()])


@pytest.fixture
def shipped_broker(tmp_path):
    passwd = shutil.which("mosquitto_passwd")
    if mosquitto_binary() is None or passwd is None:
        pytest.skip("Mosquitto is not installed (Debian: apt-get install mosquitto)")
    for i, user in enumerate(["controller", "k1", "k2"]):
        create = ["-c"] if i == 0 else []
        file = str(tmp_path / "acier.passwd")
        subprocess.run([passwd, *create, "-b", file, user, f"{user}-pw"], check=True)
    broker = ShippedBroker(tmp_path, free_port(), "mosquitto")
    broker.start()
    yield broker
    broker.kill()


def test_the_shipped_config_and_acl(shipped_broker):
    base = "acier/v1/site1"
    assert refused(shipped_broker) == "Not authorized"  # no anonymous access
    assert refused(shipped_broker, username="k1", password="k2-pw") == "Not authorized"

    controller = Probe(shipped_broker, username="controller", password="controller-pw")
    forger = Probe(shipped_broker, username="k1", password="k1-pw")
    device = Probe(shipped_broker, username="k1", password="k1-pw")
    try:
        assert controller.connect()[0] == 0
        assert controller.subscribe(f"{base}/device/+/events") == 1
        # another device's topic: refused, and Mosquitto 2 then closes a 3.1.1 connection
        assert forger.connect()[0] == 0
        forger.client.publish(f"{base}/device/k2/events", b"forged", qos=1)
        forger.wait(lambda: forger.disconnects, "the refused publisher's disconnection")

        assert device.connect()[0] == 0
        publish_all(device, f"{base}/device/k1/events", [b"own"])
        controller.wait(lambda: controller.messages, "the device's own events")
        assert [m.payload for m in controller.messages] == [b"own"]

        readable = (f"{base}/cmd/all", f"{base}/controller/state", f"{base}/device/k1/ack")
        readable += (f"{base}/content",)
        for topic in (f"{base}/cmd/#", f"{base}/controller/state", f"{base}/device/+/ack"):
            assert device.subscribe(topic) == 1  # Mosquitto 2 checks reads on delivery
        assert device.subscribe(f"{base}/content") == 1
        # in order on one connection: were it delivered, k2's ack would arrive first
        publish_all(controller, f"{base}/device/k2/ack", [b"not for k1"])
        for topic in readable:
            publish_all(controller, topic, [b"for k1"])
        device.wait(lambda: len(device.messages) == 4, "a command, the states, an ack")
        assert {m.payload for m in device.messages} == {b"for k1"}
    finally:
        for probe in (device, forger, controller):
            probe.close()
