"""Safe, positioned loading of YAML and JSON documents.

ruamel.yaml's round-trip loader silently turns an unknown tag such as ``!!python/object`` into an empty
mapping, and a constructed document loses the position of scalars. So this module *composes* the node
graph and constructs the data itself:

* only the YAML 1.2 core-schema tags (map, seq, str, int, float, bool, null, timestamp) are accepted;
  any other tag is an error naming it — nothing runs, nothing is dropped;
* duplicate keys are an error pointing at both occurrences;
* aliases are shared nodes in the graph; expansion is bounded (:data:`MAX_NODES`), so an alias bomb
  fails fast instead of exhausting memory;
* every value and every mapping key keeps its 1-based line and column (see :class:`Document`).

JSON files are parsed with :mod:`json` first (its messages and positions are the precise ones for JSON,
and it rejects what JSON forbids), with duplicate keys rejected, then composed again for positions.
"""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError, Location

#: The most nodes one document may expand to once aliases are followed.
MAX_NODES = 200_000
#: The largest file read, in bytes.
MAX_BYTES = 16 * 1024 * 1024

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}

Path_ = tuple[Any, ...]


@dataclass
class Document:
    """Plain data (dict / list / scalars) with the position of each value and key.

    ``value_at[path]`` is the (line, col) of the value at ``path`` (a tuple of keys and indexes);
    ``key_at[path]`` that of the mapping key whose value is at ``path``.
    """

    data: Any
    file: str | None
    value_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def loc(self, path: Path_ = (), key: bool = False) -> Location:
        """The nearest known position of ``path`` (walking up to its parent when unknown)."""
        table = self.key_at if key else self.value_at
        p = tuple(path)
        while True:
            if p in table:
                line, col = table[p]
                return Location(self.file, line, col)
            if key and p in self.value_at:
                line, col = self.value_at[p]
                return Location(self.file, line, col)
            if not p:
                return Location(self.file)
            p = p[:-1]


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, file: str | None, constructor: Any) -> None:
        self.file = file
        self.constructor = constructor
        self.count = 0
        self.doc = Document(None, file)

    def error(self, code: str, node: Node, **params: Any) -> InputError:
        line, col = _mark(node)
        return InputError(code, Location(self.file, line, col), **params)

    def build_key(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            raise self.error("yaml.complex_key", node)
        tag = node.tag.value if hasattr(node.tag, "value") else str(node.tag)
        if tag == f"{_CORE}merge":
            raise self.error("yaml.merge", node)
        if tag not in _SCALAR_TAGS:
            raise self.error("yaml.tag", node, tag=_short_tag(tag))
        return self.constructor.construct_object(node, deep=True)

    def build(self, node: Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error("yaml.too_large", node, limit=MAX_NODES)
        self.doc.value_at.setdefault(path, _mark(node))
        tag = node.tag.value if hasattr(node.tag, "value") else str(node.tag)
        if isinstance(node, MappingNode):
            if tag != f"{_CORE}map":
                raise self.error("yaml.tag", node, tag=_short_tag(tag))
            out: dict[Any, Any] = {}
            first_at: dict[Any, Node] = {}
            for key_node, value_node in node.value:
                key = self.build_key(key_node)
                if key in out:
                    line, col = _mark(first_at[key])
                    raise self.error("yaml.duplicate_key", key_node, key=key, first=f"{line}:{col}")
                first_at[key] = key_node
                self.doc.key_at[path + (key,)] = _mark(key_node)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            if tag != f"{_CORE}seq":
                raise self.error("yaml.tag", node, tag=_short_tag(tag))
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if tag == f"{_CORE}merge":
            raise self.error("yaml.merge", node)
        if tag not in _SCALAR_TAGS:
            raise self.error("yaml.tag", node, tag=_short_tag(tag))
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError as exc:  # a scalar that looks like a date or time but is not one (2025-13-01)
            raise self.error("yaml.bad_scalar", node, value=node.value, reason=str(exc)) from None
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error("yaml.non_finite", node, value=node.value)
        return value


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("file.not_found", Location(str(path))) from None
    except OSError as exc:
        raise InputError("file.unreadable", Location(str(path)), reason=exc.strerror or str(exc)) from None
    if path.is_dir():
        raise InputError("file.is_directory", Location(str(path)))
    if size > MAX_BYTES:
        raise InputError("file.too_large", Location(str(path)), limit=MAX_BYTES)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("file.encoding", Location(str(path)), reason=str(exc.reason)) from None
    except OSError as exc:
        raise InputError("file.unreadable", Location(str(path)), reason=exc.strerror or str(exc)) from None


def _compose_yaml(text: str, file: str | None) -> Document:
    yaml = YAML(typ="safe", pure=True)
    try:
        node = yaml.compose(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = (exc.problem or exc.context or "").strip()
        raise InputError("yaml.syntax", loc, problem=problem) from None
    except YAMLError as exc:
        raise InputError("yaml.syntax", Location(file), problem=str(exc).splitlines()[0]) from None
    if node is None:
        raise InputError("file.empty", Location(file))
    builder = _Builder(file, yaml.constructor)
    builder.doc.data = builder.build(node, ())
    return builder.doc


def _reject_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonDuplicate(key)
        out[key] = value
    return out


class _JsonDuplicate(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _parse_json(text: str, file: str | None) -> Document:
    if not text.strip():
        raise InputError("file.empty", Location(file))
    try:
        json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError("json.syntax", Location(file, exc.lineno, exc.colno), problem=exc.msg) from None
    except _JsonDuplicate as exc:
        # json does not say where; composing the text as YAML finds both places.
        try:
            _compose_yaml(text, file)
        except InputError as located:
            if located.code == "yaml.duplicate_key":
                raise located from None
        raise InputError("yaml.duplicate_key", Location(file), key=exc.key, first="?") from None
    except ValueError as exc:  # NaN / Infinity
        raise InputError("json.syntax", Location(file), problem=str(exc)) from None
    # Valid JSON is valid YAML 1.2; composing it again recovers positions for later messages.
    return _compose_yaml(text, file)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def load_text(text: str, file: str | None = None, *, fmt: str = "yaml") -> Document:
    """Parse ``text`` (``fmt`` is ``yaml`` or ``json``) into a positioned :class:`Document`."""
    if fmt == "json":
        return _parse_json(text, file)
    if not text.strip():
        raise InputError("file.empty", Location(file))
    return _compose_yaml(text, file)


def load_file(path: str | Path) -> Document:
    """Load a YAML or JSON file (by its suffix; ``.json`` is JSON, anything else YAML)."""
    p = Path(path)
    text = _read_text(p)
    fmt = "json" if p.suffix.lower() == ".json" else "yaml"
    return load_text(text, str(path), fmt=fmt)
