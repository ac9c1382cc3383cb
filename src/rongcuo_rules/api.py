"""The Python API: evaluate a case under a pack.

    >>> from rongcuo_rules import evaluate, get_pack, load_case
    >>> verdict = evaluate(get_pack("fuzhou"), load_case("examples/fuzhou_flood_exempt.yaml"))
    >>> verdict.outcome, verdict.cited_clauses[:2]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .case import CASE_KEYS, Case, case_from_facts, load_case, parse_case
from .errors import InputError
from .textutil import type_name
from .yamlio import Document
from .pack import Pack, get_pack, shipped_pack_names
from .verdict import Verdict, derive_verdict

if TYPE_CHECKING:
    from .checklist import Checklist


def _as_pack(pack: Pack | str | Path) -> Pack:
    return pack if isinstance(pack, Pack) else get_pack(pack)


_CASE_KEYS = frozenset(CASE_KEYS)


def _as_case(case: Case | Mapping[str, Any] | str | Path) -> Case:
    if isinstance(case, Case):
        return case
    if type(case) is dict or isinstance(case, Mapping):  # (an ABC's isinstance is slow: a dict is most cases)
        data = dict(case)
        if not _CASE_KEYS.isdisjoint(data):  # a case as a file would hold it: the same checks
            return parse_case(data, Document(data, None))
        return case_from_facts(data)  # a mapping of facts
    if not isinstance(case, (str, Path)):
        raise InputError("case.not_mapping", got=type_name(case))
    return load_case(case)


def with_checklists(pack: Pack | str | Path, checklists: Sequence[Checklist | str | Path]) -> Pack:
    """The pack combined with X checklists (loaded ones, names or paths; ``"all"`` means every shipped
    checklist extending the pack). See :mod:`rongcuo_rules.checklist` for what an item adds."""
    from .checklist import Checklist, combine, get_checklist, shipped_checklist_names

    p = _as_pack(pack)
    loaded: list[Checklist] = []
    for c in checklists:
        if isinstance(c, Checklist):
            loaded.append(c)
        elif str(c) == "all":
            loaded.extend(get_checklist(n) for n in shipped_checklist_names(parent=p.name))
        else:
            loaded.append(get_checklist(c))
    return combine(p, list(dict.fromkeys(loaded)))


def evaluate(pack: Pack | str | Path, case: Case | Mapping[str, Any] | str | Path, *,
             engine: str = "native", lang: str = "zh",
             checklists: Sequence[Checklist | str | Path] = (), explain: str = "near") -> Verdict:
    """The verdict on ``case`` under ``pack``.

    ``pack`` is a loaded :class:`Pack`, a shipped pack's name or a pack file's path; ``case`` a
    :class:`Case`, a mapping of facts (or ``{"id": ..., "facts": ...}``), or a case file's path.
    ``engine`` is ``native`` (default) or ``durable``; ``lang`` (``zh``/``en``) chooses the wording of
    clause labels and interpretation notes in the verdict. ``checklists`` evaluates the pack together with
    X checklists (see :func:`with_checklists`): matching items are cited beside the scenarios they refine.
    ``explain``: ``near`` (default) adds the near misses of a deny for want of a scenario and the decision
    table of an undetermined verdict; ``full`` also the alternatives (least changes of facts giving each better
    outcome, exact, about a millisecond a verdict); ``none`` neither, for the fastest batches.
    """
    p = with_checklists(pack, checklists) if checklists else _as_pack(pack)
    c = _as_case(case)
    return derive_verdict(p, c, engine, lang, explain)


def evaluate_all(case: Case | Mapping[str, Any] | str | Path, *, engine: str = "native",
                 lang: str = "zh", explain: str = "near") -> list[Verdict]:
    """One verdict per shipped pack, in pack-name order."""
    c = _as_case(case)
    return [evaluate(get_pack(name), c, engine=engine, lang=lang, explain=explain) for name in shipped_pack_names()]


def pack_summaries(lang: str = "zh") -> list[dict[str, Any]]:
    """One row per shipped pack (``rongcuo packs --format json``, ``GET /v1/packs``)."""
    rows = []
    for name in shipped_pack_names():
        p = get_pack(name)
        rows.append({
            "pack": p.name, "version": p.version, "title": p.title.get(lang),
            "issuer": p.issuer.get(lang), "issued": p.issued,
            "conditions": len(p.conditions), "scenarios": len(p.scenarios), "exclusions": len(p.exclusions),
            "clauses": len(p.clauses),
        })
    return rows


def vocabulary_document() -> dict[str, Any]:
    """The fact vocabulary as data (``rongcuo vocabulary --format json``, ``GET /v1/vocabulary``): per fact its
    type, open/closed, order, values, labels, description and source wording; and (additions to DESIGN §4)
    whether it can change after the event (``mutable``), what its absence means (``default``: false or the
    first value for a closed fact, null — unknown — for an open one), its group with the group's labels, and each value's
    labels — what a form needs to show the fact."""
    from .vocabulary import default_vocabulary
    from .wording import text

    vocab = default_vocabulary()
    out: dict[str, Any] = {}
    for n, f in vocab.facts.items():
        group = n.split(".", 1)[0]
        if f.type == "bool":
            labels = {"true": {"zh": f.value_label(True, "zh"), "en": f.value_label(True, "en")},
                      "false": {"zh": f.value_label(False, "zh"), "en": f.value_label(False, "en")}}
        else:
            labels = {v.id: {"zh": v.zh, "en": v.en} for v in f.values or []}
        out[n] = {"type": f.type, "open": f.open, "ordered": f.ordered, "values": f.allowed,
                  "label": f.label.model_dump(), "description": f.description.model_dump(), "source": f.source,
                  "mutable": f.mutable, "default": f.default,
                  "group": {"id": group, "zh": text("group." + group, "zh"), "en": text("group." + group, "en")},
                  "value_labels": labels}
    return out
