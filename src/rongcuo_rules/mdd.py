"""A small reduced, ordered multi-valued decision diagram (MDD) package, for exact pack analysis.

Nodes are integers. A terminal holds any hashable value; an inner node tests one variable (by position
in the fixed order) and has one child per value of that variable's domain. Nodes are hash-consed and
reduced (a node whose children are all the same is that child), so equal functions are equal nodes and
``apply`` with memoisation is polynomial in the diagrams' sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any


class MDD:
    def __init__(self, domain_sizes: Sequence[int]) -> None:
        self.sizes = list(domain_sizes)
        self.bottom = len(self.sizes)  # the "variable" of terminals, below every real one
        self.var: list[int] = []
        self.kids: list[tuple[int, ...]] = []
        self.value: list[Any] = []
        self._unique: dict[tuple[int, tuple[int, ...]], int] = {}
        self._terminals: dict[Hashable, int] = {}
        self._memo: dict[tuple[Any, ...], int] = {}

    # construction --------------------------------------------------------------------------------

    def terminal(self, value: Hashable) -> int:
        node = self._terminals.get(value)
        if node is None:
            node = len(self.var)
            self.var.append(self.bottom)
            self.kids.append(())
            self.value.append(value)
            self._terminals[value] = node
        return node

    def node(self, var: int, kids: Sequence[int]) -> int:
        kids = tuple(kids)
        first = kids[0]
        if all(k == first for k in kids):
            return first
        key = (var, kids)
        node = self._unique.get(key)
        if node is None:
            node = len(self.var)
            self.var.append(var)
            self.kids.append(kids)
            self.value.append(None)
            self._unique[key] = node
        return node

    def variable(self, var: int, values: Sequence[Hashable]) -> int:
        """The function "value of variable ``var``", mapping each domain value to a terminal."""
        return self.node(var, [self.terminal(v) for v in values])

    def apply(self, op: Callable[..., Hashable], *nodes: int, tag: Hashable = None) -> int:
        """The node of ``op(f1(x), f2(x), ...)``: ``op`` combines terminal values. ``tag`` names ``op``
        for memoisation (two calls with the same tag must pass the same function)."""
        key_tag = tag if tag is not None else id(op)
        memo = self._memo

        def rec(ns: tuple[int, ...]) -> int:
            key = (key_tag, ns)
            hit = memo.get(key)
            if hit is not None:
                return hit
            top = min(self.var[n] for n in ns)
            if top == self.bottom:
                result = self.terminal(op(*(self.value[n] for n in ns)))
            else:
                children = []
                for i in range(self.sizes[top]):
                    children.append(rec(tuple(self.kids[n][i] if self.var[n] == top else n for n in ns)))
                result = self.node(top, children)
            memo[key] = result
            return result

        return rec(tuple(nodes))

    def restrict(self, root: int, var: int, index: int) -> int:
        """The function with variable ``var`` fixed to its ``index``-th value."""
        memo: dict[int, int] = {}

        def rec(n: int) -> int:
            if self.var[n] > var:
                return n
            hit = memo.get(n)
            if hit is None:
                if self.var[n] == var:
                    hit = self.kids[n][index]
                else:
                    hit = self.node(self.var[n], [rec(k) for k in self.kids[n]])
                memo[n] = hit
            return hit

        return rec(root)

    # reading -----------------------------------------------------------------------------------

    def count(self, root: int) -> dict[Any, int]:
        """How many full assignments reach each terminal value (exact model counting)."""
        memo: dict[int, dict[Any, int]] = {}

        def rec(n: int) -> dict[Any, int]:
            hit = memo.get(n)
            if hit is not None:
                return hit
            out: dict[Any, int] = {}
            if self.var[n] == self.bottom:
                out[self.value[n]] = 1
            else:
                v = self.var[n]
                for child in self.kids[n]:
                    scale = self._span(v + 1, self.var[child])
                    for value, c in rec(child).items():
                        out[value] = out.get(value, 0) + c * scale
            memo[n] = out
            return out

        top = self._span(0, self.var[root])
        return {k: v * top for k, v in rec(root).items()}

    def _span(self, start: int, stop: int) -> int:
        """Assignments of the variables in [start, stop) that a path skips."""
        out = 1
        for i in range(start, min(stop, self.bottom)):
            out *= self.sizes[i]
        return out

    def paths(self, root: int, want: Callable[[Any], bool]) -> Iterator[tuple[dict[int, frozenset[int]], Any]]:
        """Paths to terminals whose value ``want`` accepts: (variable → allowed value indexes, value).
        Values that lead to the same child are merged into one edge."""
        def rec(n: int, path: dict[int, frozenset[int]]) -> Iterator[tuple[dict[int, frozenset[int]], Any]]:
            if self.var[n] == self.bottom:
                if want(self.value[n]):
                    yield dict(path), self.value[n]
                return
            groups: dict[int, list[int]] = {}
            for i, child in enumerate(self.kids[n]):
                groups.setdefault(child, []).append(i)
            for child, idx in groups.items():
                if not self._reaches(child, want):
                    continue
                path[self.var[n]] = frozenset(idx)
                yield from rec(child, path)
                del path[self.var[n]]

        yield from rec(root, {})

    def _reaches(self, n: int, want: Callable[[Any], bool]) -> bool:
        key = ("reach", id(want), n)
        hit = self._memo.get(key)
        if hit is None:
            if self.var[n] == self.bottom:
                hit = 1 if want(self.value[n]) else 0
            else:
                hit = 1 if any(self._reaches(c, want) for c in set(self.kids[n])) else 0
            self._memo[key] = hit
        return bool(hit)
