"""The native engine: the pack's network compiled at load into a schedule of closures (the default).

Forward chaining needs an agenda: a rule fires once everything it reads is known. A pack's rules read
only facts and earlier conclusions, and those dependencies are fixed by the pack, so the agenda is
resolved once at load time (a topological order of the network); evaluating a case is then one pass
over the schedule, which is the fixpoint — every rule fires exactly once, each deriving its conclusion
in three-valued logic. No per-case work is spent discovering what to fire next.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ..case import Case
from ..pack import Pack
from .network import (
    Derivation,
    Network,
    build_network,
    choose_outcome,
    kleene_all,
    kleene_any,
    kleene_tolerated,
)

Step = tuple[str, Callable[[dict[str, Any]], Any]]


def _aggregate_step(connective: str, members: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    combine = kleene_all if connective == "all" else kleene_any
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
        self.network: Network = build_network(pack)
        steps: list[Step] = []
        for node in self.network.nodes:
            if node.evaluate is not None:
                steps.append((node.key, node.evaluate))
            elif node.kind == "aggregate":
                connective = "all" if node.key == "conditions_met" else "any"
                steps.append((node.key, _aggregate_step(connective, node.members)))
        self._steps = tuple(steps)
        self._grades = tuple(self.pack.outcomes)
        self._fired = [n.key for n in self.network.nodes]

    def derive(self, case: Case) -> Derivation:
        memory = case.memory.copy()  # every fact; each step below adds its conclusion
        for key, step in self._steps:
            memory[key] = step(memory)
        tolerated = kleene_tolerated(memory["in_scope"], memory["conditions_met"],
                                     memory["scenario_matched"], memory["excluded"])
        memory["tolerated"] = tolerated
        outcome, rule = choose_outcome(tolerated, [(g, memory[g.id]) for g in self._grades])
        memory["outcome"] = outcome
        return Derivation(memory, self._fired, outcome, rule, self.name)
