"""Verdicts: the explained result of evaluating one case under one pack (DESIGN.md §6).

:func:`build_verdict` turns an engine's :class:`~rongcuo_rules.semantics.Derivation` into a
:class:`Verdict`; both engines go through it, so they explain a verdict the same way. Everything that can
be worked out from the pack alone (which facts each rule's ``because`` shows, clause labels, trace
layouts) is prepared once per pack and language and cached.

``citations`` holds every clause the outcome rests on: for a deny, each failed scope, each failed
condition, each exclusion hit, or the scenario list(s) nothing matched; for a tolerated case the scope,
the conditions, the matched scenario(s) and the outcome article; for an undetermined case the clauses
whose rules the unknown facts leave undecided. ``missing_facts`` names exactly the unknown facts that
an undetermined result depends on.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from operator import call, itemgetter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .case import Case
from .engines import derive_changed, get_engine
from .errors import InputError
from .alternatives import Alternative, alternatives
from .missing import necessary
from .decision import DecisionRow, decision_table
from .nearmiss import NearMiss, near_misses
from .outcomes import OutcomeName, tolerates
from .semantics import Derivation, Network, Node, network
from .expr import base_reads
from .pack import Pack, Rule
from .version import __version__

Value = bool | str | None


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes: interned trace entries and reasons are shared between verdicts."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("verdict contents are read-only")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _read_only  # type: ignore

    def __reduce__(self) -> Any:
        # pickle rebuilds a dict subclass item by item through __setitem__, which refuses; a verdict must
        # cross processes (a Pool returning verdicts hung on it), so rebuild it whole
        return (type(self), (dict(self),))


# The nested items are frozen, slotted dataclasses rather than models: a verdict holds dozens of them,
# and constructing a dataclass costs a fraction of a model. pydantic still validates, serialises and
# documents them (JSON Schema) as fields of the Verdict model.


@dataclass(frozen=True, slots=True)
class Citation:
    clause: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Reason:
    kind: Literal["scope", "condition", "scenario", "exclusion", "outcome"]
    clause: str
    rule: str
    holds: bool | None
    because: dict[str, Value]


@dataclass(frozen=True, slots=True)
class TraceEntry:
    rule: str
    clause: str
    derived: str
    read: dict[str, Value]


@dataclass(frozen=True, slots=True)
class ConsequenceItem:
    clause: str
    text: str


@dataclass(frozen=True, slots=True)
class ImpliedFact:
    fact: str
    value: Value
    constraint: str


@dataclass(frozen=True, slots=True)
class Refinement:
    """An X checklist item the case matches, shown beside the parent scenario(s) it refines."""

    clause: str  # the item's clause id (annex4.3)
    checklist: str
    refines: list[str]  # the parent scenario clauses the item names
    beside: list[str]  # of those, the ones this case matches (or the catch-all the item applies through)


@dataclass(frozen=True, slots=True)
class Interpretation:
    rule: str
    note: str


@dataclass(frozen=True, slots=True)
class ReadingUse:
    """A glossary reading a rule behind the verdict relies on (DESIGN §6 ``readings``).
    ``departs_from_glossary``: the pack's own reading of the phrase, and ``note`` says why."""

    reading: str
    rule: str
    note: str
    departs_from_glossary: bool = False


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the verdict was computed from (DESIGN §10): two verdicts with the same receipt are the same bytes.
    ``explain`` is an addition to the contract: the level changes what a verdict holds."""

    library_version: str
    engine: str
    lang: str
    explain: str
    pack_sha256: str
    vocabulary_sha256: str
    case_sha256: str


class Verdict(BaseModel):
    """A verdict. ``to_json()`` gives the DESIGN §6 contract; the same input gives the same bytes."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    pack: str
    pack_version: str
    case_id: str | None
    outcome: OutcomeName
    permitted: list[OutcomeName]
    in_scope: bool | None
    citations: list[Citation]
    reasons: list[Reason]
    trace: list[TraceEntry]
    missing_facts: list[str]
    consequences: list[ConsequenceItem]
    interpretations: list[Interpretation]
    #: glossary readings the rules behind the verdict rely on (DESIGN §6, second wave)
    readings: list[ReadingUse] = []
    #: for a deny for want of a scenario, the scenarios closest to matching and what each lacks (DESIGN §6)
    near_misses: list[NearMiss] = []
    #: for an undetermined verdict, where the missing facts lead (DESIGN §6)
    decision_table: list[DecisionRow] = []
    #: the least changes of facts that would give each better outcome, each re-evaluated (DESIGN §6)
    alternatives: list[Alternative] = []
    #: facts the case did not give that the vocabulary's constraints entail (an addition to DESIGN §6)
    implied_facts: list[ImpliedFact] = []
    #: X checklists evaluated with the pack, and the items the case matches (additions to DESIGN §6)
    checklists: list[str] = []
    refinements: list[Refinement] = []
    #: what the verdict was computed from (DESIGN §10)
    receipt: Receipt | None = None

    def to_dict(self) -> dict[str, Any]:
        """The DESIGN §6 contract as plain JSON data (what :meth:`to_json` writes, read back)."""
        import orjson

        return orjson.loads(self._text(_FORMS[True, False]))  # type: ignore[no-any-return]

    def to_json(self, indent: int | None = 2) -> str:
        """The DESIGN §6 contract: two-space indentation (``indent=2``, the default) or compact (``None``).

        The same bytes as the model's own serialiser (``model_dump_json``; tests/test_verdict_json.py compares
        both on generated verdicts of every pack) at several times its speed: the JSON of each shared item is
        written once (:func:`_item_texts`), the rest by orjson, and the text is joined from those parts."""
        if indent not in (2, None):  # other widths: the model's serialiser
            return self.model_dump_json(indent=indent)
        return self._text(_FORMS[False, indent == 2])  # type: ignore[no-any-return]

    def to_json_bytes(self, indent: int | None = None) -> bytes:
        """``to_json(indent).encode()`` — what goes to a file, a pipe or a socket — joined from UTF-8 parts
        kept as bytes, without encoding the whole text (which cost as much as writing it). Compact by
        default (one line: JSON lines)."""
        if indent not in (2, None):
            return self.model_dump_json(indent=indent).encode()
        return self._text(_FORMS[True, indent == 2])  # type: ignore[no-any-return]

    def _text(self, form: _Form) -> Any:
        # written out field by field in the contract's order (_VERDICT_ORDER; tests/test_verdict_json.py checks
        # the bytes against the model's serialiser): a loop over the fields cost a fifth of the whole
        d = self.__dict__
        k = form.keys
        scalars = form.scalars
        shared = _list_text
        plain = form.plain
        pack, version, case_id, outcome, in_scope = d["pack"], d["pack_version"], d["case_id"], d["outcome"], d["in_scope"]
        return form.empty.join((
            form.start, k[0], scalars.get((str, pack)) or form.scalar(pack),
            k[1], scalars.get((version.__class__, version)) or form.scalar(version),
            k[2], scalars.get((case_id.__class__, case_id)) or form.scalar(case_id),
            k[3], scalars.get((str, outcome)) or form.scalar(outcome),
            k[4], plain(d["permitted"]),
            k[5], scalars.get((in_scope.__class__, in_scope)) or form.scalar(in_scope),
            k[6], shared("citations", d["citations"], form),
            k[7], shared("reasons", d["reasons"], form),
            k[8], shared("trace", d["trace"], form),
            k[9], plain(d["missing_facts"]),
            k[10], shared("consequences", d["consequences"], form),
            k[11], shared("interpretations", d["interpretations"], form),
            k[12], shared("readings", d["readings"], form),
            k[13], shared("near_misses", d["near_misses"], form),
            k[14], plain(d["decision_table"]),
            k[15], plain(d["alternatives"]),
            k[16], plain(d["implied_facts"]),
            k[17], plain(d["checklists"]),
            k[18], plain(d["refinements"]),
            k[19], form.receipt(d["receipt"]) if d["receipt"] is not None else form.scalar(None),
            form.end))

    @classmethod
    def _assemble(cls, data: dict[str, Any]) -> Verdict:
        """A verdict from fields the builder has already made well-typed.

        What ``model_construct`` does, without its per-call field bookkeeping (a verdict is built per
        case, on the hot path). tests/test_verdict.py checks it equals ``model_construct``.
        """
        obj = cls.__new__(cls)
        _set(obj, "__dict__", data)
        _set(obj, "__pydantic_fields_set__", _VERDICT_FIELDS)
        _set(obj, "__pydantic_extra__", None)
        _set(obj, "__pydantic_private__", None)
        return obj

    @property
    def cited_clauses(self) -> list[str]:
        return [c.clause for c in self.citations]


_set = object.__setattr__
# every field is set, so the set can be one for all verdicts: pydantic copies it for model_copy (which then adds
# the updated names to the copy's) and adds a name on assignment, always one already in it. (A frozenset made
# model_copy(update=...) fail.)
_VERDICT_FIELDS = set(Verdict.model_fields)
_VERDICT_ORDER = tuple(Verdict.model_fields)  # the contract's field order, as the model serialises it

_KEYS_PRETTY = tuple(("\n  " if k == 0 else ",\n  ") + f'"{n}": ' for k, n in enumerate(_VERDICT_ORDER))
_KEYS_COMPACT = tuple(("" if k == 0 else ",") + f'"{n}":' for k, n in enumerate(_VERDICT_ORDER))

# Verdict JSON joins in each shared item's JSON, written once: most of a verdict's items (trace entries,
# reasons, citations, readings, near misses) are interned — the same object in every verdict with the same
# values — and serialising them one by one was most of the cost (and decoding the bytes to text the rest). An
# item's JSON texts (pretty, indented for its place as an element of a top-level list; compact) are kept by
# the item's id, and the item itself is held in the same snapshot of tables: an id found there is that very
# object (no two live objects share an id). At most MAX_FRAGMENTS items are kept; when full the tables are
# replaced by empty ones (a thread still reading the old snapshot reads valid entries).
_SHARED_ITEMS = frozenset({"citations", "reasons", "trace", "consequences", "interpretations", "readings",
                           "near_misses"})
MAX_FRAGMENTS = 10_000
#: characters (or bytes) of whole list texts a snapshot keeps at most, per form (about 2–3 MB each)
LIST_CHARS = 1_000_000
#: the lists whose whole text is kept: those a verdict's skeleton or a near miss decides, which recur as a
#: whole (a few hundred combinations in 20,000 cases); a trace or the reasons vary with the values read (the
#: trace of 5,000 cases came in 4,550 combinations of 10,000 characters each: not worth keeping)
_WHOLE_LISTS = frozenset({"citations", "interpretations", "readings", "near_misses", "consequences"})
_DIGEST_MARK = "\x00case_sha256\x00"


class _Form:
    """One form of a verdict's JSON — text or UTF-8 bytes, pretty (two-space indentation) or compact — with what
    is written once for it: the keys, the texts of scalar values (by type and value: True and 1 are equal keys,
    their types are not) and of receipts around their case digest (the one field that differs per case)."""

    def __init__(self, index: int, as_bytes: bool, pretty: bool) -> None:
        import orjson

        self.index, self.as_bytes, self.pretty = index, as_bytes, pretty
        self.option = orjson.OPT_INDENT_2 if pretty else 0
        keys = _KEYS_PRETTY if pretty else _KEYS_COMPACT
        cast = str.encode if as_bytes else str
        self.keys = tuple(map(cast, keys))
        self.empty, self.start = cast(""), cast("{")
        self.end = cast("\n}" if pretty else "}")
        self.none = cast("[]")
        self.open_, self.sep, self.close = map(cast, ("[\n    ", ",\n    ", "\n  ]") if pretty else ("[", ",", "]"))
        self.newline, self.indent1, self.indent2 = map(cast, ("\n", "\n  ", "\n    "))
        self.scalars: dict[tuple[type, Any], Any] = {}
        self.receipts: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def dumps(self, value: Any, indent: Any) -> Any:
        """orjson's text of ``value`` in this form, its line breaks followed by ``indent``."""
        import orjson

        out = orjson.dumps(value, option=self.option)
        if self.pretty:
            out = out.replace(b"\n", indent)
        return out if self.as_bytes else out.decode()

    def scalar(self, value: Any) -> Any:
        import orjson

        text = orjson.dumps(value)
        text = text if self.as_bytes else text.decode()
        if len(self.scalars) < MAX_FRAGMENTS:
            self.scalars[(value.__class__, value)] = text
        return text

    def plain(self, value: list[Any]) -> Any:
        """A list of items that are not shared (missing facts, alternatives, …), as a value of the top-level
        object."""
        return self.dumps(value, b"\n  ") if value else self.none

    def receipt(self, receipt: Receipt) -> Any:
        import orjson

        key = (receipt.library_version, receipt.engine, receipt.lang, receipt.explain, receipt.pack_sha256,
               receipt.vocabulary_sha256)
        around = self.receipts.get(key)
        if around is None:
            import dataclasses

            text = self.dumps(dataclasses.replace(receipt, case_sha256=_DIGEST_MARK), b"\n  ")
            mark = orjson.dumps(_DIGEST_MARK)
            before, _, after = text.partition(mark if self.as_bytes else mark.decode())
            around = (before, after)
            if len(self.receipts) < 64:
                self.receipts[key] = around
        digest = orjson.dumps(receipt.case_sha256)
        return around[0] + (digest if self.as_bytes else digest.decode()) + around[1]


#: (as bytes, pretty) → its form
_FORMS = {(b, p): _Form(2 * b + p, b, p) for b in (False, True) for p in (False, True)}

# Verdict JSON joins in each shared item's JSON, written once: most of a verdict's items (trace entries,
# reasons, citations, readings, near misses) are interned — the same object in every verdict with the same
# values — and serialising them one by one was most of the cost (and decoding the bytes to text the rest). An
# item's JSON texts (one per form, indented for its place as an element of a top-level list) are kept by the
# item's id, and the item itself is held in the same snapshot of tables: an id found there is that very
# object (no two live objects share an id). At most MAX_FRAGMENTS items are kept; when full the tables are
# replaced by empty ones (a thread still reading the old snapshot reads valid entries).


def _snapshot() -> tuple[dict[int, Any], list[dict[int, Any]], list[dict[Any, Any]], list[int]]:
    """(items held by id; per form, item texts by id; per form, whole list texts by the items' ids; per form, the
    length of the list texts kept)."""
    return {}, [{} for _ in _FORMS], [{} for _ in _FORMS], [0] * len(_FORMS)


_TABLES = _snapshot()


def _list_text(name: str, items: list[Any], form: _Form) -> Any:
    """A list of shared items as the element of the top-level object: ``[`` … ``]``, the items' texts joined."""
    if not items:
        return form.none
    tables = _TABLES
    lists = tables[2][form.index]
    key = tuple(map(id, items)) if name in _WHOLE_LISTS else None
    text = lists.get(key) if key is not None else None
    if text is None:
        text = form.empty.join((form.open_, form.sep.join(_item_texts(items, form)), form.close))
        # kept in a snapshot that holds its items (so the ids are theirs), up to LIST_CHARS per form; then
        # this form's lists start afresh (the lists coming now are kept instead)
        if key is not None and _TABLES is tables:
            if tables[3][form.index] >= LIST_CHARS:
                lists = tables[2][form.index] = {}
                tables[3][form.index] = 0
            lists[key] = text
            tables[3][form.index] += len(text)
    return text


def _item_texts(items: list[Any], form: _Form) -> list[Any]:
    """The items' JSON texts in ``form``, read with C-level lookups; missing ones are written and kept."""
    global _TABLES
    tables = _TABLES  # one snapshot: an item's text goes into the snapshot that holds the item
    held, texts = tables[0], tables[1][form.index]
    ids = list(map(id, items))
    out = list(map(texts.get, ids))
    if not all(out):  # (a text is never empty; `None in out` compared each text with None: 3x as long)
        for k, item in enumerate(items):
            if out[k] is None:
                key = ids[k]
                held[key] = item  # first: an id in this snapshot's text tables is then this very object
                # a JSON string holds no raw newline: every newline in the item's JSON is a line break
                out[k] = texts[key] = form.dumps(item, b"\n    ")
        if len(held) > MAX_FRAGMENTS and _TABLES is tables:
            _TABLES = _snapshot()
    return out


# ── per-pack preparation (load-time work) ──────────────────────────────────


_MAX_INTERNED = 4096  # per rule: distinct (facts read, value) combinations kept for reuse
_MAX_SKELETONS = 2048  # per pack and language: distinct signatures (combinations of rule results) kept
_TRI_BYTE = {True: 1, False: 0, None: 2}.__getitem__


class _Interner:
    """Shares equal immutable items (trace entries, reasons) between verdicts.

    A rule's conclusion is a function of the values it reads, so an item is keyed by those values alone —
    one C-level ``itemgetter`` call on the working memory. A recurring combination then costs a dict
    lookup instead of a new object and dict.
    """

    __slots__ = ("getter", "cache", "build")

    def __init__(self, keys: tuple[str, ...], build: Any) -> None:
        # the key: the values read (one value bare, several as a tuple); itemgetter is C-level
        self.getter: Any = itemgetter(*keys) if keys else _no_reads
        self.cache: dict[Any, Any] = {}
        self.build = build

    def get(self, memory: dict[str, Any], value: Any) -> Any:
        key = self.getter(memory)
        item = self.cache.get(key)
        if item is None:
            item = self.build(memory, value)
            if len(self.cache) < _MAX_INTERNED:
                self.cache[key] = item
        return item


@dataclass
class _Plan:
    network: Network
    trace_items: dict[str, _Interner]
    trace_order: list[str]  # the network's order, in which both engines report their firings
    trace_getters: tuple[Any, ...]
    trace_caches: tuple[dict[Any, Any], ...]
    group_reasons: dict[tuple[str, str], Reason]  # (group, list clause) → "none matches / applies"
    group_caches: dict[tuple[str, str], dict[Any, Reason]]  # the same as a reason slot's cache: {(): reason}
    signature: Any  # memory → the three-valued result of every element rule
    skeletons: dict[Any, Any]
    parts: dict[Any, Any]  # the skeletons' parts, each kept once (see _skeleton)
    reason_items: dict[tuple[str, str], _Interner]
    citation: dict[str, Citation]
    interpretation: dict[str, Interpretation]
    reading_uses: dict[str, tuple[ReadingUse, ...]]  # rule id → the readings its own condition uses


def _plan(pack: Pack, lang: str) -> _Plan:
    return pack.cached(("verdict-plan", lang), _make_plan, pack, lang)


def _because(pack: Pack) -> dict[str, tuple[tuple[str, dict[Any, Value]], ...]]:
    """Per rule, the vocabulary facts its reason shows (those it reads, through definitions) and how to
    decode their internal values."""
    vocab = pack.vocabulary
    return {r.id: tuple((f, _decoder(vocab.facts[f])) for f in base_reads(r.expr)) for r in pack.rules}


def _trace_reads(pack: Pack, node: Node) -> tuple[tuple[str, dict[Any, Value]], ...]:
    return tuple((k, _decoder(pack.vocabulary.facts.get(k))) for k in node.reads)


def _trace_entry(node: Node, reads: Any, m: dict[str, Any], value: Any) -> TraceEntry:
    shown = f"outcome={value}" if node.key == "outcome" else \
        f"{node.key}={'unknown' if value is None else str(value).lower()}"
    return TraceEntry(node.key, node.clause, shown, FrozenDict({k: dec[m[k]] for k, dec in reads}))


def _reason(kind: str, rule: Rule, facts: Any, m: dict[str, Any], value: Any) -> Reason:
    return Reason(kind, rule.clause, rule.id, value, FrozenDict({f: dec[m[f]] for f, dec in facts}))  # type: ignore[arg-type]


def _group_reason(network_: Network, group_key: str, clause: str) -> Reason:
    g = network_.group(group_key)
    return Reason(g.kind, clause, g.key, False, FrozenDict())  # type: ignore[arg-type]


def _reading_use(pack: Pack, rule: Rule, name: str, lang: str) -> ReadingUse:
    local = pack.local_readings.get(name)
    if local is not None:
        return ReadingUse(name, rule.id, local.interpretation.get(lang), True)
    from .glossary import default_glossary

    return ReadingUse(name, rule.id, default_glossary().entries[name].note.get(lang))


def _make_plan(pack: Pack, lang: str) -> _Plan:
    net = network(pack)
    because = _because(pack)
    citation = {cid: Citation(cid, c.label(lang), c.text) for cid, c in pack.clauses.items()}
    interpretation = {
        r.id: Interpretation(r.id, r.interpretation.get(lang))
        for r in pack.rules if r.interpretation is not None
    }
    reading_uses = {r.id: tuple(_reading_use(pack, r, n, lang) for n in r.readings)
                    for r in pack.rules if r.readings}

    def trace_builder(node: Node) -> Any:
        reads = _trace_reads(pack, node)
        return lambda m, value: _trace_entry(node, reads, m, value)

    def reason_builder(kind: str, rule: Rule) -> Any:
        facts = because[rule.id]
        return lambda m, value: _reason(kind, rule, facts, m, value)

    trace_items = {n.key: _Interner(n.reads, trace_builder(n)) for n in net.nodes}
    reason_items = {(g.kind, r.id): _Interner(tuple(f for f, _ in because[r.id]), reason_builder(g.kind, r))
                    for g in net.groups for r in g.rules}
    reason_items.update({("outcome", r.id): _Interner(tuple(f for f, _ in because[r.id]), reason_builder("outcome", r))
                         for r in net.grades})
    group_reasons = {(g.key, c): _group_reason(net, g.key, c) for g in net.groups for c in g.lists}
    trace_order = [n.key for n in net.nodes]
    getters = tuple(trace_items[k].getter for k in trace_order)
    caches = tuple(trace_items[k].cache for k in trace_order)
    return _Plan(net, trace_items, trace_order, getters, caches, group_reasons,
                 {k: {(): r} for k, r in group_reasons.items()},
                 itemgetter(*[r.id for r in pack.rules if r.kind != "definition"]), {}, {},
                 reason_items, citation, interpretation, reading_uses)


_IDENTITY: dict[Any, Value] = {True: True, False: False, None: None}


def _decoder(fact: Any) -> dict[Any, Value]:
    """internal value → external value, as one dict lookup (bool facts and conclusions map to themselves)."""
    if fact is None or fact.type == "bool":
        return _IDENTITY
    return {None: None, **{i: v for i, v in enumerate(fact.allowed)}}


# ── building ───────────────────────────────────────────────────────────────


@dataclass
class _Skeleton:
    """What a verdict holds apart from the facts shown inside its reasons and trace.

    Which reasons, citations, permitted range, interpretations and undecided rules a verdict has is a
    function of the rules' three-valued results alone (the pack's *signature* for the case), so it is
    worked out once per signature and reused; the reasons are then filled in from the interned items.
    """

    getters: tuple[Any, ...]  # per reason slot: the values its rule read
    caches: tuple[dict[Any, Any], ...]  # per reason slot: the interned reasons
    slots: tuple[Any, ...]  # per reason slot: (kind, rule) to build a missing one
    undecided: tuple[Rule, ...]  # rules whose unknown facts are the missing facts
    #: what the verdict shows of it, as _compose takes it: (citations, permitted, interpretations, readings,
    #: refinements) — one object per skeleton, which a batch's worker sends once and then names by a number
    face: tuple[list[Citation], list[str], list[Interpretation], list[ReadingUse], list[Refinement]]


def _no_reads(memory: dict[str, Any]) -> tuple[()]:
    return ()


# ── the explanation: which reasons, citations and range a verdict has (DESIGN §6) ─────────────────


@dataclass
class Explanation:
    """What a verdict says about a case beyond the facts themselves, from the rules' three-valued results.

    ``shown`` are the reasons, in order: ``(kind, rule)`` for a rule's own reason, or a constant group
    reason ("no listed scenario matches") as ``(group, list clause)``. ``cited`` the clause ids the outcome
    rests on; ``undecided`` the rules whose unknown facts are the missing facts; ``disclosed`` the rules (and
    the definitions they use) whose interpretations and readings the verdict discloses, in pack order.
    """

    shown: list[tuple[str, Any]]
    cited: list[str]
    permitted: list[str]
    undecided: list[Rule]
    disclosed: list[str]
    refinements: list[Refinement]


def explain(pack: Pack, m: dict[str, Any], d: Derivation) -> Explanation:
    """The explanation of a derivation, written to be checked against DESIGN §6.

    Reasons. Each group (scope, conditions, scenarios, exclusions; :mod:`rongcuo_rules.semantics`) shows:
    every member when it shows all (the conditions); for the exclusions, every member that blocks or may
    block tolerance (not false), or the list's constant "none applies"; for the others, the members that
    gave the group its value — or, when none holds, the list's constant "none matches" where the group has a
    list, else every member (scope). The chosen grade's reason comes last.

    Citations. A **deny** cites, group by group, what goes against tolerance: each failed condition, every
    scope clause when out of scope, the scenario list(s) when no scenario matched, each exclusion hit.
    A **tolerated** case cites the scope rules that hold, the conditions, the matched scenarios and the
    chosen outcome article. An **undetermined** case cites, while tolerance is open, the rules the unknown
    facts leave open; once tolerance holds, the grades left open before the outcome.

    Missing facts are the unknown facts of the undecided rules: the open rules while tolerance is open,
    and the grades left open (they could still matter once tolerance is settled).

    Disclosed interpretations and readings are those of every rule the verdict rests on (and the
    definitions it uses): the rules behind the reasons; every member of a group none of whose members
    holds, where that group bears on the outcome ("no listed scenario matches" in a deny rests on each
    scenario's reading, "no exclusion applies" in a tolerated case on each exclusion's); the chosen grade and
    the grades before it that did not hold.
    """
    net = network(pack)
    outcome, chosen = d.outcome, d.outcome_rule
    tolerated = m["tolerated"]
    shown: list[tuple[str, Any]] = []
    cited: list[str] = []
    open_rules: list[Rule] = []
    relied: list[Rule] = []  # the rules the verdict rests on: their interpretations and readings are disclosed

    def cite(clause: str) -> None:
        if clause not in cited:
            cited.append(clause)

    for g in net.groups:
        value = m[g.key]
        rules = g.rules
        # the reasons this group shows
        if g.show_all:
            members = list(rules)
        elif not g.required:
            members = [r for r in rules if m[r.id] is not False]
        elif value is False:
            members = [] if g.lists else list(rules)
        else:
            members = [r for r in rules if m[r.id] is value]
        if members:
            shown.extend((g.kind, r) for r in members)
            relied.extend(members)
        else:  # "none matches / applies"
            shown.extend((g.key, clause) for clause in g.lists)
            # where this group bears on the outcome, the verdict rests on every member being false
            supports = g.supports(value)
            if (outcome == "deny" and supports is False) or (tolerates(outcome) and supports is True):
                relied.extend(rules)
        # what it contributes to the citations
        if outcome == "deny" and g.supports(value) is False:
            against = [r for r in rules if m[r.id] is (not g.required)]
            if g.connective == "any" and g.required:  # nothing holds: the list, or every member
                for clause in g.lists or [r.clause for r in rules]:
                    cite(clause)
            else:
                for r in against:
                    cite(r.clause)
        elif tolerates(outcome) and g.required:
            for r in rules:
                if m[r.id] is True:
                    cite(r.clause)
        if value is None:
            open_rules.extend(r for r in rules if m[r.id] is None)

    open_grades: list[Rule] = []
    if tolerated is not False:
        for grade in net.grades:
            if m[grade.id] is True:
                break
            if m[grade.id] is None:
                open_grades.append(grade)
    if chosen is not None:
        shown.append(("outcome", chosen))
        cite(chosen.clause)
        # the grades before the chosen one did not hold: the outcome rests on that too
        relied.extend(net.grades[:net.grades.index(chosen) + 1])

    undecided: list[Rule] = []
    if outcome == "undetermined":
        if tolerated is None:
            for r in open_rules:
                cite(r.clause)
        else:
            for grade in open_grades:
                cite(grade.clause)
        undecided = (open_rules if tolerated is None else []) + open_grades

    # interpretations and readings: those of the rules the verdict rests on and the definitions they use
    defs = {r.id: r for r in pack.definitions}
    disclosed: list[str] = []
    for item in relied:
        for rid in (item.id, *_uses(item, defs)):
            if rid not in disclosed:
                disclosed.append(rid)
    order = {r.id: i for i, r in enumerate(pack.rules)}
    disclosed.sort(key=order.__getitem__)

    refinements = []
    matched = [r for r in net.group("scenario_matched").rules if m[r.id] is True]
    for r in matched:
        if r.checklist is None:
            continue
        parents = [p for p in pack.scenarios if p.checklist is None]
        holding = [c for c in r.refines if any(m[p.id] is True for p in parents if p.clause == c)]
        if not holding:
            holding = [c for c in r.refines if any(p.catch_all for p in parents if p.clause == c)]
        refinements.append(Refinement(r.clause, r.checklist, list(r.refines), holding))
    return Explanation(shown, cited, net.permitted(outcome, chosen), undecided, disclosed, refinements)


def _uses(rule: Rule, defs: dict[str, Rule], seen: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The definitions a rule uses, transitively, in order of first use."""
    out: list[str] = []
    for key in rule.reads:
        if key.startswith("@") and key[1:] not in seen:
            out.append(key[1:])
            out.extend(_uses(defs[key[1:]], defs, seen + (key[1:],)))
    return tuple(dict.fromkeys(out))


def _skeleton(pack: Pack, plan: _Plan, m: dict[str, Any], d: Derivation, keep: bool = True) -> _Skeleton:
    """The explanation, with each reason slot's interner: computed once per combination of rule results."""
    ex = explain(pack, m, d)
    getters, caches, kept = [], [], []
    for kind, item in ex.shown:
        if isinstance(item, Rule):
            interner = plan.reason_items[kind, item.id]
            getters.append(interner.getter)
            caches.append(interner.cache)
            kept.append((kind, item))
        else:  # a group's constant reason
            reason = plan.group_reasons[kind, item]
            getters.append(_no_reads)
            caches.append(plan.group_caches[kind, item])
            kept.append(reason)
    # Skeletons are many (one per signature, up to _MAX_SKELETONS per pack and language) and their lists of
    # citations, readings, interpretations recur: equal ones are kept once, shared (they are only read)
    same = plan.parts.setdefault if keep else _unshared  # a skeleton not kept adds nothing to the shared parts
    return _Skeleton(tuple(getters), tuple(caches), tuple(kept),  # these differ between skeletons: not shared
                     _same(same, tuple(ex.undecided)),
                     (_same(same, [plan.citation[c] for c in ex.cited]), _same(same, ex.permitted),
                      _same(same, [plan.interpretation[r] for r in ex.disclosed if r in plan.interpretation]),
                      _same(same, [u for r in ex.disclosed for u in plan.reading_uses.get(r, ())]),
                      ex.refinements))


def _unshared(key: Any, value: Any) -> Any:
    return value


def _same(same: Any, items: Any) -> Any:
    """One object for every list (or tuple) of the same items: keyed by the items' identities, which stay
    theirs because the kept object holds the items."""
    return same((type(items), *map(id, items)), items)


#: how much a verdict explains beyond its reasons: none; near (near misses of a no-scenario deny, the decision
#: table of an undetermined verdict); full (also the alternatives: least changes giving a better outcome)
EXPLAIN = ("none", "near", "full")


def _check_explain(explain: str, lang: str = "zh") -> None:
    if explain not in EXPLAIN:
        raise InputError("cli.bad_explain", value=explain, allowed=", ".join(EXPLAIN))
    if lang not in ("zh", "en"):  # the receipt names the language: it must be one the verdict was written in
        raise InputError("api.bad_lang", value=lang)


def _case_sha256(case: Case) -> str:
    """The case's digest, computed once per case object (a batch evaluates one case under several packs)."""
    digest = case.__dict__.get("_sha256")
    if digest is None:
        from .receipt import case_sha256

        digest = case_sha256(case.id, case.facts, case.events)
        object.__setattr__(case, "_sha256", digest)
    return digest  # type: ignore[no-any-return]


def build_verdict(pack: Pack, case: Case, d: Derivation, lang: str = "zh", level: str = "near",
                  engine: str = "native") -> Verdict:
    return _compose(pack, lang, level, engine, _verdict_parts(pack, case, d, lang, level))


#: what :func:`_verdict_parts` gives, in order: what a verdict holds beyond what its pack and options fix
_PARTS = ("face", "outcome", "in_scope", "reasons", "trace", "missing_facts", "consequences", "near_misses",
          "decision_table", "alternatives", "case_id", "implied_facts", "case_sha256")


def _verdict_parts(pack: Pack, case: Case, d: Derivation, lang: str, level: str) -> tuple[Any, ...]:
    """What the verdict on ``case`` holds beyond what the pack and the options fix (:data:`_PARTS`), worked out
    from the derivation: all the work of a verdict but putting it together (:func:`_compose`). A batch's worker
    sends these to the calling process, which puts the verdicts together (building whole verdicts, a worker
    then numbered and the calling process cut up and joined again a hundred items a verdict: each side's
    cost per verdict was a quarter or more of deriving it)."""
    plan = _plan(pack, lang)
    m = d.memory  # complete: every fact and conclusion
    outcome = d.outcome

    # the signature as bytes (one per rule result): a tuple key of a hundred results took a kilobyte, and the
    # skeletons kept in a long run were most of its memory
    signature = bytes(map(_TRI_BYTE, plan.signature(m)))
    sk = plan.skeletons.get(signature)
    if sk is None:
        keep = len(plan.skeletons) < _MAX_SKELETONS
        sk = _skeleton(pack, plan, m, d, keep)
        if keep:
            plan.skeletons[signature] = sk

    # reasons: interned items looked up in one C-level pass; misses are built
    reasons = list(map(dict.get, sk.caches, map(call, sk.getters, repeat(m))))
    if not all(reasons):  # (`None in reasons` would call each item's __eq__)
        reasons = [x if x is not None else plan.reason_items[slot[0], slot[1].id].get(m, m[slot[1].id])
                   for x, slot in zip(reasons, sk.slots)]

    # missing facts: the unknown facts the undecided rules depend on
    missing = _missing(pack, case, d, sk.undecided)

    consequences = _consequences(pack, outcome, m)  # their conditions may read facts beyond the signature

    # trace: one C-level pass looks every firing up among the interned entries; misses are built
    if d.fired == plan.trace_order:
        trace = list(map(dict.get, plan.trace_caches, map(call, plan.trace_getters, repeat(m))))
        if not all(trace):
            items = plan.trace_items
            trace = [t if t is not None else items[k].get(m, m[k]) for t, k in zip(trace, plan.trace_order)]
    else:  # pragma: no cover - both engines report firings in network order
        trace = [plan.trace_items[key].get(m, m[key]) for key in d.fired]

    return (sk.face, outcome, m["in_scope"], reasons, trace, sorted(missing), consequences,
            _near(pack, outcome, m, lang) if level != "none" else [],
            _table(pack, case, d, missing) if level != "none" else [],
            _alternatives(pack, case, d) if level == "full" else [],
            case.id, [ImpliedFact(n, v, c) for n, (v, c) in case.implied.items()] if case.implied else [],
            _case_sha256(case))


def _compose(pack: Pack, lang: str, level: str, engine: str, parts: tuple[Any, ...]) -> Verdict:
    """The verdict from its parts (:func:`_verdict_parts`): each list its own (a verdict's lists are its
    caller's to change), the rest from the pack and the options."""
    ((citations, permitted, interpretations, readings, refinements), outcome, in_scope, reasons, trace, missing,
     consequences, near, table, alternatives_, case_id, implied, digest) = parts
    return Verdict._assemble({
        "pack": pack.name, "pack_version": pack.version, "case_id": case_id, "outcome": outcome,
        "permitted": list(permitted), "in_scope": in_scope,
        "citations": list(citations), "reasons": reasons, "trace": trace,
        "missing_facts": missing, "consequences": consequences,
        "interpretations": list(interpretations),
        "readings": list(readings),
        "near_misses": near,
        "decision_table": table,
        "alternatives": alternatives_,
        "implied_facts": implied,
        "checklists": list(pack.checklists) if pack.checklists else [],
        "refinements": list(refinements) if refinements else [],
        "receipt": Receipt(__version__, engine, lang, level, pack.sha256, pack.vocabulary.sha256, digest),
    })


def _near(pack: Pack, outcome: str, m: dict[str, Any], lang: str) -> list[NearMiss]:
    """Near misses belong to a deny for want of a scenario (nothing else is missing a scenario)."""
    if outcome != "deny" or m["scenario_matched"] is not False:
        return []
    return near_misses(pack, m, lang)


def _alternatives(pack: Pack, case: Case, d: Derivation) -> list[Alternative]:
    """Alternatives belong to a verdict below the best outcome (exempt is the best there is)."""
    if d.outcome == "exempt":
        return []
    return alternatives(pack, case, d.outcome, get_engine(pack, d.engine), base=d)


def _missing(pack: Pack, case: Case, d: Derivation, undecided: Any) -> set[str]:
    """The unknown facts the undecided rules read, less those that can decide none of them, given the known
    facts and the constraints (:mod:`rongcuo_rules.missing`) — provided the engine agrees: a fact is left out only if settling
    the others decides the case for the engine too (its entailment applies only simple implications, so what
    the constraints settle it may leave open). Otherwise, or should none remain, the rules' facts are kept:
    settling them decides the case."""
    m = d.memory
    read: set[str] = set()
    for r in undecided:
        r.expr.unknowns(m, read)
    if d.outcome != "undetermined" or len(read) < 2:
        return read  # one unknown fact keeping the verdict open is necessary by itself
    exact = necessary(pack, m, undecided)
    if not exact or exact == read or not _settles(pack, case, d, sorted(exact)):
        return read
    return exact


#: completions a left-out missing fact is checked against at most (beyond: the fact is kept)
SETTLE_LIMIT = 256


def _settles(pack: Pack, case: Case, d: Derivation, facts: list[str]) -> bool:
    """Whether every answer to ``facts`` (that the constraints allow) decides the case for the engine that
    derived ``d``."""
    import itertools

    vocab = pack.vocabulary
    choices = [vocab.choices[f] for f in facts]
    total = 1
    for c in choices:
        total *= len(c)
    if total > SETTLE_LIMIT:
        return False
    engine = get_engine(pack, d.engine)
    for combo in itertools.product(*choices):
        try:
            completed = derive_changed(engine, case, d, {f: code for f, (_, code) in zip(facts, combo)})[1]
        except InputError:
            continue  # not a possible case
        if completed.outcome == "undetermined":
            return False
    return True


def _table(pack: Pack, case: Case, d: Derivation, missing: set[str]) -> list[DecisionRow]:
    """A decision table belongs to an undetermined verdict; the engine that derived it expands it."""
    if d.outcome != "undetermined" or not missing:
        return []
    return decision_table(pack, case, sorted(missing), get_engine(pack, d.engine), base=d)


def _consequences(pack: Pack, outcome: str, m: dict[str, Any]) -> list[ConsequenceItem]:
    if not tolerates(outcome):
        return []
    return [item for c, item in _consequence_items(pack) if outcome in c.outcomes and c.expr.fn(m) is True]


def _consequence_items(pack: Pack) -> list[tuple[Any, ConsequenceItem]]:
    """Each consequence with its item, made once per pack: like the other items, shared by the verdicts that
    show it (a batch's worker names a shared item by a number once it has sent it; built per verdict, these
    were most of the items it sent)."""
    return pack.cached(("consequence-items",), _make_consequence_items, pack)  # type: ignore[no-any-return]


def _make_consequence_items(pack: Pack) -> list[tuple[Any, ConsequenceItem]]:
    return [(c, ConsequenceItem(c.clause, pack.clauses[c.clause].text)) for c in pack.consequences]


def reference_verdict(pack: Pack, case: Case, d: Derivation, lang: str = "zh", level: str = "near",
                      engine: str = "native") -> Verdict:
    """The verdict built straight from :func:`explain`, with no interning and no per-combination cache (its
    consequence items are the pack's, made once: plain clause texts).

    :func:`build_verdict` must give exactly this (tests/test_verdict.py checks it on generated cases); it is
    the readable statement of what a verdict holds, and the fast path is only its cached form.
    """
    m = d.memory
    net = network(pack)
    ex = explain(pack, m, d)
    because = _because(pack)
    reasons = [_reason(kind, item, because[item.id], m, m[item.id]) if isinstance(item, Rule)
               else _group_reason(net, kind, item) for kind, item in ex.shown]
    missing = _missing(pack, case, d, ex.undecided)
    nodes = {n.key: n for n in net.nodes}
    trace = [_trace_entry(nodes[k], _trace_reads(pack, nodes[k]), m, m[k]) for k in d.fired]
    rules = {r.id: r for r in pack.rules}
    return Verdict.model_construct(
        pack=pack.name, pack_version=pack.version, case_id=case.id, outcome=d.outcome, permitted=ex.permitted,
        in_scope=m["in_scope"],
        citations=[Citation(c, pack.clauses[c].label(lang), pack.clauses[c].text) for c in ex.cited],
        reasons=reasons, trace=trace, missing_facts=sorted(missing),
        consequences=_consequences(pack, d.outcome, m),
        interpretations=[Interpretation(r, rules[r].interpretation.get(lang)) for r in ex.disclosed  # type: ignore[union-attr]
                         if rules[r].interpretation is not None],
        readings=[_reading_use(pack, rules[r], n, lang) for r in ex.disclosed for n in rules[r].readings],
        near_misses=_near(pack, d.outcome, m, lang) if level != "none" else [],
        decision_table=_table(pack, case, d, missing) if level != "none" else [],
        alternatives=_alternatives(pack, case, d) if level == "full" else [],
        implied_facts=[ImpliedFact(n, v, c) for n, (v, c) in case.implied.items()],
        checklists=list(pack.checklists), refinements=ex.refinements,
        receipt=Receipt(__version__, engine, lang, level, pack.sha256, pack.vocabulary.sha256, _case_sha256(case)),
    )


def derive_verdict(pack: Pack, case: Case, engine: str = "native", lang: str = "zh",
                   explain: str = "near") -> Verdict:
    """The verdict on a validated case under a loaded pack: what the Python API's ``evaluate`` does once it
    has loaded them, for the layers below the API (comparison, property checks)."""
    _check_explain(explain, lang)
    return build_verdict(pack, case, get_engine(pack, engine).derive(case), lang, level=explain, engine=engine)
