"""RL102 never-tolerated: under the parent, no case matching the item can ever be tolerated."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    a = subject.analysis
    assert a is not None and cl.parent is not None
    for item in cl.items:
        if item.expr is None:
            continue
        node = a.item(item)
        if not a.satisfiable(node):
            yield Finding("RL102", location(subject, item_path(item, "when"), key=True),
                          {"number": item.number, "why_zh": "其条件自相矛盾（在事实约束下不可能成立）",
                           "why_en": "its condition is contradictory (no case the vocabulary allows meets it)"})
            continue
        if a.tolerable(node):
            continue
        why_zh, why_en = [], []
        for rule, n in a.exclusions():
            if a.implies(node, n) is None:
                label = cl.parent.clauses[rule.clause]
                why_zh.append(f"必然触及不予容错情形{label.label('zh')}")
                why_en.append(f"it always hits exclusion {label.label('en')}")
        for rule, n in a.conditions():
            if not a.satisfiable(a.conj(node, n)):
                label = cl.parent.clauses[rule.clause]
                why_zh.append(f"与必备条件{label.label('zh')}（{rule.id}）矛盾")
                why_en.append(f"it contradicts mandatory condition {label.label('en')} ({rule.id})")
        if not why_zh:
            why_zh.append("与上位办法的条件和不予容错情形合在一起矛盾")
            why_en.append("it contradicts the parent's conditions and exclusions taken together")
        yield Finding("RL102", location(subject, item_path(item, "when"), key=True),
                      {"number": item.number, "why_zh": "；".join(why_zh), "why_en": "; ".join(why_en)})


RULE = LintRule(
    id="RL102", name="never-tolerated", severity="error", targets=("checklist",), needs_parent=True,
    title=("条目在上位办法下永远不能容错", "Item can never be tolerated under the parent"),
    message=("第{number}项在上位办法下永远不能容错：{why}",
             "item {number} can never be tolerated under the parent: {why}"),
    rationale=("容错情形清单中的条目，若其描述的情况必然触及上位办法的不予容错情形（如谋取私利、明知故犯），"
               "或与上位办法的必备条件矛盾，就是一条永远用不上的“容错情形”，还会误导干部。本规则在决策图上"
               "精确判断：是否存在一个满足本项、满足全部必备条件且不触及任何不予容错情形的案件。",
               "An item whose situation always hits one of the parent's exclusions (private gain, knowing "
               "violation…) or contradicts one of its mandatory conditions is a 'tolerable situation' that can "
               "never apply, and misleads the cadres who read it. The rule decides exactly, on the decision "
               "diagram, whether some case meets the item and every mandatory condition and hits no exclusion."),
    check=check,
)
