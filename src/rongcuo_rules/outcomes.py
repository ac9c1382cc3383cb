"""The outcomes (DESIGN.md §5), once: each with its rank for the person and whether it tolerates.

``deny`` < ``lighten`` < ``reduce`` < ``exempt`` by rank; ``undetermined`` is not decided and has no rank.
Every list of outcomes in the library — the pack format's, the verdict's, the tolerated ones, the property
checks' order — is derived from :data:`OUTCOMES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Outcome:
    name: str
    rank: int | None
    tolerates: bool


OUTCOMES: dict[str, Outcome] = {o.name: o for o in (
    Outcome("exempt", 3, True),
    Outcome("reduce", 2, True),
    Outcome("lighten", 1, True),
    Outcome("deny", 0, False),
    Outcome("undetermined", None, False),
)}
#: the outcomes a tolerated case can have, best first
TOLERATING: tuple[str, ...] = tuple(o.name for o in OUTCOMES.values() if o.tolerates)
#: the decided outcomes (what a pack gives once every fact is known)
DECIDED: tuple[str, ...] = tuple(o.name for o in OUTCOMES.values() if o.rank is not None)

# typing.Literal built from the table (pydantic validates and documents the pack and verdict formats with them)
DecidedName = Literal[DECIDED]  # type: ignore[valid-type]
OutcomeName = Literal[tuple(OUTCOMES)]  # type: ignore[valid-type]


def tolerates(outcome: str) -> bool:
    return OUTCOMES[outcome].tolerates


def rank(outcome: str) -> int:
    """The rank of a decided outcome (higher is better for the person)."""
    r = OUTCOMES[outcome].rank
    if r is None:
        raise ValueError(f"{outcome} has no rank")
    return r
