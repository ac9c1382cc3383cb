"""Helpers the rules share: locations inside a file, and how items, clauses and witnesses are named."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...checklist import Checklist, Item
from ...errors import Location
from ..core import Subject


def raw_lines(subject: Subject) -> list[str]:
    if subject.raw is not None:
        return subject.raw.splitlines()
    if not subject.file:
        return []
    cache = _RAW.get(subject.file)
    if cache is None:
        try:
            cache = Path(subject.file).read_text(encoding="utf-8").splitlines()
        except OSError:
            cache = []
        _RAW[subject.file] = cache
    return cache


_RAW: dict[str, list[str]] = {}


def location(subject: Subject, path: tuple[Any, ...], needle: str | None = None, key: bool = False) -> Location:
    """The location of a node; with ``needle``, of that text inside the node's first line when it is
    there (clause and item texts are one line in the shipped files, so a phrase gets its own column)."""
    doc = subject.checklist.doc if subject.checklist is not None else subject.doc
    if doc is None:
        return Location(subject.file)
    loc = doc.loc(path, key=key)
    if needle and loc.line is not None:
        lines = raw_lines(subject)
        if loc.line - 1 < len(lines):
            col = lines[loc.line - 1].find(needle, max((loc.col or 1) - 1, 0))
            if col >= 0:
                return Location(loc.file, loc.line, col + 1)
    return loc


def item_path(item: Item, *key: Any) -> tuple[Any, ...]:
    return ("items", item.index, *key)


def checklist_of(subject: Subject) -> Checklist:
    assert subject.checklist is not None
    return subject.checklist


def labels(subject: Subject, clause_ids: list[str] | tuple[str, ...], lang: str) -> str:
    parent = checklist_of(subject).parent
    assert parent is not None
    from ...wording import punct

    return punct(lang).join(parent.clauses[c].label(lang) if c in parent.clauses else c for c in clause_ids)


def witness_text(facts: dict[str, Any]) -> str:
    return ", ".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in facts.items()) or "—"


def both(subject: Subject, clause_ids: list[str] | tuple[str, ...]) -> dict[str, str]:
    return {"zh": labels(subject, clause_ids, "zh"), "en": labels(subject, clause_ids, "en")}


def pairs(subject: Subject):  # type: ignore[no-untyped-def]
    """(x, y, x ⇒ y, y ⇒ x) for every ordered pair of distinct executable items that are not the catch-all
    and can be tolerated under the parent; computed once per checklist, shared by RL104 and RL107."""
    from ..text import CATCH_ALL

    a = subject.analysis
    assert a is not None and subject.checklist is not None
    key = "lint-pairs"
    hit = subject.checklist._cache.get(key)
    if hit is None:
        items = [i for i in subject.checklist.items if i.expr is not None and not CATCH_ALL.match(i.text)]
        nodes = {i.index: a.item(i) for i in items}
        items = [i for i in items if a.tolerable(nodes[i.index])]  # the others are RL102's
        hit = []
        for x in items:
            for y in items:
                if x.index == y.index:
                    continue
                x_in_y = a.implies(nodes[x.index], nodes[y.index]) is None
                y_in_x = a.implies(nodes[y.index], nodes[x.index]) is None
                if x_in_y or y_in_x:
                    hit.append((x, y, x_in_y, y_in_x))
        subject.checklist._cache[key] = hit
    return hit


def text_key(text: str) -> str:
    """An item's text without whitespace and punctuation, for comparing texts."""
    return re.sub(r"[\s，,。；;：:、．.]+", "", text)


def same_text(x: Item, y: Item) -> bool:
    return text_key(x.text) == text_key(y.text)
