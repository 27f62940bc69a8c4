"""Fuzzing the controller's batch check: whatever arrives, nothing crashes, nothing is misfiled."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acier.controller.ingest import check_batch
from acier.protocol.events import Event, uuid7

DEVICE = "kiosk-1"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


def event(**change) -> dict:
    base = Event(
        id=uuid7(),
        device=DEVICE,
        seq=1,
        ts=1.7e9,
        session="s",
        type="textsize.change",
        data={"level": 1},
    )
    return json.loads(base.model_dump_json()) | change


def batch(*events, device=DEVICE, **extra) -> bytes:
    return json.dumps({"v": 1, "device": device, "events": list(events)} | extra).encode()


def test_a_good_batch_passes_whole():
    good, rejected = check_batch(DEVICE, batch(event(), event(seq=2)))
    assert len(good) == 2 and rejected == []


def test_each_bad_event_is_rejected_alone_with_its_reason():
    bad_payload = event(type="video.end", data={"entry": "x", "watched_fraction": 3})
    alien = event(device="kiosk-2")
    unknown = event(type="entry.teleport")
    good, rejected = check_batch(DEVICE, batch(event(), bad_payload, alien, unknown))
    assert len(good) == 1
    reasons = [r.reason for r in rejected]
    assert "video.end" in reasons[0] and "kiosk-2" in reasons[1]
    assert "unknown event type" in reasons[2]
    assert [r.event_id for r in rejected] == [bad_payload["id"], alien["id"], unknown["id"]]


def test_whole_batches_are_refused_for_version_shape_or_wrong_topic():
    for payload, words in [
        (b"\xff\x00", "not JSON"),
        (b"[]", "not a JSON object"),
        (json.dumps({"v": 2, "device": DEVICE, "events": []}).encode(), "unknown version"),
        (batch(event(), device="kiosk-2"), "on 'kiosk-1'"),
        (batch(event(seq=0)), "seq"),
        (batch(*[event(seq=i + 1) for i in range(1001)]), "events"),
    ]:
        good, rejected = check_batch(DEVICE, payload)
        assert good == [] and len(rejected) == 1 and words in rejected[0].reason, payload[:80]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(payload):
    good, rejected = check_batch(DEVICE, payload)
    assert good == [] and len(rejected) == 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "device", "seq", "ts", "session", "type", "data", "v", "x"]),
        json_values,
    ),
    st.sampled_from([DEVICE, "kiosk-2", ""]),
)
def test_mangled_events_are_stored_only_when_valid_and_only_for_their_device(change, claimed):
    payload = batch(event(**change), device=claimed)
    good, rejected = check_batch(DEVICE, payload)
    assert len(good) + len(rejected) >= 1
    for e in good:
        assert e.device == DEVICE
        assert isinstance(e.data, dict) and len(e.id) <= 36


def test_control_characters_in_ids_never_reach_the_store():
    for change in ({"id": "abc\u0000def"}, {"session": "s\u0000"}, {"type": "entry.open\n"}):
        good, rejected = check_batch(DEVICE, batch(event(**change)))
        assert good == [] and len(rejected) == 1, change
