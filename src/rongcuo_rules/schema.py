"""JSON Schemas for pack files and case files, so an editor can complete and check them.

The pack schema comes from the pydantic models, with every condition (``when``) typed by an expression
schema generated from the vocabulary: fact names and their values are enumerated.
"""

from __future__ import annotations

from typing import Any

from .expr import COMPARISONS, ORDERED_ONLY
from .events import EVENTS
from .pack import PackFile
from .vocabulary import Vocabulary, default_vocabulary

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def _value_schema(vocab: Vocabulary, name: str) -> dict[str, Any]:
    fact = vocab.facts[name]
    if fact.type == "bool":
        out: dict[str, Any] = {"type": "boolean"}
    else:
        out = {"enum": [v.id for v in fact.values or []]}
    out["description"] = f"{fact.label.zh} / {fact.label.en} — {fact.source}"
    return out


def expression_schema(vocab: Vocabulary) -> dict[str, Any]:
    """The condition language, dispatched on the form an expression uses: an object with ``fact`` is a
    comparison, and a comparison on its fact (``if fact is F then F's operators and values``), one with
    ``all`` a conjunction, and so on — so that a validator or an editor checks only the branch the author
    meant and its error names what that branch allows (rather than one ``anyOf`` with a branch per fact and
    operator, 345 of them, whose best-matching error was about some other branch)."""
    ref = {"$ref": "#/$defs/Expr"}
    forms: list[tuple[str, dict[str, Any]]] = [
        ("fact", {"$ref": "#/$defs/Comparison"}),
        ("all", {"additionalProperties": False,
                 "properties": {"all": {"type": "array", "items": ref, "minItems": 1}}}),
        ("any", {"additionalProperties": False,
                 "properties": {"any": {"type": "array", "items": ref, "minItems": 1}}}),
        ("not", {"additionalProperties": False, "properties": {"not": ref}}),
        ("ref", {"additionalProperties": False, "properties": {"ref": {"type": "string"}}}),
        ("reading", {"additionalProperties": False,
                     "properties": {"reading": {"enum": list(_glossary_readings()),
                                                "description": "解读词表中的短语 / a phrase of the glossary of readings"}}}),
    ]
    # neither a boolean nor any form: say which forms there are
    node: dict[str, Any] = {"type": ["boolean", "object"],
                            "propertyNames": {"enum": [k for k, _ in forms]}, "minProperties": 1}
    for key, schema in reversed(forms):
        node = {"if": {"type": "object", "required": [key]}, "then": schema, "else": node}
    return {"type": ["boolean", "object"], **node}


def _comparison_defs(vocab: Vocabulary) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    for name, fact in vocab.facts.items():
        value = _value_schema(vocab, name)
        props: dict[str, Any] = {"fact": {"const": name}}
        for op in COMPARISONS:
            if fact.ordered or op not in ORDERED_ONLY:
                props[op] = {"type": "array", "items": value, "minItems": 1} if op in ("in", "not_in") else value
        defs[f"fact:{name}"] = {"type": "object", "additionalProperties": False, "required": ["fact"],
                                "minProperties": 2, "maxProperties": 2, "properties": props}
    defs["Comparison"] = {
        "type": "object", "required": ["fact"],
        "properties": {"fact": {"enum": list(vocab.facts)}},
        "allOf": [{"if": {"required": ["fact"], "properties": {"fact": {"const": name}}},
                   "then": {"$ref": f"#/$defs/fact:{name}"}} for name in vocab.facts],
    }
    return defs


def _glossary_readings() -> list[str]:
    from .glossary import default_glossary

    return list(default_glossary().readings())


def pack_schema(vocab: Vocabulary | None = None) -> dict[str, Any]:
    return _with_expressions(PackFile, vocab, "rongcuo_rules policy pack")


def checklist_schema(vocab: Vocabulary | None = None) -> dict[str, Any]:
    from .checklist import ChecklistFile

    return _with_expressions(ChecklistFile, vocab, "rongcuo_rules X checklist")


def _with_expressions(model: Any, vocab: Vocabulary | None, title: str) -> dict[str, Any]:
    vocab = vocab or default_vocabulary()
    schema = model.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    defs["Expr"] = expression_schema(vocab)
    defs.update(_comparison_defs(vocab))

    def retype(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and "when" in props:
                default = props["when"].get("default")
                props["when"] = {"$ref": "#/$defs/Expr", "description": "条件表达式 / condition"}
                if default is not None:
                    props["when"]["default"] = default
            for v in node.values():
                retype(v)
        elif isinstance(node, list):
            for v in node:
                retype(v)

    retype(schema)
    schema["$schema"] = SCHEMA_URI
    schema["title"] = title
    return schema


def case_schema(vocab: Vocabulary | None = None, kind: str = "case") -> dict[str, Any]:
    """The JSON Schema of a case file (``kind="case"``: facts required, for evaluation) or an events file
    (``kind="events"``: events required, for a timeline) — generated from the spec the loader checks
    (:data:`rongcuo_rules.case.CASE_FILE`)."""
    from .case import CASE_FILE, REQUIRED

    vocab = vocab or default_vocabulary()
    flat = {name: {**_value_schema(vocab, name), **({"type": ["boolean", "null"]} if
                   vocab.facts[name].type == "bool" and vocab.facts[name].open else {})}
            for name in vocab.facts}
    for name, fact in vocab.facts.items():
        if fact.type == "enum" and fact.open:
            flat[name]["enum"] = [*flat[name]["enum"], None]
    nested: dict[str, Any] = {}
    for group in vocab.groups:
        members = {n.split(".", 1)[1]: flat[n] for n in vocab.facts if n.split(".", 1)[0] == group}
        nested[group] = {"type": "object", "additionalProperties": False, "properties": members}
    content = {
        "facts": {"additionalProperties": False, "properties": {**flat, **nested}},
        "events": {"additionalProperties": False,
                   "properties": {name: {"type": "string", "format": "date", "description": f"{zh} / {en}"}
                                  for name, (zh, en) in EVENTS.items()}},
    }
    properties = {}
    for key in CASE_FILE:
        types = list(key.json)
        properties[key.name] = {"type": types[0] if len(types) == 1 else types, **content.get(key.name, {})}
    return {
        "$schema": SCHEMA_URI,
        "title": "rongcuo_rules case" if kind == "case" else "rongcuo_rules events",
        "type": "object",
        "additionalProperties": False,
        "required": [REQUIRED[kind][0]],
        "properties": properties,
    }
