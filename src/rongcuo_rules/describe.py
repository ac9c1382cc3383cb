"""A pack as a reader wants it (``rongcuo show``): each scope, condition, scenario, exclusion and outcome with its
clause text verbatim, the facts it reads and the values it needs, and the readings and interpretations it uses;
and a fact's use across packs (``rongcuo vocabulary FACT``). Text, JSON and Markdown."""

from __future__ import annotations

from typing import Any

from .expr import All, Any_, Compare, Const, Expr, Not, Reading, Ref
from .pack import Pack, Rule
from .wording import text

SECTIONS = ("scope", "conditions", "scenarios", "exclusions", "outcomes")


def _value(pack: Pack, fact: str, value: Any, lang: str) -> str:
    f = pack.vocabulary.facts[fact]
    values = value if isinstance(value, list) else [value]
    return text("show.or", lang).join(f.value_label(v, lang) for v in values)


def condition_lines(expr: Expr, pack: Pack, lang: str, depth: int = 0) -> list[str]:
    """The condition as indented lines a person reads: each fact by its label and name, with the values it
    needs; all / any / not as headings over their parts; a definition or glossary reading by name, then its
    own condition."""
    pad = "  " * depth
    if isinstance(expr, Compare):
        label = pack.vocabulary.facts[expr.fact].label.get(lang)
        op = text(f"show.op.{expr.op}", lang)
        return [pad + text("show.compare", lang, label=label, fact=expr.fact, op=op,
                           value=_value(pack, expr.fact, expr.value, lang))]
    if isinstance(expr, (All, Any_)):
        head = text("show.all" if isinstance(expr, All) else "show.any", lang)
        out = [f"{pad}{head}"]
        for part in expr.items:
            out += condition_lines(part, pack, lang, depth + 1)
        return out
    if isinstance(expr, Not):
        return [f"{pad}{text('show.not', lang)}", *condition_lines(expr.item, pack, lang, depth + 1)]
    if isinstance(expr, Reading):
        return [f"{pad}{text('show.reading', lang, name=expr.name)}",
                *condition_lines(expr.target, pack, lang, depth + 1)]
    if isinstance(expr, Ref):
        out = [f"{pad}{text('show.definition', lang, name=expr.name)}"]
        if expr.target is not None:
            out += condition_lines(expr.target, pack, lang, depth + 1)
        return out
    if isinstance(expr, Const):
        return [f"{pad}{text('value.true' if expr.value else 'value.false', lang)}"]
    return [f"{pad}{expr.to_data()}"]


def _facts(rule: Rule) -> list[str]:
    return [r for r in rule.expr.reads() if not r.startswith("@")]


def rule_entry(pack: Pack, rule: Rule, lang: str) -> dict[str, Any]:
    clause = pack.clauses[rule.clause]
    return {"rule": rule.id, "clause": rule.clause, "label": clause.label(lang), "text": clause.text,
            "outcome": rule.outcome, "facts": _facts(rule), "condition": rule.expr.to_data(),
            "condition_lines": condition_lines(rule.expr, pack, lang),
            "readings": list(rule.readings),
            "interpretation": rule.interpretation.get(lang) if rule.interpretation else None,
            "checklist": rule.checklist}


def pack_document(pack: Pack, lang: str = "zh") -> dict[str, Any]:
    return {"pack": pack.name, "version": pack.version, "title": pack.title.get(lang), "issuer": pack.issuer.get(lang),
            "issued": pack.issued,
            **{section: [rule_entry(pack, r, lang) for r in getattr(pack, section)] for section in SECTIONS},
            "definitions": [{"name": d.id, "condition_lines": condition_lines(d.expr, pack, lang)}
                            for d in pack.definitions]}


def render_pack(pack: Pack, lang: str = "zh", markdown: bool = False) -> str:
    """The pack as text for a terminal, or Markdown (``markdown``) for a page."""
    doc = pack_document(pack, lang)
    title = f"{doc['title']}（{pack.name} {pack.version}）"
    out = [f"# {title}" if markdown else title, "",
           f"{text('heading.issuer', lang)}: {doc['issuer']}   {text('heading.issued', lang)}: {doc['issued']}"]
    for section in SECTIONS:
        if not doc[section]:
            continue
        heading = text(f"show.section.{section}", lang)
        out += ["", f"## {heading}" if markdown else f"{heading}"]
        for e in doc[section]:
            outcome = f" → {text('outcome.' + e['outcome'], lang)}" if e["outcome"] else ""
            extra = []
            if e["readings"]:
                extra.append(text("show.readings", lang, names="、".join(e["readings"])))
            if e["interpretation"]:
                extra.append(text("show.interpretation", lang) + e["interpretation"])
            if markdown:
                out += ["", f"### 【{e['label']}】{outcome} `{e['rule']}`", "", f"> {e['text']}", "",
                        f"{text('show.needs', lang)}:", "", "```", *e["condition_lines"], "```"]
                out += [f"- {x}" for x in extra]
            else:
                out += [f"  【{e['label']}】{e['text']}{outcome}", f"    {text('show.needs', lang)}（{e['rule']}）:"]
                out += ["      " + line for line in e["condition_lines"]]
                out += [f"    {x}" for x in extra]
    return "\n".join(out) + "\n"


def fact_uses(fact: str, packs: list[Pack], lang: str = "zh") -> list[dict[str, Any]]:
    """Where each pack's rules read ``fact`` (directly or through a definition or reading)."""
    out = []
    for pack in packs:
        for section in (*SECTIONS, "definitions"):
            for rule in getattr(pack, section):
                if fact in rule.expr.reads():
                    clause = pack.clauses.get(rule.clause)
                    out.append({"pack": pack.name, "section": section, "rule": rule.id, "clause": rule.clause,
                                "label": clause.label(lang) if clause else rule.clause})
    return out
