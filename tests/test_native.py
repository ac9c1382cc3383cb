"""The native engine's re-derivation after a change of a few facts equals a derivation from scratch."""

from __future__ import annotations

import random
from typing import Any

import pytest

from rongcuo_rules import InputError, get_pack, shipped_pack_names
from rongcuo_rules.case import changed_memory, trusted_case
from rongcuo_rules.engines import get_engine
from rongcuo_rules.engines.native import NativeEngine
from rongcuo_rules.vocabulary import default_vocabulary


@pytest.mark.parametrize("name", shipped_pack_names())
def test_rederive_equals_derive_on_generated_changes(name: str) -> None:
    """For 400 generated cases per pack, each changed in one to three facts (any fact, any value, unknown
    included), re-deriving from the case's derivation gives the working memory, outcome and outcome rule of a
    derivation of the changed case from scratch — whatever the change entails or stops entailing."""
    pack = get_pack(name)
    engine = get_engine(pack, "native")
    assert isinstance(engine, NativeEngine)
    vocab = default_vocabulary()
    names = list(vocab.facts)
    rng = random.Random(name)
    checked = differing = 0
    while checked < 400:
        facts = {f: rng.choice(x.allowed) for f, x in vocab.facts.items() if rng.random() < 0.4}
        try:
            case = trusted_case(vocab, facts)
        except InputError:
            continue
        base = engine.derive(case)
        changes: dict[str, Any] = {}
        for f in rng.sample(names, rng.randint(1, 3)):
            fact = vocab.facts[f]
            options = list(fact.allowed) + ([None] if fact.open else [])
            value = rng.choice(options)
            changes[f] = None if value is None else fact.encode(value)
        try:
            memory, implied = changed_memory(vocab, case, changes)
        except InputError:
            continue
        checked += 1
        dirty = frozenset(changes).union(case.implied, implied)
        again = engine.rederive(base, memory, dirty)
        fresh = engine.derive(type(case)(facts={}, memory=memory, implied=implied))
        assert again.memory == fresh.memory, (case.facts, changes)
        assert (again.outcome, again.outcome_rule) == (fresh.outcome, fresh.outcome_rule)
        differing += again.outcome != base.outcome
    assert differing, "no change altered an outcome: the comparison above would not notice a stale conclusion"


def test_rederive_fires_only_what_a_change_reaches() -> None:
    """A change of a fact no rule of the pack reads fires nothing again; one a single rule reads fires that
    rule and what reads its conclusion (the point of re-deriving rather than deriving afresh)."""
    pack = get_pack("fuzhou")
    engine = get_engine(pack, "native")
    assert isinstance(engine, NativeEngine)
    unread = next(f for f in default_vocabulary().facts if f not in engine._below)
    assert engine._below.get(unread) is None
    below = engine._below["conduct.private_gain"]
    keys = {engine._steps[i][0] for i in below}
    assert "conditions_met" in keys or "excluded" in keys
    assert len(below) < len(engine._steps)
