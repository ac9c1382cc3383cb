"""The measures' own documents, filled from a record (DESIGN §10): 容错申请表, 容错决定书, 纠错通知书 as DOCX
(python-docx) and the half-yearly 容错统计表 as XLSX (openpyxl).

The layout is data in the pack (``forms``: the annex's table cell by cell, the items a decision must state,
the statistics sheet's header and columns); this module only draws it. A pack that prescribes no decision
document gets a generic one with the items 济南 第十五条 lists. What the record holds — the outcome, the clauses
the verdict rests on (verbatim), the conditions and situations met, who decided and when — is filled in; the
particulars a record may not hold (the person, the unit, the matter in words) come from the record's
``details`` or are given with the document, and are otherwise left blank, as on a paper form.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ..errors import InputError
from ..formfields import FIELDS
from ..pack import FormCellSpec, FormSpec, Pack

KINDS = ("application", "decision", "correction", "statistics")
TICK = "√"
#: the document's words for the outcomes (附件2: 免责、减责、从轻)
_OUTCOME_WORD = {"exempt": "免责", "reduce": "减责", "lighten": "从轻"}
#: what a generic decision document states (the items 济南 第十五条第二款 lists)
GENERIC_DECISION = FormSpec(title="容错决定书", clause="", sections=[
    FormCellSpec(text=FIELDS[f][1], field=f)
    for f in ("party", "matter", "circumstances", "grounds", "outcome", "decided_by", "decided_on")])


def form_of(pack: Pack, kind: str) -> FormSpec:
    if kind not in KINDS:
        from ..textutil import did_you_mean

        raise InputError("document.unknown_kind", kind=kind, hint=did_you_mean(kind, KINDS), allowed=", ".join(KINDS))
    form = pack.forms.get(kind)
    if form is None and kind == "decision":
        return GENERIC_DECISION
    if form is None:
        raise InputError("document.no_form", pack=pack.name, kind=kind, allowed=", ".join(pack.forms) or "decision")
    return form


# ── the values ───────────────────────────────────────────────────────────────


def _date_zh(iso: str) -> str:
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.year}年{d.month}月{d.day}日"


def values(record: Any, pack: Pack, details: dict[str, Any] | None = None, sequence: int | None = None) -> dict[str, str]:
    """Every field's text for ``record`` (an archive Record) under ``pack``: the record's own, then its stored
    details, then ``details`` given now (which win)."""
    verdict = record.verdict
    given = {**record.details, **(details or {})}
    reasons = [r for r in verdict["reasons"] if r["holds"] is True]
    label = {c: pack.clauses[c].label("zh") for c in pack.clauses}
    conditions = [label[r["clause"]] for r in reasons if r["kind"] == "condition"]
    scenarios = [r["clause"] for r in reasons if r["kind"] == "scenario"]
    outcome = verdict["outcome"]
    out: dict[str, str] = {name: "" for name in FIELDS}
    out.update({
        "record_id": record.id, "case_id": "" if verdict["case_id"] is None else str(verdict["case_id"]),
        "pack_title": pack.title.get("zh"), "outcome": _OUTCOME_WORD.get(outcome, ""),
        "conditions_and_scenarios": "；".join(p for p in (
            "条件：" + "、".join(dict.fromkeys(conditions)) if conditions else "",
            "情形：" + "、".join(dict.fromkeys(label[s] for s in scenarios)) if scenarios else "") if p),
        "circumstances": "\n".join(f"【{label[s]}】{pack.clauses[s].text}" for s in dict.fromkeys(scenarios)),
        "grounds": "\n".join(f"【{c['label']}】{c['text']}" for c in verdict["citations"]),
        "decided_by": given.get("approving_authority") or record.recorded_by or "",
        "decided_on": _date_zh(record.recorded_at), "recorded_on": _date_zh(record.recorded_at),
        "tick_exempt": TICK if outcome == "exempt" else "", "tick_reduce": TICK if outcome == "reduce" else "",
        "tick_lighten": TICK if outcome == "lighten" else "",
        "sequence": "" if sequence is None else str(sequence),
    })
    for name, value in given.items():
        if name != "accountability" and value:
            out[name] = str(value)
    if not out["party"]:  # 当事人基本情况 from the particulars when not written out
        out["party"] = "，".join(p for p in (given.get("name"), given.get("unit"), given.get("position")) if p)
    if not out["unit_and_position"]:
        out["unit_and_position"] = " ".join(p for p in (given.get("unit"), given.get("position")) if p)
    for measure in given.get("accountability", []):
        out[f"measure:{measure}"] = TICK
        out[f"unit_measure:{measure}"] = TICK
    return out


def cell_text(cell: FormCellSpec, vals: dict[str, str]) -> str:
    parts = []
    if cell.field is not None:
        parts.append(vals.get(cell.field, ""))
    if cell.text is not None:
        parts.append(cell.text)
    return "\n".join(p for p in parts if p)


def placed(rows: list[list[FormCellSpec]], columns: int) -> list[tuple[int, int, FormCellSpec]]:
    """(row, column, cell) of each cell laid out as an HTML table is: a cell spanning rows keeps its columns
    taken in the rows below, whose cells fill the columns left free."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c + cell.span > columns:
                raise InputError("cli.usage", problem=f"form row {r + 1} is wider than its {columns} columns")
            out.append((r, c, cell))
            for dr in range(cell.rows):
                for dc in range(cell.span):
                    taken.add((r + dr, c + dc))
            c += cell.span
    return out


# ── DOCX ─────────────────────────────────────────────────────────────────────


def docx_document(kind: str, record: Any, pack: Pack, details: dict[str, Any] | None = None) -> bytes:
    """The document ``kind`` (application, decision, correction) for ``record`` as DOCX bytes."""
    from docx import Document as Docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    form = form_of(pack, kind)
    if kind in ("decision", "correction") and record.verdict["outcome"] not in _OUTCOME_WORD:
        from ..wording import outcome_label

        raise InputError("document.not_tolerated", id=record.id, outcome=outcome_label(record.verdict["outcome"], "zh"),
                         kind=form.title)
    vals = values(record, pack, details)
    doc = Docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.6))
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    _cjk_font(doc.styles["Normal"], "仿宋", Pt(14))
    align = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(form.title)
    run.bold = True
    _cjk_run(run, "宋体", Pt(22))
    if form.rows:  # a form: the lines above the table, then the annex's table cell by cell
        for line in form.sections:
            p = doc.add_paragraph(cell_text(line, vals))
            p.alignment = align[line.align]
        columns = form.columns or max(sum(c.span for c in row) for row in form.rows)
        table = doc.add_table(rows=len(form.rows), cols=columns)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, c, cell in placed(form.rows, columns):
            target = table.cell(r, c)
            if cell.span > 1 or cell.rows > 1:
                target = target.merge(table.cell(r + cell.rows - 1, c + cell.span - 1))
            target.text = ""
            lines = cell_text(cell, vals).split("\n")
            para = target.paragraphs[0]
            para.alignment = align[cell.align] if cell.field is None or not vals.get(cell.field) else align["left"]
            for i, line in enumerate(lines):
                if i:
                    para = target.add_paragraph()
                    para.alignment = align[cell.align]
                _cjk_run(para.add_run(line), "仿宋", Pt(12))
    else:  # a document: each item it must state, in order
        meta = doc.add_paragraph()
        meta.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _cjk_run(meta.add_run(f"记录编号：{vals['record_id']}　案件编号：{vals['case_id'] or '—'}"), "仿宋", Pt(12))
        numerals = "一二三四五六七八九十"
        for i, item in enumerate(form.sections):
            head = doc.add_paragraph()
            _cjk_run(head.add_run(f"{numerals[i] if i < 10 else i + 1}、{item.text}"), "黑体", Pt(14))
            for line in (vals.get(item.field or "", "") or "　").split("\n"):
                doc.add_paragraph(line)
        if form.clause:  # the clause that prescribes the document, verbatim
            basis = doc.add_paragraph()
            basis.paragraph_format.space_before = Pt(18)
            clause = pack.clauses[form.clause]
            _cjk_run(basis.add_run(f"（依据《{pack.title.get('zh')}》{clause.label('zh')}：{clause.text}）"), "仿宋", Pt(10.5))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cjk_font(style: Any, name: str, size: Any) -> None:
    from docx.oxml.ns import qn

    style.font.name = name
    style.font.size = size
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _cjk_run(run: Any, name: str, size: Any) -> None:
    from docx.oxml.ns import qn

    run.font.name = name
    run.font.size = size
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


# ── XLSX ─────────────────────────────────────────────────────────────────────


def half_year(text: str) -> tuple[str, str]:
    """``2026-H1`` → (2026-01-01, 2026-06-30); ``2026-H2`` → (2026-07-01, 2026-12-31)."""
    import re

    m = re.fullmatch(r"(\d{4})-?[Hh]([12])", text.strip())
    if not m:
        raise InputError("document.bad_half", value=text)
    year, half = int(m.group(1)), m.group(2)
    return (f"{year}-01-01", f"{year}-06-30") if half == "1" else (f"{year}-07-01", f"{year}-12-31")


#: column widths (characters) of the statistics sheet's word columns
_WIDTH = {"sequence": 5, "name": 8, "unit_and_position": 16, "matter": 18, "responsibility": 10,
          "application_reasons": 18, "conditions_and_scenarios": 24, "recorded_on": 11, "correction_status": 12,
          "remarks": 10}


def statistics_workbook(records: list[Any], pack: Pack, unit: str = "", reported_on: str | None = None) -> bytes:
    """The 容错统计表 of ``records`` (the tolerated ones: a deny is no 容错) as XLSX bytes, laid out as the pack's
    ``statistics`` form gives it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    form = form_of(pack, "statistics")
    columns = form.columns or len(form.record_columns)
    wb = Workbook()
    ws = wb.active
    ws.title = form.title
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.cell(1, 1, form.title).font = Font(name="宋体", size=18, bold=True)
    ws.cell(1, 1).alignment = centre
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    lines = [cell_text(c, {}) for c in form.sections]
    if unit:
        lines[0] = lines[0] + unit if lines else unit
    if reported_on and len(lines) > 1:
        d = dt.date.fromisoformat(reported_on)
        lines[1] = lines[1].replace(" 年 月 日", f" {d.year} 年 {d.month} 月 {d.day} 日")
    ws.cell(2, 1, "　　".join(lines)).font = Font(name="仿宋", size=11)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
    top = 3
    for r, c, cell in placed(form.header, columns):
        target = ws.cell(top + r, c + 1, cell.text)
        target.font = Font(name="仿宋", size=10, bold=True)
        if cell.span > 1 or cell.rows > 1:
            ws.merge_cells(start_row=top + r, start_column=c + 1, end_row=top + r + cell.rows - 1,
                           end_column=c + cell.span)
    first = top + len(form.header)
    tolerated = [rec for rec in records if rec.verdict["outcome"] in _OUTCOME_WORD]
    for i, rec in enumerate(tolerated, 1):
        vals = values(rec, pack, sequence=i)
        for j, name in enumerate(form.record_columns):
            ws.cell(first + i - 1, j + 1, vals.get(name, "")).font = Font(name="仿宋", size=10)
    last = first + max(len(tolerated), 1) - 1
    for row in ws.iter_rows(min_row=top, max_row=last, max_col=columns):
        for cell in row:
            cell.border = box
            cell.alignment = centre
    for k, note in enumerate(form.notes):
        ws.cell(last + 2 + k, 1, note).font = Font(name="仿宋", size=9)
        ws.merge_cells(start_row=last + 2 + k, start_column=1, end_row=last + 2 + k, end_column=columns)
        ws.cell(last + 2 + k, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[last + 2 + k].height = 30
    for j, name in enumerate(form.record_columns):  # ticks narrow, words wide
        ws.column_dimensions[get_column_letter(j + 1)].width = _WIDTH.get(name, 5 if ":" in name or name.startswith("tick") else 14)
    for r in range(top, top + len(form.header)):
        ws.row_dimensions[r].height = 42
    for r in range(first, last + 1):
        ws.row_dimensions[r].height = 96
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
