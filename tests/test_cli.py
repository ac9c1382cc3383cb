"""The command line: verdicts, pack listing, schemas, and one clear line with exit 2 for bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rongcuo_rules.cli import main

from .conftest import FIXTURES, ROOT, engine_neutral

CASES = FIXTURES / "cases"
PACKS = FIXTURES / "packs"
EXAMPLE = str(ROOT / "examples" / "fuzhou_flood_exempt.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_evaluate_text_is_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", "--pack", "fuzhou", EXAMPLE)
    assert code == 0 and err == ""
    assert "结论：免责 [exempt]" in out
    assert "【第七条第（二）项】在应对自然灾害" in out
    assert "结果运用" in out and "本结论采用的解读" in out


def test_evaluate_text_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", "--pack", "fuzhou", EXAMPLE, "--lang", "en")
    assert code == 0
    assert "Outcome: exempt [exempt]" in out and "[Article 7(2)]" in out
    assert "Interpretations this verdict relies on" in out


def test_evaluate_json_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", "--pack", "fuzhou", EXAMPLE, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["pack", "pack_version", "case_id", "outcome", "permitted", "in_scope", "citations",
                          "reasons", "trace", "missing_facts", "consequences", "interpretations",
                          "readings", "near_misses", "decision_table", "alternatives", "implied_facts", "checklists",
                          "refinements", "receipt"]
    assert set(data["receipt"]) == {"library_version", "engine", "lang", "explain", "pack_sha256",
                                    "vocabulary_sha256", "case_sha256"}  # DESIGN §10, and explain (an addition)
    assert data["pack"] == "fuzhou" and data["pack_version"] == "2019-01-22" and data["case_id"] == "FZ-2020-017"
    assert data["citations"][0] == {"clause": "art16", "label": "第十六条", "text": data["citations"][0]["text"]}
    assert set(data["reasons"][0]) == {"kind", "clause", "rule", "holds", "because"}
    assert set(data["trace"][0]) == {"rule", "clause", "derived", "read"}


def test_evaluate_json_is_byte_identical_across_runs() -> None:
    # separate processes, each with its own hash seed: nothing is served from a cache of an earlier run
    outs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "rongcuo_rules", "evaluate", "--pack", "all", EXAMPLE,
                               "--format", "json"], capture_output=True, text=True, env=env, check=True)
        outs.add(done.stdout)
    assert len(outs) == 1 and '"pack": "fuzhou"' in outs.pop()


def test_evaluate_all_gives_one_verdict_per_pack(capsys: pytest.CaptureFixture[str]) -> None:
    from rongcuo_rules import shipped_pack_names

    code, out, _ = run(capsys, "evaluate", "--pack", "all", EXAMPLE, "--format", "json")
    data = json.loads(out)
    assert code == 0 and [v["pack"] for v in data] == shipped_pack_names()
    code, out, _ = run(capsys, "evaluate", "--pack", "all", EXAMPLE)
    assert code == 0 and out.startswith("各政策包结论对照")


def test_evaluate_pack_by_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "minimal_case.yaml"  # never written into tests/fixtures
    case.write_text("facts:\n  subject.kind: individual\n  conduct.private_gain: false\n"
                    "  context.emergency: true\n", encoding="utf-8")
    code, out, _ = run(capsys, "evaluate", "--pack", str(PACKS / "minimal.yaml"), str(case), "--format", "json")
    assert code == 0 and json.loads(out)["outcome"] == "exempt"


def test_durable_engine_flag(capsys: pytest.CaptureFixture[str]) -> None:
    from rongcuo_rules import durable_available

    if not durable_available():
        code, _, err = run(capsys, "evaluate", "--pack", "fuzhou", EXAMPLE, "--engine", "durable")
        assert code == 3 and "durable" in err
        return
    native = run(capsys, "evaluate", "--pack", "fuzhou", EXAMPLE, "--format", "json")[1]
    durable = run(capsys, "evaluate", "--pack", "fuzhou", EXAMPLE, "--format", "json", "--engine", "durable")[1]
    assert engine_neutral(native) == engine_neutral(durable)


def test_packs_lists_shipped_packs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "packs", "--format", "json")
    rows = json.loads(out)
    fuzhou = next(r for r in rows if r["pack"] == "fuzhou")
    assert code == 0
    assert fuzhou["title"] == "抚州市容错免责办法（试行）" and fuzhou["issued"] == "2019-01-22"
    assert (fuzhou["conditions"], fuzhou["scenarios"], fuzhou["exclusions"]) == (6, 14, 9)
    code, out, _ = run(capsys, "packs")
    assert code == 0 and "fuzhou  抚州市容错免责办法（试行）" in out


@pytest.mark.parametrize("kind", ["pack", "case"])
def test_schema_is_json(capsys: pytest.CaptureFixture[str], kind: str) -> None:
    code, out, _ = run(capsys, "schema", kind)
    schema = json.loads(out)
    assert code == 0 and schema["$schema"].endswith("2020-12/schema")


# ── bad input: exit 2, one line, location, no traceback, nothing guessed ────────────────────────

BAD_CASES = [
    ("unknown_fact.yaml", ["unknown_fact.yaml:2:3", "conduct.privte_gain", "conduct.private_gain"]),
    ("bad_value.yaml", ["bad_value.yaml:2:16", "huge", "none, minor, considerable, severe, major"]),
    ("wrong_type.yaml", ["wrong_type.yaml:2:25", "true or false"]),
    ("constraint.yaml", ["constraint.yaml:2:3", "unregulated_not_prohibited"]),
    ("both_ways.yaml", ["both_ways.yaml:4:5", "conduct.private_gain", "twice"]),
    ("malformed.yaml", ["malformed.yaml:3:1", "YAML syntax error"]),
    ("malformed.json", ["malformed.json:1:42", "JSON syntax error"]),
    ("duplicate_key.yaml", ["duplicate_key.yaml:3:3", "duplicate key", "first at 2:3"]),
    ("duplicate_key.json", ["duplicate_key.json:1:43", "duplicate key", "first at 1:12"]),
    ("unsafe_tag.yaml", ["unsafe_tag.yaml:2:25", "!!python/object/apply:os.system", "not allowed"]),
    ("alias_bomb.yaml", ["alias_bomb.yaml", "more than 200000 nodes"]),
    ("empty.yaml", ["empty.yaml", "empty"]),
    ("list.yaml", ["list.yaml:1:1", "must be a mapping"]),
    ("misspelt_section.yaml", ["misspelt_section.yaml:1:1", "'fact'", "did you mean 'facts'"]),
]


@pytest.mark.parametrize(("name", "expected"), BAD_CASES)
def test_bad_case_file(capsys: pytest.CaptureFixture[str], name: str, expected: list[str]) -> None:
    code, out, err = run(capsys, "evaluate", "--pack", "fuzhou", str(CASES / name), "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    for text in expected:
        assert text in err


BAD_PACKS = [
    ("bad_unknown_fact.yaml", ["bad_unknown_fact.yaml:12:18", "conduct.privat_gain", "conduct.private_gain"]),
    ("bad_undefined_clause.yaml", ["bad_undefined_clause.yaml:15:14", "art3.1"]),
    ("bad_value.yaml", ["bad_value.yaml:12:40", "moderate", "none, minor"]),
    ("bad_unordered.yaml", ["bad_unordered.yaml:12:32", "at_least", "subject.kind"]),
    ("bad_operator.yaml", ["bad_operator.yaml:12:40", "equals"]),
    ("bad_key.yaml", ["bad_key.yaml:10:1", "conditons", "did you mean 'conditions'"]),
    ("bad_outcome_total.yaml", ["bad_outcome_total.yaml:17:5", "unconditionally"]),
    ("bad_cycle.yaml", ["bad_cycle.yaml:8:5", "a → b → a"]),
    ("bad_non_operative.yaml", ["bad_non_operative.yaml:8:14", "art2", "non-operative"]),
]


@pytest.mark.parametrize(("name", "expected"), BAD_PACKS)
def test_bad_pack_file(capsys: pytest.CaptureFixture[str], name: str, expected: list[str]) -> None:
    code, out, err = run(capsys, "evaluate", "--pack", str(PACKS / name), EXAMPLE, "--lang", "en")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    for text in expected:
        assert text in err


def test_bad_input_message_is_chinese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", "--pack", "fuzhou", str(CASES / "unknown_fact.yaml"))
    assert code == 2 and "未知的事实“conduct.privte_gain”（是否指“conduct.private_gain”？）" in err


@pytest.mark.parametrize("argv", [
    ["evaluate", "--pack", "fuzou", EXAMPLE],
    ["evaluate", "--pack", "fuzhou", "no/such/case.yaml"],
    ["evaluate", "--pack", "fuzhou", EXAMPLE, "--format", "xml"],
    ["evaluate", EXAMPLE],
    ["frobnicate"],
])
def test_bad_command_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and "Traceback" not in err


def test_unknown_pack_suggests_the_shipped_one(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "evaluate", "--pack", "fuzou", EXAMPLE, "--lang", "en")
    assert "did you mean 'fuzhou'" in err


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "rongcuo_rules", "evaluate", "--pack", "fuzhou",
                             str(CASES / "unknown_fact.yaml")], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["evaluate", "--pack", "fuzhou", EXAMPLE], ["packs"], ["check", "fuzhou"],
                                  ["lint", "examples/lint/draft_checklist.yaml"], ["vocabulary"]])
def test_rongcuo_lang_sets_the_language_of_every_output(args: list[str], capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # RONGCUO_LANG=en once changed only error messages; verdicts, packs, check and lint stayed Chinese
    monkeypatch.setenv("RONGCUO_LANG", "en")
    _code, out, _ = run(capsys, *args)
    monkeypatch.setenv("RONGCUO_LANG", "zh")
    _code, out_zh, _ = run(capsys, *args)
    assert out != out_zh
    cjk_en = sum("\u4e00" <= ch <= "\u9fff" for ch in out)
    cjk_zh = sum("\u4e00" <= ch <= "\u9fff" for ch in out_zh)
    assert cjk_en < cjk_zh / 2, out[:300]
