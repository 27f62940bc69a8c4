"""Interaction events: the schema every device writes to its outbox and the controller stores.

One event is one thing a visitor did. The envelope is the same for every type; the payload of
each type has its own model, so a malformed event is refused where it is made, not downstream.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Seconds = Annotated[float, Field(ge=0.0)]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SessionStart(_Payload):
    language: Lang


class SessionEnd(_Payload):
    dwell_s: Seconds
    reason: Literal["idle", "shutdown", "sleep"]


class EntryOpen(_Payload):
    entry: str
    via: Literal["tap", "swipe", "arrow", "command"]


class EntryClose(_Payload):
    entry: str
    dwell_s: Seconds


class VideoStart(_Payload):
    entry: str


class VideoEnd(_Payload):
    entry: str
    watched_fraction: Fraction
    reason: Literal["ended", "closed", "error", "idle"]


class LanguageChange(_Payload):
    from_language: Lang
    to_language: Lang


class TextSizeChange(_Payload):
    level: Annotated[int, Field(ge=0, le=2)]


PAYLOADS: dict[str, type[_Payload]] = {
    "session.start": SessionStart,
    "session.end": SessionEnd,
    "entry.open": EntryOpen,
    "entry.close": EntryClose,
    "video.start": VideoStart,
    "video.end": VideoEnd,
    "language.change": LanguageChange,
    "textsize.change": TextSizeChange,
}


class Event(BaseModel):
    """The envelope: ids are time-ordered (UUIDv7) so the store sorts and dedupes on them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    v: Literal[1] = SCHEMA_VERSION
    # ids and sessions are UUIDs; the patterns also keep out control characters (PostgreSQL
    # refuses a NUL in text, which would stall every commit)
    id: Annotated[str, Field(pattern=r"^[0-9A-Za-z-]{1,36}$")]
    device: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
    seq: int = Field(ge=1, le=2**62)
    ts: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    session: Annotated[str, Field(pattern=r"^[0-9A-Za-z._-]{1,64}$")] | None
    type: Annotated[str, Field(pattern=r"^[a-z0-9._-]{1,64}$")]
    data: dict


def uuid7() -> str:
    """A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | rand & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))


def validate_payload(event_type: str, data: dict) -> dict:
    """Check a payload against its type's model; raises ValueError for an unknown type."""
    model = PAYLOADS.get(event_type)
    if model is None:
        raise ValueError(f"unknown event type {event_type!r}")
    return model.model_validate(data).model_dump()
