"""Checking an event batch from a device: pure, so it is fuzzed without a broker.

A batch must parse, be version 1, name the device whose topic it came on, and every event in it
must belong to that device and carry a valid payload for its type. Good events go on to the
store; each bad one becomes a rejection with a reason, and never reaches the store.
"""

from __future__ import annotations

from dataclasses import dataclass

from acier.protocol.events import Event, validate_payload
from acier.protocol.fleet import BadMessage, EventBatch, decode


@dataclass(frozen=True)
class Rejection:
    reason: str
    event_id: str | None = None


def check_batch(device: str, payload: bytes) -> tuple[list[Event], list[Rejection]]:
    """(events to store, rejections) for one payload received on `device`'s events topic."""
    try:
        batch = decode(EventBatch, payload)
    except BadMessage as exc:
        return [], [Rejection(str(exc))]
    if batch.device != device:
        return [], [Rejection(f"a batch from {batch.device!r} on {device!r}'s topic")]
    good: list[Event] = []
    rejected: list[Rejection] = []
    for event in batch.events:
        if event.device != device:
            rejected.append(Rejection(f"event claims device {event.device!r}", event.id))
            continue
        try:
            validate_payload(event.type, event.data)
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            reason = f"{event.type}: {str(exc).splitlines()[0]}"
            rejected.append(Rejection(reason, event.id))
            continue
        good.append(event)
    return good, rejected
