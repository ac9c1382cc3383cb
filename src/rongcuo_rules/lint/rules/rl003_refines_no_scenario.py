"""RL003 refines-no-scenario: an item refines nothing, or refines a clause that is not a scenario."""

from __future__ import annotations

from collections.abc import Iterator

from ...textutil import did_you_mean
from ..core import Finding, LintRule, Subject
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    assert cl.parent is not None
    scenarios = list(dict.fromkeys(r.clause for r in cl.parent.scenarios))
    for item in cl.items:
        if not item.refines:
            yield Finding("RL003", location(subject, item_path(item), key=False),
                          {"number": item.number, "what_zh": "没有 refines", "what_en": "has no refines",
                           "allowed": ", ".join(scenarios), "hint": ""})
            continue
        for j, cid in enumerate(item.refines):
            if cid in cl.parent.clauses and cid not in scenarios:
                label = cl.parent.clauses[cid]
                yield Finding("RL003", location(subject, item_path(item, "refines", j)),
                              {"number": item.number, "what_zh": f"细化的“{cid}”（{label.label('zh')}）不是情形条款",
                               "what_en": f"refines '{cid}' ({label.label('en')}), which is not a scenario",
                               "allowed": ", ".join(scenarios), "hint": did_you_mean(cid, scenarios)})


RULE = LintRule(
    id="RL003", name="refines-no-scenario", severity="error", targets=("checklist",), needs_parent=True,
    title=("条目没有细化任何上位情形", "Item refines no parent scenario"),
    message=("第{number}项{what}{hint}；上位办法的情形条款：{allowed}",
             "item {number} {what}{hint}; the parent's scenario clauses: {allowed}"),
    rationale=("“X”清单的每一项都是对上位办法某一容错情形的细化（“细化容错情形”）。不挂在任何情形上的条目，"
               "或挂在条件、结果等非情形条款上的条目，无法与上位办法对照，也说不清它凭什么可以容错。"
               "若条目确实超出了列举的情形，应写明它经上位办法的兜底项（其他经认定可以容错的情形）适用。",
               "Every item of an X checklist details one of the parent's tolerance scenarios. An item attached to "
               "no scenario, or to a condition or outcome clause, cannot be held against the parent, and nothing "
               "says why it may be tolerated. An item that really goes beyond the listed scenarios should say it "
               "applies through the parent's catch-all."),
    check=check,
)
