"""The linter for X checklists and packs (``rongcuo lint``): numbered rules, each one module in
:mod:`rongcuo_rules.lint.rules`, exact checks against the parent over decision diagrams, configurable
severities, inline ignores, and text / JSON / SARIF output.

    >>> from rongcuo_rules.lint import lint_paths
    >>> report = lint_paths(["policies/checklists/shaoxing_annex4.yaml"])
    >>> report.has_errors
    False
"""

from __future__ import annotations

from .config import LintConfig, load_config
from .core import Finding, LintRule, registry
from .runner import LintReport, lint_checklist, lint_pack, lint_paths

__all__ = ["Finding", "LintConfig", "LintReport", "LintRule", "lint_checklist", "lint_pack", "lint_paths",
           "load_config", "registry"]
