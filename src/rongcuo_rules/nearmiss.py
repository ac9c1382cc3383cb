"""Near misses: for a deny for want of a scenario, the scenarios closest to matching and what each lacks.

A scenario's condition is read as comparisons of facts joined by all / any / not (readings and
definitions are followed to the comparisons they stand for; a ``not`` is pushed down to the comparisons it
covers). What a scenario *lacks* on a case is the smallest set of comparisons the case fails that, were they
met, would make the condition hold: every failed part of an ``all``, the cheapest alternative of an ``any``.
Each lack is reported as the fact, the value wanted (``≤ minor``, ``= true``, ``∈ a/b``) and the value the case
has (``null`` when unknown). The closest scenarios are those lacking the fewest comparisons. A catch-all
scenario (其他经认定可以容错的情形) is left out: what it lacks is the deciding authority's recognition, not a
fact of the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .expr import All, Any_, Compare, Const, Expr, Not, Reading, Ref
from .pack import Pack
from .wording import choose

#: how many near misses a verdict lists at most
LIMIT = 3

_SYMBOL = {"is": "=", "is_not": "≠", "in": "∈", "not_in": "∉", "at_least": "≥", "at_most": "≤", "above": ">",
           "below": "<"}
_NEGATE = {"is": "is_not", "is_not": "is", "in": "not_in", "not_in": "in", "at_least": "below",
           "below": "at_least", "at_most": "above", "above": "at_most"}


@dataclass(frozen=True, slots=True)
class Unmet:
    fact: str
    wanted: str
    actual: Any


@dataclass(frozen=True, slots=True)
class NearMiss:
    clause: str
    label: str
    unmet: list[Unmet]


def _wanted(op: str, value: Any) -> str:
    shown = "/".join(str(v).lower() if isinstance(v, bool) else str(v) for v in value) \
        if isinstance(value, list) else (str(value).lower() if isinstance(value, bool) else str(value))
    return f"{_SYMBOL[op]} {shown}"


def _negation(e: Compare) -> Compare:
    """The comparison's negation, built once per comparison (its compiled test is kept with it)."""
    neg = e.__dict__.get("_negation")
    if neg is None:
        neg = e.__dict__["_negation"] = Compare(e.fact, _NEGATE[e.op], e.value, e.codes, e.closed)
    return neg


def _needs(e: Expr, m: Mapping[str, Any], vocab: Any, negated: bool = False) -> list[Unmet] | None:
    """The comparisons ``e`` (negated when ``negated``) still needs on memory ``m``; None if it cannot hold."""
    if isinstance(e, (Reading, Ref)):
        assert e.target is not None
        return _needs(e.target, m, vocab, negated)
    if isinstance(e, Not):
        return _needs(e.item, m, vocab, not negated)
    if isinstance(e, Const):
        return [] if e.value != negated else None
    if isinstance(e, Compare):
        op = _NEGATE[e.op] if negated else e.op
        probe = _negation(e) if negated else e
        if probe.fn(m) is True:
            return []
        fact = vocab.facts[e.fact]
        code = m.get(e.fact)
        return [Unmet(e.fact, _wanted(op, e.value), None if code is None else fact.decode(code))]
    if isinstance(e, (All, Any_)):
        conjunctive = isinstance(e, All) != negated  # De Morgan: not(any) is all of the nots
        parts = [_needs(i, m, vocab, negated) for i in e.items]
        if conjunctive:
            if any(p is None for p in parts):
                return None
            out: dict[str, Unmet] = {}
            for p in parts:
                for u in p or []:
                    out.setdefault(u.fact, u)
            return list(out.values())
        options = [p for p in parts if p is not None]
        return min(options, key=len) if options else None
    raise TypeError(type(e).__name__)  # pragma: no cover


_MAX_KEPT = 4096  # per scenario: distinct combinations of the values it reads whose lack is kept


class _ScenarioLack:
    """What one scenario lacks, kept per combination of the values of the facts it reads (the lack is a
    function of those alone) together with the near miss built from it in each language, so that a recurring
    combination costs one dict lookup."""

    __slots__ = ("rule", "order", "getter", "cache", "vocab", "labels")

    def __init__(self, rule: Any, order: int, pack: Pack) -> None:
        from operator import itemgetter

        from .expr import base_reads

        facts = base_reads(rule.expr)
        self.rule, self.order, self.vocab = rule, order, pack.vocabulary
        self.labels = {lang: pack.clauses[rule.clause].label(lang) for lang in ("zh", "en")}
        self.getter: Any = itemgetter(*facts) if len(facts) > 1 else (
            (lambda m, f=facts[0]: (m[f],)) if facts else (lambda m: ()))
        self.cache: dict[Any, Any] = {}

    def near_miss(self, m: Mapping[str, Any], lang: str) -> tuple[int, int, NearMiss] | None:
        """(how many comparisons it lacks, its order, the near miss), or None when it cannot hold."""
        key = self.getter(m)
        hit = self.cache.get(key)
        if hit is None:
            unmet = _needs(self.rule.expr, m, self.vocab)
            hit = {lang_: (None if not unmet else
                           (len(unmet), self.order, NearMiss(self.rule.clause, label, unmet)))
                   for lang_, label in self.labels.items()}
            if len(self.cache) < _MAX_KEPT:
                self.cache[key] = hit
        return choose((hit["zh"], hit["en"]), lang)


def _plan(pack: Pack) -> list[_ScenarioLack]:
    return [_ScenarioLack(r, i, pack) for i, r in enumerate(pack.scenarios) if not r.catch_all]


def near_misses(pack: Pack, m: Mapping[str, Any], lang: str = "zh", limit: int = LIMIT) -> list[NearMiss]:
    """The scenarios of ``pack`` closest to matching on memory ``m`` (none of them holds), closest first."""
    found = []
    for s in pack.cached("near-miss", _plan, pack):
        if m[s.rule.id] is not True:
            hit = s.near_miss(m, lang)
            if hit is not None:
                found.append(hit)
    found.sort()  # by how much each lacks, then pack order (unique: the near misses are never compared)
    return [nm for _n, _o, nm in found[:limit]]
