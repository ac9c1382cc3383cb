"""Validated file models kept in the compiled cache, so that a new process does not validate again.

Checking a pack or the vocabulary against its pydantic model is most of what loading it costs in a fresh
process: pydantic builds each model's validator on first use (and, with the first, looks for plugins among
the installed distributions), then validates. The result depends only on the document's data — which the
compiled cache (:mod:`rongcuo_rules.cache`) already names by its text — and on the models themselves. So
once a document has passed validation, the validated models are kept beside the composed document, as plain
data: each model instance becomes ``(class name, {field: value}, fields set)``, read back as pydantic's
``model_construct`` would (no validation, no validator built). Loading runs no code beyond that: the names resolve
only to the models the validated model's fields hold (:func:`_models`), and the entry carries its own SHA-256
like every cache entry.

The entry is named by the document's cache key together with everything validation depends on besides
the data: the source of the modules defining the models and the pydantic version. A changed model therefore
never reads an entry validated by the old one. A document not loaded through the cache (a case file, the
cache turned off) is validated every time, as before. What a model computes while validating (a model
validator's derived attributes) it computes again in a ``_rebuilt`` method, called after construction.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from . import cache as compiled_cache
from .yamlio import Document

M = TypeVar("M")
_set = object.__setattr__
_TAG = "validated/1"


@cache
def _models(model: type) -> dict[str, type] | None:
    """The pydantic models an entry of ``model`` may name: ``model`` and those its fields hold, found through
    their annotations, by their full names. None when one of them cannot be rebuilt as :func:`_thaw` does (it
    allows extra fields, or has private attributes and no ``_rebuilt`` to set them): such a model is
    validated every time."""
    import typing

    from pydantic import BaseModel

    found: dict[str, type] = {}

    def visit(tp: Any) -> bool:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            name = f"{tp.__module__}.{tp.__qualname__}"
            if name in found:
                return True
            if tp.model_config.get("extra") != "forbid" or (tp.__private_attributes__
                                                            and not hasattr(tp, "_rebuilt")):
                return False
            found[name] = tp
            return all(visit(f.annotation) for f in tp.__pydantic_fields__.values())
        return all(visit(arg) for arg in typing.get_args(tp))

    return found if visit(model) else None


@cache
def _models_key(model: type) -> bytes:
    """What validating ``model`` depends on besides the data: the source of the modules defining its models
    and of this one, and pydantic's version. Empty when it cannot be known (no source to read)."""
    import sys

    import pydantic

    models = _models(model)
    if models is None:
        return b""
    files = sorted({sys.modules[m.__module__].__file__ or "" for m in models.values()} | {__file__})
    try:
        source = b"".join(Path(f).read_bytes() for f in files)
    except OSError:
        return b""
    return "\x00".join((_TAG, pydantic.VERSION, hashlib.sha256(source).hexdigest())).encode()


def _entry_name(doc: Document, model: type) -> str | None:
    if doc.cache_key is None or not _models_key(model):
        return None
    h = hashlib.sha256(_models_key(model))
    h.update(b"\x00" + f"{model.__module__}.{model.__qualname__}".encode() + b"\x00" + doc.cache_key.encode())
    return h.hexdigest()


def validate(model: type[M], doc: Document) -> M:
    """``model.model_validate(doc.data)`` — read from the cache when this document passed before.

    A ``ValidationError`` propagates as from ``model_validate`` (nothing is kept for a document that fails)."""
    name = _entry_name(doc, model)
    if name is not None:
        hit = compiled_cache.read_value(name)
        if hit is not None:
            try:
                value = _thaw(hit, _models(model))
            except (KeyError, TypeError, ValueError):  # not what this version writes: validate instead
                value = None
            if isinstance(value, model):
                return value
    spec = model.model_validate(doc.data)  # type: ignore[attr-defined]
    if name is not None:
        try:
            frozen = _freeze(spec)
        except TypeError:  # a value marshal cannot keep (a date in free data): validated each time
            return spec
        compiled_cache.write_value(name, frozen)
    return spec


def _freeze(value: Any) -> Any:
    """Plain, marshal-able data; a model becomes a tuple (and only a model: anything else that is not a list,
    dict or scalar is refused, so a tuple read back is always a model)."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        fields = {k: _freeze(v) for k, v in value.__dict__.items()}
        return (f"{type(value).__module__}.{type(value).__qualname__}", fields, sorted(value.model_fields_set))
    if isinstance(value, list):
        return [_freeze(v) for v in value]
    if isinstance(value, dict):
        return {k: _freeze(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise TypeError(type(value).__name__)


def _thaw(value: Any, models: dict[str, type]) -> Any:
    if isinstance(value, tuple):
        name, fields, fields_set = value
        cls = models[name]
        if fields.keys() != cls.__pydantic_fields__.keys():  # every field, as validation leaves them
            raise ValueError(name)
        # What ``model_construct`` does, for models whose every field is given (checked above) and which forbid
        # extra fields: the instance's documented slots set directly. ``model_construct`` would also look at
        # each private attribute's default factory's signature (``inspect.signature``: a tenth of the whole
        # warm load); tests compare the result with validation's, slot by slot, private attributes too.
        obj = cls.__new__(cls)
        _set(obj, "__dict__", {k: _thaw(v, models) for k, v in fields.items()})
        _set(obj, "__pydantic_fields_set__", set(fields_set))
        _set(obj, "__pydantic_extra__", None)
        if cls.__private_attributes__:  # set, every one, by the model's _rebuilt (_models admits no other)
            _set(obj, "__pydantic_private__", {})
            obj._rebuilt()
        else:
            _set(obj, "__pydantic_private__", None)
        return obj
    if isinstance(value, list):
        return [_thaw(v, models) for v in value]
    if isinstance(value, dict):
        return {k: _thaw(v, models) for k, v in value.items()}
    return value
