"""Boolean reasoning over packs: decision diagrams of expressions and outcomes over one fact space.

The space is every assignment of the facts the packs (and any further expressions) read — each fact one
of its values, the investigation taken as complete — less the assignments a vocabulary constraint forbids.
In that space the logic is two-valued, so an expression is a reduced, ordered decision diagram
(:mod:`rongcuo_rules.mdd`) and a pack's outcome is one too. Comparison (:mod:`rongcuo_rules.compare`),
property checks, the X-checklist analysis and the lint rules all reason through this module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .expr import All, Any_, Compare, Const, Expr, Not, Reading, Ref, base_reads
from .mdd import MDD
from .pack import Pack
from .semantics import Group, network


def not_(a: Any) -> bool:
    return not a


def and_(a: Any, b: Any) -> bool:
    return bool(a and b)


def or_(a: Any, b: Any) -> bool:
    return bool(a or b)


def ite(c: Any, t: Any, e: Any) -> Any:
    return t if c else e


def pair(valid: Any, a: Any, b: Any) -> Any:
    return (a, b) if valid else None


class Diagrams:
    """Packs' outcomes as decision diagrams over one fact order, with the vocabulary's constraints.

    The space is two-valued: every fact read has one of its values (the investigation is complete), so a
    pack's outcome is an ordinary function of the facts and its diagram is reduced and shared.
    """

    def __init__(self, packs: list[Pack], assume: Mapping[str, Any], extra: Sequence[Expr] = (),
                 vocabulary: Any = None) -> None:
        vocab = vocabulary if vocabulary is not None else packs[0].vocabulary
        self.vocabulary = vocab
        weight: dict[str, int] = {}
        for pack in packs:
            for rule in pack.rules:
                w = 3 if rule.kind in ("scope", "condition", "exclusion") else 1
                for f in base_reads(rule.expr):
                    weight[f] = weight.get(f, 0) + w
        for e in extra:  # further expressions to reason about (e.g. X checklist items)
            for f in base_reads(e):
                weight[f] = weight.get(f, 0) + 1
        # decisive facts first (a failed scope, condition or exclusion decides much); assumed facts are
        # not searched
        self.assume = dict(assume)
        self.order = sorted((f for f in weight if f not in self.assume), key=lambda f: (-weight[f], f))
        self.index = {f: i for i, f in enumerate(self.order)}
        self.codes = {f: [vocab.facts[f].encode(v) for v in vocab.facts[f].allowed] for f in self.order}
        self.mdd = MDD([len(self.codes[f]) for f in self.order])
        self.valid = self._valid()

    # expressions → boolean diagrams (terminals True / False)

    def boolean(self, e: Expr) -> int:
        mdd = self.mdd
        if isinstance(e, Const):
            return mdd.terminal(e.value)
        if isinstance(e, Compare):
            if e.fact in self.assume:
                return mdd.terminal(e.holds_for(self.assume[e.fact]))
            if e.fact not in self.index:  # a fact outside the space (only in constraints): its default
                fact = self.vocabulary.facts[e.fact]
                return mdd.terminal(e.holds_for(fact.encode(fact.allowed[0])))
            return mdd.variable(self.index[e.fact], [e.holds_for(c) for c in self.codes[e.fact]])
        if isinstance(e, Not):
            return mdd.apply(not_, self.boolean(e.item), tag="not")
        if isinstance(e, (All, Any_)):
            op, tag = (and_, "and") if isinstance(e, All) else (or_, "or")
            node = self.boolean(e.items[0])
            for item in e.items[1:]:
                node = mdd.apply(op, node, self.boolean(item), tag=tag)
            return node
        if isinstance(e, (Ref, Reading)):
            assert e.target is not None
            return self.boolean(e.target)
        raise TypeError(type(e).__name__)  # pragma: no cover

    def all_(self, nodes: list[int]) -> int:
        out = self.mdd.terminal(True)
        for n in nodes:
            out = self.mdd.apply(and_, out, n, tag="and")
        return out

    def any_(self, nodes: list[int]) -> int:
        out = self.mdd.terminal(False)
        for n in nodes:
            out = self.mdd.apply(or_, out, n, tag="or")
        return out

    def _valid(self) -> int:
        parts = []
        for c in self.vocabulary.constraints:
            if all(f in self.index or f in self.assume for f in c.if_.reads() + c.then.reads()):
                violated = self.mdd.apply(and_, self.boolean(c.if_),
                                          self.mdd.apply(not_, self.boolean(c.then), tag="not"), tag="and")
                parts.append(self.mdd.apply(not_, violated, tag="not"))
        return self.all_(parts)

    def supports(self, group: Group) -> int:
        """Where ``group`` has the value tolerance requires of it (see :mod:`rongcuo_rules.semantics`)."""
        members = [self.boolean(r.expr) for r in group.rules]
        combined = self.all_(members) if group.connective == "all" else self.any_(members)
        return combined if group.required else self.mdd.apply(not_, combined, tag="not")

    def outcome(self, pack: Pack) -> int:
        """The pack's outcome (a decided outcome: exempt / reduce / lighten / deny) as a diagram."""
        mdd = self.mdd
        net = network(pack)
        tolerated = self.all_([self.supports(g) for g in net.groups])
        graded = mdd.terminal(net.grades[-1].outcome)
        for g in reversed(net.grades[:-1]):
            graded = mdd.apply(ite, self.boolean(g.expr), mdd.terminal(g.outcome), graded, tag="ite")
        return mdd.apply(ite, tolerated, graded, mdd.terminal("deny"), tag="ite")

    def facts_of(self, path: Mapping[int, frozenset[int]]) -> dict[str, Any]:
        """External facts for a path: per tested fact the neutral-most allowed value (its default when
        allowed, else the first)."""
        out = {}
        vocab, order = self.vocabulary, self.order
        for var, allowed in path.items():
            name = order[var]
            every = vocab.allowed_values[name]
            values = [every[i] for i in sorted(allowed)]
            default = vocab.defaults[name]
            out[name] = default if default in values else values[0]
        return out

    def count_of(self, path: Mapping[int, frozenset[int]]) -> int:
        n = 1
        for i, f in enumerate(self.order):
            n *= len(path[i]) if i in path else len(self.codes[f])
        return n


def witness(d: Diagrams, node: int) -> dict[str, Any] | None:
    """The facts of one case in boolean diagram ``node`` (None when it is empty)."""
    for path, _value in d.mdd.paths(node, lambda v: v is True):
        return d.facts_of(path)
    return None


def difference_witness(vocabulary: Any, a: Expr, b: Expr) -> tuple[dict[str, Any], bool] | None:
    """None when ``a`` and ``b`` agree on every valid case; else a case where they differ and whether it
    is ``a`` that holds there."""
    d = Diagrams([], {}, extra=[a, b], vocabulary=vocabulary)
    na, nb = d.boolean(a), d.boolean(b)
    mdd = d.mdd
    for here, node in ((True, mdd.apply(and_, na, mdd.apply(not_, nb, tag="not"), tag="and")),
                       (False, mdd.apply(and_, nb, mdd.apply(not_, na, tag="not"), tag="and"))):
        found = witness(d, mdd.apply(and_, d.valid, node, tag="and"))
        if found is not None:
            return found, here
    return None


def satisfiable(pack: Pack, when: Expr) -> bool:
    """Whether ``when`` holds in some valid case (the vocabulary's constraints respected)."""
    d = Diagrams([pack], {}, extra=[when])
    return witness(d, d.mdd.apply(and_, d.valid, d.boolean(when), tag="and")) is not None


def outcome_violation(pack: Pack, when: Expr, outcome_in: Sequence[str]) -> tuple[dict[str, Any], str] | None:
    """None when every valid case where ``when`` holds gets an outcome in ``outcome_in`` under ``pack``;
    else such a case that does not — every fact it needs, the open ones the region leaves free filled with
    their first value, so that it re-evaluates on its own — and its outcome."""
    from .case import trusted_case
    from .engines import get_engine

    d = Diagrams([pack], {}, extra=[when])
    mdd = d.mdd
    allowed = frozenset(outcome_in)
    outside = mdd.apply(lambda o: o not in allowed, d.outcome(pack), tag=("outside", allowed))
    bad = mdd.apply(and_, d.valid, mdd.apply(and_, d.boolean(when), outside, tag="and"), tag="and")
    for path, _v in mdd.paths(bad, lambda v: v is True):
        facts = d.facts_of(path)
        vocab = d.vocabulary
        # an open fact the region leaves free would be unknown; give it its first value (closed facts
        # already take their default)
        facts.update({f: vocab.facts[f].allowed[0] for f in d.order if f not in facts and vocab.facts[f].open})
        outcome = get_engine(pack, "native").derive(trusted_case(pack.vocabulary, facts)).outcome
        return facts, outcome
    return None
