"""RL105 catch-all-extension: an item goes beyond the enumerated scenarios, through the catch-all."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..text import CATCH_ALL
from ._common import both, checklist_of, item_path, location, witness_text


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    a = subject.analysis
    assert a is not None
    for item in cl.items:
        if item.expr is None or CATCH_ALL.match(item.text) or any(c not in a.scenarios for c in item.refines):
            continue
        catch = [c for c in item.refines if any(r.catch_all for r in a.scenarios[c])]
        if not catch:
            continue
        listed = [c for c in item.refines if c not in catch]
        via = both(subject, catch)
        params = {"number": item.number, "via_zh": via["zh"], "via_en": via["en"]}
        if not listed:
            params.update(beyond_zh="不对应任何列举的情形", beyond_en="matches none of the listed scenarios")
        else:
            witness = a.implies(a.item(item), a.scenario_any(listed), a.reads(item, listed))
            if witness is None:
                continue  # the listed scenarios cover the item; the catch-all is never needed
            names = both(subject, listed)
            w = witness_text(witness)
            params.update(beyond_zh=f"超出{names['zh']}（例如 {w}）", beyond_en=f"goes beyond {names['en']} (e.g. {w})")
        yield Finding("RL105", location(subject, item_path(item, "refines")), params)


RULE = LintRule(
    id="RL105", name="catch-all-extension", severity="info", targets=("checklist",), needs_parent=True,
    title=("条目经兜底项超出列举情形", "Item goes beyond the listed scenarios through the catch-all"),
    message=("第{number}项{beyond}，经兜底项{via}适用：评估时视为制定机关事先认定",
             "item {number} {beyond} and applies through the catch-all {via}: evaluation reads it as recognised "
             "in advance by the issuing authority"),
    rationale=("上位办法的兜底项（其他经认定可以容错的情形）允许有权机关认定列举之外的情形。清单条目经兜底项"
               "适用，等于清单制定机关事先作了认定；这在“1+X”中是允许的（如绍兴 第九条“细化容错情形”），"
               "但它扩大了实际容错的范围，起草者和审核者应当知道是哪些条目、超出在哪里。评估时该读法作为解读披露。",
               "The parent's catch-all lets the deciding authority recognise situations beyond the list. An item "
               "applying through it amounts to the checklist's issuer recognising it in advance: allowed under 1+X "
               "(Shaoxing Art. 9 'detail the tolerance scenarios'), but it widens what is tolerated in practice, so "
               "drafters and reviewers should know which items do it and where. Verdicts disclose the reading."),
    check=check,
)
