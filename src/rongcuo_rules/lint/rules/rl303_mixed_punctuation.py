"""RL303 mixed-punctuation: half-width punctuation in Chinese text that otherwise uses full-width."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..text import HALF_TO_FULL, half_width_marks, has_full_width
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    for item in checklist_of(subject).items:
        if not has_full_width(item.text):
            continue
        for offset, mark in half_width_marks(item.text):
            context = item.text[max(0, offset - 3):offset + 1]
            yield Finding("RL303", location(subject, item_path(item, "text"), needle=context),
                          {"number": item.number, "mark": mark, "full": HALF_TO_FULL[mark], "context": context})


RULE = LintRule(
    id="RL303", name="mixed-punctuation", severity="warning", targets=("checklist",),
    title=("全角、半角标点混用", "Mixed half-width and full-width punctuation"),
    message=("第{number}项混用半角“{mark}”与全角标点（“…{context}”），应为“{full}”",
             "item {number} mixes a half-width '{mark}' with full-width punctuation ('…{context}'); use '{full}'"),
    rationale=("中文公文使用全角标点（GB/T 15834）。混入的半角逗号、分号、括号多来自复制粘贴，印发后会留在正式文本里，"
               "也会妨碍按标点切分条目的工具。只检查已使用全角标点的条目；数字中的小数点不算。"
               "政策包中逐字引用的原文不受本规则检查——原文如此，不能改。",
               "Chinese official documents use full-width punctuation (GB/T 15834). Half-width commas, semicolons "
               "and brackets usually come from copy and paste, stay in the issued text, and confuse tools that "
               "split on punctuation. Only items already using full-width marks are checked; decimal points are "
               "not counted. Verbatim source text in packs is not checked: it is as issued."),
    check=check,
)
