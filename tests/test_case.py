"""Cases: flat and nested forms, unknown vs closed defaults, and every kind of bad fact."""

from __future__ import annotations

import pytest

from rongcuo_rules.case import case_from_facts, load_case_text
from rongcuo_rules.errors import InputError


def test_flat_and_nested_mean_the_same() -> None:
    flat = load_case_text("facts:\n  conduct.private_gain: false\n  impact.loss: minor\n")
    nested = load_case_text("facts:\n  conduct: {private_gain: false}\n  impact:\n    loss: minor\n")
    mixed = load_case_text('{"facts": {"conduct": {"private_gain": false}, "impact.loss": "minor"}}', fmt="json")
    assert flat.facts == nested.facts == mixed.facts == {"conduct.private_gain": False, "impact.loss": "minor"}
    assert flat.memory == nested.memory == mixed.memory


def test_open_facts_absent_are_unknown_closed_take_defaults() -> None:
    case = case_from_facts({})
    assert case.memory["conduct.private_gain"] is None
    assert case.memory["context.emergency"] is False
    assert case.memory["impact.accident_safety"] == 0
    assert case_from_facts({"conduct.private_gain": None}).memory == case.memory


def test_closed_fact_cannot_be_null() -> None:
    with pytest.raises(InputError) as info:
        case_from_facts({"context.emergency": None})
    assert info.value.code == "value.null_closed"


@pytest.mark.parametrize(("facts", "code", "words"), [
    ({"conduct.privte_gain": False}, "fact.unknown", ["conduct.private_gain"]),
    ({"conduct": {"privte_gain": False}}, "fact.unknown", ["conduct.private_gain"]),
    ({"conduc": {"private_gain": False}}, "fact.unknown", ["conduc"]),
    ({"impact.loss": "huge"}, "value.not_allowed", ["none, minor, considerable, severe, major"]),
    ({"impact.loss": "majr"}, "value.not_allowed", ["did you mean 'major'"]),
    ({"impact.loss": 3}, "value.not_allowed", ["3"]),
    ({"conduct.private_gain": "false"}, "value.not_bool", ["true or false"]),
    ({"conduct.private_gain": 0}, "value.not_bool", ["true or false"]),
    ({"conduct.private_gain": [False]}, "value.not_scalar", ["true, false"]),
    ({"impact.loss": {"x": 1}}, "value.not_scalar", ["impact.loss"]),
    ({"conduct.unregulated_area": True, "conduct.prohibited_by_law": True}, "case.constraint",
     ["unregulated_not_prohibited"]),
    ({"conduct.knowing_violation": True, "conduct.prohibited_by_law": False}, "case.constraint",
     ["knowing_violation_is_prohibited"]),
])
def test_bad_facts(facts: dict, code: str, words: list[str]) -> None:
    with pytest.raises(InputError) as info:
        case_from_facts(facts)
    assert info.value.code == code
    for w in words:
        assert w in str(info.value)


def test_constraint_holds_when_its_facts_are_unknown() -> None:
    # unknown prohibited_by_law cannot contradict unregulated_area: nothing is guessed
    assert case_from_facts({"conduct.unregulated_area": True}).facts == {"conduct.unregulated_area": True}


def test_case_file_sections() -> None:
    with pytest.raises(InputError) as info:
        load_case_text("facts: {}\nevnts: {}\n")
    assert info.value.code == "case.unknown_key" and "did you mean 'events'" in str(info.value)
    with pytest.raises(InputError) as info:
        load_case_text("id: x\n")
    assert info.value.code == "case.no_facts"
    with pytest.raises(InputError) as info:
        load_case_text("facts: [1]\n")
    assert info.value.code == "case.facts_not_mapping"
    assert load_case_text("id: 7\nfacts: {}\n").id == "7"


def test_constraints_fill_entailed_unknowns_and_say_so() -> None:
    # unregulated ⇒ not prohibited: a prohibition rules out an unregulated area (contrapositive)
    case = case_from_facts({"conduct.prohibited_by_law": True})
    assert case.memory["conduct.unregulated_area"] is False
    assert case.implied == {"conduct.unregulated_area": (False, "unregulated_not_prohibited")}
    assert "conduct.unregulated_area" not in case.facts
    # knowing violation ⇒ prohibited and intentional (forward)
    case = case_from_facts({"conduct.knowing_violation": True})
    assert case.implied["conduct.prohibited_by_law"] == (True, "knowing_violation_is_prohibited")
    assert case.implied["conduct.intentional"] == (True, "knowing_violation_is_intentional")
    # and chained: prohibited (implied) ⇒ not unregulated
    assert case.implied["conduct.unregulated_area"] == (False, "unregulated_not_prohibited")
    assert case_from_facts({"conduct.private_gain": True}).implied == {}


def test_facts_impossible_only_together_are_refused() -> None:
    # 明知故犯 entails a prohibition; an unregulated area rules one out: each fact passes each constraint on its
    # own, and only the entailment shows the case impossible (it used to be accepted, with the verdict depending
    # on the order the constraints were applied in)
    with pytest.raises(InputError) as err:
        load_case_text("facts:\n  conduct: {knowing_violation: true, unregulated_area: true}\n", file="c.yaml")
    assert err.value.code == "case.constraint_entailed"
    assert err.value.location.line == 2
    assert "conduct.prohibited_by_law" in err.value.render("en") and "（" not in err.value.render("en")
    with pytest.raises(InputError):
        case_from_facts({"conduct.knowing_violation": True, "conduct.unregulated_area": True})


@pytest.mark.parametrize(("data", "code"), [
    ({"facts": None}, "case.facts_not_mapping"), ({"facts": {}, "bogus": 1}, "case.unknown_key"),
    ({"facts": {}, "notes": {"a": 1}}, "case.notes_not_text"), ({"facts": {}, "id": True}, "case.bad_id"),
    ({"facts": ["abc"]}, "case.facts_not_mapping"), (42, "case.not_mapping"), ({"idd": 1}, "fact.unknown"),
])
def test_the_python_api_checks_a_case_mapping_as_a_file(data: object, code: str) -> None:
    # the API took {"facts": None} as a TypeError and dropped unknown keys beside "facts"
    from rongcuo_rules import evaluate

    with pytest.raises(InputError) as err:
        evaluate("fuzhou", data)  # type: ignore[arg-type]
    assert err.value.code == code


@pytest.mark.parametrize(("facts", "code"), [
    # a flat mapping is encoded in one pass by (fact, value) lookups; (f, 1) == (f, True) in Python, so a
    # number beside valid values must still be refused, not read as a boolean
    ({"impact.loss": "minor", "conduct.private_gain": 1}, "value.not_bool"),
    ({"impact.loss": "minor", "conduct.private_gain": 1.0}, "value.not_bool"),
    ({"conduct.private_gain": False, "impact.loss": True}, "value.not_allowed"),
    ({"conduct.private_gain": False, "context.emergency": None}, "value.null_closed"),
])
def test_a_flat_mapping_with_one_bad_value_is_refused(facts: dict, code: str) -> None:
    with pytest.raises(InputError) as info:
        case_from_facts(facts)
    assert info.value.code == code


def test_a_flat_case_files_bad_value_is_located() -> None:
    with pytest.raises(InputError) as info:
        load_case_text("facts:\n  conduct.private_gain: false\n  impact.loss: huge\n", file="c.yaml")
    assert str(info.value).startswith("c.yaml:3:16: ")  # the value itself, line 3 column 16


def test_flat_mappings_read_as_their_nested_form_on_generated_cases() -> None:
    """The flat fast path (C-level encoding) and the general path (nested mappings, taken apart fact by fact)
    give equal cases — facts, memory and entailed facts — on 2,000 generated mappings, nulls included."""
    import random

    from rongcuo_rules.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    rng = random.Random(5)
    compared = 0
    while compared < 2000:
        flat = {f: rng.choice([*x.allowed, *([None] if x.open else [])]) for f, x in vocab.facts.items()
                if rng.random() < 0.3}
        nested: dict = {}
        for f, v in flat.items():
            group, name = f.split(".", 1)
            nested.setdefault(group, {})[name] = v
        try:
            fast = case_from_facts(flat)
        except InputError as exc:
            with pytest.raises(InputError) as info:
                case_from_facts(nested)
            assert info.value.code == exc.code
            continue
        slow = case_from_facts(nested)
        assert (fast.facts, fast.memory, fast.implied) == (slow.facts, slow.memory, slow.implied)
        compared += 1
