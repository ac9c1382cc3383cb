"""Exact reasoning about an X checklist against its parent, over decision diagrams.

The space is the one :mod:`rongcuo_rules.compare` uses: every fact the parent or the items read takes
one of its values, less the assignments the vocabulary's constraints forbid. "Item A implies scenario
S" is then the emptiness of ``valid ∧ A ∧ ¬S``; when it is not empty, a path to a true terminal is a
witness — the facts of a case the item admits and the parent scenario does not.
"""

from __future__ import annotations

from typing import Any

from ..checklist import Checklist, Item, scenario_rules_by_clause
from ..boolean import Diagrams, and_ as _and, not_ as _not, or_ as _or
from ..expr import Compare, Expr, base_reads
from ..pack import Pack, Rule
from ..semantics import network


class Analysis:
    def __init__(self, parent: Pack, checklist: Checklist, facts: tuple[str, ...] = ()) -> None:
        """``facts``: further facts to keep in the space (e.g. those the text rules ask about)."""
        self.parent = parent
        self.checklist = checklist
        exprs = [i.expr for i in checklist.items if i.expr is not None]
        vocab = parent.vocabulary
        exprs += [self._is(f, vocab.facts[f].allowed[-1]) for f in facts]
        self.d = Diagrams([parent], {}, extra=exprs)
        self.mdd = self.d.mdd
        self.scenarios = scenario_rules_by_clause(parent)
        self._nodes: dict[int, int] = {}

    # diagrams ---------------------------------------------------------------------------------

    def node(self, e: Expr) -> int:
        key = id(e)
        hit = self._nodes.get(key)
        if hit is None:
            hit = self.d.boolean(e)
            self._nodes[key] = hit
        return hit

    def conj(self, *nodes: int) -> int:
        out = self.d.valid
        for n in nodes:
            out = self.mdd.apply(_and, out, n, tag="and")
        return out

    def neg(self, n: int) -> int:
        return self.mdd.apply(_not, n, tag="not")

    def disj(self, nodes: list[int]) -> int:
        out = self.mdd.terminal(False)
        for n in nodes:
            out = self.mdd.apply(_or, out, n, tag="or")
        return out

    def empty(self, n: int) -> bool:
        return n == self.mdd.terminal(False)

    def witness(self, n: int, show: list[str] | None = None) -> dict[str, Any]:
        """The facts of one case in ``n`` (the neutral-most value of each fact the path tests), limited
        to the facts in ``show`` when given (the ones the compared conditions read)."""
        for path, _value in self.mdd.paths(n, lambda v: v is True):
            facts = self.d.facts_of(path)
            return facts if show is None else {k: v for k, v in facts.items() if k in show}
        return {}  # pragma: no cover - only called on non-empty diagrams

    # questions --------------------------------------------------------------------------------

    def item(self, item: Item) -> int:
        assert item.expr is not None
        return self.node(item.expr)

    def scenario_any(self, clauses: list[str]) -> int:
        return self.disj([self.node(r.expr) for c in clauses for r in self.scenarios.get(c, [])])

    def implies(self, a: int, b: int, show: list[str] | None = None) -> dict[str, Any] | None:
        """None when ``a ⇒ b`` everywhere valid; else a witness case with a true and b false (its facts
        limited to ``show`` when given)."""
        rest = self.conj(a, self.neg(b))
        return None if self.empty(rest) else self.witness(rest, show)

    def reads(self, item: Item, clauses: list[str] = ()) -> list[str]:  # type: ignore[assignment]
        """The facts an item and the given scenarios read (what a witness should show)."""
        out = base_reads(item.expr) if item.expr is not None else []
        for c in clauses:
            for r in self.scenarios.get(c, []):
                out += [f for f in base_reads(r.expr) if f not in out]
        return out

    def satisfiable(self, a: int) -> bool:
        return not self.empty(self.conj(a))

    def conditions(self) -> list[tuple[Rule, int]]:
        return [(r, self.node(r.expr)) for r in network(self.parent).group("conditions_met").rules]

    def exclusions(self) -> list[tuple[Rule, int]]:
        return [(r, self.node(r.expr)) for r in network(self.parent).group("excluded").rules]

    def tolerable(self, a: int) -> bool:
        """Some valid case where ``a`` holds could be tolerated: every group that decides tolerance supports
        it, apart from scope (whom the item is about is not the item's business) and the scenarios (the
        item is one)."""
        parts = [a] + [self.d.supports(g) for g in network(self.parent).groups
                       if g.key not in ("in_scope", "scenario_matched")]
        return not self.empty(self.conj(*parts))

    def fact_excluded(self, fact: str, value: Any) -> bool:
        """Whether the parent never tolerates a case with ``fact`` at ``value`` (its conditions and
        exclusions rule it out everywhere valid)."""
        return not self.tolerable(self.d.boolean(self._is(fact, value)))

    def _is(self, fact: str, value: Any) -> Expr:
        f = self.parent.vocabulary.facts[fact]
        return Compare(fact, "is", value, (f.encode(value),), closed=not f.open)
