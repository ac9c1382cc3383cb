"""RL505 stale-set-aside: a set_aside entry that sets aside nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ...glossary import default_glossary
from ..core import Finding, LintRule, Subject
from ..coverage import rules_at, used_readings
from ._common import location


def check(subject: Subject) -> Iterator[Finding]:
    pack = subject.pack
    assert pack is not None
    g = default_glossary()
    for at in rules_at(pack):
        rule = at.rule
        present = {n for c in (rule.clause, *rule.informed_by) for n in g.names_in(pack.clauses[c].text)}
        used = used_readings(pack, rule)
        for j, (name, why) in enumerate(rule.set_aside):
            if name not in present:
                zh, en = "其条款中没有这一短语", "its clause does not use the phrase"
            elif name in used:
                zh, en = "规则同时使用了它的解读", "the rule uses its reading as well"
            elif not g.entries[name].decisive:
                zh, en = "词表已把它读作不作要件，无需另行说明", "the glossary already reads it as no requirement"
            elif not (why.zh.strip() and why.en.strip()):
                zh, en = "理由为空", "the reason is empty"
            else:
                continue
            yield Finding("RL505", location(subject, (*at.path, "set_aside", j, "phrase")),
                          {"rule": rule.id, "name": name, "problem_zh": zh, "problem_en": en})


RULE = LintRule(
    id="RL505", name="stale-set-aside", severity="error", targets=("pack",),
    title=("set_aside 条目不成立", "A set_aside entry sets aside nothing"),
    message=("规则 {rule} 的 set_aside 列了“{name}”，但{problem}", "rule {rule} sets aside '{name}', but {problem}"),
    rationale=("set_aside 说明条款中的某个要素为何不作要件；它只在该要素确实出现在条款中、规则确实没有编码它时才有意义。"
               "条款改动后留下的条目、与规则实际编码相矛盾的条目、词表已读作不作要件的短语、以及空理由，都会让读者误以为某个"
               "要素经过了斟酌。",
               "set_aside says why an element of the clause does not decide; it means something only when the element "
               "is in the clause and the rule does not encode it. An entry left behind after the clause changed, one "
               "that contradicts what the rule encodes, one for a phrase the glossary already reads as no requirement, "
               "or one with an empty reason all suggest an element was weighed when it was not."),
    check=check,
)
