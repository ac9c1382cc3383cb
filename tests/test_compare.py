"""Exact comparison: counts match brute force, witnesses re-evaluate, identical packs never differ."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from rongcuo_rules import case_from_facts, evaluate, get_pack
from rongcuo_rules.cli import main
from rongcuo_rules.compare import causes, compare
from rongcuo_rules.errors import InputError
from rongcuo_rules.expr import base_reads

FREE = ["impact.loss", "impact.accident_safety", "history.repeated_error_same_issue",
        "history.prior_tolerance_same_issue", "context.recognized_other", "procedure.collective_decision",
        "conduct.unregulated_area", "conduct.prohibited_by_law"]
ELIGIBLE = {"subject.kind": "individual", "subject.org_type": "government", "subject.position": "section_level",
            "subject.sector": "education", "conduct.consistent_with_policy": True,
            "conduct.benefits_development": True, "conduct.private_gain": False, "conduct.public_motive": True,
            "remediation.level": "partial", "impact.social": "minor", "context.emergency": True,
            "procedure.risk_assessed": True}


def _assume_all_but_free(a: str, b: str) -> dict[str, Any]:
    vocab = get_pack(a).vocabulary
    facts = {f for p in (a, b) for r in get_pack(p).rules for f in base_reads(r.expr)}
    return {f: ELIGIBLE.get(f, vocab.facts[f].allowed[0] if not vocab.facts[f].open else
                           ELIGIBLE.get(f, vocab.facts[f].allowed[0])) for f in facts if f not in FREE}


def test_counts_are_exact_against_brute_force() -> None:
    assume = _assume_all_but_free("fuzhou", "changzhou_edu")
    result = compare(get_pack("fuzhou"), get_pack("changzhou_edu"), assume)
    vocab = get_pack("fuzhou").vocabulary
    total = agree = 0
    pairs: dict[tuple[str, str], int] = {}
    for values in itertools.product(*(vocab.facts[f].allowed for f in FREE)):
        try:
            case = case_from_facts({**assume, **dict(zip(FREE, values))})
        except InputError:
            continue  # impossible under a constraint: not in the space
        oa, ob = evaluate("fuzhou", case).outcome, evaluate("changzhou_edu", case).outcome
        total += 1
        agree += oa == ob
        if oa != ob:
            pairs[oa, ob] = pairs.get((oa, ob), 0) + 1
    assert (result.total, result.agree, result.not_itemised) == (total, agree, 0)
    got: dict[tuple[str, str], int] = {}
    for d in result.differences:
        got[d.outcome_a, d.outcome_b] = got.get((d.outcome_a, d.outcome_b), 0) + d.count
    assert got == pairs


def test_every_witness_re_evaluates_as_reported() -> None:
    result = compare(get_pack("jinan"), get_pack("pingdingshan"), {"subject.org_type": "government"})
    assert result.differences
    for d in result.differences:
        va, vb = evaluate("jinan", d.witness), evaluate("pingdingshan", d.witness)
        assert (va.outcome, vb.outcome) == (d.outcome_a, d.outcome_b) and va.outcome != vb.outcome
        got_a, got_b = causes(get_pack("jinan"), get_pack("pingdingshan"), va, vb)
        assert (list(got_a), list(got_b)) == (d.cites_a, d.cites_b)


def test_a_pack_never_differs_from_itself() -> None:
    result = compare(get_pack("shaoxing"), get_pack("shaoxing"))
    assert result.differences == [] and result.agree == result.total > 0


def test_headline_differences_between_fuzhou_and_changzhou() -> None:
    result = compare(get_pack("fuzhou"), get_pack("changzhou_edu"))
    found = {
        # 常州 第六条(六) stops at accidents of grade 较大; 抚州 第九条(二) only at 重特大
        "accident": any(d.outcome_a == "exempt" and d.outcome_b == "deny" and "art6.6" in d.cites_b
                        and d.witness.get("impact.accident_safety", d.witness.get("impact.accident_food_drug",
                            d.witness.get("impact.accident_environment"))) == "larger"
                        for d in result.differences),
        # 常州 第八条 blocks only a second tolerance; 抚州 第九条(九) any repeated error
        "once_only": any(d.outcome_a == "deny" and d.outcome_b == "exempt" and d.cites_a == ["art9.9"]
                         and d.cites_b == ["art13.5"] for d in result.differences),
        # 常州 第七条(十) has a catch-all; 抚州 has none
        "catch_all": any(d.outcome_a == "deny" and "art7.10" in d.cites_b for d in result.differences),
    }
    assert found == {"accident": True, "once_only": True, "catch_all": True}


def test_compare_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assume = ["--assume", "subject.org_type=government", "--assume", "subject.sector=education",
              "--assume", "subject.position=section_level", "--assume", "subject.kind=individual"]
    assert main(["compare", "fuzhou", "changzhou_edu", *assume, "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("抚州市容错免责办法（试行） ↔ 常州市教育局") and "见证案件" in out
    assert main(["compare", "fuzhou", "changzhou_edu", *assume, "--format", "json", "--limit", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["a"] == "fuzhou" and len(data["differences"]) == 2 and 0 < data["agreement"] < 1
    assert data["differences"][0]["verdict_a"]["outcome"] == data["differences"][0]["outcome_a"]


@pytest.mark.parametrize("bad", ["conduct.privte_gain=false", "impact.loss=huge", "impact.loss"])
def test_compare_bad_assumption(capsys: pytest.CaptureFixture[str], bad: str) -> None:
    assert main(["compare", "fuzhou", "jinan", "--assume", bad]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_matrix_report(tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import rongcuo_rules.pack as pack_module

    monkeypatch.setattr(pack_module, "shipped_pack_names", lambda: ["pingdingshan", "shaoxing"])
    assert main(["compare", "--all", "--output", str(tmp_path)]) == 0
    md = (tmp_path / "compare-matrix.md").read_text(encoding="utf-8")
    page = (tmp_path / "compare-matrix.html").read_text(encoding="utf-8")
    assert md.startswith("# 容错纠错办法两两对照") and "# Fault-tolerance measures compared pairwise" in md
    assert "| pingdingshan | — |" in md and "见证案件" in md and "Witness" in md
    assert page.startswith("<!DOCTYPE html>") and "<table>" in page and page.count("<h1>") == 2
    assert "<script" not in page  # self-contained and static


def test_compare_needs_two_packs_or_all(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "fuzhou"]) == 2


def test_pairs_in_parallel_give_what_one_process_gives() -> None:
    """compare_all runs the pairs in worker processes: the same comparisons, in pair order, with a progress
    call per pair; packs a worker could not load by name (loaded from a path) are compared in this process."""
    from rongcuo_rules.compare import compare_all
    from rongcuo_rules.pack import load_pack

    from .conftest import ROOT

    packs = [get_pack(n) for n in ("changzhou_edu", "pingdingshan", "shaoxing")]
    seen: list[tuple[str, str]] = []
    parallel = compare_all(packs, processes=2, progress=lambda a, b: seen.append((a, b)))
    one = compare_all(packs, processes=1)
    assert list(parallel) == list(one) == [("changzhou_edu", "pingdingshan"), ("changzhou_edu", "shaoxing"),
                                           ("pingdingshan", "shaoxing")]
    assert parallel == one
    assert sorted(seen) == list(one)
    copies = [load_pack(ROOT / "policies" / "pingdingshan.yaml"), load_pack(ROOT / "policies" / "shaoxing.yaml")]
    from_files = compare_all(copies, processes=2)
    assert from_files[("pingdingshan", "shaoxing")] == one[("pingdingshan", "shaoxing")]


def test_pairs_where_no_worker_can_start_are_compared_here(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    """Where the system will not start workers (here: no semaphores for the pool, what CPython raises without
    sem_open), compare_all compares every pair in this process, with a WorkersUnavailableWarning in the language
    asked; `compare --all` says so in one line on stderr and writes the matrix. Before, it failed with the
    system's error (exit status 3)."""
    import concurrent.futures

    from rongcuo_rules import WorkersUnavailableWarning
    from rongcuo_rules.compare import compare_all

    packs = [get_pack(n) for n in ("changzhou_edu", "pingdingshan", "shaoxing")]
    one = compare_all(packs, processes=1)

    def refused(*args: object, **kwargs: object) -> None:
        raise NotImplementedError("This platform lacks a functioning sem_open implementation")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", refused)
    seen: list[tuple[str, str]] = []
    with pytest.warns(WorkersUnavailableWarning, match="the work is done in this process alone") as warned:
        alone = compare_all(packs, processes=2, progress=lambda a, b: seen.append((a, b)), lang="en")
    assert alone == one and list(alone) == list(one) == seen  # (each pair once, in pair order)
    assert len(warned) == 1 and warned[0].filename == __file__
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "--all", "--processes", "2"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("rongcuo: 此处无法启动工作进程（NotImplementedError(") and err.count("\n") == 1
    assert list(tmp_path.rglob("compare-matrix.md"))


def test_progress_bar_on_a_terminal_only(tmp_path: Any) -> None:
    """`compare --all` shows a progress bar when stderr is a terminal and writes nothing there otherwise."""
    import os
    import subprocess
    import sys

    pty = pytest.importorskip("pty", reason="a pseudo-terminal needs POSIX")
    cmd = [sys.executable, "-m", "rongcuo_rules.cli", "compare", "--all", "--output", str(tmp_path)]
    quiet = subprocess.run(cmd, capture_output=True, text=True, check=True)
    assert quiet.stderr == ""
    import threading

    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal 100 columns wide
    shown = bytearray()

    def drain() -> None:  # read while the command runs: a pty's buffer is small and closes with it
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end is closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, check=True, timeout=120)
    finally:
        os.close(slave)
        reader.join(10)
        os.close(master)
    assert done.stdout.decode().count("compare-matrix") == 2
    text = bytes(shown).decode("utf-8", "replace")
    assert "两两比较" in text and "0/10" in text and "↔" in text, text  # the bar, its count, the pair done
