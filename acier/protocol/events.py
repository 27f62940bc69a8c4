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
    reason: Literal["idle", "shutdown", "sleep", "selftest"]


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


Kilograms = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]
Percent = Annotated[float, Field(ge=0.0, le=100.0)]
Celsius = Annotated[float, Field(ge=-50.0, le=3000.0)]


class FurnaceCharge(_Payload):
    """A visitor charged one skip into the blast furnace."""

    material: Literal["ore", "coke", "limestone"]
    accepted: bool  # False when the throat was full


class FurnaceBlast(_Payload):
    """The hot blast settled at a new setting (after the visitor stopped turning)."""

    rate: Annotated[float, Field(ge=0.0, le=1.5)]  # fraction of nominal (the wheel stops at 150 %)
    temperature_c: Celsius


class FurnaceTap(_Payload):
    iron_kg: Kilograms
    slag_kg: Kilograms
    carbon_pct: Percent
    temperature_c: Celsius


class FurnaceProblem(_Payload):
    """A consequence of the recipe began: chilled, sticky slag, high fuel use, …"""

    problem: Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]


class FurnaceExplain(_Payload):
    """A visitor touched a zone or a material of the furnace to read what happens there."""

    topic: Annotated[str, Field(pattern=r"^(zone|material)\.[a-z_]{1,32}$")]


class ChallengeStart(_Payload):
    challenge: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,32}$")]


class ChallengeEnd(_Payload):
    challenge: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,32}$")]
    completed: bool
    score: Annotated[int, Field(ge=0, le=100)]
    stars: Annotated[int, Field(ge=0, le=3)]
    seconds: Seconds
    co2_per_t: Annotated[float, Field(ge=0.0, allow_inf_nan=False)] | None
    shift_problem: Literal["chilled", "unmelted"] | None = None
    """The first problem the run has not already paid for that the next shift would see on
    the group's burden; None when it keeps going, for a void or abandoned run (not checked),
    and in events from before the check."""


class AlloyCompose(_Payload):
    """The alloy on the lab's reader changed: its alloying elements in wt % and its family."""

    element: Annotated[str, Field(pattern=r"^[A-Z][a-z]?$")]
    change: Literal["add", "remove", "clear"]
    via: Literal["token", "key", "button", "touch"]
    composition: dict[Annotated[str, Field(pattern=r"^[A-Z][a-z]?$")], Percent]
    family: Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]


class AlloyTreat(_Payload):
    treatment: Literal["slow_cool", "air_cool", "quench", "quench_temper"]
    composition: dict[Annotated[str, Field(pattern=r"^[A-Z][a-z]?$")], Percent]
    structure: list[Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]]
    hardness_hv: tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(ge=0)]]
    grade: str | None  # the nearest real grade, if any


class Presence(_Payload):
    """Someone came near an exhibit (its PIR sensor), whether or not they touched anything."""

    input: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


PAYLOADS: dict[str, type[_Payload]] = {
    "session.start": SessionStart,
    "session.end": SessionEnd,
    "entry.open": EntryOpen,
    "entry.close": EntryClose,
    "video.start": VideoStart,
    "video.end": VideoEnd,
    "language.change": LanguageChange,
    "textsize.change": TextSizeChange,
    "presence": Presence,
    "furnace.charge": FurnaceCharge,
    "furnace.blast": FurnaceBlast,
    "furnace.tap": FurnaceTap,
    "furnace.problem": FurnaceProblem,
    "furnace.explain": FurnaceExplain,
    "challenge.start": ChallengeStart,
    "challenge.end": ChallengeEnd,
    "alloy.compose": AlloyCompose,
    "alloy.treat": AlloyTreat,
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
