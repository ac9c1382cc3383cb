"""Alternatives: the smallest changes of facts that would give a better outcome, found exactly.

Once per pack, its outcome is compiled into a reduced decision diagram over the facts it reads, with the
vocabulary's constraints (:mod:`rongcuo_rules.boolean`; an impossible combination leads nowhere). For a case,
changing a fact from the value it has costs 1 (establishing an unknown fact counts as a change too), keeping it
costs 0, and a fact the diagram does not test on a path is free. The least cost of reaching each better outcome
is then a shortest-path computation over the diagram, exact: no smaller set of changes gives that outcome. The
sets of that size are read off the diagram, and each is re-evaluated by the engine on the changed case before it
is reported (a set the engine does not confirm is dropped).

Two kinds are given: changes only of facts that can still change after the event (``mutable`` in the
vocabulary: recovering the loss, reporting, a collective ratification, the form of accountability proposed),
and changes of any fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .boolean import Diagrams
from .case import Case, trusted_case
from .errors import InputError
from .outcomes import OUTCOMES, TOLERATING
from .pack import Pack

#: how many alternatives a verdict lists at most, and how many changes one may ask for
LIMIT = 4
MAX_CHANGES = 3
_INF = 1 << 30


@dataclass(frozen=True, slots=True)
class Alternative:
    outcome: str
    changes: dict[str, dict[str, Any]]  # fact → {"from": …, "to": …}
    deciding: list[str]
    mutable_only: bool


class _Compiled:
    """A pack's outcome diagram and what the search needs of it, built once per pack."""

    def __init__(self, pack: Pack) -> None:
        d = Diagrams([pack], {})
        mdd = d.mdd
        self.root = mdd.apply(lambda valid, o: o if valid else None, d.valid, d.outcome(pack), tag="alt")
        self.var, self.kids, self.value = mdd.var, mdd.kids, mdd.value
        self.bottom = mdd.bottom
        self.order = d.order
        self.codes = d.codes  # fact → internal code of each value index
        self.allowed = {f: pack.vocabulary.facts[f].allowed for f in d.order}
        self.mutable = [pack.vocabulary.facts[f].mutable for f in d.order]
        # what a catch-all scenario reads is the deciding authority's recognition, not a fact of the case:
        # never proposed as a change (a near miss leaves the catch-all out for the same reason)
        held = {f for r in pack.scenarios if r.catch_all for f in r.reads}
        self.fixed = [f in held for f in d.order]
        outcomes = {g.outcome for g in pack.outcomes}
        self.possible = [o for o in TOLERATING if o in outcomes]


def _compiled(pack: Pack) -> _Compiled:
    return pack.cached("alternatives", _Compiled, pack)


def _least(c: _Compiled, cur: list[int | None], target: str, mutable_only: bool) -> dict[int, int]:
    """Least number of changes from each node to ``target``."""
    memo: dict[int, int] = {}
    var, kids, value, bottom, mutable, fixed = c.var, c.kids, c.value, c.bottom, c.mutable, c.fixed

    def cost(n: int) -> int:
        hit = memo.get(n)
        if hit is not None:
            return hit
        v = var[n]
        if v == bottom:
            out = 0 if value[n] == target else _INF
        else:
            here = cur[v]
            out = _INF
            for i, k in enumerate(kids[n]):
                step = 0 if i == here else (_INF if fixed[v] or (mutable_only and not mutable[v]) else 1)
                if step < _INF:
                    total = step + cost(k)
                    if total < out:
                        out = total
        memo[n] = out
        return out

    cost(c.root)
    return memo


def _sets(c: _Compiled, cur: list[int | None], memo: dict[int, int], mutable_only: bool,
          limit: int) -> list[dict[int, int]]:
    """Up to ``limit`` distinct least-cost change sets (variable → value index)."""
    out: list[dict[int, int]] = []
    var, kids, bottom, mutable, fixed = c.var, c.kids, c.bottom, c.mutable, c.fixed

    def walk(n: int, changes: dict[int, int]) -> None:
        if len(out) >= limit:
            return
        v = var[n]
        if v == bottom:
            if changes not in out:
                out.append(dict(changes))
            return
        here = cur[v]
        for i, k in enumerate(kids[n]):
            changed = i != here
            if changed and (fixed[v] or (mutable_only and not mutable[v])):
                continue
            if int(changed) + memo.get(k, _INF) != memo[n]:
                continue
            if changed:
                changes[v] = i
            walk(k, changes)
            if changed:
                del changes[v]

    if memo.get(c.root, _INF) < _INF:
        walk(c.root, {})
    return out


def alternatives(pack: Pack, case: Case, outcome: str, engine: Any, limit: int = LIMIT) -> list[Alternative]:
    """The least changes of facts giving each outcome better than ``outcome``, mutable-only first."""
    c = _compiled(pack)
    rank = OUTCOMES[outcome].rank
    targets = [t for t in c.possible if rank is None or OUTCOMES[t].rank > rank]  # type: ignore[operator]
    if not targets:
        return []
    memory = case.memory
    cur: list[int | None] = []
    for f in c.order:
        code = memory.get(f)
        cur.append(None if code is None else c.codes[f].index(code))
    vocab = pack.vocabulary
    found: list[tuple[int, int, int, Alternative]] = []
    for t in targets:
        for mutable_only in (True, False):
            memo = _least(c, cur, t, mutable_only)
            for changes in _sets(c, cur, memo, mutable_only, 2):
                if not changes or len(changes) > MAX_CHANGES:
                    continue  # more changes than that is no longer an alternative to this case
                facts = {c.order[v]: c.allowed[c.order[v]][i] for v, i in changes.items()}
                try:
                    changed = trusted_case(vocab, {**case.facts, **facts})
                except InputError:
                    continue
                d = engine.derive(changed)
                if d.outcome != t:  # the engine does not confirm it (three-valued on unknown facts)
                    continue
                alt = Alternative(t, {f: {"from": _external(vocab, f, memory.get(f)), "to": v}
                                      for f, v in facts.items()}, _deciding(pack, d), mutable_only)
                if any(a.outcome == alt.outcome and a.changes == alt.changes for *_, a in found):
                    continue  # a mutable-only set found again among any-fact sets
                found.append((len(facts), -OUTCOMES[t].rank, 0 if mutable_only else 1, alt))  # type: ignore[operator]
    found.sort(key=lambda x: x[:3])
    # an alternative that another at least as good reaches with a part of its changes is no alternative
    # (a worse outcome bought with more changes, e.g. by making the impact worse)
    kept = [a for *_, a in found
            if not any(b is not a and OUTCOMES[b.outcome].rank >= OUTCOMES[a.outcome].rank  # type: ignore[operator]
                       and set(b.changes) <= set(a.changes) and len(b.changes) < len(a.changes)
                       for *_, b in found)]
    return kept[:limit]


def _external(vocab: Any, fact: str, code: Any) -> Any:
    return None if code is None else vocab.facts[fact].decode(code)


def _deciding(pack: Pack, d: Any) -> list[str]:
    """The clauses that would then decide: the matched scenarios and the outcome article."""
    clauses = [r.clause for r in pack.scenarios if d.memory[r.id] is True]
    if d.outcome_rule is not None:
        clauses.append(d.outcome_rule.clause)
    return list(dict.fromkeys(clauses))
