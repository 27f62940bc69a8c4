"""The `acier` command: one entry point, one subcommand per job (see the README for each)."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEMO_CONFIG = REPO / "config" / "timeline-1.yaml"


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = value.lower().split("x")
        return int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {value!r}") from None


def _load_config(path: Path):
    from acier.config import ConfigError, load_kiosk_config

    try:
        return load_kiosk_config(path)
    except ConfigError as exc:
        print(f"acier: {path} has errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(2) from exc


def cmd_kiosk(args: argparse.Namespace) -> int:
    from acier.kiosk.runner import configure_logging, run_kiosk

    configure_logging(args.verbose)
    config = _load_config(args.config)
    if args.windowed:
        config = config.model_copy(
            update={"display": config.display.model_copy(update={"windowed": True})}
        )
    return run_kiosk(config, size=args.size, seconds=args.seconds, screenshot=args.screenshot)


def cmd_demo(args: argparse.Namespace) -> int:
    """The whole system on embedded defaults: today, the timeline kiosk on the shipped media."""
    from acier.kiosk.runner import configure_logging, run_kiosk
    from acier.kiosk.visitor import ScriptedVisitor

    configure_logging(args.verbose)
    config = _load_config(DEMO_CONFIG)
    var = Path(tempfile.mkdtemp(prefix="acier-demo-")) if args.headless else REPO / "var"
    update = {
        "outbox": var / "demo-outbox.sqlite",
        "display": config.display.model_copy(update={"windowed": True}),
    }
    script = None
    if args.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        update |= {"audio": False, "idle_timeout_s": 4.0}

        def script(app):
            visitor = ScriptedVisitor(app.surface.get_size(), app.languages, pause=5.0)
            visitor.start()

    config = config.model_copy(update=update)
    seconds = args.seconds if args.seconds is not None else (30.0 if args.headless else None)
    status = run_kiosk(config, size=args.size, seconds=seconds, script=script)
    if status == 0:
        counts = _event_counts(config.outbox)
        total = sum(counts.values())
        print(f"demo: {total} events in the outbox {config.outbox}")
        for kind, n in sorted(counts.items()):
            print(f"  {kind}: {n}")
    return status


def _event_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(str(path)) as db:
        return dict(db.execute("SELECT type, COUNT(*) FROM events GROUP BY type").fetchall())


def cmd_check(args: argparse.Namespace) -> int:
    """Validate media (and device configs); print every problem as file:line:column."""
    from acier.config import ConfigError, load_kiosk_config
    from acier.kiosk.content import ContentError, load_content

    problems, warnings = [], []
    for path in args.configs:
        try:
            load_kiosk_config(path)
        except ConfigError as exc:
            problems += exc.problems
    try:
        content = load_content(args.media)
        warnings += content.warnings
    except ContentError as exc:
        problems += exc.problems
    for problem in [*problems, *warnings]:
        print(problem)
    if problems:
        print(f"{len(problems)} error(s), {len(warnings)} warning(s)")
        return 1
    counts = f"{len(content.entries)} entries in {len(content.eras)} eras"
    print(f"ok: {counts}, {len(warnings)} warning(s)")
    return 0


def cmd_events(args: argparse.Namespace) -> int:
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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="acier", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    k = sub.add_parser("kiosk", help="run a timeline kiosk from its device config")
    k.add_argument("config", type=Path)
    k.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    k.add_argument("--size", type=_size, help="window size, e.g. 1080x1920")
    k.add_argument("--seconds", type=float, help="stop after this many seconds")
    k.add_argument("--screenshot", type=Path, help="save the last frame to this PNG")
    k.add_argument("-v", "--verbose", action="store_true")
    k.set_defaults(func=cmd_kiosk)

    d = sub.add_parser("demo", help="run the system on embedded defaults")
    d.add_argument("--headless", action="store_true", help="no window; a scripted visitor")
    d.add_argument("--seconds", type=float, help="stop after this many seconds")
    d.add_argument("--size", type=_size, help="window size, e.g. 1920x1080")
    d.add_argument("-v", "--verbose", action="store_true")
    d.set_defaults(func=cmd_demo)

    c = sub.add_parser("check", help="validate media and device configs")
    c.add_argument("configs", nargs="*", type=Path, help="device config files")
    c.add_argument("--media", type=Path, default=REPO / "media", help="media folder")
    c.set_defaults(func=cmd_check)

    e = sub.add_parser("events", help="show the events in a device's outbox")
    e.add_argument("outbox", type=Path)
    e.add_argument("--limit", type=int, default=50)
    e.set_defaults(func=cmd_events)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
