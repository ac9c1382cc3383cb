"""The web page of `rongcuo serve` in a real headless Chromium (Debian's `chromium`, driven by Playwright's
Python API pointed at that executable): an officer fills the form for a real example and sees exactly what
`rongcuo evaluate` gives for the same facts; a drafter lints a broken checklist and sees each finding beside
its line. Skipped, with the reason, where Chromium or Playwright is not installed."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from rongcuo_rules.cli import main
from rongcuo_rules.yamlio import load_file
from tests.serving import missing_service_dependency, start_server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CHROMIUM = os.environ.get("RONGCUO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def _why_not() -> str | None:
    if missing_service_dependency():
        return missing_service_dependency()
    if not CHROMIUM:
        return ("no Chromium: install Debian's package (apt-get install chromium) or set RONGCUO_CHROMIUM "
                "to a Chromium executable")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


pytestmark = pytest.mark.skipif(_why_not() is not None, reason=_why_not() or "")

#: the flags Chromium needs here: root without a sandbox, and no background calls out of a closed network
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Any:
    s = start_server(tmp_path_factory.mktemp("web"))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser() -> Any:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: Any) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((server.url, "data:")) else outside.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(server.url + "/")
    pg.wait_for_selector("body[data-ready=true]")
    yield pg
    assert outside == [], "the page asked for something beyond this service (it must work offline)"
    assert errors == [], errors
    context.close()


def cli(capsys: pytest.CaptureFixture[str], *argv: str, status: int = 0) -> str:
    assert main(list(argv)) == status
    return capsys.readouterr().out


def dotted(facts: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in facts.items():
        name = f"{prefix}.{k}" if prefix else k
        if isinstance(v, dict):
            out.update(dotted(v, name))
        else:
            out[name] = v
    return out


def fill(page: Any, pack: str, path: Path) -> dict[str, Any]:
    """Fill the form as an officer would: choose the pack, type the case id, pick each fact's value."""
    data = load_file(path).data
    facts = dotted(data["facts"])
    page.select_option("#pack", pack)
    if "id" in data:
        page.fill("#case-id", str(data["id"]))
    for name, value in facts.items():
        page.select_option(f"select[data-fact='{name}']", json.dumps(value))
    page.wait_for_function(
        "n => { const v = document.getElementById('verdict'); return v.dataset.state === 'done' && v.dataset.facts === n }",
        arg=str(len(facts)))
    page.wait_for_timeout(300)  # any answer still in flight for an earlier change is dropped by the page
    page.wait_for_function("() => document.getElementById('verdict').dataset.state === 'done'")
    return facts


@pytest.mark.parametrize("name", ["fuzhou_flood_exempt.yaml", "fuzhou_private_gain_deny.yaml",
                                  "fuzhou_pending_undetermined.yaml"])
def test_the_page_shows_what_the_cli_gives(page: Any, capsys: pytest.CaptureFixture[str], name: str) -> None:
    path = EXAMPLES / name
    fill(page, "fuzhou", path)
    expected = json.loads(cli(capsys, "evaluate", "--pack", "fuzhou", str(path), "--format", "json"))
    shown = json.loads(page.text_content("#verdict-json"))
    assert shown == expected
    assert page.get_attribute("#outcome", "data-outcome") == expected["outcome"]
    assert [li.get_attribute("data-clause") for li in page.query_selector_all("#citations li")] == \
        [c["clause"] for c in expected["citations"]]
    for cite in expected["citations"]:  # the clauses verbatim
        assert cite["text"] in page.inner_text(f"#citations li[data-clause='{cite['clause']}']")
    assert [li.get_attribute("data-fact") for li in page.query_selector_all("#missing li")] == \
        expected["missing_facts"]
    text = cli(capsys, "evaluate", "--pack", "fuzhou", str(path))
    assert page.text_content("#verdict-text") == text


def test_the_verdict_follows_each_change(page: Any) -> None:
    fill(page, "fuzhou", EXAMPLES / "fuzhou_flood_exempt.yaml")
    assert page.get_attribute("#outcome", "data-outcome") == "exempt"
    page.select_option("select[data-fact='conduct.private_gain']", "true")
    page.wait_for_function("() => document.getElementById('outcome').dataset.outcome === 'deny'")
    assert "art4.5" in [li.get_attribute("data-clause") for li in page.query_selector_all("#citations li")]


def test_open_facts_start_unknown_and_labels_are_chinese(page: Any) -> None:
    select = page.query_selector("select[data-fact='conduct.private_gain']")
    assert select.input_value() == "" and select.query_selector("option").inner_text() == "未查明"
    # a closed fact starts "not given" and says what that means: false for a bool, the first value of an enum
    closed = page.query_selector("select[data-fact='conduct.knowing_violation']")
    assert closed.input_value() == "" and closed.query_selector("option").inner_text() == "未填（视为“否”）"
    legends = [e.inner_text() for e in page.query_selector_all("#facts legend")]
    assert legends[:3] == ["主体", "行为", "程序"]
    assert page.inner_text("label[for='fact-impact.loss']").startswith("损失")


def test_all_five_packs_side_by_side(page: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "urgent_decision_all_packs.yaml"
    fill(page, "all", path)
    expected = json.loads(cli(capsys, "evaluate", "--pack", "all", str(path), "--format", "json"))
    rows = page.query_selector_all("#summary-table tr[data-pack]")
    assert [(r.get_attribute("data-pack"), r.get_attribute("data-outcome")) for r in rows] == \
        [(v["pack"], v["outcome"]) for v in expected]
    assert json.loads(page.text_content("#verdict-json")) == expected
    assert page.text_content("#verdict-text") == cli(capsys, "evaluate", "--pack", "all", str(path))


def test_english(page: Any, capsys: pytest.CaptureFixture[str]) -> None:
    page.click("#lang-toggle")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    path = EXAMPLES / "fuzhou_private_gain_deny.yaml"
    fill(page, "jinan", path)
    assert page.inner_text("#outcome") == "Outcome: deny"
    assert page.text_content("#verdict-text") == cli(capsys, "evaluate", "--pack", "jinan", str(path), "--lang", "en")


def test_a_drafter_lints_a_broken_checklist(page: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "lint" / "draft_checklist.yaml"
    expected = json.loads(cli(capsys, "lint", str(path), "--format", "json", status=1))  # 1: errors found
    page.click("#tab-lint")
    page.fill("#lint-text", path.read_text(encoding="utf-8"))
    page.click("#lint-run")
    page.wait_for_function("() => document.getElementById('lint-view').dataset.state === 'done'")
    shown = sorted((int(e.get_attribute("data-line")), e.get_attribute("data-rule"))
                   for e in page.query_selector_all("#lint-lines .finding"))
    assert shown == sorted((f["line"], f["rule"]) for f in expected["findings"])
    # each finding sits on the row of the line it points at, beside that line's text
    source = path.read_text(encoding="utf-8").split("\n")
    for f in expected["findings"]:
        row = page.query_selector(f"#lint-lines tr[data-line='{f['line']}']")
        assert row.query_selector("td.src").text_content() == source[f["line"] - 1]
        assert f["message"] in row.query_selector("td.notes").inner_text()


def test_a_drafter_uploads_a_file(page: Any, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    text = (EXAMPLES / "lint" / "draft_checklist.yaml").read_text(encoding="utf-8")
    draft.write_text(text.replace("extends: shaoxing", "extends: shaoxin"), encoding="utf-8")
    page.click("#tab-lint")
    page.set_input_files("#lint-file", str(draft))
    page.wait_for_function("() => document.getElementById('lint-view').dataset.state === 'done'")
    assert page.input_value("#lint-text").startswith("#")
    rules = [e.get_attribute("data-rule") for e in page.query_selector_all("#lint-lines .finding")]
    assert "RL001" in rules  # the misspelt parent, with its did-you-mean
    assert "shaoxing" in page.inner_text("#lint-lines .finding[data-rule='RL001']")


def test_an_error_about_the_request_is_not_put_on_a_line(page: Any) -> None:
    page.click("#tab-lint")
    page.fill("#lint-text", "")  # empty: the request's own error, not the text's
    page.click("#lint-run")
    page.wait_for_function("() => document.getElementById('lint-view').dataset.state === 'error'")
    assert page.query_selector("#lint-error") is not None
    assert page.query_selector_all("#lint-lines tr.flagged") == []


def test_a_text_that_is_not_yaml_shows_its_error_on_its_line(page: Any) -> None:
    page.click("#tab-lint")
    page.fill("#lint-text", "checklist: x\nextends: shaoxing\nitems: [\n")
    page.click("#lint-run")
    page.wait_for_function("() => document.getElementById('lint-view').dataset.state === 'error'")
    assert page.query_selector("#lint-error") is not None
    assert page.query_selector_all("#lint-lines tr.flagged")
