"""Faults that must lose nothing: after each, every event is in the store exactly once.

Real parts throughout: a private Mosquitto per test (restarted or killed at will), the
controller and the devices as separate processes where a test kills them with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from acier.outbox import Outbox
from tests.fleet_helpers import (
    Recorder,
    assert_exactly_once,
    new_site_name,
    site_config,
    start_agent,
    start_controller,
    wait_for,
    write_site,
)
from tests.netcut import CuttableLink

ACIER = [sys.executable, "-m", "acier.cli"]


def drained(agent) -> bool:
    return agent.outbox.depth() == 0


def test_broker_restarted_mid_stream(fresh_broker, tmp_path):
    site = site_config(fresh_broker, tmp_path, new_site_name())
    controller = start_controller(site)
    agent = start_agent(fresh_broker, tmp_path, site.site, "k1")
    recorder = Recorder(agent.outbox)
    try:
        wait_for(lambda: controller.store.count() > 50, what="events flowing")
        fresh_broker.restart()
        time.sleep(0.5)
        recorder.stop()
        wait_for(lambda: drained(agent), timeout=30, what="backlog after the restart")
        assert_exactly_once(tmp_path / "store.sqlite", "k1", recorder.count)
    finally:
        agent.stop()
        controller.stop()


def start_controller_process(site_file: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*ACIER, "controller", str(site_file)], stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def test_controller_killed_and_down_for_a_while_then_restarted(fresh_broker, tmp_path):
    site_file = write_site(fresh_broker, tmp_path, new_site_name())
    site = site_file.read_text().split("\n")[0].split(": ")[1]
    log = tmp_path / "controller.log"
    controller = start_controller_process(site_file, log)
    agent = start_agent(fresh_broker, tmp_path, site, "k2")
    recorder = Recorder(agent.outbox)
    try:
        wait_for(lambda: agent.outbox.depth() < recorder.count - 100, what="events acknowledged")
        controller.send_signal(signal.SIGKILL)
        controller.wait()
        depth = agent.outbox.depth()
        wait_for(lambda: agent.outbox.depth() > depth + 300, what="logging on, unsent")
        controller = start_controller_process(site_file, log)
        time.sleep(0.5)
        recorder.stop()
        wait_for(lambda: drained(agent), timeout=30, what="backlog after the restart")
        assert_exactly_once(tmp_path / "store.sqlite", "k2", recorder.count)
    finally:
        agent.stop()
        controller.terminate()
        controller.wait()


def test_kiosk_killed_mid_flush_and_restarted(fresh_broker, tmp_path):
    site = site_config(fresh_broker, tmp_path, new_site_name())
    site_file = write_site(fresh_broker, tmp_path, site.site)
    outboxes = tmp_path / "outboxes"
    box_file = outboxes / "kiosk-001.sqlite"
    simulate = [
        *ACIER, "simulate", "--site", str(site_file), "--devices", "1", "--prefix", "kiosk",
        "--events", "20000", "--rate", "0", "--outbox-dir", str(outboxes),
    ]  # fmt: skip

    def recorded() -> int:
        if not box_file.exists():
            return 0
        try:
            with sqlite3.connect(box_file) as db:  # WAL: reading beside the writer is safe
                return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        except sqlite3.OperationalError:  # the kiosk has created the file, not yet its tables
            return 0

    controller = None
    device = None
    try:
        device = subprocess.Popen(simulate, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # no controller yet: the kiosk logs on and holds everything, as after a controller outage
        wait_for(lambda: recorded() > 3000, what="a backlog")
        controller = start_controller(site)
        wait_for(lambda: controller.store.count() > 500, what="the flush under way")
        device.send_signal(signal.SIGKILL)
        device.wait()
        box = Outbox(box_file, "kiosk-001")
        waiting = box.depth()
        box.close()
        assert waiting > 0  # killed with events still to deliver: the case we want
        # Restarted, it delivers the rest (and records a second visitor's worth of events).
        subprocess.run([*simulate[:-6], "--events", "10", "--rate", "0", *simulate[-2:]],
                       check=True, timeout=60, stdout=subprocess.DEVNULL)  # fmt: skip
        with sqlite3.connect(box_file) as db:
            last_seq = int(db.execute("SELECT value FROM meta WHERE key='last_seq'").fetchone()[0])
        assert last_seq > 10
        assert_exactly_once(tmp_path / "store.sqlite", "kiosk-001", last_seq)
    finally:
        if device and device.poll() is None:
            device.kill()
            device.wait()
        if controller:
            controller.stop()


def test_network_cut_between_device_and_broker(fresh_broker, tmp_path):
    site = site_config(fresh_broker, tmp_path, new_site_name())
    controller = start_controller(site)
    link = CuttableLink(fresh_broker.host, fresh_broker.port)
    agent = start_agent(link, tmp_path, site.site, "k3", keepalive_s=2)
    recorder = Recorder(agent.outbox)

    def state():
        return {v.device: v.state for v in controller.devices()}.get("k3")

    try:
        wait_for(lambda: controller.store.count() > 50, what="events flowing")
        link.cut()  # silent: only the keepalives notice
        wait_for(lambda: state() == "offline", timeout=10, what="the broker's will")
        link.restore()
        wait_for(lambda: state() == "online", timeout=20, what="the device back")
        recorder.stop()
        wait_for(lambda: drained(agent), timeout=30, what="backlog after the cut")
        assert_exactly_once(tmp_path / "store.sqlite", "k3", recorder.count)
    finally:
        agent.stop()
        link.close()
        controller.stop()


def test_a_controller_restart_rebuilds_the_registry_from_retained_status(mosquitto, tmp_path):
    site = site_config(mosquitto, tmp_path, new_site_name())
    agent = start_agent(mosquitto, tmp_path, site.site, "k4", zone="hall")
    try:
        wait_for(lambda: agent.connected, what="agent")
        first = start_controller(site)
        wait_for(lambda: len(first.devices()) == 1, what="registry")
        first.stop()
        second = start_controller(site)
        try:
            wait_for(lambda: len(second.devices()) == 1, what="registry rebuilt")
            view = second.devices()[0]
            assert view.device == "k4" and view.state == "online" and view.status.zone == "hall"
        finally:
            second.stop()
    finally:
        agent.stop()


def test_cli_send_and_fleet_against_a_live_device(mosquitto, tmp_path):
    site = site_config(mosquitto, tmp_path, new_site_name())
    site_file = write_site(mosquitto, tmp_path, site.site)
    agent = start_agent(mosquitto, tmp_path, site.site, "k5", zone="hall")
    try:
        wait_for(lambda: agent.connected, what="agent")
        env = os.environ | {"PYTHONPATH": str(Path(__file__).parent.parent)}
        fleet = subprocess.run(
            [*ACIER, "fleet", "--site", str(site_file)], capture_output=True, text=True, env=env
        )
        assert fleet.returncode == 0 and "k5" in fleet.stdout and "online" in fleet.stdout
        sent = subprocess.Popen(
            [*ACIER, "send", "zone:hall", "goto", "entry=bessemer-1856", "--site", str(site_file)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        wait_for(lambda: any(_answer(agent)), what="the command")
        out, _ = sent.communicate(timeout=10)
        assert sent.returncode == 0 and 'k5: ok {"entry": "bessemer-1856"}' in out
        unknown = subprocess.run(
            [*ACIER, "send", "k5", "explode", "--site", str(site_file)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert unknown.returncode == 1 and "unknown command 'explode'" in unknown.stdout
    finally:
        agent.stop()


def _answer(agent):
    for command in agent.commands():
        agent.reply(command, True, **command.args)
        yield True
