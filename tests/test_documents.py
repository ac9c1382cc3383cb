"""The measures' documents from records (DESIGN §10): DOCX and XLSX read back field by field, laid out as
济南's annexes are (附件1 容错申请表, 附件2 容错统计表), the clauses quoted verbatim — and one rendering of each
looked at through LibreOffice (headless → PDF → PNG) where it is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document as Docx
from openpyxl import load_workbook

from rongcuo_rules import evaluate, get_pack
from rongcuo_rules.archive import Archive
from rongcuo_rules.case import case_from_facts, load_case
from rongcuo_rules.cli import main
from rongcuo_rules.documents import docx_document, half_year, placed, statistics_workbook
from rongcuo_rules.errors import InputError
from rongcuo_rules.yamlio import load_file

from .conftest import GOLDEN, ROOT

DETAILS = {"name": "张三", "unit": "济南市某区行政审批服务局", "position": "科长", "rank": "正科级",
           "birth": "1980年5月", "political_status": "中共党员", "notified_on": "2025年3月3日",
           "matter": "推行“一窗受理”改革中未按原程序审批", "duties": "负责审批窗口改革试点",
           "application_reasons": "出于公心，未谋取私利", "measures": "建立复核机制", "responsibility": "直接责任",
           "accountability": ["提醒函询等", "通报批评"]}


def jinan_case(case_id: str, **extra: Any) -> Any:
    base = load_file(GOLDEN / "jinan.yaml").data["base"]
    return case_from_facts({**base, "context.innovation_strategy": True, **extra}, case_id=case_id)


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return Archive(f"sqlite:///{tmp_path / 'a.sqlite3'}")


@pytest.fixture
def exempt(archive: Archive) -> Any:
    case = jinan_case("JN-1")
    return archive.record(evaluate("jinan", case), case, recorded_by="中共济南市某区纪委", details=DETAILS)


def read_docx(data: bytes, tmp_path: Path) -> Any:
    path = tmp_path / "d.docx"
    path.write_bytes(data)
    return Docx(str(path))


def test_the_application_form_is_the_annex_table_filled(exempt: Any, tmp_path: Path) -> None:
    pack = get_pack("jinan")
    doc = read_docx(docx_document("application", exempt, pack), tmp_path)
    assert doc.paragraphs[0].text == "容错申请表"
    table = doc.tables[0]
    form = pack.forms["application"]
    assert len(table.rows) == len(form.rows) and len(table.columns) == form.columns == 7
    # every printed label of 附件1 where the annex puts it, and every blank filled where it belongs
    expected = {(0, 0): "单 位", (0, 1): DETAILS["unit"], (1, 0): "申请人 情况", (1, 1): "姓 名", (1, 2): "张三",
                (1, 4): "1980年5月", (1, 6): "中共党员", (2, 0): "申请人 情况", (2, 1): "职 务", (2, 2): "科长",
                (2, 5): "级别", (2, 6): "正科级", (3, 0): "问责 追责 情况", (3, 2): "2025年3月3日",
                (4, 2): DETAILS["matter"], (6, 0): "容错 申请 情况", (6, 2): DETAILS["application_reasons"],
                (8, 2): DETAILS["measures"], (10, 0): "附件:", (10, 1): "党委(党组)容错初步建议、其他证明材料"}
    for (r, c), text in expected.items():
        assert table.cell(r, c).text == text, (r, c, table.cell(r, c).text)
    # merged as the annex merges them: the unit's value spans six columns, 申请人情况 two rows
    assert table.cell(0, 1)._tc is table.cell(0, 6)._tc and table.cell(1, 0)._tc is table.cell(2, 0)._tc
    conditions = table.cell(7, 2).text
    assert conditions.startswith("条件：第二条") and "情形：第八条第（一）项" in conditions
    assert "(盖章) 主要负责同志签名: _____ 年 月 日" in table.cell(9, 1).text
    assert any(p.text == "时间： 年 月 日" for p in doc.paragraphs)


def test_the_decision_states_what_article_15_lists(exempt: Any, tmp_path: Path) -> None:
    pack = get_pack("jinan")
    doc = read_docx(docx_document("decision", exempt, pack), tmp_path)
    texts = [p.text for p in doc.paragraphs]
    heads = [t for t in texts if len(t) > 2 and t[1] == "、"]
    assert heads == ["一、当事人基本情况", "二、具体问题", "三、容错情节", "四、容错依据", "五、容错方式", "六、批准机关",
                     "七、生效时间"]  # 第十五条第二款: 当事人基本情况、具体问题、容错情节、容错依据、批准机关、生效时间
    after = {h: texts[texts.index(h) + 1] for h in heads}
    assert after["一、当事人基本情况"] == "张三，济南市某区行政审批服务局，科长"
    assert after["五、容错方式"] == "免责" and after["六、批准机关"] == "中共济南市某区纪委"
    assert after["七、生效时间"].endswith("日") and after["七、生效时间"][:4] == exempt.recorded_at[:4]
    # the grounds: every clause the verdict rests on, verbatim
    for cite in exempt.verdict["citations"]:
        assert f"【{cite['label']}】{cite['text']}" in texts
    assert texts[-1].startswith("（依据《济南市激励干部担当作为深化完善容错机制实施细则（试行）》第十五条第二款：")
    assert pack.clauses["art15.p2"].text in texts[-1]


def test_the_correction_notice_quotes_article_24(exempt: Any, tmp_path: Path) -> None:
    pack = get_pack("jinan")
    doc = read_docx(docx_document("correction", exempt, pack, {"correction": "谈话教育，完善复核制度"}), tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "纠错通知书" and "谈话教育，完善复核制度" in texts
    assert pack.clauses["art24"].text in texts[-1]


def test_a_pack_without_forms_gets_a_generic_decision(archive: Archive, tmp_path: Path) -> None:
    case = load_case(ROOT / "examples" / "fuzhou_flood_exempt.yaml")
    record = archive.record(evaluate("fuzhou", case), case, recorded_by="区纪委监委")
    texts = [p.text for p in read_docx(docx_document("decision", record, get_pack("fuzhou")), tmp_path).paragraphs]
    assert texts[0] == "容错决定书" and "四、容错依据" in texts and "免责" in texts
    with pytest.raises(InputError) as none:
        docx_document("application", record, get_pack("fuzhou"))
    assert none.value.code == "document.no_form"


def test_no_decision_document_for_a_deny(archive: Archive) -> None:
    case = jinan_case("JN-2", **{"conduct.private_gain": True})
    record = archive.record(evaluate("jinan", case), case)
    with pytest.raises(InputError) as refused:
        docx_document("decision", record, get_pack("jinan"))
    assert refused.value.code == "document.not_tolerated"


def test_the_statistics_sheet_is_annex_2(archive: Archive, exempt: Any, tmp_path: Path) -> None:
    denied = jinan_case("JN-3", **{"conduct.private_gain": True})
    archive.record(evaluate("jinan", denied), denied)  # a deny is no 容错: not counted
    corrected = archive.record(evaluate("jinan", jinan_case("JN-1")), jinan_case("JN-1"), supersedes=exempt.id,
                               details={**DETAILS, "accountability": ["诫勉"]})
    records = archive.records(pack="jinan", current_only=True)
    path = tmp_path / "s.xlsx"
    path.write_bytes(statistics_workbook(records, get_pack("jinan"), unit="某区纪委"))
    ws = load_workbook(path).active
    form = get_pack("jinan").forms["statistics"]
    assert ws.cell(1, 1).value == "容错统计表" and ws.cell(2, 1).value.startswith("填报单位：某区纪委")
    # the header as 附件2 lays it out: labels in their cells, merged over the columns and rows they cover
    merged = {str(r) for r in ws.merged_cells.ranges}
    for r, c, cell in placed(form.header, form.columns):
        assert ws.cell(3 + r, c + 1).value == cell.text
        if cell.span > 1 or cell.rows > 1:
            from openpyxl.utils import get_column_letter

            assert f"{get_column_letter(c + 1)}{3 + r}:{get_column_letter(c + cell.span)}{3 + r + cell.rows - 1}" in merged
    header = {ws.cell(5, c).value: c for c in range(1, 38) if ws.cell(5, c).value}
    row = 6  # one tolerated, current record
    assert ws.cell(row, 1).value == "1" and ws.cell(row, 2).value == "张三"
    assert ws.cell(row, header["免责"]).value == "√" and not ws.cell(row, header["减责"]).value
    assert ws.cell(row, header["停职检查"]).value in (None, "")
    ticks = {ws.cell(4, c).value: ws.cell(row, c).value for c in range(1, 38) if ws.cell(4, c).value}
    assert ticks["诫勉"] == "√" and not ticks["通报批评"]  # the correction's measures, not the superseded record's
    assert ws.cell(row + 1, 2).value in (None, "")  # the deny and the superseded record are not rows
    notes = [ws.cell(r, 1).value for r in range(row + 2, row + 6)]
    assert notes == form.notes and notes[3].startswith("4. 该表由各问责追责承办单位每半年汇总")
    assert corrected.supersedes == exempt.id


def test_half_years() -> None:
    assert half_year("2026-H1") == ("2026-01-01", "2026-06-30") and half_year("2026h2") == ("2026-07-01", "2026-12-31")
    with pytest.raises(InputError):
        half_year("2026-Q3")


def test_documents_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    case_file = tmp_path / "case.json"
    case = jinan_case("JN-9")
    case_file.write_text(json.dumps({"id": "JN-9", "facts": case.facts}, ensure_ascii=False), encoding="utf-8")
    details = tmp_path / "details.yaml"
    details.write_text("name: 李四\naccountability: [诫勉]\n", encoding="utf-8")
    assert main(["record", str(case_file), "--pack", "jinan", "--db", db, "--details", str(details)]) == 0
    for kind in ("application", "decision", "correction"):
        out = tmp_path / f"{kind}.docx"
        assert main(["document", kind, "1", "-o", str(out), "--db", db]) == 0
        assert Docx(str(out)).paragraphs[0].text in ("容错申请表", "容错决定书", "纠错通知书")
    sheet = tmp_path / "s.xlsx"
    from datetime import date

    half = f"{date.today().year}-H{1 if date.today().month <= 6 else 2}"
    assert main(["document", "statistics", "--half", half, "--pack", "jinan", "-o", str(sheet), "--db", db]) == 0
    assert load_workbook(sheet).active.cell(6, 2).value == "李四"
    capsys.readouterr()
    bad = tmp_path / "bad.yaml"
    bad.write_text("nmae: 王五\n", encoding="utf-8")
    assert main(["document", "decision", "1", "-o", str(tmp_path / "x.docx"), "--db", db, "--details", str(bad)]) == 2
    assert "name" in capsys.readouterr().err  # did you mean
    assert main(["record", str(case_file), "--pack", "jinan", "--db", db, "--details", str(bad)]) == 2
    bad.write_text("accountability: [记大过了]\n", encoding="utf-8")
    assert main(["document", "decision", "1", "-o", str(tmp_path / "x.docx"), "--db", db, "--details", str(bad)]) == 2
    assert "记大过" in capsys.readouterr().err


def test_a_form_names_only_known_fields(tmp_path: Path) -> None:
    from rongcuo_rules.pack import load_pack

    text = (ROOT / "policies" / "jinan.yaml").read_text(encoding="utf-8").replace("{field: unit, span: 6}",
                                                                                  "{field: unti, span: 6}")
    path = tmp_path / "jinan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as bad:
        load_pack(path)
    assert bad.value.code == "form.unknown_field" and "unit" in str(bad.value)


# ── one rendering of each, looked at ─────────────────────────────────────────


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_office() is None or shutil.which("pdftoppm") is None,
                    reason="LibreOffice and pdftoppm are not installed (Debian: libreoffice-writer-nogui, "
                           "libreoffice-calc-nogui, poppler-utils; scripts/system-deps installs them)")
def test_each_document_renders(exempt: Any, tmp_path: Path) -> None:
    """LibreOffice opens each file and draws it: one page of the expected shape, with ink where the title and the
    table are. (The PNGs of the README's figures came from the same commands.)"""
    from PIL import Image

    pack = get_pack("jinan")
    files = {kind: tmp_path / f"{kind}.docx" for kind in ("application", "decision", "correction")}
    for kind, path in files.items():
        path.write_bytes(docx_document(kind, exempt, pack))
    sheet = tmp_path / "statistics.xlsx"
    sheet.write_bytes(statistics_workbook([exempt], pack))
    subprocess.run([_office(), "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *map(str, [*files.values(), sheet])],
                   check=True, capture_output=True, timeout=240)
    for name, landscape in [("application", False), ("decision", False), ("correction", False), ("statistics", True)]:
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file(), name
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / name)],
                       check=True, capture_output=True)
        png = next(tmp_path.glob(f"{name}-*1.png"))
        image = Image.open(png).convert("L")
        w, h = image.size
        assert (w > h) == landscape, (name, w, h)
        top = image.crop((0, 0, w, h // 4))
        assert top.getextrema()[0] < 100, name  # something dark — the title — drawn in the top quarter


def test_every_printed_word_of_the_forms_is_the_measures_own() -> None:
    """The forms' printed words, titles and notes are the seed's (whitespace aside; the seed's HTML markup of the
    annex's signature cell aside): nothing on a form is paraphrased."""
    import re

    from .seedtext import squash

    seed = squash(re.sub(r"<[^>]+>", "", (ROOT / "seeds" / "001_50ea5752f48815cd.txt").read_text(encoding="utf-8")))
    pack = get_pack("jinan")
    printed = []
    for form in pack.forms.values():
        printed += [form.title, *form.notes]
        printed += [c.text for row in [*form.rows, *form.header] for c in row if c.text]
        printed += [c.text for c in form.sections if c.text]
    assert len(printed) > 60
    for text in printed:
        assert squash(text) in seed, text
