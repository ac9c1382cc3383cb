"""The native engine: the pack's network compiled at load into a schedule of closures (the default).

Forward chaining needs an agenda: a rule fires once everything it reads is known. A pack's rules read
only facts and earlier conclusions, and those dependencies are fixed by the pack, so the agenda is
resolved once at load time (the network's node order, :mod:`rongcuo_rules.semantics`); evaluating a case
is then one pass over the schedule, which is the fixpoint — every rule fires exactly once, each deriving
its conclusion in three-valued logic. No per-case work is spent discovering what to fire next.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ..case import Case
from ..pack import Pack
from ..semantics import COMBINE, Derivation, Group, Network, network

Step = tuple[str, Callable[[dict[str, Any]], Any]]


def _group_step(group: Group) -> Callable[[dict[str, Any]], Any]:
    combine, members = COMBINE[group.connective], group.members  # the Kleene function itself: a hot path
    if not members:
        empty = combine(())
        return lambda memory: empty
    if len(members) == 1:
        only = members[0]
        return lambda memory: combine((memory[only],))
    get = itemgetter(*members)
    return lambda memory: combine(get(memory))


class NativeEngine:
    name = "native"

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.network: Network = network(pack)
        steps: list[Step] = []
        reads: list[tuple[str, ...]] = []
        for node in self.network.nodes:
            if node.evaluate is not None:
                steps.append((node.key, node.evaluate))
            elif node.group is not None:
                steps.append((node.key, _group_step(node.group)))
            else:
                continue
            reads.append(node.reads)
        self._steps = tuple(steps)
        self._grades = itemgetter(*[r.id for r in self.network.grades]) if len(self.network.grades) > 1 \
            else (lambda m, _k=self.network.grades[0].id: (m[_k],))
        self._tolerance = self.network.tolerance_function()
        self._choose = self.network.choose
        self._fired = [n.key for n in self.network.nodes]
        # for re-derivation after a change of a few facts (:meth:`rederive`): each memory key's steps, and
        # every step downstream of them, by step index
        below: dict[str, set[int]] = {}
        for i in reversed(range(len(steps))):  # a step's readers come after it: theirs are complete
            downstream = {i} | below.get(steps[i][0], set())
            for r in reads[i]:
                below.setdefault(r, set()).update(downstream)
        self._below = {k: frozenset(v) for k, v in below.items()}
        self._plans: dict[frozenset[str], tuple[Step, ...]] = {}

    def derive(self, case: Case) -> Derivation:
        memory = case.memory.copy()  # every fact; each step below adds its conclusion
        for key, step in self._steps:
            memory[key] = step(memory)
        tolerated = memory["tolerated"] = self._tolerance(memory)
        outcome, rule = self._choose(tolerated, self._grades(memory))
        memory["outcome"] = outcome
        return Derivation(memory, self._fired, outcome, rule, self.name)

    def rederive(self, base: Derivation, source: dict[str, Any], changed: frozenset[str]) -> Derivation:
        """The derivation of the case whose working memory is ``source``, which differs from that of the case
        ``base`` was derived from only in the facts ``changed``: as a RETE network propagates a modified fact, only the steps that read a changed key,
        directly or through another step's conclusion, fire again; every other conclusion is ``base``'s,
        which is what firing it again would give (each step is a function of what it reads). Equal to
        :meth:`derive` on that case (tests/test_native.py checks it on generated changes)."""
        plan = self._plans.get(changed)
        if plan is None:
            below = self._below
            indexes = sorted(set().union(*(below.get(f, ()) for f in changed)))
            plan = tuple(self._steps[i] for i in indexes)
            if len(self._plans) < _MAX_PLANS:
                self._plans[changed] = plan
        memory = base.memory.copy()
        for f in changed:
            memory[f] = source[f]
        for key, step in plan:
            memory[key] = step(memory)
        tolerated = memory["tolerated"] = self._tolerance(memory)
        outcome, rule = self._choose(tolerated, self._grades(memory))
        memory["outcome"] = outcome
        return Derivation(memory, self._fired, outcome, rule, self.name)


#: sets of changed facts whose re-derivation plan an engine keeps (a plan is a tuple of the steps to fire)
_MAX_PLANS = 4096
