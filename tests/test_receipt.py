"""Receipts (DESIGN §10): digests of the pack, vocabulary and case as loaded, so the same receipt means the
same verdict bytes, and a changed pack, vocabulary or case shows in the receipt."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from hypothesis import given, settings
from ruamel.yaml import YAML

from rongcuo_rules import evaluate, get_pack
from rongcuo_rules.api import with_checklists
from rongcuo_rules.case import case_from_facts, load_case
from rongcuo_rules.receipt import canonical_json, sha256_of
from rongcuo_rules.version import __version__
from rongcuo_rules.vocabulary import default_vocabulary

from .conftest import ROOT, cases

PACKAGE = ROOT / "src" / "rongcuo_rules"


def test_canonical_json_is_the_documented_form() -> None:
    data = {"b": [1, True, None], "a": "中文", "c": {"z": dt.date(2025, 3, 3), "y": "\"q\""}}
    assert canonical_json(data) == '{"a":"中文","b":[1,true,null],"c":{"y":"\\"q\\"","z":"2025-03-03"}}'.encode()
    assert sha256_of(data) == hashlib.sha256(canonical_json(data)).hexdigest()


def _independent(path: Path) -> str:
    """The digest of a YAML file read by another reader (ruamel's own safe loader, not the library's)."""
    return sha256_of(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def test_pack_and_vocabulary_digests_are_of_the_documents_as_loaded() -> None:
    for name in ("fuzhou", "jinan", "shaoxing"):
        assert get_pack(name).sha256 == _independent(ROOT / "policies" / f"{name}.yaml")
    assert default_vocabulary().sha256 == _independent(PACKAGE / "vocabulary.yaml")


def test_a_case_has_one_digest_however_its_file_is_written(tmp_path: Path) -> None:
    nested = tmp_path / "a.yaml"
    nested.write_text("# a comment\nid: X-1\nfacts:\n  conduct:\n    private_gain: false\n  impact:\n    loss: minor\n",
                      encoding="utf-8")
    dotted = tmp_path / "b.json"
    dotted.write_text(json.dumps({"facts": {"impact.loss": "minor", "conduct.private_gain": False}, "id": "X-1"}),
                      encoding="utf-8")
    a = evaluate("fuzhou", load_case(nested)).receipt
    b = evaluate("fuzhou", load_case(dotted)).receipt
    assert a == b and a is not None
    assert a.case_sha256 == sha256_of({"id": "X-1", "facts": {"conduct.private_gain": False, "impact.loss": "minor"},
                                       "events": {}})
    other = evaluate("fuzhou", {"id": "X-1", "facts": {"impact.loss": "considerable", "conduct.private_gain": False}})
    assert other.receipt.case_sha256 != a.case_sha256


def test_the_receipt_names_what_computed_the_verdict() -> None:
    case = load_case(ROOT / "examples" / "fuzhou_flood_exempt.yaml")
    v = evaluate("fuzhou", case, lang="en", explain="full")
    r = v.receipt
    assert (r.library_version, r.engine, r.lang, r.explain) == (__version__, "native", "en", "full")
    assert r.pack_sha256 == get_pack("fuzhou").sha256 and r.vocabulary_sha256 == default_vocabulary().sha256
    assert v.to_dict()["receipt"] == {"library_version": __version__, "engine": "native", "lang": "en",
                                      "explain": "full", "pack_sha256": r.pack_sha256,
                                      "vocabulary_sha256": r.vocabulary_sha256, "case_sha256": r.case_sha256}
    assert evaluate("fuzhou", case, explain="near").receipt.explain == "near"


def test_checklists_are_part_of_the_pack_digest() -> None:
    base = get_pack("shaoxing")
    one = with_checklists(base, ["shaoxing_annex1"])
    two = with_checklists(base, ["shaoxing_annex1", "shaoxing_annex2"])
    assert len({base.sha256, one.sha256, two.sha256}) == 3
    assert with_checklists(base, ["shaoxing_annex1"]).sha256 == one.sha256


def test_every_input_the_verdict_reads_is_in_the_receipt() -> None:
    """Each thing that changes a verdict's bytes changes its receipt: the case (a fact, the id, events), the
    pack (and which checklists, in which order), the language, the explanation level and the engine — so equal
    receipts can only come from equal inputs."""
    from rongcuo_rules import durable_available

    base = {"conduct.private_gain": False, "impact.loss": "minor", "context.emergency": True}
    variants = {
        "base": evaluate("shaoxing", {"id": "S-1", "facts": base}),
        "fact": evaluate("shaoxing", {"id": "S-1", "facts": {**base, "impact.loss": "considerable"}}),
        "id": evaluate("shaoxing", {"id": "S-2", "facts": base}),
        "events": evaluate("shaoxing", {"id": "S-1", "facts": base, "events": {"decision": "2025-03-20"}}),
        "lang": evaluate("shaoxing", {"id": "S-1", "facts": base}, lang="en"),
        "explain": evaluate("shaoxing", {"id": "S-1", "facts": base}, explain="full"),
        "pack": evaluate("jinan", {"id": "S-1", "facts": base}),
        "checklist": evaluate("shaoxing", {"id": "S-1", "facts": base}, checklists=["shaoxing_annex1"]),
        "checklists": evaluate("shaoxing", {"id": "S-1", "facts": base},
                               checklists=["shaoxing_annex1", "shaoxing_annex4"]),
        "order": evaluate("shaoxing", {"id": "S-1", "facts": base}, checklists=["shaoxing_annex4", "shaoxing_annex1"]),
    }
    if durable_available():
        variants["engine"] = evaluate("shaoxing", {"id": "S-1", "facts": base}, engine="durable")
    receipts = {name: v.receipt for name, v in variants.items()}
    assert len(set(receipts.values())) == len(receipts), receipts
    import pytest

    from rongcuo_rules.errors import InputError

    with pytest.raises(InputError):  # a language the verdict is not written in is refused, not recorded
        evaluate("shaoxing", base, lang="fr")


@settings(max_examples=60)
@given(cases())
def test_the_same_receipt_means_the_same_bytes(case) -> None:  # type: ignore[no-untyped-def]
    # the same facts given again, in another order and as a new case object
    again = case_from_facts(dict(reversed(list(case.facts.items()))))
    for pack in ("jinan", "pingdingshan"):
        for explain in ("none", "full"):
            a, b = evaluate(pack, case, explain=explain), evaluate(pack, again, explain=explain)
            assert a.receipt == b.receipt
            assert a.to_json() == b.to_json()


@settings(max_examples=200)
@given(cases())
def test_the_fast_case_digest_writes_the_canonical_bytes(case) -> None:  # type: ignore[no-untyped-def]
    import orjson

    from rongcuo_rules.receipt import case_document, case_sha256

    for case_id, events in ((None, {}), ("案件-1", {"decision": "2025-03-20"}), (7, {})):
        doc = case_document(case_id, case.facts, events)
        assert orjson.dumps(doc, option=orjson.OPT_SORT_KEYS) == canonical_json(doc)
        assert case_sha256(case_id, case.facts, events) == sha256_of(doc)
    odd = {"id": "\u2028\x1f\"\\/é😀", "facts": {"b": True, "a": None}, "events": {"decision": dt.date(2025, 3, 20)}}
    assert orjson.dumps(odd, option=orjson.OPT_SORT_KEYS) == canonical_json(odd)
