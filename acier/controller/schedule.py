"""Opening hours: when the central controller wakes the kiosks and when it puts them to sleep.

The hours live in the site YAML under `hours:`. The controller wakes every device at opening,
sends it to sleep at closing, and gives a device that reconnects the state the schedule wants
now (`wanted_state`). A site without `hours:` never sends sleep or wake: its kiosks stay awake.

```yaml
hours:
  timezone: Europe/Paris          # IANA name; default Europe/Paris
  weekly:                          # a day left out is closed all day
    mon: closed
    tue: "09:30-17:30"
    wed: ["09:30-12:30", "13:30-17:30"]   # several ranges a day (lunch break)
    thu: "09:30-17:30"
    fri: ["09:30-17:30", "20:00-02:00"]   # crosses midnight: open until 02:00 on Saturday
    sat: "10:00-24:00"                    # 24:00 is midnight at the end of the day
    sun: "00:00-18:00"
  exceptions:                      # replace the weekly hours of one date
    - date: 2026-12-25
      closed: true
      note: Noël
    - date: 2026-05-16
      hours: "10:00-23:59"         # several ranges allowed here too
      note: Nuit européenne des musées
    - date: 2026-12-24
      hours: ["10:00-16:00"]
```

Rules:
- A range is "HH:MM-HH:MM" (two digits each, quotes recommended): opening included, closing
  excluded, so "09:30-17:30" is open at 09:30:00 and closed at 17:30:00.
- "24:00" is allowed as a closing time only. A closing time earlier than the opening time
  ("20:00-02:00") means the range crosses midnight and ends the next day.
- A range belongs to the day it starts on: a Friday "20:00-02:00" still runs until 02:00 on a
  Saturday that is closed by an exception, and ranges that touch or overlap across midnight
  simply join up (open at the end of one day and the start of the next is one opening).
- Ranges of one day must not overlap, and opening and closing must differ.
- An exception has exactly one of `closed: true` or `hours:`; a date appears at most once.
- Times are local wall-clock times in `timezone`. On the spring-forward day a time that does
  not exist (02:30 in Paris on 2026-03-29) happens at the first instant after the gap (03:00);
  on the fall-back day a time that occurs twice (02:30 on 2026-10-25) means the first one.

The functions are pure: they take the hours and an instant, so they are trivial to test and the
controller can ask at any time after a restart or a reconnection.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    field_validator,
    model_validator,
)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Keys of `weekly`, in `date.weekday()` order."""

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
State = Literal["awake", "asleep"]

_DAY = 24 * 60
_HORIZON = dt.timedelta(days=400)
_RANGE = re.compile(r"([0-9]{2}):([0-9]{2})\s*-\s*([0-9]{2}):([0-9]{2})")


@dataclass(frozen=True, order=True)
class TimeRange:
    """One opening of a day, in minutes after local midnight.

    `end` is at most 1440 (24:00); `end <= start` means the range ends on the next day.
    """

    start: int
    end: int

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_QUOTE_HINT = ' (write times in quotes, like "09:30-17:30")'


def _sexagesimal(value: Any) -> bool:
    """YAML 1.1 reads an unquoted 17:30 as the number 1050: say to quote it."""
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_range(text: Any) -> TimeRange:
    if not isinstance(text, str):
        hint = _QUOTE_HINT if _sexagesimal(text) else ""
        raise ValueError(f"{text!r} is not a time range like 09:30-17:30{hint}")
    match = _RANGE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a time range like 09:30-17:30")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hour, minute in ((h1, m1), (h2, m2)):
        if minute > 59 or hour > 24 or (hour == 24 and minute != 0):
            raise ValueError(f"{text!r}: {hour:02d}:{minute:02d} is not a valid time")
    if h1 == 24:
        raise ValueError(f"{text!r} opens at 24:00; opening times go from 00:00 to 23:59")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if start == end:
        raise ValueError(f"{text!r} opens and closes at the same time; use 00:00-24:00 for all day")
    return TimeRange(start, end)


def _parse_day(value: Any) -> tuple[TimeRange, ...]:
    """'closed', one range or a list of ranges, checked so that a day never double-counts."""
    if isinstance(value, tuple) and all(isinstance(r, TimeRange) for r in value):
        return value  # already parsed (model_copy, revalidation)
    if value is None:
        raise ValueError("no hours given: write closed, a range like 09:30-17:30 or a list")
    if isinstance(value, str) and value.strip().lower() == "closed":
        return ()
    if isinstance(value, str):
        ranges = [_parse_range(value)]
    elif isinstance(value, list):
        ranges = [_parse_range(item) for item in value]
    else:
        hint = _QUOTE_HINT if _sexagesimal(value) else ""
        raise ValueError(
            f"{value!r} is not closed, a time range like 09:30-17:30 or a list of them{hint}"
        )
    ranges.sort()
    for before, after in itertools.pairwise(ranges):
        before_end = before.end + _DAY if before.overnight else before.end
        if after.start < before_end:
            raise ValueError(f"time ranges {before} and {after} overlap")
    return tuple(ranges)


def _dump_day(ranges: tuple[TimeRange, ...]) -> str | list[str]:
    return [str(r) for r in ranges] if ranges else "closed"


DayHours = Annotated[
    tuple[TimeRange, ...],
    PlainValidator(_parse_day),
    PlainSerializer(_dump_day),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "examples": ["closed", "09:30-17:30"]},
                {"type": "array", "items": {"type": "string"}},
            ]
        }
    ),
]
"""A day's ranges as written in YAML: `closed`, "09:30-17:30" or a list of ranges."""


class HoursException(BaseModel):
    """Different hours on one date (holiday closure, late opening), replacing the weekly ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    closed: bool = False
    hours: DayHours | None = None
    note: str = ""

    @model_validator(mode="after")
    def _closed_or_hours(self) -> HoursException:
        if self.closed and self.hours is not None:
            raise ValueError("an exception takes either closed: true or hours, not both")
        if not self.closed and self.hours is None:
            raise ValueError("an exception needs closed: true or hours like 10:00-16:00")
        return self

    @property
    def ranges(self) -> tuple[TimeRange, ...]:
        return self.hours or ()


class OpeningHours(BaseModel):
    """The `hours:` section of the site YAML; see the module docstring for the format."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "Europe/Paris"
    weekly: dict[Weekday, DayHours] = Field(default_factory=dict)
    exceptions: list[HoursException] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, name: str) -> str:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(f"unknown timezone {name!r}{_timezone_hint(name)}") from None
        return name

    @field_validator("weekly", mode="before")
    @classmethod
    def _known_weekdays(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key in value:
                if key not in WEEKDAYS:
                    hint = _weekday_hint(key)
                    raise ValueError(f"unknown weekday {key!r}{hint}; use {', '.join(WEEKDAYS)}")
        return value

    @field_validator("exceptions")
    @classmethod
    def _one_exception_per_date(cls, exceptions: list[HoursException]) -> list[HoursException]:
        seen: set[dt.date] = set()
        for exception in exceptions:
            if exception.date in seen:
                raise ValueError(f"{exception.date.isoformat()} is listed twice in exceptions")
            seen.add(exception.date)
        return exceptions

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_FRENCH_DAYS = dict(zip(("lun", "mar", "mer", "jeu", "ven", "sam", "dim"), WEEKDAYS, strict=True))


def _weekday_hint(key: object) -> str:
    """A "did you mean" for full names (monday) and for French ones (lundi, lun.)."""
    text = str(key).strip().lower()
    guess = _FRENCH_DAYS.get(text[:3]) if len(text) >= 3 else None
    if text[:3] in WEEKDAYS:
        guess = text[:3]
    return f" (did you mean {guess!r}?)" if guess else ""


def _timezone_hint(name: str) -> str:
    known = available_timezones()
    by_lower = {zone.lower(): zone for zone in known}
    close = [by_lower[name.lower()]] if name.lower() in by_lower else []
    close = close or difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else "; use an IANA name like Europe/Paris"


def is_open(hours: OpeningHours, when: dt.datetime) -> bool:
    """Whether the site is open at the aware instant `when` (opening included, closing not)."""
    return _Plan(hours).is_open(_utc(when))


def next_change(hours: OpeningHours, when: dt.datetime) -> dt.datetime | None:
    """The first instant strictly after `when` at which `is_open` flips, in the hours' timezone.

    The controller sleeps until then. None if nothing changes within 400 days (always closed,
    always open). Walks day by day over the few candidate boundaries, never minute by minute.
    Across a DST change Python's arithmetic on it is wall-clock (same zone) and `==` with
    another zone is False in the fall-back hour: compute delays with `.timestamp()` or after
    `.astimezone(UTC)`.
    """
    plan = _Plan(hours)
    now = _utc(when)
    limit = now + _HORIZON
    state = plan.is_open(now)
    day = now.astimezone(plan.tz).date() - dt.timedelta(days=1)  # yesterday may run past midnight
    pending: list[dt.datetime] = []
    while True:
        for start, end in plan.intervals(day):
            pending += [t for t in (start, end) if now < t <= limit]
        # Later days' boundaries are all at or after their own midnight: those before it are known.
        horizon = _instant(day + dt.timedelta(days=1), 0, plan.tz)
        pending.sort()
        while pending and pending[0] < horizon:
            candidate = pending.pop(0)
            if plan.is_open(candidate) != state:
                return candidate.astimezone(plan.tz)
        if horizon > limit:
            return None
        day += dt.timedelta(days=1)


def wanted_state(hours: OpeningHours | None, when: dt.datetime) -> State:
    """What a kiosk should be doing at `when`; a site without hours never sleeps."""
    if hours is None or is_open(hours, when):
        return "awake"
    return "asleep"


def _utc(when: dt.datetime) -> dt.datetime:
    # Aware datetimes sharing a tzinfo compare by wall clock and ignore fold: compare in UTC.
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{when!r} has no timezone; pass an aware datetime")
    return when.astimezone(dt.UTC)


def _instant(day: dt.date, minute: int, tz: ZoneInfo) -> dt.datetime:
    """The UTC instant of a local wall-clock time: fold=0 if it occurs twice, gap end if never."""
    if minute >= _DAY:
        day, minute = day + dt.timedelta(days=1), minute - _DAY
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    first = naive.replace(tzinfo=tz).astimezone(dt.UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first
    # In a spring-forward gap: fold=0 and fold=1 land on either side of the transition; find it
    # to the second (tzdata transitions are on whole seconds).
    other = naive.replace(tzinfo=tz, fold=1).astimezone(dt.UTC)
    lo, hi = min(first, other), max(first, other)
    while hi - lo > dt.timedelta(seconds=1):
        mid = lo + dt.timedelta(seconds=(hi - lo).total_seconds() // 2)
        if mid.astimezone(tz).replace(tzinfo=None) > naive:
            hi = mid
        else:
            lo = mid
    return hi


class _Plan:
    """The hours prepared for repeated questions: weekday table, exception index, day cache."""

    def __init__(self, hours: OpeningHours) -> None:
        self.tz = hours.zone
        self.weekly = [hours.weekly.get(name, ()) for name in WEEKDAYS]
        self.exceptions = {e.date: e.ranges for e in hours.exceptions}
        self._intervals: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = {}

    def ranges(self, day: dt.date) -> tuple[TimeRange, ...]:
        if day in self.exceptions:
            return self.exceptions[day]
        return self.weekly[day.weekday()]

    def intervals(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The day's ranges as [start, end) UTC instants; empty ones (inside a gap) dropped."""
        if day not in self._intervals:
            spans = []
            for r in self.ranges(day):
                start = _instant(day, r.start, self.tz)
                end = _instant(day, r.end + _DAY if r.overnight else r.end, self.tz)
                if start < end:
                    spans.append((start, end))
            self._intervals[day] = spans
        return self._intervals[day]

    def is_open(self, instant: dt.datetime) -> bool:
        today = instant.astimezone(self.tz).date()
        return any(
            start <= instant < end
            for offset in (-1, 0, 1)
            for start, end in self.intervals(today + dt.timedelta(days=offset))
        )
