"""Fleet benchmark: a private Mosquitto, the controller in this process, simulated devices
(real outboxes and real DeviceAgents) in 5 worker processes, a SQLite store in a temp dir.

Figures (the last line prints them all):
- live_ratio: the controller's rate when every event travels alone, against raw MQTT. The same
  5 paho publisher processes publish 40,000 QoS 1 messages as fast as they can, twice: once
  opaque bytes to one bare paho subscriber (the baseline: messages/s it receives), once valid
  1-event batches from 50 device ids to the controller (events/s it commits to the store and
  acknowledges). Both messages have the same size. The producers are plain publishers in both,
  so the ratio measures the controller's receive → validate → commit → acknowledge path.
- drain_events_per_s: 50 devices log 2,000 events each (100,000) while no controller runs; the
  controller starts and the time until the store holds all of them gives the rate.
- ack_p99_ms: 50 devices × 20 events/s (1,000/s) for 10 s, in 10 processes (a real kiosk has one
  agent per process; more agents per process only measure their GIL queue); p99 of record() →
  acknowledgement received by the device, with the record → commit part printed beside it.
- offline_detect_s: a device with keepalive 2 s is SIGKILLed; time until the registry says
  offline (the broker publishes its will as soon as the connection drops, at the latest after
  1.5 × keepalive).
- fanout_200_s: 200 online devices, `send("all", "identify")` until all 200 replies are in.
- lost / duplicates: every event id recorded by any device in the run, against the store.

Run: `make bench-fleet` or `SDL_VIDEODRIVER=dummy .venv/bin/python bench/fleet.py`.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from acier.agent import AgentSettings, DeviceAgent
from acier.broker import start_broker
from acier.config import BrokerConfig
from acier.controller.service import Controller
from acier.controller.site import SiteConfig
from acier.mqttclient import BrokerAddress, make_client
from acier.protocol.events import Event, uuid7
from acier.protocol.fleet import EventBatch, Topics, encode

SITE = "bench"
PROCESSES = 5
DEVICES = 50


class TimedAgent(DeviceAgent):
    """An agent that notes how long each event waited for its acknowledgement."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recorded_at: dict[str, float] = {}
        self.latencies: list[float] = []

    def _acknowledged(self, ids: list[str]) -> None:
        now = time.perf_counter()
        for i in ids:
            t = self.recorded_at.pop(i, None)
            if t is not None:
                self.latencies.append(now - t)
        super()._acknowledged(ids)


def worker(params: dict, results: mp.Queue, ready: mp.Event, go: mp.Event, stop: mp.Event):
    """Run some devices: record events at a rate, answer commands, report ids and latencies."""
    from acier.outbox import Outbox

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    broker = BrokerAddress(params["host"], params["port"])
    devices = []
    for name in params["names"]:
        outbox = Outbox(Path(params["dir"]) / f"{name}.sqlite", name)
        settings = AgentSettings(
            site=SITE,
            device=name,
            broker=broker,
            batch=params.get("batch", 500),
            keepalive_s=params.get("keepalive", 10),
        )
        agent = TimedAgent(settings, outbox)
        agent.start()
        devices.append((agent, outbox))
    while not all(a.connected for a, _ in devices):
        time.sleep(0.01)
    ready.set()
    go.wait()
    events, rate = params.get("events", 0), params.get("rate", 0.0)
    ids: list[str] = []
    recorded = [0] * len(devices)
    # Visitors are not synchronised: each device starts at its own random phase.
    rng = random.Random(os.getpid())
    phase = [rng.uniform(0, 1 / rate) if rate > 0 else 0.0 for _ in devices]
    start = time.perf_counter()
    while not stop.is_set():
        elapsed = time.perf_counter() - start
        for i, (agent, outbox) in enumerate(devices):
            for command in agent.commands():
                agent.reply(command, True)
            due = events if rate <= 0 else min(events, int((elapsed - phase[i]) * rate) + 1)
            while recorded[i] < due:
                event = outbox.record("entry.open", "bench", entry="bessemer-1856", via="tap")
                agent.recorded_at[event.id] = time.perf_counter()
                ids.append(event.id)
                recorded[i] += 1
        done = min(recorded) >= events and all(o.depth() == 0 for _, o in devices)
        if params.get("until_drained") and done:
            break
        # Sleep until the next event is due (at most 5 ms, to answer commands): polling
        # faster would only measure the CPU this loop steals from everything else.
        upcoming = [phase[i] + recorded[i] / rate for i in range(len(devices)) if rate > 0]
        wait = min(upcoming, default=elapsed + 0.005) - (time.perf_counter() - start)
        time.sleep(min(max(wait, 0.0), 0.005))
    latencies = [x for a, _ in devices for x in a.latencies]
    for agent, outbox in devices:
        agent.stop(drain_s=30.0)  # deliver what is left, as a kiosk does on a clean stop
        outbox.close()
    results.put({"ids": ids, "latencies": latencies})


class Devices:
    """Worker processes, each running a share of the simulated devices."""

    def __init__(self, broker, tmp: Path, names: list[str], processes: int = PROCESSES, **params):
        ctx = mp.get_context("spawn")
        self.results = ctx.Queue()
        self.go, self.stop_event = ctx.Event(), ctx.Event()
        self.procs, readies = [], []
        for i in range(processes):
            share = names[i::processes]
            ready = ctx.Event()
            p = dict(params, names=share, host=broker.host, port=broker.port, dir=str(tmp))
            proc = ctx.Process(
                target=worker, args=(p, self.results, ready, self.go, self.stop_event)
            )
            proc.start()
            self.procs.append(proc)
            readies.append(ready)
        for ready in readies:
            ready.wait(60)

    def start(self) -> None:
        self.go.set()

    def finish(self, timeout: float = 120.0) -> tuple[list[str], list[float]]:
        """Wait for the workers (stopping them if they run open-ended); ids and latencies."""
        ids, latencies = [], []
        for _ in self.procs:
            r = self.results.get(timeout=timeout)
            ids += r["ids"]
            latencies += r["latencies"]
        for proc in self.procs:
            proc.join(10)
        return ids, latencies

    def stop(self) -> tuple[list[str], list[float]]:
        self.stop_event.set()
        return self.finish()


def message_size() -> int:
    event = Event(
        id=uuid7(), device="bench-001", seq=1, ts=time.time(), session="bench",
        type="entry.open", data={"entry": "bessemer-1856", "via": "tap"},
    )  # fmt: skip
    return len(encode(EventBatch(device="bench-001", events=[event])))


def publisher(host: str, port: int, index: int, count: int, size: int, ready, go) -> None:
    """Publish `count` messages at QoS 1 as fast as paho allows: opaque bytes of `size` when
    `size` is set (the baseline), else valid 1-event batches from 10 devices (live events)."""
    client = make_client(f"pub-{os.getpid()}", BrokerAddress(host, port))
    messages = []
    if size:
        messages = [(f"raw/{index}", b"x" * size)] * count
    else:
        topics = Topics(SITE)
        for k in range(count):
            device = f"live-{index * 10 + k % 10 + 1:03d}"
            event = Event(
                id=uuid7(), device=device, seq=k // 10 + 1, ts=time.time(), session="bench",
                type="entry.open", data={"entry": "bessemer-1856", "via": "tap"},
            )  # fmt: skip
            messages.append(
                (topics.events(device), encode(EventBatch(device=device, events=[event])))
            )
    client.connect(host, port)
    client.loop_start()
    ready.set()
    go.wait()
    for topic, payload in messages:
        client.publish(topic, payload, qos=1)
    while client.want_write() or client._out_messages:
        time.sleep(0.01)
    client.disconnect()
    client.loop_stop()


def publish(broker, count: int, size: int, progress) -> float:
    """Run 5 publisher processes; `progress()` counts what arrived; returns arrivals/s from the
    first arrival to the last."""
    ctx = mp.get_context("spawn")
    go = ctx.Event()
    readies = [ctx.Event() for _ in range(PROCESSES)]
    procs = [
        ctx.Process(target=publisher, args=(broker.host, broker.port, i, count, size, r, go))
        for i, r in enumerate(readies)
    ]
    for proc in procs:
        proc.start()
    for ready in readies:
        ready.wait(60)
    start = progress()
    go.set()
    total = count * PROCESSES
    first = None
    end = time.perf_counter() + 120
    while progress() - start < total and time.perf_counter() < end:
        if first is None and progress() > start:
            first = time.perf_counter()
        time.sleep(0.002)
    last = time.perf_counter()
    for proc in procs:
        proc.join(30)
    return (progress() - start) / (last - (first or last) or 1)


def raw_rate(broker, size: int, per_publisher: int = 8000) -> float:
    """Messages/s one paho subscriber receives from 5 paho publisher processes at QoS 1."""
    got = 0

    def on_message(client, userdata, message):
        nonlocal got
        got += 1

    sub = make_client("raw-sub", BrokerAddress(broker.host, broker.port))
    sub.on_message = on_message
    subscribed = threading.Event()
    sub.on_subscribe = lambda *a: subscribed.set()
    sub.connect(broker.host, broker.port)
    sub.subscribe("raw/#", qos=1)
    sub.loop_start()
    subscribed.wait(10)
    rate = publish(broker, per_publisher, size, lambda: got)
    sub.disconnect()
    sub.loop_stop()
    return rate


def wait_count(controller: Controller, n: int, timeout: float) -> float:
    """Seconds until the controller has committed `n` new events (its own counter: polling
    COUNT(*) on the store would steal the controller's CPU)."""
    start = time.perf_counter()
    while controller.committed < n and time.perf_counter() - start < timeout:
        time.sleep(0.005)
    return time.perf_counter() - start


def names(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i + 1:03d}" for i in range(n)]


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="acier-bench-"))
    broker = start_broker(tmp / "broker")
    site = SiteConfig(
        site=SITE,
        broker=BrokerConfig(host=broker.host, port=broker.port),
        store=f"sqlite:///{tmp / 'store.sqlite'}",
    )
    all_ids: list[str] = []
    try:
        size = message_size()
        baseline = raw_rate(broker, size)
        print(f"baseline: raw paho QoS 1 publish→subscribe, {size}-byte messages: {baseline:.0f}/s")

        # drain: the backlog of a controller that was down
        devices = Devices(broker, tmp / "drain", names("drain", DEVICES), events=2000, rate=0,
                          until_drained=True)  # fmt: skip
        devices.start()
        time.sleep(0.5)
        while sum(sqlite_depth(p) for p in (tmp / "drain").glob("*.sqlite")) < 100_000:
            time.sleep(0.05)
        controller = Controller(site)
        cpu = time.process_time()
        controller.start()
        took = wait_count(controller, 100_000, 120)
        drain = controller.committed / took
        cpu = time.process_time() - cpu
        ids, _ = devices.finish()
        all_ids += ids
        print(f"drain: {controller.committed} events committed in {took:.2f} s "
              f"(controller CPU {cpu:.2f} s)")  # fmt: skip

        # live: every event alone, from the same 5 publisher processes as the baseline
        before = controller.committed
        live = publish(broker, 8000, 0, lambda: controller.committed)
        wait_count(controller, before + 40_000, 30)
        live_lost = before + 40_000 - controller.committed
        print(f"live: {live:.0f} single-event batches/s committed (baseline {baseline:.0f}/s)")

        # acknowledgement latency at 1,000 events/s
        devices = Devices(broker, tmp / "ack", names("ack", DEVICES), processes=10, events=200,
                          rate=20, until_drained=True)  # fmt: skip
        devices.start()
        ids, latencies = devices.finish()
        all_ids += ids
        p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 100 else -1
        with controller.store.engine.connect() as db:
            waits = sorted(
                r[0]
                for r in db.exec_driver_sql(
                    "SELECT received - ts FROM events WHERE device LIKE 'ack-%'"
                )
            )
        print(f"ack: record → commit median {waits[len(waits) // 2] * 1000:.1f} ms, "
              f"p99 {waits[int(len(waits) * 0.99)] * 1000:.1f} ms")  # fmt: skip
        print(f"ack: {len(latencies)} acknowledgements, median "
              f"{statistics.median(latencies) * 1000:.1f} ms, p99 {p99:.1f} ms")  # fmt: skip

        # offline detection of a killed device
        killed = Devices(broker, tmp / "kill", ["killed-001"], processes=1, keepalive=2)
        killed.start()
        while "killed-001" not in {v.device for v in controller.devices()}:
            time.sleep(0.01)
        start = time.perf_counter()
        os.kill(killed.procs[0].pid, signal.SIGKILL)
        while {v.device: v.state for v in controller.devices()}["killed-001"] != "offline":
            time.sleep(0.005)
        offline = time.perf_counter() - start
        print(f"offline: detected {offline:.2f} s after SIGKILL (keepalive 2 s, bound 3 s)")

        # a command to 200 devices
        devices = Devices(broker, tmp / "fanout", names("fan", 200), events=0)
        devices.start()
        while sum(v.device.startswith("fan-") and v.state == "online"
                  for v in controller.devices()) < 200:  # fmt: skip
            time.sleep(0.05)
        start = time.perf_counter()
        replies = controller.send("all", "identify", {}, timeout=10)
        fanout = time.perf_counter() - start
        answered = sum(r is not None and r.ok for d, r in replies.items() if d.startswith("fan-"))
        devices.stop()
        print(f"fanout: {answered} of 200 replies in {fanout:.3f} s")

        stored = controller.store.count()
        with controller.store.engine.connect() as db:
            distinct = db.exec_driver_sql("SELECT COUNT(DISTINCT id) FROM events").scalar_one()
            stored_ids = {row[0] for row in db.exec_driver_sql("SELECT id FROM events")}
        lost = len(set(all_ids) - stored_ids) + live_lost
        duplicates = stored - distinct + (len(all_ids) - len(set(all_ids)))
        controller.stop()
    finally:
        broker.stop()
    print(
        f"fleet: live_ratio={live / baseline:.2f} drain_events_per_s={drain:.0f} "
        f"ack_p99_ms={p99:.1f} offline_detect_s={offline:.2f} fanout_200_s={fanout:.3f} "
        f"lost={lost} duplicates={duplicates}"
    )


def sqlite_depth(path: Path) -> int:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    except sqlite3.Error:
        return 0


if __name__ == "__main__":
    main()
