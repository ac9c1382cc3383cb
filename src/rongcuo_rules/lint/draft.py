"""Linting a drafter's document (.docx, .txt, .md) directly: the text rules, with positions the drafter can find.

The items are found by their numbering (:mod:`rongcuo_rules.importer`) and put into a checklist with no
conditions, so the rules that read only the items' words and numbers run exactly as on a YAML checklist —
numbering gaps and style, duplicate numbers, mixed punctuation, vague quantifiers, excluded conduct named in an
item (checked on the parent's decision diagrams), a missing catch-all, cross-references — and each finding is
moved from the generated YAML back to the document: the paragraph (a text file's line) and column where the
words are, and for a DOCX the paragraph's first words, since Word shows no paragraph numbers.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from ..errors import Location
from .config import LintConfig
from .core import Finding
from .runner import LintReport, lint_text

#: the rules that read only the items' words and numbers (the rest need conditions a document does not have)
TEXT_RULES = ("RL103", "RL201", "RL202", "RL204", "RL301", "RL302", "RL303", "RL304", "RL401")
DRAFT_SUFFIXES = (".docx", ".txt", ".md", ".doc", ".wps", ".pdf")


def lint_draft(path: str | Path, parent: str, config: LintConfig | None = None) -> LintReport:
    from ..importer import items_of
    from ..scaffold import read_paragraphs

    paragraphs = read_paragraphs(path)
    imported = items_of(paragraphs, source=str(path))
    q = lambda t: json.dumps(t, ensure_ascii=False)  # noqa: E731
    lines = ["checklist: draft", f"extends: {q(parent)}", f"title: {{zh: {q(imported.title or '—')}, en: draft}}",
             "domain: {zh: —, en: —}", "issuer: {zh: —, en: —}", 'issued: "2000-01-01"', "items:"]
    # YAML line → (the item, whether it is the line of the item's text)
    where: dict[int, tuple[int, bool]] = {}
    for k, item in enumerate(imported.items):
        first = len(lines) + 1
        lines += [f"  - number: {item.number}", f"    marker: {q(item.marker)}", f"    text: {q(item.text)}",
                  "    refines: []"]
        for offset in range(4):
            where[first + offset] = (k, offset == 2)
    spans = [(it.paragraph, imported.items[k + 1].paragraph if k + 1 < len(imported.items) else len(paragraphs) + 1)
             for k, it in enumerate(imported.items)]
    report = lint_text("\n".join(lines) + "\n", config, file=str(path))
    out = LintReport(files=[str(path)])
    docx = Path(path).suffix.lower() == ".docx"
    last = imported.items[-1]
    for f in report.findings:
        if f.rule not in TEXT_RULES:
            continue
        line = f.location.line or 0
        if line in where:
            k, on_text = where[line]
            item = imported.items[k]
            paragraph, col = item.paragraph, item.column
            if on_text and f.location.col:
                # the words the finding points at, found again in the item's own paragraphs
                words = re.split(r'[\\"]', lines[line - 1][f.location.col - 1:], maxsplit=1)[0][:8]
                found = _find(paragraphs, spans[k], words)
                if found:
                    paragraph, col = found
        else:  # about the whole list (a missing catch-all): where the list ends
            paragraph, col = last.paragraph, last.column
        params = dict(f.params)
        if docx:
            words = paragraphs[paragraph - 1].strip()
            params["_where"] = words[:12] + ("……" if len(words) > 12 else "")
        out.findings.append(replace(f, location=Location(str(path), paragraph, col), params=params))
    out.findings.sort(key=lambda f: (f.location.line or 0, f.location.col or 0, f.rule))
    return out


def _find(paragraphs: list[str], span: tuple[int, int], words: str) -> tuple[int, int] | None:
    """(paragraph, column) of ``words`` in paragraphs span[0] … span[1]-1, whitespace ignored (the item's text
    had its spaces between Chinese characters normalised away)."""
    needle = re.sub(r"\s+", "", words)
    if not needle:
        return None
    for p in range(span[0], span[1]):
        raw = paragraphs[p - 1]
        cols = [i for i, ch in enumerate(raw) if not ch.isspace()]
        compact = "".join(raw[i] for i in cols)
        at = compact.find(needle)
        if at >= 0:
            return p, cols[at] + 1
    return None


def is_draft(path: str | Path) -> bool:
    return Path(path).suffix.lower() in DRAFT_SUFFIXES
