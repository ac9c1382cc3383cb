"""Alternatives: the least changes of facts giving each better outcome — exact, each re-evaluated."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings

from rongcuo_rules import InputError, evaluate, get_pack
from rongcuo_rules.boolean import Diagrams
from rongcuo_rules.case import Case, trusted_case

from .conftest import cases


def _outcome(pack: Any, facts: dict[str, Any]) -> str | None:
    try:
        return evaluate(pack, trusted_case(pack.vocabulary, facts), explain="none").outcome
    except InputError:
        return None


@pytest.mark.parametrize("name", ["shaoxing", "pingdingshan"])
@settings(max_examples=10, deadline=None)
@given(case=cases(density=0.7))
def test_alternatives_re_evaluate_and_none_is_smaller(name: str, case: Case) -> None:
    pack = get_pack(name)
    v = evaluate(pack, case, explain="full")
    facts_read = Diagrams([pack], {}).order
    vocab = pack.vocabulary
    for a in v.alternatives:
        changed = {**case.facts, **{f: c["to"] for f, c in a.changes.items()}}
        assert _outcome(pack, changed) == a.outcome
        for f, c in a.changes.items():
            assert c["from"] == case.facts.get(f, None if vocab.facts[f].open else vocab.facts[f].default)
            assert c["to"] != c["from"]
        if a.mutable_only:
            assert all(vocab.facts[f].mutable for f in a.changes)
        # no set of fewer changes (of the facts the pack reads, mutable ones only for a mutable-only
        # alternative) gives that outcome — checked by brute force up to single changes (pairs would take
        # minutes; the diagram search is exact for every size)
        pool = [f for f in facts_read if vocab.facts[f].mutable or not a.mutable_only]
        for size in range(1, min(len(a.changes), 2)):
            for subset in itertools.combinations(pool, size):
                for values in itertools.product(*(vocab.facts[f].allowed for f in subset)):
                    trial = dict(zip(subset, values))
                    if any(case.facts.get(f) == val for f, val in trial.items()):
                        continue  # not a change of that fact
                    assert _outcome(pack, {**case.facts, **trial}) != a.outcome, (a, trial)


def test_the_flood_case_without_a_collective_decision_can_be_ratified_afterwards() -> None:
    v = evaluate("fuzhou", "examples/urgent_decision_all_packs.yaml", explain="full")
    assert v.outcome == "deny"
    first = v.alternatives[0]
    assert (first.outcome, first.changes, first.mutable_only) == (
        "exempt", {"procedure.collective_decision": {"from": False, "to": True}}, True)
    assert first.deciding[-1] == "art12"


def test_explain_levels() -> None:
    case = "examples/fuzhou_pending_undetermined.yaml"
    assert evaluate("fuzhou", case).decision_table and not evaluate("fuzhou", case).alternatives  # near
    assert evaluate("fuzhou", case, explain="full").alternatives
    none = evaluate("fuzhou", case, explain="none")
    assert none.decision_table == [] and none.near_misses == [] and none.alternatives == []
    with pytest.raises(InputError):
        evaluate("fuzhou", case, explain="all")


def test_a_two_change_alternative_has_no_one_change_equivalent() -> None:
    pack = get_pack("jinan")
    case = "examples/urgent_decision_all_packs.yaml"
    v = evaluate(pack, case, explain="full")
    two = [a for a in v.alternatives if a.outcome == "exempt"]
    assert two and all(len(a.changes) == 2 for a in two)
    from rongcuo_rules import load_case

    facts = load_case(case).facts
    vocab = pack.vocabulary
    for f in Diagrams([pack], {}).order:
        for value in vocab.facts[f].allowed:
            if facts.get(f) != value:
                assert _outcome(pack, {**facts, f: value}) != "exempt", (f, value)
