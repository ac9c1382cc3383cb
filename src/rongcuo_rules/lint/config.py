"""Lint configuration: a YAML file that changes rule severities or turns rules off.

    # .rongcuo-lint.yaml
    rules:
      RL104: off        # error | warning | info | off
      RL303: error

Without ``--config``, the first ``.rongcuo-lint.yaml`` found in the current directory or one of its
parents is used. An unknown rule id or severity is bad input (exit status 2), with a did-you-mean.
Inline, a YAML comment ``# rongcuo-lint: ignore RL104`` on a finding's line, or alone on the line
above it, ignores that finding; ``# rongcuo-lint: ignore-file RL303`` anywhere ignores the rule for
the whole file. Several ids may be given, separated by commas or spaces; anything after `` -- `` is a
free-text reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location
from ..textutil import did_you_mean
from ..yamlio import load_file
from .core import SEVERITIES, registry

CONFIG_NAME = ".rongcuo-lint.yaml"
OFF = "off"


@dataclass
class LintConfig:
    severities: dict[str, str] = field(default_factory=dict)  # rule id → error/warning/info/off
    source: str | None = None

    def severity(self, rule_id: str) -> str:
        return self.severities.get(rule_id, registry()[rule_id].severity)


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        candidate = d / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: str | Path | None) -> LintConfig:
    if path is None:
        return LintConfig()
    doc = load_file(path, "lint_config")
    data = doc.data
    if not isinstance(data, dict):
        raise InputError("lint.config_shape", doc.loc(()))
    for key in data:
        if key != "rules":
            raise InputError("schema.unknown_key", doc.loc((key,), key=True), where="lint config", key=key,
                             hint=did_you_mean(str(key), ["rules"]), allowed="rules")
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise InputError("lint.config_shape", doc.loc(("rules",)))
    known = registry()
    out: dict[str, str] = {}
    for rid, sev in rules.items():
        rid_s = str(rid)
        if rid_s not in known:
            by_name = {r.name: r.id for r in known.values()}
            if rid_s in by_name:
                rid_s = by_name[rid_s]
            else:
                raise InputError("lint.unknown_rule", doc.loc(("rules", rid), key=True), rule=rid_s,
                                 hint=did_you_mean(rid_s, [*known, *by_name]), allowed=", ".join(known))
        value = "off" if sev is False else str(sev)
        if value not in (*SEVERITIES, OFF):
            raise InputError("lint.bad_severity", doc.loc(("rules", rid)), rule=rid_s, value=value,
                             hint=did_you_mean(value, [*SEVERITIES, OFF]))
        out[rid_s] = value
    return LintConfig(out, doc.file)


_IGNORE = re.compile(r"#\s*rongcuo-lint:\s*(ignore-file|ignore)\b([^\n]*)")


@dataclass
class Ignores:
    lines: dict[int, set[str] | None]  # line → rule ids ignored there (None: every rule)
    file_rules: set[str] | None  # rules ignored for the whole file (None: none)

    def covers(self, rule: str, loc: Location) -> bool:
        if self.file_rules is not None and rule in self.file_rules:
            return True
        if loc.line is None:
            return False
        rules = self.lines.get(loc.line, set())
        return rules is None or rule in rules


def read_ignores(text: str, file: str | None = None) -> Ignores:
    lines: dict[int, set[str] | None] = {}
    file_rules: set[str] = set()
    known = registry()
    for n, line in enumerate(text.splitlines(), start=1):
        m = _IGNORE.search(line)
        if not m:
            continue
        spec = m.group(2).split("--", 1)[0]
        ids = {t for t in re.split(r"[\s,]+", spec.strip()) if t}
        for rid in ids:
            if rid not in known:
                raise InputError("lint.unknown_rule", Location(file, n, m.start() + 1), rule=rid,
                                 hint=did_you_mean(rid, known), allowed=", ".join(known))
        if m.group(1) == "ignore-file":
            file_rules |= ids
            continue
        targets = [n] if line[:m.start()].strip() else [n, n + 1]  # a comment alone covers the next line
        for t in targets:
            if not ids:
                lines[t] = None
            elif lines.get(t, set()) is not None:
                lines.setdefault(t, set()).update(ids)  # type: ignore[union-attr]
    return Ignores(lines, file_rules or None)
