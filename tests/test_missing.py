"""The compiled dependence check of missing facts (:class:`rongcuo_rules.missing._Dependence`) equals the
per-case check it replaces (:func:`rongcuo_rules.missing._depends`), on generated cases of every pack."""

from __future__ import annotations

import random

import pytest

from rongcuo_rules import get_pack, shipped_pack_names
from rongcuo_rules.alternatives import _compiled
from rongcuo_rules.case import trusted_case
from rongcuo_rules.errors import InputError
from rongcuo_rules.engines import get_engine
from rongcuo_rules.missing import _dependence, _depends, linked, necessary
from rongcuo_rules.vocabulary import default_vocabulary


def test_linked_pairs_are_compiled_where_rules_read_them() -> None:
    """The check below is not vacuous: 常州, 抚州 and 济南 have rules reading two facts a constraint links
    (绍兴 and 平顶山 have none, so nothing is compiled for them)."""
    assert {n for n in shipped_pack_names() if _dependence(get_pack(n)).roots} == {
        "changzhou_edu", "fuzhou", "jinan"}


@pytest.mark.parametrize("name", shipped_pack_names())
def test_compiled_dependence_equals_the_per_case_check(name: str) -> None:
    pack = get_pack(name)
    c = _compiled(pack)
    dep = _dependence(pack)
    index = {f: i for i, f in enumerate(c.order)}
    pairs = sorted(dep.roots)
    groups = linked(pack)
    engine = get_engine(pack, "native")
    if not pairs:
        pytest.skip(f"{name}: no rule reads two facts a constraint links (nothing is compiled)")
    rng = random.Random(name)
    vocab = default_vocabulary()
    checked = differ = 0
    while checked < 200:
        facts = {f: rng.choice(fact.allowed) for f, fact in vocab.facts.items() if rng.random() < 0.5}
        try:
            case = trusted_case(vocab, facts)
        except InputError:
            continue
        checked += 1
        cur = [positions.get(case.memory.get(f)) for f, positions in c.positions]
        at = dep.at(case.memory)
        # the pairs compiled at load, and those this case asks for (compiled on request: a fact under a part
        # the blank case decides is read only when another case leaves that part open)
        memory = engine.derive(case).memory
        asked = set()
        for r in pack.rules:
            read: set[str] = set()
            r.expr.unknowns(memory, read)
            linked_read = [f for f in read if f in groups]
            asked.update((r.id, f) for f in linked_read
                         if sum(groups[g] == groups[f] for g in linked_read) >= 2)
        for rule, fact in sorted(set(pairs) | asked):
            if fact not in index:
                continue
            want = _depends(c, c.rule_nodes[rule], index[fact], cur)
            assert dep.depends(rule, fact, at) is want, (rule, fact, case.facts)
            differ += want
    assert differ, "some rule depends on some linked fact in some case (the check can fail)"


def test_a_constraint_makes_a_read_fact_unnecessary() -> None:
    """A rule "not prohibited, or the area unregulated" reads both facts, yet an unregulated area cannot be
    prohibited (the vocabulary's constraint), so with both unknown only the prohibition decides the rule.
    On a blank case, every fact the compiled check drops from a shipped rule is checked by brute force over
    its values and those of (up to four of) the rule's other facts: it never changes the rule's value."""
    from rongcuo_rules.engines import get_engine

    dropped = []
    for name in shipped_pack_names():
        pack = get_pack(name)
        dep = _dependence(pack)
        engine = get_engine(pack, "native")
        vocab = pack.vocabulary
        for rule_id, fact in sorted(dep.roots):
            blank = trusted_case(vocab, {})
            d = engine.derive(blank)
            rule = next(r for r in pack.rules if r.id == rule_id)
            if d.memory[rule_id] is not None:
                continue
            kept = necessary(pack, d.memory, [rule])
            if fact in kept:
                continue
            dropped.append((name, rule_id, fact))
            # the fact was dropped: no two of its values may give the rule different decided values,
            # whatever the other facts the rule reads turn out to be (where the constraints allow them)
            others = [f for f in dict.fromkeys(rule.reads) if f in vocab.facts and f != fact]
            for values in _product(vocab, others[:4]):
                seen = set()
                for x in vocab.facts[fact].allowed:
                    try:
                        case = trusted_case(vocab, {**values, fact: x})
                    except InputError:
                        continue
                    r = engine.derive(case).memory[rule_id]
                    if r is not None:
                        seen.add(r)
                assert len(seen) <= 1, (name, rule_id, fact, values)
    # 抚州's direct-scope rule drops the position, 济南 第七条（一） the unregulated area (the constraint
    # "unregulated ⇒ not prohibited" makes the prohibition alone decide it)
    assert ("fuzhou", "scope.direct", "subject.position") in dropped
    assert ("jinan", "condition.art7.1", "conduct.unregulated_area") in dropped


def _product(vocab, names):
    import itertools

    for combo in itertools.product(*[vocab.facts[n].allowed for n in names]):
        yield dict(zip(names, combo))
