"""The rule network of a pack: what every engine derives, and in which dependencies.

A pack compiles (once, at load) into nodes. Each node is a rule that reads facts or earlier conclusions
and derives one conclusion in three-valued logic:

* ``@name``            a definition;
* ``<rule id>``        whether a scope / condition / scenario / exclusion / outcome rule holds;
* ``in_scope``         any scope rule holds;
* ``conditions_met``   every condition holds;
* ``scenario_matched`` some scenario holds;
* ``excluded``         some exclusion holds;
* ``tolerated``        in scope, conditions met, a scenario matched, and not excluded;
* ``outcome``          for a tolerated case the first outcome rule that holds; ``deny`` when not
                       tolerated; ``undetermined`` when an unknown fact decides it.

Engines differ only in how they fire these rules to a fixpoint; both return a :class:`Derivation`, and
the verdict is built from it by one piece of code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..expr import Evaluator
from ..pack import Pack, Rule

Tri = bool | None

AGGREGATES = ("in_scope", "conditions_met", "scenario_matched", "excluded")
#: group name → (rule kind it collects, connective, clause fallback attribute)
GROUPS = {
    "in_scope": ("scope", "any"),
    "conditions_met": ("condition", "all"),
    "scenario_matched": ("scenario", "any"),
    "excluded": ("exclusion", "any"),
}


# Values are only True, False and None, so membership tests (C-level, identity first) are exact.


def kleene_all(values: Sequence[Tri]) -> Tri:
    if False in values:
        return False
    return None if None in values else True


def kleene_any(values: Sequence[Tri]) -> Tri:
    if True in values:
        return True
    return None if None in values else False


def kleene_tolerated(in_scope: Tri, conditions: Tri, scenario: Tri, excluded: Tri) -> Tri:
    return kleene_all((in_scope, conditions, scenario, None if excluded is None else not excluded))


def choose_outcome(tolerated: Tri, grades: Sequence[tuple[Rule, Tri]]) -> tuple[str, Rule | None]:
    """The outcome and the outcome rule chosen (first that holds; unknown before it → undetermined)."""
    if tolerated is False:
        return "deny", None
    if tolerated is None:
        return "undetermined", None
    for rule, value in grades:
        if value is True:
            return rule.outcome or "undetermined", rule
        if value is None:
            return "undetermined", None
    raise AssertionError("the last outcome rule always holds")  # enforced at pack load


@dataclass(eq=False)
class Node:
    """One rule of the network. ``key`` is what it derives; ``reads`` the memory keys it reads."""

    key: str
    clause: str
    kind: str  # definition | scope | condition | scenario | exclusion | outcome | aggregate | tolerated | result
    reads: tuple[str, ...]
    rule: Rule | None = None
    members: tuple[str, ...] = ()  # aggregate nodes: the rule ids they combine
    evaluate: Evaluator | None = None  # element nodes: the compiled condition


@dataclass
class Derivation:
    """What an engine derived for one case: working memory after the fixpoint, and the firing order."""

    memory: dict[str, Any]
    fired: list[str]
    outcome: str
    outcome_rule: Rule | None
    engine: str


@dataclass(eq=False)
class Network:
    pack: Pack
    nodes: list[Node]
    by_key: dict[str, Node]
    groups: dict[str, list[Rule]]
    derived_keys: tuple[str, ...] = field(default=())
    #: every conclusion, unknown: with a case's memory (every fact) it makes a complete working memory
    blank: dict[str, None] = field(default_factory=dict)


def _group_clause(pack: Pack, group: str, rules: list[Rule]) -> str:
    if group == "scenario_matched" and pack.scenario_lists:
        return pack.scenario_lists[0]
    if group == "excluded" and pack.exclusion_lists:
        return pack.exclusion_lists[0]
    if rules:
        return rules[0].clause.split(".")[0]
    return ""


def build_network(pack: Pack) -> Network:
    """Compile ``pack`` into its network (cached on the pack: this is load-time work)."""
    cached = pack._cache.get("network")
    if cached is not None:
        return cached
    nodes: list[Node] = []
    # Definitions first, in dependency order (the loader has ruled out cycles).
    done: set[str] = set()
    pending = list(pack.definitions)
    while pending:
        for d in list(pending):
            deps = {r for r in d.reads if r.startswith("@")}
            if deps <= done:
                nodes.append(Node(d.derived_key, d.clause, "definition", d.reads, d, evaluate=d.expr.fn))
                done.add(d.derived_key)
                pending.remove(d)
    for rule in [*pack.scope, *pack.conditions, *pack.scenarios, *pack.exclusions, *pack.outcomes]:
        nodes.append(Node(rule.id, rule.clause, rule.kind, rule.reads, rule, evaluate=rule.expr.fn))
    groups: dict[str, list[Rule]] = {
        "in_scope": pack.scope, "conditions_met": pack.conditions,
        "scenario_matched": pack.scenarios, "excluded": pack.exclusions,
    }
    for name, rules in groups.items():
        members = tuple(r.id for r in rules)
        nodes.append(Node(name, _group_clause(pack, name, rules), "aggregate", members, members=members))
    nodes.append(Node("tolerated", pack.outcomes[0].clause, "tolerated", AGGREGATES))
    grade_ids = tuple(r.id for r in pack.outcomes)
    nodes.append(Node("outcome", pack.outcomes[0].clause, "result", ("tolerated", *grade_ids),
                      members=grade_ids))
    # every conclusion unknown until derived; every fact a case gives is in its own memory already
    blank = dict.fromkeys(n.key for n in nodes)
    network = Network(pack, nodes, {n.key: n for n in nodes}, groups, tuple(n.key for n in nodes), blank)
    pack._cache["network"] = network
    return network
