"""Timelines per second and lint time for the shipped files (best of five rounds).

    .venv/bin/python benchmarks/bench_procedure_lint.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rongcuo_rules import get_pack, timeline
from rongcuo_rules.lint import lint_paths

ROOT = Path(__file__).resolve().parents[1]
EVENTS = {"accountability_started": "2025-01-24", "application_submitted": "2025-02-10",
          "investigation_started": "2025-11-30", "decision": "2026-02-13", "publicity_started": "2026-02-13",
          "suspended": "2025-12-15"}


def best(fn, rounds: int = 5) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    pack = get_pack("changzhou_edu")  # six steps, working days and months, across Spring Festival 2026
    timeline(pack, EVENTS, "2026-02-25")  # warm: the calendar reads each year once
    n = 2000
    t = best(lambda: [timeline(pack, EVENTS, "2026-02-25") for _ in range(n)])
    print(f"timeline (changzhou_edu, 6 steps): {n / t:,.0f} timelines/s")
    files = sorted((ROOT / "policies" / "checklists").glob("*.yaml"))
    t = best(lambda: lint_paths(files), rounds=3)
    print(f"lint, five 绍兴 annexes (51 items, exact checks): {t * 1000:,.0f} ms")
    packs = sorted((ROOT / "policies").glob("*.yaml"))
    t = best(lambda: lint_paths(packs), rounds=3)
    print(f"lint, five packs (cross-references): {t * 1000:,.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
