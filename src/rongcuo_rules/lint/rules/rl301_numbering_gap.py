"""RL301 numbering-gap: item numbers skip a number or run out of order."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    expected = 1
    for item in checklist_of(subject).items:
        if item.number < expected:
            continue  # a repeated number (RL302) or one out of order after a gap already reported
        if item.number > expected:
            missing = [str(n) for n in range(expected, item.number)]
            yield Finding("RL301", location(subject, item_path(item, "number")),
                          {"number": item.number, "missing_zh": "、".join(missing), "missing_en": ", ".join(missing),
                           "expected": expected})
        expected = item.number + 1


RULE = LintRule(
    id="RL301", name="numbering-gap", severity="warning", targets=("checklist",),
    title=("编号不连续", "Gap in the numbering"),
    message=("这里是第{number}项，应为第{expected}项：缺少第{missing}项",
             "this is item {number} where item {expected} was expected: item(s) {missing} missing"),
    rationale=("条目按 1、2、3… 连续编号，引用“附件4第3项”才不会出错。编号跳过，通常是删改条目后忘了重排，"
               "或者漏抄了一项。",
               "Items numbered 1, 2, 3, … keep citations such as 附件4第3项 unambiguous. A skipped number usually "
               "means an item was deleted without renumbering, or one was left out when copying."),
    check=check,
)
