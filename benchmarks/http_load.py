"""Throughput and latency of `rongcuo serve` over real HTTP on loopback, and of many cases through the CLI.

    .venv/bin/python benchmarks/http_load.py [--requests 3000] [--clients 4] [--workers 1 2]

For each worker count: starts the service (`rongcuo serve --workers N` on a free loopback port), warms it, then
CLIENTS processes each keep one HTTP/1.1 connection and send REQUESTS/CLIENTS evaluations of the example cases
(fuzhou, explain=full — the CLI's default); reports verdicts/s and p50/p99 latency; then the same with wrk (a
C load generator: `apt-get install wrk`) for 10 s over 4 connections, when it is installed. Then one batch of 1,000
cases (explain full and none), and the CLI: 10,000 cases as JSON lines on stdin in one process against one
`rongcuo evaluate` call per file (timed on CALLS calls and scaled, said so in the output).

The clients run on the same machine as the service: on a small machine they take cores from it, and the figures
say what this machine does with both on it — not what the service does alone.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _cases() -> list[dict[str, Any]]:
    from rongcuo_rules.yamlio import load_file

    out = []
    for p in sorted((ROOT / "examples").glob("*")):
        if p.suffix in (".yaml", ".json"):
            data = load_file(p).data
            if "facts" in data:
                out.append(json.loads(json.dumps(data, default=str)))
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rongcuo_rules", "serve", "--port", str(port), "--workers",
                             str(workers), "--log-level", "error"], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the service did not start")


def _client(args: tuple[int, list[bytes], int]) -> list[float]:
    port, bodies, count = args
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for i in range(count):
        body = bodies[i % len(bodies)]
        t = time.perf_counter()
        conn.request("POST", "/v1/evaluate", body=body, headers={"Content-Type": "application/json"})
        res = conn.getresponse()
        res.read()
        times.append(time.perf_counter() - t)
        if res.status != 200:
            raise SystemExit(f"status {res.status}")
    conn.close()
    return times


def _post(port: int, path: str, body: Any) -> tuple[int, bytes, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    data = json.dumps(body, ensure_ascii=False).encode()
    t = time.perf_counter()
    conn.request("POST", path, body=data, headers={"Content-Type": "application/json"})
    res = conn.getresponse()
    out = res.read()
    return res.status, out, time.perf_counter() - t


def _wrk(port: int, bodies: list[bytes], connections: int, seconds: int) -> str | None:
    """wrk (a C load generator, Debian's package) with a Lua script cycling through the bodies: far less
    client work per request than Python's, so more of the machine is left to the service."""
    import re
    import shutil

    if not shutil.which("wrk"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "post.lua"
        items = ",\n".join(f"[==[{b.decode()}]==]" for b in bodies)
        script.write_text(f"local bodies = {{{items}}}\nlocal i = 0\nrequest = function()\n  i = i % #bodies + 1\n"
                          f"  return wrk.format('POST', '/v1/evaluate', {{['Content-Type'] = 'application/json'}}, "
                          f"bodies[i])\nend\n", encoding="utf-8")
        out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                              f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise SystemExit(out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    return f"{rate:,.0f} verdicts/s; latency p50 {lat['50']}, p99 {lat['99']} (wrk, 1 thread, {connections} connections, {seconds} s)"


def http_figures(workers: int, requests: int, clients: int, cases: list[dict[str, Any]]) -> None:
    proc, port = _start(workers)
    try:
        bodies = [json.dumps({"pack": "fuzhou", "case": c}, ensure_ascii=False).encode() for c in cases]
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(clients) as pool:
            pool.map(_client, [(port, bodies, 50)] * clients)  # warm every worker and connection
            t = time.perf_counter()
            times = [x for part in pool.map(_client, [(port, bodies, requests // clients)] * clients) for x in part]
            wall = time.perf_counter() - t
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000  # noqa: E731
        print(f"  workers={workers} clients={clients}: {len(times)} evaluations in {wall:.2f} s = "
              f"{len(times) / wall:,.0f} verdicts/s; latency p50 {p(0.50):.2f} ms, p99 {p(0.99):.2f} ms "
              "(Python clients)")
        for explain in ("full", "near"):
            wanted = [json.dumps({"pack": "fuzhou", "case": c, "explain": explain}, ensure_ascii=False).encode()
                      for c in cases]
            figure = _wrk(port, wanted, 4, 10)
            if figure:
                print(f"  workers={workers}, explain={explain}: {figure}")
        if workers == 1:
            batch = [cases[i % len(cases)] for i in range(1000)]
            for explain in ("full", "none"):
                runs = []
                for _ in range(3):
                    status, out, seconds = _post(port, "/v1/evaluate/batch",
                                                 {"pack": "fuzhou", "cases": batch, "explain": explain})
                    assert status == 200 and len(json.loads(out)["verdicts"]) == 1000
                    runs.append(seconds)
                print(f"  batch of 1,000 cases (explain={explain}): median {statistics.median(runs):.2f} s "
                      f"= {1000 / statistics.median(runs):,.0f} verdicts/s ({len(out) / 1e6:.1f} MB answer)")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def cli_figures(cases: list[dict[str, Any]], calls: int) -> None:
    exe = [sys.executable, "-m", "rongcuo_rules"]
    lines = "".join(json.dumps(cases[i % len(cases)], ensure_ascii=False) + "\n" for i in range(10_000))
    t = time.perf_counter()
    out = subprocess.run([*exe, "evaluate", "--pack", "fuzhou", "-", "--format", "json"], input=lines.encode(),
                         capture_output=True, check=True, cwd=ROOT).stdout
    one_process = time.perf_counter() - t
    assert out.count(b"\n") == 10_000
    print(f"  10,000 cases as JSON lines on stdin, one process: {one_process:.1f} s "
          f"= {10_000 / one_process:,.0f} cases/s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.json"
        path.write_text(json.dumps(cases[0], ensure_ascii=False), encoding="utf-8")
        t = time.perf_counter()
        for _ in range(calls):
            subprocess.run([*exe, "evaluate", "--pack", "fuzhou", str(path), "--format", "json"],
                           capture_output=True, check=True, cwd=ROOT)
        per_call = (time.perf_counter() - t) / calls
    print(f"  one `rongcuo evaluate` call per file: {per_call * 1000:.0f} ms a call (mean of {calls}) → "
          f"10,000 files ≈ {per_call * 10_000 / 60:.0f} min (scaled from {calls} calls, not run)")
    print(f"  ratio: {per_call * 10_000 / one_process:.0f}× faster in one process")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--requests", type=int, default=3000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--calls", type=int, default=20, help="one-file CLI calls timed")
    ap.add_argument("--skip-cli", action="store_true")
    args = ap.parse_args()
    cases = _cases()
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}; {len(cases)} example cases")
    print("HTTP (POST /v1/evaluate, pack fuzhou, explain=full, keep-alive):")
    for workers in args.workers:
        http_figures(workers, args.requests, args.clients, cases)
    if not args.skip_cli:
        print("CLI:")
        cli_figures(cases, args.calls)


if __name__ == "__main__":
    main()
