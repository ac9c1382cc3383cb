"""Exact checks of a pack's declared properties (``rongcuo check``), over the same decision diagrams
as :mod:`rongcuo_rules.compare`: the whole space of established facts, less what the vocabulary's
constraints forbid. A property that fails comes with a minimal counterexample case and its verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .boolean import Diagrams, and_ as _and
from .outcomes import DECIDED, rank
from .errors import EngineError
from .pack import Pack, Property
from .verdict import Verdict

#: better outcomes rank higher; monotonicity compares ranks
RANK = {name: rank(name) for name in DECIDED}  # the order monotonicity is judged by (outcomes.py)


@dataclass
class PropertyResult:
    property: Property
    holds: bool
    counterexample: dict[str, Any] | None = None  # external facts
    verdicts: list[Verdict] | None = None  # the counterexample's verdict(s): one, or low then high


def check(pack: Pack) -> list[PropertyResult]:
    d = Diagrams([pack], {})
    mdd = d.mdd
    outcome = d.outcome(pack)
    results = []
    for prop in pack.properties:
        if prop.outcome_in is not None:
            allowed = set(prop.outcome_in)
            outside = mdd.apply(lambda o, s=frozenset(allowed): o not in s, outcome, tag=("outside", prop.id))
            bad = mdd.apply(_and, mdd.apply(_and, d.valid, d.boolean(prop.expr), tag="and"), outside, tag="and")
            path = next(iter(mdd.paths(bad, lambda v: v is True)), None)
            if path is None:
                results.append(PropertyResult(prop, True))
                continue
            facts = _minimal(pack, d.facts_of(path[0]), lambda f: _violates_outcome(pack, prop, f))
            results.append(PropertyResult(prop, False, facts, [_evaluate(pack, facts)]))
        else:
            results.append(_check_monotone(pack, d, outcome, prop))
    return results


def _check_monotone(pack: Pack, d: Diagrams, outcome: int, prop: Property) -> PropertyResult:
    mdd = d.mdd
    name = prop.monotone
    assert name is not None
    fact = pack.vocabulary.facts[name]
    values = list(fact.allowed) if fact.type != "bool" else [False, True]
    if name not in d.index:  # the pack never reads it: trivially monotone
        return PropertyResult(prop, True)
    var = d.index[name]
    position = {code: i for i, code in enumerate(d.codes[name])}
    when = d.boolean(prop.expr)
    for lo, hi in zip(values, values[1:]):
        i, j = position[fact.encode(lo)], position[fact.encode(hi)]
        o_lo, o_hi = mdd.restrict(outcome, var, i), mdd.restrict(outcome, var, j)
        v_lo, v_hi = mdd.restrict(d.valid, var, i), mdd.restrict(d.valid, var, j)
        w_lo = mdd.restrict(when, var, i)
        if prop.direction == "up":
            worse = mdd.apply(lambda a, b: RANK[b] < RANK[a], o_lo, o_hi, tag="worse")
        else:
            worse = mdd.apply(lambda a, b: RANK[b] > RANK[a], o_lo, o_hi, tag="better")
        bad = mdd.apply(_and, mdd.apply(_and, v_lo, v_hi, tag="and"), mdd.apply(_and, w_lo, worse, tag="and"),
                        tag="and")
        path = next(iter(mdd.paths(bad, lambda v: v is True)), None)
        if path is None:
            continue
        facts = {k: v for k, v in d.facts_of(path[0]).items() if k != name}

        def still(f: dict[str, Any], lo: Any = lo, hi: Any = hi) -> bool:
            a, b = _evaluate(pack, {**f, name: lo}), _evaluate(pack, {**f, name: hi})
            if a is None or b is None or "undetermined" in (a.outcome, b.outcome):
                return False
            return RANK[b.outcome] < RANK[a.outcome] if prop.direction == "up" else RANK[b.outcome] > RANK[a.outcome]

        facts = _minimal(pack, facts, still)
        return PropertyResult(prop, False, {**facts, name: lo},
                              [_evaluate(pack, {**facts, name: lo}), _evaluate(pack, {**facts, name: hi})])
    return PropertyResult(prop, True)


def _evaluate(pack: Pack, facts: dict[str, Any]) -> Any:
    from .case import trusted_case
    from .errors import InputError
    from .verdict import derive_verdict

    try:
        return derive_verdict(pack, trusted_case(pack.vocabulary, facts))
    except InputError:
        return None


def _violates_outcome(pack: Pack, prop: Property, facts: dict[str, Any]) -> bool:
    v = _evaluate(pack, facts)
    if v is None or v.outcome == "undetermined":
        return False
    from .case import trusted_case

    holds = prop.expr.fn(trusted_case(pack.vocabulary, facts).memory)
    return holds is True and v.outcome not in (prop.outcome_in or ())


def _minimal(pack: Pack, facts: dict[str, Any], still: Any) -> dict[str, Any]:
    """Drop facts one at a time while ``still`` holds (a counterexample stays one)."""
    if not still(facts):  # the diagram's counterexample must re-evaluate as one; otherwise a defect
        raise EngineError("engine.disagrees", what=f"counterexample does not re-evaluate: {facts}")
    for name in sorted(facts, reverse=True):
        trial = {k: v for k, v in facts.items() if k != name}
        if still(trial):
            facts = trial
    return facts
