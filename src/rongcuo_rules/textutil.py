"""Small text helpers every layer uses (kept apart so that no module needs another's internals for them)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The closest of ``choices`` to ``word`` for a "did you mean X?" hint, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


def type_name(value: Any) -> str:
    """The JSON/YAML name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: Any) -> Any:
    """A calendar date given as a YAML date or as the text ``YYYY-MM-DD``; ``None`` for anything else.

    Stricter than :meth:`datetime.date.fromisoformat`, which also reads ``20251120`` and ISO week dates
    (``2025-W01-1``): the contract's dates are ``YYYY-MM-DD`` only, and a date with a time is not a date."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def show_value(value: Any) -> str:
    """A value of the input as a message shows it (YAML spelling for null and booleans). An integer too
    long for Python to print (over 4,300 digits) is described instead."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and value.bit_length() > 4000:
        return f"<{int(value.bit_length() * 0.30103) + 1}-digit integer>"
    return str(value)


def has_surrogate(text: str) -> bool:
    """An unpaired surrogate (``"\\ud800"`` in JSON or YAML escapes, or a Python string) is not text: it
    cannot be printed or stored as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
