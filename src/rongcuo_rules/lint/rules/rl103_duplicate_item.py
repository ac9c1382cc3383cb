"""RL103 duplicate-item: two items have the same text."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location, text_key as _key


def check(subject: Subject) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for item in checklist_of(subject).items:
        k = _key(item.text)
        if k in seen:
            yield Finding("RL103", location(subject, item_path(item, "text")),
                          {"number": item.number, "other": seen[k]})
        else:
            seen[k] = item.number


RULE = LintRule(
    id="RL103", name="duplicate-item", severity="error", targets=("checklist",),
    title=("条目重复", "Duplicate item"),
    message=("第{number}项与第{other}项文字相同", "item {number} has the same text as item {other}"),
    rationale=("同一情形列两次，读者会以为两项有区别，引用时也会出现两个编号指向同一内容。比较时忽略空白和标点。",
               "Listing one situation twice makes readers look for a difference that is not there, and gives one "
               "content two numbers to cite. Whitespace and punctuation are ignored in the comparison."),
    check=check,
)
