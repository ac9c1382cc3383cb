"""What a pack means — in one place, read by every backend.

A measure's bones (DESIGN.md §1) combine the same way in every pack:

* the case is **in scope** when *any* scope rule holds;
* its **conditions are met** when *all* condition rules hold;
* a **scenario matched** when *any* scenario rule holds (X-checklist items are scenario rules too);
* it is **excluded** when *any* exclusion rule holds;
* it is **tolerated** when in scope, conditions met, a scenario matched and not excluded — each of these
  four *groups* has the value tolerance requires of it (:attr:`Group.required`);
* a tolerated case's **outcome** is that of the first outcome rule (*grade*) that holds, with the range of
  outcomes its text grants; an unknown grade before it leaves the outcome undetermined; a case that is not
  tolerated is denied, and one whose tolerance an unknown fact decides is undetermined.

:class:`Network` holds that description, built once per pack (:func:`network`): the definitions in
dependency order, the four typed :class:`Group` s with their connective and members, and the grades. The
native engine, the durable_rules compiler, the decision-diagram builder (:mod:`rongcuo_rules.boolean`), the
verdict's explanation (:mod:`rongcuo_rules.verdict`) and the lint analysis read it; none restates the
semantics. The outcomes, each with its rank and whether it tolerates, are :mod:`rongcuo_rules.outcomes`.

Values are three-valued (Kleene): ``True``, ``False`` and ``None`` (unknown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal

from .expr import Evaluator
from .pack import Pack, Rule

Tri = bool | None
Connective = Literal["any", "all"]


# ── Kleene connectives ───────────────────────────────────────────────────────
# Values are only True, False and None, so membership tests (C-level, identity first) are exact.


def kleene_all(values: Sequence[Tri]) -> Tri:
    if False in values:
        return False
    return None if None in values else True


def kleene_any(values: Sequence[Tri]) -> Tri:
    if True in values:
        return True
    return None if None in values else False


COMBINE = {"all": kleene_all, "any": kleene_any}


# ── the network ──────────────────────────────────────────────────────────────


@dataclass(frozen=True, eq=False)
class Group:
    """One of the four groups of rules whose combined value decides tolerance.

    ``connective`` combines the members' values; tolerance requires the combined value to be
    ``required`` (exclusions: ``False``). ``lists`` are the clauses that enumerate the members (cited, and
    shown as one reason, when no member supports tolerance: "no listed scenario matches").
    ``show_all``: every member is shown among a verdict's reasons (conditions), not only those that
    gave the group its value."""

    key: str  # in_scope | conditions_met | scenario_matched | excluded
    kind: str  # the rule kind it collects
    connective: Connective
    required: bool
    rules: tuple[Rule, ...]
    lists: tuple[str, ...] = ()
    show_all: bool = False

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)

    def combine(self, values: Sequence[Tri]) -> Tri:
        return COMBINE[self.connective](values)

    def supports(self, value: Tri) -> Tri:
        """Whether the group's combined ``value`` is what tolerance requires (three-valued)."""
        return None if value is None else value is self.required


@dataclass(eq=False)
class Node:
    """One rule of the network an engine fires. ``key`` is what it derives; ``reads`` the memory keys it
    reads. Element nodes (a definition or a rule) carry the compiled condition; group nodes the group."""

    key: str
    clause: str
    kind: str  # definition | scope | condition | scenario | exclusion | outcome | aggregate | tolerated | result
    reads: tuple[str, ...]
    rule: Rule | None = None
    group: Group | None = None
    members: tuple[str, ...] = ()
    evaluate: Evaluator | None = None


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
    definitions: tuple[Rule, ...]  # in dependency order
    groups: tuple[Group, ...]  # in_scope, conditions_met, scenario_matched, excluded
    grades: tuple[Rule, ...]  # the outcome rules, in order; the last always holds
    nodes: list[Node]  # what an engine fires, in an order that respects every dependency
    derived_keys: tuple[str, ...] = ()
    #: every conclusion, unknown: with a case's memory (every fact) it makes a complete working memory
    blank: dict[str, None] = field(default_factory=dict)

    def group(self, key: str) -> Group:
        return next(g for g in self.groups if g.key == key)

    def tolerated(self, values: Mapping[str, Tri]) -> Tri:
        """Tolerance from the groups' combined values (by group key): every group supports it."""
        return self._tolerance(values)

    def tolerance_function(self) -> Any:
        """:meth:`tolerated` as a plain function of the values (for an engine's hot path)."""
        return self._tolerance

    def __post_init__(self) -> None:
        # compiled once from the groups (a hot path): the values of the groups tolerance requires to hold,
        # then the negated values of those it requires not to
        holds = [g.key for g in self.groups if g.required]
        fails = [g.key for g in self.groups if not g.required]
        get = itemgetter(*holds) if len(holds) > 1 else (lambda m: (m[holds[0]],))

        def tolerance(values: Mapping[str, Tri]) -> Tri:
            vals = [*get(values)]
            for key in fails:
                v = values[key]
                vals.append(None if v is None else not v)
            return kleene_all(vals)

        self._tolerance = tolerance

    def choose(self, tolerated: Tri, grades: Sequence[Tri]) -> tuple[str, Rule | None]:
        """The outcome and the grade chosen: the first grade that holds; an unknown grade before it leaves
        the outcome undetermined. ``grades`` are the grades' values in order."""
        if tolerated is False:
            return "deny", None
        if tolerated is None:
            return "undetermined", None
        for rule, value in zip(self.grades, grades):
            if value is True:
                return rule.outcome or "undetermined", rule
            if value is None:
                return "undetermined", None
        raise AssertionError("the last outcome rule always holds")  # enforced at pack load

    def permitted(self, outcome: str, grade: Rule | None) -> list[str]:
        """The range of outcomes the text grants for a verdict."""
        if outcome == "undetermined":
            return []
        if outcome == "deny":
            return ["deny"]
        return list(grade.permitted) if grade is not None else [outcome]


GROUPS: tuple[tuple[str, str, Connective, bool, bool], ...] = (
    # key, rule kind, connective, required value, every member shown among the reasons
    ("in_scope", "scope", "any", True, False),
    ("conditions_met", "condition", "all", True, True),
    ("scenario_matched", "scenario", "any", True, False),
    ("excluded", "exclusion", "any", False, False),
)
_RULES = {"scope": "scope", "condition": "conditions", "scenario": "scenarios", "exclusion": "exclusions"}
_LISTS = {"scenario": "scenario_lists", "exclusion": "exclusion_lists"}


def network(pack: Pack) -> Network:
    """The pack's network (built once per pack: this is load-time work)."""
    return pack.cached("network", _build, pack)


def _build(pack: Pack) -> Network:
    definitions: list[Rule] = []
    done: set[str] = set()
    pending = list(pack.definitions)
    while pending:  # dependency order (the loader has ruled out cycles)
        for d in list(pending):
            if {r for r in d.reads if r.startswith("@")} <= done:
                definitions.append(d)
                done.add(d.derived_key)
                pending.remove(d)
    groups = tuple(
        Group(key, kind, connective, required, tuple(getattr(pack, _RULES[kind])),
              tuple(getattr(pack, _LISTS[kind])) if kind in _LISTS else (), show_all)
        for key, kind, connective, required, show_all in GROUPS)
    grades = tuple(pack.outcomes)

    nodes: list[Node] = [Node(d.derived_key, d.clause, "definition", d.reads, d, evaluate=d.expr.fn)
                         for d in definitions]
    for g in groups:
        nodes.extend(Node(r.id, r.clause, r.kind, r.reads, r, evaluate=r.expr.fn) for r in g.rules)
    nodes.extend(Node(r.id, r.clause, r.kind, r.reads, r, evaluate=r.expr.fn) for r in grades)
    for g in groups:
        nodes.append(Node(g.key, _group_clause(g), "aggregate", g.members, group=g, members=g.members))
    nodes.append(Node("tolerated", grades[0].clause, "tolerated", tuple(g.key for g in groups)))
    grade_ids = tuple(r.id for r in grades)
    nodes.append(Node("outcome", grades[0].clause, "result", ("tolerated", *grade_ids), members=grade_ids))
    blank = dict.fromkeys(n.key for n in nodes)
    return Network(pack, tuple(definitions), groups, grades, nodes, tuple(n.key for n in nodes), blank)


def _group_clause(g: Group) -> str:
    if g.lists:
        return g.lists[0]
    if g.rules:
        return g.rules[0].clause.split(".")[0]
    return ""
