"""Verdicts: the explained result of evaluating one case under one pack (DESIGN.md §6).

:func:`build_verdict` turns an engine's :class:`~rongcuo_rules.engines.network.Derivation` into a
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
from operator import itemgetter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .case import Case
from .engines.network import Derivation, Network, build_network
from .expr import base_reads
from .pack import Pack, Rule

OutcomeName = Literal["exempt", "reduce", "lighten", "deny", "undetermined"]
Value = bool | str | None


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict that refuses changes: interned trace entries and reasons are shared between verdicts."""

    __slots__ = ()

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("verdict contents are read-only")

    __setitem__ = __delitem__ = update = pop = popitem = clear = setdefault = __ior__ = _read_only  # type: ignore


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


class Verdict(BaseModel):
    """A verdict. ``to_json()`` gives the DESIGN §6 contract; the same input gives the same bytes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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
    #: facts the case did not give that the vocabulary's constraints entail (an addition to DESIGN §6)
    implied_facts: list[ImpliedFact] = []
    #: X checklists evaluated with the pack, and the items the case matches (additions to DESIGN §6)
    checklists: list[str] = []
    refinements: list[Refinement] = []

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

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
_VERDICT_FIELDS = frozenset(Verdict.model_fields)


# ── per-pack preparation (load-time work) ──────────────────────────────────


_MAX_INTERNED = 4096  # per rule: distinct (facts read, value) combinations kept for reuse


class _Interner:
    """Shares equal immutable items (trace entries, reasons) between verdicts.

    A rule's conclusion is a function of the values it reads, so an item is keyed by those values alone —
    one C-level ``itemgetter`` call on the working memory. A recurring combination then costs a dict
    lookup instead of a new object and dict.
    """

    __slots__ = ("getter", "cache", "build")

    def __init__(self, keys: tuple[str, ...], build: Any) -> None:
        if not keys:
            self.getter: Any = lambda m: ()
        elif len(keys) == 1:
            only = keys[0]
            self.getter = lambda m: (m[only],)
        else:
            self.getter = itemgetter(*keys)
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
    because: dict[str, tuple[tuple[str, dict[Any, Value]], ...]]  # rule id → ((fact, decode), ...)
    # node key → (clause, ((read key, decode), ...), {value: "key=value"})
    steps: dict[str, tuple[str, tuple[tuple[str, dict[Any, Value]], ...], dict[Any, str]]]
    blank: dict[str, None]  # every key any rule reads, unknown — the base of a full working memory
    trace_items: dict[str, _Interner]
    trace_order: list[str]  # the network's order, in which both engines report their firings
    trace_getters: tuple[Any, ...]
    trace_caches: tuple[dict[Any, Any], ...]
    no_scenario: list[Reason]  # the constant reasons "no listed scenario matches" / "no exclusion applies"
    no_exclusion: list[Reason]
    signature: Any  # memory → the three-valued result of every element rule
    skeletons: dict[Any, Any]
    reason_items: dict[tuple[str, str], _Interner]
    citation: dict[str, Citation]
    interpretation: dict[str, Interpretation]
    reading_uses: dict[str, tuple[ReadingUse, ...]]  # rule id → the readings its own condition uses
    refs: dict[str, tuple[str, ...]]  # rule id → definition rule ids it uses (transitively)
    rule_order: dict[str, int]


def _plan(pack: Pack, lang: str) -> _Plan:
    key = ("verdict-plan", lang)
    plan = pack._cache.get(key)
    if plan is not None:
        return plan
    network = build_network(pack)
    vocab = pack.vocabulary
    because = {r.id: tuple((f, _decoder(vocab.facts[f])) for f in base_reads(r.expr)) for r in pack.rules}
    steps = {
        n.key: (n.clause, tuple((k, _decoder(vocab.facts.get(k))) for k in n.reads),
                {v: f"{n.key}={'unknown' if v is None else str(v).lower()}" for v in (True, False, None)})
        for n in network.nodes
    }
    citation = {cid: Citation(cid, c.label(lang), c.text) for cid, c in pack.clauses.items()}
    interpretation = {
        r.id: Interpretation(r.id, r.interpretation.get(lang))
        for r in pack.rules if r.interpretation is not None
    }
    from .glossary import default_glossary

    glossary = default_glossary()

    def reading_use(rule: Rule, name: str) -> ReadingUse:
        local = pack.local_readings.get(name)
        if local is not None:
            return ReadingUse(name, rule.id, local.interpretation.get(lang), True)
        return ReadingUse(name, rule.id, glossary.entries[name].note.get(lang))

    reading_uses = {r.id: tuple(reading_use(r, n) for n in r.readings) for r in pack.rules if r.readings}
    defs = {d.id: d for d in pack.definitions}

    def uses(rule: Rule, seen: tuple[str, ...] = ()) -> tuple[str, ...]:
        out: list[str] = []
        for k in rule.reads:
            if k.startswith("@") and k[1:] not in seen:
                out.append(k[1:])
                out.extend(uses(defs[k[1:]], seen + (k[1:],)))
        return tuple(dict.fromkeys(out))

    refs = {r.id: uses(r) for r in pack.rules}
    order = {r.id: i for i, r in enumerate(pack.rules)}
    blank = network.blank

    def trace_builder(key: str) -> Any:
        clause, reads, derived = steps[key]

        def build(m: dict[str, Any], value: Any) -> TraceEntry:
            shown = f"outcome={value}" if key == "outcome" else derived[value]
            return TraceEntry(key, clause, shown, FrozenDict({k: dec[m[k]] for k, dec in reads}))

        return build

    def reason_builder(kind: str, rule: Rule) -> Any:
        facts = because[rule.id]

        def build(m: dict[str, Any], value: Any) -> Reason:
            return Reason(kind, rule.clause, rule.id, value, FrozenDict({f: dec[m[f]] for f, dec in facts}))

        return build

    trace_items = {k: _Interner(tuple(r for r, _ in steps[k][1]), trace_builder(k)) for k in steps}
    reason_items = {
        (kind, r.id): _Interner(tuple(f for f, _ in because[r.id]), reason_builder(kind, r))
        for kind, rules in (("scope", pack.scope), ("condition", pack.conditions), ("scenario", pack.scenarios),
                            ("exclusion", pack.exclusions), ("outcome", pack.outcomes))
        for r in rules
    }
    trace_order = [n.key for n in network.nodes]
    getters = tuple(trace_items[k].getter for k in trace_order)
    caches = tuple(trace_items[k].cache for k in trace_order)
    no_scenario = [Reason("scenario", c, "scenario_matched", False, FrozenDict()) for c in pack.scenario_lists]
    no_exclusion = [Reason("exclusion", c, "excluded", False, FrozenDict()) for c in pack.exclusion_lists]
    plan = _Plan(network, because, steps, blank, trace_items, trace_order, getters, caches, no_scenario,
                 no_exclusion, itemgetter(*[r.id for r in pack.rules if r.kind != "definition"]), {},
                 reason_items, citation, interpretation, reading_uses, refs, order)
    pack._cache[key] = plan
    return plan


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
    citations: list[Citation]
    permitted: list[str]
    interpretations: list[Interpretation]
    readings: list[ReadingUse]
    undecided: tuple[Rule, ...]  # rules whose unknown facts are the missing facts
    refinements: list[Refinement]


def _no_reads(memory: dict[str, Any]) -> tuple[()]:
    return ()


def _skeleton(pack: Pack, plan: _Plan, m: dict[str, Any], d: Derivation) -> _Skeleton:
    slots: list[Any] = []  # (kind, rule) for an interned reason, or a constant Reason
    cited: list[str] = []
    unknown_rules: list[Rule] = []  # rules whose unknown value leaves the outcome undecided
    outcome = d.outcome

    def cite(clause: str) -> None:
        if clause not in cited:
            cited.append(clause)

    # scope
    in_scope = m["in_scope"]
    shown = [r for r in pack.scope if m[r.id] is in_scope] if in_scope is not False else pack.scope
    slots.extend(("scope", r) for r in shown)
    if in_scope is False or (outcome not in ("deny", "undetermined")):
        for r in shown:
            cite(r.clause)
    if in_scope is None:
        unknown_rules.extend(r for r in pack.scope if m[r.id] is None)

    # conditions (all shown)
    slots.extend(("condition", r) for r in pack.conditions)
    if m["conditions_met"] is None:
        unknown_rules.extend(r for r in pack.conditions if m[r.id] is None)

    # scenarios
    scenario = m["scenario_matched"]
    matched = [r for r in pack.scenarios if m[r.id] is True]
    if matched:
        slots.extend(("scenario", r) for r in matched)
    elif scenario is None:
        for r in pack.scenarios:
            if m[r.id] is None:
                slots.append(("scenario", r))
                unknown_rules.append(r)
    else:
        slots.extend(plan.no_scenario)

    # exclusions
    hits = [r for r in pack.exclusions if m[r.id] is not False]
    slots.extend(("exclusion", r) for r in hits)
    if m["excluded"] is None:
        unknown_rules.extend(r for r in hits if m[r.id] is None)
    if not hits:
        slots.extend(plan.no_exclusion)

    tolerated = m["tolerated"]
    grade_unknown: list[Rule] = []
    if tolerated is not False:
        for g in pack.outcomes:
            if m[g.id] is True:
                break
            if m[g.id] is None:
                grade_unknown.append(g)
    chosen = d.outcome_rule
    if chosen is not None:
        slots.append(("outcome", chosen))

    # citations
    if outcome == "deny":
        if in_scope is False:
            for r in pack.scope:
                cite(r.clause)
        for r in pack.conditions:
            if m[r.id] is False:
                cite(r.clause)
        if scenario is False:
            for clause in pack.scenario_lists:
                cite(clause)
        for r in pack.exclusions:
            if m[r.id] is True:
                cite(r.clause)
    elif outcome == "undetermined":
        if tolerated is None:
            for r in unknown_rules:
                cite(r.clause)
        if tolerated is True:
            for g in grade_unknown:
                cite(g.clause)
    else:
        for r in pack.conditions:
            cite(r.clause)
        for r in matched:
            cite(r.clause)
        if chosen is not None:
            cite(chosen.clause)

    # undecided rules: their unknown facts are the missing facts (the grade could still matter once
    # tolerance is settled, so unknown grades count while tolerance is open too)
    undecided: tuple[Rule, ...] = ()
    if outcome == "undetermined":
        undecided = tuple((unknown_rules if tolerated is None else []) + grade_unknown)

    # permitted range
    if outcome == "undetermined":
        permitted: list[str] = []
    elif outcome == "deny":
        permitted = ["deny"]
    else:
        permitted = list(chosen.permitted) if chosen is not None else [outcome]

    # interpretations used by the rules behind the reasons
    rule_ids = [slot[1].id if isinstance(slot, tuple) else slot.rule for slot in slots]
    ids: list[str] = []
    using: list[str] = []  # rules (and definitions they use) whose conditions use glossary readings
    for rid in rule_ids:
        for rule_id in (rid, *plan.refs.get(rid, ())):
            if rule_id in plan.interpretation and rule_id not in ids:
                ids.append(rule_id)
            if rule_id in plan.reading_uses and rule_id not in using:
                using.append(rule_id)
    ids.sort(key=lambda rid: plan.rule_order[rid])
    using.sort(key=lambda rid: plan.rule_order[rid])

    getters, caches, kept = [], [], []
    for slot in slots:
        if isinstance(slot, tuple):
            interner = plan.reason_items[slot[0], slot[1].id]
            getters.append(interner.getter)
            caches.append(interner.cache)
        else:  # a constant reason
            getters.append(_no_reads)
            caches.append({(): slot})
        kept.append(slot)
    refinements = []
    for r in matched:
        if r.checklist is None:
            continue
        holding = [c for c in r.refines
                   if any(m[p.id] is True for p in pack.scenarios if p.clause == c and p.checklist is None)]
        if not holding:
            holding = [c for c in r.refines
                       if any(p.catch_all for p in pack.scenarios if p.clause == c and p.checklist is None)]
        refinements.append(Refinement(r.clause, r.checklist, list(r.refines), holding))
    return _Skeleton(tuple(getters), tuple(caches), tuple(kept), [plan.citation[c] for c in cited], permitted,
                     [plan.interpretation[r] for r in ids], [u for r in using for u in plan.reading_uses[r]],
                     undecided, refinements)


def build_verdict(pack: Pack, case: Case, d: Derivation, lang: str = "zh") -> Verdict:
    plan = _plan(pack, lang)
    m = d.memory  # complete: every fact and conclusion
    outcome = d.outcome

    signature = plan.signature(m)
    sk = plan.skeletons.get(signature)
    if sk is None:
        sk = _skeleton(pack, plan, m, d)
        if len(plan.skeletons) < _MAX_INTERNED:
            plan.skeletons[signature] = sk

    # reasons: interned items looked up in one C-level pass; misses are built
    reasons = list(map(dict.get, sk.caches, [g(m) for g in sk.getters]))
    if not all(reasons):  # (`None in reasons` would call each item's __eq__)
        reasons = [x if x is not None else plan.reason_items[slot[0], slot[1].id].get(m, m[slot[1].id])
                   for x, slot in zip(reasons, sk.slots)]

    # missing facts: the unknown facts the undecided rules depend on
    missing: set[str] = set()
    for r in sk.undecided:
        r.expr.unknowns(m, missing)

    # consequences (their conditions may read facts beyond the signature)
    consequences = []
    if outcome in ("exempt", "reduce", "lighten"):
        for c in pack.consequences:
            if outcome in c.outcomes and c.expr.fn(m) is True:
                consequences.append(ConsequenceItem(c.clause, pack.clauses[c.clause].text))

    # trace: one C-level pass looks every firing up among the interned entries; misses are built
    if d.fired == plan.trace_order:
        trace = list(map(dict.get, plan.trace_caches, [g(m) for g in plan.trace_getters]))
        if not all(trace):
            items = plan.trace_items
            trace = [t if t is not None else items[k].get(m, m[k]) for t, k in zip(trace, plan.trace_order)]
    else:  # pragma: no cover - both engines report firings in network order
        trace = [plan.trace_items[key].get(m, m[key]) for key in d.fired]

    return Verdict._assemble({
        "pack": pack.name, "pack_version": pack.version, "case_id": case.id, "outcome": outcome,
        "permitted": list(sk.permitted), "in_scope": m["in_scope"],
        "citations": list(sk.citations), "reasons": reasons, "trace": trace,
        "missing_facts": sorted(missing), "consequences": consequences,
        "interpretations": list(sk.interpretations),
        "readings": list(sk.readings),
        "implied_facts": [ImpliedFact(n, v, c) for n, (v, c) in case.implied.items()] if case.implied else [],
        "checklists": list(pack.checklists) if pack.checklists else [],
        "refinements": list(sk.refinements) if sk.refinements else [],
    })
