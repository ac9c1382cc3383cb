"""RL101 wider-than-parent: an item's condition does not imply the scenario(s) it refines (exact)."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import both, checklist_of, item_path, location, witness_text


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    a = subject.analysis
    assert a is not None
    for item in cl.items:
        refined = [c for c in item.refines if c in a.scenarios]
        if item.expr is None or not refined or len(refined) != len(item.refines):
            continue  # nothing to check, or RL002/RL003 already report the references
        if any(r.catch_all for c in refined for r in a.scenarios[c]):
            continue  # extends the parent through its catch-all: RL105
        witness = a.implies(a.item(item), a.scenario_any(refined), a.reads(item, refined))
        if witness is not None:
            names = both(subject, refined)
            yield Finding("RL101", location(subject, item_path(item, "when"), key=True),
                          {"number": item.number, "parents_zh": names["zh"], "parents_en": names["en"],
                           "witness": witness_text(witness)})


RULE = LintRule(
    id="RL101", name="wider-than-parent", severity="error", targets=("checklist",), needs_parent=True,
    title=("条目比它细化的上位情形更宽", "Item wider than the scenario it refines"),
    message=("第{number}项比它细化的{parents}更宽：例如 {witness} 时本项成立，而{parents}不成立",
             "item {number} is wider than {parents}, which it refines: with {witness} the item holds and "
             "{parents} does not"),
    rationale=("下位清单只能在上位办法划定的范围内细化，不能放宽。本规则精确判断：条目的条件是否在每一个"
               "符合事实约束的案件中都蕴含上位情形的条件（决策图上求 条目 ∧ ¬上位情形 是否为空）；不为空时"
               "给出一个反例案件。若条目有意超出列举情形，应把上位办法的兜底项一并列入 refines，并说明理由。",
               "A lower-level checklist may detail its parent, never widen it. The rule decides exactly whether the "
               "item's condition implies the parent scenario's in every case the vocabulary's constraints allow "
               "(is item ∧ ¬scenario empty on the decision diagram?) and shows a counterexample when it is not. An "
               "item meant to go beyond the listed scenarios should also name the parent's catch-all in refines, "
               "and say why."),
    check=check,
)
