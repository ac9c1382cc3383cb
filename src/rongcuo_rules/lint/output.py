"""Lint reports as text (file:line:col, for people and editors), JSON, and SARIF 2.1.0 (for code review
and CI tools). Rule pages (``--explain`` and docs/lint/) are rendered here too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import __version__
from .core import Finding, LintRule, registry
from .runner import LintReport

SEVERITY_LABELS = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
DOCS_URL = "docs/lint/{id}.md"  # relative to the repository; the pages are generated from the rules

WORDS = {
    "summary": ("{files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示",
                "{files} file(s): {errors} error(s), {warnings} warning(s), {infos} info"),
    "clean": ("{files} 个文件：未发现问题", "{files} file(s): no findings"),
    "rationale": ("为什么", "Why"),
    "bad": ("反例（本规则报告）", "Bad (reported)"),
    "good": ("正例（不报告）", "Good (not reported)"),
    "severity": ("默认级别", "Default severity"),
    "applies": ("适用于", "Applies to"),
    "targets": ({"checklist": "“X”清单", "pack": "政策包"}, {"checklist": "X checklists", "pack": "packs"}),
    "catalogue": ("检查规则目录", "Lint rules"),
    "config": ("在配置文件中改变级别或关闭（off），或用行内注释 `# rongcuo-lint: ignore {id}` 忽略一处。",
               "Change its severity or turn it off in the config file, or ignore one finding with "
               "`# rongcuo-lint: ignore {id}`."),
}


def _w(key: str, lang: str) -> Any:
    return WORDS[key][1 if lang == "en" else 0]


def _sev(severity: str | None, lang: str) -> str:
    return SEVERITY_LABELS.get(severity or "", (severity, severity))[1 if lang == "en" else 0] or ""


def render_text(report: LintReport, lang: str = "zh") -> str:
    rules = registry()
    lines = []
    for f in report.findings:
        prefix = f.location.prefix() or "-"
        lines.append(f"{prefix}: {_sev(f.severity, lang)} {f.rule} [{rules[f.rule].name}] {f.message(lang)}")
    counts = {"files": len(report.files), "errors": report.count("error"), "warnings": report.count("warning"),
              "infos": report.count("info")}
    lines.append(_w("summary" if report.findings else "clean", lang).format(**counts))
    return "\n".join(lines) + "\n"


def _finding_dict(f: Finding, lang: str) -> dict[str, Any]:
    return {"rule": f.rule, "name": registry()[f.rule].name, "severity": f.severity, "file": f.location.file,
            "line": f.location.line, "col": f.location.col, "message": f.message(lang)}


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
    i = 1 if lang == "en" else 0
    driver = {
        "name": "rongcuo-lint", "version": __version__, "informationUri": "docs/drafting-guide.md",
        "rules": [{
            "id": r.id, "name": r.name,
            "shortDescription": {"text": r.title[i]},
            "fullDescription": {"text": r.rationale[i]},
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
    i = 1 if lang == "en" else 0
    targets = "、".join(_w("targets", lang)[t] for t in rule.targets) if i == 0 else \
        ", ".join(_w("targets", lang)[t] for t in rule.targets)
    out = [f"# {rule.id} {rule.name} — {rule.title[i]}", "",
           f"- {_w('severity', lang)}: {_sev(rule.severity, lang)} (`{rule.severity}`)",
           f"- {_w('applies', lang)}: {targets}", "",
           f"## {_w('rationale', lang)}", "", rule.rationale[i], ""]
    for key, text in (("bad", bad), ("good", good)):
        if text is not None:
            out += [f"## {_w(key, lang)}", "", "```yaml", text.rstrip("\n"), "```", ""]
    out += [_w("config", lang).format(id=rule.id), ""]
    return "\n".join(out)


def catalogue(lang: str = "zh") -> str:
    i = 1 if lang == "en" else 0
    out = [f"# {_w('catalogue', lang)}", "", "| id | name | severity | |", "|---|---|---|---|"]
    for r in registry().values():
        out.append(f"| [{r.id}]({r.id}.md) | {r.name} | {r.severity} | {r.title[i]} |")
    return "\n".join(out) + "\n"
