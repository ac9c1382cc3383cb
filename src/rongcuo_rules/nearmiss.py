"""Near misses: for a deny for want of a scenario, the scenarios closest to matching and what each lacks.

What a scenario *lacks* on a case is the smallest set of the facts it reads whose change would make it hold —
found by trying every set of one, two, … of its facts (a scenario reads a handful), so it is exact however the
condition combines them. Each lack is reported as the fact, the values that work with the other changes
(``≤ minor``, ``= true``, ``∈ a/b``) and the value the case has (``null`` when unknown). The closest scenarios
are those lacking the fewest facts. A catch-all
scenario (其他经认定可以容错的情形) is left out: what it lacks is the deciding authority's recognition, not a
fact of the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .pack import Pack
from .wording import choose

#: how many near misses a verdict lists at most
LIMIT = 3

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


_MAX_KEPT = 4096  # per scenario: distinct combinations of the values it reads whose lack is kept


def _describe(fact: Any, codes: list[Any]) -> str:
    """The values (internal codes) a fact may take, as a comparison: '= v', '≤ v', '≥ v' or '∈ a/b'."""
    values = [fact.decode(c) for c in codes]
    shown = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
    if len(values) == 1:
        return f"= {shown[0]}"
    if fact.ordered:
        allowed = fact.allowed
        index = sorted(allowed.index(v) for v in values)
        if index == list(range(index[0], index[-1] + 1)):
            if index[0] == 0:
                return f"≤ {allowed[index[-1]]}"
            if index[-1] == len(allowed) - 1:
                return f"≥ {allowed[index[0]]}"
    return "∈ " + "/".join(shown)


def _least_lack(fn: Any, facts: list[str], m: Mapping[str, Any], vocab: Any) -> list[Unmet] | None:
    """The fewest facts whose change makes the scenario (``fn``, definitions inlined) hold, found by trying
    every set of one, two, … of the facts it reads; for each fact of the set, every value that works with the
    others' changes. Exact: no smaller set works."""
    from itertools import combinations, product

    codes = {f: [vocab.facts[f].encode(v) for v in vocab.facts[f].allowed] for f in facts}
    other = {f: [c for c in codes[f] if c != m.get(f)] for f in facts}
    for k in range(1, len(facts) + 1):
        for subset in combinations(facts, k):
            for combo in product(*(other[f] for f in subset)):
                trial = dict(m)
                trial.update(zip(subset, combo))
                if fn(trial) is not True:
                    continue
                out = []
                for f in subset:
                    works = [c for c in codes[f] if fn({**trial, f: c}) is True]
                    code = m.get(f)
                    out.append(Unmet(f, _describe(vocab.facts[f], works),
                                     None if code is None else vocab.facts[f].decode(code)))
                return out
    return None


class _ScenarioLack:
    """What one scenario lacks, kept per combination of the values of the facts it reads (the lack is a
    function of those alone) together with the near miss built from it in each language, so that a recurring
    combination costs one dict lookup."""

    __slots__ = ("rule", "order", "getter", "cache", "vocab", "labels", "facts", "fn")

    def __init__(self, rule: Any, order: int, pack: Pack) -> None:
        from operator import itemgetter

        from .expr import base_reads, inline

        facts = base_reads(rule.expr)
        self.rule, self.order, self.vocab, self.facts = rule, order, pack.vocabulary, facts
        self.fn = inline(rule.expr).fn  # definitions inlined: a changed fact changes what they derive
        self.labels = {lang: pack.clauses[rule.clause].label(lang) for lang in ("zh", "en")}
        self.getter: Any = itemgetter(*facts) if len(facts) > 1 else (
            (lambda m, f=facts[0]: (m[f],)) if facts else (lambda m: ()))
        self.cache: dict[Any, Any] = {}

    def lack(self, m: Mapping[str, Any]) -> tuple[Any, Any]:
        """The near miss in Chinese and in English — each (how many facts it lacks, its order, the near miss),
        or None when the scenario cannot hold — computed and kept for this combination of values."""
        unmet = _least_lack(self.fn, self.facts, m, self.vocab)
        hit = tuple(None if not unmet else (len(unmet), self.order, NearMiss(self.rule.clause, self.labels[lang], unmet))
                    for lang in ("zh", "en"))
        if len(self.cache) < _MAX_KEPT:
            self.cache[self.getter(m)] = hit
        return hit  # type: ignore[return-value]


def _plan(pack: Pack) -> list[tuple[str, Any, dict[Any, Any], _ScenarioLack]]:
    """Per scenario (catch-alls left out): its rule id, its reader of the values it reads, its kept lacks."""
    out = []
    for i, r in enumerate(pack.scenarios):
        if not r.catch_all:
            s = _ScenarioLack(r, i, pack)
            out.append((r.id, s.getter, s.cache, s))
    return out


def near_misses(pack: Pack, m: Mapping[str, Any], lang: str = "zh", limit: int = LIMIT) -> list[NearMiss]:
    """The scenarios of ``pack`` closest to matching on memory ``m`` (none of them holds), closest first."""
    found = []
    half = choose((0, 1), lang)  # which half of each kept (Chinese, English) pair
    for rule_id, getter, cache, s in pack.cached("near-miss", _plan, pack):  # a hot path: no method calls
        if m[rule_id] is not True:
            hit = cache.get(getter(m))
            if hit is None:
                hit = s.lack(m)
            if hit[half] is not None:
                found.append(hit[half])
    found.sort()  # by how much each lacks, then pack order (unique: the near misses are never compared)
    return [nm for _n, _o, nm in found[:limit]]
