"""Working days on the official calendar, with real 2025/2026 dates around Spring Festival and National Day
(the State Council's notices; the make-up days are from ../shared/notes/working_days.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from rongcuo_rules.errors import InputError
from rongcuo_rules.workdays import OfficialCalendar, UnknownYear, add_months, load_year_schedule

from .conftest import FIXTURES

D = dt.date.fromisoformat
MAKE_UP = ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
           "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]


@pytest.mark.parametrize("day", MAKE_UP)
def test_make_up_weekend_days_are_working_days(day: str) -> None:
    assert D(day).weekday() >= 5
    assert OfficialCalendar().is_workday(D(day))


@pytest.mark.parametrize("day", ["2025-01-28", "2025-02-04", "2025-10-01", "2025-10-08", "2026-02-16",
                                 "2026-02-23", "2026-10-01", "2026-10-07"])
def test_statutory_holidays_on_weekdays_are_not(day: str) -> None:
    assert D(day).weekday() < 5
    assert not OfficialCalendar().is_workday(D(day))


@pytest.mark.parametrize(("start", "n", "end"), [
    ("2025-09-26", 3, "2025-09-30"),   # the make-up Sunday 09-28 counts
    ("2025-09-30", 1, "2025-10-09"),   # across National Day (10-01..10-08)
    ("2025-09-30", 3, "2025-10-11"),   # ... onto the make-up Saturday
    ("2026-02-13", 1, "2026-02-14"),   # Spring Festival eve: the make-up Saturday
    ("2026-02-13", 2, "2026-02-24"),   # then 02-15..02-23 off
    ("2025-01-24", 7, "2025-02-10"),   # 2025 Spring Festival, both make-up days counted
    ("2026-09-30", 3, "2026-10-10"),   # 2026 National Day, onto the make-up Saturday
    ("2025-12-31", 2, "2026-01-05"),   # across the new year: 01-01 holiday, 01-04 make-up Sunday
])
def test_adding_working_days_does_not_count_the_start_day(start: str, n: int, end: str) -> None:
    assert OfficialCalendar().add_working_days(D(start), n) == D(end)


@pytest.mark.parametrize(("start", "n", "end"), [
    ("2025-01-31", 1, "2025-02-28"), ("2024-01-31", 1, "2024-02-29"), ("2025-08-31", 1, "2025-09-30"),
    ("2025-11-30", 3, "2026-02-28"), ("2025-03-15", 12, "2026-03-15"), ("2025-12-31", 2, "2026-02-28"),
])
def test_month_periods_roll_a_missing_day_to_month_end(start: str, n: int, end: str) -> None:
    assert add_months(D(start), n) == D(end)


def test_unknown_year_is_an_explicit_error() -> None:
    with pytest.raises(UnknownYear) as exc:
        OfficialCalendar().add_working_days(D("2026-12-20"), 30)
    assert exc.value.code == "calendar.unknown_year" and exc.value.params["year"] == 2027
    assert "--calendar" in str(exc.value) and "--estimate" in str(exc.value)
    assert isinstance(exc.value, InputError)


def test_estimate_is_flagged() -> None:
    cal = OfficialCalendar(estimate=True)
    assert cal.add_working_days(D("2026-12-31"), 1) == D("2027-01-01")  # weekends only: not a holiday
    assert cal.estimated(2027) and not cal.estimated(2026)


def test_a_user_added_year_is_used() -> None:
    cal = OfficialCalendar()
    cal.add_year(load_year_schedule(FIXTURES / "calendar" / "2027_invented.yaml"))
    assert cal.add_working_days(D("2026-12-31"), 1) == D("2027-01-04")  # 01-01 off, then the weekend
    assert not cal.is_workday(D("2027-02-10"))  # a listed holiday range
    assert cal.is_workday(D("2027-02-20"))  # a listed make-up Saturday
    assert not cal.estimated(2027)


@pytest.mark.parametrize(("name", "code"), [
    ("bad_workday.yaml", "calendar.workday_not_weekend"), ("bad_range.yaml", "calendar.bad_date"),
    ("other_year.yaml", "calendar.other_year"),
])
def test_bad_schedule_files_are_bad_input(name: str, code: str) -> None:
    with pytest.raises(InputError) as exc:
        load_year_schedule(FIXTURES / "calendar" / name)
    assert exc.value.code == code and exc.value.location.line is not None
