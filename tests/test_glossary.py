"""The glossary of readings: loading, phrase finding, {reading: …}, disclosure, and the shipped packs'
element coverage (one phrase, one reading, in every pack)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rongcuo_rules import InputError, evaluate, get_pack, load_pack, shipped_pack_names
from rongcuo_rules.expr import Reading, readings_of
from rongcuo_rules.glossary import default_glossary, glossary_markdown, parse_glossary
from rongcuo_rules.lint.coverage import added, dropped
from rongcuo_rules.lint.runner import lint_paths
from rongcuo_rules.vocabulary import default_vocabulary
from rongcuo_rules.yamlio import load_text

from .conftest import FIXTURES, ROOT

PACKS = shipped_pack_names()


def test_glossary_loads_with_every_kind_of_entry() -> None:
    g = default_glossary()
    kinds = {e.kind for e in g.entries.values()}
    assert kinds == {"reading", "not_decisive", "outcome"}
    for name in ("先行先试", "突破常规", "临机决断", "一定损失", "一定影响", "一定失误", "重大损失", "集体研究",
                 "充分评估", "出于公心", "勤勉尽责", "谋取私利", "明令禁止", "没有明确规定", "政策界限不明确",
                 "不可抗力", "难以预见", "未达到预期", "挽回损失", "隐瞒问题", "重复出现失误", "再次出现",
                 "损害群众利益", "急难险重", "从轻", "减轻", "免责"):
        assert name in g.entries, name
    for e in g.entries.values():
        assert e.note.zh and e.note.en
        assert (e.why is not None) == (not e.decisive)


def test_longest_wording_wins_and_shared_wordings_count_for_both() -> None:
    g = default_glossary()
    # 挽回损失 inside 有效挽回损失 is not counted again
    assert g.names_in("积极消除负面影响，有效挽回损失的") == ["挽回损失", "有效挽回"]
    assert g.names_in("有效挽回损失的") == ["有效挽回"]
    # 一定影响和损失 is both a certain impact and a certain loss
    assert set(g.names_in("造成一定影响和损失的")) == {"一定损失", "一定影响"}
    # 明令禁止 inside 上级明令禁止后依然我行我素 is the defiance, not the prohibition
    assert g.names_in("同上级明令禁止后依然我行我素的违纪违法行为") == ["我行我素"]


def test_a_reading_evaluates_as_its_expression_and_keeps_its_name() -> None:
    pack = get_pack("shaoxing")
    rule = next(r for r in pack.scenarios if r.clause == "art3.1")
    assert rule.readings == ("先行先试", "突破常规")
    assert all(isinstance(r, Reading) for r in readings_of(rule.expr))
    assert rule.expr.to_data() == {"all": [{"reading": "先行先试"}, {"reading": "突破常规"}]}


def test_unknown_reading_is_a_clear_error_with_a_hint(tmp_path: Path) -> None:
    text = (FIXTURES / "lint" / "RL502" / "good.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("{reading: 先行先试}", "{reading: 先行先式}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_pack(bad)
    message = err.value.render("zh")
    assert "先行先式" in message and "先行先试" in message and err.value.location.line is not None


def test_malformed_glossary_is_refused() -> None:
    bad = "version: 1\nreadings:\n  x:\n    phrases: [x]\n    note: {zh: a, en: b}\n"
    with pytest.raises(InputError) as err:
        parse_glossary(load_text(bad, "g.yaml"), default_vocabulary())
    assert "when" in err.value.render("en")


def test_verdict_discloses_the_readings_it_relied_on() -> None:
    v = evaluate("shaoxing", {"subject.kind": "individual", "subject.org_type": "government",
                              "conduct.consistent_with_policy": True, "procedure.collective_decision": True,
                              "conduct.private_gain": False, "conduct.prohibited_by_law": False,
                              "impact.loss": "minor", "impact.social": "none",
                              "context.reform_pilot": True, "context.unconventional_measures": True})
    assert v.outcome == "exempt"
    used = {(u.reading, u.rule) for u in v.readings}
    assert ("突破常规", "scenario.art3.1") in used and ("集体研究", "condition.art3.procedure") in used
    # only rules behind the verdict: scenario 3.4 (急难险重) did not match and is not shown
    assert all(u.rule != "scenario.art3.4" for u in v.readings)
    note = next(u.note for u in v.readings if u.reading == "突破常规")
    assert note == default_glossary().entries["突破常规"].note.zh
    assert '"readings"' in v.to_json()


def test_a_local_departure_is_disclosed_as_such() -> None:
    pack = load_pack(FIXTURES / "lint" / "RL503" / "bad.yaml")
    v = evaluate(pack, {"subject.kind": "individual", "conduct.private_gain": False,
                        "context.reform_pilot": True, "impact.loss": "considerable"})
    assert v.outcome == "exempt"  # the pack's own reading admits a considerable loss
    use = next(u for u in v.readings if u.reading == "一定损失")
    assert use.departs_from_glossary and "较重" in use.note


@pytest.mark.parametrize("name", PACKS)
def test_shipped_packs_encode_every_element_of_their_clauses(name: str) -> None:
    pack = get_pack(name)
    assert [(g.clause, g.name) for g in dropped(pack)] == []
    assert [(e.at.rule.id, e.name) for e in added(pack)] == []
    assert pack.local_readings == {}  # no shipped pack departs from the glossary


def test_same_words_same_reading_across_packs() -> None:
    """Every shipped clause that uses a glossary phrase is read through the glossary's one expression:
    the phrases of 先行先试、突破常规 in 绍兴 第三条（一） and 济南 第八条（二） give the same answer."""
    case = {"subject.kind": "individual", "subject.org_type": "government", "subject.position": "staff",
            "subject.sector": "other", "subject.party_member": True,
            "conduct.consistent_with_policy": True, "conduct.benefits_development": True,
            "conduct.prohibited_by_law": False, "conduct.public_motive": True, "conduct.private_gain": False,
            "conduct.intentional": False, "conduct.duties_performed": True,
            "procedure.collective_decision": True, "procedure.risk_assessed": True,
            "impact.loss": "minor", "impact.social": "none", "remediation.level": "partial",
            "context.reform_pilot": True, "context.unforeseeable": True}
    without = {p: evaluate(p, case).outcome for p in ("shaoxing", "jinan")}
    with_ = {p: evaluate(p, {**case, "context.unconventional_measures": True}).outcome for p in ("shaoxing", "jinan")}
    assert without == {"shaoxing": "deny", "jinan": "deny"}
    assert with_ == {"shaoxing": "exempt", "jinan": "exempt"}


def test_shipped_packs_lint_clean_of_the_element_rules() -> None:
    report = lint_paths([ROOT / "policies" / f"{n}.yaml" for n in PACKS])
    assert [f.message("en") for f in report.findings if f.rule.startswith("RL5")] == []


def test_glossary_page_is_current() -> None:
    expected = glossary_markdown([get_pack(n) for n in PACKS])
    assert (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8") == expected


def test_a_deny_for_want_of_a_scenario_discloses_the_readings_it_turned_on() -> None:
    # 先行先试 without 突破常规: 第三条第（一）项 fails on its reading of 突破常规, and the deny must say so
    v = evaluate("shaoxing", {"subject.kind": "individual", "subject.org_type": "government",
                              "conduct.consistent_with_policy": True, "procedure.collective_decision": True,
                              "conduct.private_gain": False, "conduct.prohibited_by_law": False,
                              "impact.loss": "minor", "impact.social": "none", "context.reform_pilot": True})
    assert v.outcome == "deny" and v.cited_clauses == ["art3"]
    assert ("突破常规", "scenario.art3.1") in {(u.reading, u.rule) for u in v.readings}


def test_the_grades_that_did_not_hold_are_disclosed_too() -> None:
    # 济南 lighten: the outcome rests on 第十八条's exempt and reduce grades not holding — and on their readings
    v = evaluate("jinan", {**_JINAN_OK, "impact.loss": "severe"})
    assert v.outcome == "lighten"
    rules = {u.rule for u in v.readings}
    assert {"art18_exempt", "art18_reduce"} <= rules  # the definitions the failed grades use


_JINAN_OK = {"subject.kind": "individual", "subject.org_type": "government", "subject.position": "staff",
             "conduct.prohibited_by_law": False, "conduct.consistent_with_policy": True,
             "conduct.benefits_development": True, "conduct.duties_performed": True, "conduct.intentional": False,
             "conduct.public_motive": True, "conduct.private_gain": False, "procedure.collective_decision": True,
             "procedure.risk_assessed": True, "impact.social": "minor", "remediation.level": "partial",
             "context.cadre_work": True, "context.unconventional_measures": True}


def test_a_checklist_under_a_departing_parent_reads_as_the_parent_does(tmp_path: Path) -> None:
    from rongcuo_rules.api import with_checklists
    from rongcuo_rules.checklist import load_checklist

    parent_path = FIXTURES / "lint" / "RL503" / "bad.yaml"  # reads 一定损失 as at most considerable
    checklist = tmp_path / "x.yaml"
    checklist.write_text(f"""checklist: x
extends: {parent_path}
title: {{zh: 示例清单, en: example checklist}}
domain: {{zh: 示例, en: example}}
issuer: {{zh: 某市, en: a city}}
issued: "2026-01-01"
items:
  - number: 1
    marker: "1．"
    text: "在改革试点中先行先试，造成一定损失的；"
    refines: [art3.1]
    when:
      all:
        - {{reading: 先行先试}}
        - {{reading: 一定损失}}
""", encoding="utf-8")
    parent = load_pack(parent_path)
    combined = with_checklists(parent, [load_checklist(checklist)])
    assert combined.local_readings == parent.local_readings
    v = evaluate(combined, {"subject.kind": "individual", "conduct.private_gain": False,
                            "context.reform_pilot": True, "impact.loss": "considerable"})
    assert v.outcome == "exempt"  # the item reads 一定损失 as its parent does
    uses = [u for u in v.readings if u.reading == "一定损失"]
    assert uses and all(u.departs_from_glossary for u in uses)
    assert "scenario.item1" in {u.rule for u in uses}
