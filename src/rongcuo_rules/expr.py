"""The condition language: a small declarative expression language over vocabulary facts.

An expression is YAML data, never code — nothing here calls eval or exec::

    true | false                                   constant
    {all: [E, ...]}   {any: [E, ...]}   {not: E}  Kleene and / or / not
    {fact: NAME, is: V}      {fact: NAME, is_not: V}
    {fact: NAME, in: [V, ...]}   {fact: NAME, not_in: [V, ...]}
    {fact: NAME, at_least: V}   {fact: NAME, at_most: V}       ordered enums only
    {fact: NAME, above: V}      {fact: NAME, below: V}         ordered enums only
    {ref: NAME}                                    a pack definition (a derived fact)
    {reading: PHRASE}                              the glossary's reading of a phrase (glossary.yaml),
                                                   or the pack's own departure from it

Expressions are checked against the vocabulary when they are parsed (unknown fact with did-you-mean,
value out of range listing what is allowed, an ordered comparison on an unordered fact ...), and compiled
once into closures over the engine's working memory.

Working memory maps every vocabulary fact to its *internal* value — ``True``/``False`` for bool facts,
the value's ordinal for enums, ``None`` for an unknown open fact — and a definition ``@NAME`` to
``True``/``False``/``None``. Evaluation is three-valued (Kleene), and :meth:`Expr.unknowns` names exactly
the unknown facts that an unknown result depends on.
"""

from __future__ import annotations

from operator import itemgetter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .textutil import did_you_mean, type_name

if TYPE_CHECKING:
    from .vocabulary import Vocabulary
    from .yamlio import Document

Tri = bool | None
Memory = Mapping[str, Any]
Evaluator = Callable[[Memory], Tri]

COMPARISONS = ("is", "is_not", "in", "not_in", "at_least", "at_most", "above", "below")
ORDERED_ONLY = ("at_least", "at_most", "above", "below")
CONNECTIVES = ("all", "any", "not")
#: the most items one ``all``/``any`` may list (the measures' longest lists have about twenty; nesting depth is
#: bounded by the YAML loader's :data:`~rongcuo_rules.yamlio.MAX_DEPTH`)
MAX_ITEMS = 500
FORMS = CONNECTIVES + ("fact", "ref", "reading")


# ── the tree ───────────────────────────────────────────────────────────────


class Expr:
    """Base class of expression nodes."""

    def reads(self) -> list[str]:
        """Facts (and ``@definitions``) this expression reads, in order of first appearance."""
        out: list[str] = []
        self._reads(out)
        return out

    def _reads(self, out: list[str]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def compile(self) -> Evaluator:  # pragma: no cover - abstract
        raise NotImplementedError

    @property
    def total(self) -> bool:
        """Never unknown: it reads only closed facts (which always have a value)."""
        return False

    @property
    def fn(self) -> Evaluator:
        """The compiled evaluator, built once per node."""
        f = self.__dict__.get("_fn")
        if f is None:
            f = self.__dict__["_fn"] = self.compile()
        return f

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        """Add to ``out`` the unknown base facts that make this (unknown) expression unknown."""
        raise NotImplementedError  # pragma: no cover

    def to_data(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


def _fold(items: list[Expr], dominant: bool) -> Evaluator:
    """Kleene "and" (dominant False) or "or" (dominant True) of ``items``.

    Both are order-independent, so parts that are never unknown go first: they decide most cases with a
    plain short-circuit, before any part needs three-valued bookkeeping.
    """
    sure = tuple(i.compile() for i in items if i.total)
    maybe = tuple(i.compile() for i in items if not i.total)
    if not maybe:
        if len(sure) == 2:
            a, b = sure
            return (lambda m: a(m) or b(m)) if dominant else (lambda m: a(m) and b(m))
        return (lambda m: any(p(m) for p in sure)) if dominant else (lambda m: all(p(m) for p in sure))
    neutral = not dominant

    def fold(m: Memory) -> Tri:
        for part in sure:
            if part(m) is dominant:
                return dominant
        unknown = False
        for part in maybe:
            v = part(m)
            if v is dominant:
                return dominant
            if v is None:
                unknown = True
        return None if unknown else neutral

    return fold


@dataclass(eq=False)
class Const(Expr):
    value: bool

    def _reads(self, out: list[str]) -> None:
        pass

    total = True  # type: ignore[assignment]

    def compile(self) -> Evaluator:
        value = self.value
        return lambda m: value

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        pass

    def to_data(self) -> Any:
        return self.value


@dataclass(eq=False)
class All(Expr):
    items: list[Expr]

    def _reads(self, out: list[str]) -> None:
        for item in self.items:
            item._reads(out)

    @property
    def total(self) -> bool:
        return all(i.total for i in self.items)

    def compile(self) -> Evaluator:
        return _fold(self.items, dominant=False)

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        for item in self.items:
            if item.fn(memory) is None:
                item.unknowns(memory, out)

    def to_data(self) -> Any:
        return {"all": [i.to_data() for i in self.items]}


@dataclass(eq=False)
class Any_(Expr):
    items: list[Expr]

    def _reads(self, out: list[str]) -> None:
        for item in self.items:
            item._reads(out)

    @property
    def total(self) -> bool:
        return all(i.total for i in self.items)

    def compile(self) -> Evaluator:
        return _fold(self.items, dominant=True)

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        for item in self.items:
            if item.fn(memory) is None:
                item.unknowns(memory, out)

    def to_data(self) -> Any:
        return {"any": [i.to_data() for i in self.items]}


@dataclass(eq=False)
class Not(Expr):
    item: Expr

    def _reads(self, out: list[str]) -> None:
        self.item._reads(out)

    @property
    def total(self) -> bool:
        return self.item.total

    def compile(self) -> Evaluator:
        part = self.item.compile()
        if self.item.total:
            return lambda m: not part(m)

        def not_(m: Memory) -> Tri:
            v = part(m)
            return None if v is None else not v

        return not_

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        self.item.unknowns(memory, out)

    def to_data(self) -> Any:
        return {"not": self.item.to_data()}


@dataclass(eq=False)
class Compare(Expr):
    """``fact OP value(s)``. ``codes`` holds the internal values (bools or enum ordinals)."""

    fact: str
    op: str
    value: Any  # as written: a bool, a value id, or a list of value ids
    codes: tuple[Any, ...]
    closed: bool = False  # a closed fact always has a value (absent means its default)

    def _reads(self, out: list[str]) -> None:
        if self.fact not in out:
            out.append(self.fact)

    @property
    def total(self) -> bool:
        return self.closed

    def compile(self) -> Evaluator:
        name, op, codes = self.fact, self.op, self.codes
        c = codes[0]
        s = frozenset(codes)
        if op == "is" and c is True:
            # a bool fact's internal value (True / False / None for unknown) is already the answer
            return itemgetter(name)
        if self.closed:  # never unknown: one comparison, no None check
            return {
                "is": lambda m: m[name] == c, "is_not": lambda m: m[name] != c,
                "in": lambda m: m[name] in s, "not_in": lambda m: m[name] not in s,
                "at_least": lambda m: m[name] >= c, "at_most": lambda m: m[name] <= c,
                "above": lambda m: m[name] > c, "below": lambda m: m[name] < c,
            }[op]
        if op == "is":
            return lambda m: None if (x := m[name]) is None else x == c
        if op == "is_not":
            return lambda m: None if (x := m[name]) is None else x != c
        if op == "in":
            return lambda m: None if (x := m[name]) is None else x in s
        if op == "not_in":
            return lambda m: None if (x := m[name]) is None else x not in s
        if op == "at_least":
            return lambda m: None if (x := m[name]) is None else x >= c
        if op == "at_most":
            return lambda m: None if (x := m[name]) is None else x <= c
        if op == "above":
            return lambda m: None if (x := m[name]) is None else x > c
        if op == "below":
            return lambda m: None if (x := m[name]) is None else x < c
        raise AssertionError(op)  # pragma: no cover - parse() admits only COMPARISONS

    def holds_for(self, code: Any) -> bool:
        """Whether the comparison holds when the fact has internal value ``code``."""
        return bool(self.fn({self.fact: code}))

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        if memory.get(self.fact) is None:
            out.add(self.fact)

    def to_data(self) -> Any:
        return {"fact": self.fact, self.op: self.value}


@dataclass(eq=False)
class Ref(Expr):
    """A pack definition: reads the derived fact ``@name``; ``target`` is bound when the pack loads."""

    name: str
    target: Expr | None = None

    @property
    def key(self) -> str:
        return "@" + self.name

    def _reads(self, out: list[str]) -> None:
        if self.key not in out:
            out.append(self.key)

    def compile(self) -> Evaluator:
        key = self.key
        return lambda m: m.get(key)

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        assert self.target is not None, "definition not bound"
        self.target.unknowns(memory, out)

    def to_data(self) -> Any:
        return {"ref": self.name}


@dataclass(eq=False)
class Reading(Expr):
    """A glossary reading used by name. It evaluates exactly as its expression (``target``) does; the node
    keeps the name so that a rule knows which phrases it encodes and a verdict can disclose them.
    ``local`` marks a pack's own departure from the glossary."""

    name: str
    target: Expr
    local: bool = False

    def _reads(self, out: list[str]) -> None:
        self.target._reads(out)

    @property
    def total(self) -> bool:
        return self.target.total

    def compile(self) -> Evaluator:
        return self.target.compile()

    def unknowns(self, memory: Memory, out: set[str]) -> None:
        self.target.unknowns(memory, out)

    def to_data(self) -> Any:
        return {"reading": self.name}


def readings_of(expr: Expr, follow_refs: bool = True) -> list[Reading]:
    """The readings an expression uses (through the definitions it refers to unless ``follow_refs`` is
    false), in order of first use."""
    out: list[Reading] = []
    seen: set[str] = set()

    def walk(e: Expr) -> None:
        if isinstance(e, Reading):
            if e.name not in seen:
                seen.add(e.name)
                out.append(e)
            walk(e.target)
        elif isinstance(e, (All, Any_)):
            for i in e.items:
                walk(i)
        elif isinstance(e, Not):
            walk(e.item)
        elif isinstance(e, Ref) and e.target is not None and follow_refs:
            walk(e.target)

    walk(expr)
    return out


def base_reads(expr: Expr) -> list[str]:
    """The vocabulary facts an expression depends on, following definitions."""
    out: list[str] = []

    def walk(e: Expr) -> None:
        if isinstance(e, Compare):
            if e.fact not in out:
                out.append(e.fact)
        elif isinstance(e, (All, Any_)):
            for i in e.items:
                walk(i)
        elif isinstance(e, Not):
            walk(e.item)
        elif isinstance(e, (Ref, Reading)) and e.target is not None:
            walk(e.target)

    walk(expr)
    return out


def as_open(expr: Expr) -> Expr:
    """The same expression evaluated as if every fact could be unknown (for reasoning over partial
    assignments, where a closed fact not yet assigned is undecided rather than at its default)."""
    if isinstance(expr, Compare):
        return Compare(expr.fact, expr.op, expr.value, expr.codes, closed=False)
    if isinstance(expr, All):
        return All([as_open(i) for i in expr.items])
    if isinstance(expr, Any_):
        return Any_([as_open(i) for i in expr.items])
    if isinstance(expr, Not):
        return Not(as_open(expr.item))
    if isinstance(expr, (Ref, Reading)):
        assert expr.target is not None
        return as_open(expr.target)
    return expr


def inline(expr: Expr) -> Expr:
    """The same expression with every definition replaced by its body (for engines without chaining)."""
    if isinstance(expr, (Ref, Reading)):
        assert expr.target is not None
        return inline(expr.target)
    if isinstance(expr, All):
        return All([inline(i) for i in expr.items])
    if isinstance(expr, Any_):
        return Any_([inline(i) for i in expr.items])
    if isinstance(expr, Not):
        return Not(inline(expr.item))
    return expr


# ── parsing and checking ───────────────────────────────────────────────────


class Parser:
    """Parses expression data from a positioned document, checking it against the vocabulary."""

    def __init__(self, vocabulary: Vocabulary, doc: Document, definitions: Iterable[str] | None = None,
                 readings: Mapping[str, Expr] | None = None, local: Iterable[str] = ()) -> None:
        """``readings``: name → expression for ``{reading: …}`` (a pack passes the glossary's, with its own
        departures; none by default); ``local``: the names the pack itself defines."""
        self.vocabulary = vocabulary
        self.doc = doc
        self.refs_allowed = definitions is not None  # None: no definitions exist where this parser reads
        self.definitions = set(definitions or ())
        self.refs: list[tuple[Ref, tuple[Any, ...]]] = []
        self.readings: Mapping[str, Expr] = readings if readings is not None else {}
        self.local = set(local)

    def error(self, code: str, path: tuple[Any, ...], key: bool = False, **params: Any) -> InputError:
        return InputError(code, self.doc.loc(path, key=key), **params)

    def parse(self, data: Any, path: tuple[Any, ...]) -> Expr:
        if isinstance(data, bool):
            return Const(data)
        if not isinstance(data, dict):
            raise self.error("expr.not_mapping", path, got=type_name(data))
        forms = [k for k in data if k in FORMS]
        if len(forms) != 1:
            if not forms:
                unknown = next(iter(data), "")
                hint = did_you_mean(unknown, FORMS + COMPARISONS)
                raise self.error("expr.unknown_form", path + (unknown,), key=True, key_=unknown,
                                 allowed=", ".join(FORMS), hint=hint)
            raise self.error("expr.several_forms", path, forms=", ".join(forms))
        form = forms[0]
        if form in CONNECTIVES:
            extra = [k for k in data if k != form]
            if extra:
                raise self.error("expr.extra_key", path + (extra[0],), key=True, key_=extra[0], form=form)
            body = data[form]
            if form == "not":
                return Not(self.parse(body, path + ("not",)))
            if not isinstance(body, list) or not body:
                raise self.error("expr.empty_list", path + (form,), form=form)
            if len(body) > MAX_ITEMS:
                raise self.error("expr.too_wide", path + (form,), form=form, n=len(body), limit=MAX_ITEMS)
            items = [self.parse(item, path + (form, i)) for i, item in enumerate(body)]
            return All(items) if form == "all" else Any_(items)
        if form == "ref":
            extra = [k for k in data if k != "ref"]
            if extra:
                raise self.error("expr.extra_key", path + (extra[0],), key=True, key_=extra[0], form="ref")
            name = data["ref"]
            if not self.refs_allowed:
                raise self.error("expr.ref_not_here", path + ("ref",), name=name)
            if not isinstance(name, str) or name not in self.definitions:
                raise self.error("expr.unknown_ref", path + ("ref",), name=name,
                                 hint=did_you_mean(str(name), self.definitions),
                                 allowed=", ".join(sorted(self.definitions)) or "—")
            ref = Ref(name)
            self.refs.append((ref, path))
            return ref
        if form == "reading":
            extra = [k for k in data if k != "reading"]
            if extra:
                raise self.error("expr.extra_key", path + (extra[0],), key=True, key_=extra[0], form="reading")
            name = data["reading"]
            readings = self.readings
            if not isinstance(name, str):
                raise self.error("expr.reading_not_name", path + ("reading",), got=type_name(name))
            if name not in readings:
                raise self.error("expr.unknown_reading", path + ("reading",), name=name,
                                 hint=did_you_mean(str(name), readings),
                                 allowed=", ".join(readings) or "—")
            return Reading(name, readings[name], local=name in self.local)
        return self.parse_compare(data, path)

    def parse_compare(self, data: dict[str, Any], path: tuple[Any, ...]) -> Compare:
        name = data["fact"]
        fact = self.vocabulary.lookup(name, self.doc.loc(path + ("fact",)))
        ops = [k for k in data if k != "fact"]
        if len(ops) != 1 or ops[0] not in COMPARISONS:
            bad = next((k for k in ops if k not in COMPARISONS), None)
            if bad is not None:
                raise self.error("expr.unknown_operator", path + (bad,), key=True, op=bad,
                                 hint=did_you_mean(str(bad), COMPARISONS), allowed=", ".join(COMPARISONS))
            raise self.error("expr.one_operator", path, fact=name, allowed=", ".join(COMPARISONS))
        op = ops[0]
        value = data[op]
        if op in ORDERED_ONLY and not fact.ordered:
            raise self.error("expr.unordered", path + (op,), key=True, op=op, fact=name)
        if op in ("in", "not_in"):
            if not isinstance(value, list) or not value:
                raise self.error("expr.needs_list", path + (op,), op=op)
            codes = tuple(fact.encode(v, self.doc.loc(path + (op, i))) for i, v in enumerate(value))
        else:
            if isinstance(value, list):
                raise self.error("expr.needs_scalar", path + (op,), op=op)
            codes = (fact.encode(value, self.doc.loc(path + (op,))),)
        return Compare(name, op, value, codes, closed=not fact.open)
