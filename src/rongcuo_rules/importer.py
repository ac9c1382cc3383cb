"""``rongcuo checklist import``: a drafter's "X" checklist document (.docx, .txt, .md) drafted as checklist YAML.

Every item is taken verbatim with its number and its marker (1．/（一）/一、 and the common variants), so the
exact lint rules can run as soon as the drafter has checked the suggestions. The ``refines`` and ``when`` of each
item are *suggestions*, marked as such with the words they came from:

- ``when``: the situation facts (``context.*``) a term of whose source wording in the vocabulary (three characters
  or more: two-character words such as 效果 matched too much) appears in the item, as
  an ``all`` of them — a starting point; the shipped checklists often need ``any`` where an item lists
  alternatives;
- ``refines``: the parent's scenarios whose conditions read the most of those facts; the parent's catch-all
  scenario when none does.

How good the suggestions are is measured on 绍兴's five annexes against the shipped checklists
(tests/test_importer.py, README).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .lint.text import MARKER_STYLES, marker_style
from .pack import Pack, normalise_text

# a marker, not a number that goes on (2.5倍)
_MARKER = re.compile(r"^\s*([0-9]+[．.、](?![0-9])|[（(][0-9一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)\s*(.*)$")
_SPLIT = re.compile(r"[、；;，,（）()“”]|以及|或者|和|与|及|等")


@dataclass
class ImportedItem:
    number: int
    marker: str
    text: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (fact, the words it came from)
    refines: list[str] = field(default_factory=list)
    paragraph: int = 0  # where the item starts in the document: its paragraph (a text file's line), 1-based
    column: int = 1  # and the column its text starts at, 1-based


@dataclass
class Imported:
    title: str
    items: list[ImportedItem]
    #: lines that are neither the title nor an item (notes, headings, a closing line): listed, never dropped
    notes: list[str] = field(default_factory=list)


def _terms(vocabulary: Any) -> list[tuple[str, str]]:
    """(words, fact) for every situation fact: its source wording cut at its separators, longest first."""
    out = []
    for name, fact in vocabulary.facts.items():
        if not name.startswith("context."):
            continue
        for term in _SPLIT.split(fact.source):
            term = term.strip()
            if len(term) >= 3:
                out.append((term, name))
    return sorted(set(out), key=lambda t: (-len(t[0]), t[0]))


def items_of(paragraphs: list[str], source: str | None = None) -> Imported:
    """The title (the first line that is not an item) and the numbered items, each verbatim; every other line
    is kept in ``notes`` with its paragraph number."""
    from .errors import Location

    title = ""
    items: list[ImportedItem] = []
    notes: list[str] = []
    for index, raw in enumerate(paragraphs, 1):
        line = raw.strip().lstrip("#*- ").replace("**", "").strip()
        if not line:
            continue
        m = _MARKER.match(line)
        style = marker_style(m.group(1)) if m else None
        if m and style is not None and style[1] is not None:
            text = m.group(2)
            column = raw.find(text[:8]) + 1 if text else 1
            items.append(ImportedItem(style[1], m.group(1), normalise_text(text), paragraph=index,
                                      column=max(column, 1)))
        elif items and not items[-1].text.endswith(("。", "；", ";")):
            items[-1].text = normalise_text(items[-1].text + line)  # a line break inside the item
        elif not items and not title:
            title = normalise_text(line)
        else:
            notes.append(f"{index}: {line[:40]}")
    if not items:
        raise InputError("draft.no_items", Location(source), styles="、".join(name for name, _ in MARKER_STYLES))
    return Imported(title, items, notes)


def suggest(imported: Imported, parent: Pack) -> Imported:
    """Fill each item's suggested facts and refined scenarios from the vocabulary and the parent pack."""
    terms = _terms(parent.vocabulary)
    scenarios = [r for r in parent.scenarios if not r.checklist]
    catch_all = [r.clause for r in scenarios if any(f == "context.recognized_other" for f in r.reads)]
    for item in imported.items:
        seen: dict[str, str] = {}
        taken = [False] * len(item.text)
        for term, fact in terms:
            start = item.text.find(term)
            while start >= 0:
                end = start + len(term)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    seen.setdefault(fact, term)
                start = item.text.find(term, start + 1)
        item.facts = sorted(seen.items())
        facts = set(seen)
        scored = sorted(((len(facts & set(r.reads)), r.clause) for r in scenarios), key=lambda t: (-t[0], t[1]))
        best = scored[0][0] if scored else 0
        item.refines = sorted({c for n, c in scored if n == best and n > 0}) or catch_all[:1]
    return imported


def checklist_yaml(imported: Imported, name: str, parent: str, annex: int | None = None) -> str:
    """The draft checklist as YAML text: each item verbatim, its suggestions marked with the words they came
    from. The header fields to fill are marked TODO."""
    q = lambda t: json.dumps(t, ensure_ascii=False)  # noqa: E731
    lines = ["# 由 rongcuo checklist import 生成的草稿：refines 与 when 是建议（注明来自哪些字词），须逐条审阅",
             "# a draft from rongcuo checklist import: refines and when are suggestions (with the words they came from)",
             f"checklist: {name}", f"extends: {parent}"]
    if annex is not None:
        lines.append(f"annex: {annex}")
    lines += [f"title: {{zh: {q(imported.title or 'TODO')}, en: TODO}}", "domain: {zh: TODO, en: TODO}",
              "issuer: {zh: TODO, en: TODO}", "issued: TODO", "items:"]
    for note in imported.notes:
        lines.insert(2, f"# 未作为条目的文字（段落）/ not taken as an item (paragraph) {note}")
    for item in imported.items:
        lines += [f"  - number: {item.number}", f"    marker: {q(item.marker)}", f"    text: {q(item.text)}"]
        words = "、".join(f"“{w}”" for _, w in item.facts)
        if item.refines:
            lines.append(f"    refines: [{', '.join(item.refines)}]  # 建议 / suggested"
                         + (f"：据 {words}" if words else "：上位办法的兜底情形 / the parent's catch-all"))
        else:
            lines.append("    refines: []  # 待写：没有可建议的上位情形 / to write: no scenario to suggest")
        if item.facts:
            lines.append(f"    when:  # 建议 / suggested：据 {words}")
            lines.append("      all:")
            lines += [f"        - {{fact: {fact}, is: true}}  # “{w}”" for fact, w in item.facts]
        else:
            lines.append("    # when: 待写（未找到对应的情境事实）/ to write (no situation fact found)")
    return "\n".join(lines) + "\n"
