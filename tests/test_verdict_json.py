"""Verdict JSON is written by orjson (:meth:`Verdict.to_json`); it must be byte for byte what the model's own
serialiser writes, for every pack, explanation level, language and indentation, and ``to_dict`` must be what
``model_dump(mode="json")`` gives."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from rongcuo_rules import evaluate, get_pack, shipped_pack_names
from rongcuo_rules.case import Case

from .conftest import ROOT, cases

PACKS = shipped_pack_names()


def _same(v) -> None:  # type: ignore[no-untyped-def]
    for indent in (2, None, 4):
        assert v.to_json(indent) == v.model_dump_json(indent=indent)
    assert v.to_json() == v.model_dump_json(indent=2)
    for indent in (None, 2, 4):  # the bytes form, joined from UTF-8 parts, is the text encoded
        assert v.to_json_bytes(indent) == v.model_dump_json(indent=indent).encode()
    assert v.to_json_bytes() == v.to_json(None).encode()
    assert v.to_dict() == v.model_dump(mode="json")
    assert list(v.to_dict()) == list(json.loads(v.model_dump_json()))  # same key order


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=60)
@given(case=cases())
def test_json_bytes_equal_the_model_serialiser(name: str, case: Case) -> None:
    pack = get_pack(name)
    for explain in ("none", "near", "full"):
        for lang in ("zh", "en"):
            _same(evaluate(pack, case, explain=explain, lang=lang))


def test_every_field_kind_appears_in_a_compared_verdict() -> None:
    """The comparison above is not vacuous: among the examples' verdicts, alternatives, near misses, a
    decision table, implied facts, interpretations and readings all occur (checked here on fixed cases)."""
    from rongcuo_rules.case import load_case

    seen: set[str] = set()
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            case = load_case(path)
        except Exception:  # noqa: BLE001 - not every example is a case file
            continue
        for name in PACKS:
            v = evaluate(get_pack(name), case, explain="full")
            _same(v)
            seen.update(k for k, x in v.__dict__.items() if x not in ([], None, ""))
    # an implied fact (knowing violation entails a prohibition) and an X checklist's refinements
    shaoxing = get_pack("shaoxing")
    annex_case = {"subject.kind": "individual", "subject.org_type": "government",
                  "conduct.consistent_with_policy": True, "procedure.collective_decision": True,
                  "conduct.private_gain": False, "conduct.prohibited_by_law": False, "impact.loss": "minor",
                  "impact.social": "none", "remediation.level": "partial", "context.enterprise_service": True,
                  "context.applicant_deception": True, "context.target_not_met": True}  # 附件4第3项 applies
    for case, checklists in (({"conduct.knowing_violation": True}, ()), (annex_case, ["all"])):
        v = evaluate(shaoxing, case, explain="full", checklists=checklists)
        _same(v)
        seen.update(k for k, x in v.__dict__.items() if x not in ([], None, ""))
    assert {"alternatives", "near_misses", "decision_table", "missing_facts", "interpretations", "readings",
            "citations", "reasons", "trace", "consequences", "implied_facts", "checklists", "refinements"} <= seen, seen


def test_a_verdict_without_a_receipt_writes_null() -> None:
    """``receipt`` is optional in the model (a verdict made by hand): its JSON is null, in every form."""
    v = evaluate("fuzhou", "examples/fuzhou_flood_exempt.yaml", explain="full").model_copy(update={"receipt": None})
    _same(v)
    assert '"receipt":null' in v.to_json(None)


def test_json_from_many_threads_while_the_text_table_turns_over(monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads writing verdict JSON at once, with a table so small it is replaced all the time, still write
    exactly the model serialiser's bytes."""
    import random
    from concurrent.futures import ThreadPoolExecutor

    from rongcuo_rules import verdict as V
    from rongcuo_rules.vocabulary import default_vocabulary

    monkeypatch.setattr(V, "MAX_FRAGMENTS", 50)
    vocab = default_vocabulary()
    rng = random.Random(5)
    verdicts = []
    for name in PACKS:
        for _ in range(40):
            facts = {f: rng.choice(x.allowed) for f, x in vocab.facts.items() if rng.random() < 0.3}
            try:
                verdicts.append(evaluate(get_pack(name), facts))
            except Exception:  # noqa: BLE001 - an impossible combination: drawn again
                continue
    want = [v.model_dump_json(indent=2) for v in verdicts]
    with ThreadPoolExecutor(4) as threads:
        for _ in range(3):
            assert list(threads.map(lambda v: v.to_json(), verdicts)) == want
            assert list(threads.map(lambda v: v.to_json_bytes(2), verdicts)) == [w.encode() for w in want]
