"""Alternatives: the smallest changes of facts that would give a better outcome, found exactly.

Once per pack, whether its outcome is a given better one is compiled into a reduced decision diagram over
the facts it reads, with the vocabulary's constraints (:mod:`rongcuo_rules.boolean`; an impossible
combination leads nowhere). For a case, changing a fact from the value it has costs 1 (establishing an unknown
fact counts as a change too) and keeping it costs 0. A fact the case leaves unknown may also stay unknown at
no cost, but then the changes must give the outcome whatever its value turns out to be: the search goes on
in the conjunction of the diagram's branches for that fact. (Without this a fact the diagram tests on the way
but that does not matter given the other changes — the loss, once remediation is partial — would be counted
as a change it does not need.) A fact the diagram does not test on a path is free. The least cost of reaching
each better outcome is then a shortest path over these states (sets of diagram nodes, all to be satisfied),
exact: no smaller set of changes gives that outcome for every value of the facts still unknown. The sets of
that size are read off, and each is re-evaluated by the engine on the changed case before it is reported (a
set the engine does not confirm is dropped).

Two kinds are given: changes only of facts that can still change after the event (``mutable`` in the
vocabulary: recovering the loss, reporting, a collective ratification, the form of accountability proposed),
and changes of any fact.

Two ways compute the same least costs. For the first cases of a pack, a shortest-path pass per case
(:func:`_least`, about a millisecond). Once a pack has explained :data:`COMPILE_AFTER` cases (or
:func:`prepare` is called, as a long-running service should at start), the least cost is compiled, once, into decision
diagrams over the case's values — each fact's values and one more for "unknown" — so that a case's least cost
from any state is read by following its values down that state's cost diagram (:class:`_Tables`). For a state
whose first fact ``v`` has branches ``k_i``, the least cost is ``min(D(k_j), 1 + min_i D(k_i))`` when the case
gives ``v`` its ``j``-th value and ``min(D(∧_i k_i), 1 + min_i D(k_i))`` when ``v`` is unknown, capped above
:data:`MAX_CHANGES`. Both ways are exact, and the tests check that they agree and, on a small pack, that a
brute-force search over every set of changes finds nothing smaller.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from .boolean import Diagrams
from .case import Case
from .engines import derive_changed
from .errors import InputError
from .mdd import MDD
from .outcomes import OUTCOMES, TOLERATING
from .pack import Pack

#: how many alternatives a verdict lists at most, and how many changes one may ask for
LIMIT = 4
MAX_CHANGES = 3
_INF = 1 << 30
#: cases a pack explains by a per-case pass before its least costs are compiled (the compilation costs
#: about as much as that many passes: well under a second to a few seconds for the shipped packs)
COMPILE_AFTER = 400
#: least-cost sets read per outcome and kind when the engine has refused one of the first two
MORE_SETS = 12

#: (nodes that must all reach True, nodes of which one must reach True — () once one has): see _Compiled
State = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Alternative:
    outcome: str
    changes: dict[str, dict[str, Any]]  # fact → {"from": …, "to": …}
    deciding: list[str]
    mutable_only: bool


class _Compiled:
    """A pack's "outcome is t" diagrams and what the search needs of them, built once per pack.

    A search state has two parts. The first holds nodes of "valid ⇒ outcome is t" that must all reach True
    (every completion of the facts left unknown that the vocabulary's constraints allow gives t: a value the
    constraints rule out given the others needs no change, it cannot occur). The second holds nodes of
    "valid" of which at least one must reach True (the changed case itself is possible: some completion
    exists). The search ends at :data:`DONE`, both parts satisfied.
    """

    def __init__(self, pack: Pack) -> None:
        d = Diagrams([pack], {})
        mdd = d.mdd
        root = mdd.apply(lambda valid, o: o if valid else None, d.valid, d.outcome(pack), tag="alt")
        self.root = root  # the outcome of every complete case, None where the constraints rule it out
        #: each rule's value on every complete case, None where the constraints rule the case out
        #: (:mod:`rongcuo_rules.missing` reads them)
        self.rule_nodes = {r.id: mdd.apply(lambda valid, x: x if valid else None, d.valid, d.boolean(r.expr),
                                           tag="alt_rule") for r in pack.rules}
        outcomes = {g.outcome for g in pack.outcomes}
        self.possible = [o for o in TOLERATING if o in outcomes]
        self.var, self.kids, self.value = mdd.var, mdd.kids, mdd.value
        self.bottom = mdd.bottom
        self.goal: dict[str, State | None] = {}
        for t in self.possible:
            node = mdd.apply(lambda o, t=t: o is None or o == t, root, tag=("alt_goal", t))
            self.goal[t] = self._state((node,), (d.valid,))
        # the diagram is complete now: nothing below adds nodes, so readers share it without a lock
        self.order = d.order
        self.codes = d.codes  # fact → internal code of each value index
        self.positions = [(f, {code: i for i, code in enumerate(d.codes[f])}) for f in d.order]
        # a case's value indexes are read with C-level calls (vectors())
        self._values = itemgetter(*d.order) if len(d.order) > 1 else (lambda m, f=d.order[0]: (m[f],))
        self._index = [index for _, index in self.positions]
        self._index_unknown = [{**index, None: len(index)} for _, index in self.positions]  # unknown: one more
        self._position = {f: v for v, f in enumerate(d.order)}
        self.allowed = {f: pack.vocabulary.facts[f].allowed for f in d.order}
        mutable = [pack.vocabulary.facts[f].mutable for f in d.order]
        # what a catch-all scenario reads is the deciding authority's recognition, not a fact of the case:
        # never proposed as a change (a near miss leaves the catch-all out for the same reason)
        held = {f for r in pack.scenarios if r.catch_all for f in r.reads}
        fixed = [f in held for f in d.order]
        # may fact v change? (per mode: mutable facts only / any fact)
        self.changeable = {
            True: [not fixed[v] and mutable[v] for v in range(len(d.order))],
            False: [not fixed[v] for v in range(len(d.order))],
        }
        #: outcome → the better outcomes the pack can give, best first
        self.better = {o: [t for t in self.possible if OUTCOMES[o].rank is None or OUTCOMES[t].rank > OUTCOMES[o].rank]  # type: ignore[operator]
                       for o in OUTCOMES}
        scenarios = [(r.id, r.clause) for r in pack.scenarios]
        self._scenario_ids = itemgetter(*[i for i, _ in scenarios]) if len(scenarios) > 1 else (
            (lambda m, k=scenarios[0][0]: (m[k],)) if scenarios else (lambda m: ()))
        self._scenario_clauses = [cl for _, cl in scenarios]
        #: the facts some constraint of the vocabulary reads
        self.constrained = frozenset(f for k in pack.vocabulary.constraints for f in (*k.if_.reads(), *k.then.reads()))
        self.uses = 0
        self.tables: _Tables | None = None
        #: outcome → the root edge of its memo of first-round candidates (see _memo_candidates), how many leaves
        #: it has, and what its leaves share: equal candidates and candidate lists, the readers of equal runs
        self.memo: dict[str, Any] = {}
        self.memo_size = 0
        self.shared: dict[Any, Any] = {}
        self._unknown_index = [len(index) for index in self._index]  # the index of "unknown" in each
        self.lock = threading.Lock()
        #: state → (its first fact, its state under each value of that fact, the state whatever its value)
        self.steps: dict[State, tuple[int, list[State | None], State | None]] = {}

    def deciding(self, d: Any) -> list[str]:
        """The clauses that would then decide: the matched scenarios and the outcome article."""
        clauses = [cl for cl, x in zip(self._scenario_clauses, self._scenario_ids(d.memory)) if x is True]
        if d.outcome_rule is not None:
            clauses.append(d.outcome_rule.clause)
        return list(dict.fromkeys(clauses))

    def vectors(self, memory: dict[str, Any], unknown: Any = ()) -> tuple[list[int | None], list[int]]:
        """A case's value index of each fact (None: unknown), and the same with "unknown" as one more index
        (the compiled diagrams' extra value); the facts in ``unknown`` count as unknown whatever ``memory``
        holds."""
        values = self._values(memory)
        cur = list(map(dict.get, self._index, values))
        at = list(map(dict.get, self._index_unknown, values))
        for f in unknown:
            v = self._position.get(f)
            if v is not None:
                cur[v] = None
                at[v] = len(self._index[v])
        return cur, at

    def _state(self, every: tuple[int, ...], some: tuple[int, ...]) -> State | None:
        """A state, normalised: None when it cannot be satisfied (a node of the first part is False, or
        every node of the second is); True nodes of the first part dropped; the second part emptied once
        one of its nodes is True; each part sorted without repeats."""
        var, value, bottom = self.var, self.value, self.bottom
        need = set()
        for n in every:
            if var[n] == bottom:
                if value[n] is not True:
                    return None
            else:
                need.add(n)
        maybe: set[int] = set()
        if some:  # () is already satisfied
            for n in some:
                if var[n] == bottom:
                    if value[n] is True:
                        maybe = set()
                        break
                else:
                    maybe.add(n)
            else:
                if not maybe:
                    return None
        return (tuple(sorted(need)), tuple(sorted(maybe)))

    def step(self, state: State) -> tuple[int, list[State | None], State | None]:
        """The first fact a state tests, the state after each of its values, and the state when it is left
        unknown (None where that cannot be satisfied)."""
        hit = self.steps.get(state)
        if hit is None:
            var, kids = self.var, self.kids
            every, some = state
            v = min(var[n] for n in every + some)
            width = len(kids[next(n for n in every + some if var[n] == v)])
            after = [self._state(tuple(kids[n][i] if var[n] == v else n for n in every),
                                 tuple(kids[n][i] if var[n] == v else n for n in some)) for i in range(width)]
            left = self._state(tuple(kids[n][i] if var[n] == v else n for n in every for i in range(width)),
                               tuple(kids[n][i] if var[n] == v else n for n in some for i in range(width))
                               if some else ())
            hit = self.steps[state] = (v, after, left)
        return hit


#: both parts satisfied
DONE: State = ((), ())


class _Tables:
    """The least number of changes from each state, as decision diagrams over the case's values (each
    fact's value indexes, and one more for "unknown"), per mode."""

    def __init__(self, c: _Compiled) -> None:
        unknown = [len(c.allowed[f]) for f in c.order]
        ext = MDD([u + 1 for u in unknown])
        cap = MAX_CHANGES + 1  # "more than MAX_CHANGES": no alternative
        never = ext.terminal(cap)
        done = ext.terminal(0)

        def least(a: int, b: int) -> int:
            return a if a < b else b

        def one_more(a: int) -> int:
            return a + 1 if a < cap else cap

        #: mutable_only → state → node of its least-cost diagram
        self.cost: dict[bool, dict[State, int]] = {}
        for mutable_only in (True, False):
            changeable = c.changeable[mutable_only]
            memo: dict[State, int] = {}

            def build(state: State | None) -> int:
                if state is None:
                    return never
                if state == DONE:
                    return done
                hit = memo.get(state)
                if hit is not None:
                    return hit
                v, after, every = c.step(state)
                kids = [build(a) for a in after]
                stay = build(every)  # v left unknown
                if not changeable[v]:
                    out = ext.node(v, kids + [stay])
                else:
                    low = kids[0]
                    for k in kids[1:]:
                        low = ext.apply(least, low, k, tag="least")
                    changed = ext.apply(one_more, low, tag="one_more")
                    out = ext.node(v, [ext.apply(least, k, changed, tag="least") for k in kids]
                                   + [ext.apply(least, stay, changed, tag="least")])
                memo[state] = out
                return out

            for goal in c.goal.values():
                build(goal)
            self.cost[mutable_only] = memo
        self.var, self.kids, self.value, self.bottom = ext.var, ext.kids, ext.value, ext.bottom
        self.unknown = unknown
        self.cap = cap
        # The walk runs over these states, numbered (DONE is 0, "cannot be satisfied" -1), with plain lists
        # in place of the state tuples (hashing a state on every visit cost more than the rest of a step).
        states = [DONE] + [s for s in self.cost[True] if s != DONE]
        number = {s: i for i, s in enumerate(states)}
        number[None] = -1  # type: ignore[index]
        self.goal = {t: number[g] if g is not None else -1 for t, g in c.goal.items()}
        self.first = [c.step(s)[0] if s != DONE else -1 for s in states]
        self.after = [tuple(number[a] for a in c.step(s)[1]) if s != DONE else () for s in states]
        self.left = [number[c.step(s)[2]] if s != DONE else -1 for s in states]
        #: mutable_only → each state's cost-diagram node, and the least cost it has for any case (a walk
        #: skips a branch whose least possible cost is already too high without reading the case's cost)
        self.node = {m: [memo[s] if s != DONE else done for s in states] for m, memo in self.cost.items()}
        floor: dict[int, int] = {}

        def lowest(n: int) -> int:
            hit = floor.get(n)
            if hit is None:
                hit = floor[n] = (ext.value[n] if ext.var[n] == ext.bottom
                                  else min(lowest(k) for k in ext.kids[n]))
            return hit

        self.floor = {m: [lowest(n) for n in nodes] for m, nodes in self.node.items()}


def _compiled(pack: Pack) -> _Compiled:
    return pack.cached("alternatives", _Compiled, pack)


def prepare(pack: Pack) -> None:
    """Compile the pack's least-cost tables now (a long-running process, such as a service, should call it at
    start so that no request pays for it); without it they are compiled after :data:`COMPILE_AFTER` explained
    cases."""
    c = _compiled(pack)
    with c.lock:  # one compilation; the per-case steps it adds are shared
        if c.tables is None:
            c.tables = _Tables(c)


def _least(c: _Compiled, cur: list[int | None], mutable_only: bool) -> Any:
    """The least number of changes from a state, for this case (a per-case pass, memoised)."""
    memo: dict[State, int] = {}
    changeable = c.changeable[mutable_only]

    def cost(state: State | None) -> int:
        if state is None:
            return _INF
        if state == DONE:
            return 0
        hit = memo.get(state)
        if hit is not None:
            return hit
        v, after, every = c.step(state)
        here = cur[v]
        out = cost(every) if here is None else cost(after[here])
        if changeable[v]:
            for i, a in enumerate(after):
                if i != here:
                    out = min(out, 1 + cost(a))
        memo[state] = out
        return out

    return cost


def _walk(c: _Compiled, cur: list[int | None], goal: Any, least: Any, mutable_only: bool, limit: int,
          step: Any = None, done: Any = DONE, floor: Any = None, reads: list[int] | None = None) -> list[dict[int, int]]:
    """Up to ``limit`` distinct least-cost change sets (variable → value index), given ``least`` (the least
    cost of a state): first the branch that keeps the case's value (or leaves it unknown), then changes in
    the order of the values. States are the search's tuples (``step``: :meth:`_Compiled.step`) or, with
    compiled tables, their numbers (``step`` reads the tables' lists, ``floor`` gives each state's least cost
    over every case, a bound that skips a branch without reading its cost); an unsatisfiable state is
    None or -1. ``reads``, if given, gets each variable whose value the walk reads, in the order read."""
    if goal is None or goal == -1:
        return []
    total = least(goal)
    if total > MAX_CHANGES:
        return []
    out: list[dict[int, int]] = []
    changeable = c.changeable[mutable_only]
    step = step or c.step
    floor = floor or _NO_FLOOR

    def walk(state: Any, need: int, changes: dict[int, int]) -> None:
        # called only where least(state) == need; at 0 the case's own values (kept, or left unknown) reach
        # the goal from here with no change, so the set is complete without following them down
        if need == 0 or state == done:
            if changes not in out:
                out.append(dict(changes))
            return
        v, after, every = step(state)
        if reads is not None:
            reads.append(v)
        here = cur[v]
        keep = every if here is None else after[here]
        if keep is not None and keep != -1 and floor[keep] <= need and least(keep) == need:
            walk(keep, need, changes)
        if not changeable[v]:
            return
        for i, a in enumerate(after):
            if len(out) >= limit:
                return
            if i == here or a is None or a == -1 or floor[a] > need - 1 or least(a) != need - 1:
                continue
            changes[v] = i
            walk(a, need - 1, changes)
            del changes[v]

    walk(goal, total, {})
    return out[:limit]


class _NoFloor:
    """Every state's bound is 0 (the per-case search has none)."""

    def __getitem__(self, state: Any) -> int:
        return 0


_NO_FLOOR = _NoFloor()


def _sets(c: _Compiled, cur: list[int | None], target: str, mutable_only: bool, limit: int) -> list[dict[int, int]]:
    """The least-cost change sets by a per-case pass."""
    return _walk(c, cur, c.goal[target], _least(c, cur, mutable_only), mutable_only, limit)


def _sets_compiled(c: _Compiled, t: _Tables, cur: list[int | None], at: list[int], seen: dict[int, int],
                   target: str, mutable_only: bool, limit: int, reads: list[int] | None = None) -> list[dict[int, int]]:
    """The same sets read from the compiled tables: a state's least cost is found by following the case's
    values (``at``: their indexes, unknown as one more) down its cost diagram. ``seen`` holds the cost of
    every cost-diagram node already followed for this case (the diagrams share nodes, so the walks of one
    case share it). ``reads``, if given, gets each variable whose value is read, in the order read (with
    repeats)."""
    node = t.node[mutable_only]
    tvar, tkids, tvalue, tbottom = t.var, t.kids, t.value, t.bottom
    first, after, left = t.first, t.after, t.left

    def least(state: int) -> int:
        e = node[state]
        hit = seen.get(e)
        if hit is None:
            passed = []
            x = e
            while tvar[x] != tbottom:
                passed.append(x)
                x = tkids[x][at[tvar[x]]]
                hit = seen.get(x)
                if hit is not None:
                    break
            else:
                hit = tvalue[x]
            for p in passed:
                seen[p] = hit
            if reads is not None:
                reads.extend(map(tvar.__getitem__, passed))
        return hit

    def step(state: int) -> tuple[int, tuple[int, ...], int]:
        return first[state], after[state], left[state]

    return _walk(c, cur, t.goal[target], least, mutable_only, limit, step, 0, t.floor[mutable_only], reads)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A least-cost change set, with what a verdict needs of it worked out once (a memo shares it between
    cases): the changes (variable → value index), the order it is tried in, the outcome it leads to, whether
    only facts that can change after the event change, each fact's new value as given and as encoded, and
    the changes as shown (fact → from, to: the case's value of a changed fact is one the search read, so it
    is the same for every case that shares the candidate)."""

    order: tuple[int, int, int]  # its size, minus the outcome's rank, 0 for mutable-only or 1
    outcome: str
    changes: dict[int, int]
    key: tuple[str, tuple[tuple[int, int], ...]]
    mutable_only: bool
    facts: dict[str, Any]  # fact → new value as given
    codes: dict[str, Any]  # fact → new value encoded
    shown: dict[str, dict[str, Any]]  # fact → {"from": …, "to": …}
    dirty: frozenset[str]  # the changed facts
    unconstrained: bool  # no constraint reads a changed fact (see alternatives())


def _candidate(c: _Compiled, vocab: Any, cur: Any, t: str, mutable_only: bool, changes: dict[int, int]) -> Candidate:
    """The candidate, one object for equal ones (the memo's leaves share them)."""
    key = ("candidate", t, mutable_only, tuple(changes.items()), tuple(cur[v] for v in changes))
    shared = c.shared
    hit = shared.get(key)
    if hit is None:
        hit = _new_candidate(c, vocab, cur, t, mutable_only, changes)
        if len(shared) < 4 * MEMO_LIMIT:  # (searches outside the memo add here too: bounded all the same)
            hit = shared.setdefault(key, hit)
    return hit  # type: ignore[no-any-return]


def _new_candidate(c: _Compiled, vocab: Any, cur: Any, t: str, mutable_only: bool, changes: dict[int, int]) -> Candidate:
    facts = {c.order[v]: c.allowed[c.order[v]][i] for v, i in changes.items()}
    codes = {c.order[v]: c.codes[c.order[v]][i] for v, i in changes.items()}
    # "from" is None for a fact the case leaves unknown or only entails (the search reads both as unknown)
    shown = {f: {"from": _external(vocab, f, None if cur[v] is None else c.codes[f][cur[v]]), "to": facts[f]}
             for f, v in zip(facts, changes)}
    return Candidate((len(changes), -OUTCOMES[t].rank, 0 if mutable_only else 1), t,  # type: ignore[operator]
                     changes, (t, tuple(sorted(changes.items()))), mutable_only, facts, codes, shown,
                     frozenset(codes), c.constrained.isdisjoint(codes))


def _candidates(c: _Compiled, tables: _Tables | None, cur: Any, at: Any, targets: list[str],
                per_kind: int, vocab: Any, reads: list[int] | None = None) -> list[Candidate]:
    """Up to ``per_kind`` least-cost change sets per better outcome and kind, shortest first, then the better
    outcome, then mutable-only (the order the engine re-derives them in)."""
    seen: dict[int, int] = {}
    candidates: list[Candidate] = []
    for t in targets:
        for mutable_only in (True, False):
            if tables is not None:
                sets = _sets_compiled(c, tables, cur, at, seen, t, mutable_only, per_kind, reads)
            else:
                sets = _sets(c, cur, t, mutable_only, per_kind)
            for changes in sets:
                if changes and len(changes) <= MAX_CHANGES:  # more is no longer an alternative to this case
                    candidates.append(_candidate(c, vocab, cur, t, mutable_only, changes))
    candidates.sort(key=lambda x: x.order)
    return candidates


#: leaves (searches' paths) the memos of all packs hold together before they are emptied (see _memo_candidates):
#: about 1 KB each with its share of the branches and shared candidates (measured on 抚州)
MEMO_LIMIT = 12_000


def _memo_candidates(c: _Compiled, tables: _Tables, memory: dict[str, Any], implied: dict[str, Any],
                     outcome: str, targets: list[str], vocab: Any) -> list[Candidate]:
    """The first round's candidates, looked up rather than searched where a case with the same values of the
    facts the search reads has been explained before.

    The search (:func:`_candidates` over the compiled tables) is deterministic and reads the case only
    through its value index of one variable at a time, so the variable it reads next depends only on the
    values it has read so far. Each search is therefore recorded as a path — the facts in the order first
    read, each with its value — into a tree per outcome whose leaves hold the candidates: a case whose values
    follow a path to a leaf has exactly that leaf's candidates (the same reads give the same computation). A
    case leaving the tree searches, and its path is added; at :data:`MEMO_LIMIT` leaves (all packs' memos
    together) every memo is emptied and grows again from the cases that come next. Equal candidates, candidate lists and readers are shared.

    The tree is a radix tree: runs of facts read one after another with no branching between them are one
    :data:`Edge`, whose values a case's memory is compared with in one C-level call; where paths part, a
    branch ``(fact, value → edge)``. Values are working-memory values, None for unknown (an entailed fact
    counts as unknown, as in :meth:`_Compiled.vectors`). Edges and branches are never changed once made: a
    path is added by replacing one reference, so that readers in other threads see the tree before or after,
    never half-made. Exact by construction; tests/test_alternatives.py checks lookups against the search."""
    view = memory if not implied else {**memory, **dict.fromkeys(implied)}
    edge = c.memo.get(outcome)
    while edge is not None:
        _facts, read, key, target = edge
        if read is not None and read(view) != key:
            break
        if type(target) is not tuple:
            return target  # type: ignore[no-any-return]
        edge = target[1].get(view[target[0]])
    cur, at = c.vectors(memory, implied)
    reads: list[int] = []
    candidates = _candidates(c, tables, cur, at, targets, 2, vocab, reads)
    path = [(c.order[v], None if at[v] == c._unknown_index[v] else c.codes[c.order[v]][at[v]])
            for v in dict.fromkeys(reads)]
    with _MEMO_LOCK:  # one writer at a time
        if _LEAVES[0] >= MEMO_LIMIT:
            _LEAVES[0] = sum(m.memo_size for m in _MEMOS)  # (the count kept those of packs since collected)
        if _LEAVES[0] >= MEMO_LIMIT:  # full: start again (the cases coming now fill it with what they need)
            for other in _MEMOS:
                other.memo, other.shared, other.memo_size = {}, {}, 0
            _LEAVES[0] = 0
        _MEMOS.add(c)
        candidates = c.shared.setdefault(("list", *map(id, candidates)), candidates)  # ids of shared candidates
        _remember(c, outcome, path, candidates)
    return candidates


#: every pack's memo (writes to any of them are serialised by _MEMO_LOCK) and how many leaves they hold together
_MEMO_LOCK = threading.Lock()
_MEMOS: "weakref.WeakSet[_Compiled]" = weakref.WeakSet()
_LEAVES = [0]


#: a run of the memo: (the facts read one after another, a reader of them from memory — None for no facts —,
#: what the reader must return: their values as a tuple, or the one value; then the branch or the leaf it
#: leads to)
Edge = tuple[tuple[str, ...], Any, Any, Any]


def _edge(c: _Compiled, facts: tuple[str, ...], values: tuple[Any, ...], target: Any) -> Edge:
    if not facts:
        return facts, None, None, target
    hit = c.shared.get(facts)
    if hit is None:
        hit = c.shared[facts] = (facts, itemgetter(*facts))  # equal runs share their facts and reader
    return hit[0], hit[1], values if len(values) > 1 else values[0], target


def _remember(c: _Compiled, outcome: str, path: list[tuple[str, Any]], candidates: list[Candidate]) -> None:
    """Add a search's path (each fact first read, with its value, in order) and its candidates to the memo."""
    holder: dict[Any, Any] = c.memo  # the dict whose ``slot`` refers to ``edge``
    slot: Any = outcome
    edge = holder.get(slot)
    i = 0
    while edge is not None:
        facts, _read, key, target = edge
        values = key if len(facts) > 1 else (key,)
        for j, (f, v) in enumerate(zip(facts, values)):
            if path[i + j][0] != f:  # pragma: no cover - the search is deterministic
                raise AssertionError(f"alternatives memo: the search read {path[i + j][0]} where it read {f} before")
            if path[i + j][1] != v:  # the paths part here: the run is cut in two around a new branch
                rest = path[i + j + 1:]
                branch = (f, {v: _edge(c, facts[j + 1:], values[j + 1:], target),
                              path[i + j][1]: _edge(c, tuple(f for f, _ in rest), tuple(v for _, v in rest),
                                                    candidates)})
                holder[slot] = _edge(c, facts[:j], values[:j], branch)
                c.memo_size += 1
                _LEAVES[0] += 1
                return
        i += len(facts)
        if type(target) is not tuple:
            return  # the same path: already there
        fact, kids = target
        if path[i][0] != fact:  # pragma: no cover - the search is deterministic
            raise AssertionError(f"alternatives memo: the search read {path[i][0]} where it read {fact} before")
        holder, slot = kids, path[i][1]
        edge = kids.get(slot)
        i += 1
    rest = path[i:]
    holder[slot] = _edge(c, tuple(f for f, _ in rest), tuple(v for _, v in rest), candidates)
    c.memo_size += 1
    _LEAVES[0] += 1


def alternatives(pack: Pack, case: Case, outcome: str, engine: Any, limit: int = LIMIT,
                 base: Any = None) -> list[Alternative]:
    """The least changes of facts giving each outcome better than ``outcome``, mutable-only first.

    ``base``: the engine's derivation of ``case``, if at hand; an engine that can (the native one) then
    re-derives a changed case by firing again only what the change reaches (:meth:`NativeEngine.rederive`)."""
    c = _compiled(pack)
    targets = c.better[outcome]
    if not targets:
        return []
    memory = case.memory
    # None: unknown. A fact the case does not give but the constraints entail counts as unknown: the
    # search's completions respect the constraints, and a change of what entailed it frees it again
    implied = case.implied
    cur = at = None  # the case's value vectors, made when a search needs them
    vocab = pack.vocabulary
    if c.tables is None:
        c.uses += 1
        if c.uses > COMPILE_AFTER and c.lock.acquire(blocking=False):
            try:  # one thread compiles; the others go on searching per case meanwhile
                if c.tables is None:
                    c.tables = _Tables(c)
            finally:
                c.lock.release()
    tables = c.tables
    derived: dict[tuple[str, tuple[tuple[int, int], ...]], Any] = {}  # a set the engine has already judged
    # Two least-cost sets per outcome and kind are read first. Where the engine refuses one (its
    # three-valued reading, and its entailment of only simple implications, can leave undecided what every
    # completion the constraints allow decides), more sets of the same least cost are read, so that one the
    # engine confirms is not missed for want of looking.
    for per_kind in (2, MORE_SETS):
        if per_kind == 2 and tables is not None:
            candidates = _memo_candidates(c, tables, memory, implied, outcome, targets, vocab)
        else:
            if cur is None:
                cur, at = c.vectors(memory, implied)
            candidates = _candidates(c, tables, cur, at, targets, per_kind, vocab)
        # shortest first, then the better outcome, then mutable-only; each re-derived by the engine in that
        # order until ``limit`` are kept (at most two per outcome and kind), so a verdict derives no more
        # changed cases than it shows and those the engine refuses
        kept: list[Alternative] = []
        per: dict[tuple[str, bool], int] = {}
        refused = False
        for cand in candidates:
            if len(kept) >= limit:
                break
            t, mutable_only = cand.outcome, cand.mutable_only
            if kept and per.get((t, mutable_only), 0) >= 2:
                continue
            if implied:
                # a "change" to the value the case's own facts already entail, while the facts that entail it
                # stay as they are, is no change: the search reads an entailed fact as unknown (so that changing
                # what entails it frees it), and may then ask for it to be established (found by
                # tests/test_alternatives.py)
                facts = cand.facts
                redundant = {f for f, x in facts.items() if f in implied and implied[f][0] == x
                             and not (_entailers(vocab, implied[f][1]) & facts.keys())}
                if redundant:
                    if len(redundant) == len(facts):
                        continue
                    cand = _without(c, cand, redundant)
            if kept:
                facts, size = cand.facts, cand.order[0]
                if any(a.outcome == t and a.changes.keys() == facts.keys()
                       and all(a.changes[f]["to"] == x for f, x in facts.items()) for a in kept):
                    continue  # a mutable-only set found again among any-fact sets
                # an alternative that another at least as good reaches with a part of its changes is no
                # alternative (a worse outcome bought with more changes, e.g. by making the impact worse); the
                # other, having fewer changes, is already kept
                rank = OUTCOMES[t].rank
                if any(OUTCOMES[a.outcome].rank >= rank and len(a.changes) < size  # type: ignore[operator]
                       and all(f in facts and facts[f] == ch["to"] for f, ch in a.changes.items()) for a in kept):
                    continue
            key = cand.key
            d = derived.get(key, _UNJUDGED)
            if d is _UNJUDGED:
                try:
                    d = derive_changed(engine, case, base, cand.codes, cand.unconstrained)[1]
                except InputError:
                    d = None  # the change makes the case impossible
                else:
                    if d.outcome != t:
                        d = None  # the engine may not confirm it
                derived[key] = d
            if d is None:
                refused = True
                continue
            per[t, mutable_only] = per.get((t, mutable_only), 0) + 1
            # the shown changes are copied: a memo's candidate is shared between verdicts, a verdict's are its own
            kept.append(Alternative(t, {f: dict(x) for f, x in cand.shown.items()}, c.deciding(d), mutable_only))
        if not refused:
            break
    if implied:  # a set a redundant change was taken out of may now be shorter than those read before it
        kept.sort(key=lambda a: (len(a.changes), -OUTCOMES[a.outcome].rank, 0 if a.mutable_only else 1))  # type: ignore[operator]
    return kept


_UNJUDGED = object()


def _without(c: _Compiled, cand: Candidate, facts: set[str]) -> Candidate:
    """A candidate with some of its changes taken out."""
    # the facts are in the order of the changes (both made from the same variables)
    changes = {v: i for (v, i), f in zip(cand.changes.items(), cand.facts) if f not in facts}
    keep = [f for f in cand.facts if f not in facts]
    return Candidate((len(keep), *cand.order[1:]), cand.outcome, changes,  # type: ignore[arg-type]
                     (cand.outcome, tuple(sorted(changes.items()))),
                     cand.mutable_only, {f: cand.facts[f] for f in keep}, {f: cand.codes[f] for f in keep},
                     {f: cand.shown[f] for f in keep}, frozenset(keep), c.constrained.isdisjoint(keep))


def _entailers(vocab: Any, constraint_id: str) -> set[str]:
    """The facts whose values make a constraint entail its conclusion (those its ``if`` reads)."""
    for constraint in vocab.constraints:
        if constraint.id == constraint_id:
            return set(constraint.if_.reads())
    return set()


def _external(vocab: Any, fact: str, code: Any) -> Any:
    return None if code is None else vocab.facts[fact].decode(code)
