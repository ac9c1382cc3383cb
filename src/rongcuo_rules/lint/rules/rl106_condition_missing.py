"""RL106 condition-missing: an item has no executable condition and no note saying why."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    for item in checklist_of(subject).items:
        if item.expr is None and item.notes is None:
            yield Finding("RL106", location(subject, item_path(item)), {"number": item.number})


RULE = LintRule(
    id="RL106", name="condition-missing", severity="warning", targets=("checklist",),
    title=("条目既无可执行条件也无说明", "Item with neither a condition nor a note"),
    message=("第{number}项没有可执行条件（when），也没有说明原因（notes）",
             "item {number} has no executable condition (when) and no note saying why (notes)"),
    rationale=("没有 when 的条目只供引用，评估时永远不会匹配，也无法做任何精确检查。有的情形确实无法用事实词汇"
               "表达（例如系统设备错误），这时应在 notes 中写明，让读者知道这是有意为之，而非遗漏。",
               "An item without when is quoted only: evaluation never matches it and no exact check can run. Some "
               "situations cannot be expressed in the vocabulary (a system fault, say); then notes should say so, "
               "so readers know it is deliberate and not an oversight."),
    check=check,
)
