"""RL503 divergent-reading: the pack reads a glossary phrase differently from the glossary."""

from __future__ import annotations

from collections.abc import Iterator

from ...boolean import difference_witness
from ...glossary import default_glossary
from ..core import Finding, LintRule, Subject
from ._common import location, witness_text


def check(subject: Subject) -> Iterator[Finding]:
    pack = subject.pack
    assert pack is not None
    g = default_glossary()
    for i, (name, local) in enumerate(pack.local_readings.items()):
        entry = g.entries[name]
        assert entry.expr is not None
        witness = difference_witness(pack.vocabulary, local.expr, entry.expr)
        if witness is None:
            continue
        facts, here = witness
        yield Finding("RL503", location(subject, ("readings", i, "id")), {
            "name": name, "witness": witness_text(facts),
            "which_zh": "本包的读法成立而词表的不成立" if here else "词表的读法成立而本包的不成立",
            "which_en": "the pack's reading holds and the glossary's does not" if here
            else "the glossary's reading holds and the pack's does not"})


RULE = LintRule(
    id="RL503", name="divergent-reading", severity="warning", targets=("pack",),
    title=("与词表读法不同", "Reading differs from the glossary"),
    message=("本包对“{name}”的读法与词表不同：例如 {witness} 时{which}",
             "this pack reads '{name}' differently from the glossary: e.g. with {witness} {which}"),
    rationale=("同样的用语在每个办法中应有同样的读法，否则两个城市对相同的字给出不同的结论。政策包只能以本地 readings "
               "条目偏离词表，并须在 interpretation 中说明本办法的用语为何不同；本规则在决策图上精确比较本地读法与词表读法，"
               "两者不等价时给出一个区分它们的案件。确有理由的偏离，在原处以 # rongcuo-lint: ignore RL503 -- 理由 记录。",
               "The same words should get the same reading in every measure, or two cities decide the same words "
               "differently. A pack departs from the glossary only through a local readings entry whose "
               "interpretation says why its words differ; this rule compares the two readings exactly on decision "
               "diagrams and, where they are not equivalent, gives a case that tells them apart. A justified "
               "departure is recorded in place with # rongcuo-lint: ignore RL503 -- reason."),
    check=check,
)
