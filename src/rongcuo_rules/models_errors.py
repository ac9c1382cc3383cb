"""Turn a pydantic ValidationError into one located, worded InputError."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputError
from .textutil import did_you_mean
from .yamlio import Document


def first_validation_error(exc: ValidationError, doc: Document, root: type[BaseModel] | None = None,
                           base: tuple[Any, ...] = ()) -> InputError:
    """The first error of ``exc`` as an InputError at its place in ``doc``.

    ``root`` is the model that was validated: with it an unknown key gets a did-you-mean from the keys
    the model at that place accepts.
    """
    errors = exc.errors(include_url=False)
    # A misspelt key also makes the intended one "missing": report the unknown key (with its
    # did-you-mean) first, since fixing it fixes both.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    path = base + tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
    kind = err["type"]
    dotted = ".".join(str(p) for p in path) or "<document>"
    if kind == "extra_forbidden":
        key = path[-1] if path else ""
        allowed = _keys_at(root, path[len(base):-1]) if root else []
        return InputError("schema.unknown_key", doc.loc(path, key=True), key=key, where=dotted,
                          hint=did_you_mean(str(key), allowed), allowed=", ".join(allowed) or "—")
    if kind == "missing":
        return InputError("schema.missing", doc.loc(path[:-1]), key=path[-1] if path else "", where=dotted)
    return InputError("schema.invalid", doc.loc(path), where=dotted, **_problem(kind, err))


def _problem(kind: str, err: Any) -> dict[str, str]:
    """pydantic's problem in both languages from the catalogue (``problem.<kind>``), its own English else."""
    from .wording import WORDS, text

    key = "problem." + kind
    if key not in WORDS:
        return {"problem_zh": err["msg"], "problem_en": err["msg"]}
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    return {"problem_zh": text(key, "zh", **ctx), "problem_en": text(key, "en", **ctx)}


def _keys_at(model: Any, path: tuple[Any, ...]) -> list[str]:
    """The keys accepted by the model found by following ``path`` from ``model``."""
    current: Any = model
    for step in path:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for n, f in current.model_fields.items() if (f.alias or n) == step), None)
            if field is None:
                return []
            current = field.annotation
        else:  # a list or dict of models: the index / key does not change the model
            current = _element(current)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    # Optional[X] / X | None → X
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, getattr(__import__("types"), "UnionType", None)) and len(args) == 1:
        return args[0]
    return tp


def _element(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return tp
