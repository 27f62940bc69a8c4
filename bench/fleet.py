"""Fleet benchmark: a private Mosquitto, the controller in this process, simulated devices
(real outboxes and real DeviceAgents) in worker processes, a SQLite store in a temp dir.

Run: `SDL_VIDEODRIVER=dummy .venv/bin/python bench/fleet.py` (70-80 s). Every figure has
an intermediate line with its baseline and breakdown; the last line prints them all:
`fleet: live_ratio=A drain_events_per_s=B ack_p99_ms=C offline_detect_s=D fanout_200_s=E lost=F
duplicates=G`.

Method
- live_ratio: the controller's capacity when every event travels alone, divided by raw MQTT.
  Baseline: 5 paho publisher processes publish 8,000 QoS 1 messages each as fast as paho allows,
  opaque bytes of exactly the JSON size of a 1-event EventBatch, to one paho QoS 1 subscriber;
  the baseline is the messages/s it receives (first to last arrival). Live: the same 5 publisher
  processes publish 8,000 valid 1-event EventBatches each, as 10 device ids per process (50 in
  all, seq 1, 2, 3… per device), to the controller; the figure is events/s committed to the store
  (the controller's own `committed` counter, first to last commit; every message carries one
  event, so the controller parses, commits and acknowledges each one alone). Live and baseline
  alternate twice (baseline, drain, live, baseline, live) and the ratio is of the means, as the
  raw rate alone varies by ±20 % from one measurement to the next here. Plain publishers
  stand in for the devices here because 50 real agents recording through SQLite outboxes cost
  about 1.3 ms of CPU per event on the device side: on this 2-core machine they would saturate
  the CPU at ~1,500 events/s and the figure would measure the simulator, not the controller.
  Real agents are measured in the acknowledgement phase below, at 1,000 events/s.
- drain_events_per_s: 50 devices (5 processes × 10) record 2,000 events each (100,000) while no
  controller runs (their agents are connected, but send only while the retained controller state
  says online); then `Controller.start()` is called and timed until the store holds all 100,000
  (the controller's counter is polled every 5 ms, then `store.count()` confirms: polling COUNT(*)
  continuously would steal the GIL from the controller it measures).
- ack_p99_ms: 50 devices × 20 events/s = 1,000 events/s for 10 s, in 10 processes × 5 devices.
  A TimedAgent subclass notes, per event id, the time of `outbox.record()`, of its first publish
  and of the Ack naming it (`DeviceAgent._acknowledged`); the p99 of record → Ack is the figure.
  Record → publish (device side) and record → commit (store's `received` - event `ts`) are printed
  beside it so the time can be placed.
- offline_detect_s: one device with keepalive 2 s in its own process is SIGKILLed; time until
  `controller.devices()` says offline. The kernel closes a killed process's socket, so the broker
  publishes the will at once; a hung device (SIGSTOP, socket still open) is also measured: that
  one is found by the keepalive, within 1.5 × keepalive = 3 s.
- fanout_200_s: 200 devices (5 processes × 40) answering commands;
  `controller.send("all", "identify", {}, timeout=10)` until it returns with all 200 replies.
- lost / duplicates: every device (and live publisher) appends "device seq id" to a side file at
  record time. lost = recorded ids not in the store; duplicates = COUNT(*) - COUNT(DISTINCT id) in
  the store, plus any id recorded twice. Per device, the stored seqs must be exactly 1..last
  recorded (gaps are printed).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
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
DRAIN_EVENTS = 2000
LIVE_PER_PUBLISHER = 8000
ACK_RATE = 20.0  # events/s per device
ACK_SECONDS = 10
KEEPALIVE = 2


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def ms(values: list[float]) -> str:
    median, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
    return f"median {median:.1f} ms, p99 {p99:.1f} ms"


# --- device processes -----------------------------------------------------------------------


class TimedAgent(DeviceAgent):
    """An agent that notes, per event, when it was recorded, first published and acknowledged."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.recorded_at: dict[str, float] = {}
        self.sent_at: dict[str, float] = {}
        self.latencies: list[float] = []  # record -> Ack received
        self.to_send: list[float] = []  # record -> first publish

    def _send_batches(self) -> None:
        before = self._sent_seq
        super()._send_batches()
        now = time.perf_counter()
        with self._lock:
            for last, (_, ids) in self._inflight.items():
                if last > before:
                    for i in ids:
                        self.sent_at.setdefault(i, now)

    def _acknowledged(self, ids: list[str]) -> None:
        now = time.perf_counter()
        for i in ids:
            t = self.recorded_at.pop(i, None)
            sent = self.sent_at.pop(i, None)
            if t is not None:
                self.latencies.append(now - t)
                if sent is not None:
                    self.to_send.append(sent - t)
        super()._acknowledged(ids)


def worker(params: dict, results, ready, go, stop) -> None:
    """Run some devices: record events at a rate (or all at once), answer commands; append every
    recorded id to a side file; report latencies at the end."""
    from acier.outbox import Outbox

    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    broker = BrokerAddress(params["host"], params["port"])
    side = open(params["ids"], "a", buffering=1 << 16)  # noqa: SIM115
    devices = []
    for name in params["names"]:
        outbox = Outbox(Path(params["dir"]) / f"{name}.sqlite", name)
        settings = AgentSettings(
            site=SITE, device=name, broker=broker, keepalive_s=params.get("keepalive", 10)
        )
        agent = TimedAgent(settings, outbox)
        agent.start()
        devices.append((name, agent, outbox))
    while not all(a.connected for _, a, _ in devices):
        time.sleep(0.01)
    ready.set()
    go.wait()
    events, rate = params.get("events", 0), params.get("rate", 0.0)
    recorded = [0] * len(devices)
    # Visitors are not synchronised: each device starts at its own random phase.
    rng = random.Random(os.getpid())
    phase = [rng.uniform(0, 1 / rate) if rate > 0 else 0.0 for _ in devices]
    start = time.perf_counter()
    cpu = time.process_time()
    while not stop.is_set():
        elapsed = time.perf_counter() - start
        wrote = False
        for i, (name, agent, outbox) in enumerate(devices):
            for command in agent.commands():
                agent.reply(command, True)
            due = events if rate <= 0 else min(events, int((elapsed - phase[i]) * rate) + 1)
            while recorded[i] < due:
                event = outbox.record("entry.open", "bench", entry="bessemer-1856", via="tap")
                agent.recorded_at[event.id] = time.perf_counter()
                side.write(f"{name} {event.seq} {event.id}\n")
                recorded[i] += 1
                wrote = True
        if wrote:
            side.flush()
        if events and min(recorded) >= events:
            ready.set()  # (again) everything is recorded
            if params.get("until_drained") and all(o.depth() == 0 for _, _, o in devices):
                break
        # Sleep until the next event is due (at most 5 ms, to answer commands).
        upcoming = [phase[i] + recorded[i] / rate for i in range(len(devices)) if rate > 0]
        wait = min(upcoming, default=elapsed + 0.005) - (time.perf_counter() - start)
        time.sleep(min(max(wait, 0.0), 0.005))
    side.close()
    cpu = time.process_time() - cpu
    latencies = [x for _, a, _ in devices for x in a.latencies]
    to_send = [x for _, a, _ in devices for x in a.to_send]
    for _, agent, outbox in devices:
        agent.stop(drain_s=30.0)  # deliver what is left, as a kiosk does on a clean stop
        outbox.close()
    results.put({"latencies": latencies, "to_send": to_send, "cpu": cpu})


class Devices:
    """Worker processes, each running a share of the simulated devices."""

    def __init__(self, broker, tmp: Path, names: list[str], processes: int = PROCESSES, **params):
        ctx = mp.get_context("spawn")
        self.results = ctx.Queue()
        self.go, self.stop_event = ctx.Event(), ctx.Event()
        self.procs, self.readies = [], []
        tmp.mkdir(parents=True, exist_ok=True)
        for i in range(processes):
            ready = ctx.Event()
            p = dict(
                params,
                names=names[i::processes],
                host=broker.host,
                port=broker.port,
                dir=str(tmp),
                ids=str(tmp / f"ids-{i}.txt"),
            )
            proc = ctx.Process(
                target=worker, args=(p, self.results, ready, self.go, self.stop_event)
            )
            proc.start()
            self.procs.append(proc)
            self.readies.append(ready)
        for ready in self.readies:
            if not ready.wait(60):
                raise RuntimeError("a device process did not connect in 60 s")

    def start(self) -> None:
        for ready in self.readies:
            ready.clear()
        self.go.set()

    def wait_recorded(self, timeout: float = 120.0) -> None:
        for ready in self.readies:
            ready.wait(timeout)

    def finish(self, timeout: float = 120.0) -> tuple[list[float], list[float]]:
        """Wait for the workers (stopping them if they run open-ended); latencies."""
        latencies, to_send = [], []
        self.cpu = 0.0
        for _ in self.procs:
            r = self.results.get(timeout=timeout)
            self.cpu += r["cpu"]
            latencies += r["latencies"]
            to_send += r["to_send"]
        for proc in self.procs:
            proc.join(10)
        return latencies, to_send

    def stop(self) -> tuple[list[float], list[float]]:
        self.stop_event.set()
        return self.finish()


# --- raw paho publishers (baseline and live) --------------------------------------------------


def one_event_batch(device: str, seq: int) -> EventBatch:
    event = Event(
        id=uuid7(),
        device=device,
        seq=seq,
        ts=time.time(),
        session="bench",
        type="entry.open",
        data={"entry": "bessemer-1856", "via": "tap"},
    )
    return EventBatch(device=device, events=[event])


def message_size() -> int:
    return len(encode(one_event_batch("bench-001", 1)))


def publisher(host, port, index, count, size, ids_path, ready, go) -> None:
    """Publish `count` messages at QoS 1 as fast as paho allows: opaque bytes of `size` when
    `size` is set (the baseline), else valid 1-event batches from 10 devices (live events) named
    after the folder of `ids_path`, the side file their ids go to."""
    client = make_client(f"pub-{os.getpid()}", BrokerAddress(host, port))
    messages = []
    if size:
        messages = [(f"raw/{index}", b"x" * size)] * count
    else:
        topics = Topics(SITE)
        with open(ids_path, "w") as side:
            for k in range(count):
                device = f"{Path(ids_path).parent.name}-{index * 10 + k % 10 + 1:03d}"
                batch = one_event_batch(device, k // 10 + 1)
                side.write(f"{device} {batch.events[0].seq} {batch.events[0].id}\n")
                messages.append((topics.events(device), encode(batch)))
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


def publish(broker, count: int, size: int, progress, tmp: Path) -> float:
    """Run 5 publisher processes; `progress()` counts what arrived; returns arrivals/s from the
    first arrival to the last."""
    ctx = mp.get_context("spawn")
    go = ctx.Event()
    readies = [ctx.Event() for _ in range(PROCESSES)]
    tmp.mkdir(parents=True, exist_ok=True)
    procs = [
        ctx.Process(
            target=publisher,
            args=(broker.host, broker.port, i, count, size, str(tmp / f"ids-{i}.txt"), r, go),
        )
        for i, r in enumerate(readies)
    ]
    for proc in procs:
        proc.start()
    for ready in readies:
        ready.wait(60)
    start = progress()
    total = count * PROCESSES
    go.set()
    first = None
    end = time.perf_counter() + 120
    while progress() - start < total and time.perf_counter() < end:
        if first is None and progress() > start:
            first = time.perf_counter()
        time.sleep(0.002)
    last = time.perf_counter()
    for proc in procs:
        proc.join(30)
    return (progress() - start) / ((last - (first or last)) or 1)


def raw_rate(broker, size: int, tmp: Path) -> float:
    """Messages/s one paho QoS 1 subscriber receives from 5 paho QoS 1 publisher processes."""
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
    rate = publish(broker, LIVE_PER_PUBLISHER, size, lambda: got, tmp)
    sub.disconnect()
    sub.loop_stop()
    return rate


# --- helpers of the controller side -----------------------------------------------------------


def wait_committed(controller: Controller, n: int, timeout: float) -> float:
    """Seconds until the controller has committed `n` events in all."""
    start = time.perf_counter()
    while controller.committed < n and time.perf_counter() - start < timeout:
        time.sleep(0.005)
    return time.perf_counter() - start


def settle(controller: Controller, timeout: float = 30.0) -> float:
    """Seconds until the controller has no work queued and paho has nothing left to send."""
    start = time.perf_counter()
    client = controller.client
    while time.perf_counter() - start < timeout and (
        controller._work.qsize() or client._out_packet or client._out_messages
    ):
        time.sleep(0.002)
    return time.perf_counter() - start


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of another process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy() -> float:
    """CPU seconds the whole machine spent busy (all processes, ours or not), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def names(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i + 1:03d}" for i in range(n)]


def states(controller: Controller) -> dict[str, str]:
    return {v.device: v.state for v in controller.devices()}


def wait_state(controller: Controller, device: str, state: str, timeout: float) -> float:
    start = time.perf_counter()
    while states(controller).get(device) != state and time.perf_counter() - start < timeout:
        time.sleep(0.005)
    return time.perf_counter() - start


def read_side_files(tmp: Path) -> list[tuple[str, int, str]]:
    rows = []
    for path in tmp.rglob("ids-*.txt"):
        for line in path.read_text().splitlines():
            device, seq, event_id = line.split()
            rows.append((device, int(seq), event_id))
    return rows


def audit(controller: Controller, tmp: Path) -> tuple[int, int, int, int]:
    """(recorded, lost, duplicates, devices with gaps) over the whole run."""
    recorded = read_side_files(tmp)
    with controller.store.engine.connect() as db:
        total, distinct = db.exec_driver_sql(
            "SELECT COUNT(*), COUNT(DISTINCT id) FROM events"
        ).one()
        stored_ids = {row[0] for row in db.exec_driver_sql("SELECT id FROM events")}
        per_device = {
            row[0]: tuple(row[1:])
            for row in db.exec_driver_sql(
                "SELECT device, COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) "
                "FROM events GROUP BY device"
            )
        }
    recorded_ids = [r[2] for r in recorded]
    lost = len(set(recorded_ids) - stored_ids)
    duplicates = (total - distinct) + (len(recorded_ids) - len(set(recorded_ids)))
    last_seq: dict[str, int] = {}
    for device, seq, _ in recorded:
        last_seq[device] = max(seq, last_seq.get(device, 0))
    gaps = 0
    for device, last in last_seq.items():
        count, distinct_seq, low, high = per_device.get(device, (0, 0, None, None))
        if not (count == distinct_seq == last and low == 1 and high == last):
            gaps += 1
            print(
                f"audit: {device}: recorded 1..{last}, stored {count} rows, "
                f"{distinct_seq} seqs in {low}..{high}"
            )
    return len(recorded_ids), lost, duplicates, gaps


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="acier-bench-"))
    broker = start_broker(tmp / "broker", prefer="mosquitto")
    site = SiteConfig(
        site=SITE,
        broker=BrokerConfig(host=broker.host, port=broker.port),
        store=f"sqlite:///{tmp / 'store.sqlite'}",
    )
    controller = None
    began = time.perf_counter()
    try:
        print(
            f"bench: private mosquitto on {broker.host}:{broker.port}, "
            f"store and outboxes in {tmp}, {os.cpu_count()} CPUs"
        )
        size = message_size()
        baseline = raw_rate(broker, size, tmp / "raw")
        print(
            f"baseline: raw paho QoS 1 publish→subscribe, 5 publishers → 1 subscriber, "
            f"{size}-byte messages: {baseline:.0f} messages/s"
        )

        # drain: the backlog of a controller that was down
        devices = Devices(
            broker,
            tmp / "drain",
            names("drain", DEVICES),
            events=DRAIN_EVENTS,
            rate=0,
            until_drained=True,
        )
        devices.start()
        devices.wait_recorded()
        backlog = DEVICES * DRAIN_EVENTS
        controller = Controller(site)
        cpu = time.process_time()
        start = time.perf_counter()
        controller.start()
        wait_committed(controller, backlog, 120)
        while controller.store.count() < backlog and time.perf_counter() - start < 120:
            time.sleep(0.005)
        took = time.perf_counter() - start
        cpu = time.process_time() - cpu
        drain = backlog / took
        devices.finish()
        print(
            f"drain: {backlog} events from {DEVICES} outboxes in the store {took:.2f} s after "
            f"Controller.start(): {drain:.0f} events/s (controller CPU {cpu:.2f} s; "
            f"target ≥ 20000/s)"
        )

        # live: every event alone, from the same 5 publisher processes as the baseline; two
        # rounds of (live, baseline) on this noisy machine, the ratio of the sums
        lives, baselines = [], [baseline]
        for round_ in (1, 2):
            before = controller.committed
            cpu = time.process_time()
            rate = publish(
                broker, LIVE_PER_PUBLISHER, 0, lambda: controller.committed, tmp / f"live{round_}"
            )
            cpu = time.process_time() - cpu
            lag = settle(controller)
            lives.append(rate)
            print(
                f"live: round {round_}: {rate:.0f} single-event batches/s committed "
                f"(controller CPU {cpu * 1e6 / (controller.committed - before):.0f} µs/event; "
                f"its last acknowledgements left {lag:.2f} s after the last commit)"
            )
            if round_ == 1:
                baselines.append(raw_rate(broker, size, tmp / "raw2"))
                print(f"baseline: again: {baselines[-1]:.0f} messages/s")
        live, baseline = sum(lives) / 2, sum(baselines[:2]) / 2
        print(
            f"live: {live:.0f} events/s committed, each alone, against {baseline:.0f} raw "
            f"messages/s: ratio {live / baseline:.2f} (target ≥ 0.5)"
        )

        # acknowledgement latency at 1,000 events/s
        devices = Devices(
            broker,
            tmp / "ack",
            names("ack", DEVICES),
            processes=10,
            events=int(ACK_RATE * ACK_SECONDS),
            rate=ACK_RATE,
            until_drained=True,
        )
        cpu, broker_cpu, busy = time.process_time(), process_cpu(broker.process.pid), machine_busy()
        start = time.perf_counter()
        devices.start()
        latencies, to_send = devices.finish()
        wall = time.perf_counter() - start
        cpu, broker_cpu = time.process_time() - cpu, process_cpu(broker.process.pid) - broker_cpu
        busy = machine_busy() - busy
        p99 = percentile(latencies, 0.99) * 1000
        with controller.store.engine.connect() as db:
            rows = list(
                db.exec_driver_sql(
                    "SELECT ts, received - ts FROM events WHERE device LIKE 'ack-%' ORDER BY ts"
                )
            )
        waits = [r[1] for r in rows]
        windows: dict[int, list[float]] = {}
        for ts, wait in rows:
            windows.setdefault(int(ts - rows[0][0]), []).append(wait)
        print(
            f"ack: {len(latencies)} events at {DEVICES} × {ACK_RATE:.0f}/s: record → publish "
            f"{ms(to_send)}; record → commit {ms(waits)}; record → Ack {ms(latencies)}"
        )
        print(
            "ack: record → commit p99 per second of the run (ms): "
            + " ".join(f"{percentile(w, 0.99) * 1000:.0f}" for _, w in sorted(windows.items()))
        )
        print(
            f"ack: CPU over the {wall:.1f} s phase, in cores: device processes "
            f"{devices.cpu / wall:.2f}, controller (this process) {cpu / wall:.2f}, mosquitto "
            f"{broker_cpu / wall:.2f}; whole machine {busy / wall:.2f} of {os.cpu_count()}"
        )

        # offline detection: a killed device, then a hung one
        killed = Devices(broker, tmp / "kill", ["killed-001"], processes=1, keepalive=KEEPALIVE)
        wait_state(controller, "killed-001", "online", 10)
        start = time.perf_counter()
        os.kill(killed.procs[0].pid, signal.SIGKILL)
        offline = wait_state(controller, "killed-001", "offline", 30)
        killed.procs[0].join(5)
        hung = Devices(broker, tmp / "hang", ["hung-001"], processes=1, keepalive=KEEPALIVE)
        wait_state(controller, "hung-001", "online", 10)
        os.kill(hung.procs[0].pid, signal.SIGSTOP)
        hung_s = wait_state(controller, "hung-001", "offline", 30)
        os.kill(hung.procs[0].pid, signal.SIGKILL)
        os.kill(hung.procs[0].pid, signal.SIGCONT)
        hung.procs[0].join(5)
        print(
            f"offline: SIGKILL seen offline after {offline:.3f} s, SIGSTOP (hung) after "
            f"{hung_s:.2f} s (keepalive {KEEPALIVE} s, 1.5 × keepalive = {1.5 * KEEPALIVE:.1f} s)"
        )

        # a command to 200 devices
        devices = Devices(broker, tmp / "fanout", names("fan", 200), events=0)
        devices.start()
        end = time.perf_counter() + 30
        while (
            sum(d.startswith("fan-") and s == "online" for d, s in states(controller).items()) < 200
            and time.perf_counter() < end
        ):
            time.sleep(0.05)
        start = time.perf_counter()
        replies = controller.send("all", "identify", {}, timeout=10)
        fanout = time.perf_counter() - start
        answered = sum(r is not None and r.ok for d, r in replies.items() if d.startswith("fan-"))
        missing = sum(r is None for r in replies.values())
        devices.stop()
        print(
            f"fanout: {answered} of 200 ok replies ({missing} missing of {len(replies)} targets) "
            f"in {fanout:.3f} s"
        )
        if answered < 200:
            fanout = float("nan")

        recorded, lost, duplicates, gaps = audit(controller, tmp)
        print(
            f"audit: {recorded} events recorded by devices and publishers, "
            f"{controller.store.count()} stored; lost {lost}, duplicates {duplicates}, "
            f"devices with seq gaps {gaps}; run took {time.perf_counter() - began:.0f} s"
        )
    finally:
        if controller is not None:
            controller.stop()
        broker.stop()
    print(
        f"fleet: live_ratio={live / baseline:.2f} drain_events_per_s={drain:.0f} "
        f"ack_p99_ms={p99:.1f} offline_detect_s={offline:.3f} fanout_200_s={fanout:.3f} "
        f"lost={lost} duplicates={duplicates}"
    )


if __name__ == "__main__":
    main()
