"""Decision tables: for an undetermined verdict, where the missing facts lead.

The missing facts are expanded in the verdict's order, at most :data:`EXPANDED` of them, as a tree: each
branch gives one fact one of its values, and a branch stops as soon as the outcome is decided. Every leaf is
a row — the answers on its branch and the outcome they give — found by the engine on the case completed with
those answers (a combination a vocabulary constraint forbids has no row). A row still ``undetermined`` after
the expanded facts depends on the rest, which the verdict lists among its missing facts. The table is exact:
its rows partition every possible answer to the expanded facts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .case import Case, trusted_case
from .errors import InputError
from .pack import Pack

#: how many missing facts a decision table expands at most (the rest are summarised)
EXPANDED = 3


@dataclass(frozen=True, slots=True)
class DecisionRow:
    when: dict[str, Any]  # the answers (vocabulary values), in the order they were expanded
    outcome: str


def decision_table(pack: Pack, case: Case, missing: Sequence[str], engine: Any) -> list[DecisionRow]:
    facts = list(missing[:EXPANDED])
    vocab = pack.vocabulary
    rows: list[DecisionRow] = []

    def expand(i: int, when: dict[str, Any]) -> None:
        try:
            completed = trusted_case(vocab, {**case.facts, **when})
        except InputError:
            return  # the answers contradict a vocabulary constraint: no such case
        outcome = engine.derive(completed).outcome
        if outcome != "undetermined" or i == len(facts):
            rows.append(DecisionRow(dict(when), outcome))
            return
        fact = facts[i]
        if completed.memory.get(fact) is not None:  # entailed by the answers so far
            expand(i + 1, when)
            return
        for value in vocab.facts[fact].allowed:
            expand(i + 1, {**when, fact: value})

    expand(0, {})
    return rows
