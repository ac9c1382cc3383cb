"""Element coverage: which glossary phrases each operative clause of a pack uses, and which its rules
encode, set aside or add. Shared by RL501 (element dropped), RL502 (element added) and RL504.

A clause's phrases are encoded when some rule resting on the clause (``rule.clause``) uses their reading
— directly or through a definition it refers to — or, for outcome words (从轻 / 减轻 / 免责), when an
outcome rule resting on it has that outcome in its permitted range. A phrase the glossary reads as no
requirement (``decisive: false``) never needs encoding; any other phrase a rule does not encode must be
in the rule's ``set_aside`` with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..glossary import Glossary, Occurrence, default_glossary
from ..pack import Pack, Rule

SECTIONS = (("definitions", "definitions"), ("scope", "scope"), ("conditions", "conditions"),
            ("scenarios", "scenarios"), ("exclusions", "exclusions"), ("outcomes", "outcomes"))


@dataclass(frozen=True)
class RuleAt:
    rule: Rule
    path: tuple[str, int]  # (section, index) in the pack file


def rules_at(pack: Pack) -> list[RuleAt]:
    out = []
    for attr, section in SECTIONS:
        for i, rule in enumerate(getattr(pack, attr)):
            if rule.checklist is None:  # rules an X checklist added are linted with the checklist
                out.append(RuleAt(rule, (section, i)))
    return out


def used_readings(pack: Pack, rule: Rule) -> set[str]:
    """The readings a rule uses, through the definitions it refers to."""
    defs = {d.id: d for d in pack.definitions}
    seen: set[str] = set()
    out: set[str] = set()

    def walk(r: Rule) -> None:
        out.update(r.readings)
        for key in r.reads:
            if key.startswith("@") and key[1:] not in seen:
                seen.add(key[1:])
                walk(defs[key[1:]])

    walk(rule)
    return out


@dataclass(frozen=True)
class Gap:
    """A decisive phrase of a clause that none of the rules resting on it encodes or sets aside."""

    clause: str
    name: str
    occurrence: Occurrence
    first: RuleAt  # the first rule resting on the clause (where the fix goes)


def dropped(pack: Pack, glossary: Glossary | None = None) -> list[Gap]:
    g = glossary or default_glossary()
    by_clause: dict[str, list[RuleAt]] = {}
    for ra in rules_at(pack):
        by_clause.setdefault(ra.rule.clause, []).append(ra)
    gaps = []
    for cid, ras in by_clause.items():
        clause = pack.clauses[cid]
        used: set[str] = set()
        aside: set[str] = set()
        permitted: set[str] = set()
        outcome_rules = False
        for ra in ras:
            used |= used_readings(pack, ra.rule)
            aside.update(name for name, _why in ra.rule.set_aside)
            if ra.rule.kind == "outcome":
                outcome_rules = True
                permitted.update(ra.rule.permitted)
        reported: set[str] = set()
        for occ in g.find(clause.text):
            for name in occ.entries:
                entry = g.entries[name]
                if name in reported or name in aside or name in used or not entry.decisive:
                    continue
                if entry.outcome is not None and (not outcome_rules or entry.outcome in permitted):
                    continue
                reported.add(name)
                gaps.append(Gap(cid, name, occ, ras[0]))
    return gaps


@dataclass(frozen=True)
class Extra:
    """A reading (or permitted outcome) a rule uses whose phrase is in neither its clause nor the clauses
    that inform it."""

    at: RuleAt
    name: str  # the reading, or the outcome for an outcome word


def added(pack: Pack, glossary: Glossary | None = None) -> list[Extra]:
    g = glossary or default_glossary()
    out = []
    for ra in rules_at(pack):
        rule = ra.rule
        texts = [pack.clauses[c].text for c in (rule.clause, *rule.informed_by)]
        present = {n for t in texts for n in g.names_in(t)}
        for name in rule.readings:
            if name not in present:
                out.append(Extra(ra, name))
        if rule.kind == "outcome":
            words = {g.entries[n].outcome for n in present if g.entries[n].outcome is not None}
            for outcome in rule.permitted:
                if outcome not in words:
                    out.append(Extra(ra, outcome))
    return out
