"""抚州's logic written by hand in plain Python: the practical speed ceiling for the benchmark.

It computes what the core of a verdict holds — the outcome and the cited clauses, in the same order —
with the same three-valued logic, directly as if-checks over the case's working memory. bench.py checks
it agrees with the engine on every generated case before timing anything.
"""

from __future__ import annotations

from typing import Any

from rongcuo_rules.vocabulary import default_vocabulary

_V = default_vocabulary()


def _c(fact: str, value: str) -> int:
    return _V.facts[fact].encode(value)


INDIVIDUAL = _c("subject.kind", "individual")
DIRECT_ORGS = frozenset(_c("subject.org_type", o) for o in (
    "party_organ", "people_congress", "government", "cppcc", "court", "procuratorate", "democratic_party",
    "people_organization"))
REFERENCE_ORGS = frozenset(_c("subject.org_type", o) for o in ("state_owned_enterprise", "village_committee"))
POSITIONS = frozenset(_c("subject.position", p) for p in (
    "unit_leadership", "section_level", "staff", "contract_staff"))
NONE, MINOR, CONSIDERABLE, SEVERE, MAJOR = 0, 1, 2, 3, 4
PARTIAL, FULL = 1, 2
ACC_MAJOR = 3
TOLERATED_HEAD = ["art16", "art4.1", "art4.2", "art4.3", "art4.4", "art4.5", "art4.6"]
SCENARIO_LISTS = ["art5", "art6", "art7", "art8"]


def _and(*values: Any) -> Any:
    if False in values:
        return False
    return None if None in values else True


def _or(*values: Any) -> Any:
    if True in values:
        return True
    return None if None in values else False


def _eq(x: Any, c: Any) -> Any:
    return None if x is None else x == c


def _ge(x: Any, c: int) -> Any:
    return None if x is None else x >= c


def _lt(x: Any, c: int) -> Any:
    return None if x is None else x < c


def _le(x: Any, c: int) -> Any:
    return None if x is None else x <= c


def fuzhou(m: dict[str, Any]) -> tuple[str, list[str]]:
    g = m.get
    kind, org, pos = g("subject.kind"), g("subject.org_type"), g("subject.position")
    loss, social, level = g("impact.loss"), g("impact.social"), g("remediation.level")
    individual = _eq(kind, INDIVIDUAL)
    scope = _or(_and(individual, None if org is None else org in DIRECT_ORGS,
                     None if pos is None else pos in POSITIONS),
                _and(individual, None if org is None else org in REFERENCE_ORGS))

    private_gain = g("conduct.private_gain")
    # the glossary's 挽回损失: not concealed, and at least partly recovered (or nothing to recover)
    recovered = _and(not m["remediation.concealed"], _or(_ge(level, PARTIAL), _and(_eq(loss, NONE), _eq(social, NONE))))
    conditions = [
        ("art4.1", _eq(g("conduct.prohibited_by_law"), False)),
        ("art4.2", _eq(g("conduct.consistent_with_policy"), True)),
        ("art4.3", _eq(g("conduct.benefits_development"), True)),
        ("art4.4", _eq(g("procedure.collective_decision"), True)),
        ("art4.5", _eq(private_gain, False)),
        ("art4.6", recovered),
    ]
    implementing = m["context.implementing_decisions"]
    scenarios = [
        ("art5.1", _and(implementing, _eq(private_gain, False), recovered)),
        ("art5.2", implementing or m["context.key_task"]),
        ("art5.3", _and(implementing, m["context.false_accusation"], _lt(loss, SEVERE), _lt(social, SEVERE))),
        ("art5.4", m["context.self_raised_target"] and m["context.target_not_met"]),
        ("art6.1", m["context.innovation_strategy"] and (m["context.policy_changed"] or m["context.unforeseeable"])
         and m["context.target_not_met"]),
        ("art6.2", _and(m["context.key_task"] or m["context.stability_petition"],
                        m["context.unconventional_measures"], _lt(loss, MAJOR), _lt(social, MAJOR))),
        ("art6.3", m["context.public_infrastructure"] and (m["context.reform_pilot"] or m["context.policy_unclear"])),
        ("art6.4", m["context.livelihood"]),
        ("art7.1", _and(m["context.emergency"], recovered)),
        ("art7.2", m["context.emergency"]),
        ("art8.1", _and(m["context.approval_reform"], _eq(g("conduct.public_motive"), True),
                        m["context.unconventional_measures"], _le(social, MINOR), _eq(level, FULL))),
        ("art8.2", m["context.enterprise_service"] and m["context.approval_reform"]),
        ("art8.3", _and(m["context.reform_pilot"],
                        _or(_eq(g("conduct.prohibited_by_law"), False), m["context.policy_unclear"]),
                        _eq(g("procedure.collective_decision"), True))),
        ("art8.4", m["context.rule_of_the_time"]),
    ]
    harms = m["conduct.harms_public_interest"]
    exclusions = [
        ("art9.1", m["conduct.knowing_violation"] or m["conduct.defied_superior_ban"]),
        ("art9.2", m["impact.accident_safety"] >= ACC_MAJOR or m["impact.accident_food_drug"] >= ACC_MAJOR
         or m["impact.accident_environment"] >= ACC_MAJOR),
        ("art9.3", m["impact.mass_incident"] >= ACC_MAJOR or m["impact.escalated"]),
        ("art9.4", _and(m["conduct.dereliction"], _or(harms, _ge(loss, MAJOR), _ge(social, SEVERE)))),
        ("art9.5", m["conduct.vanity_project"]),
        ("art9.6", m["conduct.raised_barriers"]),
        ("art9.7", _eq(private_gain, True)),
        ("art9.8", _and(_or(_eq(g("procedure.risk_assessed"), False), m["procedure.statutory_bypass"]),
                        _or(_ge(loss, MAJOR), harms))),
        ("art9.9", m["history.repeated_error_same_issue"] or m["history.prior_tolerance_same_issue"]),
    ]
    cond = _and(*(v for _, v in conditions))
    matched = [c for c, v in scenarios if v is True]
    scen = True if matched else (None if any(v is None for _, v in scenarios) else False)
    excl = _or(*(v for _, v in exclusions))
    tolerated = _and(scope, cond, scen, None if excl is None else not excl)

    if tolerated is True:
        return "exempt", TOLERATED_HEAD + matched + ["art12"]
    if tolerated is False:
        cites = ["art16"] if scope is False else []
        cites += [c for c, v in conditions if v is False]
        if scen is False:
            cites += SCENARIO_LISTS
        cites += [c for c, v in exclusions if v is True]
        return "deny", cites
    cites = ["art16"] if scope is None else []
    if cond is None:
        cites += [c for c, v in conditions if v is None]
    if scen is None:
        cites += [c for c, v in scenarios if v is None]
    if excl is None:
        cites += [c for c, v in exclusions if v is None]
    return "undetermined", list(dict.fromkeys(cites))
