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
        return ":".join(escape(str(p)) for p in parts)


#: parameters that echo what the input said (a key, a value, an id): cut when long
_ECHOED = frozenset({"value", "key", "key_", "fact", "name", "id", "event", "date", "as_of", "tag", "got",
                     "first", "anchor", "version", "x", "when", "year", "title", "label", "raw"})
#: an echoed value longer than this is shown by its first SHOWN characters and its length
LONGEST_SHOWN, SHOWN = 80, 40
_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0x20), *range(0x7F, 0xA0)]}
_CONTROL.update({0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t"})
# line and paragraph separators break a line too; bidirectional controls reorder what follows them
_CONTROL.update({i: f"\\u{i:04x}" for i in [0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A),
                                            0x200E, 0x200F, 0x061C]})


def escape(text: str) -> str:
    """Control characters (a carriage return, newline, ANSI escape…) written as escapes, so a message stays
    one line and cannot move the cursor or clear the screen; an unpaired surrogate as its escape."""
    out = text.translate(_CONTROL)
    if any("\ud800" <= ch <= "\udfff" for ch in out):
        out = "".join(f"\\u{ord(ch):04x}" if "\ud800" <= ch <= "\udfff" else ch for ch in out)
    return out


def shown(value: Any, lang: str, echoed: bool = True) -> Any:
    """A parameter as a message shows it: escaped, and cut to its first characters and length when it
    echoes a long value from the input."""
    from . import wording  # the catalogue imports this module

    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        if value.bit_length() <= 200:
            return value
        return wording.text("shown.integer", lang, digits=int(value.bit_length() * 0.30103) + 1)
    text = escape(value if isinstance(value, str) else str(value))
    if echoed and len(text) > LONGEST_SHOWN:
        return text[:SHOWN] + wording.text("shown.cut", lang, n=len(text))
    return text


class RongcuoError(Exception):
    """Base of the library's own errors."""

    code: str = "internal"

    def __init__(self, code: str, location: Location | None = None, **params: Any) -> None:
        self.code = code
        self.location = location or Location()
        self.params = params
        super().__init__(self.render("en"))

    def text(self, lang: str = "zh") -> str:
        """The message alone, without its location (the HTTP service gives the location as data)."""
        from .wording import message

        return message(self.code, lang, **{k: shown(v, lang, k in _ECHOED) for k, v in self.params.items()})

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        """``{"code", "message", "location"}`` — the error object of the HTTP service (DESIGN §9) and of the
        CLI's JSON lines; ``location`` is ``{"file", "line", "col"}`` or None where nothing is known."""
        loc = self.location
        where = None if loc == Location() else {"file": loc.file, "line": loc.line, "col": loc.col}
        return {"code": self.code, "message": self.text(lang), "location": where}

    def render(self, lang: str = "zh") -> str:
        text = self.text(lang)
        prefix = self.location.prefix()
        return f"{prefix}: {text}" if prefix else text

    def __str__(self) -> str:  # the English form, for logs and pytest output
        return self.render("en")

    def __reduce__(self) -> Any:
        # rebuilt from its code and parameters (the default would rebuild it from the English text, losing
        # both): an error raised in a worker process reaches the caller as it was
        return (_rebuild, (type(self), self.code, self.location, self.params))


def _rebuild(cls: type[RongcuoError], code: str, location: Location, params: dict[str, Any]) -> RongcuoError:
    return cls(code, location, **params)


class InputError(RongcuoError):
    """Bad input: a case, pack, vocabulary or command line the library cannot accept (exit status 2)."""


class EngineError(RongcuoError):
    """An engine failed to reach a verdict for well-formed input (a defect, not bad input)."""


class WorkersUnavailableWarning(RuntimeWarning):
    """Work asked to use several processes ran in the calling process alone: the system would not start its
    workers (``evaluate_many``, ``write_json_lines``, ``compare_all``). The results are the same; the time is
    one core's."""


def warn_workers_unavailable(cause: BaseException | None, lang: str, stacklevel: int) -> None:
    """Say so, in ``lang``, for a caller who counted on the cores (a category of its own, which a caller can
    filter or make an error whatever the language); ``stacklevel`` counts from the caller of this function."""
    import warnings

    from .wording import text

    warnings.warn(text("batch.alone", lang, cause=repr(cause)), WorkersUnavailableWarning, stacklevel=stacklevel + 1)
