"""Missing facts, exactly: of the unknown facts an undetermined verdict's undecided rules read, those a rule's
value depends on, given the case's known facts and the vocabulary's constraints.

The rules' three-valued reading names every unknown fact an undecided rule reads (:meth:`Expr.unknowns`).
Where a constraint links two of them that over-approximates: a condition "no prohibition was breached, or the
area is unregulated" reads both facts, but an unregulated area cannot be prohibited, so only the prohibition
decides it. A fact is kept when two of its values give a rule different values for some completion of the
other unknown facts that the constraints allow — found on the rule's decision diagram (compiled once per
pack, with the constraints), following the case's known values and branching on the unknown ones.

It over-approximates too where a rule reads a fact in two places: 绍兴's condition "no major loss and no
social impact, or a certain loss, a certain impact and the loss recovered" reads the loss in both branches,
and once the social impact is known to be none the second branch asks more than the first (a certain loss is
less than a major one), so whether the loss was recovered never decides it — a generated case found the
verdict naming that fact missing. So the check is tried for every fact of a rule left open by two unknown
facts or more; a rule the three-valued reading leaves open by one unknown fact is taken to depend on it.

The check is compiled once per pack (:class:`_Dependence`): for each rule that reads two facts or more and each
fact it reads, "two values of the fact give the rule different values" becomes a
decision diagram over the case's values (each fact's values and one more for "unknown"), so that a case's
answer is read by following its values down. :func:`_depends` is the same question asked of one case
directly, the statement the compiled form must equal (the tests check they agree).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import Any

from .mdd import MDD
from .pack import Pack


def necessary(pack: Pack, memory: dict[str, Any], undecided: Any) -> set[str]:
    """The unknown facts the ``undecided`` rules depend on, given the case's known facts in ``memory``."""
    out: set[str] = set()
    compiled = None
    for rule in undecided:
        read: set[str] = set()
        rule.expr.unknowns(memory, read)
        if len(read) < 2:
            out |= read  # the one unknown fact leaving the rule open: it depends on it
            continue
        for fact in read:
            if fact in out:
                continue
            if compiled is None:
                compiled = _dependence(pack)
                at = compiled.at(memory)
            if compiled.depends(rule.id, fact, at):
                out.add(fact)
    return out


class _Dependence:
    """For each rule that reads two facts or more, and each fact it reads: whether two
    values of that fact give the rule different values for some allowed completion of the unknown facts, as
    a decision diagram over the case's values (value indexes, "unknown" as one more)."""

    def __init__(self, pack: Pack) -> None:
        from .alternatives import _compiled

        c = self.c = _compiled(pack)
        self.index = {f: i for i, f in enumerate(c.order)}
        self.ext = ext = MDD([len(c.allowed[f]) + 1 for f in c.order])
        self.var, self.kids, self.value, self.bottom = ext.var, ext.kids, ext.value, ext.bottom
        self.roots: dict[tuple[str, str], int] = {}
        self.lock = threading.Lock()
        # every pair necessary() can ask about, compiled now; another (none is known) is compiled when asked
        nothing_known: dict[str, Any] = defaultdict(lambda: None, pack.vocabulary.blank_memory)
        for rule in pack.rules:
            if rule.kind == "definition":
                continue  # (never undecided itself: the rules that use it are)
            every: set[str] = set()
            rule.expr.unknowns(nothing_known, every)  # each base fact it reads, through definitions and readings
            if len(every) >= 2:
                for fact in sorted(every):
                    self._root(rule.id, fact)

    def _root(self, rule: str, fact: str) -> int:
        root = self.roots.get((rule, fact))
        if root is None:
            with self.lock:  # the diagram package is not safe for concurrent construction
                root = self.roots.get((rule, fact))
                if root is None:
                    f = self.index.get(fact)
                    # a fact outside the pack's fact space is kept, as the per-case check keeps it
                    root = self.roots[rule, fact] = (self.ext.terminal(True) if f is None else
                                                     _compile(self.c, self.ext, self.c.rule_nodes[rule], f))
        return root

    def at(self, memory: dict[str, Any]) -> list[int]:
        """The case's value indexes, "unknown" as one more."""
        return self.c.vectors(memory)[1]

    def depends(self, rule: str, fact: str, at: list[int]) -> bool:
        root = self._root(rule, fact)
        var, kids, bottom = self.var, self.kids, self.bottom
        n = root
        while var[n] != bottom:
            n = kids[n][at[var[n]]]
        return bool(self.value[n])


_DEPENDENCE_LOCK = threading.Lock()


def _dependence(pack: Pack) -> _Dependence:
    built = pack.peek("missing_dependence")
    if built is not None:  # no lock once built (a forked worker must not wait on a lock held at the fork)
        return built  # type: ignore[no-any-return]
    with _DEPENDENCE_LOCK:  # one compilation per pack
        return pack.cached("missing_dependence", _Dependence, pack)


def _compile(c: Any, ext: MDD, root: int, f: int) -> int:
    """:func:`_depends` for every case at once: a diagram over the case's values (the extra value of each
    variable: unknown, so that any of its values may complete the case)."""
    var, kids, value, bottom = c.var, c.kids, c.value, c.bottom
    width = len(c.allowed[c.order[f]])
    false = ext.terminal(False)

    def either(x: Any, y: Any) -> bool:
        return bool(x or y)

    out = false
    for a in range(width):
        for b in range(a + 1, width):
            memo: dict[tuple[int, int], int] = {}

            def differs(n1: int, n2: int) -> int:
                key = (n1, n2)
                hit = memo.get(key)
                if hit is not None:
                    return hit
                v1, v2 = var[n1], var[n2]
                if v1 == bottom and v2 == bottom:
                    o1, o2 = value[n1], value[n2]
                    result = ext.terminal(o1 is not None and o2 is not None and o1 != o2)
                elif n1 == n2 and v1 > f:
                    result = false  # the same function once f is passed
                else:
                    v = min(v1, v2)
                    if v == f:  # noqa: B023 - a, b are this pair's, fixed while the pair is compiled
                        result = differs(kids[n1][a] if v1 == f else n1, kids[n2][b] if v2 == f else n2)  # noqa: B023
                    else:
                        branches = [differs(kids[n1][i] if v1 == v else n1, kids[n2][i] if v2 == v else n2)
                                    for i in range(len(kids[n1 if v1 == v else n2]))]
                        anywhere = branches[0]
                        for k in branches[1:]:
                            anywhere = ext.apply(either, anywhere, k, tag="either")
                        result = ext.node(v, branches + [anywhere])
                memo[key] = result
                return result

            out = ext.apply(either, out, differs(root, root), tag="either")
    return out


def _depends(c: Any, root: int, f: int, cur: list[int | None]) -> bool:
    """Whether two values of variable ``f`` give the diagram at ``root`` different (valid) values for some
    completion of the case's unknown variables (``cur``: known value indexes, None for unknown)."""
    var, kids, value, bottom = c.var, c.kids, c.value, c.bottom
    width = len(c.allowed[c.order[f]])
    memo: dict[tuple[int, int, int, int], bool] = {}

    def differs(n1: int, n2: int, a: int, b: int) -> bool:
        key = (n1, n2, a, b)
        hit = memo.get(key)
        if hit is not None:
            return hit
        v1, v2 = var[n1], var[n2]
        if v1 == bottom and v2 == bottom:
            o1, o2 = value[n1], value[n2]
            result = o1 is not None and o2 is not None and o1 != o2
        elif n1 == n2 and v1 > f:
            result = False  # the same function once f is passed
        else:
            v = min(v1, v2)
            if v == f:
                result = differs(kids[n1][a] if v1 == f else n1, kids[n2][b] if v2 == f else n2, a, b)
            else:
                here = cur[v]
                result = False
                for i in (range(len(kids[n1 if v1 == v else n2])) if here is None else (here,)):
                    if differs(kids[n1][i] if v1 == v else n1, kids[n2][i] if v2 == v else n2, a, b):
                        result = True
                        break
        memo[key] = result
        return result

    return any(differs(root, root, a, b) for a in range(width) for b in range(a + 1, width))
