"""Wording lives in one catalogue per language, looked up one way, with each language's punctuation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rongcuo_rules.cli import main
from rongcuo_rules.wording import CATALOGUE, WORDS, message, punct, text

FULL_WIDTH = re.compile(r"[（）【】：；、，“”]")
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rongcuo_rules"


def test_every_entry_exists_in_both_languages() -> None:
    assert set(CATALOGUE["zh"]) == set(CATALOGUE["en"]) == set(WORDS)
    for key, (zh, en) in WORDS.items():
        assert zh.strip() and en.strip(), key
        # the same placeholders in both languages, so a parameter is never dropped in one of them
        assert set(re.findall(r"\{(\w+)\}", zh)) == set(re.findall(r"\{(\w+)\}", en)), key


def test_english_wording_has_no_full_width_punctuation() -> None:
    assert [k for k, en in CATALOGUE["en"].items() if FULL_WIDTH.search(en)] == []


def test_lookup_formats_hints_and_per_language_parameters() -> None:
    assert message("fact.unknown", "en", fact="x", hint="y") == "unknown fact 'x' (did you mean 'y'?)"
    assert message("fact.unknown", "zh", fact="x", hint="") == "未知的事实“x”"
    assert text("msg.case.constraint", "en", id="c", detail_zh="中", detail_en="E").endswith("E")
    assert punct("zh").paren("a") == "（a）" and punct("en").paren("a") == " (a)"


def test_no_rendering_branches_on_the_language() -> None:
    """Outside the catalogue only accessors of (Chinese, English) pairs may pick a language."""
    allowed = {"wording.py", "vocabulary.py", "events.py", "labels.py"}
    branching = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py") if p.name not in allowed
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if re.search(r"lang [!=]= \"(en|zh)\"|1 if lang", line)]
    assert branching == []


def test_compare_in_english_has_no_full_width_brackets(capsys: pytest.CaptureFixture[str]) -> None:
    # it printed "Groups of differences: 122（showing the first 3）"
    assert main(["compare", "fuzhou", "shaoxing", "--lang", "en", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "(showing the first 3)" in out and not FULL_WIDTH.search(out.split("\n\n")[0])
