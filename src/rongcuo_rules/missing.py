"""Missing facts, exactly: of the unknown facts an undetermined verdict's undecided rules read, those a rule's
value depends on once the vocabulary's constraints are taken into account.

The rules' three-valued reading names every unknown fact an undecided rule reads (:meth:`Expr.unknowns`).
Where a constraint links two of them that over-approximates: a condition "no prohibition was breached, or the
area is unregulated" reads both facts, but an unregulated area cannot be prohibited, so only the prohibition
decides it. A fact is kept when two of its values give a rule different values for some completion of the
other unknown facts that the constraints allow — found on the rule's decision diagram (compiled once per
pack, with the constraints), following the case's known values and branching on the unknown ones.

Only facts a constraint links (directly or through other facts) to another unknown fact of the same rule are
tried: elsewhere the three-valued reading is exact for the shipped packs' rules (the tests check necessity on
generated cases), and the check need not be paid.
"""

from __future__ import annotations

from typing import Any

from .pack import Pack


def linked(pack: Pack) -> dict[str, int]:
    """Fact → its group of facts the vocabulary's constraints link (connected through shared constraints)."""
    def build() -> dict[str, int]:
        group: dict[str, int] = {}
        for n, constraint in enumerate(pack.vocabulary.constraints):
            facts = set(constraint.if_.reads()) | set(constraint.then.reads())
            joined = {group[f] for f in facts if f in group} | {len(pack.vocabulary.facts) + n}
            target = min(joined)
            for f, g in list(group.items()):
                if g in joined:
                    group[f] = target
            for f in facts:
                group[f] = target
        return group
    return pack.cached("missing_linked", build)


def necessary(pack: Pack, memory: dict[str, Any], undecided: Any) -> set[str]:
    """The unknown facts the ``undecided`` rules depend on, given the case's known facts in ``memory``."""
    groups = linked(pack)
    out: set[str] = set()
    compiled = None
    for rule in undecided:
        read: set[str] = set()
        rule.expr.unknowns(memory, read)
        count: dict[int, int] = {}
        for fact in read:
            if fact in groups:
                count[groups[fact]] = count.get(groups[fact], 0) + 1
        for fact in read:
            if fact in out:
                continue
            if count.get(groups.get(fact, -1), 0) < 2:
                out.add(fact)  # no constraint links it to another unknown fact of the rule
                continue
            if compiled is None:
                from .alternatives import _compiled

                compiled = _compiled(pack)
                cur = [positions.get(memory.get(f)) for f, positions in compiled.positions]
                index = {f: i for i, f in enumerate(compiled.order)}
            if fact not in index or _depends(compiled, compiled.rule_nodes[rule.id], index[fact], cur):
                out.add(fact)
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
