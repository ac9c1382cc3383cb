"""X checklists ("1+X"): domain lists that refine a parent pack's scenarios, and evaluation with them.

An X checklist is a YAML file that ``extends`` a parent pack (a shipped pack's name, or a pack file's
path relative to the checklist). Each item quotes its text verbatim, names the parent scenario clause(s)
it ``refines``, and — where the vocabulary can express it — gives an executable ``when`` condition.

Loading (:func:`load_checklist`) checks the file's shape and its expressions; whether the checklist
stays inside its parent is the linter's job (:mod:`rongcuo_rules.lint`), so a checklist with a dangling
reference still loads and the linter can report every problem at once. :func:`combine` — evaluation
with X — refuses a checklist whose references do not resolve.

Evaluation with X (:func:`combine`) adds each executable item to the parent as a scenario rule citing
the item's own clause:

* an item that refines enumerated scenarios holds where its condition **and** one of those scenarios
  hold, so an X item can never widen the parent — it only names, beside the parent scenario, the
  domain item the case matches;
* an item that (also) refines the parent's catch-all (其他经认定可以容错的情形) holds where its own
  condition holds: a checklist issued under the parent (绍兴 第九条 "细化容错情形") recognises its items
  in advance. That reading changes outcomes, so it is an ``interpretation`` every verdict using it
  discloses.
"""

from __future__ import annotations

import dataclasses

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import InputError, Location
from .expr import All, Any_, Expr, Parser, readings_of
from .textutil import did_you_mean, type_name
from .models_errors import first_validation_error
from .pack import Clause, Pack, Rule, get_pack, normalise_text, policies_dir, shipped_pack_names
from .vocabulary import Text, Vocabulary, default_vocabulary
from .wording import text
from .yamlio import Document, load_file

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ImpactLevel = Literal["none", "minor", "considerable", "severe", "major"]
AccidentLevel = Literal["none", "general", "larger", "major", "especially_major"]


class _Strict(BaseModel):
    # strict: a value of the wrong type is refused, not converted
    model_config = ConfigDict(defer_build=True, extra="forbid", strict=True)


class QuantifierSpec(_Strict):
    """What a vague quantifier (一定, 较大, 重大…) means on the vocabulary's scales: at most this level."""

    impact: ImpactLevel | None = Field(None, description="损失、负面影响的上限 / ceiling on impact.loss and impact.social")
    accident: AccidentLevel | None = Field(None, description="事故等级的上限 / ceiling on the accident scales")
    note: Text | None = None


class ItemSpec(_Strict):
    number: int = Field(ge=1, description="项号 / item number")
    marker: str | None = Field(None, description="原文的编号写法，如“1．” / the number as printed")
    text: str = Field(description="原文（逐字引用）/ verbatim text")
    refines: list[str] = Field(default_factory=list, description="细化的上位情形条款 / parent scenario clauses")
    when: Any = Field(None, description="可执行条件（能表达时）/ executable condition, where expressible")
    notes: Text | None = Field(None, description="说明，尤其是无法编码的原因 / notes, e.g. why not executable")
    interpretation: Text | None = None


class ChecklistFile(_Strict):
    """An X checklist file."""

    checklist: str = Field(description="清单名（小写）/ checklist name")
    extends: str = Field(description="上位政策包（名称或相对路径）/ the parent pack (name or relative path)")
    annex: int | None = Field(None, ge=1, description="附件序号：条目标识为 annexN.M / annex number; ids annexN.M")
    title: Text
    domain: Text
    issuer: Text
    issued: str
    seed: str | None = None
    summary: Text | None = None
    interpretation: Text | None = Field(
        None, description="细化兜底情形的条目如何适用 / how items refining the catch-all apply")
    quantifiers: dict[str, QuantifierSpec] = Field(default_factory=dict,
                                                   description="模糊量词的映射 / vague quantifiers mapped")
    items: list[ItemSpec]

    @field_validator("issued", mode="before")
    @classmethod
    def _date_to_str(cls, v: Any) -> Any:
        return v.isoformat() if isinstance(v, dt.date) else (str(v) if isinstance(v, int) else v)


@dataclass(frozen=True)
class Item:
    index: int  # position in the file's items list
    id: str  # clause id: annexN.M, or itemM
    number: int
    marker: str | None
    text: str
    refines: tuple[str, ...]
    expr: Expr | None
    notes: Text | None
    interpretation: Text | None


@dataclass(eq=False)
class Checklist:
    name: str
    extends: str
    parent: Pack | None  # None when the parent cannot be found (the linter reports it)
    annex: int | None
    title: Text
    domain: Text
    issuer: Text
    issued: str
    seed: str | None
    interpretation: Text | None
    quantifiers: dict[str, QuantifierSpec]
    items: list[Item]
    doc: Document
    parent_error: InputError | None = None
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def source(self) -> str | None:
        return self.doc.file

    def item_loc(self, item: Item, *key: str) -> Location:
        return self.doc.loc(("items", item.index, *key))


def item_id(annex: int | None, number: int) -> str:
    return f"annex{annex}.{number}" if annex is not None else f"item{number}"


def resolve_parent(extends: str, base: Path | None, shipped_only: bool = False) -> Pack:
    """The parent pack: a shipped pack by name, else (unless ``shipped_only``) a pack file relative to the
    checklist."""
    if extends in shipped_pack_names():
        return get_pack(extends)
    p = Path(extends)
    if base is not None and not p.is_absolute():
        p = base / p
    # a text from elsewhere (the HTTP service) may not name a file on this machine
    if not shipped_only and p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file():
        return get_pack(p)
    raise InputError("pack.unknown", Location(), name=extends, hint=did_you_mean(extends, shipped_pack_names()),
                     allowed=", ".join(shipped_pack_names()))


def load_checklist(path: str | Path, vocabulary: Vocabulary | None = None) -> Checklist:
    return parse_checklist(load_file(path, "checklist"), vocabulary)


def parse_checklist(doc: Document, vocabulary: Vocabulary | None = None, *, shipped_only: bool = False) -> Checklist:
    """The checklist in ``doc``. ``shipped_only``: its parent must be a shipped pack (named), never a file —
    for texts that come from a request rather than from this machine."""
    vocab = vocabulary or default_vocabulary()
    if not isinstance(doc.data, dict):
        raise InputError("checklist.not_mapping", doc.loc(()), got=type_name(doc.data))
    try:
        spec = ChecklistFile.model_validate(doc.data)
    except ValidationError as exc:
        raise first_validation_error(exc, doc, ChecklistFile) from None
    if not _NAME.match(spec.checklist):
        raise InputError("pack.bad_name", doc.loc(("checklist",)), name=spec.checklist)

    parent: Pack | None = None
    parent_error: InputError | None = None
    base = Path(doc.file).parent if doc.file else None
    try:
        parent = resolve_parent(spec.extends, base, shipped_only)
    except InputError as exc:
        if exc.code != "pack.unknown":
            raise  # the parent exists but is broken: that file's own error, with its location
        parent_error = InputError(exc.code, doc.loc(("extends",)), **exc.params)

    parser = Parser(vocab, doc, [d.id for d in parent.definitions] if parent else [], readings=_readings(parent),
                    local=parent.local_readings if parent else ())
    items = []
    for i, it in enumerate(spec.items):
        expr = None if it.when is None else parser.parse(it.when, ("items", i, "when"))
        items.append(Item(i, item_id(spec.annex, it.number), it.number, it.marker, normalise_text(it.text),
                          tuple(it.refines), expr, it.notes, it.interpretation))
    if parent is not None:
        by_name = {d.id: d for d in parent.definitions}
        for ref, _path in parser.refs:
            ref.target = by_name[ref.name].expr
    return Checklist(spec.checklist, spec.extends, parent, spec.annex, spec.title, spec.domain, spec.issuer,
                     spec.issued, spec.seed, spec.interpretation, dict(spec.quantifiers), items, doc,
                     parent_error)


# ── shipped checklists ─────────────────────────────────────────────────────


def checklists_dir() -> Path:
    return policies_dir() / "checklists"


def shipped_checklist_names(parent: str | None = None) -> list[str]:
    names = sorted(p.stem for p in checklists_dir().glob("*.yaml"))
    if parent is None:
        return names
    return [n for n in names if _load_shipped(n).extends == parent]


@cache
def _load_shipped(name: str) -> Checklist:
    return load_checklist(checklists_dir() / f"{name}.yaml")


def get_checklist(name_or_path: str | Path) -> Checklist:
    """A shipped checklist by name (cached), or a checklist file by path."""
    text = str(name_or_path)
    names = shipped_checklist_names()
    if text in names:
        return _load_shipped(text)
    p = Path(text)
    if p.suffix.lower() in (".yaml", ".yml", ".json") or p.exists():
        return load_checklist(p)
    raise InputError("checklist.unknown", Location(), name=text, hint=did_you_mean(text, names),
                     allowed=", ".join(names))


# ── evaluation with X ──────────────────────────────────────────────────────


def scenario_rules_by_clause(pack: Pack) -> dict[str, list[Rule]]:
    out: dict[str, list[Rule]] = {}
    for r in pack.scenarios:
        out.setdefault(r.clause, []).append(r)
    return out


def _readings(parent: Pack | None) -> dict[str, Expr]:
    """What ``{reading: …}`` may name in a checklist: the glossary's readings, as its parent reads them."""
    from .glossary import default_glossary

    out = dict(default_glossary().readings())
    if parent is not None:
        out.update({n: r.expr for n, r in parent.local_readings.items()})
    return out


def combine(pack: Pack, checklists: list[Checklist]) -> Pack:
    """The pack with the checklists' items added as scenario rules (see the module docstring).

    Refuses (InputError) a checklist that extends another pack or whose items refine clauses that are
    not the parent's scenarios; run ``rongcuo lint`` for the full list of problems.
    """
    if not checklists:
        return pack
    # keyed by what the checklists say, not by the objects: a checklist loaded again from its file is the
    # same combination (an object key grew the pack's cache on every call)
    key = ("combined", tuple(_fingerprint(c) for c in checklists))
    return pack.cached(key, _combine, pack, checklists)


def _fingerprint(checklist: Checklist) -> str:
    import hashlib
    import json

    text = json.dumps(checklist.doc.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{checklist.name}\0{checklist.source}\0{text}".encode()).hexdigest()


def _combine(pack: Pack, checklists: list[Checklist]) -> Pack:
    clauses: dict[str, Clause] = dict(pack.clauses)
    scenarios = list(pack.scenarios)
    by_clause = scenario_rules_by_clause(pack)
    seen_rules = {r.id for r in pack.rules}
    for cl in checklists:
        if cl.parent is not pack and (cl.parent is None or cl.parent.name != pack.name):
            raise InputError("checklist.other_parent", cl.doc.loc(("extends",)), checklist=cl.name,
                             parent=cl.extends, pack=pack.name)
        for item in cl.items:
            loc = cl.item_loc(item)
            if item.id in clauses:
                raise InputError("checklist.id_clash", loc, id=item.id, checklist=cl.name)
            for j, cid in enumerate(item.refines):
                if cid not in by_clause:
                    raise InputError("checklist.not_scenario", cl.doc.loc(("items", item.index, "refines", j)),
                                     id=cid, hint=did_you_mean(cid, by_clause))
            executable = item.expr is not None and bool(item.refines)
            why = None if executable else Text(zh=text("checklist.not_executable", "zh"),
                                               en=text("checklist.not_executable", "en"))
            clauses[item.id] = Clause(item.id, item.text, executable, why)
            if not executable:
                continue
            assert item.expr is not None
            refined = [r for cid in item.refines for r in by_clause[cid]]
            extends_catch_all = any(r.catch_all for r in refined)
            if extends_catch_all:
                expr: Expr = item.expr
                note = item.interpretation or cl.interpretation or Text(
                    zh=text("checklist.catch_all_reading", "zh").format(title=cl.title.zh),
                    en=text("checklist.catch_all_reading", "en").format(title=cl.title.en))
            else:
                expr = All([item.expr, refined[0].expr if len(refined) == 1 else Any_([r.expr for r in refined])])
                note = item.interpretation
            rid = f"scenario.{item.id}"
            if rid in seen_rules:
                raise InputError("checklist.id_clash", loc, id=item.id, checklist=cl.name)
            seen_rules.add(rid)
            scenarios.append(Rule(id=rid, kind="scenario", clause=item.id, expr=expr, interpretation=note,
                                  reads=tuple(expr.reads()), refines=item.refines, checklist=cl.name,
                                  readings=tuple(r.name for r in readings_of(item.expr, follow_refs=False))))
    # every other part of the pack (procedure, properties, chapters, local readings …) is the parent's own
    from .receipt import sha256_of

    # the receipt's digest of what was evaluated: the pack and each checklist as loaded, in order
    digest = sha256_of([pack.sha256, *(sha256_of(c.doc.data) for c in checklists)])
    return dataclasses.replace(pack, clauses=clauses, scenarios=scenarios,
                               checklists=tuple(c.name for c in checklists), sha256=digest)

