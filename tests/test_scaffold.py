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
