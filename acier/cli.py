"""The `acier` command: one entry point, one subcommand per job (see the README for each)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO_CONFIG = REPO / "config" / "timeline-1.yaml"
DEMO_EXHIBITS = (REPO / "config" / "furnace-1.yaml", REPO / "config" / "alloy-1.yaml")
SITE_CONFIG = REPO / "config" / "site.yaml"


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = value.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {value!r}") from None


def _load_config(path: Path, loader=None):
    from acier.config import ConfigError, load_kiosk_config

    try:
        return (loader or load_kiosk_config)(path)
    except ConfigError as exc:
        print(f"acier: {path} has errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(2) from exc


def cmd_kiosk(args: argparse.Namespace) -> int:
    from acier.config import KioskConfig
    from acier.device_lock import DeviceBusy, hold_device
    from acier.kiosk.runner import configure_logging

    configure_logging(args.verbose)
    if args.config is None and args.preview is None:
        print("acier: give a device CONFIG, or --preview MEDIA_DIR", file=sys.stderr)
        return 2
    if args.config is not None:
        config = _load_config(args.config)
    else:
        outbox = Path(tempfile.mkdtemp(prefix="acier-preview-")) / "outbox.sqlite"
        config = KioskConfig(device="preview", outbox=outbox, audio=False)
    update: dict[str, object] = {}
    if args.preview is not None:
        update["media"] = args.preview.resolve()
    if args.windowed or args.preview is not None:
        update["display"] = config.display.model_copy(update={"windowed": True})
    config = config.model_copy(update=update)
    try:
        with hold_device(config.device, config.outbox):
            return _run_device(config, args)
    except DeviceBusy as exc:
        print(f"acier: {exc}; stop that one first", file=sys.stderr)
        return 2


def _run_device(config, args: argparse.Namespace) -> int:
    from acier.kiosk.runner import run_kiosk

    if config.role != "timeline":
        from acier.kiosk.exhibit_runner import run_exhibit

        return run_exhibit(
            config,
            size=args.size,
            seconds=args.seconds,
            screenshot=args.screenshot,
            simulate=args.simulate,
            script=_exhibit_visitor if args.visitor else None,
        )
    return run_kiosk(
        config,
        size=args.size,
        seconds=args.seconds,
        screenshot=args.screenshot,
        preview=args.preview is not None,
        config_path=args.config if args.preview is None else None,
        script=_timeline_visitor if args.visitor else None,
        simulate=args.simulate,
    )


def _timeline_visitor(app) -> None:
    from acier.kiosk.visitor import ScriptedVisitor

    ScriptedVisitor(app.surface.get_size(), app.languages, pause=5.0).start()


def _exhibit_visitor(app) -> None:
    from acier.kiosk.visitor import ExhibitVisitor

    ExhibitVisitor(app.keys, pause=app.config.idle_timeout_s + 1.0).start()


def cmd_selftest(args: argparse.Namespace) -> int:
    """Walk every bound input and output of a device; print a pass/fail table; 1 if any fail."""
    from acier.device_lock import DeviceBusy, hold_device

    config = _load_config(args.config)
    if not config.inputs and not config.outputs:
        print(f"acier: {args.config} binds no inputs or outputs; nothing to test")
        return 2
    if args.simulate:  # mock pins and fake boards: no need to stop a running exhibit
        return _selftest(config, args)
    try:
        with hold_device(config.device, config.outbox):
            return _selftest(config, args)
    except DeviceBusy as exc:
        print(f"acier: {exc}: its pins and ports are in use")
        print(f"acier: run the self-test on its screen (acier send {config.device} selftest)")
        print(f"acier: or stop it first (systemctl stop acier-kiosk@{config.device})")
        return 2


def _selftest(config, args: argparse.Namespace) -> int:
    import select

    from gpiozero.exc import GPIOZeroError

    from acier.hardware.devices import Hardware
    from acier.hardware.selftest import SelfTest
    from acier.hardware.simulation import Simulation

    sim = Simulation(config.inputs, config.outputs) if args.simulate else None
    try:
        hardware = sim.hardware() if sim else Hardware(config.inputs, config.outputs)
    except (GPIOZeroError, OSError) as exc:
        print(f"acier: the GPIO pins cannot be used: {exc}")
        print(f"acier: stop the exhibit first (systemctl stop acier-kiosk@{config.device});")
        print("acier: on a machine without GPIO pins, add --simulate")
        return 2
    hardware.start()
    test = SelfTest(config.inputs, config.outputs, step_timeout_s=args.timeout)
    interactive = sys.stdin.isatty()
    print(f"self-test of {config.device}: {len(test.checks)} checks", end="")
    print(" (y or n answers for a light or relay, Enter alone skips)" if interactive else "")
    shown = None
    try:
        while not test.finished:
            now = time.monotonic()
            check = test.current
            if check is not shown:
                shown = check
                print(f"[{test.index + 1}/{len(test.checks)}] {check.instruction}", flush=True)
                if sim:
                    sim.act(check)
            for event in hardware.poll():
                test.feed(event, now)
            test.tick(now, hardware.set_output)
            if sim and test.awaiting_answer(now):
                test.answer(sim.saw(test.current), now, hardware.set_output)
            if interactive and select.select([sys.stdin], [], [], 0.02)[0]:
                answer = sys.stdin.readline().strip().lower()
                if answer in ("y", "n") and test.current and test.current.direction == "output":
                    test.answer(answer == "y", now, hardware.set_output)
                else:
                    test.skip(now, hardware.set_output)
            elif not interactive:
                time.sleep(0.02)
    except KeyboardInterrupt:
        print("\ninterrupted")
    finally:
        for name in config.outputs:  # nothing left lit or clicked on
            hardware.set_output(name, 0.0)
        hardware.close()
        if sim:
            sim.close()
    print(test.table())
    return 0 if test.passed else 1


def cmd_demo(args: argparse.Namespace) -> int:
    """The whole system on one machine: a private broker, the controller with its content
    server, the shipped media published to it, and the timeline kiosk."""
    from acier.broker import start_broker
    from acier.controller.content_store import ContentStore
    from acier.controller.publish import publish
    from acier.controller.service import Controller
    from acier.controller.site import load_site
    from acier.controller.web import HttpServer, content_app
    from acier.kiosk.runner import configure_logging, run_kiosk

    configure_logging(args.verbose)
    config = _load_config(DEMO_CONFIG)
    site = _load_config(SITE_CONFIG, load_site)
    var = Path(tempfile.mkdtemp(prefix="acier-demo-")) if args.headless else REPO / "var" / "demo"
    broker = start_broker(var / "broker")
    print(f"demo: {broker.kind} broker on {broker.host}:{broker.port}")
    address = site.broker.model_copy(update={"host": broker.host, "port": broker.port})
    store = f"sqlite:///{var / 'interactions.sqlite'}"
    http = HttpServer(content_app(ContentStore(var / "content")), "127.0.0.1", 0)
    http.start()
    serving = site.content.model_copy(
        update={"store": var / "content", "url": f"http://127.0.0.1:{http.port}"}
    )
    # the demo runs at any hour: no opening hours, so nothing is put to sleep
    site = site.model_copy(
        update={"broker": address, "store": store, "hours": None, "content": serving}
    )
    controller = Controller(site)
    controller.start()
    manifest, _, _ = publish(site, SITE_CONFIG, REPO / "media")
    print(f"demo: published the shipped media as content version {manifest.version}")
    fleet = config.fleet.model_copy(
        update={"site": site.site, "broker": address, "content_dir": var / "timeline-1-content"}
    )
    update = {
        "outbox": var / "timeline-1-outbox.sqlite",
        "display": config.display.model_copy(update={"windowed": True}),
        "fleet": fleet,
    }
    script = None
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        update |= {"audio": False, "idle_timeout_s": 4.0}

        script = _timeline_visitor
    config = config.model_copy(update=update)
    seconds = args.seconds if args.seconds is not None else (30.0 if args.headless else None)
    exhibits = [
        _start_demo_exhibit(path, var, site.site, address, args.headless, seconds, i)
        for i, path in enumerate(DEMO_EXHIBITS)
    ]
    try:
        status = run_kiosk(config, size=args.size, seconds=seconds, script=script)
        for exhibit in exhibits:
            exhibit.terminate()  # the timeline window closed: the demo is over
            exhibit.wait(10)
        counts = controller.store.count_by_type()
        shown = {v.device: v.status.content_version for v in controller.devices()}
    finally:
        for exhibit in exhibits:
            if exhibit.poll() is None:
                exhibit.kill()
        controller.stop()
        http.stop()
        broker.stop()
    if status == 0:
        print(
            f"demo: {sum(counts.values())} events reached the store {var / 'interactions.sqlite'}"
        )
        for kind, n in sorted(counts.items()):
            print(f"  {kind}: {n}")
        print(f"demo: the kiosk last reported content version {shown.get(config.device)}")
    return status


def _start_demo_exhibit(
    path: Path, var: Path, site: str, broker, headless: bool, seconds, index: int
):
    """An exhibit of the demo in a process (and window) of its own, on simulated hardware.

    Its config is the shipped one with the demo's broker, outbox and window written in full to
    `var/`, so the exhibit runs exactly as `acier kiosk FILE --simulate` would."""
    import subprocess

    import yaml

    config = _load_config(path)
    fleet = config.fleet.model_copy(update={"site": site, "broker": broker})
    config = config.model_copy(
        update={
            "outbox": var / f"{config.device}-outbox.sqlite",
            "display": config.display.model_copy(update={"windowed": True}),
            "fleet": fleet,
            "audio": False,
            "idle_timeout_s": 4.0 if headless else config.idle_timeout_s,
        }
    )
    derived = var / "config" / f"{config.device}.yaml"
    derived.parent.mkdir(parents=True, exist_ok=True)
    derived.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude_defaults=True)))
    command = [sys.executable, "-m", "acier.cli", "kiosk", str(derived), "--simulate"]
    command += ["--size", "960x540"] if headless else []
    command += ["--seconds", f"{seconds + 5:g}", "--visitor"] if headless else []
    # headless: no display; else each window a step down and right, so every title bar shows
    where = (
        {"SDL_VIDEODRIVER": "dummy"}
        if headless
        else {"SDL_VIDEO_WINDOW_POS": f"{60 + 80 * index},{60 + 80 * index}"}
    )
    env = dict(os.environ, **where)
    print(f"demo: {config.device} ({config.role}) runs on simulated hardware, config {derived}")
    return subprocess.Popen(command, env=env)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate the site file, device files and media together; file:line:column for each."""
    from acier.check import check

    paths = args.paths or ([] if args.media else [REPO / "config"])
    result = check(paths, [args.media] if args.media else [])
    for problem in [*result.errors, *result.warnings]:
        print(problem)
    if result.errors:
        print(f"{len(result.errors)} error(s), {len(result.warnings)} warning(s)")
        return 1
    for line in result.summary:
        print(f"  {line}")
    print(f"ok: {len(result.warnings)} warning(s)")
    return 0


def cmd_events_show(args: argparse.Namespace) -> int:
    """Print the events waiting in a device's outbox, oldest first, one JSON object a line."""
    if not args.outbox.is_file():
        print(f"acier: no outbox at {args.outbox}", file=sys.stderr)
        return 2
    with sqlite3.connect(f"file:{args.outbox}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT seq, id, ts, session, type, data FROM events ORDER BY seq DESC LIMIT ?",
            (args.limit,),
        ).fetchall()
    for seq, event_id, ts, session, kind, data in reversed(rows):
        record = {"seq": seq, "id": event_id, "ts": ts, "session": session, "type": kind}
        print(json.dumps(record | {"data": json.loads(data)}, ensure_ascii=False))
    return 0


def cmd_events_export(args: argparse.Namespace) -> int:
    """Write the controller's stored events as CSV or JSON lines."""
    from acier.controller.site import load_site
    from acier.controller.store import Store, parse_since

    url = args.store or _load_config(args.site, load_site).store
    try:
        since = parse_since(args.since) if args.since else None
        until = parse_since(args.until) if args.until else None
    except ValueError as exc:
        print(f"acier: {exc}", file=sys.stderr)
        return 2
    store = Store(url)
    with contextlib.ExitStack() as stack:
        stack.callback(store.close)
        out = sys.stdout
        if args.output:
            out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
        count = store.export(out, args.format, since=since, until=until)
    print(f"{count} events", file=sys.stderr)
    return 0


def cmd_controller(args: argparse.Namespace) -> int:
    from acier.controller.content_store import ContentStore
    from acier.controller.service import Controller
    from acier.controller.site import load_site
    from acier.controller.web import HttpServer, content_app
    from acier.kiosk.runner import configure_logging

    configure_logging(args.verbose)
    site = _load_config(args.site, load_site)
    serving = site.content
    try:
        http = HttpServer(content_app(ContentStore(serving.store)), serving.listen, serving.port)
    except OSError as exc:
        print(f"acier: cannot serve content on {serving.listen}:{serving.port}: {exc}")
        return 2
    http.start()
    try:
        Controller(site).run_forever()
    finally:
        http.stop()
    return 0


def _command_args(pairs: list[str]) -> dict[str, object]:
    """KEY=VALUE pairs; values are read as JSON when they parse (numbers, true), else text."""
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {pair!r}")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def cmd_send(args: argparse.Namespace) -> int:
    """Send a command to a device, a zone or all, and print each reply; 1 if any failed."""
    from acier.controller.observer import FleetObserver
    from acier.controller.site import load_site

    site = _load_config(args.site, load_site)
    try:
        command_args = _command_args(args.args)
    except argparse.ArgumentTypeError as exc:
        print(f"acier: {exc}", file=sys.stderr)
        return 2
    with FleetObserver(site) as fleet:
        try:
            fleet.connect()
        except TimeoutError as exc:
            print(f"acier: {exc}", file=sys.stderr)
            return 2
        replies = fleet.send(args.target, args.command, command_args, args.timeout)
    if not replies:
        print(f"acier: no device online matches {args.target!r}", file=sys.stderr)
        return 1
    failed = 0
    for device, reply in sorted(replies.items()):
        if reply is None:
            failed += 1
            print(f"{device}: no reply within {args.timeout:g} s")
        elif reply.ok:
            detail = json.dumps(reply.result, ensure_ascii=False) if reply.result else ""
            print(f"{device}: ok {detail}".rstrip())
        else:
            failed += 1
            print(f"{device}: error: {reply.error}")
    return 1 if failed else 0


def cmd_fleet(args: argparse.Namespace) -> int:
    """Print every device the broker knows of, from the retained statuses."""
    from acier.controller.observer import FleetObserver
    from acier.controller.site import load_site

    site = _load_config(args.site, load_site)
    with FleetObserver(site) as fleet:
        try:
            fleet.connect()
        except TimeoutError as exc:
            print(f"acier: {exc}", file=sys.stderr)
            return 2
        devices = fleet.devices()
    print(
        f"{'device':<20} {'state':<9} {'zone':<12} {'scene':<9} {'fps':>5} {'outbox':>7}  "
        f"{'seen':<19}  boards"
    )
    for view in devices:
        s = view.status
        seen = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(view.last_seen))
        states = {name: board.get("state") for name, board in s.boards.items()}
        trouble = [f"{name} {state}" for name, state in states.items() if state != "connected"]
        boards = ", ".join(trouble) or ("ok" if states else "")
        print(
            f"{view.device:<20} {view.state:<9} {s.zone:<12} {s.scene:<9} {s.fps:>5.0f} "
            f"{s.outbox_depth:>7}  {seen}  {boards}"
        )
    return 0


def cmd_simulate(args: argparse.Namespace) -> int:
    """Simulated devices with real outboxes and agents, to load-test a controller."""
    from acier import simulate
    from acier.controller.site import load_site
    from acier.kiosk.runner import configure_logging

    configure_logging(args.verbose)
    site = _load_config(args.site, load_site)
    names = [f"{args.prefix}-{i + 1:03d}" for i in range(args.devices)]
    left = simulate.run(
        site.site,
        site.broker.address(Path()),
        names,
        args.outbox_dir,
        args.events,
        args.rate,
        zone=args.zone,
        keepalive_s=args.keepalive,
        seconds=args.seconds,
    )
    print(f"simulate: {len(names)} devices, {left} events not yet acknowledged")
    return 0 if left == 0 else 1


def cmd_media_build(args: argparse.Namespace) -> int:
    """Pre-render every picture at every size the kiosks show it, incrementally."""
    from acier.kiosk.content import ContentError
    from acier.media_build import DISPLAYS, build

    start = time.perf_counter()
    try:
        displays = tuple(args.display) if args.display else DISPLAYS
        report = build(args.media, displays, workers=os.cpu_count() or 1)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem)
        print("media build: the content has errors; nothing was built")
        return 1
    for failure in report.failed:
        print(f"failed: {failure}")
    print(
        f"media build: {report.sources} pictures, {report.rendered} renders written, "
        f"{report.kept} unchanged, {len(report.failed)} failed "
        f"({time.perf_counter() - start:.1f} s)"
    )
    return 1 if report.failed else 0


def cmd_media_publish(args: argparse.Namespace) -> int:
    """Check the pack, store it as a new version on the controller, announce it to the kiosks."""
    from acier.controller.publish import Refused, publish
    from acier.controller.site import load_site

    site = _load_config(args.site, load_site)
    try:
        manifest, added, warnings = publish(site, args.site, args.media)
    except Refused as exc:
        for problem in [*exc.result.errors, *exc.result.warnings]:
            print(problem)
        print(f"media publish: refused, {exc}; nothing was published")
        return 1
    except TimeoutError as exc:
        print(f"acier: {exc}; the version is stored but not announced: publish again")
        return 2
    for problem in warnings:
        print(problem)
    print(
        f"media publish: version {manifest.version}: {len(manifest.files)} files, "
        f"{manifest.size / 1e6:.1f} MB ({added / 1e6:.1f} MB new) in {site.content.store}; "
        f"announced to the kiosks of site {site.site}, from {site.content.url}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="acier", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    k = sub.add_parser("kiosk", help="run a timeline kiosk or an exhibit from its device config")
    k.add_argument("config", type=Path, nargs="?", help="the device config")
    k.add_argument(
        "--preview",
        type=Path,
        metavar="MEDIA_DIR",
        help="a window on this media folder that reloads a moment after a file changes",
    )
    k.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    k.add_argument(
        "--simulate",
        action="store_true",
        help="without hardware: mock pins and fake boards, keys drive them",
    )
    k.add_argument("--size", type=_size, help="window size, e.g. 1080x1920")
    k.add_argument("--seconds", type=float, help="stop after this many seconds")
    k.add_argument("--screenshot", type=Path, help="save the last frame to this PNG")
    k.add_argument(
        "--visitor", action="store_true", help="a scripted visitor plays (demos, soak tests)"
    )
    k.add_argument("-v", "--verbose", action="store_true")
    k.set_defaults(func=cmd_kiosk)

    st = sub.add_parser("selftest", help="walk every input and output of a device")
    st.add_argument("config", type=Path, help="the device config")
    st.add_argument("--simulate", action="store_true", help="mock pins and fake boards")
    st.add_argument("--timeout", type=float, default=20.0, help="seconds to wait per input")
    st.set_defaults(func=cmd_selftest)

    d = sub.add_parser("demo", help="run the system on embedded defaults")
    d.add_argument("--headless", action="store_true", help="no window; a scripted visitor")
    d.add_argument("--seconds", type=float, help="stop after this many seconds")
    d.add_argument("--size", type=_size, help="window size, e.g. 1920x1080")
    d.add_argument("-v", "--verbose", action="store_true")
    d.set_defaults(func=cmd_demo)

    c = sub.add_parser("check", help="validate the site file, device files and media together")
    c.add_argument("paths", nargs="*", type=Path, help="config files or folders (default: config/)")
    c.add_argument("--media", type=Path, help="a media folder to check as well")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("events", help="device outboxes and the controller's event store")
    esub = e.add_subparsers(dest="events_command", required=True)
    es = esub.add_parser("show", help="show the events waiting in a device's outbox")
    es.add_argument("outbox", type=Path)
    es.add_argument("--limit", type=int, default=50)
    es.set_defaults(func=cmd_events_show)
    ex = esub.add_parser("export", help="export the stored events as CSV or JSON lines")
    ex.add_argument("--site", type=Path, default=SITE_CONFIG, help="site config (for its store)")
    ex.add_argument("--store", help="a store URL instead, e.g. postgresql+psycopg://host/db")
    ex.add_argument("--since", help="ISO date or time (local), or 90m / 24h / 7d ago")
    ex.add_argument("--until", help="same forms as --since")
    ex.add_argument("--format", choices=["csv", "jsonl"], default="jsonl")
    ex.add_argument("-o", "--output", type=Path, help="a file instead of standard output")
    ex.set_defaults(func=cmd_events_export)

    ctl = sub.add_parser("controller", help="run the central controller of a site")
    ctl.add_argument("site", type=Path, nargs="?", default=SITE_CONFIG)
    ctl.add_argument("-v", "--verbose", action="store_true")
    ctl.set_defaults(func=cmd_controller)

    snd = sub.add_parser("send", help="send a command to DEVICE, zone:NAME or all")
    snd.add_argument("target", help="a device id, zone:NAME or all")
    snd.add_argument("command", help="identify, sleep, wake, goto, language, reload, …")
    snd.add_argument("args", nargs="*", metavar="KEY=VALUE", help="e.g. entry=bessemer-1856")
    snd.add_argument("--site", type=Path, default=SITE_CONFIG)
    snd.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for replies")
    snd.set_defaults(func=cmd_send)

    fl = sub.add_parser("fleet", help="list the devices and their state")
    fl.add_argument("--site", type=Path, default=SITE_CONFIG)
    fl.set_defaults(func=cmd_fleet)

    med = sub.add_parser("media", help="curator content tools")
    msub = med.add_subparsers(dest="media_command", required=True)
    mb = msub.add_parser("build", help="pre-render every picture for the kiosks' screens")
    mb.add_argument("media", type=Path, nargs="?", default=REPO / "media")
    mb.add_argument(
        "--display",
        type=_size,
        action="append",
        help="a screen size to build for (repeatable; default 1920x1080 and 1080x1920)",
    )
    mb.set_defaults(func=cmd_media_build)

    mp = msub.add_parser("publish", help="check, store and announce a new content version")
    mp.add_argument("media", type=Path, nargs="?", default=REPO / "media")
    mp.add_argument("--site", type=Path, default=SITE_CONFIG)
    mp.set_defaults(func=cmd_media_publish)

    sim = sub.add_parser("simulate", help="simulated devices to load-test a controller")
    sim.add_argument("--site", type=Path, default=SITE_CONFIG)
    sim.add_argument("--devices", type=int, default=10)
    sim.add_argument("--prefix", default="sim", help="device ids are PREFIX-001, PREFIX-002, …")
    sim.add_argument("--events", type=int, default=100, help="events per device")
    sim.add_argument("--rate", type=float, default=1.0, help="events per second per device")
    sim.add_argument("--zone", default="")
    sim.add_argument("--keepalive", type=int, default=10)
    sim.add_argument("--seconds", type=float, help="run this long (default: until delivered)")
    sim.add_argument("--outbox-dir", type=Path, default=REPO / "var" / "simulate")
    sim.add_argument("-v", "--verbose", action="store_true")
    sim.set_defaults(func=cmd_simulate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
