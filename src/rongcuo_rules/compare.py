"""Exact comparison of two packs over decision diagrams (and the diagrams property checks share).

The space is every assignment of the facts either pack reads — each fact one of its values, the
investigation taken as complete — less the assignments a vocabulary constraint forbids, with ``assume``
fixing some facts. In that space the logic is two-valued, so each pack's outcome is built as a reduced,
ordered decision diagram over the facts (:mod:`rongcuo_rules.mdd`), the two are paired with the
constraints' validity diagram, and model counting gives the exact size of the space, of the agreement,
and of each outcome pair. Nothing is sampled: "no difference" means none exists.

The differing paths of the paired diagram (values leading to the same child merged) are regions with a
fixed outcome pair. Each is re-evaluated with the real evaluator on a representative case; regions are
grouped by the outcome pair and the clauses that cause the difference on each side (:func:`causes`),
and each group gets a minimal witness — its facts, reduced greedily while both verdicts keep the same
outcomes and causes (fewest facts away from the neutral case: closed facts at their default, open facts
unknown). At most ``max_regions`` regions are itemised; the remainder is counted, not grouped.

A first version split on facts until both packs' three-valued outcomes were decided; it was measured and
dropped (170,000 regions in 20 s for 抚州 vs 常州, unfinished).
"""

from __future__ import annotations

import time

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .boolean import Diagrams, pair as _pair
from .case import trusted_case
from .errors import EngineError, InputError
from .outcomes import tolerates
from .pack import Pack
from .verdict import Verdict, derive_verdict



# ── comparing two packs ─────────────────────────────────────────────────────


@dataclass
class Difference:
    outcome_a: str
    outcome_b: str
    cites_a: list[str]
    cites_b: list[str]
    witness: dict[str, Any]  # external values
    count: int
    verdict_a: Verdict
    verdict_b: Verdict


@dataclass
class Comparison:
    a: str
    b: str
    assume: dict[str, Any]
    total: int
    agree: int
    differences: list[Difference]
    not_itemised: int = 0  # differing assignments beyond max_regions (counted, not grouped)

    @property
    def agreement(self) -> float:
        return self.agree / self.total if self.total else 1.0


def _verdicts(a: Pack, b: Pack, facts: dict[str, Any], explain: str = "none") -> tuple[Verdict, Verdict] | None:
    """Both verdicts on ``facts`` (vocabulary values), or None where the facts are impossible. The search
    for witnesses reads only outcomes, reasons and citations (``explain="none"``); the verdicts reported
    with the final witnesses explain as the API does by default."""
    try:
        case = trusted_case(a.vocabulary, facts)
    except InputError:
        return None
    return derive_verdict(a, case, explain=explain), derive_verdict(b, case, explain=explain)


def check_assumptions(pairs: Iterable[tuple[str, Any]], where: str = "--assume") -> dict[str, Any]:
    """Assumed facts (name, vocabulary value) checked as a comparison needs them: known facts (did-you-mean),
    allowed values, none given twice, and together possible under the vocabulary's constraints."""
    from .errors import Location
    from .vocabulary import default_vocabulary

    vocab = default_vocabulary()
    out: dict[str, Any] = {}
    for name, value in pairs:
        fact = vocab.lookup(str(name).strip())
        if fact.name in out:
            raise InputError("cli.assume_twice", fact=fact.name)
        fact.encode(value)
        out[fact.name] = value
    try:  # assumptions the vocabulary's constraints rule out together describe no case
        trusted_case(vocab, out)
    except InputError as exc:
        raise InputError(exc.code, Location(where), **exc.params) from None
    return out


def compare(a: Pack, b: Pack, assume: Mapping[str, Any] | None = None,
            max_regions: int = 5000, deadline: float | None = None) -> Comparison:
    """Every region of the fact space where ``a`` and ``b`` give different outcomes (exact counts).

    Regions (paths of the paired diagram) are grouped by the outcome pair and the clauses each side's
    verdict cites on the region's minimal witness; ``max_regions`` bounds how many differing regions get
    a witness (the totals and the agreement share are exact regardless). ``deadline`` (a
    ``time.monotonic()`` instant) stops the work with an InputError ``compare.timeout`` once passed — the
    HTTP service's time limit; it is checked between witnesses, so it is overrun by at most one.
    """
    def on_time() -> None:
        if deadline is not None and time.monotonic() > deadline:
            raise InputError("compare.timeout", a=a.name, b=b.name)

    vocab = a.vocabulary
    fixed = {name: vocab.lookup(name).encode(value) for name, value in (assume or {}).items()}
    d = Diagrams([a, b], fixed)
    mdd = d.mdd
    pair = mdd.apply(_pair, d.valid, d.outcome(a), d.outcome(b), tag="pair")
    counts = mdd.count(pair)
    total = sum(c for k, c in counts.items() if k is not None)
    agree = sum(c for k, c in counts.items() if k is not None and k[0] == k[1])

    base = {f: vocab.facts[f].decode(v) for f, v in sorted(fixed.items())}
    groups: dict[tuple[Any, ...], Difference] = {}
    itemised = 0
    for n, (path, (oa, ob)) in enumerate(mdd.paths(pair, lambda v: v is not None and v[0] != v[1])):
        if n >= max_regions:
            break
        on_time()
        count = d.count_of(path)
        itemised += count
        facts = {**base, **d.facts_of(path)}
        got = _verdicts(a, b, facts)
        if got is None or (got[0].outcome, got[1].outcome) != (oa, ob):
            # an unknown (untested) open fact left a verdict undetermined: give those facts too
            filled = {f: vocab.facts[f].allowed[0] for f in d.order if f not in facts}
            facts = {**filled, **facts}
            got = _verdicts(a, b, facts)
        if got is None or (got[0].outcome, got[1].outcome) != (oa, ob):
            # the diagrams and the evaluator must agree on every region; a mismatch is a defect, never input
            raise EngineError("engine.disagrees", what=f"diagram region {oa}/{ob} re-evaluates otherwise: {facts}")
        key = (oa, ob, *causes(a, b, *got))
        group = groups.get(key)
        if group is None:
            groups[key] = Difference(oa, ob, list(key[2]), list(key[3]), facts, count, *got)
        else:
            group.count += count
            if len(facts) < len(group.witness):
                group.witness, group.verdict_a, group.verdict_b = facts, *got
    for diff in groups.values():
        on_time()
        _minimise(a, b, diff, set(base))
        diff.verdict_a, diff.verdict_b = _verdicts(a, b, diff.witness, "near")  # type: ignore[misc]
    # simplest explanations first (fewest deciding clauses on the two sides), then the larger share
    differences = sorted(groups.values(), key=lambda x: (len(x.cites_a) + len(x.cites_b), -x.count,
                                                         x.outcome_a, x.outcome_b, x.cites_a, x.cites_b))
    return Comparison(a.name, b.name, base, total, agree, differences, total - agree - itemised)


def deciding_clauses(verdict: Verdict) -> tuple[str, ...]:
    """The clauses that decide a verdict: for a tolerated case the matched scenarios and the outcome
    article (the scope and conditions hold in every tolerated case); otherwise every clause cited."""
    if tolerates(verdict.outcome):
        return tuple(dict.fromkeys(r.clause for r in verdict.reasons
                                   if r.kind in ("scenario", "outcome") and r.holds))
    return tuple(verdict.cited_clauses)


def causes(a: Pack, b: Pack, va: Verdict, vb: Verdict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The clauses on each side that cause a difference.

    A denying side's cause is every clause it cites. A tolerating side's cause is its outcome article —
    plus its matched scenarios when the other side denied for want of a scenario, since then the
    scenario is what differs.
    """
    def side(v: Verdict, other: Verdict, other_pack: Pack) -> tuple[str, ...]:
        full = deciding_clauses(v)
        if not tolerates(v.outcome):
            return full
        if other.outcome == "deny" and any(r.rule == "scenario_matched" for r in other.reasons):
            return full  # the other side denied for want of a scenario (its group's "none matches" reason)
        return tuple(r.clause for r in v.reasons if r.kind == "outcome")

    return side(va, vb, b), side(vb, va, a)


def _minimise(a: Pack, b: Pack, d: Difference, keep: set[str]) -> None:
    """Drop witness facts one at a time while both verdicts stay the same (outcome and deciding clauses)."""
    target = (d.outcome_a, d.outcome_b, tuple(d.cites_a), tuple(d.cites_b))
    for fact in sorted(d.witness, reverse=True):
        if fact in keep:
            continue
        trial = {k: v for k, v in d.witness.items() if k != fact}
        pair = _verdicts(a, b, trial)
        if pair and (pair[0].outcome, pair[1].outcome, *causes(a, b, *pair)) == target:
            d.witness, d.verdict_a, d.verdict_b = trial, *pair


# ── reporting ───────────────────────────────────────────────────────────────


def comparison_to_dict(c: Comparison, limit: int | None = None) -> dict[str, Any]:
    diffs = c.differences if not limit or limit <= 0 else c.differences[:limit]
    return {
        "a": c.a, "b": c.b, "assume": c.assume,
        "space": str(c.total), "agree": str(c.agree), "agreement": c.agreement,
        "not_itemised": str(c.not_itemised),
        "differences": [{
            "outcome_a": d.outcome_a, "outcome_b": d.outcome_b,
            "deciding_a": d.cites_a, "deciding_b": d.cites_b,
            "share": d.count / c.total if c.total else 0.0, "count": str(d.count),
            "witness": d.witness,
            "verdict_a": d.verdict_a.to_dict(), "verdict_b": d.verdict_b.to_dict(),
        } for d in diffs],
    }


def render_comparison(c: Comparison, a: Pack, b: Pack, lang: str = "zh", limit: int = 20) -> str:
    limit = limit if limit > 0 else len(c.differences)  # 0: every group
    from .wording import outcome_label, punct, text

    p = punct(lang)

    def h(key: str) -> str:
        return text("heading." + key, lang)

    def labels(pack: Pack, ids: list[str]) -> str:
        return p.join(pack.clauses[i].label(lang) for i in ids)

    sep = p.colon
    counts = text("heading.agreement_counts", lang, agree=f"{c.agree:,}", total=f"{c.total:,}")
    lines = [f"{a.title.get(lang)} ↔ {b.title.get(lang)}", "=" * 60,
             f"{h('agreement')}{sep}{c.agreement:.6%}{p.paren(counts)}"]
    if c.assume:
        lines.append(f"{h('assume')}{sep}" + ", ".join(f"{k}={v}" for k, v in c.assume.items()))
    lines.append(f"{h('difference_groups')}{sep}{len(c.differences)}"
                 + (p.paren(f"{h('showing')} {limit}") if len(c.differences) > limit else ""))
    if c.not_itemised:
        lines.append(f"{h('not_itemised')}{sep}{c.not_itemised / c.total:.6%}")
    for n, d in enumerate(c.differences[:limit], 1):
        lines.append("")
        lines.append(f"[{n}] {a.name} {outcome_label(d.outcome_a, lang)} ↔ {b.name} {outcome_label(d.outcome_b, lang)}"
                     f"  ({d.count / c.total:.6%})")
        lines.append(f"    {a.name}{sep}{labels(a, d.cites_a)}")
        lines.append(f"    {b.name}{sep}{labels(b, d.cites_b)}")
        facts = ", ".join(f"{k}={'true' if v is True else 'false' if v is False else v}" for k, v in d.witness.items())
        lines.append(f"    {h('witness')}{sep}{facts}")
    return "\n".join(lines) + "\n"


# ── the matrix: every pair of packs ─────────────────────────────────────────

def _w(key: str, lang: str) -> str:
    from .wording import text

    return text("matrix." + key, lang)


#: the packs a compare_all worker compares: inherited from the parent where processes fork, else loaded by
#: name in the worker (shipped packs only are compared in parallel)
_WORK: list[Pack] = []


def _load_work(names: list[str]) -> None:
    if not _WORK:
        from .pack import get_pack

        _WORK.extend(get_pack(n) for n in names)


def _compare_pair(i: int, j: int) -> tuple[int, int, Comparison]:
    return i, j, compare(_WORK[i], _WORK[j])


def compare_all(packs: list[Pack], top: int = 5, processes: int | None = None,
                progress: Callable[[str, str], None] | None = None,
                lang: str = "zh") -> dict[tuple[str, str], Comparison]:
    """Every pair of ``packs`` compared, in pair order. The pairs are independent and run in ``processes``
    worker processes (default: one per core) when every pack is a shipped one (a worker can load it by name);
    otherwise, or with ``processes=1``, one after the other — as they do, with a
    :class:`~rongcuo_rules.errors.WorkersUnavailableWarning` in ``lang``, where the system will not start the
    workers (where workers are spawned rather than forked, the pool starts them one pair at a time, and a
    refusal after the first is raised). ``progress(a, b)`` is called as each pair finishes (in the order they
    finish)."""
    from .pack import get_pack
    from .system import WorkersRefused, process_pool, submit

    if processes is not None and (isinstance(processes, bool) or not isinstance(processes, int) or processes < 1):
        raise InputError("api.bad_processes", got=repr(processes)[:40])
    pairs = [(i, j) for i in range(len(packs)) for j in range(i + 1, len(packs))]
    done: dict[tuple[int, int], Comparison] = {}
    from .system import usable_cpus

    workers = min(processes or usable_cpus(), len(pairs))
    shipped = all(_is_shipped(p, get_pack) for p in packs)
    if workers > 1 and shipped:
        import multiprocessing
        from concurrent.futures import as_completed

        # fork shares the packs already loaded; elsewhere each worker loads them once by name
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        _WORK[:] = packs
        try:
            with process_pool(workers, method, _load_work, ([p.name for p in packs],)) as pool:
                futures = [submit(pool, k == 0, _compare_pair, i, j) for k, (i, j) in enumerate(pairs)]
                for future in as_completed(futures):
                    i, j, result = future.result()
                    done[i, j] = result
                    if progress:
                        progress(packs[i].name, packs[j].name)
        except WorkersRefused as exc:  # (before any pair was given a worker: none is done)
            from .errors import warn_workers_unavailable

            warn_workers_unavailable(exc.__cause__, lang, stacklevel=2)
        finally:
            _WORK.clear()
    for i, j in pairs:
        if (i, j) not in done:
            done[i, j] = compare(packs[i], packs[j])
            if progress:
                progress(packs[i].name, packs[j].name)
    return {(packs[i].name, packs[j].name): done[i, j] for i, j in pairs}


def _is_shipped(pack: Pack, get_pack: Callable[[str], Pack]) -> bool:
    from .pack import shipped_pack_names

    return pack.name in shipped_pack_names() and get_pack(pack.name) is pack


def _headline(c: Comparison, top: int) -> list[Difference]:
    """The first group (simplest explanation) of each outcome pair, then the rest in order: distinct
    kinds of difference before variations of one."""
    seen: set[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = set()
    firsts, rest = [], []
    pairs: set[tuple[str, str]] = set()
    for d in c.differences:
        key = (d.outcome_a, d.outcome_b, tuple(d.cites_a), tuple(d.cites_b))
        if key in seen:
            continue
        seen.add(key)
        (rest if (d.outcome_a, d.outcome_b) in pairs else firsts).append(d)
        pairs.add((d.outcome_a, d.outcome_b))
    return (firsts + rest)[:top]


def matrix_markdown(packs: list[Pack], results: dict[tuple[str, str], Comparison], top: int = 5) -> str:
    from .wording import outcome_label, punct

    lines: list[str] = []
    for lang in ("zh", "en"):
        lines += [f"# {_w('title', lang)}", "", _w("intro", lang), "", f"## {_w('matrix', lang)}", ""]
        names = [p.name for p in packs]
        lines.append("| | " + " | ".join(names) + " |")
        lines.append("|---|" + "---:|" * len(names))
        for a in names:
            row = []
            for b in names:
                if a == b:
                    row.append("—")
                else:
                    c = results.get((a, b)) or results[b, a]
                    row.append(f"{c.agreement:.4%}")
            lines.append(f"| {a} | " + " | ".join(row) + " |")
        by_name = {p.name: p for p in packs}
        for (a, b), c in results.items():
            pa, pb = by_name[a], by_name[b]
            lines += ["", f"### {pa.title.get(lang)} ↔ {pb.title.get(lang)}", "",
                      f"{_w('matrix', lang)}: {c.agreement:.6%}", ""]
            for d in _headline(c, top):
                la = punct(lang).join(pa.clauses[x].label(lang) for x in d.cites_a)
                lb = punct(lang).join(pb.clauses[x].label(lang) for x in d.cites_b)
                facts = ", ".join(f"`{k}={'true' if v is True else 'false' if v is False else v}`"
                                  for k, v in d.witness.items())
                lines.append(f"- **{a} {outcome_label(d.outcome_a, lang)} ↔ {b} {outcome_label(d.outcome_b, lang)}**"
                             f" ({_w('share', lang)} {d.count / c.total:.6%}): {a}: {la}; {b}: {lb}. "
                             f"{_w('witness', lang)}: {facts}")
        lines += ["", f"*{_w('generated', lang)}*", ""]
    return "\n".join(lines)


def matrix_html(markdown: str) -> str:
    """A self-contained page: the Markdown's headings, table and list rendered with inline styles."""
    import html
    import re

    def inline(text: str) -> str:
        text = html.escape(text)
        text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
        text = re.sub(r"`(.+?)`", r"<code>\1</code>", text)
        return re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)

    body: list[str] = []
    table: list[list[str]] = []
    in_list = False
    for line in markdown.splitlines() + [""]:
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(set(c) <= set("-:") for c in cells):
                table.append(cells)
            continue
        if table:
            head, *rows = table
            body.append("<table><thead><tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr></thead><tbody>"
                        + "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in rows)
                        + "</tbody></table>")
            table = []
        if line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{inline(line[2:])}</li>")
            continue
        if in_list:
            body.append("</ul>")
            in_list = False
        m = re.match(r"^(#{1,3}) (.*)$", line)
        if m:
            level = len(m.group(1))
            body.append(f"<h{level}>{inline(m.group(2))}</h{level}>")
        elif line.strip():
            body.append(f"<p>{inline(line)}</p>")
    style = ("body{font-family:'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif;max-width:70rem;"
             "margin:2rem auto;padding:0 1rem;line-height:1.6}table{border-collapse:collapse}"
             "td,th{border:1px solid #bbb;padding:.3rem .6rem;text-align:right}td:first-child{text-align:left}"
             "code{background:#f3f3f3;padding:0 .2rem}li{margin:.4rem 0}")
    return ("<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>"
            f"{_w('title', 'zh')} / {_w('title', 'en')}</title><style>{style}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")
