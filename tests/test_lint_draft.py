"""`rongcuo lint DRAFT.docx|txt|md --parent PACK`: the text rules run on a drafter's document, each finding at the
paragraph (a text file's line) and column of the words it is about; for a DOCX also the paragraph's first words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rongcuo_rules.cli import main

from .conftest import ROOT

SEED = ROOT / "seeds" / "000_76ff0266ef4997af.txt"


def draft_lines() -> list[str]:
    """绍兴 附件4 with four flaws a drafter could make: a half-width comma in item 1, item 3 numbered 5 (a gap and
    a duplicate), and the catch-all replaced by an item naming 谋取私利."""
    text = SEED.read_text(encoding="utf-8")
    annex = text[text.index("附件4\n"):text.index("附件5\n")].splitlines()[1:]
    out = []
    for line in annex:
        line = line.replace("1．在招商引资过程中，积极", "1．在招商引资过程中,积极")
        line = line.replace("其它经认定可以容错的情形。", "为企业谋取私利的。")
        out.append("5．" + line[2:] if line.startswith("3．") else line)
    return out


EXPECTED = {("RL303", 4, 8), ("RL301", 8, 3), ("RL302", 11, 3), ("RL204", 18, 6), ("RL201", 18, 3)}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_text_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("\n".join(draft_lines()), encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(path), "--parent", "shaoxing", "--format", "json")
    assert code == 1  # errors: the duplicate number, the excluded conduct
    findings = json.loads(out)["findings"]
    got = {(f["rule"], f["line"], f["col"]) for f in findings}
    assert EXPECTED <= got, got - EXPECTED
    assert {f["rule"] for f in findings} - {r for r, *_ in EXPECTED} == {"RL202"}  # and the vague 一定 of the source
    lines = path.read_text(encoding="utf-8").splitlines()
    comma = next(f for f in findings if f["rule"] == "RL303")
    assert lines[comma["line"] - 1][comma["col"] - 1:].startswith("过程中,")  # the column is where the words are
    gain = next(f for f in findings if f["rule"] == "RL204")
    assert lines[gain["line"] - 1][gain["col"] - 1:].startswith("谋取私利")


def test_a_word_draft_names_each_paragraph_by_its_first_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from docx import Document as Docx

    doc = Docx()
    for line in draft_lines():
        doc.add_paragraph(line)
    path = tmp_path / "draft.docx"
    doc.save(str(path))
    code, out, _ = run(capsys, "lint", str(path), "--parent", "shaoxing", "--format", "json")
    findings = json.loads(out)["findings"]
    assert EXPECTED <= {(f["rule"], f["line"], f["col"]) for f in findings}
    comma = next(f for f in findings if f["rule"] == "RL303")
    assert comma["paragraph_start"] == "1．在招商引资过程中,积……"
    code, out, _ = run(capsys, "lint", str(path), "--parent", "shaoxing")
    assert "（第4段“1．在招商引资过程中,积……”）" in out


def test_what_a_draft_needs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("\n".join(draft_lines()), encoding="utf-8")
    code, _, err = run(capsys, "lint", str(path))
    assert code == 2 and "--parent" in err
    old = tmp_path / "draft.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run(capsys, "lint", str(old), "--parent", "shaoxing", "--lang", "en")
    assert code == 2 and ".docx" in err and "Traceback" not in err
    code, _, err = run(capsys, "lint", str(path), "--parent", "shaoxin", "--lang", "en")
    assert code == 2 and "did you mean 'shaoxing'" in err  # never linted with the parent's rules silently off


def test_positions_in_items_over_several_lines_and_with_quotes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.txt"
    path.write_text("清单\n1．在推进“最多跑一次”改革中，因\n政策调整,出现失误的；\n"
                    "2．在推进“最多跑一次”改革中，因\n政策调整,出现失误的；\n3．其它经认定可以容错的情形。\n",
                    encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(path), "--parent", "shaoxing", "--format", "json")
    findings = json.loads(out)["findings"]
    commas = [f for f in findings if f["rule"] == "RL303"]
    lines = path.read_text(encoding="utf-8").splitlines()
    # the half-width comma is on the item's second line, after the quotes of its first
    # (the rule points at the three characters before the comma, as on a YAML checklist)
    assert [(f["line"], lines[f["line"] - 1][f["col"] - 1:f["col"] + 3]) for f in commas] == [(3, "策调整,"), (5, "策调整,")]
    assert any(f["rule"] == "RL103" for f in findings)  # the two identical items
