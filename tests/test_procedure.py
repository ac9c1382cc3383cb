"""Procedure timelines for each of the five packs, with real dates across the 2025 and 2026 Spring Festival
and National Day holidays. Expected dates are counted by hand in the comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rongcuo_rules import get_pack, shipped_pack_names, timeline
from rongcuo_rules.cli import main
from rongcuo_rules.errors import InputError
from rongcuo_rules.procedure import load_events, render_timeline
from rongcuo_rules.workdays import OfficialCalendar, UnknownYear, load_year_schedule

from .conftest import FIXTURES, ROOT


def _row(t, step):  # type: ignore[no-untyped-def]
    s = t.step(step)
    return s.deadline, s.status


def test_shaoxing_across_2025_national_day() -> None:
    # 09-26 accepted; 30 working days: 09-28 (make-up Sunday) 1, 09-29 2, 09-30 3, 10-01..08 off,
    # 10-09 4, 10-10 5, 10-11 (make-up Saturday) 6, then 24 weekdays to 11-13.
    events = {"accountability_started": "2025-09-22", "application_accepted": "2025-09-26", "decision": "2025-11-07"}
    t = timeline(get_pack("shaoxing"), events, "2025-11-20")
    assert _row(t, "decision") == ("2025-11-13", "met")
    assert _row(t, "notify") == ("2025-11-18", "overdue")  # 11-07 + 7 working days, not told by 11-20
    assert t.step("notify").days_remaining == -2


def test_shaoxing_extension_and_earliest_start() -> None:
    events = {"motion": "2025-09-25", "application_accepted": "2025-09-26", "decision_extended": "2025-11-10"}
    t = timeline(get_pack("shaoxing"), events, "2025-11-20")
    s = t.step("decision")
    assert (s.starts, s.start_date) == ("motion", "2025-09-25")  # the earlier of motion and acceptance
    # 30 working days from 09-25 end on 11-12; +15 working days: 11-13..11-14, 11-17..21, 11-24..28, 12-01..03
    assert (s.deadline, s.extended_by, s.status) == ("2025-12-03", "15 个工作日", "pending")


def test_jinan_across_2026_spring_festival_and_month_end() -> None:
    # 02-12 started; 7 working days: 02-13 1, 02-14 (make-up Saturday) 2, 02-15..23 off, 02-24..27 3-6,
    # 02-28 (make-up Saturday) 7.
    events = {"accountability_started": "2026-02-12", "unit_notified": "2026-02-24",
              "investigation_started": "2026-01-31"}
    t = timeline(get_pack("jinan"), events, "2026-03-02")
    assert _row(t, "notify_unit") == ("2026-02-28", "met")
    # 02-24 + 5 working days: 02-25..27, 02-28 (make-up), 03-02
    assert _row(t, "preliminary_suggestion") == ("2026-03-02", "pending")
    # one month from 01-31: February has no 31st, so 02-28 — a make-up Saturday, a working day: no roll
    s = t.step("investigation")
    assert (s.deadline, s.rolled_forward, s.status) == ("2026-02-28", False, "overdue")


def test_jinan_month_period_ending_in_a_holiday_rolls_forward() -> None:
    t = timeline(get_pack("jinan"), {"decision": "2025-09-01"}, "2025-10-09")
    s = t.step("feedback")  # one month: 10-01, National Day; the next working day is 10-09
    assert (s.deadline, s.rolled_forward, s.status) == ("2025-10-09", True, "pending")


def test_jinan_investigation_extension_by_a_month() -> None:
    t = timeline(get_pack("jinan"), {"investigation_started": "2025-12-31", "investigation_extended": "2026-01-20"},
                 "2026-02-01")
    assert t.step("investigation").deadline == "2026-03-02"  # 01-31 is a Saturday → 02-02; +1 month → 03-02


def test_pingdingshan_across_2025_and_2026_national_day() -> None:
    # told 09-30; 7 working days: 10-09, 10-10, 10-11 (make-up), 10-13..16
    events = {"accountability_notified": "2025-09-30", "application_submitted": "2025-10-17",
              "decision": "2026-09-30"}
    t = timeline(get_pack("pingdingshan"), events, "2026-10-09")
    assert _row(t, "application") == ("2025-10-16", "late")
    # the written report the investigation ends with is not dated, but the decision of 2026-09-30 could not come
    # without it: done, implied (never "待形成书面调查报告")
    assert _row(t, "investigation") == (None, "done")
    assert next(s for s in t.steps if s.step == "investigation").implied_by == "decision"
    # 3 working days after 09-30: 10-01..07 off, 10-08, 10-09, 10-10 (make-up Saturday)
    assert _row(t, "feedback") == ("2026-10-10", "pending")


def test_changzhou_across_2025_spring_festival() -> None:
    # 01-24 started; 7 working days: 01-26 (make-up Sunday) 1, 01-27 2, 01-28..02-04 off, 02-05..07 3-5,
    # 02-08 (make-up Saturday) 6, 02-10 7.
    events = {"accountability_started": "2025-01-24", "application_submitted": "2025-02-10",
              "investigation_started": "2025-11-30", "decision": "2026-02-13", "publicity_started": "2026-02-13",
              "suspended": "2025-12-15"}
    t = timeline(get_pack("changzhou_edu"), events, "2026-02-25")
    assert _row(t, "application") == ("2025-02-10", "met")
    # 3 months from 11-30: 02-28, a make-up Saturday; the report is not dated, but the decision of 02-13 follows it
    # (第十条（三）): done, neither met nor late
    assert _row(t, "report") == ("2026-02-28", "done")
    # 7 working days of public notice from 02-13: 02-14 (make-up), 02-24..27, 02-28 (make-up) … 6 by 02-28
    assert _row(t, "publicity") == ("2026-03-02", "running")
    # 10 working days from 02-13: 02-14, 02-24..27, 02-28 (make-up), 03-02..05
    assert _row(t, "feedback") == ("2026-03-05", "pending")
    # a year of follow-up simply ends (a duration is not moved off a rest day, so 2027 needs no calendar)
    assert _row(t, "follow_up") == ("2027-02-13", "running")
    assert _row(t, "suspension") == ("2026-03-16", "met")  # 3 months from 12-15 = 03-15 (Sunday) → 03-16


def test_fuzhou_sets_no_periods() -> None:
    t = timeline("fuzhou", {"accountability_started": "2025-09-22", "application_submitted": "2025-09-22"},
                 "2025-10-20")
    assert [(s.step, s.status, s.deadline) for s in t.steps] == [
        ("application", "done", None), ("investigation", "no_period", None), ("feedback", "not_started", None)]


@pytest.mark.parametrize("name", shipped_pack_names())
def test_every_pack_declares_its_procedure_with_clauses(name: str) -> None:
    pack = get_pack(name)
    assert pack.procedure
    for step in pack.procedure:
        assert step.clause in pack.clauses


def test_unknown_year_fails_clearly_and_estimate_is_flagged() -> None:
    events = {"application_accepted": "2026-12-01"}
    with pytest.raises(UnknownYear) as exc:
        timeline(get_pack("shaoxing"), events, "2026-12-10")
    assert exc.value.params["year"] == 2027
    t = timeline(get_pack("shaoxing"), events, "2026-12-10", calendar=OfficialCalendar(estimate=True))
    assert t.estimated_years == [2027] and t.step("decision").estimated
    assert "估算" in render_timeline(t, get_pack("shaoxing"))


def test_one_calendar_serves_many_timelines_without_carrying_estimates_over() -> None:
    # the calendar once collected every estimated year it had ever answered for, so a later timeline wholly
    # inside known years still reported 2027 as estimated
    cal = OfficialCalendar(estimate=True)
    first = timeline(get_pack("shaoxing"), {"application_accepted": "2026-12-01"}, "2026-12-10", calendar=cal)
    second = timeline(get_pack("shaoxing"), {"application_accepted": "2025-09-26"}, "2025-11-20", calendar=cal)
    assert first.estimated_years == [2027]
    assert second.estimated_years == [] and not any(s.estimated for s in second.steps)


def test_user_added_year() -> None:
    cal = OfficialCalendar()
    cal.add_year(load_year_schedule(FIXTURES / "calendar" / "2027_invented.yaml"))
    t = timeline(get_pack("shaoxing"), {"decision": "2026-12-30"}, "2027-01-04", calendar=cal)
    # 12-31 1, (01-01 off in the added schedule, weekend), 01-04 2, 01-05..08 3-6, 01-11 7
    assert (t.step("notify").deadline, t.step("notify").estimated) == ("2027-01-11", False)


def test_events_after_the_as_of_date_are_refused() -> None:
    with pytest.raises(InputError) as exc:
        timeline(get_pack("shaoxing"), {"decision": "2025-11-07"}, "2025-11-01")
    assert exc.value.code == "timeline.after_as_of"


@pytest.mark.parametrize(("name", "code", "needle"), [
    ("unknown_event.yaml", "event.unknown", "decision"), ("bad_date.yaml", "yaml.bad_scalar", "2025-13-01"),
    ("bad_date_string.yaml", "timeline.bad_date", "2025-11-31"), ("no_events.yaml", "timeline.no_events", ""),
])
def test_bad_events_files(name: str, code: str, needle: str) -> None:
    with pytest.raises(InputError) as exc:
        load_events(FIXTURES / "events" / name)
    assert exc.value.code == code and needle in str(exc.value)


def test_cli_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    example = ROOT / "examples" / "shaoxing_timeline_national_day.yaml"
    assert main(["timeline", "--pack", "shaoxing", str(example), "--as-of", "2025-11-20", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(s["step"], s["deadline"], s["status"]) for s in data["steps"]] == [
        ("decision", "2025-11-13", "met"), ("notify", "2025-11-18", "overdue")]
    assert main(["timeline", "--pack", "shaoxing", str(example), "--as-of", "2025-11-20", "--lang", "en"]) == 0
    assert "[overdue] [Article 6]" in capsys.readouterr().out


def test_cli_unknown_year_exits_2_and_calendar_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = tmp_path / "e.yaml"
    events.write_text("events:\n  decision: 2026-12-30\n", encoding="utf-8")
    assert main(["timeline", "--pack", "shaoxing", str(events), "--as-of", "2027-01-04"]) == 2
    assert "2027" in capsys.readouterr().err
    cal = FIXTURES / "calendar" / "2027_invented.yaml"
    assert main(["timeline", "--pack", "shaoxing", str(events), "--as-of", "2027-01-04", "--calendar", str(cal)]) == 0
    assert "2027-01-11" in capsys.readouterr().out
    assert main(["timeline", "--pack", "shaoxing", str(events), "--as-of", "2027-01-04", "--estimate"]) == 0
    assert "估算" in capsys.readouterr().out
    assert main(["timeline", "--pack", "shaoxing", str(FIXTURES / "events" / "bad_date.yaml")]) == 2


def test_an_event_a_later_one_implies_is_not_awaited() -> None:
    """抚州's steps end on the application, the investigation and the feedback; a file that dates only the
    acceptance and the decision shows the first two happened (an accepted application was made; a decision
    follows the investigation) — never "待提出容错申请" — and still awaits the feedback."""
    from rongcuo_rules.procedure import render_timeline, timeline

    result = timeline("fuzhou", {"application_accepted": "2025-03-03", "decision": "2025-03-20"}, "2025-04-01")
    by_step = {s.step: s for s in result.steps}
    assert (by_step["application"].status, by_step["application"].implied_by) == ("done", "application_accepted")
    assert (by_step["investigation"].status, by_step["investigation"].implied_by) == ("done", "decision")
    assert by_step["feedback"].implied_by is None and by_step["feedback"].status == "no_period"
    text = render_timeline(result, get_pack("fuzhou"))
    assert "待提出容错申请" not in text and "待调查完成" not in text and "待反馈认定结果" in text
    assert "已完成（由“受理容错申请”推知，文件未记日期）" in text
    # a deadline step whose end is implied is done, neither met nor late nor overdue
    sx = timeline("shaoxing", {"application_accepted": "2025-09-26", "decision_notified": "2025-12-01"}, "2026-03-01")
    decided = next(s for s in sx.steps if s.ends == "decision")
    assert decided.status == "done" and decided.implied_by == "decision_notified"


def test_implications_follow_the_chain_and_never_start_a_step() -> None:
    from rongcuo_rules.events import implied_by

    # feedback → decision → completed investigation → started investigation
    assert implied_by("investigation_started", {"feedback": 1}) == "feedback"
    assert implied_by("report_submitted", {"decision": 1}) == "decision"
    assert implied_by("decision", {"publicity_started": 1}) is None  # a proposed decision may be published first
    # 济南: a tolerance decision (第十五条) comes after the tolerance investigation (第十三条) — without a preliminary
    # suggestion there is neither (第十二条第三款) — so a dated decision shows the investigation was made
    t = timeline("jinan", {"accountability_started": "2025-03-03", "decision": "2025-05-06"}, "2025-06-01")
    investigation = next(s for s in t.steps if s.ends == "investigation_completed")
    assert (investigation.status, investigation.implied_by) == ("done", "decision")
    # a step whose start nothing shows stays not started: no preliminary suggestion is implied by a decision
    suggestion = next(s for s in t.steps if s.ends == "preliminary_suggestion")
    assert suggestion.status == "not_started" and suggestion.implied_by is None
