"""The linter's building blocks: rules, findings, the rule registry and the files being linted.

A lint rule is one module in :mod:`rongcuo_rules.lint.rules` defining ``RULE``, a :class:`LintRule`:
its id (``RL101``), a short name, a default severity, what it applies to (X checklists, packs or both),
its wording (Chinese and English tables: title, message template, rationale) and a ``check`` function
that yields :class:`Finding` s. Adding a rule is adding a file; :func:`registry` finds it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from ..errors import Location

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..pack import Pack
    from ..yamlio import Document
    from .analysis import Analysis

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Target = Literal["checklist", "pack"]


@dataclass(frozen=True)
class Finding:
    rule: str
    location: Location
    params: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # set when reported (the configured severity)

    def message(self, lang: str = "zh") -> str:
        from ..wording import choose, fill

        return fill(choose(registry()[self.rule].message, lang), lang, self.params)


@dataclass(frozen=True)
class Subject:
    """One file being linted: an X checklist or a pack."""

    kind: Target
    checklist: Checklist | None = None
    pack: Pack | None = None
    analysis: Analysis | None = None  # exact reasoning over the parent (checklists whose parent loads)
    doc: Document | None = None  # the pack's document (a checklist keeps its own)
    raw: str | None = None  # the text itself when it did not come from a file (the HTTP service): never read

    @property
    def file(self) -> str | None:
        if self.checklist is not None:
            return self.checklist.source
        return self.pack.source if self.pack is not None else None


@dataclass(frozen=True)
class LintRule:
    id: str
    name: str
    severity: Severity
    targets: tuple[Target, ...]
    title: tuple[str, str]  # zh, en
    message: tuple[str, str]  # templates, zh and en
    rationale: tuple[str, str]
    check: Callable[[Subject], Iterator[Finding]]
    needs_parent: bool = False  # skipped when the checklist's parent cannot be loaded (RL001 reports it)


@cache
def registry() -> dict[str, LintRule]:
    """Every rule in :mod:`rongcuo_rules.lint.rules`, by id."""
    from . import rules as package

    found: dict[str, LintRule] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if isinstance(rule, LintRule):
            if rule.id in found:  # pragma: no cover - a packaging mistake, caught by the tests
                raise RuntimeError(f"duplicate lint rule id {rule.id}")
            found[rule.id] = rule
    return dict(sorted(found.items()))
