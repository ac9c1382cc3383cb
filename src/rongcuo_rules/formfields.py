"""What a form's cells can be filled with (the ``field`` of a pack's ``forms``): a name, where the value comes
from, and its label in both languages.

``details`` fields are particulars the archive does not hold — the person, the unit, the matter in their own
words — given with the document (``rongcuo document … --details FILE``); left blank when not given, as a paper
form is. ``record`` fields are filled from the record: its verdict, receipt and the pack's clauses, verbatim.
"""

from __future__ import annotations

#: name → (source, Chinese label, English label)
FIELDS: dict[str, tuple[str, str, str]] = {
    # given with the document
    "unit": ("details", "单位", "unit"),
    "name": ("details", "姓名", "name"),
    "birth": ("details", "出生年月", "born (year and month)"),
    "political_status": ("details", "政治面貌", "political status"),
    "position": ("details", "职务", "position"),
    "rank": ("details", "级别", "rank"),
    "unit_and_position": ("details", "单位及职务", "unit and position"),
    "party": ("details", "当事人基本情况", "the person concerned"),
    "notified_on": ("details", "被告知申请容错的时间", "told of the right to apply on"),
    "matter": ("details", "责任追究事由", "the matter of accountability"),
    "duties": ("details", "职责及应承担的责任", "duties and the responsibility to bear"),
    "responsibility": ("details", "应承担何种责任", "the responsibility to bear"),
    "application_reasons": ("details", "申请容错理由及政策依据", "reasons for applying and their policy basis"),
    "measures": ("details", "纠正错误、改进工作的具体措施", "measures to correct the error and improve the work"),
    "unit_opinion": ("details", "单位党委（党组）意见", "opinion of the unit's Party committee"),
    "approving_authority": ("details", "批准机关", "approving authority"),
    "correction": ("details", "改正错误", "what must be corrected"),
    "correction_status": ("details", "纠错情况", "correction"),
    "remarks": ("details", "备注", "remarks"),
    # from the record
    "record_id": ("record", "记录编号", "record"),
    "case_id": ("record", "案件编号", "case"),
    "pack_title": ("record", "办法", "measure"),
    "outcome": ("record", "容错方式", "form of tolerance"),
    "conditions_and_scenarios": ("record", "符合何种容错条件及情形", "conditions and situations met"),
    "circumstances": ("record", "容错情节", "circumstances of tolerance"),
    "grounds": ("record", "容错依据", "grounds of tolerance"),
    "decided_by": ("record", "批准机关", "approving authority"),
    "decided_on": ("record", "生效时间", "in force from"),
    "recorded_on": ("record", "给予容错的时间", "tolerated on"),
    "tick_exempt": ("record", "免责", "exempt"),
    "tick_reduce": ("record", "减责", "reduced"),
    "tick_lighten": ("record", "从轻", "lightened"),
    "sequence": ("record", "序号", "no."),
}

DETAILS = tuple(k for k, (source, *_rest) in FIELDS.items() if source == "details")

#: how a person or unit was held accountable after tolerance (附件2's ticks; given in the details as a list)
MEASURES_PERSON = ("提醒函询等", "通报批评", "诫勉", "停职检查", "调离岗位", "引咎辞职", "责令辞职", "免职", "降职",
                   "党内警告", "党内严重警告", "撤销党内职务", "留党察看", "开除党籍", "警告", "记过", "记大过", "降级",
                   "撤职", "开除", "其他")
MEASURES_UNIT = ("检查", "通报", "改组")


def is_field(name: str) -> bool:
    """A field a form may name: one of :data:`FIELDS`, or ``measure:<name>`` / ``unit_measure:<name>`` — the tick
    of one accountability measure."""
    if name in FIELDS:
        return True
    kind, _, measure = name.partition(":")
    return (kind == "measure" and measure in MEASURES_PERSON) or (kind == "unit_measure" and measure in MEASURES_UNIT)
