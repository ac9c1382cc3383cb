"""RL302 duplicate-number: two items share a number."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    seen: set[int] = set()
    for item in checklist_of(subject).items:
        if item.number in seen:
            yield Finding("RL302", location(subject, item_path(item, "number")), {"number": item.number})
        seen.add(item.number)


RULE = LintRule(
    id="RL302", name="duplicate-number", severity="error", targets=("checklist",),
    title=("编号重复", "Duplicate number"),
    message=("第{number}项的编号重复", "item number {number} is used twice"),
    rationale=("两项同号，“第N项”就指不清是哪一项；条目标识（如 annex4.3）也会冲突，清单无法参与评估。",
               "With two items of one number, 'item N' no longer says which; their clause ids (annex4.3) clash too, "
               "so the checklist cannot be evaluated."),
    check=check,
)
