"""The glossary of readings: one reading over the vocabulary for each recurring phrase of the measures.

``glossary.yaml`` (beside the vocabulary) maps a phrase — 一定损失, 突破常规, 临机决断 … — to one
expression over the shared facts, with the wordings that count as the phrase, a zh/en note, and for a
phrase read as no requirement of its own (``decisive: false``) the reason why. Pack rules use a reading
by name (``{reading: 一定损失}``), so the same words get the same reading in every pack; a pack may depart
only through a local ``readings:`` entry that says why (see :mod:`rongcuo_rules.pack`).

:meth:`Glossary.find` locates the phrases in a clause's text (longest wording first, so 挽回损失 inside
有效挽回损失 is not counted twice); the lint rules RL501–RL504 use it to check that every phrase of an
operative clause is encoded or set aside with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .datafiles import read_data_text
from .errors import InputError
from .expr import Expr, Parser
from .outcomes import TOLERATING
from .textutil import did_you_mean, type_name
from .vocabulary import Text, Vocabulary, default_vocabulary
from .wording import detail
from .yamlio import Document, load_text

OUTCOMES = TOLERATING  # what an outcome word can grant
_ENTRY_KEYS = ("phrases", "when", "decisive", "why", "outcome", "note")


@dataclass(frozen=True)
class Entry:
    """One phrase and its reading."""

    name: str
    phrases: tuple[str, ...]
    note: Text
    expr: Expr | None = None  # the reading (decisive entries)
    decisive: bool = True
    why: Text | None = None  # why a non-decisive phrase adds no requirement
    outcome: str | None = None  # outcome words: the outcome they grant

    @property
    def kind(self) -> str:
        if self.outcome is not None:
            return "outcome"
        return "reading" if self.decisive else "not_decisive"


@dataclass(frozen=True)
class Occurrence:
    """A phrase found in a text: the wording matched, where, and the entries it stands for."""

    wording: str
    start: int
    entries: tuple[str, ...]


class Glossary:
    def __init__(self, entries: dict[str, Entry], vocabulary: Vocabulary) -> None:
        self.entries = entries
        self.vocabulary = vocabulary
        by_wording: dict[str, list[str]] = {}
        for e in entries.values():
            for w in e.phrases:
                by_wording.setdefault(w, []).append(e.name)
        # longest first: a wording inside a longer one already matched is not counted again
        self._wordings = sorted(by_wording.items(), key=lambda kv: (-len(kv[0]), kv[0]))

    def readings(self) -> dict[str, Expr]:
        """Name → expression, for every decisive reading (what ``{reading: …}`` may name)."""
        return {n: e.expr for n, e in self.entries.items() if e.expr is not None}

    def find(self, text: str) -> list[Occurrence]:
        """Every phrase in ``text``, in order of position."""
        taken = [False] * len(text)
        found: list[Occurrence] = []
        for wording, names in self._wordings:
            start = text.find(wording)
            while start >= 0:
                end = start + len(wording)
                if not any(taken[start:end]):
                    for i in range(start, end):
                        taken[i] = True
                    found.append(Occurrence(wording, start, tuple(names)))
                start = text.find(wording, start + 1)
        return sorted(found, key=lambda o: o.start)

    def names_in(self, text: str) -> list[str]:
        """The entries whose phrases occur in ``text``, in order of first occurrence."""
        out: list[str] = []
        for occ in self.find(text):
            for n in occ.entries:
                if n not in out:
                    out.append(n)
        return out


def parse_glossary(doc: Document, vocabulary: Vocabulary) -> Glossary:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("readings"), dict):
        raise InputError("glossary.bad", doc.loc(()), **detail("glossary_not_mapping"))
    parser = Parser(vocabulary, doc, readings={})
    entries: dict[str, Entry] = {}
    for name, spec in data["readings"].items():
        base = ("readings", name)
        if not isinstance(spec, dict):
            raise InputError("glossary.bad", doc.loc(base), **detail("glossary_entry_not_mapping", name=name, got=type_name(spec)))
        for key in spec:
            if key not in _ENTRY_KEYS:
                raise InputError("glossary.bad", doc.loc(base + (key,), key=True),
                                 **detail("glossary_unknown_key", key=key, hint=did_you_mean(key, _ENTRY_KEYS)))
        phrases = spec.get("phrases")
        if not isinstance(phrases, list) or not phrases or not all(isinstance(p, str) and p for p in phrases):
            raise InputError("glossary.bad", doc.loc(base), **detail("glossary_no_phrases", name=name))
        note = _text(spec.get("note"), doc, base + ("note",))
        decisive = spec.get("decisive", True)
        outcome = spec.get("outcome")
        forms = ["when" in spec, outcome is not None, decisive is False]
        if sum(forms) != 1:
            raise InputError("glossary.bad", doc.loc(base),
                             **detail("glossary_form", name=name))
        if outcome is not None and outcome not in OUTCOMES:
            raise InputError("glossary.bad", doc.loc(base + ("outcome",)),
                             **detail("glossary_outcome", allowed=", ".join(OUTCOMES)))
        why = _text(spec.get("why"), doc, base + ("why",)) if decisive is False else None
        expr = parser.parse(spec["when"], base + ("when",)) if "when" in spec else None
        entries[name] = Entry(name, tuple(phrases), note, expr, decisive is not False, why, outcome)
    return Glossary(entries, vocabulary)


def _text(value: Any, doc: Document, path: tuple[Any, ...]) -> Text:
    if not (isinstance(value, dict) and value.keys() == {"zh", "en"} and isinstance(value["zh"], str)
            and isinstance(value["en"], str)):
        raise InputError("glossary.bad", doc.loc(path), **detail("glossary_text"))
    # checked here as Text's validator would (two strings, nothing else): building that validator costs more
    # than a fresh process's whole evaluation
    return Text.model_construct(zh=value["zh"], en=value["en"])


@cache
def default_glossary() -> Glossary:
    """The shipped glossary (read once per process)."""
    text = read_data_text("glossary.yaml")
    return parse_glossary(load_text(text, "glossary.yaml", kind="glossary"), default_vocabulary())


def occurrences(packs: list[Any], glossary: Glossary | None = None) -> dict[str, list[tuple[str, str]]]:
    """Where each phrase occurs in the operative clauses of ``packs``: name → [(pack, clause id)]."""
    g = glossary or default_glossary()
    out: dict[str, list[tuple[str, str]]] = {n: [] for n in g.entries}
    for pack in packs:
        for cid, clause in pack.clauses.items():
            if not clause.operative:
                continue
            for name in g.names_in(clause.text):
                out[name].append((pack.name, cid))
    return out


def glossary_markdown(packs: list[Any], glossary: Glossary | None = None) -> str:
    """docs/glossary.md: every reading, its wordings, its reading over the vocabulary, and where the
    phrase occurs in the shipped packs (computed from their clause texts); written by
    ``python -m rongcuo_rules.lint.docs``."""
    import json

    from .wording import punct, text

    g = glossary or default_glossary()
    occ = occurrences(packs, g)
    labels = {p.name: p for p in packs}
    lines: list[str] = []
    for lang in ("zh", "en"):
        lines += [f"# {text('glossary.title', lang)}", "", text("glossary.generated", lang), "",
                  text("glossary.columns", lang), "|---|---|---|---|"]
        for name, e in g.entries.items():
            if e.expr is not None:
                reading = "`" + json.dumps(e.expr.to_data(), ensure_ascii=False) + "`"
            elif e.outcome is not None:
                reading = f"→ `{e.outcome}`"
            else:
                reading = text("glossary.not_decisive", lang)
            where = punct(lang).join(f"{p} {labels[p].clauses[c].label(lang)}" for p, c in occ[name]) or "—"
            note = (e.why or e.note).get(lang) if not e.decisive else e.note.get(lang)
            lines.append(f"| **{name}** | {'、'.join(e.phrases)} | {reading}<br>{note} | {where} |")
        lines.append("")
    return "\n".join(lines)

