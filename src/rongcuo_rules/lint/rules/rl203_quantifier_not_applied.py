"""RL203 quantifier-not-applied: an item says 一定损失 but its condition does not bound impact.loss."""

from __future__ import annotations

from collections.abc import Iterator

from ...expr import Compare
from ..core import Finding, LintRule, Subject
from ..text import vague_quantifiers
from ._common import checklist_of, item_path, location, witness_text


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    a = subject.analysis
    assert a is not None and cl.parent is not None
    vocab = cl.parent.vocabulary
    for item in cl.items:
        if item.expr is None:
            continue
        done: set[str] = set()
        for q in vague_quantifiers(item.text):
            mapping = cl.quantifiers.get(q.term)
            if mapping is None or mapping.impact is None:
                continue  # unmapped: RL202; accident scales are not checked
            for fact in q.scales:
                if not fact.startswith("impact.") or fact in done:
                    continue
                done.add(fact)
                f = vocab.facts[fact]
                bound = Compare(fact, "at_most", mapping.impact, (f.encode(mapping.impact),), closed=not f.open)
                witness = a.implies(a.item(item), a.d.boolean(bound), a.reads(item))
                if witness is not None:
                    yield Finding("RL203", location(subject, item_path(item, "when"), key=True),
                                  {"number": item.number, "term": q.term, "fact": fact, "level": mapping.impact,
                                   "phrase": item.text[q.start:q.start + 8], "witness": witness_text(witness)})


RULE = LintRule(
    id="RL203", name="quantifier-not-applied", severity="warning", targets=("checklist",), needs_parent=True,
    title=("条件没有按量词映射限定损害程度", "Condition does not apply the quantifier's mapping"),
    message=("第{number}项写“{phrase}…”，按 quantifiers 中“{term}”的含义 {fact} 不应超过 {level}，但条件未作此限定"
             "（例如 {witness} 时本项也成立）",
             "item {number} says '{phrase}…'; by the checklist's mapping of '{term}', {fact} should be at most "
             "{level}, but the condition does not say so (it also holds with {witness})"),
    rationale=("量词映射只有在条件里用上才有意义。条目写“造成一定损失”，条件却不限定损失程度，评估时重大损失的"
               "案件也会匹配本项。本规则精确检查：条目的条件是否蕴含 impact.loss（或 impact.social）不超过映射的上限；"
               "短语中出现“损失”限定 impact.loss，出现“影响”限定 impact.social，“后果”两者都限定。",
               "A quantifier mapping means something only if the conditions use it. An item saying 'a certain loss' "
               "whose condition leaves the loss open also matches cases of major loss. The rule checks exactly "
               "whether the item's condition implies impact.loss (or impact.social) at most the mapped level: 损失 "
               "in the phrase bounds impact.loss, 影响 bounds impact.social, 后果 both."),
    check=check,
)
