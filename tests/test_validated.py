"""Validated models kept in the compiled cache (:mod:`rongcuo_rules.validated`): a hit is the very model
validation gives (types, fields set, what a model validator derives), an entry from other models or a damaged
one is never used, and a document that fails validation keeps nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from rongcuo_rules import cache, validated
from rongcuo_rules.errors import InputError
from rongcuo_rules.pack import PackFile, load_pack, parse_pack
from rongcuo_rules.vocabulary import Fact, VocabularyFile, load_vocabulary_text
from rongcuo_rules.yamlio import load_text

from .conftest import ROOT

PACKS = sorted((ROOT / "policies").glob("*.yaml"))
VOCABULARY = ROOT / "src" / "rongcuo_rules" / "vocabulary.yaml"


def _shape(value: Any) -> Any:
    """Everything a model holds, with its class, fields set and private attributes; types kept (True is not 1)."""
    if isinstance(value, BaseModel):
        return (type(value), {k: _shape(v) for k, v in value.__dict__.items()}, value.model_fields_set,
                value.__pydantic_extra__, {k: _shape(v) for k, v in (value.__pydantic_private__ or {}).items()})
    if isinstance(value, list):
        return [_shape(v) for v in value]
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    return (type(value), value)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.doc"))


@pytest.mark.parametrize("path", [*PACKS, VOCABULARY], ids=lambda p: p.name)
def test_a_hit_is_the_validated_model(cache_dir: Path, path: Path) -> None:
    model = VocabularyFile if path == VOCABULARY else PackFile
    kind = "vocabulary" if path == VOCABULARY else "pack"
    text = path.read_text(encoding="utf-8")
    doc = load_text(text, str(path), kind=kind)
    fresh = model.model_validate(doc.data)
    first = validated.validate(model, doc)  # validated, then kept
    assert len(_entries(cache_dir)) == 2  # the composed document and the validated model
    second = validated.validate(model, load_text(text, str(path), kind=kind))  # read back, not validated
    assert first is not second
    assert _shape(first) == _shape(second) == _shape(fresh)
    if model is VocabularyFile:  # what Fact's validator derives is derived again
        fact = second.facts["impact.loss"]
        assert fact._index and fact.allowed == fresh.facts["impact.loss"].allowed and fact.default is None


def test_a_hit_does_not_validate(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_text(VOCABULARY.read_text(encoding="utf-8"), str(VOCABULARY), kind="vocabulary")
    validated.validate(VocabularyFile, doc)
    calls = []
    monkeypatch.setattr(VocabularyFile, "model_validate", classmethod(lambda cls, data: calls.append(1)))
    spec = validated.validate(VocabularyFile, doc)
    assert isinstance(spec, VocabularyFile) and not calls


def test_packs_load_the_same_from_the_cache(cache_dir: Path) -> None:
    """Whole packs built from validated models read back give the same verdicts on the example cases."""
    from rongcuo_rules import evaluate, load_case
    from rongcuo_rules.vocabulary import default_vocabulary

    vocab = default_vocabulary()
    cases = [load_case(p) for p in sorted((ROOT / "examples").glob("fuzhou_*"))]
    for path in PACKS:
        first, second = load_pack(path, vocab), load_pack(path, vocab)  # a miss, then a hit
        assert first.sha256 == second.sha256 and list(first.clauses) == list(second.clauses)
        assert [r.id for r in first.rules] == [r.id for r in second.rules]
        assert first.forms == second.forms
        for case in cases:
            assert evaluate(first, case, explain="full").to_json() == evaluate(second, case, explain="full").to_json()


def test_other_models_never_read_an_entry(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = load_text((ROOT / "policies" / "fuzhou.yaml").read_text(encoding="utf-8"), "f.yaml", kind="pack")
    before = validated._entry_name(doc, PackFile)
    assert before is not None and before != validated._entry_name(doc, VocabularyFile)
    monkeypatch.setattr(validated, "_TAG", "validated/other")
    validated._models_key.cache_clear()
    try:
        assert validated._entry_name(doc, PackFile) != before  # the models' source and pydantic's version too
    finally:
        monkeypatch.undo()
        validated._models_key.cache_clear()


def test_the_key_follows_the_modules_validation_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The outcomes a pack may name are constants of outcomes.py: an edit there (or in any module defining or
    feeding the models) is another key, even where the library's version stays the same."""
    here = Path(validated.__file__).parent  # the package as imported (a checkout's src/, or an installed one)
    files = validated._key_files(PackFile)
    assert files is not None
    assert {here / n for n in ("pack.py", "vocabulary.py", "outcomes.py", "validated.py")} <= set(files)
    before = validated._models_key(PackFile)
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        return real(path) + (b"\n# edited\n" if path.name == "outcomes.py" else b"")

    monkeypatch.setattr(Path, "read_bytes", edited)
    validated._models_key.cache_clear()
    try:
        assert validated._models_key(PackFile) not in (before, b"")
    finally:
        monkeypatch.undo()
        validated._models_key.cache_clear()
    assert validated._models_key(PackFile) == before


def test_imports_of_every_form_are_followed() -> None:
    source = ("from .outcomes import DECIDED\n"
              "    from .engines.native import NativeEngine\n"
              "from . import cache as c, yamlio  # why\n"
              "from . import (a,\n    b,  # note\n    c2)\n"
              "text = 'from .not_an_import import x'\n"
              "from pydantic import BaseModel\n")
    assert validated._imported(source) == {"outcomes", "engines", "cache", "yamlio", "a", "b", "c2"}


def test_a_library_installed_without_source_is_validated_every_time(
        cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A module installed as bytecode only: its file is no source to scan (reading it as text raised) and
    nothing to key on, so the models are validated every time."""
    import sys

    package = tmp_path / "package"
    package.mkdir()
    compiled = package / "pack.cpython-311.pyc"
    compiled.write_bytes(b"\xa7\r\r\n\x00\x00\x00\x00\xff\xfe bytecode, not text")
    monkeypatch.setattr(validated, "_HERE", package)  # as if the library were installed there
    monkeypatch.setattr(sys.modules["rongcuo_rules.pack"], "__file__", str(compiled))
    validated._models_key.cache_clear()
    try:
        doc = load_text((ROOT / "policies" / "fuzhou.yaml").read_text(encoding="utf-8"), "f.yaml", kind="pack")
        assert validated._key_files(PackFile) is None and validated._entry_name(doc, PackFile) is None
        assert isinstance(validated.validate(PackFile, doc), PackFile)
        assert len(list(cache_dir.glob("*.doc"))) == 1  # the composed document only
    finally:
        monkeypatch.undo()
        validated._models_key.cache_clear()


def test_damaged_or_foreign_entries_are_validated_again(cache_dir: Path) -> None:
    doc = load_text((ROOT / "policies" / "jinan.yaml").read_text(encoding="utf-8"), "j.yaml", kind="pack")
    want = _shape(PackFile.model_validate(doc.data))
    validated.validate(PackFile, doc)
    name = validated._entry_name(doc, PackFile)
    assert name is not None
    for foreign in (("NoSuchModel", {}, []), ("rongcuo_rules.vocabulary.Text", {"zh": "x"}, []), ["a list"],
                    ("rongcuo_rules.vocabulary.Fact", {}, []), ("rongcuo_rules.pack.PackFile",), 7,
                    ("rongcuo_rules.pack.PackFile", "x", [])):
        cache.write_value(name, foreign)
        assert _shape(validated.validate(PackFile, doc)) == want
        assert cache.read_value(name) != foreign  # kept again, validated
    entry = cache_dir / f"{name}.doc"
    entry.write_bytes(entry.read_bytes()[:-3])
    assert _shape(validated.validate(PackFile, doc)) == want


def test_a_document_that_fails_keeps_nothing(cache_dir: Path) -> None:
    doc = load_text("pack: x\nversion: 1\n", "bad.yaml", kind="pack")
    with pytest.raises(ValidationError):
        validated.validate(PackFile, doc)
    with pytest.raises(InputError, match="bad.yaml"):
        parse_pack(doc)
    assert len(_entries(cache_dir)) == 1  # the composed document only
    bad = VOCABULARY.read_text(encoding="utf-8").replace("type: bool", "type: boolean", 1)
    with pytest.raises(InputError):
        load_vocabulary_text(bad, "v.yaml")
    with pytest.raises(InputError):  # and again: nothing kept let it through
        load_vocabulary_text(bad, "v.yaml")


def test_a_document_not_from_the_cache_is_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RONGCUO_CACHE", "off")
    doc = load_text("version: 1\nfacts: {}\n", "v.yaml", kind="vocabulary")
    assert doc.cache_key is None and validated._entry_name(doc, VocabularyFile) is None
    assert validated.validate(VocabularyFile, doc).facts == {}


def test_only_the_models_a_file_holds_can_be_named() -> None:
    from rongcuo_rules.pack import FormCellSpec
    from rongcuo_rules.vocabulary import Text, Value

    vocabulary = validated._models(VocabularyFile)
    assert vocabulary is not None and set(vocabulary.values()) >= {VocabularyFile, Fact, Value, Text}
    assert PackFile not in vocabulary.values()
    pack = validated._models(PackFile)
    assert pack is not None and {PackFile, FormCellSpec, Text} <= set(pack.values()) and Fact not in pack.values()
    with pytest.raises(KeyError):
        validated._thaw(("pydantic.main.BaseModel", {}, []), pack)


def test_a_model_thaw_cannot_rebuild_is_validated_every_time(cache_dir: Path) -> None:
    from pydantic import BaseModel, ConfigDict, PrivateAttr

    class Loose(BaseModel):  # extra fields allowed: not rebuilt from the cache
        a: int

    class Hidden(BaseModel):  # a private attribute and no _rebuilt to set it
        model_config = ConfigDict(extra="forbid")
        a: int
        _b: int = PrivateAttr(default=1)

    class Holder(BaseModel):
        model_config = ConfigDict(extra="forbid")
        inner: list[Hidden]

    doc = load_text("a: 1\n", "x.yaml", kind="pack")
    for model in (Loose, Hidden, Holder):
        assert validated._models(model) is None and validated._entry_name(doc, model) is None
    assert validated.validate(Hidden, doc).a == 1


def test_values_marshal_cannot_keep_are_not_frozen() -> None:
    import datetime as dt

    with pytest.raises(TypeError):
        validated._freeze({"a": dt.date(2020, 1, 1)})
    with pytest.raises(TypeError):  # a tuple read back would be taken for a model
        validated._freeze(("a", "b"))


def test_a_warm_start_builds_no_validator(cache_dir: Path) -> None:
    """What keeps a fresh process's start short: once the cache is warm, evaluating a shipped pack builds no
    pydantic validator (nor looks for pydantic plugins, which imports the distributions' metadata)."""
    code = (
        "import sys\n"
        "from rongcuo_rules import evaluate, get_pack\n"
        "from rongcuo_rules.vocabulary import VocabularyFile\n"
        "from rongcuo_rules.pack import PackFile\n"
        "v = evaluate(get_pack('fuzhou'), {'conduct.private_gain': True}, explain='full')\n"
        "v.to_json()\n"
        "print(VocabularyFile.__pydantic_complete__, PackFile.__pydantic_complete__,"
        " 'pydantic.plugin._loader' in sys.modules)\n")
    env = {**os.environ, "RONGCUO_CACHE_DIR": str(cache_dir)}
    cold = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    warm = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert cold.stdout.split() == ["True", "True", "True"]  # the first process validated
    assert warm.stdout.split() == ["False", "False", "False"]
