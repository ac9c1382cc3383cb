"""The compiled cache (:mod:`rongcuo_rules.cache`): a hit gives exactly the document composing gives, and an
entry that is corrupt, from another version, untrusted or switched off is never used."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from rongcuo_rules import cache
from rongcuo_rules.errors import InputError
from rongcuo_rules.pack import load_pack
from rongcuo_rules.yamlio import _compose_yaml, load_file, load_text

from .conftest import ROOT

SHIPPED = sorted((ROOT / "policies").glob("*.yaml")) + sorted((ROOT / "policies" / "checklists").glob("*.yaml"))
LIBRARY = ROOT / "src" / "rongcuo_rules"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.doc"))


@pytest.mark.parametrize("path", [*SHIPPED, LIBRARY / "vocabulary.yaml", LIBRARY / "glossary.yaml"],
                         ids=lambda p: p.name)
def test_a_hit_is_the_composed_document(cache_dir: Path, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    kind = "checklist" if path.parent.name == "checklists" else path.stem if path.parent == LIBRARY else "pack"
    fresh = _compose_yaml(text, str(path))
    first = load_text(text, str(path), kind=kind)  # a miss: composed, then written
    assert len(_entries(cache_dir)) == 1
    second = load_text(text, str(path), kind=kind)  # a hit
    for doc in (first, second):
        assert doc.data == fresh.data and doc.file == fresh.file
        assert doc.value_at == fresh.value_at and doc.key_at == fresh.key_at
    # the same types, not merely equal values (True == 1, 1 == 1.0)
    assert repr(second.data) == repr(fresh.data)


def test_case_files_are_never_cached(cache_dir: Path) -> None:
    load_file(ROOT / "examples" / "fuzhou_flood_exempt.yaml", "case")
    assert not cache_dir.exists() or not _entries(cache_dir)


def test_a_changed_text_is_a_new_entry(cache_dir: Path, tmp_path: Path) -> None:
    text = (ROOT / "policies" / "fuzhou.yaml").read_text(encoding="utf-8")
    a = load_text(text, "p.yaml", kind="pack")
    b = load_text(text + "\nadded: 1\n", "p.yaml", kind="pack")
    assert a.data != b.data
    assert len(_entries(cache_dir)) == 2


def test_corrupt_entries_are_misses_and_rewritten(cache_dir: Path) -> None:
    text = (ROOT / "policies" / "jinan.yaml").read_text(encoding="utf-8")
    want = _compose_yaml(text, "j.yaml")
    load_text(text, "j.yaml", kind="pack")
    [entry] = _entries(cache_dir)
    blob = entry.read_bytes()
    for damaged in (blob[:-10], blob[:20], b"", blob[:-1] + bytes([blob[-1] ^ 1]), b"X" + blob[1:]):
        entry.write_bytes(damaged)
        doc = load_text(text, "j.yaml", kind="pack")
        assert doc.data == want.data and doc.value_at == want.value_at
        assert entry.read_bytes() == blob  # written again whole


def test_an_error_is_not_cached(cache_dir: Path) -> None:
    with pytest.raises(InputError):
        load_text("a: [1, 2\n", "bad.yaml", kind="pack")
    assert not cache_dir.exists() or not _entries(cache_dir)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="ownership and modes are POSIX")
def test_a_directory_others_can_write_is_not_trusted(cache_dir: Path) -> None:
    text = (ROOT / "policies" / "fuzhou.yaml").read_text(encoding="utf-8")
    load_text(text, "f.yaml", kind="pack")
    name = cache.key(text, "f.yaml")
    assert cache.read(name) is not None
    cache_dir.chmod(0o777)
    assert cache.read(name) is None  # another user could have written it
    cache_dir.chmod(0o700)
    entry = cache_dir / f"{name}.doc"
    entry.chmod(0o666)
    assert cache.read(name) is None
    entry.chmod(0o600)
    assert cache.read(name) is not None
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700


def test_switched_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RONGCUO_CACHE", "off")
    load_pack(ROOT / "policies" / "fuzhou.yaml")
    assert not cache_dir.exists()


def test_entries_are_bounded(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    for i in range(9):
        load_text(f"a: {i}\n", f"x{i}.yaml", kind="pack")
    assert len(_entries(cache_dir)) == 5


def test_another_library_version_never_reads_an_entry(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: 1\n"
    before = cache.key(text, "v.yaml")
    monkeypatch.setattr(cache, "__version__", "999.0")
    cache._library_key.cache_clear()
    try:
        assert cache.key(text, "v.yaml") != before
    finally:
        monkeypatch.undo()
        cache._library_key.cache_clear()
    assert cache.key(text, "v.yaml") == before


def test_the_cli_gives_the_same_verdict_from_the_cache(cache_dir: Path) -> None:
    """A first process fills the cache, a second reads it: the same bytes out."""
    cmd = [sys.executable, "-m", "rongcuo_rules.cli", "evaluate", "--pack", "fuzhou", "--format", "json",
           str(ROOT / "examples" / "fuzhou_flood_exempt.yaml")]
    env = {**os.environ, "RONGCUO_CACHE_DIR": str(cache_dir)}
    first = subprocess.run(cmd, capture_output=True, env=env, check=True).stdout
    assert _entries(cache_dir)
    second = subprocess.run(cmd, capture_output=True, env=env, check=True).stdout
    off = subprocess.run(cmd, capture_output=True, env={**env, "RONGCUO_CACHE": "off"}, check=True).stdout
    assert first == second == off
