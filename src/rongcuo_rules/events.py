"""The procedure events a case can date (the ``events`` section of a case file), zh and en.

Like the fact vocabulary, these names are shared by every pack: a pack's procedure steps say which event
starts each clock and which event meets it (:mod:`rongcuo_rules.procedure`).
"""

from __future__ import annotations

EVENTS: dict[str, tuple[str, str]] = {
    "accountability_started": ("问责程序启动（启动责任追究调查）", "accountability proceedings started"),
    "accountability_notified": ("当事人被告知问责程序启动", "the person told that accountability proceedings started"),
    "unit_notified": ("通知当事人所在单位党委（党组）", "the person's Party committee (group) notified"),
    "motion": ("有关部门动议容错调查", "a tolerance investigation moved ex officio"),
    "application_submitted": ("提出容错申请", "tolerance application submitted"),
    "application_accepted": ("受理容错申请", "tolerance application accepted"),
    "preliminary_suggestion": ("提出容错初步建议", "preliminary tolerance suggestion made"),
    "investigation_started": ("容错调查开始", "tolerance investigation started"),
    "investigation_extended": ("调查期限延长", "investigation period extended"),
    "investigation_completed": ("调查完成", "investigation completed"),
    "report_submitted": ("形成书面调查报告", "written investigation report made"),
    "suspended": ("暂缓认定（暂挂）", "decision suspended"),
    "decision_extended": ("认定期限延长", "decision period extended"),
    "decision": ("作出容错认定决定", "tolerance decision made"),
    "decision_notified": ("向当事人告知容错决定", "the person told of the decision"),
    "publicity_started": ("公示开始", "public notice started"),
    "feedback": ("反馈认定结果", "result fed back"),
}


#: an event the case did not date but that must have happened because a later one it did date could not happen
#: without it (directly; :func:`implied_by` follows the chain): an application accepted was submitted; an extension,
#: a completion or a report follows the start of an investigation; a report or a decision follows its completion,
#: and a decision follows the written report; telling the person or feeding back a decision follows the decision.
#: (Public notice is not here: several measures publish a proposed decision before it is made.)
IMPLIED_BY: dict[str, tuple[str, ...]] = {
    # tolerance is weighed inside accountability proceedings: anything of it shows they had started
    "accountability_started": ("accountability_notified", "unit_notified", "motion", "application_submitted",
                               "investigation_started"),
    "application_submitted": ("application_accepted",),
    "investigation_started": ("investigation_extended", "investigation_completed", "report_submitted"),
    "investigation_completed": ("report_submitted", "decision"),
    "report_submitted": ("decision",),
    "decision": ("decision_notified", "feedback"),
}


def implied_by(event: str, dated: set[str] | dict[str, object]) -> str | None:
    """A dated event that shows ``event`` happened, following the implications transitively (feedback → decision →
    completed investigation → started investigation), or None."""
    seen: set[str] = set()
    frontier = [event]
    while frontier:
        current = frontier.pop(0)
        for later in IMPLIED_BY.get(current, ()):
            if later in dated:
                return later
            if later not in seen:
                seen.add(later)
                frontier.append(later)
    return None


def event_label(name: str, lang: str = "zh") -> str:
    zh, en = EVENTS[name]
    return en if lang == "en" else zh
