"""RL502 element-added: a rule uses a reading (or grants an outcome) its clause does not speak of."""

from __future__ import annotations

from collections.abc import Iterator

from ...glossary import default_glossary
from ..core import Finding, LintRule, Subject
from ..coverage import added
from ._common import location


def check(subject: Subject) -> Iterator[Finding]:
    pack = subject.pack
    assert pack is not None
    g = default_glossary()
    for extra in added(pack):
        rule = extra.at.rule
        clause = pack.clauses[rule.clause]
        if extra.name in g.entries:
            words = "、".join(g.entries[extra.name].phrases)
            what_zh, what_en = f"解读“{extra.name}”", f"the reading '{extra.name}'"
        else:  # an outcome in the permitted range
            words = "、".join(w for e in g.entries.values() if e.outcome == extra.name for w in e.phrases)
            what_zh, what_en = f"结果 {extra.name}", f"the outcome {extra.name}"
        yield Finding("RL502", location(subject, (*extra.at.path, "when" if extra.name in g.entries else "clause")), {
            "rule": rule.id, "words": words, "what_zh": what_zh, "what_en": what_en,
            "clause_zh": clause.label("zh"), "clause_en": clause.label("en")})


RULE = LintRule(
    id="RL502", name="element-added", severity="error", targets=("pack",),
    title=("规则添加了条款没有的要素", "A rule adds an element its clause does not have"),
    message=("规则 {rule} 使用了{what}，但{clause}及其 informed_by 条款中没有相应用语（{words}）",
             "rule {rule} uses {what}, but neither {clause} nor the clauses informing it use the words ({words})"),
    rationale=("规则只能编码其所依据条款的内容。规则使用了某个词表解读，而其条款（及 informed_by 所列的判断要素等条款）"
               "并未出现该短语的任何一种措辞，说明要素来自别处——可能引错了条款，也可能是从其他办法带入的读法；"
               "结果规则的 permitted 中的每个结果也应在条款中有相应用语（从轻、减轻、免责）。",
               "A rule encodes only what its clause says. A rule that uses a glossary reading whose phrase appears in "
               "none of the words of its clause (or the clauses listed as informing it) took the element from "
               "elsewhere — a wrong citation, or a reading carried over from another measure; likewise each "
               "outcome in an outcome rule's permitted range needs its word (lighten, reduce, exempt) in the clause."),
    check=check,
)
