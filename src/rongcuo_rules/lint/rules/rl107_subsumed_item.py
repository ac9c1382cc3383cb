"""RL107 subsumed-item: every case one item admits, another item admits too (a special case)."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import item_path, location, pairs


def check(subject: Subject) -> Iterator[Finding]:
    for x, y, x_in_y, y_in_x in pairs(subject):
        if x_in_y and not y_in_x:
            yield Finding("RL107", location(subject, item_path(x, "when"), key=True), {"number": x.number, "other": y.number})


RULE = LintRule(
    id="RL107", name="subsumed-item", severity="info", targets=("checklist",), needs_parent=True,
    title=("条目是另一项的特例", "Item is a special case of another"),
    message=("第{number}项的条件被第{other}项涵盖：满足第{number}项的案件都满足第{other}项",
             "item {number} is covered by item {other}: every case meeting item {number} meets item {other}"),
    rationale=("细化本是清单的目的，特例并不错；但评估时特例项总与较宽的一项一起匹配，读者也可能以为两项并列。"
               "若两项的区别（如“积极采取补救措施”）在事实词汇中表达不出，本规则会把它当作特例报告，供起草者核对。",
               "Detail is what a checklist is for, so a special case is not wrong; but verdicts always match it "
               "together with the wider item, and readers may take the two for alternatives. Where the difference "
               "(say, 'actively took remedial measures') is outside the vocabulary, this rule reports a special "
               "case for the drafter to check."),
    check=check,
)
