"""How long and how much memory refusing each generated bad input of the hardening corpus takes.

    .venv/bin/python benchmarks/bench_refusals.py

Runs each input of ``tests/test_hardening.py``'s GENERATED list through the CLI in a child process (as the
test does) and prints its wall time and peak resident memory; issue 13 asks for at most 5 s and 500 MB. The
test asserts the memory bound and only a generous hang bound on time (a timed test would fail on a loaded
machine); this is where the time is measured. Python's start-up and the package import are included.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_hardening import CHILD, GENERATED  # noqa: E402


def main() -> None:
    worst = (0.0, 0)
    print(f"{'input':42} {'seconds':>8} {'peak MiB':>9}  exit")
    for name, argv, make, _ in GENERATED:
        if "durable" in argv:
            try:
                import durable  # noqa: F401
            except ImportError:
                print(f"{name:42} skipped: durable_rules is not installed")
                continue
        with tempfile.TemporaryDirectory() as tmp:
            target = make(Path(tmp))
            rss = Path(tmp) / "rss"
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, "-c", CHILD, *argv, target], capture_output=True, text=True,
                                  stdin=subprocess.DEVNULL, cwd=tmp, timeout=120,
                                  env={**os.environ, "RONGCUO_LANG": "en", "RONGCUO_TEST_RSS": str(rss)})
            took = time.perf_counter() - start
            peak = int(rss.read_text()) / 2**20
        worst = (max(worst[0], took), max(worst[1], int(peak)))
        print(f"{name:42} {took:8.2f} {peak:9.0f}  {proc.returncode}")
    print(f"worst: {worst[0]:.2f} s, {worst[1]} MiB (issue 13: at most 5 s and 500 MB)")


if __name__ == "__main__":
    main()
