"""Memory over a long run: RSS after every 100,000 of 1,000,000 mixed evaluations in one process.

    .venv/bin/python benchmarks/soak.py [--evaluations 1000000] [--every 100000]

The mix: every shipped pack in turn, generated cases (a fresh stream, so that combinations keep coming that
no cache has seen), explanations none / near / full, Chinese and English, and every tenth verdict written
as JSON. Every per-process cache has a bound (README, "Limits on memory"); the goal is that RSS after the
whole run is within 30 MB of its value after the first 100,000.
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    """Resident set size now (Linux /proc), in MB; the peak where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--evaluations", type=int, default=1_000_000)
    ap.add_argument("--every", type=int, default=100_000)
    args = ap.parse_args()

    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(bench)
    from rongcuo_rules import evaluate, get_pack, shipped_pack_names

    packs = [get_pack(n) for n in shipped_pack_names()]
    levels = ("none", "near", "full")
    print(f"python {sys.version.split()[0]}: {args.evaluations:,} mixed evaluations, {len(packs)} packs")
    print(f"{'evaluations':>12} {'RSS MB':>8} {'s':>7}")
    print(f"{0:>12,} {rss_mb():8.1f} {0:7.0f}")
    start = time.perf_counter()
    done, seed, first = 0, 1, None
    while done < args.evaluations:
        for case in bench.generate(2_000, seed):  # a fresh stream of cases
            pack = packs[done % len(packs)]
            v = evaluate(pack, case, explain=levels[done % 3], lang="en" if done % 7 == 0 else "zh")
            if done % 10 == 0:
                v.to_json()
            done += 1
            if done % args.every == 0:
                now = rss_mb()
                first = first if first is not None else now
                print(f"{done:>12,} {now:8.1f} {time.perf_counter() - start:7.0f}", flush=True)
            if done >= args.evaluations:
                break
        seed += 1
    if first is not None:
        growth = rss_mb() - first
        print(f"growth after the first {args.every:,}: {growth:+.1f} MB (goal: within 30 MB)")


if __name__ == "__main__":
    main()
