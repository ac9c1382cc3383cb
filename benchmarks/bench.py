"""Benchmark: verdicts per second for the native engine, the durable engine and a hand-written function
of the 抚州 logic, on the same generated cases in one run; plus compare-free CLI cold start.

    .venv/bin/python benchmarks/bench.py [--cases 20000] [--seed 7]

Reports what it measured; the targets from the issue are printed beside the figures, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from handwritten_fuzhou import fuzhou as by_hand  # noqa: E402

from rongcuo_rules import durable_available, evaluate, get_pack  # noqa: E402
from rongcuo_rules.case import Case, case_from_facts  # noqa: E402
from rongcuo_rules.engines import get_engine  # noqa: E402
from rongcuo_rules.errors import InputError  # noqa: E402
from rongcuo_rules.vocabulary import default_vocabulary  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def generate(n: int, seed: int) -> list[Case]:
    """Cases like those a case system sends, in a mix that exercises every path.

    Each case starts from either an eligible profile (in scope, conditions met) or nothing, then each
    vocabulary fact is set at random with some probability: open facts often (an investigation
    establishes most), context tags and adverse closed facts rarely. Impossible cases (violating a
    vocabulary constraint) are drawn again.
    """
    rng = random.Random(seed)
    vocab = default_vocabulary()
    eligible = {"subject.kind": "individual", "subject.org_type": "government", "subject.position": "staff",
                "conduct.prohibited_by_law": False, "conduct.consistent_with_policy": True,
                "conduct.benefits_development": True, "conduct.private_gain": False,
                "procedure.collective_decision": True, "remediation.level": "partial",
                "impact.loss": "minor", "impact.social": "minor"}
    out: list[Case] = []
    while len(out) < n:
        facts: dict[str, Any] = dict(eligible) if rng.random() < 0.6 else {}
        for name, fact in vocab.facts.items():
            p = 0.12 if name.startswith("context.") else 0.25 if fact.open else 0.03
            if rng.random() < p:
                facts[name] = rng.choice(fact.allowed)
            elif fact.open and name not in eligible and rng.random() < 0.5:
                facts.pop(name, None)
        try:
            out.append(case_from_facts(facts))
        except InputError:
            continue  # a vocabulary constraint: not a possible case
    return out


def rates(contenders: dict[str, tuple[Callable[[Case], Any], list[Case]]], repeat: int = 5) -> dict[str, float]:
    """Verdicts per second of each contender: the best of `repeat` rounds, the rounds interleaved so
    that drift in the machine's speed affects every contender alike."""
    best = {name: float("inf") for name in contenders}
    for _ in range(repeat):
        for name, (fn, cases) in contenders.items():
            gc.collect()
            start = time.perf_counter()
            for case in cases:
                fn(case)
            best[name] = min(best[name], (time.perf_counter() - start) / len(cases))
    return {name: 1 / t for name, t in best.items()}


def cold_start(runs: int) -> float:
    exe = Path(sys.executable).with_name("rongcuo")
    cmd = [str(exe), "evaluate", "--pack", "fuzhou", str(ROOT / "examples" / "fuzhou_flood_exempt.yaml")]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare_pairs() -> None:
    """Seconds for an exact compare of every pair of shipped packs (one core)."""
    import itertools

    from rongcuo_rules import shipped_pack_names
    from rongcuo_rules.compare import compare

    print(f"python {sys.version.split()[0]}: exact compare, whole fact space")
    for a, b in itertools.combinations(shipped_pack_names(), 2):
        start = time.perf_counter()
        result = compare(get_pack(a), get_pack(b))
        took = time.perf_counter() - start
        print(f"{a:14} {b:14} {took:6.1f} s   agreement {result.agreement:.6%}   "
              f"{len(result.differences)} groups, {result.not_itemised / result.total:.6%} not itemised")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cold-runs", type=int, default=9)
    ap.add_argument("--compare", action="store_true", help="time `compare` on every pair of shipped packs instead")
    args = ap.parse_args()
    if args.compare:
        compare_pairs()
        return

    pack = get_pack("fuzhou")
    cases = generate(args.cases, args.seed)
    native = get_engine(pack, "native")

    # The hand-written function must compute the same thing before its speed means anything.
    outcomes: dict[str, int] = {}
    for case in cases:
        v = evaluate(pack, case)
        assert by_hand(case.memory) == (v.outcome, v.cited_clauses), case.facts
        outcomes[v.outcome] = outcomes.get(v.outcome, 0) + 1

    contenders: dict[str, tuple[Callable[[Case], Any], list[Case]]] = {
        "hand-written function (outcome + citations)": (lambda c: by_hand(c.memory), cases),
        "native engine, derivation only": (native.derive, cases),
        "native engine, full verdict": (lambda c: evaluate(pack, c), cases),
        "native engine, full verdict + JSON": (lambda c: evaluate(pack, c).to_json(), cases),
    }
    if durable_available():
        contenders["durable engine, full verdict"] = (lambda c: evaluate(pack, c, engine="durable"),
                                                      cases[: max(1, len(cases) // 20)])
    results = rates(contenders)
    cold = cold_start(args.cold_runs)

    print(f"python {sys.version.split()[0]}, {len(cases)} generated cases (seed {args.seed}); "
          f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"{'':48} {'verdicts/s':>12}")
    for name, r in results.items():
        print(f"{name:48} {r:12,.0f}")
    hand = results["hand-written function (outcome + citations)"]
    full = results["native engine, full verdict"]
    print(f"native full verdict / hand-written: {full / hand:.2f}  (target ≥ 0.25)")
    if "durable engine, full verdict" in results:
        print(f"native full verdict / durable full verdict: {full / results['durable engine, full verdict']:.1f}×"
              f"  (target ≥ 15×)")
    print(f"CLI cold start (rongcuo evaluate, median of {args.cold_runs}): {cold * 1000:.0f} ms")


if __name__ == "__main__":
    main()
