import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import yaml
from pydantic import ValidationError

from acier.controller.schedule import (
    OpeningHours,
    TimeRange,
    is_open,
    next_change,
    wanted_state,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC

SITE = """
hours:
  timezone: Europe/Paris
  weekly:
    mon: closed
    tue: "09:30-17:30"
    wed: ["09:30-12:30", "13:30-17:30"]
    thu: "09:30-17:30"
    fri: "09:30-17:30"
    sat: "10:00-18:00"
    sun: "10:00-18:00"
  exceptions:
    - date: 2026-12-25
      closed: true
      note: Noël
    - date: 2026-05-16
      hours: "10:00-23:59"
      note: Nuit européenne des musées
    - date: 2026-12-24
      hours: ["10:00-16:00"]
"""


def load(text: str) -> OpeningHours:
    return OpeningHours.model_validate(yaml.safe_load(text)["hours"])


def weekly(**days: object) -> OpeningHours:
    return OpeningHours.model_validate({"weekly": days})


def paris(*args: int, fold: int = 0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS, fold=fold)


@pytest.fixture(scope="module")
def site() -> OpeningHours:
    return load(SITE)


def test_site_yaml_parses(site):
    assert site.timezone == "Europe/Paris"
    assert site.weekly["mon"] == ()
    assert site.weekly["wed"] == (TimeRange(570, 750), TimeRange(810, 1050))
    assert [str(r) for r in site.weekly["wed"]] == ["09:30-12:30", "13:30-17:30"]
    assert site.exceptions[0].date == dt.date(2026, 12, 25)
    assert site.exceptions[0].note == "Noël"
    assert OpeningHours.model_validate(site.model_dump()) == site
    assert OpeningHours.model_validate(site.model_dump(mode="json")) == site


def test_default_is_paris_and_closed_every_day():
    hours = OpeningHours()
    assert hours.timezone == "Europe/Paris"
    assert not is_open(hours, paris(2026, 6, 10, 12))
    assert next_change(hours, paris(2026, 6, 10, 12)) is None


def test_frozen(site):
    with pytest.raises(ValidationError):
        site.timezone = "UTC"


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (paris(2026, 6, 9, 9, 29, 59), False),  # Tuesday, before opening
        (paris(2026, 6, 9, 9, 30), True),  # opening is included
        (paris(2026, 6, 9, 17, 29, 59), True),
        (paris(2026, 6, 9, 17, 30), False),  # closing is excluded
        (paris(2026, 6, 10, 12, 29), True),  # Wednesday lunch break
        (paris(2026, 6, 10, 12, 30), False),
        (paris(2026, 6, 10, 13, 29), False),
        (paris(2026, 6, 10, 13, 30), True),
        (paris(2026, 6, 8, 12), False),  # Monday closed
        (paris(2026, 6, 14, 17, 59), True),  # Sunday
    ],
)
def test_open_at_boundaries(site, when, expected):
    assert is_open(site, when) is expected


def test_when_in_another_timezone_is_converted(site):
    assert is_open(site, dt.datetime(2026, 6, 9, 7, 30, tzinfo=UTC))  # 09:30 in Paris
    assert not is_open(site, dt.datetime(2026, 6, 9, 7, 29, tzinfo=UTC))


def test_naive_datetime_is_refused(site):
    with pytest.raises(ValueError, match="no timezone"):
        is_open(site, dt.datetime(2026, 6, 9, 12))


def test_exceptions_replace_the_weekly_hours(site):
    assert not is_open(site, paris(2026, 12, 25, 12))  # Christmas, a Friday
    assert is_open(site, paris(2026, 12, 24, 15, 59))  # Christmas Eve, a Thursday
    assert not is_open(site, paris(2026, 12, 24, 16))
    assert is_open(site, paris(2026, 5, 16, 22))  # Nuit des musées, a Saturday
    assert not is_open(site, paris(2026, 5, 16, 23, 59))
    assert not is_open(site, paris(2026, 5, 23, 22))  # the next Saturday is ordinary
    assert next_change(site, paris(2026, 12, 24, 12)) == paris(2026, 12, 24, 16)
    assert next_change(site, paris(2026, 12, 24, 16)) == paris(2026, 12, 26, 10)


def test_overnight_range_ends_the_next_day():
    hours = weekly(fri="20:00-02:00")
    assert not is_open(hours, paris(2026, 6, 12, 19, 59))
    assert is_open(hours, paris(2026, 6, 12, 23, 30))
    assert is_open(hours, paris(2026, 6, 13, 1, 59))
    assert not is_open(hours, paris(2026, 6, 13, 2))
    assert not is_open(hours, paris(2026, 6, 11, 1))  # nothing spills from Thursday
    assert next_change(hours, paris(2026, 6, 12, 21)) == paris(2026, 6, 13, 2)
    assert next_change(hours, paris(2026, 6, 13, 2)) == paris(2026, 6, 19, 20)


def test_overnight_range_belongs_to_the_day_it_starts():
    hours = OpeningHours.model_validate(
        {
            "weekly": {"fri": "20:00-02:00", "sat": "10:00-18:00"},
            "exceptions": [{"date": "2026-06-13", "closed": True}],
        }
    )
    assert is_open(hours, paris(2026, 6, 13, 1))
    assert not is_open(hours, paris(2026, 6, 13, 12))


def test_end_at_24_00_is_midnight():
    hours = weekly(sat="18:00-24:00")
    assert is_open(hours, paris(2026, 6, 13, 23, 59, 59))
    assert not is_open(hours, paris(2026, 6, 14, 0))
    assert next_change(hours, paris(2026, 6, 13, 20)) == paris(2026, 6, 14, 0)


def test_opening_across_midnight_is_one_opening():
    hours = weekly(sat="18:00-24:00", sun="00:00-02:00")
    assert is_open(hours, paris(2026, 6, 14, 0))
    assert next_change(hours, paris(2026, 6, 13, 20)) == paris(2026, 6, 14, 2)


def test_next_change_across_a_closed_weekend():
    hours = weekly(mon="09:00-17:00", tue="09:00-17:00", fri="09:00-17:00")
    assert next_change(hours, paris(2026, 6, 12, 12)) == paris(2026, 6, 12, 17)
    assert next_change(hours, paris(2026, 6, 12, 17)) == paris(2026, 6, 15, 9)  # strictly after
    assert next_change(hours, paris(2026, 6, 13, 12)) == paris(2026, 6, 15, 9)


def test_next_change_is_in_the_hours_timezone():
    hours = weekly(mon="09:00-17:00")
    change = next_change(hours, dt.datetime(2026, 6, 13, tzinfo=UTC))
    assert change.tzinfo is PARIS
    assert change.utcoffset() == dt.timedelta(hours=2)
    assert change == dt.datetime(2026, 6, 15, 7, tzinfo=UTC)


def test_next_change_across_spring_forward():
    # Europe/Paris 2026-03-29 (Sunday): 02:00 CET jumps to 03:00 CEST.
    hours = weekly(fri="09:00-17:00", mon="09:00-17:00")
    change = next_change(hours, paris(2026, 3, 27, 17))
    assert change == dt.datetime(2026, 3, 30, 7, tzinfo=UTC)  # 09:00 CEST
    assert (change.hour, change.utcoffset()) == (9, dt.timedelta(hours=2))


def test_opening_in_the_spring_forward_gap_happens_at_the_gap_end():
    hours = weekly(sat="22:00-01:00", sun="02:30-05:00")
    assert not is_open(hours, paris(2026, 3, 29, 1, 59, 59))
    assert is_open(hours, dt.datetime(2026, 3, 29, 1, tzinfo=UTC))  # 03:00 CEST
    opening = next_change(hours, paris(2026, 3, 29, 1, 30))
    assert opening == dt.datetime(2026, 3, 29, 1, tzinfo=UTC)
    assert (opening.hour, opening.minute) == (3, 0)
    assert next_change(hours, opening) == paris(2026, 3, 29, 5)


def test_range_inside_the_gap_never_opens():
    hours = weekly(sun="02:00-02:45")
    assert next_change(hours, paris(2026, 3, 28)) == paris(2026, 4, 5, 2)


def test_fall_back_uses_the_first_occurrence():
    # Europe/Paris 2026-10-25 (Sunday): 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
    hours = weekly(sun="02:30-05:00")
    first, second = paris(2026, 10, 25, 2, 30), paris(2026, 10, 25, 2, 30, fold=1)
    assert first.utcoffset() == dt.timedelta(hours=2)
    assert is_open(hours, first)
    assert is_open(hours, second)
    assert not is_open(hours, paris(2026, 10, 25, 2, 29))
    opening = next_change(hours, paris(2026, 10, 24, 12))
    # Python never finds an ambiguous local time == an instant in another zone: compare in UTC.
    assert opening.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert (opening.hour, opening.minute, opening.fold) == (2, 30, 0)
    closing = next_change(hours, opening)
    assert closing.timestamp() - opening.timestamp() == 3.5 * 3600  # 05:00 CET
    assert closing - opening == dt.timedelta(hours=2, minutes=30)  # Python: same zone, wall clock
    assert closing == paris(2026, 10, 25, 5)


def test_closing_in_the_repeated_hour_uses_the_first_occurrence():
    hours = weekly(sat="22:00-02:30")
    assert is_open(hours, paris(2026, 10, 25, 2, 15))  # first 02:15 (CEST)
    assert not is_open(hours, paris(2026, 10, 25, 2, 15, fold=1))  # second 02:15 (CET)
    closing = next_change(hours, paris(2026, 10, 24, 23))
    assert closing.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_next_change_walks_a_year_consistently(site):
    """Follow every change for a year and sample in between: nothing missed, every one flips."""
    when = paris(2026, 1, 1)
    state = is_open(site, when)
    end = paris(2027, 1, 1)
    changes = 0
    while when < end:
        change = next_change(site, when)
        assert change is not None and change > when
        assert is_open(site, change) is not state
        assert is_open(site, change - dt.timedelta(seconds=1)) is state
        step = max((change - when) / 7, dt.timedelta(minutes=1))
        probe = when + step
        while probe < change:
            assert is_open(site, probe) is state
            probe += step
        when, state = change, not state
        changes += 1
    assert 700 < changes < 750  # about 14 a week


@pytest.mark.parametrize(
    "days",
    [{}, {day: "00:00-24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}],
)
def test_next_change_none_when_nothing_ever_changes(days):
    assert next_change(weekly(**days), paris(2026, 3, 1)) is None


def test_next_change_beyond_400_days_is_none():
    hours = OpeningHours.model_validate(
        {"exceptions": [{"date": "2028-01-01", "hours": "10:00-12:00"}]}
    )
    assert next_change(hours, paris(2026, 11, 1)) is None
    assert next_change(hours, paris(2027, 6, 1)) == paris(2028, 1, 1, 10)


def test_wanted_state(site):
    assert wanted_state(None, paris(2026, 6, 8, 3)) == "awake"
    assert wanted_state(site, paris(2026, 6, 9, 12)) == "awake"
    assert wanted_state(site, paris(2026, 6, 8, 12)) == "asleep"


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ('weekly:\n  tue: "9:30-1730"', "'9:30-1730' is not a time range like 09:30-17:30"),
        ("weekly:\n  tue: 09:30 to 17:30", "is not a time range like 09:30-17:30"),
        ('weekly:\n  tue: "09:30-25:00"', "'09:30-25:00': 25:00 is not a valid time"),
        ('weekly:\n  tue: "09:60-17:00"', "09:60 is not a valid time"),
        ('weekly:\n  tue: "10:00-24:30"', "24:30 is not a valid time"),
        ('weekly:\n  tue: "24:00-02:00"', "opens at 24:00"),
        ('weekly:\n  tue: "10:00-10:00"', "opens and closes at the same time"),
        ("weekly:\n  tue: 17:30", 'write times in quotes, like "09:30-17:30"'),
        ("weekly:\n  tue:", "no hours given"),
        ("weekly:\n  tue: [closed]", "'closed' is not a time range"),
        (
            'weekly:\n  wed: ["09:30-12:30", "12:00-17:30"]',
            "time ranges 09:30-12:30 and 12:00-17:30 overlap",
        ),
        (
            'weekly:\n  fri: ["20:00-02:00", "23:00-23:30"]',
            "time ranges 20:00-02:00 and 23:00-23:30 overlap",
        ),
        ("weekly:\n  monday: closed", "unknown weekday 'monday' (did you mean 'mon'?)"),
        ("weekly:\n  lundi: closed", "unknown weekday 'lundi' (did you mean 'mon'?)"),
        ("weekly:\n  xyz: closed", "unknown weekday 'xyz'; use mon, tue, wed, thu, fri, sat, sun"),
        (
            "timezone: Europe/Pariss",
            "unknown timezone 'Europe/Pariss' (did you mean 'Europe/Paris'?)",
        ),
        ("timezone: Mars/Olympus", "unknown timezone 'Mars/Olympus'; use an IANA name"),
        (
            "exceptions:\n  - date: 2026-12-25\n    note: Noël",
            "an exception needs closed: true or hours",
        ),
        (
            "exceptions:\n  - date: 2026-12-25\n    closed: false",
            "an exception needs closed: true or hours",
        ),
        (
            'exceptions:\n  - date: 2026-12-25\n    closed: true\n    hours: "10:00-12:00"',
            "either closed: true or hours, not both",
        ),
        (
            "exceptions:\n  - date: 2026-12-25\n    closed: true\n"
            '  - date: 2026-12-25\n    hours: "10:00-12:00"',
            "2026-12-25 is listed twice in exceptions",
        ),
        ("exceptions:\n  - date: 2026-12-25\n    hours: 10-12", "'10-12' is not a time range"),
        ("timezone: UTC\nholidays: []", "Extra inputs are not permitted"),
    ],
)
def test_validation_errors_are_readable(section, message):
    text = "hours:\n" + "".join(f"  {line}\n" for line in section.splitlines())
    with pytest.raises(ValidationError) as info:
        load(text)
    assert message in str(info.value)


def test_error_location_points_at_the_day(site):
    with pytest.raises(ValidationError) as info:
        weekly(tue="09:30-17:30", wed="9:30-12:30")
    [error] = info.value.errors()
    assert error["loc"] == ("weekly", "wed")


def test_module_docstring_example_is_valid():
    from acier.controller import schedule

    example = schedule.__doc__.split("```yaml")[1].split("```")[0]
    hours = load(example)
    assert is_open(hours, paris(2026, 6, 13, 1, 30))  # Friday's 20:00-02:00
    assert is_open(hours, paris(2026, 6, 14, 0))  # Saturday 10:00-24:00 runs into Sunday 00:00
    assert next_change(hours, paris(2026, 6, 13, 12)) == paris(2026, 6, 14, 18)
