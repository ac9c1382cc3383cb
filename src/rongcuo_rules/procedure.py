"""Procedure timelines: from the dates that have happened, every deadline that follows and its status.

Each pack declares its procedure steps (``procedure:`` in the pack file): the event(s) that start a
step's clock, its length in 工作日, days or months, an optional extension (and the event recording it),
and the event that meets it. :func:`timeline` applies them to a case's ``events`` — a mapping of event
names (:mod:`rongcuo_rules.events`) to dates — on the official calendar (:mod:`rongcuo_rules.workdays`).

A deadline step is ``met`` (done by the deadline), ``late`` (done after it), ``pending`` (not done, the
deadline not passed as of the given date) or ``overdue``; a duration step (公示七个工作日, 回访一年) is
``running`` or ``ended``. A step whose starting event has not happened is ``not_started``; one whose text
sets no period is ``no_period`` (or ``done`` once its event happened).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Location
from .events import EVENTS, event_label
from .textutil import iso_date, did_you_mean
from .wording import punct, text
from .pack import Pack, Period, ProcedureStep
from .workdays import OfficialCalendar, add_months
from .yamlio import Document, load_file


@dataclass(frozen=True)
class StepResult:
    step: str
    label: str
    clause: str
    clause_label: str
    kind: str
    status: str
    starts: str | None  # the event that started the clock
    start_date: str | None
    period: str | None  # as text, e.g. "30 个工作日"
    extended_by: str | None
    deadline: str | None  # a deadline step's last day, or a duration step's end
    ends: str | None
    done: str | None
    days_remaining: int | None  # calendar days from as_of to the deadline (negative: overdue by)
    rolled_forward: bool  # a days/months period ending on a rest day moved to the next working day
    estimated: bool  # the deadline rests on a weekends-only estimate for an unknown year
    applies: str | None
    interpretation: str | None
    #: the step's event was not dated, but a later event shows it happened (an addition to the JSON)
    implied_by: str | None = None


@dataclass
class Timeline:
    pack: str
    pack_version: str
    case_id: str | None
    as_of: str
    steps: list[StepResult]
    estimated_years: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"pack": self.pack, "pack_version": self.pack_version, "case_id": self.case_id, "as_of": self.as_of,
                "estimated_years": self.estimated_years, "steps": [asdict(s) for s in self.steps]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def step(self, step_id: str) -> StepResult:
        return next(s for s in self.steps if s.step == step_id)


# ── events ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Events:
    dates: dict[str, dt.date]
    case_id: str | None = None


def parse_events(doc: Document) -> Events:
    data = doc.data
    from .case import check_case_file

    check_case_file(data, doc, "events")
    raw = data["events"]
    dates: dict[str, dt.date] = {}
    for name, value in raw.items():
        if name not in EVENTS:
            raise InputError("event.unknown", doc.loc(("events", name), key=True), event=name,
                             hint=did_you_mean(str(name), EVENTS), allowed=", ".join(EVENTS))
        dates[name] = _date(value, doc, ("events", name))
    case_id = data.get("id")
    return Events(dates, None if case_id is None else str(case_id))


def _date(value: Any, doc: Document | None, path: tuple[Any, ...]) -> dt.date:
    day = iso_date(value)
    if day is None:  # 20251120, 2025-W47-4, a date with a time, a number: not YYYY-MM-DD
        raise InputError("timeline.bad_date", doc.loc(path) if doc else None, value=value)
    return day


def load_events(path: str | Path) -> Events:
    return parse_events(load_file(path, "events"))


# ── computing ──────────────────────────────────────────────────────────────


def _add(cal: OfficialCalendar, start: dt.date, period: Period, roll: bool = True) -> tuple[dt.date, bool]:
    """The last day of ``period`` from ``start`` (start day not counted), and whether it was moved off
    a rest day (deadlines only: a duration such as a year of follow-up simply ends)."""
    try:
        if period.unit == "working_days":
            return cal.add_working_days(start, period.n), False
        end = start + dt.timedelta(days=period.n) if period.unit == "days" else add_months(start, period.n)
        if not roll:
            return end, False
        moved = cal.next_workday_from(end)
    except (OverflowError, ValueError):  # past 9999-12-31, the last date there is
        raise InputError("timeline.out_of_range", date=start.isoformat(),
                         period_zh=_period_text(period, "zh"), period_en=_period_text(period, "en")) from None
    return moved, moved != end


def _period_text(p: Period | None, lang: str) -> str | None:
    return None if p is None else text("unit." + p.unit, lang, n=p.n)


def timeline(pack: Pack | str, events: Events | dict[str, Any], as_of: dt.date | str | None = None, *,
             calendar: OfficialCalendar | None = None, lang: str = "zh") -> Timeline:
    """Every procedure deadline of ``pack`` that follows from ``events``, with its status as of ``as_of``
    (default today). ``pack`` is a loaded pack or a shipped pack's name; ``events`` an :class:`Events` (see
    :func:`load_events`) or a mapping of event names to dates. Raises
    :class:`~rongcuo_rules.workdays.UnknownYear` for a date in a year the calendar does not know, unless the
    calendar was made with ``estimate=True`` (results then say so)."""
    if not isinstance(pack, Pack):
        from .pack import get_pack

        pack = get_pack(pack)
    if not isinstance(events, Events):
        events = Events({k: _check_event(k) and _date(v, None, ()) for k, v in events.items()})
    try:
        today = _date(as_of, None, ()) if as_of is not None else dt.date.today()
    except InputError as exc:
        raise InputError(exc.code, Location("as_of"), **exc.params) from None
    for name, d in events.dates.items():
        if d > today:
            raise InputError("timeline.after_as_of", event=name, date=d.isoformat(), as_of=today.isoformat())
    cal = calendar or OfficialCalendar()
    results = [_step(pack, s, events.dates, today, cal, lang) for s in pack.procedure]
    estimated = sorted({y for r in results if r.start_date and r.deadline
                        for y in range(int(r.start_date[:4]), int(r.deadline[:4]) + 1) if cal.estimated(y)})
    return Timeline(pack.name, pack.version, events.case_id, today.isoformat(), results, estimated)


def _check_event(name: str) -> bool:
    if name not in EVENTS:
        raise InputError("event.unknown", event=name, hint=did_you_mean(name, EVENTS), allowed=", ".join(EVENTS))
    return True


def _step(pack: Pack, s: ProcedureStep, dates: dict[str, dt.date], today: dt.date, cal: OfficialCalendar,
          lang: str) -> StepResult:
    started = [(dates[e], e) for e in s.starts if e in dates]
    start_date, start_event = min(started) if started else (None, None)
    done = dates.get(s.ends) if s.ends else None
    implied_by = None
    # not dated, but a later dated event shows it happened — for a step whose clock started (a step that never
    # started, such as an investigation no one opened, is not made "done" by a decision reached without it)
    if s.ends and done is None:
        from .events import implied_by as implied

        if start_date is not None or not s.starts or any(implied(e, dates) for e in s.starts):
            implied_by = implied(s.ends, dates)
    deadline: dt.date | None = None
    rolled = False
    extended_by = None
    if start_date is not None and s.period is not None:
        deadline, rolled = _add(cal, start_date, s.period, roll=s.kind == "deadline")
        if s.extension is not None and s.extension_event in dates:
            base = deadline
            if s.extension.unit == "working_days":
                deadline, rolled = cal.add_working_days(base, s.extension.n), False
            else:
                deadline, rolled = _add(cal, base, s.extension)
            extended_by = _period_text(s.extension, lang)
    if start_date is None:
        status = "done" if done or implied_by else "not_started"
    elif deadline is None:
        status = "done" if done or implied_by else "no_period"
    elif s.kind == "duration":
        status = "running" if today <= deadline else "ended"
    elif done is not None:
        status = "met" if done <= deadline else "late"
    elif implied_by is not None:  # it happened, on a day the file does not give: neither met nor late can be said
        status = "done"
    else:
        status = "pending" if today <= deadline else "overdue"
    estimated = bool(start_date and deadline and any(cal.estimated(y)
                                                     for y in range(start_date.year, deadline.year + 1)))
    clause = pack.clauses[s.clause]
    return StepResult(
        step=s.id, label=s.label.get(lang), clause=s.clause, clause_label=clause.label(lang), kind=s.kind,
        status=status, starts=start_event, start_date=start_date.isoformat() if start_date else None,
        period=_period_text(s.period, lang), extended_by=extended_by,
        deadline=deadline.isoformat() if deadline else None, ends=s.ends,
        done=done.isoformat() if done else None,
        days_remaining=(deadline - today).days if deadline and status in ("pending", "overdue", "running") else None,
        rolled_forward=rolled, estimated=estimated,
        applies=s.applies.get(lang) if s.applies else None,
        interpretation=s.interpretation.get(lang) if s.interpretation else None,
        implied_by=implied_by,
    )


# ── rendering ──────────────────────────────────────────────────────────────

_MARKS = {"met": "✔", "done": "✔", "late": "✘", "overdue": "✘", "pending": "…", "running": "…", "ended": "✔",
          "not_started": "·", "no_period": "·"}


def render_timeline(t: Timeline, pack: Pack, lang: str = "zh") -> str:
    p = punct(lang)
    sep = p.colon
    head = text("timeline.head", lang, title=pack.title.get(lang), pack=pack.name, as_of=t.as_of)
    lines = [head, "=" * 60]
    for s in t.steps:
        status = text("status." + s.status, lang)
        lines.append(f"{_MARKS[s.status]} [{status}] {p.cite(s.clause_label, s.label)}")
        parts = []
        if s.start_date and s.starts:
            parts.append(text("timeline.from", lang, event=event_label(s.starts, lang), date=s.start_date))
        if s.period:
            parts.append(s.period + (f" + {s.extended_by}{p.paren(text('timeline.extended', lang))}"
                                     if s.extended_by else ""))
        if s.deadline:
            parts.append(f"→ {s.deadline}")
        if parts:
            lines.append("    " + p.comma.join(parts[:-1]) + (" " if len(parts) > 1 else "") + parts[-1])
        if s.done:
            lines.append(f"    {text('timeline.done_on', lang)} {s.done}")
        elif s.implied_by:
            lines.append(f"    {text('timeline.implied', lang, event=event_label(s.implied_by, lang))}")
        elif s.ends and s.status in ("pending", "overdue", "no_period", "not_started"):
            lines.append(f"    {text('timeline.waiting', lang, event=event_label(s.ends, lang))}")
        if s.days_remaining is not None:
            key = "remaining" if s.days_remaining >= 0 else "over_by"
            lines.append(f"    {text('timeline.' + key, lang, n=abs(s.days_remaining))}")
        if s.rolled_forward:
            lines.append(f"    {text('timeline.rolled', lang)}")
        if s.applies:
            lines.append(f"    {text('timeline.applies', lang)}{sep}{s.applies}")
        if s.interpretation:
            lines.append(f"    {text('timeline.reading', lang)}{sep}{s.interpretation}")
        if s.estimated:
            lines.append(f"    ⚠ {text('timeline.estimated', lang, years=p.join(map(str, t.estimated_years)))}")
    return "\n".join(lines) + "\n"
