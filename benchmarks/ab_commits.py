"""Full-verdict and derivation speed of this checkout against an earlier commit, alternating.

The full verdict is timed as ``benchmarks/bench.py`` times it: ``evaluate(pack, case)`` on prebuilt cases,
one call per case, no result kept (keeping thousands of verdicts alive makes the collector's passes, not the
verdicts, dominate).

The machine's speed drifts by tens of percent between runs, so two versions measured one after the other
can differ by more than any change between them. This runs short measurements of the two versions in turn,
each in its own process (the earlier commit from a temporary git worktree, on the same interpreter), and
reports each version's best.

    .venv/bin/python benchmarks/ab_commits.py REV [--rounds 8] [--cases 5000] [--explain none|near|full]

``--explain`` sets how much this tree's verdicts explain (the earlier commit evaluates as it did);
with ``full`` the pack's alternatives are compiled before timing (:func:`rongcuo_rules.alternatives.prepare`,
as a service does at start).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MEASURE = r"""
import gc, sys, time, importlib.util
from pathlib import Path
root = Path(sys.argv[1])
spec = importlib.util.spec_from_file_location("bench", root / "benchmarks" / "bench.py")
bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)
from rongcuo_rules import evaluate, get_pack
from rongcuo_rules.engines import get_engine
pack = get_pack("fuzhou"); cases = bench.generate(int(sys.argv[2]), 7); eng = get_engine(pack, "native")
kw = {"explain": sys.argv[3]} if len(sys.argv) > 3 else {}
if kw.get("explain") == "full":
    from rongcuo_rules.alternatives import prepare
    prepare(pack)
for c in cases: evaluate(pack, c, **kw)
def rate(fn):  # as bench.py's rates(): one call per case, nothing kept
    gc.collect(); t = time.perf_counter()
    for c in cases: fn(c)
    return len(cases) / (time.perf_counter() - t)
v = rate(lambda c: evaluate(pack, c, **kw))
d = rate(eng.derive)
print(d, v)
"""


def measure(tree: Path, cases: int, explain: str | None = None) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    out = subprocess.run([sys.executable, "-c", MEASURE, str(tree), str(cases), *([explain] if explain else [])],
                         env=env, cwd=tree,
                         capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--explain", choices=["none", "near", "full"], help="this tree's explain level (default: its API default)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(old), args.rev], check=True)
        try:
            best = {"old": (0.0, 0.0), "new": (0.0, 0.0)}
            for _ in range(args.rounds):
                for name, tree in (("old", old), ("new", ROOT)):
                    d, v = measure(tree, args.cases, args.explain if name == "new" else None)
                    best[name] = (max(best[name][0], d), max(best[name][1], v))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    print(f"{'':8}{'derivation/s':>14}{'full verdict/s':>16}")
    for name, label in (("old", args.rev[:10]), ("new", "this tree")):
        print(f"{label:10}{best[name][0]:12,.0f}{best[name][1]:16,.0f}")
    print(f"{'new/old':10}{best['new'][0] / best['old'][0]:12.2f}{best['new'][1] / best['old'][1]:16.2f}")


if __name__ == "__main__":
    main()
