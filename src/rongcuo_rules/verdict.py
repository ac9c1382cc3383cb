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

import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from .case import Case
from .engines.network import Derivation, Network, build_network
from .expr import base_reads
from .pack import Pack, Rule

OutcomeName = Literal["exempt", "reduce", "lighten", "deny", "undetermined"]
Value = bool | str | None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Citation(_Frozen):
    clause: str
    label: str
    text: str


class Reason(_Frozen):
    kind: Literal["scope", "condition", "scenario", "exclusion", "outcome"]
    clause: str
    rule: str
    holds: bool | None
    because: dict[str, Value]


class TraceEntry(_Frozen):
    rule: str
    clause: str
    derived: str
    read: dict[str, Value]


class ConsequenceItem(_Frozen):
    clause: str
    text: str


class Interpretation(_Frozen):
    rule: str
    note: str


class Verdict(_Frozen):
    """A verdict. ``to_json()`` gives the DESIGN §6 contract; the same input gives the same bytes."""

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

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @property
    def cited_clauses(self) -> list[str]:
        return [c.clause for c in self.citations]


# ── per-pack preparation (load-time work) ──────────────────────────────────


@dataclass
class _Plan:
    network: Network
    because: dict[str, tuple[tuple[str, Any], ...]]  # rule id → ((fact, Fact), ...)
    reads: dict[str, tuple[tuple[str, Any], ...]]  # node key → ((read key, Fact|None), ...)
    citation: dict[str, Citation]
    interpretation: dict[str, Interpretation]
    refs: dict[str, tuple[str, ...]]  # rule id → definition rule ids it uses (transitively)
    rule_order: dict[str, int]


def _plan(pack: Pack, lang: str) -> _Plan:
    key = f"verdict-plan:{lang}"
    plan = pack._cache.get(key)
    if plan is not None:
        return plan
    network = build_network(pack)
    vocab = pack.vocabulary
    because = {r.id: tuple((f, vocab.facts[f]) for f in base_reads(r.expr)) for r in pack.rules}
    reads = {n.key: tuple((k, vocab.facts.get(k)) for k in n.reads) for n in network.nodes}
    citation = {cid: Citation(clause=cid, label=c.label(lang), text=c.text) for cid, c in pack.clauses.items()}
    interpretation = {
        r.id: Interpretation(rule=r.id, note=r.interpretation.get(lang))
        for r in pack.rules if r.interpretation is not None
    }
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
    plan = _Plan(network, because, reads, citation, interpretation, refs, order)
    pack._cache[key] = plan
    return plan


def _external(fact: Any, value: Any) -> Value:
    if fact is None:  # a derived conclusion: True / False / None, or the outcome name
        return value
    return fact.decode(value)


# ── building ───────────────────────────────────────────────────────────────


def build_verdict(pack: Pack, case: Case, d: Derivation, lang: str = "zh") -> Verdict:
    plan = _plan(pack, lang)
    m = d.memory
    reasons: list[Reason] = []
    cited: list[str] = []
    unknown_rules: list[Rule] = []  # rules whose unknown value leaves the outcome undecided
    outcome = d.outcome

    def reason(kind: str, rule: Rule) -> None:
        reasons.append(Reason.model_construct(
            kind=kind, clause=rule.clause, rule=rule.id, holds=m.get(rule.id),
            because={f: fact.decode(m.get(f)) for f, fact in plan.because[rule.id]}))

    def list_reason(kind: str, clause: str, rule: str, holds: bool) -> None:
        reasons.append(Reason.model_construct(kind=kind, clause=clause, rule=rule, holds=holds, because={}))

    def cite(clause: str) -> None:
        if clause not in cited:
            cited.append(clause)

    # scope
    in_scope = m["in_scope"]
    shown = [r for r in pack.scope if m[r.id] is in_scope] if in_scope is not False else pack.scope
    for r in shown:
        reason("scope", r)
    if in_scope is False or (outcome not in ("deny", "undetermined")):
        for r in shown:
            cite(r.clause)
    if in_scope is None:
        unknown_rules.extend(r for r in pack.scope if m[r.id] is None)

    # conditions
    for r in pack.conditions:
        reason("condition", r)
    conditions = m["conditions_met"]
    if conditions is None:
        unknown_rules.extend(r for r in pack.conditions if m[r.id] is None)

    # scenarios
    scenario = m["scenario_matched"]
    matched = [r for r in pack.scenarios if m[r.id] is True]
    if matched:
        for r in matched:
            reason("scenario", r)
    elif scenario is None:
        for r in pack.scenarios:
            if m[r.id] is None:
                reason("scenario", r)
                unknown_rules.append(r)
    else:
        for clause in pack.scenario_lists:
            list_reason("scenario", clause, "scenario_matched", False)

    # exclusions
    excluded = m["excluded"]
    hits = [r for r in pack.exclusions if m[r.id] is not False]
    for r in hits:
        reason("exclusion", r)
    if excluded is None:
        unknown_rules.extend(r for r in hits if m[r.id] is None)
    if not hits and pack.exclusion_lists:
        for clause in pack.exclusion_lists:
            list_reason("exclusion", clause, "excluded", False)

    tolerated = m["tolerated"]
    grade_unknown: list[Rule] = []
    if tolerated is True:
        for g in pack.outcomes:
            if m[g.id] is True:
                break
            if m[g.id] is None:
                grade_unknown.append(g)
    chosen = d.outcome_rule
    if chosen is not None:
        reason("outcome", chosen)

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
        for g in grade_unknown:
            cite(g.clause)
    else:
        for r in pack.conditions:
            cite(r.clause)
        for r in matched:
            cite(r.clause)
        if chosen is not None:
            cite(chosen.clause)

    # missing facts: the unknown facts the undecided rules depend on
    missing: set[str] = set()
    if outcome == "undetermined":
        for r in (unknown_rules if tolerated is None else []) + grade_unknown:
            r.expr.unknowns(m, missing)
        if tolerated is None:
            # the grade could still matter once tolerance is settled
            for g in pack.outcomes:
                if m[g.id] is True:
                    break
                if m[g.id] is None:
                    g.expr.unknowns(m, missing)

    # permitted range
    if outcome == "undetermined":
        permitted: list[str] = []
    elif outcome == "deny":
        permitted = ["deny"]
    else:
        permitted = list(chosen.permitted) if chosen is not None else [outcome]

    # consequences
    consequences = []
    if outcome in ("exempt", "reduce", "lighten"):
        for c in pack.consequences:
            if outcome in c.outcomes and c.expr.fn(m) is True:
                cl = pack.clauses[c.clause]
                consequences.append(ConsequenceItem.model_construct(clause=c.clause, text=cl.text))

    # interpretations used by the rules behind the reasons
    used: list[str] = []
    for rs in reasons:
        if rs.rule in plan.refs:
            for rid in (rs.rule, *plan.refs[rs.rule]):
                if rid in plan.interpretation and rid not in used:
                    used.append(rid)
    used.sort(key=lambda rid: plan.rule_order[rid])

    # trace
    trace = []
    for key in d.fired:
        node = plan.network.by_key[key]
        value = m.get(key)
        shown_value = value if key == "outcome" else ("unknown" if value is None else str(value).lower())
        trace.append(TraceEntry.model_construct(
            rule=key, clause=node.clause, derived=f"{key}={shown_value}",
            read={k: _external(f, m.get(k)) for k, f in plan.reads[key]}))

    return Verdict.model_construct(
        pack=pack.name, pack_version=pack.version, case_id=case.id, outcome=outcome,
        permitted=permitted, in_scope=in_scope,
        citations=[plan.citation[c] for c in cited], reasons=reasons, trace=trace,
        missing_facts=sorted(missing), consequences=consequences,
        interpretations=[plan.interpretation[r] for r in used],
    )
