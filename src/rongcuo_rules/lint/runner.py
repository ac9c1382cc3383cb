"""Running the rules over files: X checklists and packs, with configuration and inline ignores."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..checklist import Checklist, parse_checklist
from ..errors import InputError, Location
from ..pack import Pack, parse_pack, policies_dir, shipped_pack_names
from ..yamlio import load_file
from .analysis import Analysis
from .config import LintConfig, read_ignores
from .core import Finding, Subject, registry
from .text import EXCLUDED_CONDUCT


@dataclass
class LintReport:
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count("error") > 0


def load_subject(path: str | Path) -> Subject:
    """A file to lint: a shipped pack's name, or a path to an X checklist or a pack."""
    text = str(path)
    if text in shipped_pack_names() and not Path(text).exists():
        path = policies_dir() / f"{text}.yaml"
    doc = load_file(path)
    data = doc.data
    if isinstance(data, dict) and "checklist" in data:
        checklist = parse_checklist(doc)
        return Subject("checklist", checklist=checklist, analysis=_analysis(checklist))
    if isinstance(data, dict) and "pack" in data:
        return Subject("pack", pack=parse_pack(doc), doc=doc)
    raise InputError("lint.what_file", doc.loc(()))


def lint_text(text: str, config: LintConfig | None = None, *, file: str = "<text>", max_items: int | None = None,
              deadline: float | None = None) -> LintReport:
    """Lint a checklist or pack given as YAML text (the HTTP service's ``/v1/lint``). Nothing is read from
    disk: ``file`` only names the text in locations, and a checklist's parent must be a shipped pack.
    ``max_items`` refuses a checklist with more items (the exact checks grow with pairs of items);
    ``deadline`` (a ``time.monotonic()`` instant) stops between rules with ``lint.timeout``."""
    from ..yamlio import load_text

    doc = load_text(text, file)
    data = doc.data
    if isinstance(data, dict) and "checklist" in data:
        items = data.get("items")
        if max_items is not None and isinstance(items, list) and len(items) > max_items:
            raise InputError("lint.too_many_items", doc.loc(("items",)), count=len(items), limit=max_items)
        checklist = parse_checklist(doc, shipped_only=True)
        subject = Subject("checklist", checklist=checklist, analysis=_analysis(checklist), raw=text)
    elif isinstance(data, dict) and "pack" in data:
        subject = Subject("pack", pack=parse_pack(doc), doc=doc, raw=text)
    else:
        raise InputError("lint.what_file", doc.loc(()))
    report = LintReport(files=[file])
    report.findings.extend(lint_subject(subject, config, deadline))
    return report


def lint_subject(subject: Subject, config: LintConfig | None = None, deadline: float | None = None) -> list[Finding]:
    config = config or LintConfig()
    ignores = read_ignores(_raw_text(subject), subject.file)
    parent_missing = subject.checklist is not None and subject.checklist.parent is None
    out: list[Finding] = []
    for rule in registry().values():
        if subject.kind not in rule.targets:
            continue
        severity = config.severity(rule.id)
        if severity == "off" or (rule.needs_parent and parent_missing):
            continue
        if deadline is not None and time.monotonic() > deadline:
            raise InputError("lint.timeout", Location(subject.file))
        for finding in rule.check(subject):
            if deadline is not None and time.monotonic() > deadline:
                raise InputError("lint.timeout", Location(subject.file))
            if ignores.covers(rule.id, finding.location):
                continue
            out.append(replace(finding, severity=severity))  # type: ignore[arg-type]
    out.sort(key=lambda f: (f.location.line or 0, f.location.col or 0, f.rule))
    return out


def lint_paths(paths: list[str | Path], config: LintConfig | None = None) -> LintReport:
    report = LintReport()
    for p in paths:
        subject = load_subject(p)
        report.files.append(subject.file or str(p))
        report.findings.extend(lint_subject(subject, config))
    return report


def lint_checklist(checklist: Checklist, config: LintConfig | None = None) -> list[Finding]:
    return lint_subject(Subject("checklist", checklist=checklist, analysis=_analysis(checklist)), config)


def lint_pack(pack: Pack, config: LintConfig | None = None) -> list[Finding]:
    return lint_subject(Subject("pack", pack=pack, doc=load_file(pack.source) if pack.source else None), config)


#: facts the text rules ask the analysis about, kept in its space even when nothing else reads them
_TEXT_FACTS = tuple(dict.fromkeys([*EXCLUDED_CONDUCT.values(), "impact.loss", "impact.social"]))


def _analysis(checklist: Checklist) -> Analysis | None:
    return Analysis(checklist.parent, checklist, _TEXT_FACTS) if checklist.parent is not None else None


def _raw_text(subject: Subject) -> str:
    if subject.raw is not None:
        return subject.raw
    if subject.file is None:
        return ""
    try:
        return Path(subject.file).read_text(encoding="utf-8")
    except OSError:
        return ""

