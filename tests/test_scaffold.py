"""`rongcuo pack scaffold`: a measure's text split into clauses with DESIGN §3 ids, measured against the five
shipped packs — every clause id and verbatim text they define (and 绍兴's annex items, against its shipped X
checklists) — and read from .txt and .docx alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from rongcuo_rules.checklist import get_checklist
from rongcuo_rules.cli import main
from rongcuo_rules.errors import InputError
from rongcuo_rules.pack import get_pack
from rongcuo_rules.scaffold import place, read_paragraphs, scaffold

from .conftest import ROOT

SEEDS = {"shaoxing": "000_76ff0266ef4997af.txt", "jinan": "001_50ea5752f48815cd.txt",
         "fuzhou": "002_6886fa95bcd3e865.txt", "pingdingshan": "003_b7d4f86651d46f14.txt",
         "changzhou_edu": "004_8462bfa9d06c33b6.txt"}


@pytest.mark.parametrize("name", SEEDS)
def test_the_scaffold_proposes_every_clause_the_pack_defines(name: str) -> None:
    result = scaffold(read_paragraphs(ROOT / "seeds" / SEEDS[name]))
    shipped = {k: c.text for k, c in get_pack(name).clauses.items()}
    assert {k: result.clauses.get(k) for k in shipped} == shipped  # ids and texts, every one
    extra = set(result.clauses) - set(shipped)
    # 绍兴's annexes are its X checklists, not clauses of its pack (below)
    assert all(k.startswith("annex") and k != "annex_list" for k in extra) and (name == "shaoxing") == bool(extra), extra
    chapters = [(c.number, c.title.replace(" ", "")) for c in get_pack(name).chapters]
    assert [(c["number"], c["title"].replace(" ", "")) for c in result.chapters] == chapters


def test_shaoxings_annex_items_are_its_checklists_items() -> None:
    result = scaffold(read_paragraphs(ROOT / "seeds" / SEEDS["shaoxing"]))
    items = {f"annex{n}.{it.number}": it.text for n in range(1, 6) for it in get_checklist(f"shaoxing_annex{n}").items}
    assert len(items) == 51
    assert {k: v for k, v in result.clauses.items() if k.startswith("annex") and k != "annex_list"} == items


def test_a_docx_reads_as_its_text(tmp_path: Path) -> None:
    from docx import Document as Docx

    lines = (ROOT / "seeds" / SEEDS["fuzhou"]).read_text(encoding="utf-8").splitlines()
    doc = Docx()
    for line in lines:
        doc.add_paragraph(line)
    path = tmp_path / "measure.docx"
    doc.save(str(path))
    assert scaffold(read_paragraphs(path)).clauses == scaffold(lines).clauses


@pytest.mark.parametrize("suffix, code", [(".doc", "draft.old_word"), (".wps", "draft.old_word"),
                                          (".pdf", "draft.not_text"), (".png", "draft.not_text")])
def test_files_without_paragraphs_say_what_to_do(tmp_path: Path, suffix: str, code: str) -> None:
    path = tmp_path / f"measure{suffix}"
    path.write_bytes(b"%PDF-1.4 binary")
    with pytest.raises(InputError) as refused:
        read_paragraphs(path)
    assert refused.value.code == code


def test_a_broken_docx_and_a_text_without_articles(tmp_path: Path) -> None:
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError) as refused:
        read_paragraphs(bad)
    assert refused.value.code == "draft.bad_docx"
    with pytest.raises(InputError) as none:
        scaffold(["关于某事的通知", "请遵照执行。"])
    assert none.value.code == "draft.no_articles"


def test_placements_follow_the_articles_and_chapters() -> None:
    result = scaffold(read_paragraphs(ROOT / "seeds" / SEEDS["fuzhou"]))
    # 抚州: 第四条 lists the conditions, 第五—八条 situations, 第九条 the nine prohibitions, 第十六条 the scope
    assert place(result, "art4.1") == "conditions" and place(result, "art6.2") == "scenarios"
    assert place(result, "art9.3") == "exclusions" and place(result, "art16") == "scope"
    assert place(result, "art1") is None and place(result, "notice.p1") is None  # 总则, the notice


def test_the_command_writes_a_skeleton_to_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "fuzhou2.yaml"
    assert main(["pack", "scaffold", str(ROOT / "seeds" / SEEDS["fuzhou"]), "--name", "fuzhou2", "-o", str(out)]) == 0
    assert "69 clauses (18 articles), 5 chapters" in capsys.readouterr().out
    data = YAML(typ="safe").load(out.read_text(encoding="utf-8"))
    assert data["pack"] == "fuzhou2" and data["title"]["zh"] == "抚州市容错免责办法(试行)"
    assert {k: v["text"] for k, v in data["clauses"].items()} == {k: c.text for k, c in get_pack("fuzhou").clauses.items()}
    text = out.read_text(encoding="utf-8")
    assert "art9.1:  # 待审：可能属于 exclusions" in text  # each placement marked for review
    assert main(["pack", "scaffold", str(ROOT / "seeds" / SEEDS["fuzhou"]), "--name", "Bad-Name", "-o", str(out)]) == 2


# ── a measure written otherwise than the five: read right, or refused, never silently wrong ──

MEASURE = """某市容错纠错办法
第一章 总则
第一条 为了激励干部担当作为，制定本办法。
第二章 条件和情形
第二条 符合下列条件的，可以容错：
1. 法律法规没有明令禁止；
(2) 没有谋取私利；
三、经过民主决策程序。
第二条之一 有下列情形之一的，不予容错：
（一）谋取私利的；
第一百零一条 本办法自印发之日起施行。
"""


def test_other_numbering_is_read_not_guessed() -> None:
    result = scaffold(MEASURE.splitlines())
    assert result.clauses["art2"] == "符合下列条件的，可以容错："
    assert [result.clauses[f"art2.{n}"] for n in (1, 2, 3)] == ["法律法规没有明令禁止；", "没有谋取私利；",
                                                               "经过民主决策程序。"]
    assert result.clauses["art2_1"] == "有下列情形之一的，不予容错：" and result.clauses["art2_1.1"] == "谋取私利的；"
    assert result.clauses["art101"] == "本办法自印发之日起施行。"
    assert place(result, "art2_1.1") == "exclusions"


def test_two_articles_with_one_number_are_refused() -> None:
    with pytest.raises(InputError) as twice:
        scaffold(MEASURE.replace("第二条之一", "第二条").splitlines())
    assert twice.value.code == "draft.duplicate_clause" and "art2" in str(twice.value)


def test_every_join_and_every_line_left_out_is_noted(tmp_path: Path) -> None:
    text = MEASURE.replace("第一条 为了激励干部担当作为，制定本办法。",
                           "第一条 为了激励干部担当作为，根据有关规定和本市实际情况\n制定本办法。")
    text += "抄送：市纪委监委\n"
    result = scaffold(text.splitlines())
    assert result.clauses["art1"] == "为了激励干部担当作为，根据有关规定和本市实际情况制定本办法。"
    assert any(n.startswith("joined:") for n in result.notes)
    assert any("抄送" in n for n in result.notes) or "art101.p2" in result.clauses
    out = tmp_path / "x.yaml"
    path = tmp_path / "measure.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["pack", "scaffold", str(path), "--name", "moushi", "-o", str(out)]) == 0
    assert "# 读取说明 / reading note: joined:" in out.read_text(encoding="utf-8")


def test_word_paragraphs_are_not_joined_and_automatic_numbering_is_refused(tmp_path: Path) -> None:
    from docx import Document as Docx

    doc = Docx()
    for line in ["某市办法", "第一条 这一段在 Word 里没有句号", "第二条 第二段。"]:
        doc.add_paragraph(line)
    path = tmp_path / "m.docx"
    doc.save(str(path))
    assert main(["pack", "scaffold", str(path), "--name", "m", "-o", str(tmp_path / "m.yaml")]) == 0
    data = YAML(typ="safe").load((tmp_path / "m.yaml").read_text(encoding="utf-8"))
    assert data["clauses"]["art1"]["text"] == "这一段在 Word 里没有句号"  # not joined with the next article
    numbered = Docx()
    numbered.add_paragraph("第一条 正文。")
    numbered.add_paragraph("自动编号的一项", style="List Number")
    numbered.save(str(path))
    with pytest.raises(InputError) as auto:
        read_paragraphs(path)
    assert auto.value.code == "draft.auto_numbering" and auto.value.location.line == 2
    with_table = Docx()
    with_table.add_paragraph("第一条 正文。")
    with_table.add_table(rows=1, cols=1)
    with_table.save(str(path))
    with pytest.raises(InputError) as table:
        read_paragraphs(path)
    assert table.value.code == "draft.tables"
    with pytest.raises(InputError) as missing:
        read_paragraphs(tmp_path / "nowhere.docx")
    assert missing.value.code == "file.not_found"
