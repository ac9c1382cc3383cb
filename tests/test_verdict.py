"""Properties of verdicts over generated cases, for every shipped pack.

* the same input gives the same bytes;
* sound: a decided verdict holds under every way its unknown facts could turn out;
* exact: an undetermined verdict's missing facts suffice (settling them always decides it) and each is
  necessary to a rule the unknown facts leave open (two of its values give that rule different values, for some
  completion of the rule's other unknown facts) — not always to the outcome (README, ``missing_facts``) — or,
  where the engine could not decide the case without them, they are every fact the open rules read;
* outcome within `permitted`; citations are defined clauses with the generated labels.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings

from rongcuo_rules import evaluate, get_pack, shipped_pack_names
from rongcuo_rules.case import Case, case_from_facts
from rongcuo_rules.engines import get_engine
from rongcuo_rules.errors import InputError
from rongcuo_rules.labels import clause_label
from rongcuo_rules.verdict import _settles, explain

from .conftest import ROOT, cases

PACKS = shipped_pack_names()
# DESIGN §5, stated here and not taken from the code under test: how good each outcome is for the person
BETTER = {"deny": 0, "lighten": 1, "reduce": 2, "exempt": 3}


def outcome(pack_name: str, facts: dict[str, Any]) -> str | None:
    """The outcome, or None where the facts are impossible (they violate a vocabulary constraint)."""
    pack = get_pack(pack_name)
    try:
        case = case_from_facts(facts)
    except InputError as exc:
        assert exc.code in ("case.constraint", "case.constraint_entailed")
        return None
    return get_engine(pack, "native").derive(case).outcome


def completions(names: list[str], limit: int, seed: int) -> list[dict[str, Any]]:
    vocab = get_pack(PACKS[0]).vocabulary
    domains = [vocab.facts[n].allowed for n in names]
    size = 1
    for d in domains:
        size *= len(d)
    if size <= limit:
        return [dict(zip(names, values)) for values in itertools.product(*domains)]
    rng = random.Random(seed)
    return [{n: rng.choice(d) for n, d in zip(names, domains)} for _ in range(limit)]


_SAME_BYTES = """
import json, random, sys
from rongcuo_rules import evaluate, shipped_pack_names
from rongcuo_rules.vocabulary import default_vocabulary
from rongcuo_rules.case import case_from_facts
from rongcuo_rules.errors import InputError
rng, vocab, out = random.Random(int(sys.argv[1])), default_vocabulary(), []
while len(out) < 60:
    facts = {n: rng.choice(f.allowed) for n, f in vocab.facts.items() if rng.random() < 0.4}
    try:
        case = case_from_facts(facts)
    except InputError:
        continue
    out.append([evaluate(p, case, lang=l).to_json() for p in shipped_pack_names() for l in ("zh", "en")])
print(json.dumps(out))
"""


def test_same_input_same_bytes_across_processes() -> None:
    """Two fresh processes with different hash seeds (no cache shared, set and dict orders perturbed) give
    byte-identical verdicts for the same 60 cases under every pack, in both languages."""
    import os
    import subprocess
    import sys

    runs = [subprocess.run([sys.executable, "-c", _SAME_BYTES, "7"], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("11", "12")]
    assert runs[0] == runs[1] and runs[0].count("outcome") >= 600


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=60)
@given(case=cases(density=0.6))
def test_decided_verdicts_are_sound(name: str, case: Case) -> None:
    verdict = evaluate(name, case)
    if verdict.outcome == "undetermined":
        return
    vocab = get_pack(name).vocabulary
    unknown = [n for n in vocab.open_facts if n not in case.facts]
    for completion in completions(unknown, 200, seed=len(case.facts)):
        assert outcome(name, {**case.facts, **completion}) in (verdict.outcome, None)


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=60)
@given(case=cases(density=0.7))
def test_missing_facts_are_exact(name: str, case: Case) -> None:
    verdict = evaluate(name, case)
    if verdict.outcome != "undetermined":
        assert verdict.missing_facts == []
        return
    _check_missing_facts(name, case, verdict.missing_facts)


#: undetermined cases per pack for the seeded test below
UNDETERMINED = 16


@pytest.mark.parametrize("name", PACKS)
def test_missing_facts_are_exact_on_undetermined_cases(name: str) -> None:
    """The same check on undetermined cases drawn on purpose: the generated cases above are seldom undetermined
    (none in 60 per pack in one run), so this is where the check does its work. Drawn with context tags known
    15 % of the time and other facts half the time (at 70 %, 常州's took 560,000 draws for eight), seeded, until
    UNDETERMINED per pack."""
    vocab = get_pack(name).vocabulary
    rng = random.Random(f"missing-{name}")
    found = 0
    while found < UNDETERMINED:
        facts = {f: rng.choice(fact.allowed) for f, fact in vocab.facts.items()
                 if rng.random() < (0.15 if f.startswith("context.") else 0.5)}
        try:
            case = case_from_facts(facts)
        except InputError:
            continue
        verdict = evaluate(name, case)
        if verdict.outcome == "undetermined":
            found += 1
            _check_missing_facts(name, case, verdict.missing_facts)


def _check_missing_facts(name: str, case: Case, missing: list[str]) -> None:
    assert missing, "an undetermined verdict names what would decide it"
    vocab = get_pack(name).vocabulary
    # sufficient: settling every missing fact decides the case
    settled = completions(missing, 400, seed=1)
    outcomes = {}
    for completion in settled:
        result = outcome(name, {**case.facts, **completion})
        assert result != "undetermined", completion
        if result is None:
            continue
        outcomes[tuple(sorted(completion.items()))] = result
    # necessary: each missing fact decides one of the rules left open, found by trying its values against every
    # completion of the rule's other unknown facts (that the constraints allow). Not the outcome: a fact can
    # decide an open rule the outcome then does not turn on (README, missing_facts). Where leaving facts out
    # would leave the engine unable to decide the case (its entailment is simpler than the constraints), every
    # fact the open rules read is kept, as the library documents.
    pack = get_pack(name)
    engine = get_engine(pack, "native")
    d = engine.derive(case)
    open_rules = explain(pack, d.memory, d).undecided
    deciding = {fact for fact in missing if any(_decides(name, case, rule, fact, d.memory) for rule in open_rules)}
    if deciding != set(missing):
        read: set[str] = set()
        for rule in open_rules:
            rule.expr.unknowns(d.memory, read)
        assert set(missing) == read and not _settles(pack, case, d, sorted(deciding)), sorted(set(missing) - deciding)


def _decides(name: str, case: Case, rule: Any, fact: str, memory: dict[str, Any]) -> bool:
    """Whether two values of ``fact`` give ``rule`` different decided values, for some completion of the rule's
    other unknown facts that the constraints allow (all of them, or 400 drawn where there are more)."""
    unknown: set[str] = set()
    rule.expr.unknowns(memory, unknown)
    if fact not in unknown:
        return False
    vocab = get_pack(name).vocabulary
    engine = get_engine(get_pack(name), "native")
    for rest in completions(sorted(unknown - {fact}), 400, seed=3):
        seen = set()
        for value in vocab.facts[fact].allowed:
            try:
                completed = case_from_facts({**case.facts, **rest, fact: value})
            except InputError:
                continue
            got = engine.derive(completed).memory[rule.id]
            if got is not None:
                seen.add(got)
        if len(seen) > 1:
            return True
    return False


@pytest.mark.parametrize("name", PACKS)
@given(case=cases())
def test_outcome_within_permitted_and_citations_defined(name: str, case: Case) -> None:
    pack = get_pack(name)
    verdict = evaluate(pack, case)
    if verdict.outcome == "undetermined":
        assert verdict.permitted == []
    else:
        assert verdict.outcome in verdict.permitted
    assert verdict.citations, "every verdict rests on some clause"
    for c in verdict.citations:
        assert c.clause in pack.clauses
        assert c.label == clause_label(c.clause)
        assert c.text == pack.clauses[c.clause].text
    # disclosed: the rules behind the reasons, the members of a group shown by its "none" reason, the grades
    # — and the definitions any of them use
    groups = {"scenario_matched": pack.scenarios, "excluded": pack.exclusions}
    behind = {r.rule for r in verdict.reasons} | {o.id for o in pack.outcomes}
    behind |= {m.id for r in verdict.reasons if r.rule in groups for m in groups[r.rule]}
    for i in [*verdict.interpretations, *verdict.readings]:
        assert i.rule in behind or any(i.rule in _refs(pack, b) for b in behind), i.rule


def _refs(pack: Any, rule_id: str) -> list[str]:
    rule = next((r for r in pack.rules if r.id == rule_id), None)
    return [k[1:] for k in rule.reads if k.startswith("@")] if rule else []


def test_out_of_scope_is_deny_with_scope_cited() -> None:
    verdict = evaluate("fuzhou", {"subject.kind": "unit", "context.emergency": True})
    assert (verdict.outcome, verdict.in_scope) == ("deny", False)
    assert verdict.cited_clauses == ["art16"]


def test_english_labels_and_notes() -> None:
    verdict = evaluate("fuzhou", "examples/fuzhou_flood_exempt.yaml", lang="en")
    assert verdict.citations[0].label == "Article 16"
    assert verdict.interpretations[0].note.startswith("Article 16 covers")


def test_trace_records_every_rule_once_with_what_it_read() -> None:
    pack = get_pack("fuzhou")
    verdict = evaluate(pack, "examples/fuzhou_flood_exempt.yaml")
    rules = [t.rule for t in verdict.trace]
    assert len(rules) == len(set(rules)) == len(pack.rules) + 6
    first = verdict.trace[0]
    assert first.rule == "scope.direct" and first.derived == "scope.direct=true"
    assert first.read == {"subject.kind": "individual", "subject.org_type": "government",
                          "subject.position": "section_level"}
    assert verdict.trace[-1].derived == "outcome=exempt"


def test_fast_assembly_equals_model_construct() -> None:
    from rongcuo_rules.verdict import Verdict

    verdict = evaluate("fuzhou", "examples/fuzhou_flood_exempt.yaml")
    data = dict(verdict.__dict__)
    reference = Verdict.model_construct(**data)
    assert verdict == reference
    assert verdict.model_fields_set == reference.model_fields_set
    assert verdict.to_json() == reference.to_json()


def test_verdict_contents_are_read_only() -> None:
    verdict = evaluate("fuzhou", "examples/fuzhou_flood_exempt.yaml")
    with pytest.raises(TypeError):
        verdict.trace[0].read["subject.kind"] = "unit"  # type: ignore[index]
    with pytest.raises(Exception):
        verdict.outcome = "deny"  # type: ignore[misc]


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=80)
@given(case=cases(density=0.7))
def test_declared_monotone_facts_on_generated_cases(name: str, case: Case) -> None:
    """Cross-checks `rongcuo check`'s exact monotonicity results against the evaluator."""
    pack = get_pack(name)
    for prop in pack.properties:
        if prop.monotone is None:
            continue
        values = pack.vocabulary.facts[prop.monotone].allowed
        if pack.vocabulary.facts[prop.monotone].type == "bool":
            values = [False, True]
        ranks = []
        for value in values:
            result = outcome(name, {**case.facts, prop.monotone: value})
            if result in (None, "undetermined"):
                continue
            ranks.append(BETTER[result])
        ordered = sorted(ranks) if prop.direction == "up" else sorted(ranks, reverse=True)
        assert ranks == ordered, (prop.id, ranks)


@pytest.mark.parametrize("name", PACKS)
@given(case=cases())
def test_an_exclusion_that_holds_means_deny(name: str, case: Case) -> None:
    pack = get_pack(name)
    derivation = get_engine(pack, "native").derive(case)
    if any(derivation.memory[r.id] is True for r in pack.exclusions):
        assert derivation.outcome == "deny"


@pytest.mark.parametrize("name", [*PACKS, "shaoxing+X"])
@given(case=cases())
def test_fast_verdict_equals_the_reference_explanation(name: str, case: Any) -> None:
    """build_verdict (interned reasons and trace, one explanation per combination of rule results) gives
    exactly what reference_verdict builds straight from explain(), with no caches — including the second
    time a combination is met, when everything comes from the caches. Both share explain() and the item
    builders, so this checks the caching; what explain() decides is checked by the golden, oracle and
    property tests."""
    from rongcuo_rules.api import with_checklists
    from rongcuo_rules.verdict import build_verdict, reference_verdict

    pack = with_checklists("shaoxing", ["all"]) if name == "shaoxing+X" else get_pack(name)
    for lang in ("zh", "en"):
        d = get_engine(pack, "native").derive(case)
        ref = reference_verdict(pack, case, d, lang)
        assert build_verdict(pack, case, d, lang).to_json() == ref.to_json()
        assert build_verdict(pack, case, d, lang).to_json() == ref.to_json()  # served from the caches


@pytest.mark.parametrize("name", PACKS)
def test_rules_sharing_a_clause_name_their_elements(name: str) -> None:
    # 绍兴 printed five rows "条件 第三条" that a reader could not tell apart
    pack = get_pack(name)
    seen: dict[tuple[str, str], list[Any]] = {}
    for r in pack.rules:
        if r.kind != "definition":
            seen.setdefault((r.kind, r.clause), []).append(r)
    for (kind, clause), rules in seen.items():
        if len(rules) > 1:
            labels = [r.label.zh if r.label else None for r in rules]
            assert None not in labels and len(set(labels)) == len(labels), (kind, clause, labels)


def test_marks_say_what_a_line_means_for_the_person() -> None:
    from rongcuo_rules.render import render_verdict

    pack = get_pack("fuzhou")
    base = {**golden_cases_base("fuzhou"), "context.emergency": True}
    clear = render_verdict(evaluate(pack, base), pack)
    assert "✔ 不予容错情形 第九条：未触及所列不予容错情形" in clear  # no exclusion applies: good news
    hit = render_verdict(evaluate(pack, {**base, "conduct.vanity_project": True}), pack)
    assert "✘ 不予容错情形 第九条第（五）项：触及，不予容错" in hit
    shaoxing = get_pack("shaoxing")
    text = render_verdict(evaluate(shaoxing, {"conduct.private_gain": True}), shaoxing)
    assert "✘ 条件 第三条（未谋取私利）：不成立" in text


def golden_cases_base(pack: str) -> dict[str, Any]:
    from .conftest import GOLDEN
    from rongcuo_rules.yamlio import load_file

    return dict(load_file(GOLDEN / f"{pack}.yaml").data["base"])


@pytest.mark.parametrize("name", PACKS)
@settings(max_examples=60)
@given(case=cases(density=0.6))
def test_no_reason_line_is_printed_twice(name: str, case: Case) -> None:
    from rongcuo_rules.render import render_verdict

    pack = get_pack(name)
    for lang, heading in (("zh", "\n理由：\n"), ("en", "\nReasons:\n")):
        text = render_verdict(evaluate(pack, case, lang=lang), pack, lang)
        lines = text.split(heading)[1].split("\n\n")[0].splitlines()
        heads = [line for line in lines if not line.startswith("      ")]
        assert len(heads) == len(set(heads)), heads


def _fuzhou_verdict(path: str) -> Any:
    from rongcuo_rules import evaluate

    return evaluate("fuzhou", path, explain="full")


def test_verdicts_cross_processes() -> None:
    """A verdict pickles to an equal one, and a process pool returning verdicts completes (it used to hang:
    the read-only dicts inside a verdict refused to unpickle, which killed the pool's result thread)."""
    import multiprocessing
    import pickle

    from rongcuo_rules import evaluate

    examples = [str(ROOT / "examples" / n) for n in
                ("fuzhou_flood_exempt.yaml", "fuzhou_pending_undetermined.yaml", "urgent_decision_all_packs.yaml")]
    for path in examples:
        v = evaluate("fuzhou", path, explain="full")
        again = pickle.loads(pickle.dumps(v))
        assert again == v and again.to_json() == v.to_json()
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        result = pool.map_async(_fuzhou_verdict, examples)
        verdicts = result.get(timeout=120)
    assert [v.to_json() for v in verdicts] == [evaluate("fuzhou", p, explain="full").to_json() for p in examples]


def test_missing_facts_left_out_only_where_the_engine_settles_without_them() -> None:
    """济南, found by the missing-facts property test: 在未规范领域 is read by an undecided rule but, an
    unregulated area being never prohibited, changes nothing — left out. 抚州, from review: by the constraints
    the position cannot matter once the employer is settled, but the engine's entailment cannot use that
    (the position is not a yes/no fact), so it stays: settling the listed facts must decide the case."""
    from rongcuo_rules import get_pack

    jinan = {'accountability.discipline_required': True, 'accountability.proposed_form': 'none', 'conduct.benefits_development': True, 'conduct.collusion': True, 'conduct.defied_superior_ban': True, 'conduct.dereliction': True, 'conduct.duties_performed': True, 'conduct.harms_public_interest': True, 'conduct.knowing_violation': False, 'conduct.public_motive': True, 'conduct.vanity_project': True, 'context.debt_risk': True, 'context.emergency': True, 'context.force_majeure': True, 'context.innovation_strategy': True, 'context.key_task': True, 'context.policy_conflict': True, 'context.policy_unclear': True, 'context.soe_reform': True, 'context.stability_petition': True, 'context.strict_governance': True, 'context.unconventional_measures': True, 'context.unforeseeable': True, 'history.prior_tolerance_same_issue': True, 'history.repeated_error_same_issue': True, 'impact.accident_environment': 'none', 'impact.escalated': True, 'impact.loss': 'none', 'impact.mass_incident': 'none', 'impact.social': 'none', 'procedure.reported_after': True, 'procedure.risk_assessed': True, 'procedure.statutory_bypass': True, 'procedure.urgent_decision': True, 'subject.kind': 'individual', 'subject.org_type': 'party_organ', 'subject.party_member': True, 'subject.sector': 'education'}
    fuzhou = {"subject.kind": "individual", "conduct.prohibited_by_law": False, "conduct.consistent_with_policy": True,
              "conduct.benefits_development": True, "conduct.public_motive": True, "conduct.private_gain": False,
              "procedure.collective_decision": True, "procedure.risk_assessed": True, "impact.loss": "minor",
              "impact.social": "minor", "remediation.level": "partial", "context.key_task": True}
    v = evaluate("fuzhou", fuzhou)
    assert v.outcome == "undetermined" and v.missing_facts == ["subject.org_type", "subject.position"]
    settled = evaluate("fuzhou", {**fuzhou, "subject.org_type": "government"})
    assert settled.outcome == "undetermined" and settled.missing_facts == ["subject.position"]
    j = evaluate(get_pack("jinan"), jinan)
    assert j.outcome == "undetermined"
    assert j.missing_facts == ["conduct.consistent_with_policy", "conduct.intentional", "conduct.private_gain",
                               "conduct.prohibited_by_law"]  # not conduct.unregulated_area


def test_errors_cross_processes_whole() -> None:
    """An InputError pickles with its code, place and parameters (the default rebuilt it from its English
    text: code and Chinese wording lost)."""
    import pickle

    from rongcuo_rules.errors import Location

    err = InputError("fact.unknown", Location("case.yaml", 2, 3), fact="conduct.privte_gain",
                     hint="conduct.private_gain")
    again = pickle.loads(pickle.dumps(err))
    assert (again.code, again.location, again.params) == (err.code, err.location, err.params)
    assert again.render("zh") == err.render("zh") and "未知的事实" in again.render("zh")
