"""Arrows point one way: no module imports (at the top or inside a function) one in a higher layer.

The layers, lowest first (README, layout). A module may import its own layer or lower ones; imports
under ``if TYPE_CHECKING:`` (annotations only) do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rongcuo_rules"

LAYERS: list[set[str]] = [
    {"errors", "textutil", "wording", "labels", "yamlio", "models_errors", "events", "mdd", "outcomes", "version",
     "cache", "system", "receipt", "formfields", "validated", "datafiles"},  # the compiled cache yamlio reads (it
    # imports only the version) and the validated models kept in it; cores usable; canonical JSON and digests for
    # receipts; where the package's data files are
    {"expr"},  # reads the vocabulary it is given (type hints only import it)
    {"vocabulary"},
    {"glossary"},
    {"pack", "case", "workdays"},
    {"semantics", "procedure", "nearmiss"},
    {"engines"},
    {"boolean", "alternatives", "missing", "decision"},  # re-derive changed cases with an engine
    {"verdict"},
    {"checklist"},
    {"compare", "properties", "lint", "schema", "scaffold", "importer"},
    {"render", "api", "describe"},
    {"batch", "archive", "documents"},  # evaluate_many: the API's evaluation across processes; the archive of verdicts
    {"service"},  # rongcuo serve: the HTTP service over the API (the CLI starts it)
    {"cli", "__init__", "__main__"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _module(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    depth = len(path.relative_to(PACKAGE).parts) - 1  # how many packages deep the file sits
    out: set[str] = set()
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
                   for stmt in block.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:  # annotations only: no import at run time
            continue
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            up = node.level - 1  # levels above this file's package
            if up > depth:
                continue
            base = list(path.relative_to(PACKAGE).parts[:depth - up]) if depth - up > 0 else []
            target = base + (node.module.split(".") if node.module else [])
            if target:
                out.add(target[0])
            else:  # from . import x: a module of the package, or a name from the package itself
                out.update(a.name if a.name in LAYER else "__init__" for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rongcuo_rules."):
            out.add(node.module.split(".")[1])
    return out


def test_every_module_has_a_layer() -> None:
    names = {_module(p) for p in PACKAGE.rglob("*.py")}
    assert names - set(LAYER) == set()


def test_imports_point_down() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _module(path)
        for target in _imports(path):
            if target not in LAYER or target == here:
                continue
            if LAYER[target] > LAYER[here]:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert wrong == []

