"""The shared fact vocabulary (DESIGN.md §4), loaded from ``vocabulary.yaml``.

The data file is the single source of every fact's type, values (and their order), open/closed status,
Chinese and English label and description, and source wording; this module validates it with pydantic,
encodes values for the engines, and holds the integrity constraints between facts.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from .datafiles import read_data_text
from .errors import InputError, Location
from .expr import Compare, Expr, Parser
from .textutil import did_you_mean, show_value
from .yamlio import Document, load_text


class Text(BaseModel):
    """A wording in both working languages."""

    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)
    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Value(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True)
    id: str
    zh: str
    en: str


class Fact(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")

    name: str = ""
    type: Literal["bool", "enum"]
    open: bool
    ordered: bool = False
    mutable: bool = False  # can still change after the event (alternatives restricted to these)
    values: list[Value] | None = None
    label: Text
    description: Text
    source: str

    _index: dict[str, int] = PrivateAttr(default_factory=dict)
    _allowed: list[Any] = PrivateAttr(default_factory=list)
    _default: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check(self) -> Fact:
        if self.type == "enum":
            if not self.values:
                raise ValueError("an enum fact needs values")
            ids = [v.id for v in self.values]
            if len(set(ids)) != len(ids):
                raise ValueError("duplicate enum values")
        elif self.values is not None or self.ordered:
            raise ValueError("a bool fact has no values and is not ordered")
        self._rebuilt()
        return self

    def _rebuilt(self) -> None:
        """What validation derives, derived again (also for a fact read back from the compiled cache
        without validation, :mod:`rongcuo_rules.validated`). Read on hot paths (case building, analysis)."""
        ids = [v.id for v in self.values or []]
        self._index = {v: i for i, v in enumerate(ids)} if self.type == "enum" else {}
        self._allowed = [True, False] if self.type == "bool" else ids
        self._default = None if self.open else (False if self.type == "bool" else self._allowed[0])

    @property
    def allowed(self) -> list[Any]:
        """The values a case may give, in the vocabulary's order."""
        return self._allowed

    @property
    def default(self) -> Any:
        """What an absent closed fact means (false / the first value); ``None`` for open facts."""
        return self._default

    def encode(self, value: Any, where: Location | None = None) -> Any:
        """The internal value (bool, or enum ordinal) of an external one; an InputError if not allowed."""
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            raise InputError("value.not_bool", where, fact=self.name, value=show_value(value))
        if isinstance(value, str) and value in self._index:
            return self._index[value]
        allowed = ", ".join(v.id for v in self.values or [])
        hint = did_you_mean(str(value), self._index) if isinstance(value, str) else ""
        raise InputError("value.not_allowed", where, fact=self.name, value=show_value(value),
                         allowed=allowed, hint=hint)

    def decode(self, code: Any) -> Any:
        """The external value of an internal one."""
        if code is None or self.type == "bool":
            return code
        return self.values[code].id  # type: ignore[index]

    def value_label(self, value: Any, lang: str) -> str:
        from .wording import message

        if value is None:
            return message("value.unknown", lang)
        if self.type == "bool":
            return message("value.true" if value else "value.false", lang)
        for v in self.values or []:
            if v.id == value:
                return v.en if lang == "en" else v.zh
        return str(value)


class ConstraintSpec(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True)
    id: str
    if_: Any = Field(alias="if")
    then: Any
    message: Text


class VocabularyFile(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid")
    version: int
    facts: dict[str, Fact]
    constraints: list[ConstraintSpec] = []


class Constraint:
    """``if`` ⇒ ``then``; violated when ``if`` definitely holds and ``then`` definitely fails."""

    def __init__(self, spec: ConstraintSpec, if_: Expr, then: Expr) -> None:
        self.id = spec.id
        self.message = spec.message
        self.if_ = if_
        self.then = then
        self._if = if_.compile()
        self._then = then.compile()

    def violated(self, memory: dict[str, Any]) -> bool:
        return self._if(memory) is True and self._then(memory) is False


class Vocabulary:
    """Facts by dotted name, with lookup (did-you-mean), encoding, and the integrity constraints."""

    def __init__(self, spec: VocabularyFile, doc: Document) -> None:
        from .receipt import sha256_of

        self.version = spec.version
        #: SHA-256 of the canonical JSON of the vocabulary as loaded (receipt.py)
        self.sha256 = sha256_of(doc.data)
        self.facts: dict[str, Fact] = {}
        for name, fact in spec.facts.items():
            fact.name = name
            self.facts[name] = fact
        self.groups = sorted({name.split(".", 1)[0] for name in self.facts})
        parser = Parser(self, doc)
        self.constraints = [
            Constraint(c, parser.parse(c.if_, ("constraints", i, "if")),
                       parser.parse(c.then, ("constraints", i, "then")))
            for i, c in enumerate(spec.constraints)
        ]
        self.open_facts = [n for n, f in self.facts.items() if f.open]
        self.closed_facts = [n for n, f in self.facts.items() if not f.open]
        # A case's working memory starts from this: every fact, open ones unknown (None), closed ones
        # at their default. Built once; each case copies it.
        self.blank_memory: dict[str, Any] = {
            n: (None if f.open else f.encode(f.default)) for n, f in self.facts.items()}
        #: the constraints a case's entailment propagates — simple implications ``A is a ⇒ B is b`` — as
        #: (A, a, B, b, b's external value, constraint id), read once here
        self.implications = [
            (c.if_.fact, c.if_.codes[0], c.then.fact, c.then.codes[0],
             self.facts[c.then.fact].decode(c.then.codes[0]), c.id)
            for c in self.constraints
            if isinstance(c.if_, Compare) and isinstance(c.then, Compare) and c.if_.op == "is" and c.then.op == "is"]
        #: fact → its enum values' codes by external value (None for a bool fact), and the open facts: the
        #: case builder's fast path for values that are allowed (anything else goes through Fact.encode,
        #: which explains the refusal)
        self.enum_codes: dict[str, dict[str, int] | None] = {
            n: (None if f.type == "bool" else {v.id: i for i, v in enumerate(f.values or [])})
            for n, f in self.facts.items()}
        self.open_fact_names = frozenset(self.open_facts)
        #: each fact's allowed values and default as plain dicts (Fact.allowed/.default read pydantic
        #: private attributes, slow on hot paths: analysis enumerating the fact space reads these)
        self.allowed_values: dict[str, list[Any]] = {n: f.allowed for n, f in self.facts.items()}
        self.defaults: dict[str, Any] = {n: f.default for n, f in self.facts.items()}
        #: fact → its allowed values with their internal codes, as plain tuples: analysis enumerating
        #: values reads this instead of each model's attributes (pydantic's attribute access is slow)
        self.choices: dict[str, tuple[tuple[Any, Any], ...]] = {
            n: tuple((v, f.encode(v)) for v in f.allowed) for n, f in self.facts.items()}
        #: (fact, allowed value) → its code, and (open fact, None) → None (unknown): a flat mapping of facts
        #: is encoded by one C-level pass over its items. Only for values that are strings, booleans or None
        #: (``(f, 1) == (f, True)``: a number must not be read as a boolean; the case builder checks).
        self.value_codes: dict[tuple[str, Any], Any] = {
            (n, v): code for n, pairs in self.choices.items() for v, code in pairs}
        self.value_codes.update({(n, None): None for n in self.open_facts})

    def __contains__(self, name: str) -> bool:
        return name in self.facts

    def __getitem__(self, name: str) -> Fact:
        return self.facts[name]

    def lookup(self, name: Any, where: Location | None = None) -> Fact:
        if isinstance(name, str) and name in self.facts:
            return self.facts[name]
        raise InputError("fact.unknown", where, fact=show_value(name),
                         hint=did_you_mean(str(name), self.facts))


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the library (loaded and checked once per process)."""
    text = read_data_text("vocabulary.yaml")
    return load_vocabulary_text(text, "vocabulary.yaml")


def load_vocabulary_text(text: str, file: str) -> Vocabulary:
    from .validated import validate

    doc = load_text(text, file, kind="vocabulary")
    try:
        spec = validate(VocabularyFile, doc)
    except ValidationError as exc:
        from .models_errors import first_validation_error

        raise first_validation_error(exc, doc, VocabularyFile) from None
    return Vocabulary(spec, doc)
