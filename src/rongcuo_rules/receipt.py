"""Receipts (DESIGN §10): what a verdict was computed from, as digests that mean the same bytes.

The canonical JSON of a document — a pack, the vocabulary, a checklist or a case *as loaded* (the data the
YAML or JSON reader gave, not the text: comments and layout do not count) — is defined here once:

- UTF-8, characters written as themselves (no ``\\u`` escapes beyond JSON's required ones);
- object keys sorted by code point; no whitespace between tokens;
- a date (YAML's ``2025-03-03``) as the string ``"2025-03-03"``; integers as digits; true/false/null.

That is Python's ``json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))``, a form the
standard library has kept since Python 2.6, so a receipt written today can be checked years later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} has no canonical JSON form")


def canonical_json(data: Any) -> bytes:
    """The canonical JSON bytes of plain data (see the module's description)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain,
                      allow_nan=False).encode("utf-8")


def sha256_of(data: Any) -> str:
    """The hex SHA-256 of ``data``'s canonical JSON."""
    return hashlib.sha256(canonical_json(data)).hexdigest()


def case_document(case_id: Any, facts: dict[str, Any], events: dict[str, Any]) -> dict[str, Any]:
    """A case as loaded, as the receipt sees it: its id, the facts it gives (dotted names, vocabulary values)
    and its events. Two files that load to the same case — nested or dotted names, YAML or JSON, comments —
    have the same digest."""
    # event names as text (YAML may read a key as a date or a number; the procedure checks them, the receipt
    # must only never fail on them)
    return {"id": case_id, "facts": facts, "events": {str(k): v for k, v in events.items()}}


def case_sha256(case_id: Any, facts: dict[str, Any], events: dict[str, Any]) -> str:
    """:func:`sha256_of` the :func:`case_document`, on the hot path (a digest per evaluated case): orjson writes
    the same canonical bytes four times faster for what a case holds — strings, booleans, integers, dates, null
    (tests/test_receipt.py checks the bytes are equal); anything else takes the standard-library path."""
    import orjson

    doc = case_document(case_id, facts, events)
    # a loaded case's facts are the vocabulary's values (strings and booleans) and its id a string or a 64-bit
    # integer (case.py checks both); only its events can hold anything else
    if (not events or _plain_only(doc["events"])) and (case_id is None or isinstance(case_id, str) or
                                                       (isinstance(case_id, int) and -(2**63) <= case_id < 2**63)):
        return hashlib.sha256(orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return sha256_of(doc)


def _plain_only(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain_only(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain_only(v) for v in value)
    # floats are out: the two libraries may write one differently; so are integers beyond 64 bits
    return value is None or isinstance(value, (str, bool, dt.date)) or (
        isinstance(value, int) and -(2**63) <= value < 2**64)
