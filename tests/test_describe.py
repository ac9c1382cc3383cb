"""`rongcuo show PACK` and `rongcuo vocabulary FACT`: a pack's logic without reading its YAML, and which packs read a
fact — what someone writing a case needs."""

from __future__ import annotations

import json

import pytest

from rongcuo_rules.cli import main
from rongcuo_rules.describe import SECTIONS
from rongcuo_rules.pack import get_pack, shipped_pack_names


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", shipped_pack_names())
def test_show_gives_every_rule_with_its_clause_and_facts(capsys: pytest.CaptureFixture[str], name: str) -> None:
    pack = get_pack(name)
    code, out, _ = run(capsys, "show", name, "--format", "json")
    doc = json.loads(out)
    assert code == 0
    for section in SECTIONS:
        rules = getattr(pack, section)
        assert [e["rule"] for e in doc[section]] == [r.id for r in rules]
        for e, r in zip(doc[section], rules):
            assert e["text"] == pack.clauses[r.clause].text  # verbatim
            direct = [f for f in r.expr.reads() if not f.startswith("@")]
            assert set(direct) <= set(e["facts"])  # and those read through definitions (below)
            assert e["condition"] == r.expr.to_data() and e["condition_lines"]
    code, text, _ = run(capsys, "show", name)
    for r in pack.scenarios:
        assert pack.clauses[r.clause].text in text
    import re

    # no raw wording keys (a rule id such as outcome.art12 is fine; outcome.exempt is a key)
    assert not re.search(r"value\.(true|false)|show\.[a-z]|outcome\.(exempt|reduce|lighten|deny|undetermined)\b", text)
    assert "（允许：" in text  # each outcome rule with the range the text permits
    code, md, _ = run(capsys, "show", name, "--format", "md")
    assert md.startswith(f"# {pack.title.zh}") and "## " in md and "```" in md


def test_show_reads_as_a_person_would(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "show", "fuzhou")
    assert "【第九条第（三）项】" in out and "谋取私利（conduct.private_gain）：是" in out
    _, en, _ = run(capsys, "show", "fuzhou", "--lang", "en")
    assert "Exclusions" in en and "private gain (conduct.private_gain): yes" in en and "【" not in en
    # 济南 第十八条: the outcome rules read the loss through the definitions @art18_*; show names the facts
    _, js, _ = run(capsys, "show", "jinan", "--format", "json")
    exempt = next(e for e in json.loads(js)["outcomes"] if e["rule"] == "outcome.art18.exempt")
    assert {"impact.loss", "remediation.level"} <= set(exempt["facts"]) and exempt["permitted"]


def test_a_fact_and_the_packs_that_read_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "vocabulary", "conduct.private_gain", "--format", "json")
    doc = json.loads(out)
    expected = {(p, r.id) for p in shipped_pack_names() for section in (*SECTIONS, "definitions")
                for r in getattr(get_pack(p), section) if "conduct.private_gain" in r.expr.reads()}
    assert code == 0 and expected <= {(u["pack"], u["rule"]) for u in doc["used_by"]} and len(expected) >= 5
    code, out, _ = run(capsys, "vocabulary", "impact.loss", "--format", "json")
    assert ("jinan", "outcome.art18.exempt") in {(u["pack"], u["rule"]) for u in json.loads(out)["used_by"]}
    code, out, _ = run(capsys, "vocabulary", "conduct.private_gain")
    assert out.splitlines()[0].startswith("conduct.private_gain  谋取私利") and "fuzhou" in out
    code, _, err = run(capsys, "vocabulary", "conduct.privat_gain")
    assert code == 2 and "conduct.private_gain" in err
