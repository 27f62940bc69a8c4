"""The interaction store: every visitor event, exactly once, in SQLite or PostgreSQL.

SQLAlchemy Core gives one schema and one code path for both: SQLite (WAL) on a single site's
controller, PostgreSQL by URL for a network of sites. Inserts are idempotent on the event id
(`ON CONFLICT DO NOTHING`), so a batch a device sends twice is stored once.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, TextIO

from pydantic_core import to_json
from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    make_url,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from acier.protocol.events import Event

metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("device", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("ts", Float(precision=53), nullable=False),
    Column("session", String(64)),
    Column("type", String(64), nullable=False),
    Column("data", Text, nullable=False),  # compact JSON, text so both dialects agree
    Column("received", Float(precision=53), nullable=False),
    Index("events_ts", "ts"),
    Index("events_device_seq", "device", "seq"),
)

rejected = Table(
    "rejected",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("received", Float(precision=53), nullable=False),
    Column("topic", String(255), nullable=False),
    Column("device", String(64)),
    Column("reason", Text, nullable=False),
    Column("size", Integer, nullable=False),
)

COLUMNS = [c.name for c in events.columns]
CSV_COLUMNS = ["id", "device", "seq", "ts_iso", "ts", "session", "type", "data"]


class Store:
    """The events and rejections of a site, behind one SQLAlchemy engine."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)
        insert = postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert
        # Compiled once and run through the driver's executemany, whose rowcount (new rows) is
        # summed by both sqlite3 and psycopg. SQLAlchemy's own executemany reports -1 on
        # PostgreSQL, and its RETURNING form is exact but slower (~40k events/s on SQLite).
        statement = insert(events).on_conflict_do_nothing(index_elements=["id"])
        compiled = statement.compile(dialect=self.engine.dialect)
        self._insert_sql = str(compiled)
        self._positional = compiled.positiontup is not None

    def insert(self, batch: Sequence[Event], received: float | None = None) -> int:
        """Store a batch in one transaction; returns how many events were new."""
        if not batch:
            return 0
        at = received if received is not None else time.time()
        rows = [
            (
                e.id,
                e.device,
                e.seq,
                e.ts,
                e.session,
                e.type,
                to_json(e.data).decode(),  # compact, UTF-8 as is; 6x faster than json.dumps
                at,
            )
            for e in batch
        ]
        params = rows if self._positional else [dict(zip(COLUMNS, r, strict=True)) for r in rows]
        with self.engine.begin() as db:
            return db.exec_driver_sql(self._insert_sql, params).rowcount

    def reject(
        self,
        topic: str,
        device: str | None,
        reason: str,
        size: int,
        received: float | None = None,
    ) -> None:
        """Count a malformed message (its reason, never its payload)."""
        at = received if received is not None else time.time()
        row = {"received": at, "topic": topic[:255], "device": device and device[:64]}
        with self.engine.begin() as db:
            db.execute(rejected.insert(), [row | {"reason": reason[:500], "size": size}])

    def count(self, device: str | None = None) -> int:
        query = select(func.count()).select_from(events)
        if device is not None:
            query = query.where(events.c.device == device)
        with self.engine.connect() as db:
            return db.execute(query).scalar_one()

    def count_by_type(self) -> dict[str, int]:
        query = select(events.c.type, func.count()).group_by(events.c.type)
        with self.engine.connect() as db:
            return {kind: n for kind, n in db.execute(query)}

    def rejected_count(self) -> int:
        with self.engine.connect() as db:
            return db.execute(select(func.count()).select_from(rejected)).scalar_one()

    def export(
        self,
        out: TextIO,
        fmt: Literal["csv", "jsonl"],
        since: float | None = None,
        until: float | None = None,
    ) -> int:
        """Stream events with since <= ts < until, oldest first; returns how many."""
        if fmt not in ("csv", "jsonl"):
            raise ValueError(f"unknown export format {fmt!r}: csv or jsonl")
        query = select(events).order_by(events.c.ts, events.c.id)
        if since is not None:
            query = query.where(events.c.ts >= since)
        if until is not None:
            query = query.where(events.c.ts < until)
        writer = csv.writer(out) if fmt == "csv" else None
        if writer:
            writer.writerow(CSV_COLUMNS)
        n = 0
        with self.engine.connect() as db:
            # yield_per streams: a server-side cursor on PostgreSQL, sqlite3's lazy stepping
            result = db.execution_options(yield_per=2000).execute(query)
            for row in result:
                iso = iso_utc(row.ts)
                if writer:
                    writer.writerow(
                        [row.id, row.device, row.seq, iso, row.ts, row.session, row.type, row.data]
                    )
                else:
                    record = {
                        "id": row.id,
                        "device": row.device,
                        "seq": row.seq,
                        "ts": row.ts,
                        "ts_iso": iso,
                        "session": row.session,
                        "type": row.type,
                        "data": json.loads(row.data),
                    }
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
        return n

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(connection, record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def iso_utc(ts: float) -> str:
    """2026-11-22T10:15:30.123Z"""
    return datetime.fromtimestamp(ts, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([mhd])$")


def parse_since(text: str, now: datetime | None = None) -> float:
    """'2026-11-01', '2026-11-01T09:00' (local unless it says Z or +01:00), or '90m'/'24h'/'7d'
    ago -> a Unix time."""
    text = text.strip()
    match = _DURATION.match(text)
    if match:
        unit = {"m": "minutes", "h": "hours", "d": "days"}[match.group(2)]
        now = now or datetime.now(UTC)
        return (now - timedelta(**{unit: float(match.group(1))})).timestamp()
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is neither a date like 2026-11-01 or 2026-11-01T09:00 "
            "nor a duration like 90m, 24h or 7d"
        ) from None
    return when.timestamp()  # a naive time is taken as local time
