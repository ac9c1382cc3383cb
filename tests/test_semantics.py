"""The one description of what a pack means: outcomes, groups, tolerance, the choice of grade."""

from __future__ import annotations

import itertools

import pytest

from rongcuo_rules import get_pack, shipped_pack_names
from rongcuo_rules.outcomes import DECIDED, OUTCOMES, TOLERATING, rank, tolerates
from rongcuo_rules.semantics import network


def test_outcomes_are_one_table() -> None:
    assert list(OUTCOMES) == ["exempt", "reduce", "lighten", "deny", "undetermined"]
    assert TOLERATING == ("exempt", "reduce", "lighten") and DECIDED == ("exempt", "reduce", "lighten", "deny")
    assert [rank(o) for o in ("deny", "lighten", "reduce", "exempt")] == [0, 1, 2, 3]
    assert not tolerates("deny") and not tolerates("undetermined")
    with pytest.raises(ValueError):
        rank("undetermined")


@pytest.mark.parametrize("name", shipped_pack_names())
def test_groups_are_the_measure_bones(name: str) -> None:
    pack = get_pack(name)
    net = network(pack)
    assert [(g.key, g.connective, g.required) for g in net.groups] == [
        ("in_scope", "any", True), ("conditions_met", "all", True),
        ("scenario_matched", "any", True), ("excluded", "any", False)]
    assert [r.id for g in net.groups for r in g.rules] == \
        [r.id for r in (*pack.scope, *pack.conditions, *pack.scenarios, *pack.exclusions)]
    assert net.grades == tuple(pack.outcomes)
    assert network(pack) is net  # built once per pack


def test_tolerance_is_kleene_and_over_the_groups() -> None:
    net = network(get_pack("fuzhou"))
    tri = (True, False, None)
    for s, c, sc, ex in itertools.product(tri, repeat=4):
        got = net.tolerated({"in_scope": s, "conditions_met": c, "scenario_matched": sc, "excluded": ex})
        parts = [s, c, sc, None if ex is None else not ex]
        want = False if False in parts else (None if None in parts else True)
        assert got is want, (s, c, sc, ex)


def test_the_first_grade_that_holds_decides_and_an_open_one_before_it_leaves_it_open() -> None:
    net = network(get_pack("jinan"))
    n = len(net.grades)
    assert net.choose(False, [True] * n) == ("deny", None)
    assert net.choose(None, [True] * n) == ("undetermined", None)
    assert net.choose(True, [None] + [True] * (n - 1)) == ("undetermined", None)
    outcome, grade = net.choose(True, [False, True] + [True] * (n - 2))
    assert grade is net.grades[1] and outcome == net.grades[1].outcome
