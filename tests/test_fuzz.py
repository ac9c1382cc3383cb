"""Fuzzing every kind of input file: whatever the text, the library answers with a result or an InputError.

Valid documents (an example case, a shipped pack, a checklist, an events file, a calendar year) are mutated —
spans deleted, YAML-significant and control characters inserted, lines repeated or swapped, scalars replaced —
and loaded through the same functions the CLI uses; what loads is then evaluated (case), checked (pack,
checklist: evaluated with its parent) or turned into a timeline (events, calendar). Any exception other than
:class:`InputError` is a failure. Structured inputs of any shape go through the Python API the same way.

The suite runs a short campaign; ``RONGCUO_FUZZ_EXAMPLES=N`` runs N examples per kind (the nightly run: see
the README for its figure).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rongcuo_rules import InputError, evaluate
from rongcuo_rules.checklist import load_checklist
from rongcuo_rules.pack import load_pack
from rongcuo_rules.procedure import load_events, timeline
from rongcuo_rules.workdays import OfficialCalendar, load_year_schedule

from .conftest import FIXTURES, ROOT

EXAMPLES = int(os.environ.get("RONGCUO_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

SEEDS = {
    "case": (ROOT / "examples" / "fuzhou_flood_exempt.yaml").read_text(encoding="utf-8"),
    "case_json": (ROOT / "examples" / "fuzhou_repeat_deny.json").read_text(encoding="utf-8"),
    "pack": (ROOT / "policies" / "shaoxing.yaml").read_text(encoding="utf-8"),
    "checklist": (ROOT / "policies" / "checklists" / "shaoxing_annex1.yaml").read_text(encoding="utf-8"),
    "events": (ROOT / "examples" / "shaoxing_timeline_national_day.yaml").read_text(encoding="utf-8"),
    "calendar": (FIXTURES / "calendar" / "2027_invented.yaml").read_text(encoding="utf-8"),
}

#: what is inserted: YAML's indicators, quotes and escapes, whitespace, control characters, digits that make
#: dates and numbers, CJK text, a surrogate escape, anchors and aliases, tags, directives
PIECES = st.sampled_from([
    ":", "- ", "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object ", "!!str ", "%YAML 1.1\n", "---\n",
    "? ", "|", ">", "'", '"', "\\", "\\ud800", "\t", "\n", "\r", "\x1b[2J", "\x00", "#", "<<: ", "~", "null",
    "true", "off", "2025-02-30", "20251120", "2025-W01-1", "9" * 30, "1e400", ".nan", "-1", "0x1F", "一定损失",
    "  ", "facts", "events", "when", "fact", "is", "all", "any", "not",
])


@st.composite
def mutated(draw: Any, kind: str) -> str:
    text = SEEDS[kind]
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(["delete", "insert", "repeat", "swap", "replace"]))
        lines = text.split("\n")
        if how == "delete" and text:
            start = draw(st.integers(0, len(text) - 1))
            text = text[:start] + text[start + draw(st.integers(1, 40)):]
        elif how == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(PIECES) + text[at:]
        elif how == "repeat":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif how == "swap" and len(lines) > 1:
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif how == "replace":
            i = draw(st.integers(0, len(lines) - 1))
            if ":" in lines[i]:
                key = lines[i].split(":", 1)[0]
                lines[i] = f"{key}: {draw(PIECES)}"
                text = "\n".join(lines)
    return text


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def _only_input_errors(fn: Any) -> None:
    try:
        fn()
    except InputError:
        pass


@FUZZ
@given(text=mutated("case"))
def test_fuzz_case_files(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "case.yaml", text)
    _only_input_errors(lambda: evaluate("fuzhou", path, explain="full"))


@FUZZ
@given(text=mutated("case_json"))
def test_fuzz_json_case_files(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "case.json", text)
    _only_input_errors(lambda: evaluate("jinan", path, explain="full"))


@FUZZ
@given(text=mutated("pack"))
def test_fuzz_packs(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "pack.yaml", text)

    def use() -> None:
        pack = load_pack(path)
        evaluate(pack, ROOT / "examples" / "urgent_decision_all_packs.yaml", explain="full")
        from rongcuo_rules.properties import check

        check(pack)

    _only_input_errors(use)


@FUZZ
@given(text=mutated("checklist"))
def test_fuzz_checklists(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "checklist.yaml", text)

    def use() -> None:
        checklist = load_checklist(path)
        evaluate("shaoxing", ROOT / "examples" / "urgent_decision_all_packs.yaml", checklists=[checklist])

    _only_input_errors(use)


@FUZZ
@given(text=mutated("events"))
def test_fuzz_events(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "events.yaml", text)
    _only_input_errors(lambda: timeline("shaoxing", load_events(path), "2025-11-20",
                                        calendar=OfficialCalendar(estimate=True)))


@FUZZ
@given(text=mutated("calendar"))
def test_fuzz_calendars(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "calendar.yaml", text)

    def use() -> None:
        calendar = OfficialCalendar()
        calendar.add_year(load_year_schedule(path))
        timeline("changzhou_edu", {"investigation_started": "2027-03-01"}, "2027-12-31", calendar=calendar)

    _only_input_errors(use)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
    | st.sampled_from(["conduct.private_gain", "facts", "id", "events", "minor", "individual"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["facts", "id", "events", "notes", "conduct", "private_gain", "conduct.private_gain",
                         "impact.loss", "subject.kind", "idd"]) | st.text(max_size=10), inner, max_size=4),
    max_leaves=12)


@FUZZ
@given(data=JSONISH)
def test_fuzz_python_api_cases(data: Any) -> None:
    _only_input_errors(lambda: evaluate("fuzhou", data, explain="full"))


def _composed(text: str, pure: bool) -> Any:
    from rongcuo_rules.yamlio import _compose_yaml

    try:
        doc = _compose_yaml(text, None, pure=pure)
    except InputError as exc:
        return ("refused", exc.code)
    def value(path: tuple[Any, ...]) -> Any:
        data = doc.data
        for key in path:
            data = data[key]
        return data

    # an empty value (``key:`` and nothing) has no text of its own: libyaml places it after the key, the
    # reference parser at the next token; either is a fair place to point at
    places = sorted(((p, at) for p, at in doc.value_at.items() if value(p) is not None), key=repr)
    return ("read", repr(doc.data), places, sorted(doc.key_at.items(), key=repr))


@FUZZ
@given(text=st.one_of(mutated("case"), mutated("pack"), mutated("events")))
def test_fuzz_fast_parser_reads_as_the_reference_does(text: str) -> None:
    """libyaml (YAML 1.1, used for speed) and ruamel's YAML 1.2 parser (the reference) must read every text
    alike — the same data and positions, or both refuse: where libyaml accepts what the reference refuses, a
    fact could count that YAML 1.2 says is not there."""
    fast, reference = _composed(text, False), _composed(text, True)
    if reference[0] == "refused":
        assert fast[0] == "refused", text
    else:
        assert fast == reference, text
