"""Fleet commands driving the real timeline kiosk, from the controller, through a real broker."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from acier.agent import AgentSettings, DeviceAgent
from acier.kiosk.remote import RESTART_EXIT, TimelineRemote, content_version
from acier.mqttclient import BrokerAddress
from tests.fleet_helpers import new_site_name, site_config, start_controller, wait_for
from tests.pilot import Pilot
from tests.sample_content import make_pack


@pytest.fixture
def rig(mosquitto, tmp_path):
    media = make_pack(tmp_path / "media", entries=6)
    pilot = Pilot(media, tmp_path)
    site = site_config(mosquitto, tmp_path, new_site_name())
    controller = start_controller(site)
    broker = BrokerAddress(mosquitto.host, mosquitto.port)
    agent = DeviceAgent(AgentSettings(site.site, "test-kiosk", broker, zone="hall"), pilot.outbox)
    remote = TimelineRemote(pilot.app, agent, media)
    pilot.app.hooks.append(remote)
    agent.start()
    pool = ThreadPoolExecutor(1)

    def send(name, **args):
        """Send from another thread while the kiosk renders frames, as in real life."""
        future = pool.submit(controller.send, "test-kiosk", name, args, 10.0)
        while not future.done():
            pilot.app.step()  # frames without the test clock moving: no idle timeout meanwhile
            time.sleep(0.001)
        return future.result()["test-kiosk"]

    wait_for(lambda: len(controller.devices()) == 1, what="the kiosk online")
    yield pilot, controller, remote, send, media
    pool.shutdown()
    agent.stop()
    controller.stop()
    pilot.close()


def stored(controller) -> list[tuple[str, dict]]:
    """The kiosk's events as the controller stored them (acknowledged ones leave the outbox)."""
    with controller.store.engine.connect() as db:
        rows = db.exec_driver_sql("SELECT type, data FROM events ORDER BY seq").fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


def test_identify_goto_language_sleep_and_wake(rig):
    pilot, controller, _, send, _ = rig
    assert send("identify", seconds=2).ok
    pilot.frames(1)
    assert pilot.app.clock() < pilot.app.identify_until
    assert pilot.pixel(4, 4) == (255, 146, 46)  # the blinking frame, first phase
    pilot.advance(2.5)
    assert pilot.pixel(4, 4) != (255, 146, 46)  # and gone after its two seconds

    reply = send("goto", entry="entry-003")
    assert reply.ok and pilot.app.mode == "detail"
    opened = ("entry.open", {"entry": "entry-003", "via": "command"})
    wait_for(lambda: opened in stored(controller), what="the entry.open event stored")
    assert not send("goto", entry="nowhere").ok

    assert send("language", language="nl").ok and pilot.app.language == "nl"
    assert "one of" in send("language", language="de").error

    assert send("sleep").ok and pilot.app.mode == "asleep"
    pilot.frames(2)
    assert pilot.pixel(pilot.w // 2, pilot.h // 2) == (0, 0, 0)
    wait_for(lambda: stored(controller)[-1][0] == "session.end", what="the visit ended")
    assert stored(controller)[-1][1]["reason"] == "sleep"
    pilot.tap(pilot.w / 2, pilot.h / 2)  # closed to the public: a touch does nothing
    assert pilot.app.mode == "asleep"
    wait_for(lambda: controller.devices()[0].state == "sleeping", what="status sleeping")

    assert send("wake").ok and pilot.app.mode == "attract"
    wait_for(lambda: controller.devices()[0].state == "online", what="status online")


def test_reload_keeps_the_last_good_content_and_reports_the_error(rig):
    pilot, controller, _, send, media = rig
    before = content_version(pilot.app.content)
    entry = media / "timeline" / "entry-002.yaml"
    good = entry.read_text(encoding="utf-8")
    entry.write_text(good.replace("era:", "era: [", 1), encoding="utf-8")
    reply = send("reload")
    assert not reply.ok and "kept the previous content" in reply.error
    assert "entry-002.yaml:" in reply.error  # file:line for the curator
    assert content_version(pilot.app.content) == before and len(pilot.app.content.entries) == 6
    wait_for(lambda: "reload refused" in controller.devices()[0].status.error, what="status")

    data = yaml.safe_load(good)
    data["tags"] = ["changed"]
    entry.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    reply = send("reload")
    assert reply.ok and reply.result["content_version"] != before
    wait_for(lambda: controller.devices()[0].status.error == "", what="error cleared")
    pilot.wake()
    pilot.settle()  # the new content renders


def test_selftest_and_restart(rig):
    pilot, _, remote, send, _ = rig
    reply = send("selftest")
    assert reply.ok, reply.error
    assert set(reply.result["checks"]) == {"content", "outbox", "display", "video"}
    assert reply.result["checks"]["content"]["detail"] == "6 entries"
    assert send("restart").ok
    assert not pilot.app.running and remote.exit_status == RESTART_EXIT


def test_reload_rereads_the_device_config_and_keeps_the_last_good_one(rig, tmp_path):
    pilot, _, remote, send, media = rig
    config = tmp_path / "kiosk.yaml"
    config.write_text(f"device: test-kiosk\nmedia: {media}\nidle_timeout_s: soon\n")
    remote.config_path = config
    reply = send("reload")
    assert not reply.ok and "kept the previous config" in reply.error
    assert f"{config}:3:17: error: idle_timeout_s:" in reply.error
    assert pilot.app.session.idle_timeout_s == 90.0

    config.write_text(f"device: test-kiosk\nmedia: {media}\nidle_timeout_s: 45\nlanguage: nl\n")
    assert send("reload").ok
    assert pilot.app.session.idle_timeout_s == 45.0 and pilot.app.config.language == "nl"
    pilot.wake()  # a new visitor starts in the new default language
    assert pilot.app.language == "nl"
