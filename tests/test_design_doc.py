"""The contract lives in the repository (docs/design.md) and stays in step with the code: its vocabulary tables
name exactly the vocabulary's facts (closed ones marked ◦), its command table exactly the CLI's commands; and the
README and docs link only to files a user's clone has."""

from __future__ import annotations

import argparse
import re

from rongcuo_rules.cli import build_parser
from rongcuo_rules.vocabulary import default_vocabulary

from .conftest import ROOT

DESIGN = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")


def test_the_vocabulary_tables_are_the_vocabulary() -> None:
    section = DESIGN[DESIGN.index("## 4."):DESIGN.index("## 5.")]
    rows = re.findall(r"^\|\s*(◦\s*)?([a-z_]+\.[a-z_]+)\s*\|", section, re.M)
    vocab = default_vocabulary()
    assert {name for _, name in rows} == set(vocab.facts)
    for closed, name in rows:
        if name.startswith(("conduct.", "procedure.", "impact.", "remediation.")):
            assert bool(closed) == (not vocab.facts[name].open), name  # ◦ marks a closed fact


def test_the_command_table_is_the_cli() -> None:
    table = DESIGN[DESIGN.index("### Commands"):]
    documented = set(re.findall(r"^\|\s*([a-z]+)\s*\|", table, re.M)) - {"command"}
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert documented == set(sub.choices)


def test_links_point_inside_the_repository() -> None:
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text or path.name == "design.md", path
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            assert (path.parent / target).exists(), (path.name, target)
