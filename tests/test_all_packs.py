"""The same case under every pack: where the measures differ, each difference cited."""

from __future__ import annotations

import pytest

from rongcuo_rules import evaluate_all, shipped_pack_names
from rongcuo_rules.cli import main

from .conftest import ROOT

URGENT = ROOT / "examples" / "urgent_decision_all_packs.yaml"


def test_five_packs_are_shipped() -> None:
    assert shipped_pack_names() == ["changzhou_edu", "fuzhou", "jinan", "pingdingshan", "shaoxing"]


def test_urgent_decision_without_collective_procedure() -> None:
    # 平顶山 第七条(二) and 常州 第六条(二) waive the collective procedure for urgent decisions;
    # 抚州 第四条(四), 济南 第七条(三) and 绍兴 第三条 do not.
    got = {v.pack: (v.outcome, v.cited_clauses) for v in evaluate_all(URGENT)}
    assert got["pingdingshan"][0] == "exempt" and "art8.3" in got["pingdingshan"][1]
    assert got["changzhou_edu"][0] == "exempt" and "art7.7" in got["changzhou_edu"][1]
    assert got["fuzhou"] == ("deny", ["art4.4"])
    assert got["jinan"] == ("deny", ["art7.3"])
    assert got["shaoxing"] == ("deny", ["art3"])


def test_all_packs_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--pack", "all", str(URGENT)]) == 0
    out = capsys.readouterr().out
    table = out.split("\n\n")[1].splitlines()
    assert table[0].split() == ["政策包", "结论", "决定性依据", "待查事实"]
    rows = {line.split()[0]: line for line in table[2:]}
    assert "不予容错" in rows["fuzhou"] and "第四条第（四）项" in rows["fuzhou"]
    assert "免责（免责/减轻（减责）/从轻）" in rows["changzhou_edu"]
    assert "第八条第（三）项" in rows["pingdingshan"] and "第十二条" in rows["pingdingshan"]
