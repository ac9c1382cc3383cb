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

The entry is named by the document's cache key together with what validation depends on besides the data:
the source of the modules defining the models and of the library's modules they import (where a ``Literal``'s
values come from), and the pydantic version. An edited model, or an edited list of values it allows, therefore
never reads an entry validated before the edit (the library's version is part of the document's key too). An
entry that is not what this version writes, however it came to be, is validated again. A document not loaded through the cache (a case file, the
cache turned off) is validated every time, as before. What a model computes while validating (a model
validator's derived attributes) it computes again in a ``_rebuilt`` method, called after construction.
"""

from __future__ import annotations

import hashlib
import re
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
    allows extra fields, has private attributes and no ``_rebuilt`` to set them, or a ``model_post_init``):
    such a model is validated every time."""
    import typing

    from pydantic import BaseModel

    found: dict[str, type] = {}

    def visit(tp: Any) -> bool:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            name = f"{tp.__module__}.{tp.__qualname__}"
            if name in found:
                return True
            if (tp.model_config.get("extra") != "forbid"
                    or (tp.__private_attributes__ and not hasattr(tp, "_rebuilt"))
                    # a model_post_init of its own (pydantic's, for private attributes, is _rebuilt's job)
                    or not getattr(tp.model_post_init, "__module__", "").startswith("pydantic.")):
                return False
            found[name] = tp
            return all(visit(f.annotation) for f in tp.__pydantic_fields__.values())
        return all(visit(arg) for arg in typing.get_args(tp))

    return found if visit(model) else None


@cache
def _models_key(model: type) -> bytes:
    """What validating ``model`` depends on besides the data: the source of :func:`_key_files` and pydantic's
    version. Empty when it cannot be known (no source to read)."""
    import pydantic

    files = _key_files(model)
    try:
        source = b"".join(f.read_bytes() for f in files or ())
    except OSError:
        return b""
    if not files:
        return b""
    return "\x00".join((_TAG, pydantic.VERSION, hashlib.sha256(source).hexdigest())).encode()


def _key_files(model: type) -> list[Path] | None:
    """The modules defining ``model``'s models, the library's modules those import (the values of a ``Literal``
    are constants defined elsewhere, such as the outcomes), and this one; None for a model not kept."""
    import sys

    models = _models(model)
    if models is None:
        return None
    try:
        defining = {Path(sys.modules[m.__module__].__file__ or "") for m in models.values()}
        files = set(defining) | {Path(__file__)}
        if any(f.suffix != ".py" for f in files):  # installed without source: nothing to key on, not kept
            return None
        for path in defining:
            if path.parent == _HERE:  # the library's own: the modules it imports from the library too
                files.update(_HERE / f"{name}.py" for name in _imported(path.read_text(encoding="utf-8"))
                             if (_HERE / f"{name}.py").is_file())
    except (OSError, KeyError, ValueError):  # (a source that is not UTF-8 text: not kept either)
        return None
    return sorted(files)


_HERE = Path(__file__).parent
#: an import from this package, at any depth of the source: ``from .outcomes import …``, ``from .engines.native
#: import …``, ``from . import cache as c, yamlio  # why``, ``from . import (a,\n b)``
_IMPORT = re.compile(r"^[ \t]*from \.([\w.]*) import (\([^)]*\)|[^\n]*)", re.MULTILINE)
_COMMENT = re.compile(r"#[^\n]*")


def _imported(source: str) -> set[str]:
    """The first part of each name of this package's modules a module's source imports directly (a
    subpackage, having no ``<name>.py``, is left out by the caller: the models' modules import none)."""
    out: set[str] = set()
    for module, names in _IMPORT.findall(source):
        if module:
            out.add(module.split(".")[0])
        else:
            out.update(n.split(" as ")[0].strip() for n in _COMMENT.sub("", names).strip("()").split(","))
    out.discard("")
    return out


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
            except Exception:  # not what this version writes (whatever it is): validate instead
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
