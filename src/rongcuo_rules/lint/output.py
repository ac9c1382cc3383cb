"""Lint reports as text (file:line:col, for people and editors), JSON, and SARIF 2.1.0 (for code review
and CI tools). Rule pages (``--explain`` and docs/lint/) are rendered here too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..version import __version__
from ..wording import choose, punct, text
from .core import Finding, LintRule, registry
from .runner import LintReport

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
DOCS_URL = "docs/lint/{id}.md"  # relative to the repository; the pages are generated from the rules

def _w(key: str, lang: str, **params: Any) -> str:
    return text("lint." + key, lang, **params)


def _sev(severity: str | None, lang: str) -> str:
    return text("severity." + severity, lang) if severity else ""


def render_text(report: LintReport, lang: str = "zh") -> str:
    rules = registry()
    lines = []
    for f in report.findings:
        prefix = f.location.prefix() or "-"
        lines.append(f"{prefix}: {_sev(f.severity, lang)} {f.rule} [{rules[f.rule].name}] {f.message(lang)}{_where(f, lang)}")
    counts = {"files": len(report.files), "errors": report.count("error"), "warnings": report.count("warning"),
              "infos": report.count("info")}
    lines.append(_w("summary" if report.findings else "clean", lang, **counts))
    return "\n".join(lines) + "\n"


def _where(f: Finding, lang: str) -> str:
    """For a finding in a Word document: the paragraph's first words (Word shows no paragraph numbers)."""
    words = f.params.get("_where")
    return _w("paragraph", lang, n=f.location.line, words=words) if words else ""


def _finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    out = {"rule": f.rule, "name": registry()[f.rule].name, "severity": f.severity, "file": f.location.file,
           "line": f.location.line, "col": f.location.col, "message": f.message(lang)}
    if f.params.get("_where"):
        out["paragraph_start"] = f.params["_where"]  # an addition for Word documents
    return out


def render_json(report: LintReport, lang: str = "zh") -> str:
    data = {
        "files": report.files,
        "findings": [_finding_dict(f, lang) for f in report.findings],
        "summary": {"error": report.count("error"), "warning": report.count("warning"), "info": report.count("info")},
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_sarif(report: LintReport, lang: str = "zh") -> str:
    rules = list(registry().values())
    index = {r.id: i for i, r in enumerate(rules)}
    driver = {
        "name": "rongcuo-lint", "version": __version__, "informationUri": "docs/drafting-guide.md",
        "rules": [{
            "id": r.id, "name": r.name,
            "shortDescription": {"text": choose(r.title, lang)},
            "fullDescription": {"text": choose(r.rationale, lang)},
            "helpUri": DOCS_URL.format(id=r.id),
            "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
        } for r in rules],
    }
    results = []
    for f in report.findings:
        region: dict[str, int] = {}
        if f.location.line is not None:
            region["startLine"] = f.location.line
        if f.location.col is not None:
            region["startColumn"] = f.location.col
        physical: dict[str, Any] = {"artifactLocation": {"uri": Path(f.location.file or "").as_posix()}}
        if region:
            physical["region"] = region
        results.append({"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVEL[f.severity or "error"],
                        "message": {"text": f.message(lang)}, "locations": [{"physicalLocation": physical}]})
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results,
                  "artifacts": [{"location": {"uri": Path(p).as_posix()}} for p in report.files]}],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2)


# ── rule pages ─────────────────────────────────────────────────────────────


def rule_page(rule: LintRule, lang: str = "zh", bad: str | None = None, good: str | None = None) -> str:
    targets = punct(lang).join(text("target." + t, lang) for t in rule.targets)
    out = [f"# {rule.id} {rule.name} — {choose(rule.title, lang)}", "",
           f"- {_w('severity', lang)}: {_sev(rule.severity, lang)} (`{rule.severity}`)",
           f"- {_w('applies', lang)}: {targets}", "",
           f"## {_w('rationale', lang)}", "", choose(rule.rationale, lang), ""]
    for key, example in (("bad", bad), ("good", good)):
        if example is not None:
            out += [f"## {_w(key, lang)}", "", "```yaml", example.rstrip("\n"), "```", ""]
    out += [_w("config", lang, id=rule.id), ""]
    return "\n".join(out)


def catalogue_table(lang: str = "zh") -> str:
    """The rules as a plain table for a terminal: id, severity, name, title (``--format md`` gives Markdown)."""
    rows = [(r.id, _sev(r.severity, lang), r.name, choose(r.title, lang)) for r in registry().values()]
    width = [max(_width(row[i]) for row in rows) for i in range(3)]
    out = []
    for row in rows:
        cells = [row[i] + " " * (width[i] - _width(row[i])) for i in range(3)]
        out.append("  ".join([*cells, row[3]]))
    return "\n".join(out) + "\n"


def _width(text: str) -> int:
    """Columns a text takes on a terminal: a CJK character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def catalogue(lang: str = "zh") -> str:
    out = [f"# {_w('catalogue', lang)}", "", "| id | name | severity | |", "|---|---|---|---|"]
    for r in registry().values():
        out.append(f"| [{r.id}]({r.id}.md) | {r.name} | {r.severity} | {choose(r.title, lang)} |")
    return "\n".join(out) + "\n"
