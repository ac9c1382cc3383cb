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
    comparisons = []
    for name, fact in vocab.facts.items():
        value = _value_schema(vocab, name)
        ops = [op for op in COMPARISONS if fact.ordered or op not in ORDERED_ONLY]
        for op in ops:
            target = {"type": "array", "items": value, "minItems": 1} if op in ("in", "not_in") else value
            comparisons.append({
                "type": "object", "additionalProperties": False, "required": ["fact", op],
                "properties": {"fact": {"const": name}, op: target},
            })
    ref = {"$ref": "#/$defs/Expr"}
    return {
        "anyOf": [
            {"type": "boolean"},
            {"type": "object", "additionalProperties": False, "required": ["all"],
             "properties": {"all": {"type": "array", "items": ref, "minItems": 1}}},
            {"type": "object", "additionalProperties": False, "required": ["any"],
             "properties": {"any": {"type": "array", "items": ref, "minItems": 1}}},
            {"type": "object", "additionalProperties": False, "required": ["not"], "properties": {"not": ref}},
            {"type": "object", "additionalProperties": False, "required": ["ref"],
             "properties": {"ref": {"type": "string"}}},
            {"type": "object", "additionalProperties": False, "required": ["reading"],
             "properties": {"reading": {"enum": list(_glossary_readings()),
                                        "description": "解读词表中的短语 / a phrase of the glossary of readings"}}},
            *comparisons,
        ]
    }


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


def case_schema(vocab: Vocabulary | None = None) -> dict[str, Any]:
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
    return {
        "$schema": SCHEMA_URI,
        "title": "rongcuo_rules case",
        "type": "object",
        "additionalProperties": False,
        # facts for evaluate; events (dated procedure events) for timeline; a file may carry both
        "anyOf": [{"required": ["facts"]}, {"required": ["events"]}],
        "properties": {
            "id": {"type": ["string", "integer"]},
            "facts": {"type": "object", "additionalProperties": False,
                      "properties": {**flat, **nested}},
            "events": {"type": "object", "additionalProperties": False,
                       "properties": {name: {"type": "string", "format": "date",
                                             "description": f"{zh} / {en}"}
                                      for name, (zh, en) in EVENTS.items()}},
            "notes": {"type": "string"},
        },
    }
