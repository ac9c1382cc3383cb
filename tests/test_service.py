"""`rongcuo serve` (DESIGN §9) over real HTTP on loopback: every endpoint answers as the CLI does for the same
input, every error has the §9 shape in the caller's language, and no request reads a file it names."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from rongcuo_rules.cli import main
from rongcuo_rules.yamlio import load_file
from tests.serving import Server, missing_service_dependency, start_server

pytestmark = pytest.mark.skipif(missing_service_dependency() is not None,
                                reason=missing_service_dependency() or "")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CASES = sorted(p for p in EXAMPLES.glob("*") if p.suffix in (".yaml", ".json") and "facts" in load_file(p).data)
ENDPOINTS = {"/healthz", "/v1/packs", "/v1/vocabulary", "/v1/wording", "/v1/evaluate", "/v1/evaluate/batch",
             "/v1/compare", "/v1/lint", "/v1/timeline", "/v1/records/{record_id}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = start_server(tmp_path_factory.mktemp("serve"))
    yield s
    s.stop()


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def case_body(path: Path) -> dict[str, Any]:
    """A case file as a request carries it (YAML dates become ISO strings, as JSON has no dates)."""
    return json.loads(json.dumps(load_file(path).data, default=str))


def is_error(answer: Any, status: int, code: str) -> dict[str, Any]:
    """The §9 shape: {"error": {"code", "message", "location"}} and nothing else; no traceback."""
    assert answer.status == status, answer.body
    assert answer.headers["content-type"].startswith("application/json")
    data = answer.json()
    assert set(data) == {"error"} and set(data["error"]) == {"code", "message", "location"}
    assert data["error"]["code"] == code
    assert "Traceback" not in answer.body.decode() and 'File "' not in answer.body.decode()
    return data["error"]  # type: ignore[no-any-return]


# ── the documents ───────────────────────────────────────────────────────────


def test_healthz(server: Server) -> None:
    data = server.get("/healthz").json()
    from rongcuo_rules.pack import shipped_pack_names
    from rongcuo_rules.version import __version__

    assert data == {"status": "ok", "version": __version__, "packs": shipped_pack_names()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_packs_as_the_cli_lists_them(server: Server, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    _, out = cli(capsys, "packs", "--format", "json", "--lang", lang)
    assert server.get("/v1/packs", headers={"Accept-Language": lang}).json() == json.loads(out)


def test_vocabulary_as_the_cli_gives_it(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "vocabulary", "--format", "json")
    served = server.get("/v1/vocabulary").json()
    assert served == json.loads(out)
    # what the page's form needs: each fact's group and every value's labels in both languages
    fact = served["impact.loss"]
    assert fact["group"] == {"id": "impact", "zh": "后果", "en": "Impact"}
    assert set(fact["value_labels"]) == set(fact["values"]) and fact["value_labels"]["minor"]["zh"]


def test_openapi_lists_every_endpoint_with_its_body(server: Server) -> None:
    doc = server.get("/openapi.json").json()
    assert set(doc["paths"]) == ENDPOINTS
    schemas = doc["components"]["schemas"]
    for path, item in doc["paths"].items():
        for method, op in item.items():
            body = op.get("requestBody")
            if method == "post":
                ref = body["content"]["application/json"]["schema"]["$ref"]
                assert ref.rsplit("/", 1)[1] in schemas, (path, ref)
    assert schemas["EvaluateRequest"]["properties"]["case"]["properties"]["facts"]["type"] == "object"
    assert "record_id" in schemas["RecordedVerdict"]["properties"] and "receipt" in schemas["Verdict"]["properties"]
    # the answers: the verdict's schema, the §9 error shape; 422 is never given, so never described
    verdict = doc["paths"]["/v1/evaluate"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert {"$ref": "#/components/schemas/Verdict"} in verdict["anyOf"]
    assert "outcome" in schemas["Verdict"]["properties"]
    assert "422" not in json.dumps(doc) and "HTTPValidationError" not in schemas
    assert doc["paths"]["/v1/compare"]["post"]["responses"]["503"]["content"]["application/json"]["schema"] == \
        {"$ref": "#/components/schemas/ErrorBody"}


def test_browsable_docs_need_nothing_from_outside(server: Server) -> None:
    page = server.get("/docs")
    assert page.status == 200
    text = page.body.decode()
    assert "swagger-ui-bundle.js" in text
    import re

    for url in re.findall(r'(?:src|href)="([^"]+)"', text):
        assert not url.startswith(("http:", "https:", "//")), url  # works offline: no CDN
        assert server.get(url).status == 200, url


# ── evaluate: the same verdict as the CLI ───────────────────────────────────


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_evaluate_equals_the_cli(server: Server, capsys: pytest.CaptureFixture[str], path: Path) -> None:
    for pack in ("fuzhou", "all"):
        _, out = cli(capsys, "evaluate", "--pack", pack, str(path), "--format", "json")
        answer = server.post("/v1/evaluate", {"pack": pack, "case": case_body(path)})
        assert answer.status == 200
        assert answer.json() == json.loads(out)
        _, text = cli(capsys, "evaluate", "--pack", pack, str(path))
        shown = server.post("/v1/evaluate", {"pack": pack, "case": case_body(path), "format": "text"})
        assert shown.headers["content-type"].startswith("text/plain")
        assert shown.body.decode() == text


def test_evaluate_in_english_by_header_or_body(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "fuzhou_private_gain_deny.yaml"
    _, out = cli(capsys, "evaluate", "--pack", "jinan", str(path), "--format", "json", "--lang", "en",
                 "--explain", "near")
    expected = json.loads(out)
    body = {"pack": "jinan", "case": case_body(path), "explain": "near"}
    assert server.post("/v1/evaluate", body, headers={"Accept-Language": "en-GB,en;q=0.9"}).json() == expected
    assert server.post("/v1/evaluate", {**body, "lang": "en"}, headers={"Accept-Language": "zh"}).json() == expected


def test_evaluate_with_a_shipped_checklist(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "urgent_decision_all_packs.yaml"
    _, out = cli(capsys, "evaluate", "--pack", "shaoxing", str(path), "--format", "json", "--checklist", "all")
    answer = server.post("/v1/evaluate", {"pack": "shaoxing", "case": case_body(path), "checklists": ["all"]})
    assert answer.json() == json.loads(out)


def test_batch_answers_in_input_order_with_errors_in_their_slots(server: Server) -> None:
    good = [case_body(p) for p in CASES]
    bad = {"facts": {"impact.los": "minor"}}
    cases = [good[0], bad, *good[1:]]
    answer = server.post("/v1/evaluate/batch", {"pack": "fuzhou", "cases": cases})
    assert answer.status == 200
    verdicts = answer.json()["verdicts"]
    assert len(verdicts) == len(cases)
    err = verdicts[1]["error"]
    assert err["code"] == "fact.unknown" and "impact.loss" in err["message"]
    assert err["location"]["line"] == 1  # located in the body the caller sent
    for case, got in zip([good[0], *good[1:]], [verdicts[0], *verdicts[2:]]):
        single = server.post("/v1/evaluate", {"pack": "fuzhou", "case": case}).json()
        assert got == single


def test_batch_of_a_thousand(server: Server) -> None:
    cases = [case_body(CASES[i % len(CASES)]) for i in range(1000)]
    answer = server.post("/v1/evaluate/batch", {"pack": "jinan", "cases": cases, "explain": "none"})
    verdicts = answer.json()["verdicts"]
    assert len(verdicts) == 1000
    assert [v["case_id"] for v in verdicts] == [c.get("id") for c in cases]


# ── compare, lint, timeline: the same documents as the CLI ───────────────────


def test_compare_equals_the_cli(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(capsys, "compare", "changzhou_edu", "pingdingshan", "--format", "json", "--limit", "3",
                 "--assume", "conduct.private_gain=false")
    answer = server.post("/v1/compare", {"a": "changzhou_edu", "b": "pingdingshan", "limit": 3,
                                         "assume": {"conduct.private_gain": False}})
    assert answer.status == 200
    assert answer.json() == json.loads(out)


def test_compare_checks_its_assumptions(server: Server) -> None:
    err = is_error(server.post("/v1/compare", {"a": "fuzhou", "b": "jinan", "assume": {"impact.loss": "huge"}}),
                   400, "value.not_allowed")
    assert "minor" in err["message"]


def test_lint_equals_the_cli(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "lint" / "draft_checklist.yaml"
    _, out = cli(capsys, "lint", str(path), "--format", "json")
    expected = json.loads(out)
    got = server.post("/v1/lint", {"text": path.read_text(encoding="utf-8")}).json()
    strip = lambda fs: [{k: v for k, v in f.items() if k != "file"} for f in fs]  # noqa: E731
    assert strip(got["findings"]) == strip(expected["findings"]) and got["summary"] == expected["summary"]
    assert {f["rule"] for f in got["findings"]} >= {"RL101", "RL102", "RL204", "RL002"}
    sarif = server.post("/v1/lint", {"text": path.read_text(encoding="utf-8"), "format": "sarif"}).json()
    assert sarif["version"] == "2.1.0"


def test_lint_reads_no_file_a_text_names(server: Server, tmp_path: Path) -> None:
    # a checklist whose parent is a pack *file* (allowed on the command line, relative to the checklist):
    # through the service it must stay unknown, whatever exists on the server's disk
    text = (EXAMPLES / "lint" / "draft_checklist.yaml").read_text(encoding="utf-8")
    for parent in ("policies/shaoxing.yaml", str(ROOT / "policies" / "shaoxing.yaml"), "../policies/shaoxing.yaml"):
        got = server.post("/v1/lint", {"text": text.replace("extends: shaoxing", f"extends: {parent}")}).json()
        rules = {f["rule"] for f in got["findings"]}
        assert "RL001" in rules, got  # the unknown parent, reported
        assert "RL101" not in rules  # nothing that needs the parent ran: the file was not read


def test_timeline_equals_the_cli(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "shaoxing_timeline_national_day.yaml"
    _, out = cli(capsys, "timeline", "--pack", "shaoxing", str(path), "--as-of", "2025-11-20", "--format", "json")
    body = {"pack": "shaoxing", "events": case_body(path)["events"], "as_of": "2025-11-20",
            "id": case_body(path)["id"]}
    assert server.post("/v1/timeline", body).json() == json.loads(out)
    err = is_error(server.post("/v1/timeline", {**body, "as_of": "2025-11-3"}), 400, "timeline.bad_date")
    assert err["location"]["line"] == 1 and err["location"]["col"] > 1


# ── errors: the §9 shape, the caller's language, nothing read by path ────────


def test_unknown_pack_is_404_with_a_suggestion(server: Server) -> None:
    err = is_error(server.post("/v1/evaluate", {"pack": "fuzho", "case": {"facts": {}}}), 404,
                   "service.shipped_only")
    assert "fuzhou" in err["message"] and err["location"]["col"] == 10


@pytest.mark.parametrize("name", ["policies/fuzhou.yaml", "/etc/passwd", "../policies/jinan.yaml",
                                  str(ROOT / "policies" / "jinan.yaml")])
def test_a_pack_is_named_never_a_path(server: Server, name: str) -> None:
    for body in ({"pack": name, "case": {"facts": {}}}, {"pack": name, "cases": []}):
        path = "/v1/evaluate" if "case" in body else "/v1/evaluate/batch"
        is_error(server.post(path, body), 404, "service.shipped_only")
    is_error(server.post("/v1/compare", {"a": name, "b": "fuzhou"}), 404, "service.shipped_only")
    is_error(server.post("/v1/timeline", {"pack": name, "events": {}}), 404, "service.shipped_only")
    is_error(server.post("/v1/evaluate", {"pack": "fuzhou", "case": {"facts": {}}, "checklists": [name]}), 404,
             "service.checklist_unknown")


@pytest.mark.parametrize("raw, code, where", [
    (b'{"pack": "fuzhou",', "json.syntax", (1, 19)),
    (b'{"pack": 5, "case": {"facts": {}}}', "schema.invalid", (1, 10)),
    (b'{"pack": "fuzhou", "cas": {"facts": {}}}', "schema.unknown_key", (1, 20)),
    (b'{"pack": "fuzhou", "case": {"facts": {"impact.loss": "huge"}}}', "value.not_allowed", (1, 54)),
    (b'{"pack": "fuzhou",\n "case": {"facts": {"conduct.private_gain": "yes"}}}', "value.not_bool", (2, 45)),
    (b'[1, 2]', "service.not_object", (1, 1)),
    (b'{"pack": "fuzhou", "case": {"facts": {}}, "explain": "all"}', "schema.invalid", (1, 54)),
    (b'\xff\xfe{}', "file.encoding", None),
    (b'', "service.empty_body", None),
    (b'  \n', "service.empty_body", None),
])
def test_bad_input_is_400_located_in_the_body(server: Server, raw: bytes, code: str, where: Any) -> None:
    err = is_error(server.post("/v1/evaluate", raw=raw), 400, code)
    if where:
        assert (err["location"]["line"], err["location"]["col"]) == where, err
        assert err["location"]["file"] == "<request>"


def test_errors_in_chinese_by_default_and_english_on_request(server: Server) -> None:
    body = {"pack": "fuzhou", "cas": {}}
    zh = is_error(server.post("/v1/evaluate", body), 400, "schema.unknown_key")
    en = is_error(server.post("/v1/evaluate", body, headers={"Accept-Language": "en"}), 400, "schema.unknown_key")
    assert "未知" in zh["message"] and "case" in zh["message"]
    assert "unknown key 'cas'" in en["message"] and "did you mean 'case'" in en["message"]
    # the body's own lang wins over the header
    en2 = is_error(server.post("/v1/evaluate", {**body, "lang": "en"}), 400, "schema.unknown_key")
    assert en2["message"] == en["message"]


def test_record_puts_the_verdict_on_record(server: Server, capsys: pytest.CaptureFixture[str]) -> None:
    body = {"pack": "fuzhou", "case": case_body(EXAMPLES / "fuzhou_flood_exempt.yaml"), "record": True,
            "recorded_by": "区纪委监委"}
    answer = server.post("/v1/evaluate", body)
    assert answer.status == 200
    verdict = answer.json()
    plain = server.post("/v1/evaluate", {**body, "record": False}).json()
    assert verdict.pop("record_id").isdigit() and verdict == plain  # the verdict, and its record id
    stored = server.get(f"/v1/records/{answer.json()['record_id']}").json()
    assert stored["verdict"] == answer.json() and stored["recorded_by"] == "区纪委监委"
    assert stored["receipt"] == plain["receipt"] and stored["case"]["id"] == "FZ-2020-017"
    # the same archive, read by the command line: re-evaluating gives the same verdict
    db = next(a for a in server.process.args if str(a).startswith("sqlite:///"))  # type: ignore[union-attr]
    assert main(["verify", answer.json()["record_id"], "--db", db]) == 0
    assert "same" in capsys.readouterr().out
    is_error(server.post("/v1/evaluate", {**body, "pack": "all"}), 400, "service.record_one_pack")
    err = is_error(server.post("/v1/evaluate", {**body, "supersedes": "999"}), 404, "archive.unknown")
    assert "999" in err["message"]
    is_error(server.get("/v1/records/999999"), 404, "archive.unknown")
    is_error(server.get("/v1/records/abc"), 400, "archive.bad_id")


def test_unknown_address_and_wrong_method(server: Server) -> None:
    is_error(server.get("/v2/evaluate"), 404, "service.not_found")
    answer = server.get("/v1/evaluate")
    is_error(answer, 405, "service.method")
    assert answer.headers["allow"] == "POST"


def test_body_over_the_limit_is_413_unread(server: Server) -> None:
    huge = b'{"pack": "fuzhou", "case": {"facts": {}}, "x": "' + b"a" * (2 << 20) + b'"}'
    err = is_error(server.post("/v1/evaluate", raw=huge), 413, "service.too_large")
    assert "1.00 MiB" in err["message"]
    assert server.alive()


def test_no_traceback_even_for_a_defect(server: Server) -> None:
    # the deepest input the JSON reader accepts is refused as input, never as a crash
    deep = b'{"pack": "fuzhou", "case": {"facts": ' + b"[" * 5000 + b"]" * 5000 + b"}}"
    answer = server.post("/v1/evaluate", raw=deep)
    assert answer.status == 400 and "Traceback" not in answer.body.decode()
    assert server.alive()


# ── the command line's side: serve's options, and many cases in one process ──


def test_serve_without_its_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "fastapi_offline", None)  # import fails as if not installed
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "rongcuo-rules[serve]" in err and "fastapi_offline" in err and "Traceback" not in err


def test_serve_warns_when_listening_beyond_loopback(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import rongcuo_rules.service as service

    seen: dict[str, Any] = {}
    monkeypatch.setattr(service, "serve", lambda host, port, workers, settings, level: seen.update(
        host=host, port=port, workers=workers, settings=settings))
    assert main(["serve"]) == 0 and capsys.readouterr().err == ""
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000 and seen["settings"].max_body == 1 << 20
    assert main(["serve", "--host", "0.0.0.0", "--workers", "2", "--max-body", "4096"]) == 0
    assert "0.0.0.0" in capsys.readouterr().err
    assert seen["workers"] == 2 and seen["settings"].max_body == 4096
    assert main(["serve", "--port", "70000"]) == 2


def test_every_documented_example_is_answered(server: Server) -> None:
    doc = server.get("/openapi.json").json()
    schemas = doc["components"]["schemas"]
    tried = 0
    for path, item in doc["paths"].items():
        body = item.get("post", {}).get("requestBody")
        if not body:
            continue
        name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        for example in schemas[name]["examples"]:
            answer = server.post(path, example)
            assert answer.status == 200, (path, answer.body[:300])
            tried += 1
    assert tried == 5


def _schemathesis() -> str | None:
    import shutil
    import sys

    exe = Path(sys.executable).parent / "schemathesis"
    return str(exe) if exe.exists() else shutil.which("schemathesis")


@pytest.mark.skipif(_schemathesis() is None, reason="schemathesis is not installed (pip install -e '.[test]')")
def test_generated_requests_never_break_the_service(server: Server, tmp_path: Path) -> None:
    """schemathesis generates requests from the OpenAPI document — valid ones and broken ones — for every
    endpoint: none may get a 500, and every answer must match the status, content type and schema the
    document gives. (Bounded: 25 examples an operation, a fixed seed.) Not checked: that every request the
    schema admits is accepted — a checklist's text is a string to the schema but must be a checklist, and
    ``record: true`` is refused until the archive exists."""
    import subprocess

    checks = ("not_a_server_error,response_schema_conformance,content_type_conformance,"
              "status_code_conformance,negative_data_rejection")
    run = subprocess.run([_schemathesis(), "run", f"{server.url}/openapi.json", "--checks", checks,
                          "--max-examples", "25", "--seed", "1", "--no-color"],
                         capture_output=True, text=True, timeout=300, cwd=tmp_path)  # its cache stays out of the tree
    assert run.returncode == 0, run.stdout[-4000:]
    assert " passed" in run.stdout and "failed" not in run.stdout.split("Test cases:")[-1]
    assert server.alive()


def test_slow_work_runs_beside_the_event_loop(server: Server) -> None:
    """A comparison (about a second) and lints, batches and evaluations at once: each answers as it does
    alone, and the service keeps answering quick requests while they run."""
    from concurrent.futures import ThreadPoolExecutor
    import time

    lint_body = {"text": (EXAMPLES / "lint" / "draft_checklist.yaml").read_text(encoding="utf-8")}
    batch_body = {"pack": "jinan", "cases": [case_body(p) for p in CASES] * 20}
    compare_body = {"a": "fuzhou", "b": "jinan", "limit": 2}
    alone = {"lint": server.post("/v1/lint", lint_body).body, "batch": server.post("/v1/evaluate/batch", batch_body).body,
             "compare": server.post("/v1/compare", compare_body).body}
    with ThreadPoolExecutor(8) as pool:
        jobs = [("compare", pool.submit(server.post, "/v1/compare", compare_body))]
        jobs += [("lint", pool.submit(server.post, "/v1/lint", lint_body)) for _ in range(3)]
        jobs += [("batch", pool.submit(server.post, "/v1/evaluate/batch", batch_body)) for _ in range(3)]
        waits = []
        while not jobs[0][1].done():
            started = time.monotonic()
            assert server.get("/healthz").status == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.02)
        for kind, job in jobs:
            assert job.result().status == 200 and job.result().body == alone[kind], kind
    # the loop was never held by the work: a held loop would wait out the whole comparison (over a second)
    assert waits and max(waits) < 0.9, waits


def test_checklist_errors_name_the_request_not_the_server_files(server: Server) -> None:
    body = {"pack": "all", "case": {"facts": {}}, "checklists": ["shaoxing_annex1"]}
    answer = server.post("/v1/evaluate", body)
    assert answer.status == 400
    err = answer.json()["error"]
    assert err["location"]["file"] == "<request>" and "policies" not in answer.body.decode()


def test_assumption_errors_are_located_in_the_body(server: Server) -> None:
    raw = b'{"a": "fuzhou", "b": "jinan",\n "assume": {"conduct.private_gain": false, "impact.loss": "huge"}}'
    err = is_error(server.post("/v1/compare", raw=raw), 400, "value.not_allowed")
    assert (err["location"]["line"], err["location"]["col"]) == (2, 59)  # at "huge"


def test_lint_refuses_a_checklist_too_long_to_lint_here(server: Server) -> None:
    text = (EXAMPLES / "lint" / "draft_checklist.yaml").read_text(encoding="utf-8")
    head, items = text.split("items:\n", 1)
    many = head + "items:\n" + "".join(f"  - number: {i}\n    marker: \"{i}．\"\n    text: 第{i}项；\n"
                                       for i in range(1, 102))
    err = is_error(server.post("/v1/lint", {"text": many}), 400, "lint.too_many_items")
    assert "100" in err["message"] and err["location"]["file"] == "<text>"


def test_record_keeps_the_particulars_for_the_documents(server: Server) -> None:
    body = {"pack": "fuzhou", "case": case_body(EXAMPLES / "fuzhou_flood_exempt.yaml"), "record": True,
            "details": {"name": "张三", "accountability": ["诫勉"]}}
    rid = server.post("/v1/evaluate", body).json()["record_id"]
    assert server.get(f"/v1/records/{rid}").json()["details"] == {"name": "张三", "accountability": ["诫勉"]}
    err = is_error(server.post("/v1/evaluate", {**body, "details": {"nmae": "x"}}), 400, "details.unknown")
    assert "name" in err["message"] and err["location"]["file"] == "<request>"
