"""The durable local outbox: every interaction event is committed to SQLite before anything else.

Kiosks and exhibits call `Outbox.record()`; the fleet agent later forwards rows to the controller
and deletes them only once acknowledged. SQLite in WAL mode with synchronous=NORMAL commits an
insert in tens of microseconds without an fsync, and a committed row survives the app crashing.

The outbox is bounded (a kiosk cut off from the controller for weeks must not fill its SD card):
past `max_events` the oldest events are dropped, and the count of dropped events is kept and
reported in the device status, so a loss is always visible.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from acier.protocol.events import Event, uuid7, validate_payload

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    ts REAL NOT NULL,
    session TEXT,
    type TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


DEFAULT_MAX_EVENTS = 500_000


class Outbox:
    """Append-only event log of one device, safe to share between threads."""

    def __init__(self, path: Path, device: str, max_events: int | None = None) -> None:
        self.path = Path(path)
        self.device = device
        self.max_events = max_events or DEFAULT_MAX_EVENTS
        self.changed = threading.Event()  # set on every record, for the agent to wake on
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._depth = self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def _meta(self, key: str) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def _set_meta(self, key: str, value: int) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, str(value)),
        )

    def record(self, event_type: str, session: str | None = None, **data: object) -> Event:
        """Validate and commit one event; returns it with its id and sequence number."""
        payload = validate_payload(event_type, data)
        with self._lock:
            with self._transaction():
                # read inside the write lock: another process on the same file (a second copy of
                # the kiosk started by mistake) must not reuse a sequence number
                seq = self._meta("last_seq") + 1
                event = Event(
                    id=uuid7(),
                    device=self.device,
                    seq=seq,
                    ts=time.time(),
                    session=session,
                    type=event_type,
                    data=payload,
                )
                self._db.execute(
                    "INSERT INTO events (seq, id, ts, session, type, data) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (seq, event.id, event.ts, session, event_type, json.dumps(payload)),
                )
                self._set_meta("last_seq", seq)
                excess = self._depth + 1 - self.max_events
                if excess > 0:
                    self._db.execute(
                        "DELETE FROM events WHERE seq IN "
                        "(SELECT seq FROM events ORDER BY seq LIMIT ?)",
                        (excess,),
                    )
                    self._set_meta("dropped", self._meta("dropped") + excess)
            self._depth += 1 - max(excess, 0)
        self.changed.set()
        return event

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, rolled back if anything in it fails (a full disk, a locked
        file), so the next call starts clean instead of failing for ever."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite has already rolled back some errors itself
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def pending(self, limit: int = 1000, after_seq: int = 0) -> list[Event]:
        """The oldest events not yet acknowledged (past `after_seq`), in sequence order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, id, ts, session, type, data FROM events WHERE seq > ? "
                "ORDER BY seq LIMIT ?",
                (after_seq, limit),
            ).fetchall()
        return [
            Event(
                id=row[1],
                device=self.device,
                seq=row[0],
                ts=row[2],
                session=row[3],
                type=row[4],
                data=json.loads(row[5]),
            )
            for row in rows
        ]

    def delete(self, ids: list[str]) -> int:
        """Forget acknowledged events; returns how many were still here."""
        with self._lock, self._transaction():
            cursor = self._db.executemany("DELETE FROM events WHERE id=?", [(i,) for i in ids])
            self._depth -= cursor.rowcount
            return cursor.rowcount

    def depth(self) -> int:
        return self._depth

    def dropped(self) -> int:
        with self._lock:
            return self._meta("dropped")

    def next_connection(self) -> int:
        """A counter that grows by one per MQTT connection, across restarts (see protocol)."""
        with self._lock:
            value = self._meta("connection") + 1
            self._set_meta("connection", value)
            return value

    def close(self) -> None:
        with self._lock:
            self._db.close()
