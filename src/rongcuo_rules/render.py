"""Text renderings of verdicts for people, Chinese (default) or English."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from .outcomes import tolerates
from .pack import Pack
from .verdict import Verdict
from .vocabulary import Vocabulary
from .wording import outcome_label, punct, text


def _h(key: str, lang: str) -> str:
    return text("heading." + key, lang)


def _value(vocab: Vocabulary, fact: str, value: object, lang: str) -> str:
    f = vocab.facts.get(fact)
    return f.value_label(value, lang) if f is not None else str(value)


def _fact_label(vocab: Vocabulary, fact: str, lang: str) -> str:
    f = vocab.facts.get(fact)
    return f.label.get(lang) if f is not None else fact


def render_verdict(verdict: Verdict, pack: Pack, lang: str = "zh") -> str:
    vocab = pack.vocabulary
    p = punct(lang)
    sep = p.colon
    lines: list[str] = []
    title = pack.title.get(lang)
    case = f"  {_h('case', lang)}{sep}{verdict.case_id}" if verdict.case_id else ""
    lines.append(f"{title}{p.paren(f'{pack.name} {pack.version}')}{case}")
    lines.append("=" * 60)
    lines.append(f"{_h('outcome', lang)}{sep}{outcome_label(verdict.outcome, lang)}"
                 f" [{verdict.outcome}]")
    if verdict.permitted and verdict.permitted != [verdict.outcome]:
        rng = p.join(outcome_label(o, lang) for o in verdict.permitted)
        lines.append(f"{_h('permitted', lang)}{sep}{rng}")
    scope = {True: _h("holds", lang), False: _h("fails", lang), None: _h("undecided", lang)}[verdict.in_scope]
    lines.append(f"{_h('in_scope', lang)}{sep}{scope}")

    if verdict.missing_facts:
        lines.append("")
        lines.append(f"{_h('missing', lang)}{sep.rstrip()}")
        for fact in verdict.missing_facts:
            f = vocab.facts[fact]
            allowed = " / ".join(_value(vocab, fact, v, lang) for v in f.allowed)
            lines.append(f"  · {fact}{p.paren(f.label.get(lang) + p.semi + allowed)}")

    if verdict.decision_table:
        lines.append("")
        lines.append(f"{_h('decision_table', lang)}{sep.rstrip()}")
        for row in verdict.decision_table:
            when = p.comma.join(f"{_fact_label(vocab, k, lang)}={_value(vocab, k, v, lang)}" for k, v in row.when.items())
            lines.append(f"  · {text('heading.if_then', lang, when=when, outcome=outcome_label(row.outcome, lang))}")
        from .decision import EXPANDED

        rest = verdict.missing_facts[EXPANDED:]  # the table expands the first of them, in this order
        if rest:
            lines.append(f"  · {_h('rest', lang)}{sep}{p.join(_fact_label(vocab, f, lang) for f in rest)}")

    if verdict.checklists:
        lines.append(f"{text('checklist.checklists', lang)}{sep}{p.join(verdict.checklists)}")

    lines.append("")
    lines.append(f"{_h('citations', lang)}{sep.rstrip()}")
    lines.extend(_citation_lines(verdict, pack, lang))

    lines.append("")
    lines.append(f"{_h('reasons', lang)}{sep.rstrip()}")
    rules = {r.id: r for r in pack.rules}
    for r in verdict.reasons:
        # the mark says what the line means for the person: a condition met ✔ / failed ✘, an exclusion not
        # triggered ✔ / triggered ✘
        good = r.holds if r.kind != "exclusion" or r.holds is None else not r.holds
        mark = {True: "✔", False: "✘", None: "?"}[good]
        kind = text("kind." + r.kind, lang)
        label = pack.clauses[r.clause].label(lang)
        element = rules[r.rule].label if r.rule in rules else None
        if element is not None:  # one of several rules on the clause: name the element it encodes
            label += p.paren(element.get(lang))
        if r.rule == "scenario_matched":
            detail = _h("no_match", lang)
        elif r.rule == "excluded":
            detail = _h("no_exclusion", lang)
        elif r.kind == "exclusion":
            detail = {True: _h("triggered", lang), False: _h("not_triggered", lang), None: _h("undecided", lang)}[r.holds]
        else:
            detail = {True: _h("holds", lang), False: _h("fails", lang), None: _h("undecided", lang)}[r.holds]
        lines.append(f"  {mark} {kind} {label}{sep}{detail}")
        if r.because:
            facts = p.semi.join(f"{_fact_label(vocab, k, lang)}={_value(vocab, k, v, lang)}"
                                for k, v in r.because.items())
            lines.append(f"      {_h('facts', lang)}{sep}{facts}")

    if verdict.near_misses:
        lines.append("")
        lines.append(f"{_h('near_misses', lang)}{sep.rstrip()}")
        for n in verdict.near_misses:
            lines.append("  " + p.cite(n.label, pack.clauses[n.clause].text))
            lacks = p.semi.join(_unmet(vocab, u, lang) for u in n.unmet)
            lines.append(f"      {_h('lacks', lang)}{sep}{lacks}")

    if verdict.alternatives:
        lines.append("")
        lines.append(f"{_h('alternatives', lang)}{sep.rstrip()}")
        for a in verdict.alternatives:
            changes = text("heading.and", lang).join(
                text("heading.establish", lang, fact=_fact_label(vocab, f, lang), new=_value(vocab, f, c["to"], lang))
                if c["from"] is None else
                text("heading.change", lang, fact=_fact_label(vocab, f, lang), old=_value(vocab, f, c["from"], lang),
                     new=_value(vocab, f, c["to"], lang)) for f, c in a.changes.items())
            basis = p.join(pack.clauses[cl].label(lang) for cl in a.deciding)
            tag = f" [{_h('after_the_event', lang)}]" if a.mutable_only else ""
            lines.append(f"  · {text('heading.if_would', lang, when=changes, outcome=outcome_label(a.outcome, lang))}"
                         f"{p.paren(text('heading.basis_of', lang, clauses=basis))}{tag}")

    if verdict.consequences:
        lines.append("")
        lines.append(f"{_h('consequences', lang)}{sep.rstrip()}")
        for c in verdict.consequences:
            label = pack.clauses[c.clause].label(lang)
            lines.append("  " + p.cite(label, c.text))

    if verdict.implied_facts:
        lines.append("")
        lines.append(f"{_h('implied', lang)}{sep.rstrip()}")
        for i in verdict.implied_facts:
            lines.append(f"  · {_fact_label(vocab, i.fact, lang)}={_value(vocab, i.fact, i.value, lang)}"
                         f"{p.paren(i.constraint)}")

    if verdict.interpretations:
        lines.append("")
        lines.append(f"{_h('interpretations', lang)}{sep.rstrip()}")
        for i in verdict.interpretations:
            lines.append(f"  · {i.rule}{sep}{i.note}")
    if verdict.readings:
        lines.append("")
        lines.append(f"{_h('readings', lang)}{sep.rstrip()}")
        for name, uses in _group_readings(verdict):
            departs = f" [{_h('departs', lang)}]" if uses[0].departs_from_glossary else ""
            rules = ", ".join(u.rule for u in uses)
            lines.append(f"  · {name}{departs}{p.paren(rules)}{sep}{uses[0].note}")
    return "\n".join(lines) + "\n"


def _unmet(vocab: Vocabulary, u: Any, lang: str) -> str:
    """'损失程度 ≤ 较小/一定损失（实为 较重损失）': the wanted values and the actual one in words."""
    symbol, _, values = u.wanted.partition(" ")
    f = vocab.facts[u.fact]
    wanted = "/".join(_value(vocab, u.fact, (v == "true") if f.type == "bool" else v, lang) for v in values.split("/"))
    actual = text("heading.unknown", lang) if u.actual is None else _value(vocab, u.fact, u.actual, lang)
    return f"{_fact_label(vocab, u.fact, lang)} {symbol} {wanted}" + punct(lang).paren(
        text("heading.actually", lang, value=actual))


def _group_readings(verdict: Verdict) -> list[tuple[str, list]]:  # type: ignore[type-arg]
    """Each reading once, with the rules that use it (a reading's note is the same for every rule)."""
    grouped: dict[str, list] = {}  # type: ignore[type-arg]
    for u in verdict.readings:
        grouped.setdefault(u.reading, []).append(u)
    return list(grouped.items())


def _citation_lines(verdict: Verdict, pack: Pack, lang: str) -> list[str]:
    """Cited clauses, each matched X checklist item indented under the parent scenario it refines."""
    p = punct(lang)

    def show(label: str, body: str, indent: str = "  ") -> str:
        return indent + p.cite(label, body)

    cited = {c.clause for c in verdict.citations}
    items = {r.clause: r for r in verdict.refinements}
    under: dict[str, list[str]] = {}
    for r in verdict.refinements:
        for b in r.beside:
            if b in cited:
                under.setdefault(b, []).append(r.clause)
                break
    placed = {c for cs in under.values() for c in cs}
    by_clause = {c.clause: c for c in verdict.citations}
    out = []
    for c in verdict.citations:
        if c.clause in placed:
            continue
        if c.clause in items:  # refines a parent scenario that is not itself cited (the catch-all)
            parents = p.join(pack.clauses[b].label(lang) for b in items[c.clause].beside)
            out.append(show(c.label, c.text) + p.paren(text("checklist.refines_parents", lang, parents=parents)))
            continue
        out.append(show(c.label, c.text))
        for item in under.get(c.clause, []):
            ci = by_clause[item]
            out.append(show(ci.label, ci.text, "    └ "))
    return out


def _width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _decisive(verdict: Verdict, pack: Pack, lang: str) -> str:
    """What distinguishes this verdict: matched scenarios and outcome article, or what failed."""
    p = punct(lang)
    if tolerates(verdict.outcome):
        ids = [r.clause for r in verdict.reasons if r.kind in ("scenario", "outcome") and r.holds]
        return p.join(pack.clauses[i].label(lang) for i in dict.fromkeys(ids))
    # a deny for want of a scenario says so, instead of listing the scenario articles as if they caused it
    lists = [r.clause for r in verdict.reasons if r.rule == "scenario_matched"] if verdict.outcome == "deny" else []
    ids = [c.clause for c in verdict.citations if c.clause not in lists]
    parts = [pack.clauses[i].label(lang) for i in dict.fromkeys(ids)]
    if lists:
        parts.append(_h("no_match_short", lang) + p.paren(p.join(pack.clauses[c].label(lang) for c in lists)))
    return p.join(parts)


def render_summary(verdicts: Sequence[Verdict], packs: Sequence[Pack], lang: str = "zh") -> str:
    """One row per pack: outcome (with the permitted range), the clauses that decide it, and any facts
    still to establish — a table a person reads to see where the measures differ."""
    pc = punct(lang)
    head = [_h("pack", lang), _h("outcome", lang), _h("basis", lang), _h("to_establish", lang)]
    rows = []
    for v, p in zip(verdicts, packs):
        outcome = outcome_label(v.outcome, lang)
        if len(v.permitted) > 1:
            rng = ("/".join(outcome_label(o, lang) for o in v.permitted))
            outcome += pc.paren(rng)
        if v.in_scope is False:
            outcome += pc.comma + _h("out_of_scope", lang)
        rows.append([p.name, outcome, _decisive(v, p, lang), ", ".join(v.missing_facts) or "—"])
    widths = [max(_width(r[i]) for r in [head, *rows]) for i in range(4)]
    line = "  ".join("-" * w for w in widths)
    out = [_h("summary", lang), "", "  ".join(_pad(h, w) for h, w in zip(head, widths)).rstrip(), line]
    out += ["  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(out) + "\n"
