"""Fidelity of every shipped pack to its seed text.

Every clause's text is in the seed (whitespace normalised); every article and numbered item of the seed
has a clause; every operative clause is used by some rule; every rule cites a defined clause.
"""

from __future__ import annotations

import pytest

from rongcuo_rules import get_pack, shipped_pack_names

from .conftest import ROOT, SEEDS
from .seedtext import articles_and_items, squash

# Where a seed's measure starts and (if it has annexes) where its main text ends.
BOUNDS = {"fuzhou": ("第一条", None), "changzhou_edu": ("第一条", None), "pingdingshan": ("第一条", None),
          "shaoxing": ("第一条", "附件1\n"), "jinan": ("第一条", "附件 1")}


@pytest.mark.parametrize("name", shipped_pack_names())
def test_clause_text_is_verbatim(name: str) -> None:
    pack = get_pack(name)
    seed = squash((SEEDS / pack.seed).read_text(encoding="utf-8"))
    for clause in pack.clauses.values():
        assert squash(clause.text) in seed, clause.id


@pytest.mark.parametrize("name", shipped_pack_names())
def test_every_article_and_item_has_a_clause(name: str) -> None:
    pack = get_pack(name)
    start, stop = BOUNDS.get(name, (None, None))
    expected = articles_and_items(SEEDS / pack.seed, start, stop)
    assert expected, "no articles found: check BOUNDS"
    assert expected - set(pack.clauses) == set()


@pytest.mark.parametrize("name", shipped_pack_names())
def test_every_operative_clause_is_used(name: str) -> None:
    pack = get_pack(name)
    cited = pack.cited_clause_ids()
    unused = [c.id for c in pack.clauses.values() if c.operative and c.id not in cited]
    assert unused == []


@pytest.mark.parametrize("name", shipped_pack_names())
def test_non_operative_clauses_say_why(name: str) -> None:
    for clause in get_pack(name).clauses.values():
        if not clause.operative:
            assert clause.why is not None and clause.why.zh and clause.why.en, clause.id


@pytest.mark.parametrize("name", shipped_pack_names())
def test_every_rule_cites_a_defined_clause(name: str) -> None:
    pack = get_pack(name)
    for rule in pack.rules:
        assert rule.clause in pack.clauses
        assert all(c in pack.clauses for c in rule.informed_by)


def test_vendored_seeds_match_shared() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in SEEDS.glob("*.txt"):
        assert path.read_bytes() == (shared / path.name).read_bytes(), path.name
