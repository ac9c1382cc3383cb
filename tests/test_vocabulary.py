"""The vocabulary is the DESIGN §4 contract: every name and value, open/closed, order, both languages."""

from __future__ import annotations

from rongcuo_rules.vocabulary import default_vocabulary

SCALE = ["none", "general", "larger", "major", "especially_major"]
ENUMS = {
    "subject.kind": ["individual", "unit"],
    "subject.org_type": ["party_organ", "people_congress", "government", "cppcc", "supervision_commission",
                         "court", "procuratorate", "democratic_party", "people_organization",
                         "public_institution", "state_owned_enterprise", "village_committee",
                         "other_public_function", "non_public"],
    "subject.position": ["unit_leadership", "section_level", "staff", "contract_staff", "village_cadre"],
    "subject.sector": ["education", "other"],
    "impact.loss": ["none", "minor", "considerable", "severe", "major"],
    "impact.social": ["none", "minor", "considerable", "severe", "major"],
    "impact.accident_safety": SCALE, "impact.accident_food_drug": SCALE,
    "impact.accident_environment": SCALE, "impact.mass_incident": SCALE,
    "remediation.level": ["none", "partial", "full"],
    "accountability.proposed_form": ["none", "form1", "form2", "form3", "form4"],
}
ORDERED = {"impact.loss", "impact.social", "impact.accident_safety", "impact.accident_food_drug",
           "impact.accident_environment", "impact.mass_incident", "remediation.level",
           "accountability.proposed_form"}
OPEN = {"subject.kind", "subject.org_type", "subject.party_member", "subject.position", "subject.sector",
        "conduct.consistent_with_policy", "conduct.benefits_development", "conduct.prohibited_by_law",
        "conduct.unregulated_area", "conduct.public_motive", "conduct.private_gain", "conduct.intentional",
        "conduct.duties_performed", "procedure.collective_decision", "procedure.risk_assessed",
        "impact.loss", "impact.social", "remediation.level"}
CLOSED_BOOLS = {
    "conduct.knowing_violation", "conduct.defied_superior_ban", "conduct.dereliction", "conduct.vanity_project",
    "conduct.raised_barriers", "conduct.collusion", "conduct.harms_public_interest", "conduct.political_breach",
    "conduct.integrity_breach", "procedure.statutory_bypass", "procedure.urgent_decision",
    "procedure.reported_after", "impact.escalated", "remediation.concealed",
    "history.prior_tolerance_same_issue", "history.repeated_error_same_issue",
    "accountability.discipline_required",
}
CONTEXT = """reform_pilot policy_unclear policy_inadequate policy_conflict policy_changed external_experience
innovation_strategy implementing_decisions unconventional_measures key_task emergency stability_petition
enterprise_service talent approval_reform public_infrastructure livelihood debt_risk soe_reform
law_enforcement applicant_deception strict_governance dissent_on_record cadre_work dossier_review
grassroots_no_authority grassroots_incentive self_raised_target false_accusation rule_of_the_time
duty_diligence method_flaw complaints force_majeure unforeseeable target_not_met recognized_other""".split()


def test_every_design_fact_is_present_with_its_values() -> None:
    vocab = default_vocabulary()
    expected = set(ENUMS) | OPEN | CLOSED_BOOLS | {f"context.{c}" for c in CONTEXT}
    assert set(vocab.facts) == expected
    for name, values in ENUMS.items():
        assert vocab.facts[name].allowed == values, name
    for name, fact in vocab.facts.items():
        assert fact.ordered == (name in ORDERED), name
        assert fact.open == (name in OPEN), name
        if name not in ENUMS:
            assert fact.type == "bool", name


def test_every_fact_and_value_has_both_languages_and_a_source() -> None:
    for name, fact in default_vocabulary().facts.items():
        for text in (fact.label.zh, fact.label.en, fact.description.zh, fact.description.en, fact.source):
            assert text.strip(), name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in fact.label.zh), name
        for v in fact.values or []:
            assert v.zh.strip() and v.en.strip(), (name, v.id)


def test_closed_defaults() -> None:
    vocab = default_vocabulary()
    assert vocab.facts["impact.accident_safety"].default == "none"
    assert vocab.facts["context.emergency"].default is False
    assert vocab.facts["conduct.private_gain"].default is None
    assert vocab.blank_memory["conduct.private_gain"] is None
    assert vocab.blank_memory["impact.accident_safety"] == 0 and vocab.blank_memory["context.emergency"] is False


def test_constraint_from_design_is_present() -> None:
    ids = [c.id for c in default_vocabulary().constraints]
    assert "unregulated_not_prohibited" in ids
