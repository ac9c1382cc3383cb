"""Pack model and loading: the minimal pack, labels, shipped-pack lookup, and the JSON Schemas."""

from __future__ import annotations

import json

import jsonschema
import pytest

from rongcuo_rules import evaluate, get_pack, load_pack, shipped_pack_names
from rongcuo_rules.errors import InputError
from rongcuo_rules.labels import chinese_number, clause_label
from rongcuo_rules.pack import normalise_text, policies_dir
from rongcuo_rules.schema import case_schema, pack_schema
from rongcuo_rules.yamlio import load_file

from .conftest import FIXTURES, ROOT


def test_minimal_pack_loads_and_evaluates() -> None:
    pack = load_pack(FIXTURES / "packs" / "minimal.yaml")
    assert [r.id for r in pack.rules] == ["scope.art1", "condition.art2.1", "scenario.art3.1",
                                          "exclusion.art4.1", "outcome.art5"]
    facts = {"subject.kind": "individual", "conduct.private_gain": False, "context.emergency": True}
    assert evaluate(pack, facts).outcome == "exempt"
    assert evaluate(pack, {**facts, "conduct.vanity_project": True}).cited_clauses == ["art4.1"]


@pytest.mark.parametrize(("cid", "zh", "en"), [
    ("art9", "第九条", "Article 9"), ("art9.7", "第九条第（七）项", "Article 9(7)"),
    ("art12.p2", "第十二条第二款", "Article 12, paragraph 2"), ("annex4.8", "附件4第8项", "Annex 4, item 8"),
    ("art21", "第二十一条", "Article 21"), ("notice.p2", "印发通知第2段", "Notice, paragraph 2"),
])
def test_clause_labels(cid: str, zh: str, en: str) -> None:
    assert (clause_label(cid), clause_label(cid, "en")) == (zh, en)


def test_chinese_numbers() -> None:
    assert [chinese_number(n) for n in (1, 10, 11, 20, 35, 100, 105)] == \
        ["一", "十", "十一", "二十", "三十五", "一百", "一百零五"]


def test_whitespace_normalisation() -> None:
    assert normalise_text("还\n\n是有心之过") == "还是有心之过"
    assert normalise_text("  a   b \n c ") == "a b c"


def test_shipped_packs_are_found_and_cached() -> None:
    assert "fuzhou" in shipped_pack_names()
    assert get_pack("fuzhou") is get_pack("fuzhou")
    assert (policies_dir() / "fuzhou.yaml").is_file()


def test_unknown_pack_name() -> None:
    with pytest.raises(InputError) as info:
        get_pack("fuzou")
    assert info.value.code == "pack.unknown" and info.value.params["hint"] == "fuzhou"


@pytest.mark.parametrize("name", shipped_pack_names())
def test_shipped_packs_validate_against_the_pack_schema(name: str) -> None:
    data = load_file(policies_dir() / f"{name}.yaml").data
    jsonschema.validate(json.loads(json.dumps(data, default=str)), pack_schema())


def test_pack_schema_rejects_an_unknown_fact() -> None:
    data = load_file(FIXTURES / "packs" / "bad_unknown_fact.yaml").data
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, pack_schema())


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.*")), ids=lambda p: p.name)
def test_examples_validate_against_the_case_schema(path: object) -> None:
    data = load_file(path).data  # type: ignore[arg-type]
    kind = "case" if "facts" in data else "events"  # a timeline's file carries only events
    jsonschema.validate(json.loads(json.dumps(data, default=str)), case_schema(kind=kind))  # YAML dates as strings


def test_case_schema_rejects_an_unknown_event() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"events": {"decison": "2025-10-01"}}, case_schema(kind="events"))


TOP_LEVELS = [
    {"facts": {}}, {}, {"events": {}}, {"facts": None}, {"facts": [], "id": "x"}, {"facts": {}, "id": 7},
    {"facts": {}, "id": True}, {"facts": {}, "id": 1.5}, {"facts": {}, "notes": "n"}, {"facts": {}, "notes": {"a": 1}},
    {"facts": {}, "events": []}, {"facts": {}, "events": {}}, {"facts": {}, "idd": "x"}, {"events": {}, "facts": {}},
]


@pytest.mark.parametrize("top", TOP_LEVELS, ids=lambda t: json.dumps(t))
@pytest.mark.parametrize("kind", ["case", "events"])
def test_case_schema_and_loader_accept_the_same_files(top: dict, kind: str) -> None:  # type: ignore[type-arg]
    """The schema is generated from the spec the loader checks: they accept and refuse the same top levels
    (the schema once accepted a file without facts that evaluate then refused)."""
    from rongcuo_rules.case import check_case_file
    from rongcuo_rules.errors import InputError
    from rongcuo_rules.yamlio import Document

    try:
        check_case_file(top, Document(top, None), kind)
        loader = True
    except InputError:
        loader = False
    schema = jsonschema.Draft202012Validator(case_schema(kind=kind)).is_valid(top)
    assert loader == schema


def test_case_schema_rejects_a_bad_value() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"facts": {"impact.loss": "huge"}}, case_schema())


@pytest.mark.parametrize(("expr", "says"), [
    ({"fact": "impact.loss", "is": "huge"}, "'huge' is not one of ['none', 'minor'"),
    ({"fact": "impact.los", "is": "minor"}, "'impact.los' is not one of"),
    ({"fact": "conduct.private_gain", "at_least": True}, "'at_least' was unexpected"),
    ({"al": []}, "'al' is not one of ['fact', 'all', 'any', 'not', 'ref', 'reading']"),
    ({"all": [{"fact": "conduct.private_gain", "is": 3}]}, "3 is not of type 'boolean'"),
    ({"reading": "一定损矢"}, "'一定损矢' is not one of"),
])
def test_expression_schema_errors_name_what_the_intended_form_allows(expr: object, says: str) -> None:
    # the schema dispatches on the form and the fact, so the best-matching error is about the branch meant
    from jsonschema.exceptions import best_match

    schema = pack_schema()
    validator = jsonschema.Draft202012Validator({"$defs": schema["$defs"], "$ref": "#/$defs/Expr"})
    error = best_match(validator.iter_errors(expr))
    assert error is not None and says in error.message
