"""The archive (DESIGN §10): verdicts on record, with their cases and receipts, and the procedure events.

SQLAlchemy over an embedded SQLite file by default (created on first use, ``rongcuo-records.sqlite3`` in the
working directory), or any SQLAlchemy URL — PostgreSQL for a shared deployment — given as ``url``, ``--db``
or ``RONGCUO_DB``. The schema is made and migrated by Alembic (``archive/migrations``) when an archive is
opened. Records are append-only — the database refuses UPDATE and DELETE — so a correction is a new record
that supersedes the old one, and both are kept. Several processes may write at once (SQLite in WAL mode with
a busy timeout; PostgreSQL's own concurrency).

    >>> from rongcuo_rules import evaluate
    >>> from rongcuo_rules.archive import Archive
    >>> archive = Archive("sqlite:///decisions.sqlite3")
    >>> record = archive.record(evaluate("fuzhou", "examples/fuzhou_flood_exempt.yaml"), recorded_by="纪委监委")
    >>> archive.verify(record.id).same
    True
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Location

#: the archive a command or the service opens when none is named
DEFAULT_FILE = "rongcuo-records.sqlite3"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    """``RONGCUO_DB`` when set, else the SQLite file :data:`DEFAULT_FILE` in the working directory."""
    return os.environ.get("RONGCUO_DB") or f"sqlite:///{DEFAULT_FILE}"


@dataclass(frozen=True)
class Record:
    """One verdict on record."""

    id: str
    recorded_at: str
    recorded_by: str | None
    note: str | None
    supersedes: str | None
    superseded_by: str | None
    case: dict[str, Any]
    verdict: dict[str, Any]
    events: dict[str, str] = field(default_factory=dict)
    #: particulars for the documents (formfields.DETAILS, and ``accountability``: the measures taken)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def receipt(self) -> dict[str, Any]:
        return self.verdict["receipt"]  # type: ignore[no-any-return]

    @property
    def outcome(self) -> str:
        return self.verdict["outcome"]  # type: ignore[no-any-return]

    def to_dict(self) -> dict[str, Any]:
        """The record as the service gives it and ``rongcuo verify FILE`` reads it back: the verdict (with its
        ``record_id``) and receipt, the case as loaded, and who recorded it when."""
        return {"record_id": self.id, "recorded_at": self.recorded_at, "recorded_by": self.recorded_by,
                "note": self.note, "supersedes": self.supersedes, "superseded_by": self.superseded_by,
                "case": self.case, "events": self.events, "details": self.details, "receipt": self.receipt,
                "verdict": {**self.verdict, "record_id": self.id}}


@dataclass(frozen=True)
class Verification:
    """What re-evaluating a record gives today."""

    record_id: str | None
    same: bool
    changed_fields: list[str]  # top-level verdict fields that differ (receipt aside)
    outcome_then: str
    outcome_now: str
    pack_changed: bool
    case_altered: bool  # the record's case no longer matches its own receipt (edited after recording)
    vocabulary_changed: bool
    library_changed: bool
    receipt_then: dict[str, Any]
    receipt_now: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "same": self.same, "changed_fields": self.changed_fields,
                "outcome_then": self.outcome_then, "outcome_now": self.outcome_now,
                "pack_changed": self.pack_changed, "case_altered": self.case_altered,
                "vocabulary_changed": self.vocabulary_changed,
                "library_changed": self.library_changed, "receipt_then": self.receipt_then,
                "receipt_now": self.receipt_now}


class Archive:
    """An archive at a SQLAlchemy URL (see the module's description)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        self._engine: Any = None
        self._lock = threading.Lock()

    # ── opening ──

    @property
    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                self._engine = _open(self.url)
            return self._engine

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # ── writing ──

    def record(self, verdict: Any, case: Any = None, *, recorded_by: str | None = None, note: str | None = None,
               supersedes: str | int | None = None, details: dict[str, Any] | None = None) -> Record:
        """Put ``verdict`` on record (a :class:`~rongcuo_rules.verdict.Verdict`), with the case it was computed
        from (a :class:`~rongcuo_rules.case.Case`; required: the receipt's case digest is checked against it).
        ``supersedes``: the record this one corrects (it stays on record, marked superseded)."""
        import sqlalchemy as sa

        from ..receipt import case_document, sha256_of

        if case is None:
            raise InputError("archive.no_case")
        data = verdict.to_dict()
        receipt = data["receipt"]
        case_doc = json.loads(json.dumps(case_document(case.id, case.facts, case.events), default=_iso))
        if sha256_of(case_doc) != receipt["case_sha256"]:
            raise InputError("archive.case_mismatch")
        details = check_details(details or {})
        row = {"recorded_at": _now(), "details_json": json.dumps(details, ensure_ascii=False, sort_keys=True), "recorded_by": recorded_by, "note": note,
               "supersedes": None if supersedes is None else _id(supersedes),
               "pack": data["pack"], "pack_version": data["pack_version"],
               "checklists": json.dumps(data["checklists"], ensure_ascii=False),
               "case_id": None if data["case_id"] is None else str(data["case_id"]), "outcome": data["outcome"],
               **{k: receipt[k] for k in _RECEIPT_COLUMNS},
               "case_json": json.dumps(case_doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
               "verdict_json": verdict.to_json(None)}
        records, events = _tables()
        with self.engine.begin() as conn:
            if row["supersedes"] is not None:
                old = conn.execute(sa.select(records.c.id).where(records.c.id == row["supersedes"])).first()
                if old is None:
                    raise InputError("archive.unknown", id=str(supersedes))
                taken = conn.execute(sa.select(records.c.id).where(records.c.supersedes == row["supersedes"])).first()
                if taken is not None:
                    raise InputError("archive.already_superseded", id=str(supersedes), by=str(taken.id))
            try:
                new_id = conn.execute(records.insert().values(**row)).inserted_primary_key[0]
            except sa.exc.IntegrityError as exc:
                if row["supersedes"] is not None:  # another writer superseded it first
                    raise InputError("archive.already_superseded", id=str(supersedes), by="?") from None
                raise InputError("archive.unreachable", url=_safe(self.url), reason=str(exc.orig)) from None
            dates = {k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v))
                     for k, v in case.events.items()}
            if dates:
                conn.execute(events.insert(), [{"record_id": new_id, "event": k, "date": v} for k, v in dates.items()])
        return self.get(new_id)

    # ── reading ──

    def get(self, record_id: str | int) -> Record:
        import sqlalchemy as sa

        records, events = _tables()
        rid = _id(record_id)
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(records).where(records.c.id == rid)).first()
            if row is None:
                raise InputError("archive.unknown", id=str(record_id))
            later = conn.execute(sa.select(records.c.id).where(records.c.supersedes == rid)).first()
            dated = conn.execute(sa.select(events.c.event, events.c.date).where(events.c.record_id == rid)).all()
        return _record(row, None if later is None else later.id, dict(sorted(dated)))

    def records(self, *, pack: str | None = None, since: str | None = None, until: str | None = None,
                outcome: str | None = None, current_only: bool = False) -> list[Record]:
        """Records in the order they were made; ``since``/``until`` are dates (YYYY-MM-DD, inclusive) of
        recording; ``current_only`` leaves out records a later one supersedes."""
        import sqlalchemy as sa

        records, events = _tables()
        query = sa.select(records).order_by(records.c.id)
        if pack:
            query = query.where(records.c.pack == pack)
        if outcome:
            query = query.where(records.c.outcome == outcome)
        if since:
            query = query.where(records.c.recorded_at >= _day(since, "since"))
        if until:
            query = query.where(records.c.recorded_at < _day(until, "until", next_day=True))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            later = dict(conn.execute(sa.select(records.c.supersedes, records.c.id)
                                      .where(records.c.supersedes.is_not(None))).all())
            dated: dict[int, dict[str, str]] = {}
            for rid, event, date in conn.execute(sa.select(events.c.record_id, events.c.event, events.c.date)):
                dated.setdefault(rid, {})[event] = date
        out = [_record(r, later.get(r.id), dict(sorted(dated.get(r.id, {}).items()))) for r in rows]
        return [r for r in out if r.superseded_by is None] if current_only else out

    def verify(self, record_id: str | int) -> Verification:
        return verify_record(self.get(record_id))


def check_details(details: Any, where: Any = None) -> dict[str, Any]:
    """Particulars as a record keeps them: known names (did-you-mean) with text values, and ``accountability``
    a list of the measures of 附件2 (formfields.MEASURES_PERSON / MEASURES_UNIT)."""
    from ..formfields import DETAILS, MEASURES_PERSON, MEASURES_UNIT
    from ..textutil import did_you_mean, type_name

    if not isinstance(details, dict):
        raise InputError("details.not_mapping", where, got=type_name(details))
    allowed = (*DETAILS, "accountability")
    out: dict[str, Any] = {}
    for key, value in details.items():
        if key not in allowed:
            raise InputError("details.unknown", where, key=str(key), hint=did_you_mean(str(key), allowed),
                             allowed=", ".join(allowed))
        if key == "accountability":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError("details.bad_value", where, key=key, got=type_name(value))
            for v in value:
                if v not in (*MEASURES_PERSON, *MEASURES_UNIT):
                    raise InputError("details.unknown_measure", where, value=v,
                                     hint=did_you_mean(v, (*MEASURES_PERSON, *MEASURES_UNIT)),
                                     allowed="、".join((*MEASURES_PERSON, *MEASURES_UNIT)))
            out[key] = list(dict.fromkeys(value))
        elif isinstance(value, (str, int)) and not isinstance(value, bool) or isinstance(value, dt.date):
            out[key] = value.isoformat() if isinstance(value, dt.date) else str(value)
        elif value is not None:
            raise InputError("details.bad_value", where, key=key, got=type_name(value))
    return out


def verify_record(record: Record | dict[str, Any]) -> Verification:
    """Re-evaluate a record (a :class:`Record`, or its :meth:`Record.to_dict` read back from a file) with the
    same engine, language and explanation level, and say whether the verdict is the same and, if not, what
    changed — and whether the pack, the vocabulary or the library changed since."""
    from ..api import evaluate, with_checklists
    from ..case import parse_case
    from ..pack import get_pack, shipped_pack_names
    from ..yamlio import Document

    data = record.to_dict() if isinstance(record, Record) else record
    try:
        verdict_then = {k: v for k, v in data["verdict"].items() if k != "record_id"}
        receipt_then = data["receipt"]
        case_doc = data["case"]
        pack_name = verdict_then["pack"]
        outcome_then = verdict_then["outcome"]
        for key in ("engine", "lang", "explain", "pack_sha256", "vocabulary_sha256", "case_sha256", "library_version"):
            if not isinstance(receipt_then[key], str):
                raise TypeError(key)
        if not isinstance(case_doc, dict) or not isinstance(case_doc.get("facts"), dict):
            raise TypeError("case")
    except (KeyError, TypeError, AttributeError):
        raise InputError("archive.not_a_record") from None
    from ..receipt import sha256_of

    case_altered = sha256_of(case_doc) != receipt_then["case_sha256"]
    if pack_name not in shipped_pack_names():
        raise InputError("pack.unknown", name=pack_name, hint="", allowed=", ".join(shipped_pack_names()))
    pack = get_pack(pack_name)
    if verdict_then.get("checklists"):
        pack = with_checklists(pack, verdict_then["checklists"])
    case_file = {k: v for k, v in case_doc.items() if v not in (None, {}) or k == "facts"}
    case = parse_case(case_file, Document(case_file, None))
    now = evaluate(pack, case, engine=receipt_then["engine"], lang=receipt_then["lang"],
                   explain=receipt_then["explain"]).to_dict()
    receipt_now = now["receipt"]
    changed = [k for k in dict.fromkeys([*verdict_then, *now]) if k != "receipt" and verdict_then.get(k) != now.get(k)]
    return Verification(
        record_id=data.get("record_id"), same=not changed and receipt_then == receipt_now and not case_altered,
        changed_fields=changed, outcome_then=outcome_then, outcome_now=now["outcome"], case_altered=case_altered,
        pack_changed=receipt_then["pack_sha256"] != receipt_now["pack_sha256"],
        vocabulary_changed=receipt_then["vocabulary_sha256"] != receipt_now["vocabulary_sha256"],
        library_changed=receipt_then["library_version"] != receipt_now["library_version"],
        receipt_then=receipt_then, receipt_now=receipt_now)


# ── the tables and their rows ────────────────────────────────────────────────

_RECEIPT_COLUMNS = ("library_version", "engine", "lang", "explain", "pack_sha256", "vocabulary_sha256",
                    "case_sha256")
_TABLES: Any = None


def _tables() -> Any:
    """The tables as SQLAlchemy sees them (the schema itself is the migrations')."""
    global _TABLES
    if _TABLES is None:
        import sqlalchemy as sa

        meta = sa.MetaData()
        records = sa.Table(
            "records", meta, sa.Column("id", sa.Integer, primary_key=True),
            *(sa.Column(n, sa.Text) for n in ("recorded_at", "recorded_by", "note", "pack", "pack_version", "details_json",
                                              "checklists", "case_id", "outcome", *_RECEIPT_COLUMNS,
                                              "case_json", "verdict_json")),
            sa.Column("supersedes", sa.Integer))
        events = sa.Table("record_events", meta, sa.Column("record_id", sa.Integer), sa.Column("event", sa.Text),
                          sa.Column("date", sa.Text))
        _TABLES = (records, events)
    return _TABLES


def _record(row: Any, superseded_by: Any, events: dict[str, str]) -> Record:
    return Record(id=str(row.id), recorded_at=row.recorded_at, recorded_by=row.recorded_by, note=row.note,
                  supersedes=None if row.supersedes is None else str(row.supersedes),
                  superseded_by=None if superseded_by is None else str(superseded_by),
                  case=json.loads(row.case_json), verdict=json.loads(row.verdict_json), events=events,
                  details=json.loads(row.details_json))


def _open(url: str) -> Any:
    """An engine on ``url`` with the schema migrated to the latest revision."""
    import sqlalchemy as sa

    try:
        # the service's threads write too: a pool larger than its concurrent record requests
        engine = sa.create_engine(url, pool_size=8, max_overflow=24) if not url.startswith("sqlite:///:memory:") \
            else sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError, ValueError) as exc:
        raise InputError("archive.bad_url", Location("--db"), url=_safe(url), reason=str(exc).splitlines()[0]) from None
    if engine.dialect.name == "sqlite":
        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
            cur.execute("PRAGMA busy_timeout=30000")  # a writer waits for another rather than failing
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    _migrate(engine)
    return engine


def _migrate(engine: Any) -> None:
    """Bring the schema to the latest revision. Two processes opening a new archive at once must not both
    create it: on PostgreSQL the migration takes an advisory lock (migrations/env.py); on a SQLite file, whose
    driver does not make the CREATE TABLEs one transaction, a lock file beside the database serialises them
    (POSIX), and a migration that still meets the other's half-made tables waits and tries again."""
    import time

    import sqlalchemy as sa
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    attempts = 20
    for attempt in range(attempts):
        try:
            with _migration_lock(engine):
                with engine.begin() as conn:
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
            return
        except sa.exc.DBAPIError as exc:
            reason = str(exc.orig if getattr(exc, "orig", None) is not None else exc).splitlines()[0]
            if isinstance(exc, sa.exc.OperationalError) and "already exists" in reason and attempt < attempts - 1:
                time.sleep(0.05 * (attempt + 1))  # the other process is finishing the same migration
                continue
            raise InputError("archive.unreachable", url=_safe(str(engine.url)), reason=reason) from None


class _migration_lock:
    """An exclusive lock file beside a SQLite database while it is migrated (a no-op elsewhere)."""

    def __init__(self, engine: Any) -> None:
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        self.path = None if not database or database == ":memory:" else Path(database + ".migrate-lock")
        self.handle: Any = None

    def __enter__(self) -> None:
        if self.path is None:
            return
        try:
            import fcntl
        except ImportError:  # not POSIX: the retry in _migrate covers it
            return
        try:
            self.handle = open(self.path, "a+b")
        except OSError:
            return  # a read-only directory: nothing to create there anyway
        fcntl.flock(self.handle.fileno(), fcntl.LOCK_EX)

    def __exit__(self, *exc: Any) -> None:
        if self.handle is not None:
            import fcntl

            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()


def _safe(url: str) -> str:
    """A URL as messages show it: without a password."""
    import re

    try:
        import sqlalchemy as sa

        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: hide whatever stands where a password would
        return re.sub(r"(//[^/:@]*:)[^@/]*@", r"\1***@", url)


def _id(value: str | int) -> int:
    import re

    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,18}", text):  # ASCII digits only: "²".isdigit() is true
        raise InputError("archive.bad_id", id=str(value))
    return int(text)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def _day(text: str, option: str, next_day: bool = False) -> str:
    from ..textutil import iso_date

    day = iso_date(text)
    if day is None:
        raise InputError("timeline.bad_date", Location(f"--{option}"), value=text)
    if next_day:
        day += dt.timedelta(days=1)
    return day.isoformat()


def _iso(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)
