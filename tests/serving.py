"""A real `rongcuo serve` on loopback for the tests: started as a user starts it, spoken to over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def missing_service_dependency() -> str | None:
    """Why the service cannot run here (a skip reason), or None."""
    for module in ("fastapi", "uvicorn", "fastapi_offline"):
        try:
            __import__(module)
        except ImportError:
            return f"{module} is not installed (pip install -e '.[test]' installs the serve extra)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None,
                raw: bytes | None = None, timeout: float = 60) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = raw if raw is not None else (None if body is None else json.dumps(body, ensure_ascii=False).encode())
            hdrs = {"Content-Type": "application/json", **(headers or {})}
            conn.request(method, path, body=data, headers=hdrs)
            res = conn.getresponse()
            return Answer(res.status, {k.lower(): v for k, v in res.getheaders()}, res.read())
        finally:
            conn.close()

    def post(self, path: str, body: Any = None, **kw: Any) -> Answer:
        return self.request("POST", path, body, **kw)

    def get(self, path: str, **kw: Any) -> Answer:
        return self.request("GET", path, **kw)

    def alive(self) -> bool:
        try:
            return self.get("/healthz", timeout=5).status == 200
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(tmp: Path, *args: str, wait: float = 60) -> Server:
    port = free_port()
    log = tmp / f"serve-{port}.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        db = [] if "--db" in args else ["--db", f"sqlite:///{tmp / f'records-{port}.sqlite3'}"]
        process = subprocess.Popen([sys.executable, "-m", "rongcuo_rules", "serve", "--port", str(port),
                                    "--log-level", "warning", *db, *args],
                                   stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    server = Server(port, process, log)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rongcuo serve exited with {process.returncode}: {log.read_text()[-2000:]}")
        if server.alive():
            return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"rongcuo serve did not answer within {wait} s: {log.read_text()[-2000:]}")
