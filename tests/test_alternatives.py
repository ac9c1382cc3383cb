"""Alternatives: the least changes of facts giving each better outcome — exact, each re-evaluated."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from rongcuo_rules import InputError, evaluate, get_pack
from rongcuo_rules.boolean import Diagrams
from rongcuo_rules.case import Case, case_from_facts, load_case, trusted_case

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


GRADED = "tests/fixtures/packs/graded.yaml"
#: packs small enough for brute force: graded outcomes; facts the vocabulary's constraints link
SMALL_PACKS = [GRADED, "tests/fixtures/packs/constrained.yaml"]


def _brute_least(pack: Any, case: Case, pool: list[str]) -> dict[str, int]:
    """The fewest changes (of facts in ``pool``, at most MAX_CHANGES) after which the engine gives each
    outcome, by trying every set of changes: a fact changed to each value it does not have."""
    from rongcuo_rules.alternatives import MAX_CHANGES

    vocab = pack.vocabulary
    least: dict[str, int] = {}
    for size in range(1, MAX_CHANGES + 1):
        for subset in itertools.combinations(pool, size):
            # a fact the case does not give is unknown, even where the constraints entail it: the changes
            # may undo what entailed it
            choices = [[v for v in vocab.facts[f].allowed if f in case.implied or case.memory.get(f) is None
                        or vocab.facts[f].encode(v) != case.memory[f]] for f in subset]
            for values in itertools.product(*choices):
                outcome = _outcome(pack, {**case.facts, **dict(zip(subset, values))})
                if outcome is not None and outcome not in least:
                    least[outcome] = size
    return least


@pytest.mark.parametrize("path", SMALL_PACKS)
@settings(max_examples=150, deadline=None)
@given(case=cases(density=0.6))
def test_small_pack_alternatives_are_exactly_the_least_by_brute_force(path: str, case: Case) -> None:
    """On packs small enough to try every set of up to three changes: each alternative's size is the
    fewest changes after which the engine gives its outcome (no smaller set, of pairs too), and every
    better outcome reachable in at most three changes has an alternative at least as good and as small.
    The second pack reads facts the constraints link: a fact the changes entail needs no change of its own,
    and a fact the case's own facts entailed is free again once they change."""
    from rongcuo_rules import load_pack
    from rongcuo_rules.alternatives import alternatives
    from rongcuo_rules.engines import get_engine
    from rongcuo_rules.outcomes import OUTCOMES

    pack = load_pack(path)
    vocab = pack.vocabulary
    v = evaluate(pack, case, explain="none")
    found = alternatives(pack, case, v.outcome, get_engine(pack, "native"), limit=100)
    order = Diagrams([pack], {}).order
    by_any = _brute_least(pack, case, order)
    by_mutable = _brute_least(pack, case, [f for f in order if vocab.facts[f].mutable])
    rank = OUTCOMES[v.outcome].rank
    for a in found:
        assert len(a.changes) == (by_mutable if a.mutable_only else by_any)[a.outcome], a
    for least, mutable_only in ((by_any, False), (by_mutable, True)):
        for outcome, size in least.items():
            if rank is not None and OUTCOMES[outcome].rank is not None and OUTCOMES[outcome].rank > rank:
                assert any(OUTCOMES[a.outcome].rank >= OUTCOMES[outcome].rank and len(a.changes) <= size
                           and (a.mutable_only or not mutable_only) for a in found), (outcome, size, found)


@pytest.mark.parametrize("name", ["shaoxing", "pingdingshan", "changzhou_edu", "fuzhou", "jinan"])
def test_compiled_least_costs_agree_with_the_per_case_search(name: str) -> None:
    """The two exact ways of finding the least changes (a pass over the outcome diagram per case; the
    compiled cost diagrams a pack switches to after COMPILE_AFTER cases) give the same sets, on 300
    generated cases and every better outcome, mutable-only and any fact."""
    import random

    from rongcuo_rules import alternatives as alt
    from rongcuo_rules.vocabulary import default_vocabulary

    pack = get_pack(name)
    c = alt._compiled(pack)
    alt.prepare(pack)
    assert c.tables is not None
    rng = random.Random(name)
    vocab = default_vocabulary()
    checked = 0
    while checked < 300:
        facts = {f: rng.choice(fact.allowed) for f, fact in vocab.facts.items() if rng.random() < 0.4}
        try:
            case = trusted_case(vocab, facts)
        except InputError:
            continue
        checked += 1
        cur = [index.get(case.memory.get(f)) for f, index in c.positions]
        at = [c.tables.unknown[v] if i is None else i for v, i in enumerate(cur)]
        seen: dict[int, int] = {}
        for target in c.possible:
            for mutable_only in (True, False):
                by_pass = alt._sets(c, cur, target, mutable_only, 2)
                by_table = alt._sets_compiled(c, c.tables, cur, at, seen, target, mutable_only, 2)
                assert by_pass == by_table, (case.facts, target, mutable_only)


def test_an_alternative_the_engine_confirms_is_found_when_the_first_least_ones_are_refused() -> None:
    """抚州, a non-public employer and the position unknown: by the constraints a party organ would make the
    scope hold (a village cadre belongs to a village committee), but the engine — whose entailment applies
    only simple implications — leaves it open; the search reads further least-cost sets until it finds those
    the engine confirms (a state-owned enterprise, a village committee). It used to show none."""
    facts = {"subject.kind": "individual", "conduct.prohibited_by_law": False,
             "conduct.consistent_with_policy": True, "conduct.benefits_development": True,
             "conduct.public_motive": True, "conduct.private_gain": False, "procedure.collective_decision": True,
             "procedure.risk_assessed": True, "impact.loss": "minor", "impact.social": "minor",
             "remediation.level": "partial", "context.key_task": True, "subject.org_type": "non_public"}
    v = evaluate("fuzhou", facts, explain="full")
    assert v.outcome == "deny"
    shown = [(a.outcome, a.changes) for a in v.alternatives]
    assert ("exempt", {"subject.org_type": {"from": "non_public", "to": "state_owned_enterprise"}}) in shown
    for a in v.alternatives:
        assert _outcome(get_pack("fuzhou"), {**facts, **{f: c["to"] for f, c in a.changes.items()}}) == a.outcome


def test_a_fact_the_case_already_entails_is_not_asked_for() -> None:
    """Found by the test above: the case gives 未规范领域 (conduct.unregulated_area), which entails 未违反明令禁止
    (the vocabulary's constraint unregulated_not_prohibited); an alternative once asked to establish that too —
    two changes where one (the subject's kind) suffices."""
    facts = {"conduct.unregulated_area": True, "conduct.private_gain": False, "conduct.consistent_with_policy": True,
             "conduct.benefits_development": True, "conduct.public_motive": True, "conduct.intentional": False,
             "procedure.collective_decision": True, "impact.loss": "none", "impact.social": "none",
             "remediation.level": "full", "subject.org_type": "supervision_commission",
             "context.reform_pilot": True, "context.recognized_other": True}
    case = case_from_facts(facts)
    assert case.implied["conduct.prohibited_by_law"][0] is False
    v = evaluate("shaoxing", case, explain="full")
    for a in v.alternatives:
        assert "conduct.prohibited_by_law" not in a.changes or a.changes["conduct.prohibited_by_law"]["to"] is not False
    assert [len(a.changes) for a in v.alternatives] == sorted(len(a.changes) for a in v.alternatives)


#: most random cases are many changes from any better outcome; half the generated ones below start from this
ELIGIBLE = {"subject.kind": "individual", "subject.org_type": "government", "subject.position": "staff",
            "conduct.prohibited_by_law": False, "conduct.consistent_with_policy": True,
            "conduct.benefits_development": True, "conduct.private_gain": False,
            "procedure.collective_decision": True, "remediation.level": "partial", "impact.loss": "minor"}


def _generated(rng: Any, vocab: Any) -> dict[str, Any]:
    facts = dict(ELIGIBLE) if rng.random() < 0.5 else {}
    for f, x in vocab.facts.items():
        if rng.random() < (0.1 if f.startswith("context.") else 0.2):
            facts[f] = rng.choice(x.allowed)
    return facts


@pytest.mark.parametrize("name", ["shaoxing", "pingdingshan", "changzhou_edu", "fuzhou", "jinan"])
def test_memoised_candidates_are_those_the_search_finds(name: str) -> None:
    """The memo of searches (a tree over the values each search read) returns exactly what searching the case
    afresh returns, on 600 generated cases — half of them variants of earlier ones that keep the values of
    the facts a pack reads most and change others, so that lookups do find earlier paths, and some with
    facts the constraints entail (read as unknown)."""
    import random

    from rongcuo_rules import alternatives as alt
    from rongcuo_rules.vocabulary import default_vocabulary

    pack = get_pack(name)
    c = alt._compiled(pack)
    alt.prepare(pack)
    assert c.tables is not None
    rng = random.Random("memo-" + name)
    vocab = default_vocabulary()
    # variants start from the examples (each tolerated or nearly so under some pack) and earlier cases
    made: list[dict[str, Any]] = [load_case(p).facts for p in sorted(Path("examples").glob("*.yaml"))
                                  if "timeline" not in p.name]
    hits = with_implied = checked = nonempty = 0
    while checked < 600:
        if made and rng.random() < 0.5:  # a variant: one or two facts of an earlier case changed
            facts = dict(rng.choice(made))
            for f in rng.sample(list(vocab.facts), 2):
                if rng.random() < 0.5:
                    facts.pop(f, None)
                else:
                    facts[f] = rng.choice(vocab.facts[f].allowed)
        else:
            facts = _generated(rng, vocab)
        try:
            case = trusted_case(vocab, facts)
        except InputError:
            continue
        made.append(facts)
        outcome = evaluate(pack, case, explain="none").outcome
        targets = c.better[outcome]
        if not targets:
            continue
        checked += 1
        with_implied += bool(case.implied)
        size = c.memo_size
        found = alt._memo_candidates(c, c.tables, case.memory, case.implied, outcome, targets, vocab)
        hits += c.memo_size == size
        cur, at = c.vectors(case.memory, case.implied)
        fresh = alt._candidates(c, c.tables, cur, at, targets, 2, vocab)
        assert found == fresh, (case.facts, outcome)
        nonempty += bool(found)
    # both paths of the lookup were exercised, and the lists compared were not all empty
    assert hits > 30 and with_implied > 10 and nonempty > 30, (hits, with_implied, nonempty)


def test_alternatives_by_rederivation_equal_those_by_derivation() -> None:
    """Re-deriving a changed case from the case's derivation (what a verdict does) and deriving it afresh
    give the same alternatives, on generated 抚州 and 济南 cases."""
    import random

    from rongcuo_rules.alternatives import alternatives, prepare
    from rongcuo_rules.engines import get_engine
    from rongcuo_rules.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    rng = random.Random(11)
    shown = 0
    for name in ("fuzhou", "jinan"):
        pack = get_pack(name)
        prepare(pack)
        engine = get_engine(pack, "native")
        checked = 0
        while checked < 300:
            facts = _generated(rng, vocab)
            try:
                case = trusted_case(vocab, facts)
            except InputError:
                continue
            checked += 1
            d = engine.derive(case)
            by_rederive = alternatives(pack, case, d.outcome, engine, base=d)
            assert by_rederive == alternatives(pack, case, d.outcome, engine), case.facts
            shown += len(by_rederive)
    assert shown > 100
