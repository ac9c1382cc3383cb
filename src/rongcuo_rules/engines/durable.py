"""The durable_rules engine: the pack compiled to a RETE ruleset, run behind a wrapper.

Compilation. Every definition and element rule becomes up to three RETE rules over the case fact — one
whose pattern matches exactly when the rule's condition is *true*, one when *false*, one when *unknown*
(Kleene logic pushed into patterns: an unknown open fact is an absent property, ``$nex``). Exactly one
of the three fires per case and asserts the rule's conclusion as a fact. Aggregates (in scope,
conditions met, scenario matched, excluded), ``tolerated`` and the outcome are rules that join the
conclusion facts they need (one pattern each, in chunks within durable's 32-pattern limit) and combine
them with the same Kleene functions the native engine uses. Definitions are inlined into the patterns
that use them (RETE patterns cannot read another rule's three-valued result), and are also fired as
rules of their own so the trace records them.

The wrapper keeps durable_rules' measured failure modes (docs/notes/durable_rules.md) from
reaching a user:

* no background threads: the Host's timer threads are never started (``_run`` does nothing), so a
  cascade never runs on another thread;
* one case at a time per engine (a lock), each in a fresh session id deleted afterwards — state never
  leaks from one case into another, and only one session is ever live (sids are found by a 32-bit hash);
* a catch-all rule every case fires (asserting a fact that matches no rule, then deleting the state,
  segfaulted);
* rule definitions are deep-copied before ``set_rulesets`` (it deletes ``run`` keys in place);
* booleans are asserted as 0/1 (``true`` matches ``1``);
* an exception inside an action (which durable swallows) is recorded and raised as an EngineError;
* every conclusion must have been derived exactly once, or the case fails with an EngineError instead
  of returning a verdict the rules did not reach;
* joins stay narrow: aggregates combine at most MAX_PATTERNS conclusion facts per rule, in a tree.
  Measured here (durable_rules 2.0.28, CPython 3.11): a 30-pattern join in the 济南 pack failed with
  ERR_MAX_MESSAGES_IN_FRAME (304), and a bare 17-pattern join of 17 single-fact rules failed
  deterministically with ERR_NODE_DELETED (307) while 16, 20, 24 and 30 passed. Joins of 8 run clean
  on every shipped pack under the engine-agreement property test.
"""

from __future__ import annotations

import copy
import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from ..case import Case
from ..errors import InputError, EngineError
from ..expr import Expr, as_open, inline
from ..pack import Pack
from ..semantics import Derivation, Group, Network, network

try:  # durable_rules builds on CPython 3.11/3.12 only; the library works without it.
    import durable.engine as _durable

    IMPORT_ERROR: str | None = None
except Exception as exc:  # pragma: no cover - depends on the interpreter
    _durable = None
    IMPORT_ERROR = f"{type(exc).__name__}: {exc}"

MAX_PATTERNS = 8  # joins per rule: see the note on join width in the module docstring
#: RETE rules one pack may compile to. Measured (a pack with one scenario an ``any`` of k two-fact ``all``):
#: 6 pairs, 933 rules, and 7 pairs, 2,634 rules, compile and run (125 MB); 8 pairs, about 7,700 rules,
#: durable_rules refuses the ruleset (error 106); 10 pairs take a minute and a gigabyte first. The shipped
#: packs compile to 85–963 rules.
MAX_RULES = 3000
_ALWAYS = "always"
_NEVER = "never"
_CODE = {True: "T", False: "F", None: "U"}
_VALUE = {"T": True, "F": False, "U": None}
_ruleset_ids = itertools.count(1)


def available() -> bool:
    return _durable is not None


# ── condition → pattern compilation ────────────────────────────────────────


def _and(parts: list[Any]) -> Any:
    parts = [p for p in parts if p != _ALWAYS]
    if any(p == _NEVER for p in parts):
        return _NEVER
    if not parts:
        return _ALWAYS
    return parts[0] if len(parts) == 1 else {"$and": parts}


def _or(parts: list[Any]) -> Any:
    parts = [p for p in parts if p != _NEVER]
    if any(p == _ALWAYS for p in parts):
        return _ALWAYS
    if not parts:
        return _NEVER
    return parts[0] if len(parts) == 1 else {"$or": parts}


def prop(fact: str) -> str:
    """The RETE property name of a vocabulary fact."""
    return fact.replace(".", "__")


class TooLarge(Exception):
    """A pack needs more RETE rules than :data:`MAX_RULES`."""


class PatternCompiler:
    """Compiles a condition into small, mutually exclusive conjunctive patterns, each with its value.

    durable_rules caps one pattern's expression sequence (ERR_EXPRESSION_LIMIT_EXCEEDED, error 113,
    counts every ``$and``/``$or`` marker), so three-valued logic cannot be nested into one pattern. The
    condition is instead split by case analysis over the facts it reads, in order: at each step the
    Kleene value under the facts fixed so far either is decided (a leaf) or the next fact is split on,
    one branch per value plus *unknown* for open facts. Sibling values that lead to the same decided
    value are merged into one constraint (``$gte``/``$lte`` for a run of an ordered scale, else equalities).
    Each leaf is a conjunction of per-fact constraints; the leaves partition the case space, so for every
    case exactly one leaf — one RETE rule — fires.
    """

    def __init__(self, vocabulary: Any) -> None:
        self.vocabulary = vocabulary
        self.closed = set(vocabulary.closed_facts)

    def leaves(self, expr: Expr, budget: int = MAX_RULES) -> list[tuple[Any, dict[str, frozenset[Any]]]]:
        """The leaves; :class:`TooLarge` as soon as more than ``budget`` of them have been produced, so a
        condition too large for the RETE network costs no more than the budget to refuse."""
        facts = _facts_of(expr)
        fn = as_open(expr).fn  # unassigned facts, closed ones included, are undecided here
        produced = [0]

        def rec(i: int, memory: dict[str, Any]) -> list[tuple[Any, dict[str, frozenset[Any]]]]:
            value = fn(memory)
            if value is not None or i == len(facts):
                produced[0] += 1
                if produced[0] > budget:
                    raise TooLarge
                return [(value, {})]
            name = facts[i]
            fact = self.vocabulary.facts[name]
            domain: list[Any] = [fact.encode(v) for v in fact.allowed]
            if name not in self.closed:
                domain.append(None)
            decided: dict[Any, set[Any]] = {}
            out: list[tuple[Any, dict[str, frozenset[Any]]]] = []
            for code in domain:
                sub = rec(i + 1, {**memory, name: code})
                if len(sub) == 1 and not sub[0][1]:
                    decided.setdefault(sub[0][0], set()).add(code)
                else:
                    out.extend((v, {name: frozenset([code]), **cube}) for v, cube in sub)
            out.extend((v, {name: frozenset(codes)}) for v, codes in decided.items())
            return out

        return rec(0, dict.fromkeys(facts))  # every fact undecided until the split assigns it

    def pattern(self, cube: dict[str, frozenset[Any]]) -> Any:
        parts: list[Any] = [{"t": "case"}]
        for name, codes in cube.items():
            parts.append(self._constraint(name, codes))
        return _and(parts)

    def _constraint(self, name: str, codes: frozenset[Any]) -> Any:
        fact = self.vocabulary.facts[name]
        p = prop(name)
        full = [int(fact.encode(v)) for v in fact.allowed]
        known = sorted(int(c) for c in codes if c is not None)
        unknown = None in codes
        if len(known) == len(full):
            known_part: Any = {"$ex": {p: 1}}
        elif not known:
            known_part = _NEVER
        elif fact.ordered and known == list(range(known[0], known[-1] + 1)):
            lo = {"$gte": {p: known[0]}} if known[0] > full[0] else None
            hi = {"$lte": {p: known[-1]}} if known[-1] < full[-1] else None
            known_part = _and([x for x in (lo, hi) if x is not None])
        else:
            known_part = _or([{p: k} for k in known])
        if not unknown:
            return known_part
        return _or([{"$nex": {p: 1}}, known_part])


# ── the engine ─────────────────────────────────────────────────────────────


@dataclass
class _CaseRun:
    values: dict[str, Any] = field(default_factory=dict)
    fired: list[str] = field(default_factory=list)
    errors: list[tuple[str, BaseException]] = field(default_factory=list)
    outcome: tuple[str, Any] | None = None


if _durable is not None:

    class _QuietHost(_durable.Host):  # type: ignore[misc, name-defined]
        """A Host without its two background timer threads (they steal session leases)."""

        def _run(self) -> None:
            return None
else:  # pragma: no cover
    _QuietHost = None  # type: ignore[assignment, misc]


class DurableEngine:
    name = "durable"

    def __init__(self, pack: Pack) -> None:
        if _durable is None:
            raise EngineError("engine.unavailable", reason=IMPORT_ERROR)
        self.pack = pack
        self.network: Network = network(pack)
        self._lock = threading.Lock()
        self._run: _CaseRun | None = None
        self._sids = itertools.count(1)
        self._compiler = PatternCompiler(pack.vocabulary)
        self._facts_read: list[str] = []
        self._ruleset = f"rongcuo_{pack.name}_{next(_ruleset_ids)}"
        rules = self._compile()
        self._host = _QuietHost()
        try:
            self._host.set_rulesets({self._ruleset: copy.deepcopy(rules)})
        except Exception as exc:  # noqa: BLE001 - durable_rules raises bare Exceptions ("error code: 106")
            raise InputError("engine.durable_refused", pack=pack.name, reason=str(exc)) from None

    # compile ------------------------------------------------------------------------------------

    def _compile(self) -> dict[str, Any]:
        rules: dict[str, Any] = {}
        counter = itertools.count()
        facts: list[str] = []

        def add(patterns: list[tuple[str, Any]], action: Any) -> None:
            rules[f"r{next(counter)}"] = {"all": [{alias: p} for alias, p in patterns], "run": action}

        rules["catch_all"] = {"all": [{"m": {"t": "case"}}], "run": _noop}
        element_nodes = [n for n in self.network.nodes if n.rule is not None]
        for node in element_nodes:
            expr = inline(node.rule.expr)
            for f in _facts_of(expr):
                if f not in facts:
                    facts.append(f)
            assert_it = node.kind != "definition"  # definitions are inlined; nothing consumes them
            try:
                leaves = self._compiler.leaves(expr, MAX_RULES - len(rules))
            except TooLarge:
                raise InputError("engine.durable_too_large", pack=self.pack.name, rule=node.key,
                                 limit=MAX_RULES) from None
            for value, cube in leaves:
                add([("m", self._compiler.pattern(cube))], self._element_action(node.key, value, assert_it))
        self._facts_read = facts

        empty: dict[str, Any] = {}
        for group in self.network.groups:
            name, members = group.key, list(group.members)
            if not members:
                empty[name] = group.combine(())
                continue
            chunks = [members[i:i + MAX_PATTERNS] for i in range(0, len(members), MAX_PATTERNS)]
            if len(chunks) == 1:
                add(_join("d", chunks[0]), self._aggregate_action(name, group, chunks[0], "g", True))
            else:
                parts = []
                for i, chunk in enumerate(chunks):
                    part = f"{name}#{i}"
                    parts.append(part)
                    add(_join("d", chunk), self._aggregate_action(part, group, chunk, "p", False))
                add(_join("p", parts), self._aggregate_action(name, group, parts, "g", True))
        present = [g.key for g in self.network.groups if g.key not in empty]
        add(_join("g", present), self._tolerated_action(present, empty))
        grades = [r.id for r in self.network.grades]
        add([("tol", {"$and": [{"t": "g"}, {"k": "tolerated"}]}), *_join("d", grades, prefix="o")],
            self._outcome_action(grades))
        return rules

    # actions (each records into the current case run; an exception is kept, never swallowed) -----

    def _guard(self, key: str, body: Any) -> Any:
        def action(c: Any) -> None:
            run = self._run
            if run is None:  # pragma: no cover - would be a firing outside evaluate()
                return
            try:
                body(c, run)
            except BaseException as exc:  # durable would swallow it: keep it for the caller
                run.errors.append((key, exc))

        return action

    def _element_action(self, key: str, value: Any, assert_it: bool) -> Any:
        code = _CODE[value]

        def body(c: Any, run: _CaseRun) -> None:
            run.values[key] = value
            run.fired.append(key)
            if assert_it:
                c.assert_fact({"t": "d", "k": key, "v": code})

        return self._guard(key, body)

    def _aggregate_action(self, key: str, group: Group, members: list[str], kind: str,
                          record: bool) -> Any:
        combine = group.combine
        aliases = [f"a{i}" for i in range(len(members))]

        def body(c: Any, run: _CaseRun) -> None:
            value = combine([_VALUE[matched(c, a)["v"]] for a in aliases])
            if record:
                run.values[key] = value
                run.fired.append(key)
            c.assert_fact({"t": kind, "k": key, "v": _CODE[value]})

        return self._guard(key, body)

    def _tolerated_action(self, present: list[str], empty: dict[str, Any]) -> Any:
        aliases = {name: f"a{i}" for i, name in enumerate(present)}

        def body(c: Any, run: _CaseRun) -> None:
            for name, value in empty.items():  # empty groups have no facts to join: constants
                run.values[name] = value
                run.fired.append(name)
            v = {g.key: (_VALUE[matched(c, aliases[g.key])["v"]] if g.key in aliases else empty[g.key])
                 for g in self.network.groups}
            value = self.network.tolerated(v)
            run.values["tolerated"] = value
            run.fired.append("tolerated")
            c.assert_fact({"t": "g", "k": "tolerated", "v": _CODE[value]})

        return self._guard("tolerated", body)

    def _outcome_action(self, grades: list[str]) -> Any:
        def body(c: Any, run: _CaseRun) -> None:
            tolerated = _VALUE[matched(c, "tol")["v"]]
            run.outcome = self.network.choose(tolerated, [_VALUE[matched(c, f"o{i}")["v"]] for i in range(len(grades))])
            run.values["outcome"] = run.outcome[0]
            run.fired.append("outcome")

        return self._guard("outcome", body)

    # run ----------------------------------------------------------------------------------------

    def derive(self, case: Case) -> Derivation:
        fact: dict[str, Any] = {"t": "case"}
        for name in self._facts_read:
            value = case.memory.get(name)
            if value is not None:
                fact[prop(name)] = int(value)
        with self._lock:
            sid = str(next(self._sids))
            fact["sid"] = sid
            run = self._run = _CaseRun()
            try:
                self._host.assert_fact(self._ruleset, fact)
            except BaseException as exc:
                raise EngineError("engine.failed", engine=self.name, rule="assert_fact",
                                  reason=f"{type(exc).__name__}: {exc}") from exc
            finally:
                self._run = None
                try:
                    self._host.delete_state(self._ruleset, sid)
                except BaseException:  # pragma: no cover - state already gone; nothing to leak
                    pass
        if run.errors:
            rule, exc = run.errors[0]
            raise EngineError("engine.failed", engine=self.name, rule=rule,
                              reason=f"{type(exc).__name__}: {exc}")
        expected = self.network.derived_keys
        counts: dict[str, int] = {}
        for key in run.fired:
            counts[key] = counts.get(key, 0) + 1
        missing = [k for k in expected if counts.get(k, 0) != 1]
        if missing or run.outcome is None:
            raise EngineError("engine.incomplete", engine=self.name, missing=", ".join(missing[:5]))
        memory = self.network.blank.copy()
        memory.update(case.memory)
        memory.update(run.values)
        outcome, rule = run.outcome
        # Every rule fired exactly once (checked above); the trace lists them in network order so
        # both engines explain a verdict identically.
        return Derivation(memory, list(expected), outcome, rule, self.name)


def matched(c: Any, alias: str) -> Any:
    """The fact a rule's pattern ``alias`` matched, inside an action: durable_rules' public attribute access
    on the action's closure (``c.<alias>``, a ``Content`` whose items read as ``["v"]``)."""
    return getattr(c, alias)


def _join(kind: str, keys: list[str], prefix: str = "a") -> list[tuple[str, Any]]:
    return [(f"{prefix}{i}", {"$and": [{"t": kind}, {"k": key}]}) for i, key in enumerate(keys)]


def _facts_of(expr: Expr) -> list[str]:
    out: list[str] = []
    for name in expr.reads():
        if not name.startswith("@") and name not in out:
            out.append(name)
    return out


def _noop(c: Any) -> None:
    return None
