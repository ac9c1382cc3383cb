"""Shared helpers: paths, golden-case loading, and hypothesis strategies generated from the vocabulary."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

# the compiled cache of composed packs goes to a private temporary directory, not the user's cache
# (child processes the tests start inherit it)
if "RONGCUO_CACHE_DIR" not in os.environ:
    os.environ["RONGCUO_CACHE_DIR"] = tempfile.mkdtemp(prefix="rongcuo-test-cache-")
    atexit.register(shutil.rmtree, os.environ["RONGCUO_CACHE_DIR"], True)

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from rongcuo_rules.case import case_from_facts
from rongcuo_rules.errors import InputError
from rongcuo_rules.vocabulary import default_vocabulary
from rongcuo_rules.yamlio import load_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEEDS = ROOT / "seeds"

settings.register_profile("ci", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.register_profile("dev", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A compiled cache of the test's own (RONGCUO_CACHE_DIR), switched on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("RONGCUO_CACHE_DIR", str(folder))
    monkeypatch.delenv("RONGCUO_CACHE", raising=False)
    return folder


def golden_cases(pack: str) -> list[Any]:
    doc = load_file(GOLDEN / f"{pack}.yaml")
    base = doc.data["base"]
    out = []
    for entry in doc.data["cases"]:
        facts = dict(base)
        for k, v in (entry.get("facts") or {}).items():
            if v is None:
                facts.pop(k, None)
            else:
                facts[k] = v
        out.append(pytest.param(facts, entry, id=entry["name"]))
    return out


@st.composite
def cases(draw: Any, density: float = 0.5) -> Any:
    """Valid cases by construction: every fact optional, values from the vocabulary; constraints hold."""
    vocab = default_vocabulary()
    facts: dict[str, Any] = {}
    for name, fact in vocab.facts.items():
        # context tags are sparse in real cases; other facts are usually established
        p = 0.15 if name.startswith("context.") else density
        if draw(st.floats(0, 1)) < p:
            facts[name] = draw(st.sampled_from(fact.allowed))
    # Repair instead of filtering: dropping the facts a violated constraint's `if` reads makes it not
    # hold (they are positive conditions), and cannot violate another constraint. A violation that only
    # entailment reveals (明知故犯 with an unregulated area) is repaired the same way: dropping the `if`
    # side of the constraint the entailed facts violate removes the entailment's source.
    while True:
        try:
            return case_from_facts(facts)
        except InputError as exc:
            if exc.code not in ("case.constraint", "case.constraint_entailed"):
                raise
            constraint = next(c for c in vocab.constraints if c.id == exc.params["id"])
            for n in constraint.if_.reads():
                facts.pop(n, None)


def _tree_digest(root: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        h.update(str(path.relative_to(root)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def fixtures_are_read_only() -> Any:
    """Tests read tests/fixtures/ and write only to their tmp_path: a test that writes a fixture can pass
    because of what an earlier one left behind. The session fails if the tree changed while it ran."""
    before = _tree_digest(FIXTURES)
    yield
    assert _tree_digest(FIXTURES) == before, "a test wrote into tests/fixtures/"


def engine_neutral(verdict_json: str) -> str:
    """A verdict's JSON with the receipt's engine named the same for both engines: the engines must agree on
    every other byte (the receipt says which engine computed the verdict, DESIGN §10)."""
    import re

    named = re.findall(r'"engine": ?"(native|durable)"', verdict_json)
    assert len(named) == 1, named
    return re.sub(r'"engine": ?"(native|durable)"', '"engine": "*"', verdict_json)
