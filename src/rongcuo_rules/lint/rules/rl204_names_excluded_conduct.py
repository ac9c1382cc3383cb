"""RL204 names-excluded-conduct: the item's text names conduct the parent never tolerates."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..text import named_conduct
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    a = subject.analysis
    assert a is not None
    for item in cl.items:
        for named in named_conduct(item.text):
            if a.fact_excluded(named.fact, True):
                yield Finding("RL204", location(subject, item_path(item, "text"), needle=named.phrase),
                              {"number": item.number, "phrase": named.phrase, "fact": named.fact})


RULE = LintRule(
    id="RL204", name="names-excluded-conduct", severity="error", targets=("checklist",), needs_parent=True,
    title=("条目文字写入了上位办法不予容错的行为", "Item names conduct the parent excludes"),
    message=("第{number}项写了“{phrase}”，而上位办法对此一律不予容错（{fact}）",
             "item {number} names '{phrase}', which the parent never tolerates ({fact})"),
    rationale=("把“谋取私利”“明知故犯”“政绩工程”之类写进容错清单，即使本意是限定（“但未谋取私利”），也容易被误读。"
               "本规则找出条目文字中命名违纪行为的短语（前面有“无”“未”“不”等否定词的不算），并在决策图上精确确认"
               "上位办法确实在所有情况下都不容忍该行为，才报告。",
               "Writing 谋取私利, 明知故犯 or 政绩工程 into a tolerance list invites misreading, even when meant as a "
               "limit. The rule finds phrases naming misconduct in an item's text (not when negated by 无, 未, 不…), "
               "and reports one only after checking exactly, on the decision diagram, that the parent never "
               "tolerates that conduct."),
    check=check,
)
