"""Policy packs: one measure's clauses (verbatim, with stable ids) and the rules that read them.

A pack is a YAML file validated by the pydantic models below (:class:`PackFile`) and then checked
against the vocabulary and itself: every expression's facts and values, every clause a rule cites,
definitions without cycles, an outcome list that always decides. Errors carry file:line:col.

The rule kinds mirror the bones of every measure (DESIGN.md §1):

* ``scope``        — whom it covers (any rule holding puts the case in scope);
* ``conditions``   — mandatory conditions (all must hold);
* ``scenarios``    — eligible scenarios (at least one must match);
* ``exclusions``   — 不予容错 (any one blocks tolerance);
* ``outcomes``     — for a tolerated case, the first rule that holds gives the outcome and its
                     permitted range; the last must hold unconditionally;
* ``definitions``  — named intermediate conclusions other rules ``ref`` (chained by the engine);
* ``consequences`` — what the outcome brings (结果运用), optionally conditional.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .datafiles import data_file
from .errors import InputError, Location
from .expr import Const, Expr, Parser, readings_of
from .textutil import did_you_mean
from .labels import CLAUSE_ID, clause_label, sort_key
from .outcomes import DecidedName
from .models_errors import first_validation_error
from .vocabulary import Text, Vocabulary, default_vocabulary
from .wording import detail
from .yamlio import Document, load_file

Outcome = DecidedName
_PACK_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


# ── the file format (pydantic; also the source of the JSON Schema) ─────────


class _Strict(BaseModel):
    # strict: a value of the wrong type is refused, not converted ("3" is not 3, "on" is not true)
    model_config = ConfigDict(defer_build=True, extra="forbid", populate_by_name=True, strict=True)


class CoverSpec(_Strict):
    """Where a non-operative clause's content is decided, as a checkable claim: in every case where
    ``when`` holds, the pack's outcome is one of ``outcome_in`` (rongcuo lint RL504 checks it exactly)."""

    clauses: list[str] = Field(min_length=1, description="规定其内容的条款 / the clauses said to cover it")
    when: Any = Field(description="该条款所说的情况 / what the clause speaks of")
    outcome_in: list[DecidedName] = Field(  # type: ignore[valid-type]
        min_length=1, description="这些情况下的结果 / the outcomes it implies there")


class ClauseSpec(_Strict):
    """One clause, quoted verbatim from the seed (whitespace normalised)."""

    text: str = Field(description="原文（逐字引用，空白已规范化）/ verbatim source text")
    operative: bool = Field(True, description="是否由规则使用 / whether rules use it")
    why: Text | None = Field(None, description="非操作性条款的理由 / why it is not operative")
    covered_by: CoverSpec | None = Field(None, description="非操作性条款的内容由何处规定（可检查）/ "
                                                           "where its content is decided (checked)")
    label: Text | None = Field(None, description="覆盖自动生成的标签 / overrides the generated label")


class SetAsideSpec(_Strict):
    """A phrase of the rule's clause that the rule does not encode, and why it does not decide."""

    phrase: str = Field(description="词表中的短语名 / the glossary phrase")
    why: Text = Field(description="为何不作要件 / why it is not decisive here")


class LocalReadingSpec(_Strict):
    """The pack's own reading of a glossary phrase, where its words differ (disclosed by verdicts)."""

    id: str = Field(description="词表中的短语名 / the glossary phrase it departs from")
    when: Any = Field(description="本包的读法 / the pack's reading")
    interpretation: Text = Field(description="为何本办法的用语与词表不同 / why this measure's words differ")


class RuleSpec(_Strict):
    id: str | None = Field(None, description="稳定的规则标识；缺省为 <kind>.<clause> / stable rule id")
    clause: str = Field(description="规则所依据的条款 / the clause the rule rests on")
    informed_by: list[str] = Field(default_factory=list,
                                   description="影响本规则解读的其他条款（如判断要素）/ clauses that inform it")
    when: Any = Field(True, description="条件表达式 / condition expression")
    interpretation: Text | None = Field(None, description="文本模糊或未规定时所作的解读 / reading chosen")
    label: Text | None = Field(None, description="条款中本规则所编码的要素名（同一条款有多条规则时须写）/ "
                                                 "the element of the clause this rule encodes (needed where a clause has several rules)")
    set_aside: list[SetAsideSpec] = Field(
        default_factory=list, description="条款中不作要件的短语及理由 / phrases of the clause that do not decide, and why")


class ScopeSpec(RuleSpec):
    basis: Literal["direct", "reference"] = Field(
        "direct", description="direct 适用；reference 参照执行 / applies directly or by reference")


class ScenarioSpec(RuleSpec):
    catch_all: bool = Field(False, description="兜底情形（其他经认定可以容错的情形）/ the catch-all scenario")


class ChapterSpec(_Strict):
    """A chapter heading of the measure, so cross-references such as 第三章“条件” can be checked."""

    number: int = Field(ge=1, description="章序号 / chapter number")
    title: str = Field(description="章标题（原文）/ the heading's title, verbatim")
    first: str = Field(description="本章第一条 / first article of the chapter")
    last: str = Field(description="本章最后一条 / last article of the chapter")


class OutcomeSpec(RuleSpec):
    outcome: Outcome
    permitted: list[Outcome] | None = Field(None, description="文本允许的结果范围 / the permitted range")


class DefinitionSpec(_Strict):
    id: str = Field(description="定义名，供 {ref: 名} 引用 / name used by {ref: name}")
    clause: str
    informed_by: list[str] = Field(default_factory=list)
    when: Any
    interpretation: Text | None = None
    set_aside: list[SetAsideSpec] = Field(default_factory=list)


class ConsequenceSpec(_Strict):
    clause: str
    outcomes: list[Outcome] = Field(default_factory=lambda: ["exempt"],
                                    description="适用于哪些结果 / outcomes it attaches to")
    when: Any = True


class PropertySpec(_Strict):
    """A property of the pack, checked exactly by ``rongcuo check``. Either ``outcome_in`` (every case
    where ``when`` holds gets one of these outcomes) or ``monotone`` (raising this ordered fact, all else
    equal, never worsens — ``direction: up`` — or never improves — ``down`` — the outcome)."""

    id: str
    text: Text
    clause: str | None = Field(None, description="支撑该性质的条款 / the clause the property follows from")
    when: Any = True
    outcome_in: list[Outcome] | None = None
    monotone: str | None = None
    direction: Literal["up", "down"] = "up"


class PeriodSpec(_Strict):
    """A length of time: exactly one of working days (工作日), days or months (一年 is 12 months)."""

    # bounded: the measures' periods run from days to a year or two; a longer one is a typing error and
    # would carry dates past the calendar's end
    working_days: int | None = Field(None, ge=1, le=1000, description="工作日 / working days (≤ 1000)")
    days: int | None = Field(None, ge=1, le=3660, description="日 / calendar days (≤ 3660)")
    months: int | None = Field(None, ge=1, le=120, description="月 / months (≤ 120)")


class ExtensionSpec(_Strict):
    period: PeriodSpec
    event: str = Field(description="表示已延长的事件 / the event that records the extension")
    clause: str | None = None


class ProcedureStepSpec(_Strict):
    """A procedure step with its clock: what starts it, how long it runs, what meets it."""

    id: str
    clause: str = Field(description="规定本步骤的条款 / the clause setting the step")
    label: Text
    kind: Literal["deadline", "duration"] = Field(
        "deadline", description="deadline：须在期限内完成；duration：持续一段时间（公示、回访）")
    starts: list[str] = Field(min_length=1, description="起算事件（取已发生者中最早的）/ starting events")
    period: PeriodSpec | None = Field(None, description="期限；文本未规定时省略 / omitted where the text sets none")
    extension: ExtensionSpec | None = None
    ends: str | None = Field(None, description="完成本步骤的事件（deadline）/ the event that meets it")
    applies: Text | None = Field(None, description="适用条件的说明 / when the step applies")
    interpretation: Text | None = None


class FormCellSpec(_Strict):
    """One cell of a form's table, as the annex lays it out: a printed label (verbatim) or a value filled in."""

    text: str | None = Field(None, description="印好的文字（逐字）/ the printed words, verbatim")
    field: str | None = Field(None, description="填入的内容（documents.FIELDS 之一）/ what is filled in")
    span: int = Field(1, ge=1, description="所占列数 / columns it spans")
    rows: int = Field(1, ge=1, description="所占行数 / rows it spans")
    align: Literal["left", "center", "right"] = "left"


class FormSpec(_Strict):
    """A document the measure prescribes (DESIGN §10 documents): its title, the clause that prescribes it, the
    annex whose layout it follows, and that layout as data — a table's rows (application form), the sections
    a decision must state, the columns of a statistics sheet."""

    title: str = Field(description="标题（逐字）/ the title, verbatim")
    clause: str = Field(description="规定此文书的条款 / the clause prescribing it")
    annex: str | None = Field(None, description="所依样式的附件 / the annex it follows")
    columns: int | None = Field(None, ge=1, description="表格的列数 / the table's columns")
    rows: list[list[FormCellSpec]] = Field(default_factory=list, description="表格各行 / the table's rows")
    sections: list[FormCellSpec] = Field(default_factory=list,
                                         description="须写明的各项（标题与内容）/ what must be stated, in order")
    header: list[list[FormCellSpec]] = Field(default_factory=list, description="统计表表头 / a sheet's header rows")
    record_columns: list[str] = Field(default_factory=list,
                                      description="统计表各列逐条记录填入的内容 / a sheet's columns, per record")
    notes: list[str] = Field(default_factory=list, description="表下注（逐字）/ notes under the form, verbatim")


class PackFile(_Strict):
    """A policy pack file (policies/<name>.yaml)."""

    pack: str = Field(description="包名（小写）/ pack name")
    version: str = Field(description="版本（通常为印发日期）/ version, usually the issue date")
    title: Text
    issuer: Text
    issued: str = Field(description="印发日期（YYYY-MM-DD 或 YYYY）/ issue date")
    seed: str = Field(description="原文文件 / the seed text file")
    summary: Text | None = None
    clauses: dict[str, ClauseSpec]
    readings: list[LocalReadingSpec] = Field(
        default_factory=list, description="本包对词表短语的不同读法（须说明理由）/ the pack's departures from the glossary")
    definitions: list[DefinitionSpec] = Field(default_factory=list)
    scope: list[ScopeSpec]
    condition_lists: list[str] = Field(default_factory=list,
                                       description="列举条件的条款（总述）/ clauses introducing the conditions")
    conditions: list[RuleSpec]
    scenario_lists: list[str] = Field(min_length=1, description="列举情形的条款（无情形匹配时引用）/ clauses listing scenarios")
    scenarios: list[ScenarioSpec]
    exclusion_lists: list[str] = Field(default_factory=list,
                                       description="列举不予容错情形的条款 / clauses listing exclusions")
    exclusions: list[RuleSpec] = Field(default_factory=list)
    outcomes: list[OutcomeSpec]
    consequences: list[ConsequenceSpec] = Field(default_factory=list)
    properties: list[PropertySpec] = Field(default_factory=list)
    chapters: list[ChapterSpec] = Field(default_factory=list, description="章（如有）/ chapters, where the measure has them")
    procedure: list[ProcedureStepSpec] = Field(default_factory=list, description="程序步骤与期限 / procedure steps")
    forms: dict[Literal["application", "decision", "correction", "statistics"], FormSpec] = Field(
        default_factory=dict, description="办法规定的文书及其样式 / the documents the measure prescribes, and their layout")

    @field_validator("issued", "version", mode="before")
    @classmethod
    def _date_to_str(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, dt.date) else (str(v) if isinstance(v, int) else v)


# ── the loaded pack ────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Cover:
    """A non-operative clause's claim that other clauses decide what it says (checked by lint RL504)."""

    clauses: tuple[str, ...]
    expr: Expr
    outcome_in: tuple[str, ...]


@dataclass(frozen=True)
class LocalReading:
    """A pack's departure from the glossary: its expression and why its words differ."""

    name: str
    expr: Expr
    interpretation: Text


@dataclass(frozen=True)
class Clause:
    id: str
    text: str
    operative: bool
    why: Text | None
    label_override: Text | None = None
    covered_by: Cover | None = None

    def label(self, lang: str = "zh") -> str:
        if self.label_override is not None:
            return self.label_override.get(lang)
        return clause_label(self.id, lang)


@dataclass(eq=False)
class Rule:
    id: str
    kind: str
    clause: str
    expr: Expr
    informed_by: tuple[str, ...] = ()
    interpretation: Text | None = None
    basis: str | None = None  # scope rules
    outcome: str | None = None  # outcome rules
    permitted: tuple[str, ...] = ()  # outcome rules
    reads: tuple[str, ...] = ()  # facts and @definitions read, in order
    catch_all: bool = False  # scenario rules: 其他经认定可以容错的情形
    refines: tuple[str, ...] = ()  # scenario rules added by an X checklist item: the scenarios it details
    checklist: str | None = None  # ... and the checklist it comes from
    readings: tuple[str, ...] = ()  # glossary readings the rule's own condition uses (not via definitions)
    label: Text | None = None  # the element of its clause it encodes (where the clause has several rules)
    set_aside: tuple[tuple[str, Text], ...] = ()  # phrases of its clause it does not encode, and why

    @property
    def derived_key(self) -> str:
        """The working-memory key of the rule's conclusion."""
        return "@" + self.id if self.kind == "definition" else self.id


@dataclass(frozen=True)
class Consequence:
    clause: str
    outcomes: tuple[str, ...]
    expr: Expr


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    first: str
    last: str


@dataclass(frozen=True)
class Period:
    unit: str  # working_days | days | months
    n: int


@dataclass(frozen=True)
class ProcedureStep:
    id: str
    clause: str
    label: Text
    kind: str
    starts: tuple[str, ...]
    period: Period | None
    extension: Period | None
    extension_event: str | None
    extension_clause: str | None
    ends: str | None
    applies: Text | None
    interpretation: Text | None


@dataclass(frozen=True)
class Property:
    id: str
    text: Text
    clause: str | None
    expr: Expr
    outcome_in: tuple[str, ...] | None
    monotone: str | None
    direction: str


@dataclass(eq=False)
class Pack:
    name: str
    version: str
    title: Text
    issuer: Text
    issued: str
    seed: str
    summary: Text | None
    clauses: dict[str, Clause]
    definitions: list[Rule]
    scope: list[Rule]
    conditions: list[Rule]
    condition_lists: list[str]
    scenario_lists: list[str]
    scenarios: list[Rule]
    exclusion_lists: list[str]
    exclusions: list[Rule]
    outcomes: list[Rule]
    consequences: list[Consequence]
    vocabulary: Vocabulary
    source: str | None = None
    properties: list[Property] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    procedure: list[ProcedureStep] = field(default_factory=list)
    checklists: tuple[str, ...] = ()  # X checklists combined into this pack (see checklist.combine)
    local_readings: dict[str, LocalReading] = field(default_factory=dict)
    #: the documents the measure prescribes (kind → its layout as data); documents/ fills them
    forms: dict[str, FormSpec] = field(default_factory=dict)
    #: SHA-256 of the canonical JSON of the pack as loaded (receipt.py); with X checklists, of the pack's and
    #: each checklist's digests together
    sha256: str = ""
    # not an init field: a copy (dataclasses.replace) gets a cache of its own, never the original's
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False, init=False)

    def cached(self, key: Any, build: Any, *args: Any) -> Any:
        """What ``build(*args)`` returns, built once per pack and key: everything derived from a pack at load
        time (its network, engines, verdict plans, combinations with checklists) is kept here, and only
        through this method."""
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = build(*args)
        return hit

    def peek(self, key: Any) -> Any:
        """What :meth:`cached` has built for ``key``, or None (nothing is built)."""
        return self._cache.get(key)

    @property
    def rules(self) -> list[Rule]:
        """Every rule, definitions first, in the order the file gives them."""
        return [*self.definitions, *self.scope, *self.conditions, *self.scenarios, *self.exclusions,
                *self.outcomes]

    def cited_clause_ids(self) -> set[str]:
        """Clauses some rule, list or consequence rests on (directly or as informing it)."""
        out: set[str] = set(self.condition_lists) | set(self.scenario_lists) | set(self.exclusion_lists)
        for rule in self.rules:
            out.add(rule.clause)
            out.update(rule.informed_by)
        out.update(c.clause for c in self.consequences)
        return out


# ── loading ────────────────────────────────────────────────────────────────


def _normalise(text: str) -> str:
    # Extraction noise puts line breaks inside sentences; between CJK characters they are dropped,
    # elsewhere any run of whitespace becomes one space.
    text = text.strip()
    text = re.sub(r"(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])", "", text)
    return re.sub(r"\s+", " ", text)


def normalise_text(text: str) -> str:
    """The whitespace normalisation applied to clause text (public for fidelity checks)."""
    return _normalise(text)


def load_pack(path: str | Path, vocabulary: Vocabulary | None = None) -> Pack:
    """Load and check a pack file."""
    doc = load_file(path, "pack")
    return parse_pack(doc, vocabulary)


def parse_pack(doc: Document, vocabulary: Vocabulary | None = None) -> Pack:
    from .validated import validate

    vocab = vocabulary or default_vocabulary()
    if not isinstance(doc.data, dict):
        from .textutil import type_name

        raise InputError("pack.not_mapping", doc.loc(()), got=type_name(doc.data))
    try:
        spec = validate(PackFile, doc)
    except ValidationError as exc:
        raise first_validation_error(exc, doc, PackFile) from None
    return _build(spec, doc, vocab)


def _build(spec: PackFile, doc: Document, vocab: Vocabulary) -> Pack:
    from .receipt import sha256_of

    if not _PACK_NAME.match(spec.pack):
        raise InputError("pack.bad_name", doc.loc(("pack",)), name=spec.pack)

    clauses: dict[str, Clause] = {}
    for cid, c in spec.clauses.items():
        if not CLAUSE_ID.match(cid) and c.label is None:
            raise InputError("pack.bad_clause_id", doc.loc(("clauses", cid), key=True), id=cid)
        if not c.operative and c.why is None:
            raise InputError("pack.why_missing", doc.loc(("clauses", cid), key=True), id=cid)
        if not c.text.strip():
            raise InputError("pack.empty_clause", doc.loc(("clauses", cid, "text")), id=cid)
        clauses[cid] = Clause(cid, _normalise(c.text), c.operative, c.why, c.label)

    def check_clause(cid: str, path: tuple[Any, ...], *, operative: bool = True) -> str:
        if cid not in clauses:
            raise InputError("pack.unknown_clause", doc.loc(path), id=cid,
                             hint=did_you_mean(cid, clauses))
        if operative and not clauses[cid].operative:
            raise InputError("pack.cites_non_operative", doc.loc(path), id=cid)
        return cid

    from .glossary import default_glossary

    glossary = default_glossary()
    readings = dict(glossary.readings())
    local_readings: dict[str, LocalReading] = {}
    plain = Parser(vocab, doc, readings=readings)
    for i, lr in enumerate(spec.readings):
        base = ("readings", i)
        if lr.id not in readings:
            raise InputError("pack.reading_unknown", doc.loc(base + ("id",)), name=lr.id,
                             hint=did_you_mean(lr.id, readings))
        if lr.id in local_readings:
            raise InputError("pack.reading_twice", doc.loc(base + ("id",)), name=lr.id)
        local_readings[lr.id] = LocalReading(lr.id, plain.parse(lr.when, base + ("when",)), lr.interpretation)
    readings.update({n: lr.expr for n, lr in local_readings.items()})

    for cid, c in spec.clauses.items():
        if c.covered_by is None:
            continue
        if c.operative:
            raise InputError("pack.cover_on_operative", doc.loc(("clauses", cid, "covered_by"), key=True), id=cid)
        cover = c.covered_by
        for j, target in enumerate(cover.clauses):
            if target not in clauses:
                raise InputError("pack.unknown_clause", doc.loc(("clauses", cid, "covered_by", "clauses", j)),
                                 id=target, hint=did_you_mean(target, clauses))
        clauses[cid] = Clause(cid, clauses[cid].text, False, c.why, c.label, Cover(
            tuple(cover.clauses), plain.parse(cover.when, ("clauses", cid, "covered_by", "when")),
            tuple(cover.outcome_in)))

    definition_names = [d.id for d in spec.definitions]
    parser = Parser(vocab, doc, definition_names, readings=readings, local=local_readings)
    seen_ids: dict[str, tuple[Any, ...]] = {}

    def make(kind: str, section: str, i: int, s: Any) -> Rule:
        base = (section, i)
        check_clause(s.clause, base + ("clause",))
        for j, cid in enumerate(s.informed_by):
            check_clause(cid, base + ("informed_by", j))
        rid = s.id if s.id is not None else f"{kind}.{s.clause}"
        if kind == "definition":
            rid = s.id
        if rid in seen_ids:
            raise InputError("pack.duplicate_rule", doc.loc(base), id=rid)
        seen_ids[rid] = base
        expr = parser.parse(s.when, base + ("when",))
        aside = []
        for j, sa in enumerate(s.set_aside):
            if sa.phrase not in glossary.entries:
                raise InputError("pack.set_aside_unknown", doc.loc(base + ("set_aside", j, "phrase")),
                                 name=sa.phrase, hint=did_you_mean(sa.phrase, glossary.entries))
            aside.append((sa.phrase, sa.why))
        rule = Rule(id=rid, kind=kind, clause=s.clause, expr=expr, informed_by=tuple(s.informed_by),
                    interpretation=s.interpretation, reads=tuple(expr.reads()),
                    readings=tuple(r.name for r in readings_of(expr, follow_refs=False)),
                    set_aside=tuple(aside), label=getattr(s, "label", None))
        if kind == "scope":
            rule.basis = s.basis
        if kind == "scenario":
            rule.catch_all = s.catch_all
        if kind == "outcome":
            rule.outcome = s.outcome
            rule.permitted = tuple(s.permitted or [s.outcome])
            if s.outcome not in rule.permitted:
                raise InputError("pack.outcome_not_permitted", doc.loc(base + ("permitted",)),
                                 outcome=s.outcome)
            if s.outcome == "deny":
                raise InputError("pack.outcome_deny", doc.loc(base + ("outcome",)))
        return rule

    definitions = [make("definition", "definitions", i, s) for i, s in enumerate(spec.definitions)]
    _check_acyclic(definitions, doc)

    sections = {
        "scope": [make("scope", "scope", i, s) for i, s in enumerate(spec.scope)],
        "conditions": [make("condition", "conditions", i, s) for i, s in enumerate(spec.conditions)],
        "scenarios": [make("scenario", "scenarios", i, s) for i, s in enumerate(spec.scenarios)],
        "exclusions": [make("exclusion", "exclusions", i, s) for i, s in enumerate(spec.exclusions)],
        "outcomes": [make("outcome", "outcomes", i, s) for i, s in enumerate(spec.outcomes)],
    }
    for section in ("scope", "scenarios", "outcomes"):
        if not sections[section]:
            raise InputError("pack.section_empty", doc.loc((section,)), section=section)
    last = sections["outcomes"][-1]
    if not (isinstance(last.expr, Const) and last.expr.value):
        raise InputError("pack.outcome_total", doc.loc(("outcomes", len(sections["outcomes"]) - 1)))
    for i, cid in enumerate(spec.condition_lists):
        check_clause(cid, ("condition_lists", i))
    for i, cid in enumerate(spec.scenario_lists):
        check_clause(cid, ("scenario_lists", i))
    for i, cid in enumerate(spec.exclusion_lists):
        check_clause(cid, ("exclusion_lists", i))
    if sections["exclusions"] and not spec.exclusion_lists:
        raise InputError("schema.missing", doc.loc(()), key="exclusion_lists", where="exclusion_lists")

    consequences = []
    for i, c in enumerate(spec.consequences):
        check_clause(c.clause, ("consequences", i, "clause"))
        consequences.append(Consequence(c.clause, tuple(c.outcomes),
                                        parser.parse(c.when, ("consequences", i, "when"))))

    properties = []
    for i, ps in enumerate(spec.properties):
        base = ("properties", i)
        if ps.clause is not None:
            check_clause(ps.clause, base + ("clause",))
        if (ps.outcome_in is None) == (ps.monotone is None):
            raise InputError("pack.property_form", doc.loc(base), id=ps.id)
        if ps.monotone is not None:
            fact = vocab.lookup(ps.monotone, doc.loc(base + ("monotone",)))
            if not fact.ordered and fact.type != "bool":
                raise InputError("expr.unordered", doc.loc(base + ("monotone",)), op="monotone", fact=fact.name)
        properties.append(Property(ps.id, ps.text, ps.clause, parser.parse(ps.when, base + ("when",)),
                                   tuple(ps.outcome_in) if ps.outcome_in else None, ps.monotone, ps.direction))

    chapters = []
    for i, ch in enumerate(spec.chapters):
        for key in ("first", "last"):
            check_clause(getattr(ch, key), ("chapters", i, key), operative=False)
        chapters.append(Chapter(ch.number, _normalise(ch.title), ch.first, ch.last))
    if [c.number for c in chapters] != list(range(1, len(chapters) + 1)):
        raise InputError("pack.chapter_numbers", doc.loc(("chapters",)))

    procedure = [_procedure_step(ps, ("procedure", i), doc, check_clause) for i, ps in enumerate(spec.procedure)]
    step_ids = [p.id for p in procedure]
    for i, pid in enumerate(step_ids):
        if pid in step_ids[:i]:
            raise InputError("pack.duplicate_rule", doc.loc(("procedure", i, "id")), id=pid)

    # bind every {ref: …} — in definitions, rules, consequences and properties — to its definition
    by_name = {d.id: d for d in definitions}
    for ref, _path in parser.refs:
        ref.target = by_name[ref.name].expr
    ordered = dict(sorted(clauses.items(), key=lambda kv: sort_key(kv[0]) if CLAUSE_ID.match(kv[0])
                          else (9, 0, 0, 0)))
    return Pack(
        name=spec.pack, version=spec.version, title=spec.title, issuer=spec.issuer, issued=spec.issued,
        seed=spec.seed, summary=spec.summary, clauses=ordered, definitions=definitions,
        scope=sections["scope"], conditions=sections["conditions"],
        condition_lists=list(spec.condition_lists), scenario_lists=list(spec.scenario_lists),
        scenarios=sections["scenarios"], exclusion_lists=list(spec.exclusion_lists),
        exclusions=sections["exclusions"], outcomes=sections["outcomes"], consequences=consequences,
        vocabulary=vocab, source=doc.file, sha256=sha256_of(doc.data), forms=_forms(spec, doc), properties=properties, chapters=chapters, procedure=procedure,
        local_readings=local_readings,
    )


def _forms(spec: PackFile, doc: Document) -> dict[str, FormSpec]:
    """The forms, their clauses checked and their printed words normalised as clause texts are."""
    from .formfields import FIELDS, is_field

    out = {}
    for kind, form in spec.forms.items():
        if form.clause not in spec.clauses:
            raise InputError("pack.unknown_clause", doc.loc(("forms", kind, "clause")), id=form.clause,
                             hint=did_you_mean(form.clause, spec.clauses))
        cells = [c for row in [*form.rows, *form.header] for c in row] + list(form.sections)
        for c in cells:
            if c.field is not None and not is_field(c.field):
                raise InputError("form.unknown_field", doc.loc(("forms", kind)), field=c.field,
                                 hint=did_you_mean(c.field, FIELDS), allowed=", ".join(FIELDS))
        for name in form.record_columns:
            if not is_field(name):
                raise InputError("form.unknown_field", doc.loc(("forms", kind, "record_columns")), field=name,
                                 hint=did_you_mean(name, FIELDS), allowed=", ".join(FIELDS))
        out[kind] = form.model_copy(update={
            "title": _form_text(form.title), "notes": [_form_text(n) for n in form.notes],
            "rows": [[_cell(c) for c in row] for row in form.rows],
            "header": [[_cell(c) for c in row] for row in form.header],
            "sections": [_cell(c) for c in form.sections]})
    return out


def _form_text(text: str) -> str:
    # a form's printed words keep their spacing (单 位, the blanks of 年 月 日); only runs of whitespace collapse
    return re.sub(r"\s+", " ", text.strip())


def _cell(c: FormCellSpec) -> FormCellSpec:
    return c if c.text is None else c.model_copy(update={"text": _form_text(c.text)})


def _period(spec: PeriodSpec | None, doc: Document, path: tuple[Any, ...]) -> Period | None:
    if spec is None:
        return None
    given = [(k, v) for k, v in (("working_days", spec.working_days), ("days", spec.days),
                                  ("months", spec.months)) if v is not None]
    if len(given) != 1:
        raise InputError("pack.period_form", doc.loc(path))
    return Period(*given[0])


def _procedure_step(ps: ProcedureStepSpec, base: tuple[Any, ...], doc: Document, check_clause: Any) -> ProcedureStep:
    from .events import EVENTS

    def event(name: str, path: tuple[Any, ...]) -> str:
        if name not in EVENTS:
            raise InputError("event.unknown", doc.loc(path), event=name, hint=did_you_mean(name, EVENTS),
                             allowed=", ".join(EVENTS))
        return name

    check_clause(ps.clause, base + ("clause",), operative=False)
    starts = tuple(event(e, base + ("starts", j)) for j, e in enumerate(ps.starts))
    ends = event(ps.ends, base + ("ends",)) if ps.ends is not None else None
    period = _period(ps.period, doc, base + ("period",))
    if ps.kind == "deadline" and ends is None:
        raise InputError("pack.step_form", doc.loc(base), id=ps.id, **detail("step_needs_ends"))
    if ps.kind == "duration" and (period is None or ends is not None or ps.extension is not None):
        raise InputError("pack.step_form", doc.loc(base), id=ps.id, **detail("duration_form"))
    ext = ext_event = ext_clause = None
    if ps.extension is not None:
        if period is None:
            raise InputError("pack.step_form", doc.loc(base + ("extension",)), id=ps.id,
                             **detail("no_period_to_extend"))
        ext = _period(ps.extension.period, doc, base + ("extension", "period"))
        ext_event = event(ps.extension.event, base + ("extension", "event"))
        if ps.extension.clause is not None:
            ext_clause = check_clause(ps.extension.clause, base + ("extension", "clause"), operative=False)
    return ProcedureStep(ps.id, ps.clause, ps.label, ps.kind, starts, period, ext, ext_event, ext_clause, ends,
                         ps.applies, ps.interpretation)


def _check_acyclic(definitions: list[Rule], doc: Document) -> None:
    deps = {d.id: [r[1:] for r in d.reads if r.startswith("@")] for d in definitions}
    state: dict[str, int] = {}

    def visit(name: str, stack: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = " → ".join(stack[stack.index(name):] + [name])
            index = next(i for i, d in enumerate(definitions) if d.id == name)
            raise InputError("pack.definition_cycle", doc.loc(("definitions", index)), cycle=cycle)
        state[name] = 1
        for dep in deps[name]:
            visit(dep, stack + [name])
        state[name] = 2

    for d in definitions:
        visit(d.id, [])


# ── shipped packs ──────────────────────────────────────────────────────────


def policies_dir() -> Path:
    """Where the shipped packs are: inside the installed wheel, or ``policies/`` of a source checkout."""
    inside = data_file("policies")
    if isinstance(inside, Path) and inside.is_dir():
        return inside
    return Path(__file__).resolve().parents[2] / "policies"


def shipped_pack_names() -> list[str]:
    return sorted(p.stem for p in policies_dir().glob("*.yaml"))


@cache
def _load_shipped(name: str) -> Pack:
    return load_pack(policies_dir() / f"{name}.yaml")


def get_pack(name_or_path: str | Path) -> Pack:
    """A shipped pack by name (cached per process), or a pack file by path."""
    text = str(name_or_path)
    names = shipped_pack_names()
    if text in names:
        return _load_shipped(text)
    p = Path(text)
    if p.suffix.lower() in (".yaml", ".yml", ".json") or p.exists():
        return load_pack(p)
    raise InputError("pack.unknown", Location(), name=text, hint=did_you_mean(text, names),
                     allowed=", ".join(names))


