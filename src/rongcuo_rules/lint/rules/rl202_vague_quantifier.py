"""RL202 vague-quantifier: a degree word (一定, 较大, 重大, 严重…) is used without a mapping."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..text import vague_quantifiers
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    reported: set[str] = set()
    for item in cl.items:
        for q in vague_quantifiers(item.text):
            if q.term in cl.quantifiers or (item.index, q.term) in reported:
                continue
            reported.add((item.index, q.term))  # type: ignore[arg-type]
            yield Finding("RL202", location(subject, item_path(item, "text"), needle=item.text[q.start:q.start + 6]),
                          {"number": item.number, "term": q.term, "phrase": item.text[q.start:q.start + 8]})


RULE = LintRule(
    id="RL202", name="vague-quantifier", severity="warning", targets=("checklist",),
    title=("模糊量词没有对应到词汇表的刻度", "Vague quantifier without a mapping"),
    message=("第{number}项用了模糊量词“{term}”（“{phrase}…”），清单未在 quantifiers 中说明它在词汇表刻度上的含义",
             "item {number} uses the vague quantifier '{term}' ('{phrase}…') but the checklist's quantifiers do not "
             "map it onto the vocabulary's scales"),
    rationale=("“一定”“较大”“重大”“严重”在不同办法中含义不一：济南“损失较小”可免责，绍兴“未造成重大损失”才能容错。"
               "清单应在 quantifiers 中写明每个量词对应词汇表刻度的上限（impact：none < minor < considerable < "
               "severe < major；accident：general < larger < major < especially_major），条目的条件再按此编码。"
               "只检查描述损害的用法（“一定损失”“重大失误”），“重大项目”之类不算。",
               "一定, 较大, 重大, 严重 mean different things in different measures. A checklist should say in "
               "quantifiers the ceiling each word sets on the vocabulary's scales (impact: none < minor < "
               "considerable < severe < major; accident: general < larger < major < especially_major), and encode "
               "its items accordingly. Only uses describing harm count ('一定损失', '重大失误'), not '重大项目'."),
    check=check,
)
