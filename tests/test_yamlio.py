"""Safe, positioned loading: no code runs, nothing is dropped, expansion is bounded, positions are kept."""

from __future__ import annotations

import pytest

from rongcuo_rules.errors import InputError
from rongcuo_rules.yamlio import MAX_NODES, load_text


def code_of(text: str, fmt: str = "yaml") -> tuple[str, int | None, int | None]:
    with pytest.raises(InputError) as info:
        load_text(text, "f", fmt=fmt)
    return info.value.code, info.value.location.line, info.value.location.col


def test_positions_of_values_and_keys() -> None:
    doc = load_text("a:\n  b: [1, 2]\n  c: x\n", "f")
    assert doc.data == {"a": {"b": [1, 2], "c": "x"}}
    assert doc.value_at[("a", "b", 1)] == (2, 10)
    assert doc.key_at[("a", "c")] == (3, 3)
    assert doc.loc(("a", "zzz")).line == 2  # an unknown path falls back to its parent


@pytest.mark.parametrize("tag", ["!!python/object:os.system {}", "!!python/name:os.system ''",
                                 "!custom 3", "!!set {a: null}", "!!binary aGk="])
def test_non_core_tags_are_rejected_not_dropped(tag: str) -> None:
    assert code_of(f"a: {tag}\n") == ("yaml.tag", 1, 4)


def test_duplicate_keys_point_at_both() -> None:
    with pytest.raises(InputError) as info:
        load_text("x: 1\ny: 2\nx: 3\n", "f")
    assert info.value.code == "yaml.duplicate_key"
    assert (info.value.location.line, info.value.location.col) == (3, 1)
    assert info.value.params["first"] == "1:1"


def test_merge_keys_are_rejected() -> None:
    assert code_of("a: &a {x: 1}\nb:\n  <<: *a\n")[0] == "yaml.merge"


def test_alias_bomb_fails_fast() -> None:
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    assert code_of("\n".join(lines) + "\n")[0] == "yaml.too_large"
    assert MAX_NODES < 10 ** 8


def test_small_aliases_are_fine() -> None:
    assert load_text("a: &a [1, 2]\nb: *a\n").data == {"a": [1, 2], "b": [1, 2]}


def test_non_finite_numbers_are_rejected() -> None:
    assert code_of("a: .nan\n")[0] == "yaml.non_finite"
    assert code_of('{"a": NaN}', "json")[0] == "json.syntax"


def test_syntax_errors_have_positions() -> None:
    assert code_of("a: [1, 2\nb: 3\n")[:2] == ("yaml.syntax", 2)
    assert code_of('{"a": 1,\n "b": }', "json") == ("json.syntax", 2, 7)


def test_empty_documents() -> None:
    for text in ["", "   \n", "# only a comment\n"]:
        assert code_of(text)[0] == "file.empty"
    assert code_of("", "json")[0] == "file.empty"


def test_json_duplicate_keys_are_located() -> None:
    assert code_of('{"a": 1,\n "a": 2}', "json") == ("yaml.duplicate_key", 2, 2)


def test_yaml_1_2_booleans_only() -> None:
    # YAML 1.1's yes/no/on/off are strings in YAML 1.2; a case giving `yes` is then a type error, not true
    assert load_text("a: yes\nb: true\n").data == {"a": "yes", "b": True}


def test_lazy_positions_give_the_same_data_and_places() -> None:
    """``lazy_positions`` (the HTTP service's bodies) finds positions only when a message asks: the same data
    and the same line and column as composing them at once."""
    from rongcuo_rules.yamlio import load_text

    texts = ['{"a": {"b": [1, 2, {"c": "x"}]},\n "d": "中文", "e": null}',
             '{\n  "case": {"facts": {"impact.loss": "huge"}}\n}', '[1, "\\u00e9", {"k": [true]}]']
    for text in texts:
        eager, lazy = load_text(text, "t", fmt="json"), load_text(text, "t", fmt="json", lazy_positions=True)
        assert lazy.data == eager.data
        for path in [(), ("a",), ("a", "b", 2, "c"), ("d",), ("case", "facts", "impact.loss"), (2, "k", 0)]:
            for key in (False, True):
                assert lazy.loc(path, key) == eager.loc(path, key), (text, path, key)
    for bad in ['{"a": 1, "a": 2}', '{"a": NaN}', '{"a": ', "[" * 200 + "]" * 200]:
        with pytest.raises(InputError) as eager_error:
            load_text(bad, "t", fmt="json")
        with pytest.raises(InputError) as lazy_error:
            load_text(bad, "t", fmt="json", lazy_positions=True)
        assert lazy_error.value.code == eager_error.value.code
