"""The fleet against a real Mosquitto: delivery, status, commands, malformed messages."""

from __future__ import annotations

import json
import threading

import paho.mqtt.client as mqtt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acier.controller.registry import FleetRegistry
from acier.mqttclient import BrokerAddress, make_client
from acier.protocol.fleet import DeviceStatus, Topics
from tests.fleet_helpers import (
    new_site_name,
    site_config,
    start_agent,
    start_controller,
    wait_for,
)


@pytest.fixture
def site(mosquitto, tmp_path):
    return site_config(mosquitto, tmp_path, new_site_name())


@pytest.fixture
def controller(site):
    c = start_controller(site)
    yield c
    c.stop()


def raw_client(broker) -> mqtt.Client:
    client = make_client(f"raw-{new_site_name()}", BrokerAddress(broker.host, broker.port))
    client.connect(broker.host, broker.port)
    client.loop_start()
    return client


def test_events_reach_the_store_once_and_leave_the_outbox(mosquitto, tmp_path, site, controller):
    agent = start_agent(mosquitto, tmp_path, site.site, "kiosk-1", batch=7)
    try:
        ids = {agent.outbox.record("textsize.change", "s", level=i % 3).id for i in range(100)}
        wait_for(lambda: agent.outbox.depth() == 0, what="acknowledgements")
        assert controller.store.count() == 100
        with controller.store.engine.connect() as db:
            stored = {row[0] for row in db.exec_driver_sql("SELECT id FROM events")}
        assert stored == ids
    finally:
        agent.stop()


def test_events_logged_while_the_controller_is_down_arrive_when_it_starts(
    mosquitto, tmp_path, site
):
    agent = start_agent(mosquitto, tmp_path, site.site, "kiosk-2")
    try:
        wait_for(lambda: agent.connected, what="agent connected")
        for _ in range(250):
            agent.outbox.record("entry.open", "s", entry="bessemer-1856", via="tap")
        assert agent.outbox.depth() == 250  # nobody to send to: kept
        controller = start_controller(site)
        try:
            wait_for(lambda: agent.outbox.depth() == 0, what="backlog delivered")
            assert controller.store.count() == 250
        finally:
            controller.stop()
    finally:
        agent.stop()


def test_status_is_retained_and_a_clean_stop_marks_the_device_offline(
    mosquitto, tmp_path, site, controller
):
    agent = start_agent(mosquitto, tmp_path, site.site, "kiosk-3", zone="hall")
    agent.set_status(scene="attract", content_version="abc123")

    def state():
        return {v.device: v for v in controller.devices()}.get("kiosk-3")

    wait_for(lambda: state() and state().status.scene == "attract", what="status")
    view = state()
    assert view.state == "online" and view.status.zone == "hall"
    assert view.status.content_version == "abc123" and view.status.session >= 1
    agent.stop()
    wait_for(lambda: state().state == "offline", what="offline")
    # A technician retiring the device clears its retained status: it leaves the registry.
    client = raw_client(mosquitto)
    client.publish(Topics(site.site).status("kiosk-3"), b"", qos=1, retain=True)
    wait_for(lambda: state() is None, what="forgotten")
    assert controller.rejected == 0
    client.loop_stop()


def test_a_killed_device_is_declared_offline_by_its_will(mosquitto, tmp_path, site, controller):
    agent = start_agent(mosquitto, tmp_path, site.site, "kiosk-4", keepalive_s=2)
    wait_for(lambda: any(v.device == "kiosk-4" for v in controller.devices()), what="online")
    # Pull the plug: stop the network loop and drop the socket without a DISCONNECT.
    agent.client.loop_stop()
    agent.client.socket().close()
    wait_for(
        lambda: {v.device: v.state for v in controller.devices()}["kiosk-4"] == "offline",
        timeout=10.0,
        what="the will",
    )


def test_a_stale_will_cannot_mark_a_fresh_session_offline():
    registry = FleetRegistry(stale_after_s=45)
    fresh = DeviceStatus(device="k", session=6, state="online", ts=100.0)
    late_will = DeviceStatus(device="k", session=5, state="offline", ts=90.0)
    assert registry.update(fresh, 100.0) == []
    assert registry.update(late_will, 101.0) == []
    assert registry.state("k", 101.0) == "online"
    assert registry.state("k", 200.0) == "stale"
    assert registry.newly_stale(200.0) == ["k"] and registry.newly_stale(201.0) == []
    alerts = registry.update(DeviceStatus(device="k", session=6, state="offline", ts=210), 210)
    assert alerts == ["device k went offline (connection lost)"]


def test_a_board_going_wrong_and_coming_back_is_an_alert_once_each():
    registry = FleetRegistry(stale_after_s=45)

    def status(ts, **boards):
        return DeviceStatus(device="f", session=1, state="online", ts=ts, boards=boards)

    ok = {"state": "connected", "lines": 10}
    assert registry.update(status(1, stove=ok), 1) == []  # connected from the start: no news
    gone = {"state": "disconnected", "last_error": "device reports readiness to read"}
    assert registry.update(status(2, stove=gone), 2) == [
        "device f: board stove disconnected (device reports readiness to read)"
    ]
    assert registry.update(status(3, stove=gone), 3) == []  # said once
    assert registry.update(status(4, stove=ok), 4) == ["device f: board stove connected again"]
    assert registry.update(status(5, tokens={"state": "absent"}), 5) == [
        "device f: board tokens absent"
    ]


class Responder:
    """Plays the app's side of an agent: carries out commands on its own thread."""

    def __init__(self, agent) -> None:
        self.agent = agent
        self.stop = threading.Event()
        self.seen: list[str] = []
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.wait(0.005):
            for command in self.agent.commands():
                self.seen.append(command.name)
                self.agent.reply(command, True, echo=command.args)


def test_commands_reach_a_device_a_zone_or_all_and_every_reply_comes_back(
    mosquitto, tmp_path, site, controller
):
    agents = [
        start_agent(mosquitto, tmp_path, site.site, f"k{i}", zone="hall" if i < 2 else "lab")
        for i in range(3)
    ]
    responders = [Responder(a) for a in agents]
    try:
        wait_for(lambda: len(controller.devices()) == 3, what="three devices")
        replies = controller.send("all", "identify", {"seconds": 3})
        assert sorted(replies) == ["k0", "k1", "k2"]
        assert all(r.ok and r.result == {"echo": {"seconds": 3}} for r in replies.values())
        assert sorted(controller.send("zone:hall", "wake")) == ["k0", "k1"]
        assert list(controller.send("k2", "goto", {"entry": "x"})) == ["k2"]
        # The agent itself refuses what no device understands.
        refused = controller.send("k1", "self-destruct")["k1"]
        assert not refused.ok and "unknown command" in refused.error
        assert responders[2].seen == ["identify", "goto"]
    finally:
        for r in responders:
            r.stop.set()
        for a in agents:
            a.stop()


def test_a_malformed_command_gets_an_error_reply_and_the_agent_survives(mosquitto, tmp_path, site):
    agent = start_agent(mosquitto, tmp_path, site.site, "k9")
    topics = Topics(site.site)
    replies: list[dict] = []
    got = threading.Event()
    client = raw_client(mosquitto)

    def on_message(c, u, message):
        replies.append(json.loads(message.payload))
        got.set()

    client.on_message = on_message
    client.subscribe(topics.reply("k9"), qos=1)
    try:
        wait_for(lambda: agent.connected, what="agent")
        client.publish(topics.command_device("k9"), b"not json", qos=1)
        client.publish(topics.command_device("k9"), b'{"v": 1, "id": "c1", "args": 3}', qos=1)
        assert got.wait(10.0)
        wait_for(lambda: agent.rejected == 2, what="both counted")
        assert replies[0]["id"] == "c1" and replies[0]["ok"] is False
        assert "malformed command" in replies[0]["error"]
        agent.outbox.record("textsize.change", None, level=1)  # still working
    finally:
        client.loop_stop()
        agent.stop()


@pytest.mark.parametrize(
    "payload",
    [
        b"{",
        b"[]",
        b'{"v": 2, "device": "k5", "events": []}',
        b'{"v": 1, "device": "k5", "events": "lots"}',
        b"x" * (4 * 1024 * 1024 + 1),
    ],
)
def test_malformed_batches_are_rejected_counted_and_never_stored(
    mosquitto, site, controller, payload
):
    client = raw_client(mosquitto)
    try:
        client.publish(Topics(site.site).events("k5"), payload, qos=1).wait_for_publish(5)
        wait_for(lambda: controller.store.rejected_count() == 1, what="the rejection")
        assert controller.store.count() == 0 and controller.rejected == 1
    finally:
        client.loop_stop()


def test_events_claiming_another_device_are_not_stored_under_either(
    mosquitto, tmp_path, site, controller
):
    agent = start_agent(mosquitto, tmp_path, site.site, "honest")
    try:
        good = agent.outbox.record("textsize.change", None, level=1)
        wait_for(lambda: controller.store.count() == 1, what="the honest event")
        forged = good.model_copy(update={"id": "forged-1", "device": "victim"})
        batch = {"v": 1, "device": "honest", "events": [json.loads(forged.model_dump_json())]}
        client = raw_client(mosquitto)
        client.publish(Topics(site.site).events("honest"), json.dumps(batch), qos=1)
        wait_for(lambda: controller.rejected == 1, what="the forged event rejected")
        assert controller.store.count() == 1
        client.loop_stop()
    finally:
        agent.stop()


def test_a_device_that_connects_gets_the_state_the_opening_hours_want(mosquitto, tmp_path):
    from acier.controller.schedule import OpeningHours

    closed = OpeningHours()  # no weekly hours: closed every day
    site = site_config(mosquitto, tmp_path, new_site_name(), hours=closed)
    controller = start_controller(site)
    agent = start_agent(mosquitto, tmp_path, site.site, "k-hours")
    responder = Responder(agent)
    try:
        wait_for(lambda: responder.seen == ["sleep"], what="the sleep command")
        agent.set_status(state="sleeping")
        wait_for(lambda: controller.devices()[0].state == "sleeping", what="asleep")
        always = OpeningHours.model_validate(
            {
                "weekly": {
                    d: "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
                }
            }
        )
        controller.site = controller.site.model_copy(update={"hours": always})
        agent.set_status(scene="attract")  # any status while asleep during opening hours
        wait_for(lambda: responder.seen == ["sleep", "wake"], what="the wake command")
    finally:
        responder.stop.set()
        agent.stop()
        controller.stop()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(payload=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_fuzzed_payloads_through_the_broker_never_crash_the_controller(
    mosquitto, site, controller, payload
):
    client = fuzz_client(mosquitto)
    before = controller.rejected
    client.publish(Topics(site.site).events("k-fuzz"), payload, qos=1).wait_for_publish(5)
    wait_for(lambda: controller.rejected == before + 1, what="the rejection")
    assert controller.store.count() == 0


_fuzz_clients: dict = {}


def fuzz_client(broker) -> mqtt.Client:
    """One publisher for all hypothesis examples (a connection each would dominate the time)."""
    if broker.port not in _fuzz_clients:
        _fuzz_clients[broker.port] = raw_client(broker)
    return _fuzz_clients[broker.port]


def test_the_fleet_works_on_the_embedded_amqtt_broker(tmp_path):
    from acier.broker import start_broker

    broker = start_broker(tmp_path / "amqtt", prefer="amqtt")
    site = site_config(broker, tmp_path, new_site_name())
    controller = start_controller(site)
    agent = start_agent(broker, tmp_path, site.site, "k-amqtt")
    try:
        for _ in range(20):
            agent.outbox.record("textsize.change", None, level=2)
        wait_for(lambda: agent.outbox.depth() == 0, what="delivery through amqtt")
        assert controller.store.count() == 20
        assert [v.device for v in controller.devices()] == ["k-amqtt"]
    finally:
        agent.stop()
        controller.stop()
        broker.stop()


def test_malformed_content_announcements_are_counted_and_never_fetched(mosquitto, tmp_path, site):
    agent = start_agent(mosquitto, tmp_path, site.site, "k8")
    announced: list = []
    agent.on_content = announced.append
    topics = Topics(site.site)
    client = raw_client(mosquitto)
    good = {"v": 1, "version": "20261129-101500-1a2b3c4d", "url": "http://ctl:8080"}
    good |= {"files": 3, "bytes": 10, "ts": 1.0}
    try:
        wait_for(lambda: agent.connected, what="agent")
        for bad in (
            b"not json",
            json.dumps({**good, "url": "file:///etc"}).encode(),  # only HTTP(S) is fetched
            json.dumps({**good, "version": "../../x"}).encode(),
        ):
            client.publish(topics.content, bad, qos=1)
        wait_for(lambda: agent.rejected == 3, what="all three counted")
        client.publish(topics.content, json.dumps(good).encode(), qos=1)
        wait_for(lambda: len(announced) == 1, what="the good one")
        assert announced[0].version == good["version"]
    finally:
        client.loop_stop()
        agent.stop()
