"""The archive (DESIGN §10) on a real SQLite file — and on a real PostgreSQL where one is installed: records
with cases and receipts, append-only in the database itself, corrections that supersede, filters, `verify`,
and concurrent writers that lose nothing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from rongcuo_rules import evaluate
from rongcuo_rules.archive import Archive, verify_record
from rongcuo_rules.case import load_case
from rongcuo_rules.cli import main
from rongcuo_rules.errors import InputError

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
EXEMPT = EXAMPLES / "fuzhou_flood_exempt.yaml"
DENY = EXAMPLES / "fuzhou_private_gain_deny.yaml"


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.sqlite3'}"


def put(archive: Archive, path: Path, pack: str = "fuzhou", **kw: Any) -> Any:
    case = load_case(path)
    return archive.record(evaluate(pack, case, explain="full"), case, **kw)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ── PostgreSQL, where installed: a cluster of the test's own on a private socket ──


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb")) if Path("/usr/lib/postgresql").is_dir() else []
    return found[-1].parent if found else None


def _pg_skip_reason() -> str | None:
    if _pg_bin() is None:
        return "PostgreSQL is not installed (Debian: apt-get install postgresql; scripts/system-deps does it)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser: PostgreSQL will not start as root"
    return None


@pytest.fixture(scope="module")
def postgres() -> Any:
    reason = _pg_skip_reason()
    if reason:
        pytest.skip(reason)
    pg = _pg_bin()
    assert pg is not None
    home = Path(tempfile.mkdtemp(prefix="rongcuo-pg-"))
    data = home / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: its own user runs it
        shutil.chown(home, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*as_user, str(pg / "initdb"), "-D", str(data), "-U", "rongcuo", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    port = 54000 + os.getpid() % 1000
    subprocess.run([*as_user, str(pg / "pg_ctl"), "-D", str(data), "-l", str(home / "log"), "-w", "-o",
                    f"-k {home} -p {port} -c listen_addresses=''", "start"], check=True, capture_output=True)
    url = f"postgresql+psycopg://rongcuo@/postgres?host={home}&port={port}"
    try:
        yield url
    finally:
        subprocess.run([*as_user, str(pg / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    base = request.getfixturevalue("postgres")
    # a database of the test's own in the shared cluster
    import sqlalchemy as sa

    name = f"t{os.getpid()}_{int(time.monotonic() * 1e6) % 10**9}"
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return base.replace("/postgres?", f"/{name}?")


# ── records ──────────────────────────────────────────────────────────────────


def test_a_record_keeps_case_verdict_and_receipt(url: str) -> None:
    archive = Archive(url)
    case = load_case(EXEMPT)
    verdict = evaluate("fuzhou", case, explain="full")
    record = archive.record(verdict, case, recorded_by="区纪委监委", note="首次认定")
    again = archive.get(record.id)
    assert again == record
    assert record.verdict == verdict.to_dict() and record.receipt == verdict.to_dict()["receipt"]
    assert record.case == {"id": "FZ-2020-017", "facts": case.facts, "events": {}}
    assert (record.recorded_by, record.note, record.supersedes, record.superseded_by) == ("区纪委监委", "首次认定",
                                                                                         None, None)
    assert record.to_dict()["verdict"]["record_id"] == record.id
    assert archive.verify(record.id).same


def test_procedure_events_are_kept(url: str, tmp_path: Path) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text("id: E-1\nfacts:\n  context.emergency: true\nevents:\n  application_accepted: 2025-03-03\n"
                         "  decision: 2025-03-20\n", encoding="utf-8")
    record = put(Archive(url), case_file)
    assert record.events == {"application_accepted": "2025-03-03", "decision": "2025-03-20"}
    assert record.case["events"] == record.events
    assert Archive(url).verify(record.id).same


def test_the_database_refuses_to_change_or_drop_a_record(url: str, tmp_path: Path) -> None:
    import sqlalchemy as sa

    case_file = tmp_path / "case.yaml"
    case_file.write_text("facts:\n  context.emergency: true\nevents:\n  decision: 2025-03-20\n", encoding="utf-8")
    archive = Archive(url)
    record = put(archive, case_file)
    statements = ["UPDATE records SET outcome = 'deny'", "DELETE FROM records", "DELETE FROM record_events",
                  "UPDATE record_events SET date = '2000-01-01'"]
    if url.startswith("postgresql"):
        statements += ["TRUNCATE records CASCADE", "TRUNCATE record_events"]
    for statement in statements:
        with pytest.raises(sa.exc.DBAPIError) as refused:
            with archive.engine.begin() as conn:
                conn.exec_driver_sql(statement)
        assert "append-only" in str(refused.value)
    assert archive.get(record.id) == record


def test_a_correction_supersedes_and_both_are_kept(url: str) -> None:
    archive = Archive(url)
    first = put(archive, EXEMPT)
    second = put(archive, EXEMPT, supersedes=first.id, note="补充事实")
    assert archive.get(first.id).superseded_by == second.id and second.supersedes == first.id
    assert [r.id for r in archive.records()] == [first.id, second.id]
    assert [r.id for r in archive.records(current_only=True)] == [second.id]
    with pytest.raises(InputError) as twice:
        put(archive, EXEMPT, supersedes=first.id)
    assert twice.value.code == "archive.already_superseded" and second.id in str(twice.value)
    with pytest.raises(InputError) as unknown:
        put(archive, EXEMPT, supersedes="12345")
    assert unknown.value.code == "archive.unknown"


def test_filters(url: str) -> None:
    archive = Archive(url)
    a = put(archive, EXEMPT)
    b = put(archive, DENY)
    c = put(archive, DENY, pack="jinan")
    assert [r.id for r in archive.records(outcome="deny")] == [b.id, c.id]
    assert [r.id for r in archive.records(pack="fuzhou")] == [a.id, b.id]
    assert len(archive.records(since=a.recorded_at[:10], until=c.recorded_at[:10])) == 3  # UTC days
    assert archive.records(since="2999-01-01") == [] and archive.records(until="2000-01-01") == []
    with pytest.raises(InputError) as bad:
        archive.records(since="2025-3-1")
    assert bad.value.code == "timeline.bad_date"


def test_a_record_must_come_with_its_own_case(tmp_path: Path) -> None:
    archive = Archive(sqlite_url(tmp_path))
    with pytest.raises(InputError) as wrong:
        archive.record(evaluate("fuzhou", load_case(EXEMPT)), load_case(DENY))
    assert wrong.value.code == "archive.case_mismatch"
    assert archive.records() == []


# ── verify ───────────────────────────────────────────────────────────────────


def test_verify_says_what_changed_and_why(tmp_path: Path) -> None:
    """A shipped pack cannot change inside a test: the record is altered instead, as it would read had the pack,
    the vocabulary or the library been different when it was made."""
    record = put(Archive(sqlite_url(tmp_path)), DENY).to_dict()
    assert verify_record(record).same
    then = json.loads(json.dumps(record))
    then["verdict"]["outcome"] = "exempt"
    then["verdict"]["citations"] = then["verdict"]["citations"][:1]
    then["receipt"]["pack_sha256"] = "0" * 64
    then["receipt"]["library_version"] = "0.0.1"
    result = verify_record(then)
    assert not result.same and result.changed_fields == ["outcome", "citations"]
    assert (result.outcome_then, result.outcome_now) == ("exempt", "deny")
    assert result.pack_changed and result.library_changed and not result.vocabulary_changed
    only_receipt = json.loads(json.dumps(record))
    only_receipt["receipt"]["vocabulary_sha256"] = "1" * 64
    r = verify_record(only_receipt)
    assert not r.same and r.changed_fields == [] and r.vocabulary_changed  # same verdict, other inputs
    for malformed in ({"verdict": {}}, {**record, "receipt": "x"}, {**record, "case": [1]},
                      {**record, "receipt": {**record["receipt"], "engine": None}},
                      {**record, "verdict": {k: v for k, v in record["verdict"].items() if k != "outcome"}}):
        with pytest.raises(InputError) as bad:
            verify_record(malformed)
        assert bad.value.code == "archive.not_a_record"
    edited = json.loads(json.dumps(record))
    edited["case"]["facts"]["conduct.private_gain"] = False  # the case changed after recording
    r = verify_record(edited)
    assert not r.same and r.case_altered


# ── the command line ─────────────────────────────────────────────────────────


def test_record_records_verify_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default archive: a file in the working directory, made on first use
    monkeypatch.delenv("RONGCUO_DB", raising=False)
    code, out, _ = run(capsys, "record", str(EXEMPT), "--pack", "fuzhou", "--decided-by", "区纪委监委")
    assert code == 0 and out.startswith("已存档：记录 1（fuzhou，结论：免责")
    assert (tmp_path / "rongcuo-records.sqlite3").is_file()
    code, out, _ = run(capsys, "record", str(DENY), "--pack", "fuzhou", "--format", "json", "--lang", "en")
    record = json.loads(out)
    assert code == 0 and record["record_id"] == "2" and record["verdict"]["outcome"] == "deny"
    run(capsys, "record", str(EXEMPT), "--pack", "fuzhou", "--supersedes", "1", "--note", "更正")
    code, out, _ = run(capsys, "records")
    lines = out.splitlines()
    assert len(lines) == 3 and "已被记录 3 更正" in lines[0] and "更正记录 1" in lines[2]
    code, out, _ = run(capsys, "records", "--outcome", "deny", "--format", "json")
    assert [r["record_id"] for r in json.loads(out)] == ["2"]
    code, out, _ = run(capsys, "verify", "2")
    assert code == 0 and "same" in out
    exported = tmp_path / "record.json"
    exported.write_text(json.dumps(json.loads(out := run(capsys, "records", "--format", "json")[1])[1],
                                   ensure_ascii=False), encoding="utf-8")
    assert run(capsys, "verify", str(exported))[0] == 0
    altered = json.loads(exported.read_text(encoding="utf-8"))
    altered["verdict"]["outcome"] = "exempt"
    exported.write_text(json.dumps(altered, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "verify", str(exported), "--lang", "en")
    assert code == 1 and "differs" in out and "outcome: exempt when recorded, deny now" in out


@pytest.mark.parametrize("argv, code, words", [
    (["verify", "99"], "archive.unknown", "99"),
    (["verify", "x1"], "archive.bad_id", "x1"),
    (["records", "--db", "nosuchdialect://x"], "archive.bad_url", "nosuchdialect"),
    (["records", "--db", "postgresql+psycopg://u:secret@127.0.0.1:1/none"], "archive.unreachable", "127.0.0.1"),
    (["records", "--db", "postgresql://u:secret@127.0.0.1:notaport/none"], "archive.bad_url", "***@"),
    (["verify", "²"], "archive.bad_id", "²"),
    (["record", str(EXEMPT), "--pack", "policies/fuzhou.yaml"], "service.shipped_only", "fuzhou"),
])
def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], code: str,
                               words: str) -> None:
    if "--db" not in argv:
        argv = [*argv, "--db", sqlite_url(tmp_path)]
    status, _, err = run(capsys, *argv, "--lang", "en")
    assert status == 2 and err.count("\n") == 1 and words in err and "Traceback" not in err
    assert "secret" not in err  # a password is never shown


# ── concurrent writers ───────────────────────────────────────────────────────

_WRITER = """
import sys
from rongcuo_rules import evaluate
from rongcuo_rules.archive import Archive
from rongcuo_rules.case import case_from_facts
url, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
archive = Archive(url)
for i in range(n):
    case = case_from_facts({"context.emergency": i % 2 == 0, "impact.loss": "minor"}, case_id=f"{tag}-{i}")
    archive.record(evaluate("jinan", case, explain="none"), case, recorded_by=tag)
"""


_SUPERSEDER = """
import sys
from rongcuo_rules import evaluate
from rongcuo_rules.archive import Archive
from rongcuo_rules.case import case_from_facts
from rongcuo_rules.errors import InputError
url, tag = sys.argv[1], sys.argv[2]
case = case_from_facts({"context.emergency": True}, case_id=tag)
try:
    Archive(url).record(evaluate("jinan", case, explain="none"), case, supersedes="1")
    print("won")
except InputError as exc:
    print(exc.code)
"""


def test_two_corrections_of_one_record_at_once_one_wins(url: str) -> None:
    archive = Archive(url)
    put(archive, EXEMPT)
    racers = [subprocess.Popen([sys.executable, "-c", _SUPERSEDER, url, tag], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE) for tag in ("A", "B", "C")]
    said = sorted(p.communicate(timeout=120)[0].decode().strip() for p in racers)
    assert said == ["archive.already_superseded", "archive.already_superseded", "won"], said
    assert len(archive.records()) == 2 and archive.get("1").superseded_by == "2"


def test_two_processes_writing_at_once_lose_nothing(url: str) -> None:
    n = 40
    writers = [subprocess.Popen([sys.executable, "-c", _WRITER, url, tag, str(n)], stderr=subprocess.PIPE)
               for tag in ("A", "B")]  # both open (and create, on SQLite) the archive at the same moment
    for w in writers:
        _, err = w.communicate(timeout=300)
        assert w.returncode == 0, err.decode()[-2000:]
    records = Archive(url).records()
    assert len(records) == 2 * n and len({r.id for r in records}) == 2 * n
    assert sorted(r.verdict["case_id"] for r in records) == sorted(f"{t}-{i}" for t in "AB" for i in range(n))
    assert all(Archive(url).verify(r.id).same for r in records[:: n // 4])


def test_an_archive_made_before_details_existed_is_migrated(tmp_path: Path) -> None:
    """An archive at the first schema revision (records without particulars) opens under the current library:
    Alembic adds the column, every old record reads back with empty details and verifies the same."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    from rongcuo_rules.archive import MIGRATIONS

    url = sqlite_url(tmp_path)
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    case = load_case(EXEMPT)
    verdict = evaluate("fuzhou", case, explain="full")
    from rongcuo_rules.receipt import case_document

    with engine.begin() as conn:  # a record as the first revision wrote it
        r = verdict.to_dict()["receipt"]
        conn.execute(sa.text(
            "INSERT INTO records (recorded_at, pack, pack_version, checklists, case_id, outcome, library_version, "
            "engine, lang, explain, pack_sha256, vocabulary_sha256, case_sha256, case_json, verdict_json) VALUES "
            "('2026-01-02T03:04:05.000000+00:00', 'fuzhou', '2019-01-22', '[]', 'FZ-2020-017', 'exempt', :lv, "
            ":engine, :lang, :explain, :ps, :vs, :cs, :case, :verdict)"),
            {"lv": r["library_version"], "engine": r["engine"], "lang": r["lang"], "explain": r["explain"],
             "ps": r["pack_sha256"], "vs": r["vocabulary_sha256"], "cs": r["case_sha256"],
             "case": json.dumps(case_document(case.id, case.facts, case.events), ensure_ascii=False),
             "verdict": verdict.to_json(None)})
    engine.dispose()
    archive = Archive(url)
    old = archive.get("1")
    assert old.details == {} and old.outcome == "exempt" and archive.verify("1").same
    new = put(archive, DENY, details={"name": "张三", "accountability": ["诫勉"]})
    assert archive.get(new.id).details == {"name": "张三", "accountability": ["诫勉"]}
    with archive.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
