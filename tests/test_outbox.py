import sqlite3
import uuid

import pytest
from pydantic import ValidationError

from acier.outbox import Outbox
from acier.protocol.events import uuid7


def test_events_are_durable_ordered_and_typed(tmp_path):
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path, "kiosk-1")
    first = box.record("session.start", "s1", language="fr")
    box.record("entry.open", "s1", entry="bessemer-1856", via="tap")
    box.close()
    # A new process sees both, and continues the sequence.
    box = Outbox(path, "kiosk-1")
    third = box.record("session.end", "s1", dwell_s=12.5, reason="idle")
    events = box.pending()
    assert [e.seq for e in events] == [1, 2, 3]
    assert [e.type for e in events] == ["session.start", "entry.open", "session.end"]
    assert events[0].id == first.id and third.seq == 3
    assert events[1].data == {"entry": "bessemer-1856", "via": "tap"}
    assert all(e.device == "kiosk-1" for e in events)
    assert box.depth() == 3


def test_sequence_survives_deleted_rows(tmp_path):
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path, "k")
    box.record("textsize.change", None, level=1)
    box.close()
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM events")
    box = Outbox(path, "k")
    assert box.record("textsize.change", None, level=0).seq == 2


def test_malformed_events_are_refused_and_nothing_is_written(tmp_path):
    box = Outbox(tmp_path / "o.sqlite", "k")
    with pytest.raises(ValueError, match="unknown event type"):
        box.record("entry.teleport", None, entry="x")
    with pytest.raises(ValidationError):
        box.record("video.end", None, entry="x", watched_fraction=1.7, reason="ended")
    with pytest.raises(ValidationError):
        box.record("session.start", None, language="fr", extra="field")
    assert box.depth() == 0


def test_uuid7_is_version_7_and_time_ordered():
    ids = [uuid7() for _ in range(200)]
    assert all(uuid.UUID(i).version == 7 for i in ids)
    stamps = [uuid.UUID(i).int >> 80 for i in ids]
    assert stamps == sorted(stamps)
    assert len(set(ids)) == 200


def test_bounded_outbox_drops_oldest_and_counts_it(tmp_path):
    path = tmp_path / "o.sqlite"
    box = Outbox(path, "k", max_events=5)
    for level in range(8):
        box.record("textsize.change", None, level=level % 3)
    assert box.depth() == 5 and box.dropped() == 3
    assert [e.seq for e in box.pending()] == [4, 5, 6, 7, 8]
    box.close()
    box = Outbox(path, "k", max_events=5)  # the count survives a restart
    assert box.dropped() == 3 and box.depth() == 5


def test_acknowledged_events_are_deleted_and_pending_skips_sent(tmp_path):
    box = Outbox(tmp_path / "o.sqlite", "k")
    events = [box.record("textsize.change", None, level=1) for _ in range(4)]
    assert [e.seq for e in box.pending(after_seq=2)] == [3, 4]
    assert box.delete([events[0].id, events[2].id, "not-an-id"]) == 2
    assert [e.seq for e in box.pending()] == [2, 4] and box.depth() == 2


def test_connection_counter_grows_across_restarts(tmp_path):
    box = Outbox(tmp_path / "o.sqlite", "k")
    assert [box.next_connection(), box.next_connection()] == [1, 2]
    box.close()
    assert Outbox(tmp_path / "o.sqlite", "k").next_connection() == 3


def test_two_processes_on_one_outbox_never_reuse_a_sequence_number(tmp_path):
    # a second copy of a kiosk started by mistake shares the file: both keep recording, and
    # every event is kept under its own number
    path = tmp_path / "outbox.sqlite"
    first, second = Outbox(path, "k"), Outbox(path, "k")
    for level in range(5):
        first.record("textsize.change", None, level=level % 3)
        second.record("textsize.change", None, level=level % 3)
    events = Outbox(path, "k").pending()
    assert [e.seq for e in events] == list(range(1, 11))


def test_a_failed_write_leaves_the_outbox_usable_and_loses_nothing_committed(tmp_path):
    # a full disk, simulated by capping the file's pages: the write that does not fit fails
    # clearly and is rolled back, and once there is room again recording carries on
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path, "k")
    pages = box._db.execute("PRAGMA page_count").fetchone()[0]
    box._db.execute(f"PRAGMA max_page_count={pages}")
    kept = []
    with pytest.raises(sqlite3.OperationalError, match="full"):
        for _ in range(10_000):
            kept.append(box.record("entry.open", "s", entry="x" * 200, via="tap").seq)
    box._db.execute("PRAGMA max_page_count=1000000")
    after = box.record("entry.open", "s", entry="y", via="tap")
    assert after.seq == len(kept) + 1
    assert [e.seq for e in box.pending(limit=20_000)] == [*kept, after.seq]
    assert box.depth() == len(kept) + 1
