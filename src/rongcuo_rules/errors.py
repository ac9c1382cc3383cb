"""Errors a user can act on.

Every error that bad input can cause is an :class:`InputError`: it carries a message code (worded in
:mod:`rongcuo_rules.messages`, Chinese and English), the file, line and column where known, and renders
as one line. The CLI turns it into exit status 2; nothing that bad input does reaches the user as a
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Location:
    file: str | None = None
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based

    def prefix(self) -> str:
        parts = [p for p in (self.file, self.line, self.col) if p is not None]
        return ":".join(str(p) for p in parts)


class RongcuoError(Exception):
    """Base of the library's own errors."""

    code: str = "internal"

    def __init__(self, code: str, location: Location | None = None, **params: Any) -> None:
        self.code = code
        self.location = location or Location()
        self.params = params
        super().__init__(self.render("en"))

    def render(self, lang: str = "zh") -> str:
        from .wording import message

        text = message(self.code, lang, **self.params)
        prefix = self.location.prefix()
        return f"{prefix}: {text}" if prefix else text

    def __str__(self) -> str:  # the English form, for logs and pytest output
        return self.render("en")


class InputError(RongcuoError):
    """Bad input: a case, pack, vocabulary or command line the library cannot accept (exit status 2)."""


class EngineError(RongcuoError):
    """An engine failed to reach a verdict for well-formed input (a defect, not bad input)."""

