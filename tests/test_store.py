"""The interaction store on both real backends: SQLite in a temp dir, PostgreSQL when it runs."""

from __future__ import annotations

import csv
import io
import json
import time
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from acier.controller.store import Store, iso_utc, parse_since
from acier.protocol.events import Event, uuid7

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
CSV_HEADER = ["id", "device", "seq", "ts_iso", "ts", "session", "type", "data"]


@pytest.fixture(scope="module")
def pg_url():
    """A fresh PostgreSQL database for this module, dropped afterwards."""
    admin = create_engine(
        PG_ADMIN, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    name = f"acier_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as db:
            db.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN}: {exc.orig}")
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
    with s.engine.begin() as db:  # the PostgreSQL database lives for the whole module
        db.execute(text("DELETE FROM events"))
        db.execute(text("DELETE FROM rejected"))
    s.close()


def event(
    seq: int,
    ts: float = 1.8e9,
    device: str = "k1",
    session: str | None = "s",
    kind: str = "entry.open",
    **data,
) -> Event:
    return Event(
        id=uuid7(),
        device=device,
        seq=seq,
        ts=ts,
        session=session,
        type=kind,
        data=data or {"entry": "hauts-fourneaux-denain", "via": "tap"},
    )


def stored(store: Store, column: str = "id") -> list:
    with store.engine.connect() as db:
        return list(db.execute(text(f"SELECT {column} FROM events ORDER BY id")).scalars())


def export(store: Store, fmt: str, **window) -> tuple[int, str]:
    out = io.StringIO()
    return store.export(out, fmt, **window), out.getvalue()


# --- insert -------------------------------------------------------------------------------


def test_inserts_are_idempotent_on_the_event_id(store):
    batch = [event(i) for i in range(1, 6)]
    assert store.insert(batch) == 5
    assert store.insert(batch) == 0
    imposter = event(99).model_copy(update={"id": batch[0].id})  # same id, other content
    later = [event(6), event(7), event(8)]
    assert store.insert([*batch[3:], *later[:2], imposter]) == 2
    assert store.insert([later[2]] * 3) == 1  # duplicates inside one batch
    assert store.insert([]) == 0
    ids = stored(store)
    assert len(ids) == 8 and set(ids) == {e.id for e in batch + later}
    assert 99 not in stored(store, "seq")  # the first copy stored is kept
    assert store.count() == 8 and store.count("k1") == 8 and store.count("k2") == 0


def test_overlapping_redeliveries_from_many_devices_store_each_event_once(store):
    logs = {d: [event(i, ts=1.8e9 + i, device=d) for i in range(1, 201)] for d in ("k1", "k2")}
    new = 0
    for start in range(0, 200, 30):  # windows of 50 every 30: each overlaps the last
        new += store.insert([e for log in logs.values() for e in log[start : start + 50]])
    assert new == store.count() == 400
    assert store.count("k1") == store.count("k2") == 200
    assert set(stored(store)) == {e.id for log in logs.values() for e in log}


def test_a_batch_is_one_transaction(store):
    broken = Event.model_construct(**event(3).model_dump() | {"seq": None})  # NOT NULL
    with pytest.raises(IntegrityError):
        store.insert([event(1), event(2), broken])
    assert store.count() == 0
    assert store.insert([event(1), event(2)]) == 2


def test_unicode_round_trips(store):
    data = {"entry": "Dénain — « l'acier » 鋼 🔥", "via": 'a "tap"\n\\ ok\x00', "n": [1, 2.5, None]}
    store.insert([event(1, session="seance-2", **data)])
    (raw,) = stored(store, "data")
    assert raw == json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # compact text
    count, jsonl = export(store, "jsonl")
    assert count == 1 and "Dénain" in jsonl and "🔥" in jsonl  # not \u-escaped
    record = json.loads(jsonl)
    assert record["data"] == data and record["session"] == "seance-2"
    _, text_csv = export(store, "csv")
    (row,) = csv.DictReader(io.StringIO(text_csv))
    assert json.loads(row["data"]) == data and row["session"] == "seance-2"


# --- export -------------------------------------------------------------------------------


@pytest.fixture
def timeline(store):
    """Five events out of order, two of them at the same instant."""
    events = [
        event(1, ts=300.25, device="k2"),
        event(2, ts=100.0, session=None),
        event(3, ts=200.5),
        event(4, ts=200.5, device="k2"),
        event(5, ts=1.8e9 + 0.123, kind="textsize.change", level=2),
    ]
    store.insert(events)
    return sorted(events, key=lambda e: (e.ts, e.id))


def test_export_jsonl_streams_every_field_in_time_order(store, timeline):
    count, out = export(store, "jsonl")
    records = [json.loads(line) for line in out.splitlines()]
    assert count == len(records) == 5
    assert [r["id"] for r in records] == [e.id for e in timeline]
    for r, e in zip(records, timeline, strict=True):
        assert r == {
            "id": e.id,
            "device": e.device,
            "seq": e.seq,
            "ts": e.ts,
            "ts_iso": iso_utc(e.ts),
            "session": e.session,
            "type": e.type,
            "data": e.data,
        }
    assert records[-1]["ts_iso"] == "2027-01-15T08:00:00.123Z"
    assert records[1]["ts_iso"] == "1970-01-01T00:03:20.500Z"


def test_export_csv_has_its_columns_and_parses_back(store, timeline):
    count, out = export(store, "csv")
    reader = csv.reader(io.StringIO(out))
    assert next(reader) == CSV_HEADER
    rows = [dict(zip(CSV_HEADER, r, strict=True)) for r in reader]
    assert count == len(rows) == 5
    for row, e in zip(rows, timeline, strict=True):
        assert (row["id"], row["device"], int(row["seq"]), float(row["ts"])) == (
            e.id,
            e.device,
            e.seq,
            e.ts,
        )
        assert row["ts_iso"] == iso_utc(e.ts) and row["type"] == e.type
        assert row["session"] == (e.session or "") and json.loads(row["data"]) == e.data


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_window_includes_since_and_excludes_until(store, timeline, fmt):
    def seqs(**window) -> list[int]:
        count, out = export(store, fmt, **window)
        if fmt == "csv":
            found = [int(row["seq"]) for row in csv.DictReader(io.StringIO(out))]
        else:
            found = [json.loads(line)["seq"] for line in out.splitlines()]
        assert count == len(found)
        return found

    by_ts = [e.seq for e in timeline]
    assert seqs() == by_ts
    assert seqs(since=200.5, until=300.25) == by_ts[1:3]
    assert seqs(since=200.5) == by_ts[1:]
    assert seqs(until=200.5) == by_ts[:1]
    assert seqs(since=2e9) == []


def test_export_empty_store_and_unknown_format(store):
    assert export(store, "csv") == (0, ",".join(CSV_HEADER) + "\r\n")
    assert export(store, "jsonl") == (0, "")
    with pytest.raises(ValueError, match="unknown export format"):
        store.export(io.StringIO(), "xml")  # type: ignore[arg-type]


def test_count_by_type(store, timeline):
    assert store.count_by_type() == {"entry.open": 4, "textsize.change": 1}


# --- rejections ---------------------------------------------------------------------------


def test_rejections_are_counted_without_their_payload(store):
    store.reject("acier/v1/x/device/k1/events", "k1", "not JSON: " + "x" * 900, 1200, 5.0)
    store.reject("acier/v1/x/device/k2/events", None, "unknown version 2", 40)
    assert store.rejected_count() == 2 and store.count() == 0
    with store.engine.connect() as db:
        rows = db.execute(text("SELECT * FROM rejected ORDER BY id")).mappings().all()
    assert set(rows[0]) == {"id", "received", "topic", "device", "reason", "size"}
    assert len(rows[0]["reason"]) == 500 and rows[0]["size"] == 1200
    assert rows[0]["received"] == 5.0 and rows[0]["device"] == "k1"
    assert rows[1]["device"] is None and abs(rows[1]["received"] - time.time()) < 60


# --- SQLite file --------------------------------------------------------------------------


def test_sqlite_is_wal_and_a_reopened_store_keeps_its_rows(tmp_path):
    path = tmp_path / "a" / "b" / "s.sqlite"
    first = Store(f"sqlite:///{path}")
    batch = [event(1), event(2)]
    assert first.insert(batch, received=7.0) == 2
    with first.engine.connect() as db:
        assert db.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert db.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    first.close()
    again = Store(f"sqlite:///{path}")
    assert again.count() == 2 and again.insert(batch) == 0
    assert set(stored(again)) == {e.id for e in batch}
    assert stored(again, "received") == [7.0, 7.0]
    again.close()


# --- parse_since --------------------------------------------------------------------------


@pytest.fixture
def paris(monkeypatch):
    """Local time is CET/CEST (a POSIX rule, so no tz database is needed)."""
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", NOW.timestamp() - 90 * 60),
        ("24h", NOW.timestamp() - 86400),
        ("7d", NOW.timestamp() - 7 * 86400),
        ("1.5h", NOW.timestamp() - 5400),
        (" 7d ", NOW.timestamp() - 7 * 86400),
        ("2026-11-01T09:00Z", datetime(2026, 11, 1, 9, tzinfo=UTC).timestamp()),
        ("2026-11-01T10:00+01:00", datetime(2026, 11, 1, 9, tzinfo=UTC).timestamp()),
        ("2026-11-01T09:00:30.5Z", datetime(2026, 11, 1, 9, 0, 30, 500000, UTC).timestamp()),
        ("2026-11-01T09:00", datetime(2026, 11, 1, 8, tzinfo=UTC).timestamp()),  # CET
        ("2026-07-01T09:00", datetime(2026, 7, 1, 7, tzinfo=UTC).timestamp()),  # CEST
        ("2026-11-01", datetime(2026, 10, 31, 23, tzinfo=UTC).timestamp()),  # local midnight
    ],
)
def test_parse_since(paris, text, expected):
    assert parse_since(text, NOW) == expected


def test_parse_since_relative_to_the_clock_by_default():
    assert abs(parse_since("1h") - (time.time() - 3600)) < 5


@pytest.mark.parametrize("text", ["yesterday", "", "7w", "-5d", "90 minutes", "2026-13-01"])
def test_parse_since_refuses(text):
    with pytest.raises(ValueError, match=r"neither a date .* nor a duration like 90m"):
        parse_since(text)


def test_iso_utc_has_milliseconds_and_z():
    assert iso_utc(0.001) == "1970-01-01T00:00:00.001Z"
    assert iso_utc(1.8e9) == "2027-01-15T08:00:00.000Z"
