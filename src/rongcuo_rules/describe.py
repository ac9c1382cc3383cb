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
    return text("show.list", lang).join(f.value_label(v, lang) for v in values)


def condition_lines(expr: Expr, pack: Pack, lang: str, depth: int = 0) -> list[str]:
    """The condition as indented lines a person reads: each fact by its label and name, with the values it
    needs; all / any / not as headings over their parts; a definition or glossary reading by name, then its
    own condition."""
    pad = "  " * depth
    if isinstance(expr, Compare):
        fact = pack.vocabulary.facts[expr.fact]
        label = fact.label.get(lang)
        value = _value(pack, expr.fact, expr.value, lang)
        if fact.type == "bool" and expr.op in ("is", "is_not"):  # 谋取私利：是 — a yes/no fact needs no verb
            shown = fact.value_label(bool(expr.value) == (expr.op == "is"), lang)
            return [pad + text("show.bool", lang, label=label, fact=expr.fact, value=shown)]
        op = text(f"show.op.{expr.op}", lang)
        return [pad + text("show.compare", lang, label=label, fact=expr.fact, op=op, value=value)]
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
        return [pad + text("show.always" if expr.value else "show.never", lang)]
    return [f"{pad}{expr.to_data()}"]


def facts_read(expr: Expr) -> list[str]:
    """The facts a condition reads, through its definitions and readings too (in order of first reading)."""
    out: list[str] = []

    def walk(e: Expr) -> None:
        if isinstance(e, Compare):
            if e.fact not in out:
                out.append(e.fact)
        elif isinstance(e, (All, Any_)):
            for part in e.items:
                walk(part)
        elif isinstance(e, Not):
            walk(e.item)
        elif isinstance(e, Reading):
            walk(e.target)
        elif isinstance(e, Ref) and e.target is not None:
            walk(e.target)

    walk(expr)
    return out


def _facts(rule: Rule) -> list[str]:
    return facts_read(rule.expr)


def rule_entry(pack: Pack, rule: Rule, lang: str) -> dict[str, Any]:
    clause = pack.clauses[rule.clause]
    element = rule.label.get(lang) if getattr(rule, "label", None) else None
    return {"rule": rule.id, "clause": rule.clause, "label": clause.label(lang), "element": element,
            "text": clause.text, "outcome": rule.outcome, "permitted": list(rule.permitted),
            "facts": _facts(rule), "condition": rule.expr.to_data(),
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
    from .wording import punct

    cite = punct(lang).cite
    doc = pack_document(pack, lang)
    title = f"{doc['title']}（{pack.name} {pack.version}）"
    out = [f"# {title}" if markdown else title, "",
           f"{text('heading.issuer', lang)}{text('ui.colon', lang)}{doc['issuer']}   "
           f"{text('heading.issued', lang)}{text('ui.colon', lang)}{doc['issued']}"]
    for section in SECTIONS:
        if not doc[section]:
            continue
        heading = text(f"show.section.{section}", lang)
        out += ["", f"## {heading}" if markdown else f"{heading}"]
        if section == "outcomes":  # how the outcome rules combine
            out += ["", text("show.outcomes_note", lang)] if markdown else ["  " + text("show.outcomes_note", lang)]
        for e in doc[section]:
            outcome = ""
            if e["outcome"]:
                allowed = text("show.list", lang).join(text("outcome." + o, lang) for o in e["permitted"])
                outcome = " → " + text("outcome." + e["outcome"], lang) + (
                    text("show.permitted", lang, outcomes=allowed) if e["permitted"] else "")
            extra = []
            if e["readings"]:
                extra.append(text("show.readings", lang, names="、".join(e["readings"])))
            if e["interpretation"]:
                extra.append(text("show.interpretation", lang) + e["interpretation"])
            element = f"（{e['element']}）" if e["element"] else ""
            colon = text("ui.colon", lang)
            if markdown:
                out += ["", f"### {cite(e['label'])}{element}{outcome} `{e['rule']}`", "", f"> {e['text']}", "",
                        f"{text('show.needs', lang)}{colon}", "", "```", *e["condition_lines"], "```"]
                out += [f"- {x}" for x in extra]
            else:
                out += [f"  {cite(e['label'])}{element}{e['text']}{outcome}",
                        f"    {text('show.needs', lang)}（{e['rule']}）{colon}"]
                out += ["      " + line for line in e["condition_lines"]]
                out += [f"    {x}" for x in extra]
    return "\n".join(out) + "\n"


def fact_uses(fact: str, packs: list[Pack], lang: str = "zh") -> list[dict[str, Any]]:
    """Where each pack's rules read ``fact`` (directly or through a definition or reading)."""
    out = []
    for pack in packs:
        for section in (*SECTIONS, "definitions"):
            for rule in getattr(pack, section):
                if fact in facts_read(rule.expr):
                    clause = pack.clauses.get(rule.clause)
                    out.append({"pack": pack.name, "section": section, "section_label": text(f"show.section.{section}", lang),
                            "rule": rule.id, "clause": rule.clause,
                            "label": clause.label(lang) if clause else rule.clause})
    return out
