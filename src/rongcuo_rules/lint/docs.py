"""Generate the rule pages in docs/lint/ from the rules and their fixtures, and docs/glossary.md.

Each page is the rule's rationale (Chinese first, then English) with its failing and passing fixtures
(tests/fixtures/lint/<ID>/bad.yaml and good.yaml) as the bad and good examples, so the examples in the
docs are exactly what the tests run. tests/test_lint.py checks the committed pages are current.

    python -m rongcuo_rules.lint.docs [FIXTURES_DIR] [OUT_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from .core import registry
from .output import catalogue, rule_page


def pages(fixtures: Path) -> dict[str, str]:
    out = {"README.md": catalogue("zh") + "\n---\n\n" + catalogue("en")}
    for rid, rule in registry().items():
        bad = fixtures / rid / "bad.yaml"
        good = fixtures / rid / "good.yaml"
        b = bad.read_text(encoding="utf-8") if bad.is_file() else None
        g = good.read_text(encoding="utf-8") if good.is_file() else None
        out[f"{rid}.md"] = rule_page(rule, "zh", b, g) + "\n---\n\n" + rule_page(rule, "en", b, g)
    return out


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[3]
    fixtures = Path(argv[0]) if argv else root / "tests" / "fixtures" / "lint"
    out = Path(argv[1]) if len(argv) > 1 else root / "docs" / "lint"
    out.mkdir(parents=True, exist_ok=True)
    for name, text in pages(fixtures).items():
        (out / name).write_text(text, encoding="utf-8")
    # the glossary page lists where each phrase occurs in the shipped packs (what RL501/RL502 check)
    from ..glossary import glossary_markdown
    from ..pack import get_pack, shipped_pack_names

    (out.parent / "glossary.md").write_text(glossary_markdown([get_pack(n) for n in shipped_pack_names()]),
                                            encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
