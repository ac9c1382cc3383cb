"""Cases: the facts of one matter, validated against the vocabulary (DESIGN.md §4).

A case file (YAML or JSON) is a mapping with ``facts`` (required), ``id`` (optional), and ``events``
(optional, reserved for procedure dates) and ``notes`` (free text). Facts are given by dotted name, flat
(``conduct.private_gain: false``) or nested (``conduct: {private_gain: false}``); giving one fact both
ways is an error. ``null`` marks an open fact as explicitly not yet established (the same as leaving it
out). Closed facts that are absent take their default (false / ``none``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .textutil import did_you_mean, type_name, show_value, has_surrogate
from .vocabulary import Vocabulary, default_vocabulary
from .yamlio import Document, load_file, load_text

@dataclass(frozen=True)
class FileKey:
    """One top-level key of a case file: the Python types the loader accepts, the JSON Schema types the
    schema states, and the error for a value of another type."""

    name: str
    types: tuple[type, ...]
    json: tuple[str, ...]
    code: str


#: A case file's top level, once: the loader checks it (:func:`check_case_file`) and ``rongcuo schema case`` /
#: ``schema events`` are generated from it.
CASE_FILE: tuple[FileKey, ...] = (
    FileKey("id", (str, int), ("string", "integer"), "case.bad_id"),
    FileKey("facts", (dict,), ("object",), "case.facts_not_mapping"),
    FileKey("events", (dict,), ("object",), "case.events_not_mapping"),
    FileKey("notes", (str,), ("string",), "case.notes_not_text"),
)
CASE_KEYS = tuple(k.name for k in CASE_FILE)
#: what each kind of file must have: a case for evaluation, an events file for a timeline
REQUIRED = {"case": ("facts", "case.no_facts"), "events": ("events", "timeline.no_events")}


def check_case_file(data: Any, doc: Document, kind: str = "case") -> None:
    """The top level of a case (or events) file: a mapping of the known keys, the required one present, each
    value of its type (``null`` is not a value: an absent key means absent)."""
    if not isinstance(data, dict):
        raise InputError("case.not_mapping", doc.loc(()), got=type_name(data))
    for key in data:
        if key not in CASE_KEYS:
            raise InputError("case.unknown_key", doc.loc((key,), key=True), key=key,
                             hint=did_you_mean(str(key), CASE_KEYS), allowed=", ".join(CASE_KEYS))
    required, missing_code = REQUIRED[kind]
    if required not in data:
        raise InputError(missing_code, doc.loc(()))
    for spec in CASE_FILE:
        if spec.name in data:
            value = data[spec.name]
            if isinstance(value, bool) or not isinstance(value, spec.types):
                raise InputError(spec.code, doc.loc((spec.name,)), got=type_name(value))


@dataclass(frozen=True)
class Case:
    """A validated case.

    ``facts`` holds the facts as given (external values, dotted names, sorted); ``memory`` the engines'
    working memory: every vocabulary fact, given ones encoded, absent open ones ``None`` (unknown) and
    absent closed ones at their default.
    """

    facts: dict[str, Any]
    memory: dict[str, Any] = field(repr=False, compare=False)
    id: str | None = None
    events: dict[str, Any] = field(default_factory=dict)
    source: str | None = None
    #: facts the case did not give but the vocabulary's constraints entail: name → (value, constraint id)
    implied: dict[str, tuple[Any, str]] = field(default_factory=dict)



def case_from_facts(facts: dict[str, Any], *, case_id: str | None = None,
                    vocabulary: Vocabulary | None = None) -> Case:
    """Build a case from a flat or nested mapping of facts (the Python API's entry point)."""
    return parse_case({"id": case_id, "facts": facts} if case_id is not None else {"facts": facts},
                      Document({"facts": facts}, None), vocabulary)


def trusted_case(vocab: Vocabulary, facts: dict[str, Any]) -> Case:
    """A case from flat facts whose names and values come from the vocabulary itself (analysis code
    builds many); it skips the per-key checks of a case file but still enforces the constraints."""
    memory = dict(vocab.blank_memory)
    enum_codes = vocab.enum_codes
    for name, value in facts.items():
        table = enum_codes[name]
        memory[name] = value if table is None and (value is True or value is False) else (
            table[value] if table is not None and isinstance(value, str) and value in table
            else vocab.facts[name].encode(value))
    for constraint in vocab.constraints:
        if constraint.violated(memory):
            raise InputError("case.constraint", id=constraint.id, detail_zh=constraint.message.zh,
                             detail_en=constraint.message.en)
    implied = _entailed(vocab, memory)
    _check_entailed(vocab, memory, implied, lambda names: None, facts)
    return Case(facts=dict(sorted(facts.items())), memory=memory, implied=implied)


def changed_case(vocab: Vocabulary, case: Case, codes: dict[str, Any], values: dict[str, Any]) -> Case:
    """``case`` with some facts changed: ``codes`` their encoded values (taken from the vocabulary by analysis
    code), ``values`` the same as given. What the old values entailed is entailed afresh; the constraints are
    enforced as for any case (:class:`InputError` when the change makes the case impossible)."""
    memory, implied = changed_memory(vocab, case, codes, values)
    facts = {**case.facts, **values}
    if len(facts) != len(case.facts):  # a fact newly given: keep the names sorted
        facts = dict(sorted(facts.items()))
    return Case(facts=facts, memory=memory, implied=implied)


def changed_memory(vocab: Vocabulary, case: Case, codes: dict[str, Any],
                   given: Any = ()) -> tuple[dict[str, Any], dict[str, tuple[Any, str]]]:
    """The working memory and entailed facts of :func:`changed_case`, without the case around them (what an
    engine re-deriving a changed case needs); ``given`` names the facts given (for an error's location)."""
    memory = case.memory.copy()  # the given facts and the blank memory's defaults elsewhere,
    for name in case.implied:    # except what was only entailed: unknown again (entailed afresh below)
        memory[name] = None
    memory.update(codes)
    for constraint in vocab.constraints:
        if constraint.violated(memory):
            raise InputError("case.constraint", id=constraint.id, detail_zh=constraint.message.zh,
                             detail_en=constraint.message.en)
    implied = _entailed(vocab, memory)
    if implied:  # without anything entailed, the constraints just checked hold
        _check_entailed(vocab, memory, implied, lambda names: None, given)
    return memory, implied


def load_case(path: str | Path, vocabulary: Vocabulary | None = None) -> Case:
    """Load and validate a case file (YAML or JSON)."""
    doc = load_file(path, "case")
    return parse_case(doc.data, doc, vocabulary)


def load_case_text(text: str, *, file: str | None = None, fmt: str = "yaml",
                   vocabulary: Vocabulary | None = None) -> Case:
    doc = load_text(text, file, fmt=fmt)
    return parse_case(doc.data, doc, vocabulary)


def parse_case(data: Any, doc: Document, vocabulary: Vocabulary | None = None) -> Case:
    vocab = vocabulary or default_vocabulary()
    check_case_file(data, doc, "case")
    case_id = data.get("id")
    for key in ("id", "notes"):  # the Python API's strings have not passed the loader's checks
        value = data.get(key)
        if isinstance(value, str) and has_surrogate(value):
            raise InputError("yaml.surrogate", doc.loc((key,)))
    if isinstance(case_id, int) and not -(2**63) <= case_id < 2**63:
        raise InputError("case.bad_id", doc.loc(("id",)), got="integer beyond 64 bits")
    raw = data["facts"]
    events = data.get("events", {})

    given: dict[str, Any]
    where: Any
    types = set(map(type, raw.values()))
    memory = dict(vocab.blank_memory)
    pending: Any = ()  # the given facts still to encode one by one
    flat = raw.keys() <= vocab.facts.keys() and _SCALAR_TYPES.issuperset(types)
    if flat:
        # the common case, a flat mapping of known facts to scalars, read as it is (C-level checks); a
        # position is made only if a message needs one
        given, where = raw, _FlatWhere(raw)
        pending = raw.items()
        if _WORDS.issuperset(types):  # strings, booleans, None: encoded in one pass where every value is allowed
            try:
                memory.update(zip(raw, map(vocab.value_codes.__getitem__, raw.items())))
                pending = ()
            except KeyError:  # a value not allowed (or null for a closed fact): the loop below says which
                pass
    else:
        given, where = {}, {}
        _flatten(raw, ("facts",), "", vocab, doc, given, where)
        pending = given.items()

    enum_codes, open_facts = vocab.enum_codes, vocab.open_fact_names
    for name, value in pending:
        if value is None:
            if name not in open_facts:
                raise InputError("value.null_closed", doc.loc(where[name]), fact=name,
                                 default=show_value(vocab.facts[name].default))
            continue
        # an allowed value is encoded by a lookup; anything else by Fact.encode, which refuses it with its
        # position (computed only then)
        table = enum_codes[name]
        if table is None:
            if value is True or value is False:
                memory[name] = value
                continue
        elif isinstance(value, str):
            code = table.get(value)
            if code is not None:
                memory[name] = code
                continue
        memory[name] = vocab.facts[name].encode(value, doc.loc(where[name]))

    for constraint in vocab.constraints:
        if constraint.violated(memory):
            names = [n for n in constraint.if_.reads() + constraint.then.reads() if n in where]
            loc = doc.loc(where[names[0]], key=True) if names else doc.loc(("facts",))
            raise InputError("case.constraint", loc, id=constraint.id,
                             detail_zh=constraint.message.zh, detail_en=constraint.message.en)

    implied = _entailed(vocab, memory)
    if implied:  # without anything entailed, the constraints just checked hold
        _check_entailed(vocab, memory, implied, lambda names: doc.loc(where[names[0]], key=True) if names
                        else doc.loc(("facts",)), where)
    if flat and type(None) not in types:
        facts = dict(sorted(given.items()))
    else:
        facts = {n: given[n] for n in sorted(given) if given[n] is not None}
    return Case(facts=facts, memory=memory, id=None if case_id is None else str(case_id),
                events=dict(events), source=doc.file, implied=implied)


#: values a flat mapping of facts may hold without being taken apart by _flatten, and those it may hold to be
#: encoded by Vocabulary.value_codes
_SCALAR_TYPES = frozenset({str, bool, int, float, type(None)})
_WORDS = frozenset({str, bool, type(None)})


class _FlatWhere:
    """Where each fact of a flat mapping is: ``("facts", name)`` (a mapping's view, made on demand)."""

    __slots__ = ("given",)

    def __init__(self, given: dict[str, Any]) -> None:
        self.given = given

    def __getitem__(self, name: str) -> tuple[str, str]:
        if name not in self.given:
            raise KeyError(name)
        return ("facts", name)

    def __contains__(self, name: object) -> bool:
        return name in self.given


def _entailed(vocab: Vocabulary, memory: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """Fill unknown facts that the integrity constraints entail; return what was filled and why.

    For a constraint ``A is a ⇒ B is b``: when A is a and B unknown, B is b (forward); when B is known
    and not b, and A is an unknown bool fact with a = true, A is false (contrapositive). Without this
    an impossible value would keep a verdict undetermined. Repeats until nothing changes.
    """
    implied: dict[str, tuple[Any, str]] = {}
    rules = vocab.implications
    changed = True
    while changed:
        changed = False
        for a_fact, a_code, b_fact, b_code, b_value, cid in rules:
            if memory.get(a_fact) == a_code and memory.get(b_fact) is None:
                memory[b_fact] = b_code
                implied[b_fact] = (b_value, cid)
                changed = True
            elif (memory.get(b_fact) is not None and memory[b_fact] != b_code
                  and memory.get(a_fact) is None and a_code is True):
                memory[a_fact] = False
                implied[a_fact] = (False, cid)
                changed = True
    if not implied:
        return implied
    return {n: implied[n] for n in sorted(implied)}


def _check_entailed(vocab: Vocabulary, memory: dict[str, Any], implied: dict[str, tuple[Any, str]],
                    locate: Any, given: Any) -> None:
    """Facts that pass every constraint one by one can still be impossible together: 明知故犯 entails a
    prohibition that an unregulated area rules out. Once entailment has filled what the constraints imply,
    any constraint it now violates makes the case impossible."""
    from .errors import Location

    for constraint in vocab.constraints:
        if constraint.violated(memory):
            names = [n for n in constraint.if_.reads() + constraint.then.reads() if n in given]
            raise InputError("case.constraint_entailed", locate(names) or Location(), id=constraint.id,
                             detail_zh=constraint.message.zh, detail_en=constraint.message.en,
                             via_zh="、".join(f"{n}={show_value(v)}（{c}）" for n, (v, c) in implied.items()),
                             via_en=", ".join(f"{n}={show_value(v)} ({c})" for n, (v, c) in implied.items()))


def _flatten(node: dict[Any, Any], path: tuple[Any, ...], prefix: str, vocab: Vocabulary, doc: Document,
             given: dict[str, Any], where: dict[str, tuple[Any, ...]]) -> None:
    facts = vocab.facts
    for key, value in node.items():
        if type(key) is not str and not isinstance(key, str):
            raise InputError("fact.unknown", doc.loc(path + (key,), key=True), fact=show_value(key),
                             hint=did_you_mean(str(key), vocab.facts))
        name = f"{prefix}.{key}" if prefix else key
        here = path + (key,)
        if name in facts and not isinstance(value, (dict, list)) and name not in given:
            given[name] = value  # the common case: a known fact, a scalar, once
            where[name] = here
            continue
        if isinstance(value, dict):
            if name in vocab.facts:
                raise InputError("value.not_scalar", doc.loc(here), fact=name,
                                 allowed=", ".join(show_value(v) for v in vocab.facts[name].allowed))
            if not any(f.startswith(name + ".") for f in vocab.facts):
                raise InputError("fact.unknown", doc.loc(here, key=True), fact=name,
                                 hint=did_you_mean(name, vocab.facts))
            _flatten(value, here, name, vocab, doc, given, where)
            continue
        if name not in vocab.facts:
            raise InputError("fact.unknown", doc.loc(here, key=True), fact=name,
                             hint=did_you_mean(name, vocab.facts))
        if name in given:
            raise InputError("fact.twice", doc.loc(here, key=True), fact=name)
        if isinstance(value, list):
            raise InputError("value.not_scalar", doc.loc(here), fact=name,
                             allowed=", ".join(show_value(v) for v in vocab.facts[name].allowed))
        given[name] = value
        where[name] = here
