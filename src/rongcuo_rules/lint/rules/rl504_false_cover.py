"""RL504 false-cover: a non-operative clause says other articles decide it, and they do not."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...boolean import outcome_violation, satisfiable
from ..core import Finding, LintRule, Subject
from ._common import location, witness_text

#: a reason that claims another article decides the clause ("其内容由第六条、第八条具体规定")
CLAIM = re.compile(r"由(?:本办法|本细则|本实施办法)?第[一二三四五六七八九十百零〇]+条|made operative by Art")


def check(subject: Subject) -> Iterator[Finding]:
    pack = subject.pack
    assert pack is not None
    for cid, clause in pack.clauses.items():
        if clause.operative:
            continue
        labels = {"clause_zh": clause.label("zh"), "clause_en": clause.label("en")}
        if clause.covered_by is None:
            if clause.why is not None and CLAIM.search(clause.why.zh):
                yield Finding("RL504", location(subject, ("clauses", cid, "why")), {
                    **labels, "problem_zh": "理由称其内容由其他条款规定，但没有可供检查的 covered_by",
                    "problem_en": "its reason says other articles decide it, but there is no covered_by to check"})
            continue
        cover = clause.covered_by
        resting = {r.clause for r in pack.rules}
        idle = [c for c in cover.clauses if c == cid or c not in resting]
        if idle:
            names_zh = "、".join(pack.clauses[c].label("zh") for c in idle)
            names_en = ", ".join(pack.clauses[c].label("en") for c in idle)
            yield Finding("RL504", location(subject, ("clauses", cid, "covered_by"), key=True), {
                **labels, "problem_zh": f"称其内容由{names_zh}规定，但没有规则依据该条款",
                "problem_en": f"says {names_en} decide it, but no rule rests on that clause"})
            continue
        if not satisfiable(pack, cover.expr):
            yield Finding("RL504", location(subject, ("clauses", cid, "covered_by"), key=True), {
                **labels, "problem_zh": "的 covered_by 所说的情况在任何可能的案件中都不成立，主张无从检查",
                "problem_en": "has a covered_by whose situation holds in no possible case, so the claim checks nothing"})
            continue
        found = outcome_violation(pack, cover.expr, cover.outcome_in)
        if found is None:
            continue
        facts, outcome = found
        targets_zh = "、".join(pack.clauses[c].label("zh") for c in cover.clauses)
        targets_en = ", ".join(pack.clauses[c].label("en") for c in cover.clauses)
        yield Finding("RL504", location(subject, ("clauses", cid, "covered_by"), key=True), {
            **labels,
            "problem_zh": f"称其内容由{targets_zh}规定，但例如 {witness_text(facts)} 时结论为 {outcome}"
                          f"（应为 {'/'.join(cover.outcome_in)}）",
            "problem_en": f"says {targets_en} decide it, but with {witness_text(facts)} the outcome is {outcome}"
                          f" (expected {'/'.join(cover.outcome_in)})"})


RULE = LintRule(
    id="RL504", name="false-cover", severity="error", targets=("pack",),
    title=("非操作性条款的理由不成立", "A non-operative clause's reason is false"),
    message=("{clause}{problem}", "{clause} {problem}"),
    rationale=("把一条标为非操作性，理由是“其内容由第六条、第八条具体规定”，这是一个可以检查的主张。常州教育局办法第五条"
               "“上级明令禁止后依然我行我素”就这样被标为非操作性，而第六条、第八条都不涵盖它；抚州把同样的字编码为"
               "第九条（一）的排除项。非操作性条款的 covered_by 写明所说的情况（when）与应得的结果（outcome_in），本规则在"
               "决策图上精确检查：存在 when 成立而结论不在 outcome_in 中的案件，主张即不成立，并给出该案件；理由中称"
               "“由第X条规定”而没有 covered_by 的，也予报告。",
               "Marking a clause non-operative because 'Articles 6 and 8 make it concrete' is a claim that can be "
               "checked. Changzhou Art. 5 ('carrying on after a superior's express ban') was marked so while neither "
               "article covers it; Fuzhou encodes the same words as exclusion 9(1). A non-operative clause's "
               "covered_by states what it speaks of (when) and the outcomes that follow (outcome_in); the rule checks "
               "exactly on decision diagrams that no case where `when` holds gets another outcome, and gives one "
               "where it does. A reason claiming another article decides the clause without a covered_by is "
               "reported too."),
    check=check,
)
