"""Faults and load on a real `rongcuo serve` over loopback, bounded in count and time: slow and vanishing
clients, oversized and chunked bodies, garbage on the wire, a comparison over its time limit, concurrent
callers, and two worker processes — each answered in the §9 shape, the service still answering afterwards."""

from __future__ import annotations

import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from rongcuo_rules.yamlio import load_file
from tests.serving import Server, missing_service_dependency, start_server

pytestmark = pytest.mark.skipif(missing_service_dependency() is not None,
                                reason=missing_service_dependency() or "")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = json.loads(json.dumps(load_file(ROOT / "examples" / "fuzhou_flood_exempt.yaml").data, default=str))
READ_TIMEOUT = 1.0


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = start_server(tmp_path_factory.mktemp("faults"), "--max-body", "4096", "--read-timeout", str(READ_TIMEOUT),
                     "--compare-timeout", "0.05", "--lint-timeout", "0.001", "--max-batch", "10")
    yield s
    s.stop()


def raw_exchange(server: Server, data: bytes, wait: float = 10.0, then_close: bool = False) -> bytes:
    """Send raw bytes; read what the server answers until it closes or ``wait`` passes."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        sock.sendall(data)
        if then_close:
            return b""
        out = b""
        try:
            while chunk := sock.recv(65536):
                out += chunk
                if b"\r\n\r\n" in out:
                    head, _, body = out.partition(b"\r\n\r\n")
                    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                                   if line.lower().startswith(b"content-length:")), None)
                    if length is not None and len(body) >= length:
                        break
        except socket.timeout:
            pass
        return out


def status_and_body(answer: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), json.loads(body)


def head_of(length: int, extra: str = "") -> bytes:
    return (f"POST /v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n{extra}\r\n").encode()


def test_a_slow_client_gets_408_and_others_are_served_meanwhile(server: Server) -> None:
    with ThreadPoolExecutor(8) as pool:
        stalled = [pool.submit(raw_exchange, server, head_of(200) + b'{"pack": ') for _ in range(6)]
        time.sleep(0.2)
        started = time.monotonic()
        answer = server.post("/v1/evaluate", {"pack": "fuzhou", "case": EXAMPLE})
        assert answer.status == 200 and answer.json()["outcome"] == "exempt"
        assert time.monotonic() - started < READ_TIMEOUT  # not queued behind the stalled bodies
        for future in stalled:
            status, body = status_and_body(future.result())
            assert status == 408 and body["error"]["code"] == "service.read_timeout"
    assert server.alive()


def test_a_client_that_vanishes_mid_body(server: Server) -> None:
    for _ in range(5):
        raw_exchange(server, head_of(1000) + b'{"pack": "fuzhou", "ca', then_close=True)
    assert server.alive()


def test_chunked_body_over_the_limit_is_413(server: Server) -> None:
    chunk = b'{"pack": "fuzhou", "x": "' + b"a" * 3000
    data = (b"POST /v1/evaluate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    for _ in range(3):
        data += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    status, body = status_and_body(raw_exchange(server, data))
    assert status == 413 and body["error"]["code"] == "service.too_large"
    assert server.alive()


def test_declared_length_over_the_limit_is_413_before_reading(server: Server) -> None:
    status, body = status_and_body(raw_exchange(server, head_of(10 << 20) + b"{"))
    assert status == 413 and "4096 B" in body["error"]["message"]


def test_garbage_on_the_wire(server: Server) -> None:
    for junk in (b"\x00\x01\x02 not http\r\n\r\n", b"POST /v1/evaluate HTTP/1.1\r\n" + b"X" * 70000,
                 b"POST /v1/evaluate HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n"):
        answer = raw_exchange(server, junk, wait=5)
        # refused by the HTTP layer itself (uvicorn's own plain answer), or the connection closed
        assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]
    assert server.alive()


def test_compare_over_its_time_limit_is_503_and_the_service_goes_on(server: Server) -> None:
    answer = server.post("/v1/compare", {"a": "fuzhou", "b": "jinan"}, headers={"Accept-Language": "en"})
    assert answer.status == 503
    err = answer.json()["error"]
    assert err["code"] == "compare.timeout" and "assume" in err["message"]
    assert server.alive()


def test_concurrent_callers_get_the_same_answers(server: Server) -> None:
    bodies = [{"pack": pack, "case": EXAMPLE, "explain": "near"} for pack in ("fuzhou", "jinan", "shaoxing", "all")]
    expected = [server.post("/v1/evaluate", b).body for b in bodies]
    with ThreadPoolExecutor(16) as pool:
        got = list(pool.map(lambda i: (i % 4, server.post("/v1/evaluate", bodies[i % 4])), range(400)))
    for i, answer in got:
        assert answer.status == 200 and answer.body == expected[i]
    assert server.alive()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts worker processes through /proc (Linux)")
def test_two_workers_both_serve(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    s = start_server(tmp_path, "--workers", "2", "--db", db)
    try:
        every = Path(f"/proc/{s.process.pid}/task/{s.process.pid}/children").read_text().split()
        # uvicorn's supervisor starts two workers (and multiprocessing's resource tracker beside them)
        children = [pid for pid in every
                    if b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(children) == 2, every
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda _: s.post("/v1/evaluate", {"pack": "fuzhou", "case": EXAMPLE}), range(64)))
        assert {a.status for a in answers} == {200}
        assert len({a.body for a in answers}) == 1
        # both workers put verdicts on record in one archive at once: nothing is lost
        body = {"pack": "fuzhou", "case": EXAMPLE, "record": True, "explain": "none"}
        with ThreadPoolExecutor(8) as pool:
            recorded = list(pool.map(lambda _: s.post("/v1/evaluate", body), range(40)))
        assert {a.status for a in recorded} == {200}, [a.body[:200] for a in recorded if a.status != 200]
        ids = {a.json()["record_id"] for a in recorded}
        assert len(ids) == 40
        from rongcuo_rules.archive import Archive

        assert {r.id for r in Archive(db).records()} == ids
    finally:
        s.stop()
    assert s.process.returncode is not None
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)  # stopping the service stops its workers



def test_a_client_waiting_for_100_continue_gets_413_at_once(server: Server) -> None:
    started = time.monotonic()
    status, body = status_and_body(raw_exchange(server, head_of(10_000, "Expect: 100-continue\r\n")))
    assert status == 413 and body["error"]["code"] == "service.too_large"
    assert time.monotonic() - started < READ_TIMEOUT  # nothing was waited for


def test_lint_over_its_time_limit_is_503(server: Server) -> None:
    text = (ROOT / "examples" / "lint" / "draft_checklist.yaml").read_text(encoding="utf-8")
    answer = server.post("/v1/lint", {"text": text})
    assert answer.status == 503 and answer.json()["error"]["code"] == "lint.timeout"
    assert server.alive()


def test_a_batch_over_its_limit_is_refused_whole(server: Server) -> None:
    answer = server.post("/v1/evaluate/batch", {"pack": "fuzhou", "cases": [{"facts": {}}] * 11})
    err = answer.json()["error"]
    assert answer.status == 400 and err["code"] == "service.bad_option" and "10" in err["message"]
    assert server.post("/v1/evaluate/batch", {"pack": "fuzhou", "cases": [{"facts": {}}] * 10}).status == 200


def test_head_is_answered_where_get_is(server: Server) -> None:
    for path in ("/healthz", "/", "/v1/packs", "/v1/vocabulary"):
        answer = server.request("HEAD", path)
        assert answer.status == 200 and answer.body == b"", path
