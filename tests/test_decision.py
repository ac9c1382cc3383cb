"""Decision tables: where the missing facts of an undetermined verdict lead (exact, at most three expanded)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings

from rongcuo_rules import evaluate, get_pack, shipped_pack_names
from rongcuo_rules.case import Case, trusted_case
from rongcuo_rules.decision import EXPANDED
from rongcuo_rules.errors import InputError

from .conftest import cases

PACKS = shipped_pack_names()


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=40)
@given(case=cases(density=0.5))
def test_the_table_partitions_every_answer_and_each_row_is_right(name: str, case: Case) -> None:
    pack = get_pack(name)
    v = evaluate(pack, case)
    if v.outcome != "undetermined":
        assert v.decision_table == []
        return
    assert v.decision_table
    expanded = v.missing_facts[:EXPANDED]
    vocab = pack.vocabulary
    for values in itertools.product(*(vocab.facts[f].allowed for f in expanded)):
        answers = dict(zip(expanded, values))
        try:
            completed = trusted_case(vocab, {**case.facts, **answers})
        except InputError:
            continue  # no such case
        rows = [r for r in v.decision_table
                if all(completed.memory[k] == vocab.facts[k].encode(val) for k, val in r.when.items())]
        assert len(rows) == 1, (answers, v.decision_table)
        outcome = evaluate(pack, completed).outcome
        if rows[0].outcome != "undetermined":
            assert outcome == rows[0].outcome, (answers, rows[0])


def test_an_undetermined_verdict_says_where_its_missing_facts_lead() -> None:
    v = evaluate("fuzhou", "examples/fuzhou_pending_undetermined.yaml")
    assert [(r.when, r.outcome) for r in v.decision_table] == [
        ({"conduct.private_gain": True}, "deny"),
        ({"conduct.private_gain": False, "procedure.collective_decision": True}, "exempt"),
        ({"conduct.private_gain": False, "procedure.collective_decision": False}, "deny"),
    ]
