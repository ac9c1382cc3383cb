"""RL501 element-dropped: a glossary phrase of an operative clause that no rule resting on it encodes."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..coverage import dropped
from ._common import location


def check(subject: Subject) -> Iterator[Finding]:
    pack = subject.pack
    assert pack is not None
    for gap in dropped(pack):
        clause = pack.clauses[gap.clause]
        rules = ", ".join(dict.fromkeys(r.id for r in pack.rules if r.clause == gap.clause and r.checklist is None))
        yield Finding("RL501", location(subject, (*gap.first.path, "clause")), {
            "wording": gap.occurrence.wording, "name": gap.name, "rules": rules,
            "clause_zh": clause.label("zh"), "clause_en": clause.label("en")})


RULE = LintRule(
    id="RL501", name="element-dropped", severity="error", targets=("pack",),
    title=("条款要素被遗漏", "A clause's element is dropped"),
    message=("{clause}写有“{wording}”（词表短语“{name}”），但依据该条款的规则（{rules}）既未使用其解读 "
             "{{reading: {name}}}，也未在 set_aside 中说明为何不作要件",
             "{clause} says '{wording}' (glossary phrase '{name}'), but the rules resting on it ({rules}) neither "
             "use its reading {{reading: {name}}} nor set it aside with a reason"),
    rationale=("条款的每一个要素都应当被编码，或者明确说明为何不作要件。独立审读发现，济南第八条（二）“先行先试、突破常规”"
               "丢掉了“突破常规”，而绍兴第三条（一）的同一用语要求它——同样的字，两个包给出相反的结论。本规则用解读词表"
               "（glossary.yaml）在每个被规则引用的操作性条款中查找词表短语，要求依据该条款的规则使用其解读"
               "（{reading: 短语}，可经由定义），或在 set_aside 中写明理由；结果用语（从轻、减轻、免责）要求结果规则的 "
               "permitted 含相应结果。词表标为 decisive: false 的短语（如“一定失误”）不要求编码。",
               "Every element of a clause is encoded or explicitly set aside with a reason. An independent reading "
               "found Jinan Art. 8(2) 'piloting, breaking convention' dropping 'breaking convention' while the same "
               "words in Shaoxing Art. 3(1) require it — the same words, opposite verdicts. The rule finds the "
               "glossary's phrases (glossary.yaml) in every operative clause a rule rests on and requires the rules "
               "resting on it to use the phrase's reading ({reading: phrase}, possibly through a definition) or to "
               "list it under set_aside with a reason; for the outcome words (lighten, reduce, exempt) an outcome "
               "rule's permitted range must include the outcome. Phrases the glossary reads as no requirement "
               "(decisive: false, e.g. 'a certain error') need no encoding."),
    check=check,
)
