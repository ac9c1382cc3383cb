"""What the sdist and the wheel carry: everything the installed library reads at run time (packs, checklists,
vocabulary, glossary, the web page, the archive's migrations) in the wheel, and everything the suite needs (tests,
fixtures, seeds, docs, examples) in the sdist. The full suite against each installed package is
scripts/check-packaging (too slow to run twice more on every CI run)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import build  # noqa: F401
    except ImportError:
        pytest.skip("the build package is not installed (pip install build)")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist): scripts/check-packaging builds the packages itself")
    out = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("tree")
    # build from a copy of the tracked files, as a release would (no caches, no local databases)
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file():
            (work / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, work / name.decode())
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(work)],
                   check=True, capture_output=True, timeout=600)
    return out


def test_the_wheel_carries_what_the_library_reads(dist: Path) -> None:
    names = set(zipfile.ZipFile(next(dist.glob("*.whl"))).namelist())
    for needed in ["rongcuo_rules/vocabulary.yaml", "rongcuo_rules/glossary.yaml", "rongcuo_rules/policies/jinan.yaml",
                   "rongcuo_rules/policies/checklists/shaoxing_annex4.yaml", "rongcuo_rules/service/static/index.html",
                   "rongcuo_rules/service/static/app.js", "rongcuo_rules/archive/migrations/env.py",
                   "rongcuo_rules/archive/migrations/script.py.mako",
                   "rongcuo_rules/archive/migrations/versions/0002_details.py"]:
        assert needed in names, needed


def test_the_sdist_carries_what_the_suite_needs(dist: Path) -> None:
    names = {n.split("/", 1)[1] for n in tarfile.open(next(dist.glob("*.tar.gz"))).getnames() if "/" in n}
    for needed in ["seeds/001_50ea5752f48815cd.txt", "docs/lint/RL001.md", "docs/design.md", "docs/drafting-guide.md",
                   "tests/conftest.py", "tests/fixtures/lint/RL101/bad.yaml", "examples/fuzhou_flood_exempt.yaml",
                   "scripts/system-deps", "scripts/check-packaging", "pyproject.toml", "README.md"]:
        assert needed in names, needed
