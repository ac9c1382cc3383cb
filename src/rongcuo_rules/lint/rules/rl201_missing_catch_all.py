"""RL201 missing-catch-all: the checklist has no catch-all item (其它经认定可以容错的情形)."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..text import CATCH_ALL
from ._common import checklist_of, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    if not any(CATCH_ALL.match(i.text) for i in cl.items):
        yield Finding("RL201", location(subject, ("items",), key=True), {"count": len(cl.items)})


RULE = LintRule(
    id="RL201", name="missing-catch-all", severity="warning", targets=("checklist",),
    title=("缺少兜底项", "No catch-all item"),
    message=("清单的 {count} 项中没有兜底项（如“其它经认定可以容错的情形”）",
             "none of the checklist's {count} items is a catch-all (such as 其它经认定可以容错的情形)"),
    rationale=("清单不可能穷尽一个领域的容错情形。没有兜底项的清单容易被读成封闭列举——未列入的就不能容错——"
               "这与上位办法保留兜底项的本意相反。绍兴五个附件都以“其它经认定可以容错的情形”结尾。",
               "No list exhausts a domain's tolerable situations. Without a catch-all a checklist reads as closed — "
               "what is not listed cannot be tolerated — against the parent, which keeps its own catch-all. All "
               "five Shaoxing annexes end with 其它经认定可以容错的情形."),
    check=check,
)
