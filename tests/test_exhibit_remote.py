"""An exhibit in the fleet: the self-test run by command on its screen and reported over MQTT,
its serial boards in its status, and its events in the controller's store, on a real broker."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pygame
import pytest

from acier.agent import AgentSettings, DeviceAgent
from acier.cli import main
from acier.config import KioskConfig
from acier.exhibits import load_exhibit
from acier.hardware.bindings import InputBinding, OutputBinding
from acier.hardware.simulation import Simulation
from acier.kiosk.exhibit_app import ExhibitApp
from acier.kiosk.layout import Screen
from acier.kiosk.remote import ExhibitRemote
from acier.mqttclient import BrokerAddress
from acier.outbox import Outbox
from tests.fleet_helpers import (
    new_site_name,
    site_config,
    start_controller,
    wait_for,
    write_site,
)

FRAME = 1 / 60
IRON, CHROMIUM = "0A00000001", "0A00000003"


@pytest.fixture
def rig(mosquitto, tmp_path):
    config = KioskConfig(
        device="alloy-t",
        role="alloy_lab",
        media=tmp_path,
        audio=False,
        inputs={
            "tokens": InputBinding(rfid="/dev/ttyUSB0"),
            "clear": InputBinding(button=17, bounce_s=0),
        },
        outputs={"ready": OutputBinding(led=13)},
        tokens={IRON: "Fe", CHROMIUM: "Cr"},
    )
    site = site_config(mosquitto, tmp_path, new_site_name())
    controller = start_controller(site)
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode((1280, 720))
    sim = Simulation(config.inputs, config.outputs, tmp_path)
    hardware = sim.hardware()
    hardware.start()
    outbox = Outbox(tmp_path / "outbox.sqlite", config.device)
    play, scene, keys = load_exhibit(config, Screen(1280, 720))
    clock = [1000.0]
    app = ExhibitApp(config, play, scene, hardware, outbox, surface, keys, sim, lambda: clock[0])
    broker = BrokerAddress(mosquitto.host, mosquitto.port)
    settings = AgentSettings(site.site, config.device, broker, role=config.role, heartbeat_s=1.0)
    agent = DeviceAgent(settings, outbox)
    app.hooks.append(ExhibitRemote(app, agent))
    agent.start()

    def frame():
        clock[0] += FRAME
        app.step()

    wait_for(lambda: len(controller.devices()) == 1, what="the exhibit online")
    yield app, sim, controller, frame
    agent.stop()
    controller.stop()
    hardware.close()
    sim.close()
    outbox.close()


def test_selftest_by_command_walks_the_hardware_and_replies_with_each_check(rig):
    app, sim, controller, frame = rig
    pool = ThreadPoolExecutor(1)
    future = pool.submit(controller.send, "alloy-t", "selftest", {}, 60.0)
    acted = set()
    deadline = time.monotonic() + 50
    while not future.done() and time.monotonic() < deadline:
        frame()
        check = app.selftest.current if app.selftest else None
        if check and check.name not in acted:  # the technician does what the screen asks
            acted.add(check.name)
            if check.name == "clear":
                sim.press("clear")
                sim.release("clear")
            elif check.name == "tokens":
                sim.show_tag("tokens", IRON)
            elif check.name == "ready":
                sim.act(check)  # from now on the technician watches the LED
        if check and check.name == "ready" and sim.saw(check):  # it blinked: tap "Seen"
            x, y, w, h = app.screen.selftest_buttons()["seen"]
            at = ((x + w / 2) / app.screen.width, (y + h / 2) / app.screen.height)
            pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, x=at[0], y=at[1], finger_id=1))
        time.sleep(0.002)
    reply = future.result()["alloy-t"]
    pool.shutdown()
    assert reply.ok, reply.error
    checks = reply.result["checks"]
    assert checks["tokens"] == {"kind": "rfid", "ok": True, "detail": f"tag {IRON}"}
    assert checks["clear"]["ok"]
    assert checks["ready"] == {"kind": "led", "ok": True, "detail": "seen"}
    assert app.selftest is None and sim.factory.pin(13).state == 0  # the LED left off
    # the tag shown during the test was the technician's, not a visitor's composition
    assert app.mode == "attract"


def test_a_selftest_nobody_answers_fails_by_name(rig):
    app, _, controller, frame = rig
    pool = ThreadPoolExecutor(1)
    future = pool.submit(controller.send, "alloy-t", "selftest", {}, 60.0)
    wait_for(lambda: frame() or app.selftest is not None, what="the self-test to start")
    app.selftest.step_timeout_s = 0.5  # nobody is coming: do not wait 20 s per input
    while not future.done():
        frame()
        time.sleep(0.002)
    reply = future.result()["alloy-t"]
    pool.shutdown()
    assert not reply.ok
    assert reply.error == "failed: tokens, clear, ready"
    assert reply.result["checks"]["tokens"]["detail"] == "no answer"
    assert reply.result["checks"]["ready"]["detail"] == "not confirmed"


def test_a_selftest_is_stopped_by_command_and_replies_with_what_it_did(rig):
    app, sim, controller, frame = rig
    pool = ThreadPoolExecutor(2)
    running = pool.submit(controller.send, "alloy-t", "selftest", {}, 60.0)
    wait_for(lambda: frame() or app.selftest is not None, what="the self-test to start")
    sim.show_tag("tokens", IRON)
    wait_for(lambda: frame() or app.selftest.current.name == "clear", what="the tag seen")
    stop = pool.submit(controller.send, "alloy-t", "selftest", {"stop": True}, 10.0)
    while not (running.done() and stop.done()):
        frame()
        time.sleep(0.002)
    assert stop.result()["alloy-t"].ok
    reply = running.result()["alloy-t"]
    assert reply.error == "failed: clear, ready"
    details = {name: c["detail"] for name, c in reply.result["checks"].items()}
    assert details == {"tokens": f"tag {IRON}", "clear": "stopped", "ready": "stopped"}
    again = pool.submit(controller.send, "alloy-t", "selftest", {"stop": True}, 10.0)
    while not again.done():
        frame()
        time.sleep(0.002)
    assert again.result()["alloy-t"].error == "no self-test is running"
    pool.shutdown()


def test_boards_in_the_status_and_visitor_events_in_the_store(rig):
    app, sim, controller, frame = rig

    def board_state():
        frame()
        views = controller.devices()
        return views and views[0].status.boards.get("tokens", {}).get("state") == "connected"

    wait_for(board_state, what="the reader connected in the status")
    sim.show_tag("tokens", IRON)
    wait_for(lambda: frame() or app.session.active, what="a visitor session")
    sim.remove_tag("tokens")
    time.sleep(0.6)  # the reader counts a tag again once it has been gone 0.5 s
    sim.show_tag("tokens", CHROMIUM)

    def stored():
        frame()
        with controller.store.engine.connect() as db:
            rows = db.exec_driver_sql("SELECT type, data FROM events ORDER BY seq").fetchall()
        return [(kind, json.loads(data)) for kind, data in rows]

    wait_for(lambda: len([e for e in stored() if e[0] == "alloy.compose"]) == 2, what="events")
    compose = [data for kind, data in stored() if kind == "alloy.compose"]
    assert [c["element"] for c in compose] == ["Fe", "Cr"]
    assert compose[1]["via"] == "token" and compose[1]["composition"]["Cr"] > 0
    assert stored()[0][0] == "session.start"


def test_an_unplugged_reader_is_an_alert_and_shows_in_acier_fleet(
    rig, mosquitto, tmp_path, caplog, capsys
):
    _, sim, controller, frame = rig

    def board_state():
        frame()
        views = controller.devices()
        return views and views[0].status.boards.get("tokens", {}).get("state")

    wait_for(lambda: board_state() == "connected", what="the reader connected in the status")
    sim.fakes["tokens"].unplug()
    wait_for(lambda: board_state() == "disconnected", what="the unplugging in the status")
    assert "ALERT device alloy-t: board tokens disconnected (" in caplog.text
    site_file = write_site(mosquitto, tmp_path, controller.site.site)
    assert main(["fleet", "--site", str(site_file)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "alloy-t" in line)
    assert row.endswith("tokens disconnected")
    sim.fakes["tokens"].replug()
    wait_for(lambda: board_state() == "connected", what="the reader back in the status")
    assert "ALERT device alloy-t: board tokens connected again" in caplog.text
