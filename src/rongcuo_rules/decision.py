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

from .case import Case
from .engines import derive_changed
from .errors import InputError
from .pack import Pack
from .semantics import Derivation

#: how many missing facts a decision table expands at most (the rest are summarised)
EXPANDED = 3


@dataclass(frozen=True, slots=True)
class DecisionRow:
    when: dict[str, Any]  # the answers (vocabulary values), in the order they were expanded
    outcome: str


def decision_table(pack: Pack, case: Case, missing: Sequence[str], engine: Any,
                   base: Derivation | None = None) -> list[DecisionRow]:
    """The rows; ``base``, the engine's derivation of ``case`` if at hand, lets it re-derive each completed
    case from it (:func:`rongcuo_rules.engines.derive_changed`)."""
    facts = list(missing[:EXPANDED])
    vocab = pack.vocabulary
    answers = pack.cached("decision_answers", _answers, vocab)
    rows: list[DecisionRow] = []

    def expand(i: int, when: dict[str, Any], codes: dict[str, Any]) -> None:
        if not when:
            memory, outcome = case.memory, "undetermined"  # the verdict's own case: tables are for undetermined ones
        else:
            try:
                memory, d = derive_changed(engine, case, base, codes)
            except InputError:
                return  # the answers contradict a vocabulary constraint: no such case
            outcome = d.outcome
        if outcome != "undetermined" or i == len(facts):
            rows.append(DecisionRow(dict(when), outcome))
            return
        fact = facts[i]
        if memory.get(fact) is not None:  # entailed by the answers so far
            expand(i + 1, when, codes)
            return
        for value, code in answers[fact]:
            expand(i + 1, {**when, fact: value}, {**codes, fact: code})

    expand(0, {}, {})
    return rows


def _answers(vocab: Any) -> dict[str, list[tuple[Any, Any]]]:
    """Each fact's values with their codes, encoded once per pack."""
    return {name: [(v, fact.encode(v)) for v in fact.allowed] for name, fact in vocab.facts.items()}
