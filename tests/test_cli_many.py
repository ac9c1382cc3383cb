"""`rongcuo evaluate --pack P FILE...` and `-` (JSON lines on stdin): many cases in one process, in input
order, each answer the same as its own call, a bad case reported in its place while the rest still answer."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from rongcuo_rules.cli import main
from rongcuo_rules.yamlio import load_file

from .conftest import ROOT

EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*")
                  if p.suffix in (".yaml", ".json") and "facts" in load_file(p).data)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def single(capsys: pytest.CaptureFixture[str], pack: str, path: Path, *extra: str) -> object:
    code, out, _ = run(capsys, "evaluate", "--pack", pack, str(path), "--format", "json", *extra)
    assert code == 0
    return json.loads(out)


@pytest.mark.parametrize("pack", ["jinan", "all"])
def test_many_files_give_json_lines_in_order(capsys: pytest.CaptureFixture[str], pack: str) -> None:
    code, out, err = run(capsys, "evaluate", "--pack", pack, *map(str, EXAMPLES), "--format", "json")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == len(EXAMPLES)
    for path, line in zip(EXAMPLES, lines):
        assert json.loads(line) == single(capsys, pack, path)


def test_a_bad_file_is_reported_in_its_place(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("facts:\n  impact.los: minor\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    code, out, _ = run(capsys, "evaluate", "--pack", "fuzhou", str(EXAMPLES[0]), str(bad), str(missing),
                       str(EXAMPLES[1]), "--format", "json", "--lang", "en")
    assert code == 2  # some input was bad; the good cases were still answered
    lines = [json.loads(x) for x in out.splitlines()]
    assert lines[0] == single(capsys, "fuzhou", EXAMPLES[0], "--lang", "en")
    assert lines[1]["case"] == str(bad) and lines[1]["error"]["code"] == "fact.unknown"
    assert lines[1]["error"]["location"] == {"file": str(bad), "line": 2, "col": 3}
    assert "impact.loss" in lines[1]["error"]["message"]
    assert lines[2]["error"]["code"] == "file.not_found"
    assert lines[3] == single(capsys, "fuzhou", EXAMPLES[1], "--lang", "en")


def test_json_lines_on_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [json.loads(json.dumps(load_file(p).data, default=str)) for p in EXAMPLES]
    stream = "\n".join([json.dumps(cases[0], ensure_ascii=False), "", '{"facts": {"impact.loss": "huge"}}',
                        "not json", json.dumps(cases[1], ensure_ascii=False)]) + "\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stream.encode("utf-8"))))
    code, out, _ = run(capsys, "evaluate", "--pack", "shaoxing", "-", "--format", "json")
    assert code == 2
    lines = [json.loads(x) for x in out.splitlines()]
    assert len(lines) == 4  # the blank line is no case
    assert lines[0] == single(capsys, "shaoxing", EXAMPLES[0])
    assert lines[1]["case"] == "<stdin>:3" and lines[1]["error"]["code"] == "value.not_allowed"
    assert lines[1]["error"]["location"]["line"] == 3
    assert lines[2]["case"] == "<stdin>:4" and lines[2]["error"]["code"] == "json.syntax"
    assert lines[3] == single(capsys, "shaoxing", EXAMPLES[1])


def test_many_files_as_text(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("facts: [1]\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", "--pack", "fuzhou", str(EXAMPLES[0]), str(bad), str(EXAMPLES[1]))
    assert code == 2
    assert err.startswith(f"rongcuo: {bad}:1:") and err.count("\n") == 1
    for path in (EXAMPLES[0], EXAMPLES[1]):
        _, alone, _ = run(capsys, "evaluate", "--pack", "fuzhou", str(path))
        assert f"══ {path} ══\n{alone}" in out


def test_stdin_cannot_be_mixed_with_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", "--pack", "fuzhou", "-", str(EXAMPLES[0]))
    assert code == 2 and "stdin" in err


def test_stdin_is_utf8_whatever_the_locale(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    case = json.dumps({"id": "案件-1", "facts": {"conduct.private_gain": True}}, ensure_ascii=False)
    stream = "\ufeff".encode() + case.encode("utf-8") + b"\n" + case.encode("gbk") + b"\n"
    # a reader that would decode as GBK: the command reads the bytes itself
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stream), encoding="gbk"))
    code, out, _ = run(capsys, "evaluate", "--pack", "fuzhou", "-", "--format", "json")
    first, second = (json.loads(x) for x in out.splitlines())
    assert first["case_id"] == "案件-1" and first["outcome"] == "deny"
    assert second["case"] == "<stdin>:2" and second["error"]["code"] == "file.encoding" and code == 2
