"""X checklists: the five 绍兴 annexes verbatim, the file format's errors, and evaluation with X."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given

from rongcuo_rules import evaluate, get_pack
from rongcuo_rules.api import with_checklists
from rongcuo_rules.checklist import combine, get_checklist, load_checklist, shipped_checklist_names
from rongcuo_rules.cli import main
from rongcuo_rules.engines import durable_available
from rongcuo_rules.errors import InputError
from rongcuo_rules.render import render_verdict
from rongcuo_rules.yamlio import load_text

from .conftest import SEEDS, cases, engine_neutral
from .seedtext import squash

ANNEXES = [f"shaoxing_annex{n}" for n in range(1, 6)]
# Every condition of 绍兴 第三条 met, in scope: only the scenario decides.
BASE = {"subject.kind": "individual", "subject.org_type": "government", "conduct.consistent_with_policy": True,
        "procedure.collective_decision": True, "conduct.private_gain": False, "conduct.prohibited_by_law": False,
        "impact.loss": "minor", "impact.social": "none", "remediation.level": "partial"}


def _annex_items(n: int) -> list[tuple[int, str]]:
    """附件n's numbered items from the seed itself: (number, text with whitespace removed)."""
    seed = (SEEDS / "000_76ff0266ef4997af.txt").read_text(encoding="utf-8")
    body = re.split(r"\n附件[1-5]\n", seed)[n]
    items = re.split(r"\n\s*(?=\d+．)", "\n" + body)
    out = []
    for chunk in items:
        m = re.match(r"(\d+)．(.*)", chunk.strip(), re.S)
        if m:
            out.append((int(m.group(1)), squash(m.group(2))))
    return out


def test_the_five_annexes_are_shipped() -> None:
    assert shipped_checklist_names() == ANNEXES
    assert shipped_checklist_names(parent="shaoxing") == ANNEXES
    assert shipped_checklist_names(parent="fuzhou") == []


@pytest.mark.parametrize("n", range(1, 6))
def test_annex_items_are_verbatim_and_complete(n: int) -> None:
    checklist = get_checklist(f"shaoxing_annex{n}")
    expected = _annex_items(n)
    assert len(expected) >= 9
    assert [(i.number, squash(i.text)) for i in checklist.items] == expected
    assert [i.id for i in checklist.items] == [f"annex{n}.{k}" for k, _ in expected]
    assert all(i.marker == f"{i.number}．" for i in checklist.items)


@pytest.mark.parametrize("name", ANNEXES)
def test_annex_items_refine_shaoxing_scenarios(name: str) -> None:
    checklist = get_checklist(name)
    scenarios = {r.clause for r in get_pack("shaoxing").scenarios}
    assert checklist.parent is get_pack("shaoxing")
    for item in checklist.items:
        assert item.refines and set(item.refines) <= scenarios, item.id
        assert item.expr is not None or item.notes is not None, item.id  # quoted-only items say why


def test_issue_example_item_cited_beside_the_scenario_it_refines() -> None:
    """附件4第3项 (investor deception) shown under 第三条第（五）项 when the case is also within 3(5)."""
    facts = {**BASE, "context.enterprise_service": True, "context.applicant_deception": True,
             "context.target_not_met": True}
    v = evaluate("shaoxing", facts, checklists=["all"])
    assert v.outcome == "exempt"
    assert v.checklists == ANNEXES
    refinement = next(r for r in v.refinements if r.clause == "annex4.3")
    assert (refinement.checklist, refinement.refines, refinement.beside) == \
        ("shaoxing_annex4", ["art3.5", "art3.7"], ["art3.5"])
    cited = v.cited_clauses
    assert cited.index("annex4.3") == cited.index("art3.5") + 1
    text = render_verdict(v, with_checklists("shaoxing", ["all"]))
    assert "  【第三条第（五）项】" in text and "    └ 【附件4第3项】项目引进过程中" in text


def test_item_inside_a_scenario_never_changes_the_outcome_only_the_citations() -> None:
    facts = {**BASE, "context.enterprise_service": True, "context.target_not_met": True,
             "procedure.risk_assessed": True}
    plain = evaluate("shaoxing", facts)
    with_x = evaluate("shaoxing", facts, checklists=["shaoxing_annex4"])
    assert plain.outcome == with_x.outcome == "exempt"
    assert "annex4.6" not in plain.cited_clauses and "annex4.6" in with_x.cited_clauses
    assert [r.beside for r in with_x.refinements if r.clause == "annex4.6"] == [["art3.5"]]


def test_item_through_the_catch_all_tolerates_and_discloses_the_reading() -> None:
    """Investor deception with a minor loss but no target missed and no complaint: outside 第三条第（一）至
    （六）项, so the measure alone denies; 附件4第3项 recognises it in advance (第九条), disclosed."""
    facts = {**BASE, "context.enterprise_service": True, "context.applicant_deception": True}
    assert evaluate("shaoxing", facts).outcome == "deny"
    v = evaluate("shaoxing", facts, checklists=["shaoxing_annex4"], lang="en")
    assert v.outcome == "exempt"
    assert [(r.clause, r.beside) for r in v.refinements] == [("annex4.3", ["art3.7"])]
    note = next(i.note for i in v.interpretations if i.rule == "scenario.annex4.3")
    assert "catch-all" in note and "Fault-tolerance list for investment promotion" in note
    assert "(refines Article 3(7))" in render_verdict(v, with_checklists("shaoxing", ["shaoxing_annex4"]), "en")


def test_quoted_only_items_are_clauses_but_never_match() -> None:
    pack = with_checklists("shaoxing", ["shaoxing_annex1"])
    clause = pack.clauses["annex1.5"]
    assert not clause.operative and clause.why is not None
    assert "scenario.annex1.5" not in {r.id for r in pack.scenarios}


@given(cases())
def test_only_catch_all_items_can_change_an_outcome(case) -> None:  # type: ignore[no-untyped-def]
    """Items refining enumerated scenarios hold only inside them, so the outcome differs from the measure's
    own only where an item applying through the catch-all holds."""
    plain = evaluate("shaoxing", case)
    v = evaluate("shaoxing", case, checklists=["all"])
    if v.outcome != plain.outcome:
        pack = with_checklists("shaoxing", ["all"])
        through = {r.clause for r in pack.scenarios if r.checklist and "art3.7" in r.refines}
        held = {r.clause for r in v.reasons if r.kind == "scenario" and r.holds is not False}
        assert held & through, (plain.outcome, v.outcome)


@pytest.mark.skipif(not durable_available(), reason="durable_rules not installed")
@given(cases())
def test_engines_agree_with_checklists(case) -> None:  # type: ignore[no-untyped-def]
    native = evaluate("shaoxing", case, checklists=["all"])
    durable = evaluate("shaoxing", case, checklists=["all"], engine="durable")
    assert engine_neutral(native.to_json()) == engine_neutral(durable.to_json())


# ── errors ─────────────────────────────────────────────────────────────────

HEAD = """checklist: t
extends: shaoxing
title: {zh: 测试, en: test}
domain: {zh: 测试, en: test}
issuer: {zh: 测试, en: test}
issued: "2026-01-01"
"""


def _checklist(text: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    p = tmp_path / "x.yaml"
    p.write_text(text, encoding="utf-8")
    return load_checklist(p)


def test_unknown_key_is_an_error_with_position(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        _checklist(HEAD + "items:\n  - number: 1\n    txet: 其它经认定可以容错的情形。\n", tmp_path)
    assert ":9:5:" in str(exc.value) and "txet" in str(exc.value)


def test_bad_condition_is_an_error_with_position(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        _checklist(HEAD + "items:\n  - number: 1\n    text: 甲\n    refines: [art3.5]\n"
                          "    when: {fact: context.enterprise_servic, is: true}\n", tmp_path)
    assert ":11:" in str(exc.value) and "context.enterprise_service" in str(exc.value)


def test_combine_refuses_dangling_references(tmp_path: Path) -> None:
    cl = _checklist(HEAD + "items:\n  - number: 1\n    text: 甲\n    refines: [art3.9]\n"
                           "    when: {fact: context.key_task, is: true}\n", tmp_path)
    with pytest.raises(InputError) as exc:
        combine(get_pack("shaoxing"), [cl])
    assert exc.value.code == "checklist.not_scenario" and "art3.7" in str(exc.value)


def test_combine_refuses_another_packs_checklist() -> None:
    with pytest.raises(InputError) as exc:
        combine(get_pack("fuzhou"), [get_checklist("shaoxing_annex1")])
    assert exc.value.code == "checklist.other_parent"


def test_unknown_checklist_name_suggests() -> None:
    with pytest.raises(InputError) as exc:
        get_checklist("shaoxing_anex4")
    assert "shaoxing_annex4" in str(exc.value)


def test_cli_evaluate_with_checklist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "case.yaml"
    facts = {**BASE, "context.enterprise_service": True, "context.applicant_deception": True}
    case.write_text("facts:\n" + "".join(f"  {k}: {str(v).lower() if isinstance(v, bool) else v}\n"
                                         for k, v in facts.items()), encoding="utf-8")
    assert main(["evaluate", "--pack", "shaoxing", "--checklist", "shaoxing_annex4", str(case),
                 "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"outcome": "exempt"' in out and '"annex4.3"' in out
    assert main(["evaluate", "--pack", "shaoxing", "--checklist", "nope", str(case)]) == 2
    assert "nope" in capsys.readouterr().err


def test_text_is_normalised_like_clauses() -> None:
    doc = load_text(HEAD + "items:\n  - number: 1\n    text: \"其它经认定\n      可以容错的情形。\"\n"
                           "    refines: [art3.7]\n")
    from rongcuo_rules.checklist import parse_checklist

    assert parse_checklist(doc).items[0].text == "其它经认定可以容错的情形。"


@pytest.mark.parametrize("name", ANNEXES)
def test_shipped_checklists_validate_against_the_schema(name: str) -> None:
    import json

    import jsonschema

    from rongcuo_rules.schema import checklist_schema
    from rongcuo_rules.yamlio import load_file

    data = load_file(get_checklist(name).source).data
    schema = checklist_schema()
    jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
    data["items"][0]["when"] = {"fact": "context.no_such_fact", "is": True}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)


def test_combining_checklists_keeps_every_part_of_the_pack() -> None:
    # the combined pack once dropped the parent's procedure (0 steps) and anything added to Pack later
    from rongcuo_rules.api import with_checklists

    parent = get_pack("shaoxing")
    combined = with_checklists(parent, ["all"])
    assert len(combined.procedure) == len(parent.procedure) == 2
    assert combined.properties == parent.properties and combined.chapters == parent.chapters
    assert combined.local_readings == parent.local_readings
    assert len(combined.scenarios) > len(parent.scenarios)


def test_a_checklist_loaded_again_is_the_same_combination() -> None:
    # the combined pack was cached under the checklists' object ids: loading the same file again grew the
    # parent's cache on every call (and rebuilt everything)
    pack = get_pack("shaoxing")
    path = "policies/checklists/shaoxing_annex1.yaml"
    first = with_checklists(pack, [load_checklist(path)])
    for _ in range(5):
        again = with_checklists(pack, [load_checklist(path)])
    assert again is first
