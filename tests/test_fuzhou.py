"""Golden cases for 抚州: every scenario, failing condition, exclusion, scope boundary and undecided fact.

The cases live in golden/fuzhou.yaml, one readable entry each, checkable by eye against the seed.
"""

from __future__ import annotations

from typing import Any

import pytest

from rongcuo_rules import durable_available, evaluate, get_pack

from .conftest import golden_cases

ENGINES = ["native", "durable"] if durable_available() else ["native"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("facts", "expect"), golden_cases("fuzhou"))
def test_golden(facts: dict[str, Any], expect: dict[str, Any], engine: str) -> None:
    check_golden("fuzhou", facts, expect, engine)


def check_golden(pack: str, facts: dict[str, Any], expect: dict[str, Any], engine: str) -> None:
    verdict = evaluate(get_pack(pack), facts, engine=engine)
    assert verdict.outcome == expect["outcome"]
    assert verdict.cited_clauses == expect["cites"]
    assert verdict.missing_facts == expect.get("missing", [])
    assert verdict.in_scope == expect.get("in_scope", True)
    if "permitted" in expect:
        assert verdict.permitted == expect["permitted"]


def test_golden_covers_every_rule() -> None:
    """Each scenario, condition and exclusion rule of the pack is the subject of some golden case."""
    pack = get_pack("fuzhou")
    cited: set[str] = set()
    for param in golden_cases("fuzhou"):
        facts, expect = param.values
        cited.update(expect["cites"])
    rules = {r.clause for r in pack.conditions + pack.scenarios + pack.exclusions}
    assert rules - cited == set()


def test_every_clause_of_the_pack_is_defined_once_per_article() -> None:
    pack = get_pack("fuzhou")
    articles = {cid.split(".")[0] for cid in pack.clauses if cid.startswith("art")}
    assert articles == {f"art{i}" for i in range(1, 19)}


def test_exempt_lists_consequences_of_article_14() -> None:
    verdict = evaluate("fuzhou", "examples/fuzhou_flood_exempt.yaml")
    assert [c.clause for c in verdict.consequences] == [
        "art14", "art14.1", "art14.2", "art14.3", "art14.4", "art14.5", "art14.6", "art14.p2"]
    assert verdict.permitted == ["exempt"]


def test_deny_has_no_consequences() -> None:
    verdict = evaluate("fuzhou", "examples/fuzhou_private_gain_deny.yaml")
    assert verdict.outcome == "deny" and verdict.consequences == [] and verdict.permitted == ["deny"]


def test_interpretations_are_disclosed_only_when_used() -> None:
    pack = get_pack("fuzhou")
    exempt = evaluate(pack, "examples/fuzhou_flood_exempt.yaml")
    # the exemption rests on the scope, and on each prohibition of 第九条 not applying (read as disclosed)
    assert [i.rule for i in exempt.interpretations] == ["scope.direct", "exclusion.art9.1", "exclusion.art9.2",
                                                         "exclusion.art9.4"]
    # condition 4(6) now reads 挽回损失 through the glossary, and discloses that reading instead
    assert ("挽回损失", "condition.art4.6") in {(u.reading, u.rule) for u in exempt.readings}
    # a matched art5.3 discloses its reading of 严重损失 / 恶劣影响
    facts = {**golden_cases("fuzhou")[0].values[0], "context.implementing_decisions": True,
             "context.false_accusation": True}
    rules = [i.rule for i in evaluate(pack, facts).interpretations]
    assert "scenario.art5.3" in rules and "scenario.art6.2" not in rules  # 6.2 did not match: not relied on
    # a deny on a failed condition does not rest on the prohibitions, and does not disclose their readings
    deny = evaluate(pack, {**facts, "procedure.collective_decision": False})
    assert deny.outcome == "deny" and not any(i.rule.startswith("exclusion.") for i in deny.interpretations)
