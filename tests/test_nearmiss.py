"""Near misses: for a deny for want of a scenario, the closest scenarios and exactly what each lacks."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings

from rongcuo_rules import evaluate, get_pack, shipped_pack_names
from rongcuo_rules.case import Case, trusted_case
from rongcuo_rules.errors import InputError

from .conftest import cases

PACKS = shipped_pack_names()


def _satisfying(vocab: Any, fact: str, wanted: str) -> Any:
    """A value of ``fact`` meeting ``wanted`` ('≤ minor', '= true', '∉ a/b' …)."""
    symbol, _, shown = wanted.partition(" ")
    f = vocab.facts[fact]
    values = [v == "true" for v in shown.split("/")] if f.type == "bool" else shown.split("/")
    allowed = f.allowed
    index = {v: i for i, v in enumerate(allowed)}
    pick = {
        "=": lambda: values[0], "∈": lambda: values[0],
        "≠": lambda: next(v for v in allowed if v not in values),
        "∉": lambda: next(v for v in allowed if v not in values),
        "≤": lambda: values[0], "≥": lambda: values[0],
        "<": lambda: allowed[index[values[0]] - 1], ">": lambda: allowed[index[values[0]] + 1],
    }[symbol]
    return pick()


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=60)
@given(case=cases(density=0.7))
def test_near_misses_are_exactly_what_the_scenario_lacks(name: str, case: Case) -> None:
    pack = get_pack(name)
    v = evaluate(pack, case)
    no_scenario = v.outcome == "deny" and any(r.rule == "scenario_matched" for r in v.reasons)
    if not no_scenario:
        assert v.near_misses == []  # only a deny for want of a scenario has near misses
        return
    assert v.near_misses  # every shipped pack has scenarios other than its catch-all
    rules = {r.clause: r for r in pack.scenarios}
    sizes = [len(n.unmet) for n in v.near_misses]
    assert sizes == sorted(sizes) and all(sizes)
    for n in v.near_misses:
        rule = rules[n.clause]
        assert not rule.catch_all
        changes = {u.fact: _satisfying(pack.vocabulary, u.fact, u.wanted) for u in n.unmet}
        for u in n.unmet:  # what the near miss says the case has is what it has (or what it entails)
            has = case.implied[u.fact][0] if u.fact in case.implied else case.facts.get(
                u.fact, None if pack.vocabulary.facts[u.fact].open else pack.vocabulary.facts[u.fact].default)
            assert has == u.actual
        try:
            met = trusted_case(pack.vocabulary, {**case.facts, **changes})
        except InputError:
            continue  # the changes clash with a vocabulary constraint on this case
        assert rule.expr.fn(met.memory) is True, (n.clause, changes)
        for fact in changes:  # and each change is needed
            fewer = {k: v for k, v in changes.items() if k != fact}
            try:
                partial = trusted_case(pack.vocabulary, {**case.facts, **fewer})
            except InputError:
                continue
            assert rule.expr.fn(partial.memory) is not True, (n.clause, fact)


def test_a_no_scenario_deny_says_what_the_closest_scenario_lacks() -> None:
    facts = {"subject.kind": "individual", "subject.org_type": "government", "conduct.consistent_with_policy": True,
             "procedure.collective_decision": True, "conduct.private_gain": False,
             "conduct.prohibited_by_law": False, "impact.loss": "minor", "impact.social": "none",
             "context.reform_pilot": True}
    v = evaluate("shaoxing", facts)
    assert v.outcome == "deny" and v.cited_clauses == ["art3"]
    first = v.near_misses[0]
    assert first.clause == "art3.1" and [(u.fact, u.wanted, u.actual) for u in first.unmet] == \
        [("context.unconventional_measures", "= true", False)]
    assert all(n.clause != "art3.7" for n in v.near_misses)  # the catch-all lacks recognition, not a fact
    assert evaluate("shaoxing", {**facts, "context.unconventional_measures": True}).near_misses == []


_PACK = """pack: nm
version: "1"
title: {zh: 示例, en: example}
issuer: {zh: 某市, en: a city}
issued: "2026"
seed: example.txt
scope: [{clause: art1, when: true}]
conditions: []
scenario_lists: [art2]
scenarios:
  - clause: art2.1
    when:
      all:
        - any: [{fact: context.emergency, is: true}, {fact: context.key_task, is: true}]
        - any: [{fact: context.key_task, is: true}, {fact: context.reform_pilot, is: true}]
  - clause: art2.2
    when:
      all:
        - {fact: context.livelihood, is: true}
        - {fact: impact.loss, at_least: minor}
        - {fact: impact.loss, at_most: minor}
outcomes: [{clause: art3, outcome: exempt, when: true}]
clauses:
  art1: {text: "本办法适用于本市干部。"}
  art2: {text: "有下列情形之一的，可以容错："}
  art2.1: {text: "情形一；"}
  art2.2: {text: "情形二；"}
  art3: {text: "予以免责。"}
"""


def test_a_near_miss_is_the_smallest_change_even_across_alternatives(tmp_path: Any) -> None:
    # the two 'any' once each picked their own cheapest branch: emergency and key_task, where key_task alone
    # does; and two comparisons on one fact once kept only the first (loss ≥ minor, missing ≤ minor)
    from rongcuo_rules import load_pack

    path = tmp_path / "nm.yaml"
    path.write_text(_PACK, encoding="utf-8")
    pack = load_pack(path)
    v = evaluate(pack, {"subject.kind": "individual"})
    lacks = {n.clause: [(u.fact, u.wanted) for u in n.unmet] for n in v.near_misses}
    assert lacks["art2.1"] == [("context.key_task", "= true")]
    assert lacks["art2.2"] == [("context.livelihood", "= true"), ("impact.loss", "= minor")]
