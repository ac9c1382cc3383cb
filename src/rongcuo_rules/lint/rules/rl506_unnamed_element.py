"""RL506 unnamed-element: several rules encode one clause and a reader cannot tell their reasons apart."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..coverage import rules_at
from ._common import location


def check(subject: Subject) -> Iterator[Finding]:
    pack = subject.pack
    assert pack is not None
    groups: dict[tuple[str, str], list] = {}  # type: ignore[type-arg]
    for at in rules_at(pack):
        if at.rule.kind != "definition":
            groups.setdefault((at.rule.kind, at.rule.clause), []).append(at)
    for (_kind, clause), ats in groups.items():
        if len(ats) < 2:
            continue
        labels = [at.rule.label.zh if at.rule.label else None for at in ats]
        for at, label in zip(ats, labels):
            if label is None or labels.count(label) > 1:
                c = pack.clauses[clause]
                yield Finding("RL506", location(subject, (*at.path, "clause")), {
                    "rule": at.rule.id, "count": len(ats), "clause_zh": c.label("zh"), "clause_en": c.label("en")})


RULE = LintRule(
    id="RL506", name="unnamed-element", severity="warning", targets=("pack",),
    title=("同一条款的多条规则未各自命名", "Rules on one clause are not told apart"),
    message=("{clause}有 {count} 条同类规则，规则 {rule} 须以 label 写明它编码的是条款中的哪个要素（且各不相同）",
             "{clause} has {count} rules of one kind; rule {rule} needs a label naming the element of the clause it "
             "encodes (distinct from the others)"),
    rationale=("一个条款常含几个要素（绍兴第三条：符合决策部署、经过决策程序、未谋私利、未违反禁止性规定、损失与纠正），"
               "每个要素一条规则。理由中它们都显示为“条件 第三条”，读者分不清哪一行说的是哪个要素。规则的 label 给出要素名，"
               "理由显示为“条件 第三条（未谋取私利）”。",
               "A clause often carries several elements (Shaoxing Art. 3: policy, procedure, no private gain, no "
               "prohibited act, loss and correction), one rule each. In a verdict's reasons they all read 'condition "
               "Article 3', and a reader cannot tell which line is which element. A rule's label names the element, "
               "and the reason reads 'condition Article 3 (no private gain)'."),
    check=check,
)
