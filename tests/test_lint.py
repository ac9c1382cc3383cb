"""The linter: every rule against its failing and passing fixture, the shipped annexes and packs, the
济南 cross-reference error, configuration, inline ignores, output formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rongcuo_rules import get_pack, shipped_pack_names
from rongcuo_rules.cli import main
from rongcuo_rules.errors import InputError
from rongcuo_rules.lint import LintConfig, lint_pack, lint_paths, load_config, registry
from rongcuo_rules.lint.docs import pages
from rongcuo_rules.lint.text import named_conduct, references, vague_quantifiers

from .conftest import FIXTURES, ROOT

LINT = FIXTURES / "lint"
RULE_DIRS = sorted(p.name for p in LINT.iterdir() if p.is_dir())
ANNEXES = sorted((ROOT / "policies" / "checklists").glob("*.yaml"))
DRAFT = ROOT / "examples" / "lint" / "draft_checklist.yaml"


def _rules(path: Path, config: LintConfig | None = None) -> list[str]:
    return [f.rule for f in lint_paths([path], config).findings]


def test_every_rule_has_fixtures_and_every_fixture_a_rule() -> None:
    assert RULE_DIRS == list(registry())


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_rule_reports_its_failing_fixture(rule: str) -> None:
    # snapshot (as ruff does): every finding on the failing fixture — rule, line, column and message — is
    # exactly the one in expected.txt beside it, so a rule that fires elsewhere, or says something else, fails
    assert rule in registry(), f"fixture for unknown rule {rule}"
    findings = lint_paths([LINT / rule / "bad.yaml"]).findings
    got = [f"{f.location.line}:{f.location.col}: {f.rule} {f.message('en')}" for f in findings]
    expected = (LINT / rule / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert got == expected
    assert any(line.split(" ", 2)[1] == rule for line in expected), f"{rule} must report its own fixture"


@pytest.mark.parametrize("rule", RULE_DIRS)
def test_rule_passes_its_good_fixture(rule: str) -> None:
    report = lint_paths([LINT / rule / "good.yaml"])
    assert [f.message("en") for f in report.findings if f.rule == rule or f.severity == "error"] == []


@pytest.mark.parametrize("path", ANNEXES, ids=lambda p: p.stem)
def test_shaoxing_annexes_lint_without_errors_or_warnings(path: Path) -> None:
    report = lint_paths([path])
    assert [f.message("en") for f in report.findings if f.severity != "info"] == []


def test_annex_items_beyond_the_listed_scenarios_are_reported_as_info() -> None:
    findings = lint_paths([ROOT / "policies" / "checklists" / "shaoxing_annex4.yaml"]).findings
    through = sorted(f.params["number"] for f in findings if f.rule == "RL105")
    assert through == [1, 2, 3, 4, 5, 7]  # 6 and 8 are inside 第三条第（五）项, 9 is the catch-all
    assert all(f.severity == "info" for f in findings)


def test_jinan_notice_cross_reference_error_is_reported_with_location(tmp_path: Path) -> None:
    """The published notice's cross-reference error (seeds/README.md) is found; the shipped pack accepts it with a
    reason beside the words (# rongcuo-lint: ignore RL401), so the check runs on a copy without that line."""
    from rongcuo_rules.lint.runner import lint_paths

    text = (ROOT / "policies" / "jinan.yaml").read_text(encoding="utf-8")
    copy = tmp_path / "jinan.yaml"
    copy.write_text("\n".join(l for l in text.splitlines() if "rongcuo-lint: ignore RL401" not in l) + "\n",
                    encoding="utf-8")
    assert [f for f in lint_pack(get_pack("jinan")) if f.rule == "RL401"] == []  # accepted in the shipped pack
    findings = [f for f in lint_paths([copy]).findings if f.rule == "RL401"]
    assert [(f.location.line, f.params["ref"]) for f in findings] == [
        (findings[0].location.line, "《实施细则》第三章“条件”"), (findings[0].location.line, "第四章“情形”")]
    line = copy.read_text(encoding="utf-8").splitlines()[findings[0].location.line - 1]
    assert line[findings[0].location.col - 1:].startswith("《实施细则》第三章“条件”")
    assert line[findings[1].location.col - 1:].startswith("第四章“情形”")
    assert findings[0].message("zh") == "引用“《实施细则》第三章“条件””有误：第三章是“情形”；“条件”是第二章"
    assert "'条件' is chapter 2" in findings[0].message("en")


@pytest.mark.parametrize("name", [n for n in shipped_pack_names() if n != "jinan"])
def test_other_packs_cross_references_resolve(name: str) -> None:
    assert [f.message("en") for f in lint_pack(get_pack(name))] == []


def test_draft_reports_widened_excluded_and_dangling_items_with_locations() -> None:
    findings = lint_paths([DRAFT]).findings
    lines = DRAFT.read_text(encoding="utf-8").splitlines()
    by_rule = {f.rule: f for f in findings if f.severity == "error"}
    assert set(by_rule) == {"RL101", "RL102", "RL204", "RL002"}
    assert lines[by_rule["RL101"].location.line - 1].strip() == "when: {fact: context.enterprise_service, is: true}"
    assert lines[by_rule["RL204"].location.line - 1][by_rule["RL204"].location.col - 1:].startswith("谋取私利")
    assert lines[by_rule["RL002"].location.line - 1][by_rule["RL002"].location.col - 1:].startswith("art3.9")
    assert "art3.7" in by_rule["RL002"].message("en")  # did you mean


# ── text helpers ───────────────────────────────────────────────────────────


def test_quantifiers_only_when_describing_harm() -> None:
    found = list(vague_quantifiers("推动重大项目中，造成一定失误、偏差或损失的；严重失信企业；产生一定负面影响"))
    assert [(q.term, q.scales) for q in found] == [("一定", ("impact.loss",)), ("一定", ("impact.social",))]


def test_negated_conduct_is_not_named() -> None:
    assert [n.phrase for n in named_conduct("无主观故意、利益输送等情况下，因企业原因")] == []
    assert [n.phrase for n in named_conduct("为本单位谋取私利的")] == ["谋取私利"]


def test_references_parse_quoted_and_bare_chapter_titles() -> None:
    refs = list(references("参照《实施细则》第二章条件、第三章情形填写，符合本办法第七条第（二）项", ["条件", "情形"]))
    assert [(r.chapter, r.chapter_title, r.article, r.item) for r in refs] == [
        (2, "条件", None, None), (3, "情形", None, None), (None, None, 7, 2)]


# ── configuration and inline ignores ──────────────────────────────────────


def test_config_changes_severity_and_turns_rules_off(tmp_path: Path) -> None:
    cfg = tmp_path / "lint.yaml"
    cfg.write_text("rules:\n  RL107: error\n  subsumed-item: error\n  RL101: off\n", encoding="utf-8")
    config = load_config(cfg)
    report = lint_paths([DRAFT], config)
    assert "RL101" not in [f.rule for f in report.findings]
    assert {f.severity for f in report.findings if f.rule == "RL107"} == {"error"}


@pytest.mark.parametrize(("text", "code", "needle"), [
    ("rules:\n  RL999: off\n", "lint.unknown_rule", "RL999"),
    ("rules:\n  wider-than-parnet: off\n", "lint.unknown_rule", "wider-than-parent"),
    ("rules:\n  RL101: loud\n", "lint.bad_severity", "loud"),
    ("rulez: {}\n", "schema.unknown_key", "rules"),
])
def test_bad_config_is_bad_input(tmp_path: Path, text: str, code: str, needle: str) -> None:
    cfg = tmp_path / "lint.yaml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_config(cfg)
    assert exc.value.code == code and needle in str(exc.value) and exc.value.location.line is not None


def _draft_with(tmp_path: Path, old: str, new: str) -> Path:
    p = tmp_path / "draft.yaml"
    text = DRAFT.read_text(encoding="utf-8")
    assert old in text
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def test_inline_ignore_on_the_line_above(tmp_path: Path) -> None:
    p = _draft_with(tmp_path, "    when: {fact: context.enterprise_service, is: true}\n",
                    "    # rongcuo-lint: ignore RL101 -- 起草说明\n    when: {fact: context.enterprise_service, is: true}\n")
    assert "RL101" not in _rules(p)
    assert "RL204" in _rules(p)


def test_inline_ignore_at_the_end_of_the_line(tmp_path: Path) -> None:
    p = _draft_with(tmp_path, "    refines: [art3.9]\n", "    refines: [art3.9]  # rongcuo-lint: ignore RL002\n")
    assert "RL002" not in _rules(p)


def test_inline_ignore_names_only_the_rules_it_lists(tmp_path: Path) -> None:
    p = _draft_with(tmp_path, "    refines: [art3.9]\n", "    refines: [art3.9]  # rongcuo-lint: ignore RL101\n")
    assert "RL002" in _rules(p)


def test_ignore_file(tmp_path: Path) -> None:
    p = _draft_with(tmp_path, "checklist: commerce_draft\n", "# rongcuo-lint: ignore-file RL107\nchecklist: commerce_draft\n")
    assert "RL107" not in _rules(p) and "RL107" in _rules(DRAFT)


def test_inline_ignore_of_an_unknown_rule_is_bad_input(tmp_path: Path) -> None:
    p = _draft_with(tmp_path, "    refines: [art3.9]\n", "    refines: [art3.9]  # rongcuo-lint: ignore RL0002\n")
    with pytest.raises(InputError) as exc:
        lint_paths([p])
    assert exc.value.code == "lint.unknown_rule" and exc.value.location.line is not None


# ── output and exit codes ─────────────────────────────────────────────────


def test_text_output_has_file_line_col(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(DRAFT)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{DRAFT}:18:5: 错误 RL101 [wider-than-parent] 第1项比它细化的第三条第（五）项更宽")
    assert out[-1] == "1 个文件：4 个错误，0 个警告，1 个提示"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(DRAFT), "--format", "json", "--lang", "en"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"error": 4, "warning": 0, "info": 1}
    first = data["findings"][0]
    assert (first["rule"], first["name"], first["severity"], first["line"], first["col"]) == \
        ("RL101", "wider-than-parent", "error", 18, 5)


def test_sarif_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(DRAFT), "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(registry())
    assert all(r["helpUri"] == f"docs/lint/{r['id']}.md" for r in rules)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["RL101"] == "error" and levels["RL107"] == "note"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_clean_exit_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *map(str, ANNEXES)]) == 0
    assert "5 个文件" in capsys.readouterr().out


@pytest.mark.parametrize("args", [
    ["lint", "missing.yaml"], ["lint"], ["lint", "--explain", "RL9"],
    ["lint", str(FIXTURES / "cases" / "malformed.yaml")],
])
def test_bad_input_exit_two(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("rongcuo: ") and "Traceback" not in err


def test_explain_and_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--explain", "wider-than-parent", "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("# RL101 wider-than-parent — Item wider than the scenario it refines")
    assert main(["lint", "--list-rules", "--format", "md"]) == 0
    assert "| [RL401](RL401.md) | cross-reference | error |" in capsys.readouterr().out


def test_config_file_is_found_from_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".rongcuo-lint.yaml").write_text("rules: {RL101: off, RL102: off, RL204: off, RL002: off}\n",
                                                 encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["lint", str(DRAFT)]) == 0


def test_rule_pages_are_current() -> None:
    expected = pages(LINT)
    docs = ROOT / "docs" / "lint"
    assert sorted(p.name for p in docs.glob("*.md")) == sorted(expected)
    for name, text in expected.items():
        assert (docs / name).read_text(encoding="utf-8") == text, f"regenerate: python -m rongcuo_rules.lint.docs ({name})"
