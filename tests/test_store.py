"""The interaction store on both real backends: SQLite in a temp dir, PostgreSQL when it runs."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from acier.controller.store import Store, iso_utc, parse_since
from acier.protocol.events import Event, uuid7

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="module")
def pg_url():
    """A fresh PostgreSQL database for this module, dropped afterwards."""
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as db:
            name = f"acier_test_{uuid.uuid4().hex[:10]}"
            db.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432: {exc}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with admin.connect() as db:
        db.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'deep' / 'store.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    s = Store(url)
    yield s
    with s.engine.begin() as db:
        db.execute(text("DELETE FROM events"))
        db.execute(text("DELETE FROM rejected"))
    s.close()


def event(seq: int, ts: float = 1.8e9, device: str = "k1", **data) -> Event:
    return Event(
        id=uuid7(),
        device=device,
        seq=seq,
        ts=ts,
        session="s",
        type="entry.open",
        data=data or {"entry": "hauts-fourneaux-denain", "via": "tap"},
    )


def test_inserts_are_idempotent_on_the_event_id(store):
    batch = [event(i) for i in range(1, 6)]
    assert store.insert(batch) == 5
    assert store.insert(batch) == 0
    overlap = [*batch[3:], event(6), event(7), event(7).model_copy(update={"id": batch[0].id})]
    assert store.insert(overlap) == 2
    assert store.insert([event(8)] * 3) == 1  # duplicates inside one batch
    assert store.count() == 8 and store.count("k1") == 8 and store.count("k2") == 0


def test_accents_round_trip_and_export_filters_by_time(store):
    store.insert([event(1, ts=100.0, entry="Dénain — « l'acier »", via="tap"), event(2, ts=200.5)])
    out = io.StringIO()
    assert store.export(out, "jsonl", since=150.0) == 1
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert record["seq"] == 2 and record["ts_iso"] == "1970-01-01T00:03:20.500Z"
    out = io.StringIO()
    assert store.export(out, "csv", until=150.0) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert json.loads(rows[0]["data"])["entry"] == "Dénain — « l'acier »"
    assert list(rows[0]) == ["id", "device", "seq", "ts_iso", "ts", "session", "type", "data"]
    assert store.count_by_type() == {"entry.open": 2}


def test_rejections_are_counted_without_their_payload(store):
    store.reject("acier/v1/x/device/k1/events", "k1", "not JSON: " + "x" * 900, 12)
    store.reject("acier/v1/x/device/k2/events", None, "unknown version 2", 40)
    assert store.rejected_count() == 2


def test_a_reopened_sqlite_store_keeps_its_rows(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    first = Store(url)
    first.insert([event(1), event(2)])
    first.close()
    again = Store(url)
    assert again.count() == 2
    again.close()


def test_parse_since():
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert parse_since("90m", now) == now.timestamp() - 5400
    assert parse_since("7d", now) == now.timestamp() - 7 * 86400
    assert parse_since("2026-11-01T09:00Z") == datetime(2026, 11, 1, 9, tzinfo=UTC).timestamp()
    assert parse_since("2026-11-01T10:00+01:00") == parse_since("2026-11-01T09:00Z")
    assert parse_since("2026-11-01") == datetime(2026, 11, 1).timestamp()  # local midnight
    with pytest.raises(ValueError, match="neither a date"):
        parse_since("yesterday")
    assert iso_utc(0.001) == "1970-01-01T00:00:00.001Z"
