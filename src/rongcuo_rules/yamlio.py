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
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import ScalarNode

from .errors import InputError, Location
from .textutil import has_surrogate

#: The most nodes one document may expand to once aliases are followed.
MAX_NODES = 200_000
#: The deepest nesting of mappings and lists (a case nests facts two or three deep; a pack's expressions
#: a few more).
MAX_DEPTH = 64
#: The longest scalar, in characters (a long note; no fact value comes near it).
MAX_SCALAR = 100_000
#: The longest number, in characters (Python refuses to read integers of more than 4,300 digits)
MAX_NUMBER = 100
#: The largest file read, in bytes, by kind of file; any other file: MAX_BYTES.
MAX_BYTES = 16 * 1024 * 1024
FILE_LIMITS = {
    "case": 5 * 1024 * 1024,
    "events": 5 * 1024 * 1024,
    "pack": 16 * 1024 * 1024,
    "checklist": 5 * 1024 * 1024,
    "calendar": 1024 * 1024,
    "lint_config": 1024 * 1024,
}

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
    #: the compiled cache's name for this text, when it was loaded through the cache (what else is kept of
    #: the same text — its validated models, :mod:`rongcuo_rules.validated` — is named from it)
    cache_key: str | None = None

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


class _Open:
    """A collection being composed: its data, path, and for a mapping the key awaiting its value."""

    __slots__ = ("data", "path", "is_map", "key", "key_mark", "first_at", "anchor", "anchor_seq", "size")

    def __init__(self, data: Any, path: Path_, is_map: bool, anchor: str | None) -> None:
        self.data = data
        self.path = path
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_mark: tuple[int, int] = (0, 0)
        self.first_at: dict[Any, tuple[int, int]] = {}
        self.anchor = anchor
        self.anchor_seq = 0
        self.size = 1


_NO_KEY = object()


def _mark_of(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _compose_yaml(text: str, file: str | None, pure: bool = False) -> Document:
    """Compose the document from the parser's events, without recursion: nesting depth, node count, scalar
    length, tags, duplicate keys, aliases and the YAML version are checked as the events arrive, so no
    input can exhaust the stack and a too-large one stops early.

    Events come from ruamel's C parser (libyaml; ten times faster) and, if it refuses the text, from its
    pure-Python YAML 1.2 parser, the reference: libyaml rejects some valid YAML 1.2 (a ``:`` inside a plain
    scalar in a flow list), and a genuine error is then reported in the reference parser's words."""
    _check_directives(text, file)
    odd = _SEPARATORS.search(text)
    if odd:
        # NEL, U+2028 and U+2029 are line breaks to YAML 1.1 and to ruamel's parser inside {…} and […], and
        # not to YAML 1.2: a fact after one in a comment would count for one reading and not the other
        line = text.count("\n", 0, odd.start()) + 1
        col = odd.start() - (text.rfind("\n", 0, odd.start()) + 1) + 1
        raise InputError("yaml.separator", Location(file, line, col), char=f"U+{ord(odd.group()):04X}")
    if not pure and "\t" in text:
        pure = True  # libyaml accepts tabs where the reference refuses them (found by tests/test_fuzz.py)
    yaml = YAML(typ="safe", pure=pure)
    constructor = yaml.constructor
    implicit = _implicit_table(yaml)
    doc = Document(None, file)
    stack: list[_Open] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor → (data, nodes it expands to)
    open_anchors: set[str] = set()  # anchors whose latest definition is a collection still being composed
    latest: dict[str, int] = {}  # anchor → which definition is the latest (an anchor may be redefined)
    count = 0
    documents = 0
    done = False

    def error(code: str, mark: tuple[int, int], **params: Any) -> InputError:
        return InputError(code, Location(file, *mark), **params)

    def place(value: Any, size: int, mark: tuple[int, int], event: Any, is_key_candidate: bool) -> None:
        nonlocal done
        if not stack:
            doc.data = value
            done = True
            return
        top = stack[-1]
        top.size += size
        if top.is_map and top.key is _NO_KEY:
            if not is_key_candidate:
                raise error("yaml.complex_key", mark)
            if value in top.first_at:
                line, col = top.first_at[value]
                raise error("yaml.duplicate_key", mark, key=value, first=f"{line}:{col}")
            top.first_at[value] = mark
            top.key, top.key_mark = value, mark
            doc.key_at[top.path + (value,)] = mark
            return
        path = top.path + ((top.key,) if top.is_map else (len(top.data),))
        doc.value_at.setdefault(path, mark)
        if top.is_map:
            top.data[top.key] = value
            top.key = _NO_KEY
        else:
            top.data.append(value)

    try:
        for event in yaml.parse(io.StringIO(text)):
            kind = type(event).__name__
            if kind in ("StreamStartEvent", "StreamEndEvent", "DocumentEndEvent"):
                continue
            mark = _mark_of(event)
            if kind == "DocumentStartEvent":
                documents += 1
                if documents > 1:
                    raise error("yaml.syntax", mark, problem="expected a single document in the stream")
                version = getattr(event, "version", None)
                if version is not None and tuple(version) != (1, 2):
                    raise error("yaml.version", mark, version=".".join(str(v) for v in version))
                continue
            if done:
                raise error("yaml.syntax", mark, problem="expected a single document in the stream")
            count += 1
            if count > MAX_NODES:
                raise error("yaml.too_large", mark, limit=MAX_NODES)
            if kind == "AliasEvent":
                if event.anchor not in anchors and event.anchor not in open_anchors:
                    raise error("yaml.undefined_alias", mark, anchor=event.anchor)
                if event.anchor in open_anchors:
                    raise error("yaml.recursive_alias", mark, anchor=event.anchor)
                value, size = anchors[event.anchor]
                count += size - 1
                if count > MAX_NODES:
                    raise error("yaml.too_large", mark, limit=MAX_NODES)
                if stack and stack[-1].is_map and stack[-1].key is _NO_KEY and isinstance(value, (dict, list)):
                    raise error("yaml.complex_key", mark)
                place(value, size, mark, event, not isinstance(value, (dict, list)))
                continue
            if kind == "ScalarEvent":
                if len(event.value) > MAX_SCALAR:
                    raise error("yaml.value_too_long", mark, length=len(event.value), limit=MAX_SCALAR)
                text_ = event.value
                explicit = None if event.tag is None else \
                    (event.tag.value if hasattr(event.tag, "value") else str(event.tag))
                if explicit == "!":  # the non-specific tag: a string, whatever it looks like
                    tag = _STR
                elif explicit is not None:
                    tag = explicit
                elif event.implicit[0]:  # plain: the YAML 1.2 core schema's patterns (ruamel's own table)
                    tag = _STR
                    for candidate, pattern in (implicit.get(text_[0] if text_ else "", ()) or ()):
                        if pattern.match(text_):
                            tag = candidate
                            break
                else:
                    tag = _STR
                if tag == _STR:
                    value = text_
                elif tag == f"{_CORE}merge":
                    raise error("yaml.merge", mark)
                elif tag not in _SCALAR_TAGS:
                    raise error("yaml.tag", mark, tag=_short_tag(tag))
                elif tag == _NULL:
                    value = None
                elif tag == _BOOL:
                    value = text_.lower() == "true"  # the 1.2 pattern matched: true/True/TRUE or false/…
                elif tag != _TIMESTAMP and len(text_) > MAX_NUMBER:
                    raise error("yaml.number_too_long", mark, length=len(text_), limit=MAX_NUMBER)
                else:
                    node = ScalarNode(tag, text_, event.start_mark, event.end_mark, style=event.style)
                    try:
                        value = _CONSTRUCT[tag](constructor, node)
                    except (ValueError, OverflowError) as exc:  # 2025-02-30, or an integer too long to read
                        raise error("yaml.bad_scalar", mark, value=text_, reason=str(exc)) from None
                if isinstance(value, float) and not math.isfinite(value):
                    raise error("yaml.non_finite", mark, value=event.value)
                if isinstance(value, str) and has_surrogate(value):
                    raise error("yaml.surrogate", mark)
                if event.anchor:
                    anchors[event.anchor] = (value, 1)
                    latest[event.anchor] = count
                    open_anchors.discard(event.anchor)
                if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
                    # only scalar keys; a key's position is recorded by place()
                    place(value, 1, mark, event, True)
                else:
                    if not stack:
                        doc.value_at[()] = mark
                    place(value, 1, mark, event, True)
                continue
            if kind in ("MappingStartEvent", "SequenceStartEvent"):
                is_map = kind == "MappingStartEvent"
                want = f"{_CORE}map" if is_map else f"{_CORE}seq"
                tag = event.tag
                if tag is not None:
                    tag = tag.value if hasattr(tag, "value") else str(tag)
                    if tag not in (want, "!"):
                        raise error("yaml.tag", mark, tag=_short_tag(tag))
                if stack and stack[-1].is_map and stack[-1].key is _NO_KEY:
                    raise error("yaml.complex_key", mark)
                if len(stack) >= MAX_DEPTH:
                    raise error("yaml.too_deep", mark, limit=MAX_DEPTH)
                path = () if not stack else stack[-1].path + (
                    (stack[-1].key,) if stack[-1].is_map else (len(stack[-1].data),))
                doc.value_at.setdefault(path, mark)
                stack.append(_Open({} if is_map else [], path, is_map, event.anchor))
                if event.anchor:
                    open_anchors.add(event.anchor)
                    latest[event.anchor] = stack[-1].anchor_seq = count
                continue
            if kind in ("MappingEndEvent", "SequenceEndEvent"):
                closed = stack.pop()
                if closed.anchor and latest.get(closed.anchor) == closed.anchor_seq:
                    open_anchors.discard(closed.anchor)
                    anchors[closed.anchor] = (closed.data, closed.size)
                if not stack:
                    doc.data = closed.data
                    done = True
                else:
                    top = stack[-1]
                    top.size += closed.size
                    if top.is_map:
                        top.data[top.key] = closed.data
                        top.key = _NO_KEY
                    else:
                        top.data.append(closed.data)
                continue
    except MarkedYAMLError as exc:
        if not pure:
            return _compose_yaml(text, file, pure=True)
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file)
        problem = (exc.problem or exc.context or "").strip()
        raise InputError("yaml.syntax", loc, problem=problem) from None
    except YAMLError as exc:
        if not pure:
            return _compose_yaml(text, file, pure=True)
        raise InputError("yaml.syntax", Location(file), problem=str(exc).splitlines()[0]) from None
    if not done:
        raise InputError("file.empty", Location(file))
    return doc


#: a %YAML directive's version
_DIRECTIVE = re.compile(r"%YAML[ \t]+(\S+)")
#: characters YAML 1.2 does not take for line breaks but YAML 1.1 (libyaml) and ruamel's parser (inside
#: flow collections) do: refused, so that no reading of a text can differ on them
_SEPARATORS = re.compile("[\u0085\u2028\u2029]")
_STR, _NULL, _BOOL, _TIMESTAMP = f"{_CORE}str", f"{_CORE}null", f"{_CORE}bool", f"{_CORE}timestamp"
#: the safe constructor's own method for each remaining core tag, called directly (its dispatch through
#: ``construct_object`` builds tag objects, most of the time of a large file)
_CONSTRUCT = {f"{_CORE}int": SafeConstructor.construct_yaml_int,
              f"{_CORE}float": SafeConstructor.construct_yaml_float,
              f"{_CORE}timestamp": SafeConstructor.construct_yaml_timestamp}
_IMPLICIT: dict[str, list[tuple[str, Any]]] | None = None


def _implicit_table(yaml: YAML) -> dict[str, list[tuple[str, Any]]]:
    """ruamel's YAML 1.2 implicit resolvers by first character (those for any first character appended to
    each), read once: its ``resolve`` builds a tag object per scalar, most of the time of a large file."""
    global _IMPLICIT
    if _IMPLICIT is None:
        table = yaml.resolver.versioned_resolver
        anywhere = [(_tag_text(t), rx) for t, rx in table.get(None, [])]
        out: dict[str, list[tuple[str, Any]]] = {}
        for first, entries in table.items():
            if first is not None:
                out[first] = [(_tag_text(t), rx) for t, rx in entries] + anywhere
        _IMPLICIT = _DefaultTable(out, anywhere)
    return _IMPLICIT


class _DefaultTable(dict):  # type: ignore[type-arg]
    """First character → resolvers; a character with none of its own has those for any character."""

    def __init__(self, table: dict[str, list[tuple[str, Any]]], anywhere: list[tuple[str, Any]]) -> None:
        super().__init__(table)
        self.anywhere = anywhere

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(key, self.anywhere)


def _tag_text(tag: Any) -> str:
    text = tag.value if hasattr(tag, "value") else str(tag)
    return text if text.startswith("tag:") else f"{_CORE}{text}" if not text.startswith("!") else text


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


def _read_text(path: Path, limit: int = 0) -> str:
    """The file's text, refused before reading when it is not a regular file (a FIFO or device would
    block or never end) or larger than ``limit`` bytes (default :data:`MAX_BYTES`)."""
    limit = limit or MAX_BYTES
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError("file.not_found", Location(str(path))) from None
    except OSError as exc:
        raise InputError("file.unreadable", Location(str(path)), reason=exc.strerror or str(exc)) from None
    except ValueError as exc:  # a NUL character in the name: no file can have it
        raise InputError("file.unreadable", Location(str(path)), reason=str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("file.is_directory", Location(str(path)))
    if not stat.S_ISREG(st.st_mode):
        raise InputError("file.not_regular", Location(str(path)))
    if st.st_size > limit:
        raise InputError("file.too_large", Location(str(path)), limit=_mib(limit), size=_mib(st.st_size))
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        raise InputError("file.unreadable", Location(str(path)), reason=exc.strerror or str(exc)) from None
    if len(raw) > limit:
        raise InputError("file.too_large", Location(str(path)), limit=_mib(limit), size=_mib(len(raw)))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("file.encoding", Location(str(path)), reason=str(exc.reason)) from None


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} B"


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


class _LazyDocument(Document):
    """JSON data whose positions are found only when a message needs one (:meth:`loc`): composing the text
    again for positions costs ten times reading it, and most requests to the service are never refused."""

    def __init__(self, data: Any, file: str | None, text: str) -> None:
        super().__init__(data, file)
        self._text: str | None = text

    def loc(self, path: Path_ = (), key: bool = False) -> Location:
        if self._text is not None:
            text, self._text = self._text, None
            try:
                doc = _compose_yaml(text, self.file)
            except InputError:  # json read it and YAML does not agree on every character: no positions
                doc = None
            if doc is not None and doc.data == self.data:
                self.value_at, self.key_at = doc.value_at, doc.key_at
        return super().loc(path, key)


def _parse_json(text: str, file: str | None, lazy: bool = False) -> Document:
    if not text.strip():
        raise InputError("file.empty", Location(file))
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
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
    except RecursionError:  # nesting deeper than the parser's stack: composing finds where it passes the limit
        _compose_yaml(text, file)
        raise InputError("yaml.too_deep", Location(file), limit=MAX_DEPTH) from None
    except ValueError as exc:  # NaN / Infinity, an integer too long to read
        raise InputError("json.syntax", Location(file), problem=str(exc)) from None
    if lazy:  # the limits on the data now; positions when a message asks for one
        _check_json_data(data, file)
        return _LazyDocument(data, file, text)
    # The data is json's reading; composing the text as YAML (valid JSON is YAML 1.2) recovers positions
    # for later messages, and applies the same limits with a position. Where YAML reads JSON differently
    # (an escaped surrogate pair is two characters to it; a raw U+2028 or NEL inside a string is a line
    # break to it), the positions are dropped rather than trusted, and the limits are checked on the data.
    try:
        doc = _compose_yaml(text, file)
    except InputError as exc:
        if exc.code in ("yaml.too_deep", "yaml.too_large", "yaml.value_too_long", "yaml.number_too_long"):
            raise
        if exc.code == "yaml.surrogate" and _has_surrogates(data):
            raise  # unpaired in json's reading too: refused where YAML found it
        doc = Document(None, file)
    else:
        if doc.data != data:
            doc = Document(None, file)
    _check_json_data(data, file)
    doc.data = data
    return doc


def _check_directives(text: str, file: str | None) -> None:
    """A ``%YAML`` directive other than 1.2 is refused. Directives stand before the document, so only the
    lines before the first that is neither a directive, a comment nor blank are looked at."""
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("%"):
            match = _DIRECTIVE.match(stripped)
            if match and match.group(1) != "1.2":
                raise InputError("yaml.version", Location(file, number, 1), version=match.group(1))
        elif stripped and not stripped.startswith("#"):
            return


def _has_surrogates(data: Any) -> bool:
    try:
        _check_json_data(data, None)
    except InputError as exc:
        return exc.code == "yaml.surrogate"
    return False


def _check_json_data(data: Any, file: str | None) -> None:
    """The limits of :func:`_compose_yaml`, on data json has read (without positions)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise InputError("yaml.too_large", Location(file), limit=MAX_NODES)
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise InputError("yaml.too_deep", Location(file), limit=MAX_DEPTH)
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
        elif isinstance(value, str):
            if len(value) > MAX_SCALAR:
                raise InputError("yaml.value_too_long", Location(file), length=len(value), limit=MAX_SCALAR)
            if has_surrogate(value):
                raise InputError("yaml.surrogate", Location(file))


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def load_text(text: str, file: str | None = None, *, fmt: str = "yaml", limit: int = 0,
              kind: str = "", lazy_positions: bool = False) -> Document:
    """Parse ``text`` (``fmt`` is ``yaml`` or ``json``) into a positioned :class:`Document`; text longer
    than ``limit`` characters (default :data:`MAX_BYTES`) is refused before parsing. A YAML text of a kind
    the compiled cache keeps (:mod:`rongcuo_rules.cache`: vocabulary, glossary, pack, checklist) is read from
    it when this very text has been composed before, by this version of the library. ``lazy_positions``
    (JSON only): positions are found when a message first asks for one — the same data, limits and
    messages, less work for text that is never refused; a limit is then reported without its position."""
    if not isinstance(text, str):
        raise InputError("file.not_text", Location(file), got=type(text).__name__)
    limit = limit or MAX_BYTES
    if len(text) > limit:
        raise InputError("file.too_large", Location(file), limit=_mib(limit), size=_mib(len(text)))
    if fmt == "json":
        return _parse_json(text, file, lazy_positions)
    if not text.strip():
        raise InputError("file.empty", Location(file))
    from . import cache

    if kind not in cache.KINDS or not cache.enabled():
        return _compose_yaml(text, file)
    name = cache.key(text, file)
    hit = cache.read(name)
    if hit is not None:
        data, value_at, key_at = hit
        return Document(data, file, value_at, key_at, name)
    doc = _compose_yaml(text, file)
    cache.write(name, doc.data, doc.value_at, doc.key_at)
    doc.cache_key = name
    return doc


def load_file(path: str | Path, kind: str = "") -> Document:
    """Load a YAML or JSON file (by its suffix; ``.json`` is JSON, anything else YAML). ``kind`` (a key of
    :data:`FILE_LIMITS`) sets the size limit."""
    p = Path(path)
    text = _read_text(p, FILE_LIMITS.get(kind, MAX_BYTES))
    fmt = "json" if p.suffix.lower() == ".json" else "yaml"
    return load_text(text, str(path), fmt=fmt, kind=kind)
