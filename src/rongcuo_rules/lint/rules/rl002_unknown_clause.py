"""RL002 unknown-clause: an item refines a clause id the parent does not define."""

from __future__ import annotations

from collections.abc import Iterator

from ...textutil import did_you_mean
from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    assert cl.parent is not None
    scenarios = [r.clause for r in cl.parent.scenarios]
    for item in cl.items:
        for j, cid in enumerate(item.refines):
            if cid not in cl.parent.clauses:
                yield Finding("RL002", location(subject, item_path(item, "refines", j)),
                              {"id": cid, "number": item.number, "pack": cl.parent.name,
                               "hint": did_you_mean(cid, dict.fromkeys(scenarios + list(cl.parent.clauses)))})


RULE = LintRule(
    id="RL002", name="unknown-clause", severity="error", targets=("checklist",), needs_parent=True,
    title=("引用了上位政策包未定义的条款", "Reference to an undefined clause"),
    message=("第{number}项细化的条款“{id}”在上位政策包“{pack}”中未定义{hint}",
             "item {number} refines clause '{id}', which parent pack '{pack}' does not define{hint}"),
    rationale=("清单条目靠 refines 挂到上位办法的具体情形上；条款标识写错（如 art3.8 而第三条只有七项），"
               "该项就悬空了，评估时无法把它列在上位情形旁，也无法检查它是否越出上位情形。",
               "Items hang on the parent's scenarios through refines; a mistyped clause id (art3.8 where Article 3 "
               "has seven items) leaves the item dangling: evaluation cannot show it beside its scenario and the "
               "linter cannot check that it stays inside it."),
    check=check,
)
