"""Pack properties, checked exactly: every shipped property holds; a false one yields a counterexample."""

from __future__ import annotations

import pytest

from rongcuo_rules import evaluate, get_pack, load_pack, shipped_pack_names
from rongcuo_rules.cli import main
from rongcuo_rules.properties import check

# DESIGN §5, stated here and not taken from the code under test: how good each outcome is for the person
BETTER = {"deny": 0, "lighten": 1, "reduce": 2, "exempt": 3}

from .conftest import FIXTURES

BROKEN = FIXTURES / "packs" / "broken_property.yaml"


@pytest.mark.parametrize("name", shipped_pack_names())
def test_shipped_properties_hold(name: str) -> None:
    pack = get_pack(name)
    results = check(pack)
    assert len(results) == len(pack.properties) >= 4
    assert [r.property.id for r in results if not r.holds] == []
    for prop in pack.properties:
        assert prop.clause in pack.clauses  # each property follows from a clause of the text


def test_false_implication_has_a_counterexample() -> None:
    pack = load_pack(BROKEN)
    results = {r.property.id: r for r in check(pack)}
    bad = results["emergency_is_exempt"]
    assert not bad.holds and bad.counterexample is not None
    verdict = evaluate(pack, bad.counterexample)
    assert bad.counterexample["context.emergency"] is True and verdict.outcome != "exempt"
    assert verdict.outcome != "undetermined"
    # minimal: dropping any fact loses the counterexample
    for fact in bad.counterexample:
        rest = {k: v for k, v in bad.counterexample.items() if k != fact}
        v = evaluate(pack, rest)
        assert not (rest.get("context.emergency") is True and v.outcome not in ("exempt", "undetermined"))
    assert results["vanity_denies"].holds


def test_false_monotonicity_has_a_counterexample() -> None:
    pack = load_pack(BROKEN)
    bad = next(r for r in check(pack) if r.property.id == "vanity_never_hurts")
    assert not bad.holds and bad.verdicts is not None
    low, high = bad.verdicts
    assert BETTER[high.outcome] < BETTER[low.outcome]
    facts = dict(bad.counterexample or {})
    assert evaluate(pack, {**facts, "conduct.vanity_project": True}).outcome == high.outcome


def test_check_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *shipped_pack_names()]) == 0
    assert "✘" not in capsys.readouterr().out
    assert main(["check", str(BROKEN)]) == 1
    out = capsys.readouterr().out
    assert "✘ broken_property emergency_is_exempt" in out and "反例" in out
    assert main(["check", str(FIXTURES / "packs" / "bad_property_form.yaml")]) == 2
    err = capsys.readouterr().err
    assert "outcome_in" in err and err.count("\n") == 1
