"""The condition language: Kleene semantics, exact unknowns, and checking at parse time."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rongcuo_rules.errors import InputError
from rongcuo_rules.expr import All, Any_, Const, Expr, Not, Parser
from rongcuo_rules.vocabulary import default_vocabulary
from rongcuo_rules.yamlio import load_text


def memory(**facts: Any) -> dict[str, Any]:
    """A working memory: every fact unknown or at its default, with the given internal values."""
    m = dict(default_vocabulary().blank_memory)
    m.update({k.replace("__", "."): v for k, v in facts.items()})
    return m


def parse(text: str, definitions: tuple[str, ...] = ()) -> Expr:
    doc = load_text(text, "e.yaml")
    return Parser(default_vocabulary(), doc, definitions).parse(doc.data, ())


TRI = [True, False, None]


@pytest.mark.parametrize("a", TRI)
@pytest.mark.parametrize("b", TRI)
def test_kleene_tables(a: Any, b: Any) -> None:
    def const(v: Any) -> Expr:
        return Const(v) if v is not None else parse("{fact: conduct.intentional, is: true}")

    m = memory()
    and_ = All([const(a), const(b)]).fn(m)
    or_ = Any_([const(a), const(b)]).fn(m)
    assert and_ is (False if False in (a, b) else None if None in (a, b) else True)
    assert or_ is (True if True in (a, b) else None if None in (a, b) else False)
    assert Not(const(a)).fn(m) is (None if a is None else not a)


def test_comparisons_on_ordered_scale() -> None:
    vocab = default_vocabulary()
    loss = vocab.facts["impact.loss"]
    for op, expected in [("at_least", [0, 0, 1, 1, 1]), ("at_most", [1, 1, 1, 0, 0]),
                         ("above", [0, 0, 0, 1, 1]), ("below", [1, 1, 0, 0, 0]), ("is", [0, 0, 1, 0, 0]),
                         ("is_not", [1, 1, 0, 1, 1])]:
        e = parse(f"{{fact: impact.loss, {op}: considerable}}")
        got = [int(bool(e.fn(memory(impact__loss=loss.encode(v))))) for v in loss.allowed]
        assert got == expected, op
        assert e.fn(memory()) is None


def test_membership() -> None:
    e = parse("{fact: subject.org_type, in: [court, procuratorate]}")
    t = default_vocabulary().facts["subject.org_type"]
    assert e.fn(memory(subject__org_type=t.encode("court"))) is True
    assert e.fn(memory(subject__org_type=t.encode("government"))) is False
    n = parse("{fact: subject.org_type, not_in: [court]}")
    assert n.fn(memory(subject__org_type=t.encode("court"))) is False


def test_unknowns_name_exactly_what_leaves_it_open() -> None:
    e = parse("""all:
  - {fact: conduct.private_gain, is: false}
  - any:
      - {fact: impact.loss, at_most: minor}
      - {fact: remediation.level, is: full}
""")
    out: set[str] = set()
    e.unknowns(memory(conduct__private_gain=False), out)
    assert out == {"impact.loss", "remediation.level"}
    out = set()
    e.unknowns(memory(conduct__private_gain=False, remediation__level=0), out)
    assert out == {"impact.loss"}
    assert e.reads() == ["conduct.private_gain", "impact.loss", "remediation.level"]


@pytest.mark.parametrize(("text", "code"), [
    ("{fact: conduct.privat_gain, is: false}", "fact.unknown"),
    ("{fact: impact.loss, at_least: moderate}", "value.not_allowed"),
    ("{fact: subject.kind, above: unit}", "expr.unordered"),
    ("{fact: conduct.private_gain, is: 1}", "value.not_bool"),
    ("{fact: conduct.private_gain}", "expr.one_operator"),
    ("{fact: conduct.private_gain, is: true, is_not: false}", "expr.one_operator"),
    ("{fact: conduct.private_gain, eq: true}", "expr.unknown_operator"),
    ("{alll: []}", "expr.unknown_form"),
    ("{all: []}", "expr.empty_list"),
    ("{all: [true], any: [true]}", "expr.several_forms"),
    ("{not: true, x: 1}", "expr.extra_key"),
    ("{fact: impact.loss, in: minor}", "expr.needs_list"),
    ("{fact: impact.loss, is: [minor]}", "expr.needs_scalar"),
    ("{ref: nowhere}", "expr.unknown_ref"),
    ("[1, 2]", "expr.not_mapping"),
    ("\"exec('1')\"", "expr.not_mapping"),
])
def test_parse_errors_are_located(text: str, code: str) -> None:
    with pytest.raises(InputError) as info:
        parse(text)
    assert info.value.code == code
    assert info.value.location.file == "e.yaml" and info.value.location.line == 1


def test_did_you_mean_for_forms_and_operators() -> None:
    with pytest.raises(InputError, match="did you mean 'all'"):
        parse("{alll: [true]}")
    with pytest.raises(InputError, match="did you mean 'at_least'"):
        parse("{fact: impact.loss, at_lest: minor}")


@given(st.lists(st.sampled_from(TRI), min_size=1, max_size=6))
def test_all_any_agree_with_de_morgan(values: list[Any]) -> None:
    # not(all(x)) == any(not x) in Kleene logic too
    items = [Const(v) if v is not None else parse("{fact: conduct.intentional, is: true}") for v in values]
    m = memory()
    assert Not(All(items)).fn(m) is Any_([Not(i) for i in items]).fn(m)
