"""The durable local outbox: every interaction event is committed to SQLite before anything else.

Kiosks and exhibits call `Outbox.record()`; the fleet agent later forwards rows to the controller
and deletes them only once acknowledged. SQLite in WAL mode with synchronous=NORMAL commits an
insert in tens of microseconds without an fsync, and a committed row survives the app crashing.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
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


class Outbox:
    """Append-only event log of one device, safe to share between threads."""

    def __init__(self, path: Path, device: str) -> None:
        self.path = Path(path)
        self.device = device
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        row = self._db.execute("SELECT value FROM meta WHERE key='last_seq'").fetchone()
        self._last_seq = int(row[0]) if row else 0

    def record(self, event_type: str, session: str | None = None, **data: object) -> Event:
        """Validate and commit one event; returns it with its id and sequence number."""
        payload = validate_payload(event_type, data)
        with self._lock:
            seq = self._last_seq + 1
            event = Event(
                id=uuid7(),
                device=self.device,
                seq=seq,
                ts=time.time(),
                session=session,
                type=event_type,
                data=payload,
            )
            self._db.execute("BEGIN")
            self._db.execute(
                "INSERT INTO events (seq, id, ts, session, type, data) VALUES (?, ?, ?, ?, ?, ?)",
                (seq, event.id, event.ts, session, event_type, json.dumps(payload)),
            )
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('last_seq', ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (str(seq),),
            )
            self._db.execute("COMMIT")
            self._last_seq = seq
        return event

    def pending(self, limit: int = 1000) -> list[Event]:
        """The oldest events not yet acknowledged, in sequence order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, id, ts, session, type, data FROM events ORDER BY seq LIMIT ?",
                (limit,),
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

    def depth(self) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM events").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
