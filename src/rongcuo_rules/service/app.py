"""The HTTP service (DESIGN §9): FastAPI on uvicorn, the shipped packs loaded once at start.

Safe defaults for a government network: loopback only unless told otherwise (``serve``), a bounded request
body (413) read within a time limit (408), a time limit on comparison, packs and checklists named — never a
path, so no request makes the service read a file — and every error in the §9 shape in the caller's language
(``lang`` in the body, else ``Accept-Language``, else Chinese), with no traceback in any body.

Work that is quick (one evaluation) runs on the event loop; anything that can take longer (a batch, a
comparison, lint, a timeline) runs in the thread pool so the loop keeps answering.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import orjson
from fastapi import Request
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.staticfiles import StaticFiles

from ..errors import EngineError, InputError, Location, RongcuoError
from ..models_errors import first_validation_error
from ..textutil import did_you_mean, type_name
from ..version import __version__
from ..wording import CATALOGUE
from ..yamlio import Document, load_text
from . import requests as bodies
from .settings import Settings

log = logging.getLogger("rongcuo.service")

STATIC = Path(__file__).parent / "static"
#: where the request body's own problems are located (a file name in locations, never read)
BODY = "<request>"

#: HTTP status by error code; every other InputError is 400, every other failure 500
STATUS = {"pack.unknown": 404, "archive.unknown": 404, "service.shipped_only": 404, "service.checklist_unknown": 404,
          "service.not_found": 404, "service.method": 405, "service.too_large": 413,
          "service.read_timeout": 408, "compare.timeout": 503, "lint.timeout": 503}


# ── languages and errors ─────────────────────────────────────────────────────


def accept_language(header: str | None) -> str:
    """``en`` when Accept-Language prefers English over Chinese, else ``zh`` (RFC 9110 quality values)."""
    best, best_q = "zh", -1.0
    for part in (header or "").split(","):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k.strip() == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        lang = "en" if tag.startswith("en") else "zh" if tag.startswith("zh") else None
        if lang and q > best_q:
            best, best_q = lang, q
    return best


def _lang_of(request: Request, body: Any = None) -> str:
    if isinstance(body, dict) and body.get("lang") in ("zh", "en"):
        return str(body["lang"])
    return accept_language(request.headers.get("accept-language"))


def error_body(exc: RongcuoError, lang: str) -> bytes:
    return orjson.dumps({"error": exc.to_dict(lang)})


def error_response(exc: RongcuoError, lang: str, status: int | None = None) -> Response:
    code = status or (STATUS.get(exc.code, 400) if isinstance(exc, InputError) else 500)
    return Response(error_body(exc, lang), status_code=code, media_type="application/json")


def _json(data: bytes | str, status: int = 200) -> Response:
    return Response(data, status_code=status, media_type="application/json")


# ── the request body: bounded in size and in time ─────────────────────────────


class BodyLimit:
    """ASGI middleware: a body over ``max_body`` bytes is refused with 413 before it is read (by its
    Content-Length) or as soon as it passes the limit (chunked); a body that does not arrive within
    ``read_timeout`` seconds gets 408. The body read is handed on whole, so the app never waits on a client."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app, self.settings = app, settings

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        lang = accept_language(headers.get(b"accept-language", b"").decode("latin-1"))
        limit = self.settings.max_body
        deadline = time.monotonic() + self.settings.read_timeout
        declared = headers.get(b"content-length")
        # a client that waits for "100 Continue" has sent nothing yet: answering at once reads nothing
        expects = headers.get(b"expect", b"").lower() == b"100-continue"
        if declared is not None and declared.isdigit() and int(declared) > limit:
            if int(declared) <= limit * _DRAIN and not expects:
                await self._drain(receive, deadline)
            await self._refuse(send, InputError("service.too_large", size=_size(int(declared)), limit=_size(limit)),
                               lang)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                await self._refuse(send, InputError("service.read_timeout",
                                                    seconds=f"{self.settings.read_timeout:g}"), lang)
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                if message.get("more_body", False) and not expects:
                    await self._drain(receive, deadline, limit * _DRAIN - size)
                await self._refuse(send, InputError("service.too_large", size=f"> {_size(limit)}",
                                                    limit=_size(limit)), lang)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would tell it

        await self.app(scope, replay, send)

    @staticmethod
    async def _drain(receive: Any, deadline: float, budget: int | None = None) -> None:
        """Read and drop the rest of a refused body (at most ``budget`` bytes, until ``deadline``), so a client
        that sends its whole body before reading the answer gets the 413 rather than a reset connection. A
        body declared larger than :data:`_DRAIN` times the limit is not read at all."""
        left = budget if budget is not None else float("inf")
        while left > 0:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                return
            if message["type"] != "http.request":
                return
            left -= len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    @staticmethod
    async def _refuse(send: Any, exc: InputError, lang: str) -> None:
        body = error_body(exc, lang)
        await send({"type": "http.response.start", "status": STATUS[exc.code],
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


#: a refused body up to this many times the limit is read to its end before the 413 (see BodyLimit._drain)
_DRAIN = 8


def _size(n: int) -> str:
    return f"{n / (1 << 20):.2f} MiB" if n >= 1 << 20 else f"{n} B"


# ── reading a body ───────────────────────────────────────────────────────────


class _Within:
    """A part of the request's Document, located in the whole body: a case inside ``{"case": …}`` reports its
    problems at their line and column in the body the caller sent."""

    def __init__(self, doc: Document, prefix: tuple[Any, ...], keep: tuple[str, ...] | None = None) -> None:
        self.doc, self.prefix = doc, prefix
        self.file = doc.file
        data = doc.data
        for step in prefix:
            data = data[step]
        # ``keep``: only these keys of the part (the body's own options are not the file's keys)
        self.data = data if keep is None else {k: v for k, v in data.items() if k in keep}

    def loc(self, path: tuple[Any, ...] = (), key: bool = False) -> Location:
        return self.doc.loc(self.prefix + tuple(path), key=key)


def read_body(raw: bytes, model: type[BaseModel]) -> tuple[Document, Any]:
    """The body as a located Document and as its validated model; InputErrors located in the body."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("file.encoding", Location(BODY), reason=str(exc.reason)) from None
    if not text.strip():
        raise InputError("service.empty_body", Location(BODY))
    doc = load_text(text, BODY, fmt="json", lazy_positions=True)
    if not isinstance(doc.data, dict):
        raise InputError("service.not_object", doc.loc(()), got=type_name(doc.data))
    try:
        parsed = model.model_validate(doc.data)
    except ValidationError as exc:
        raise first_validation_error(exc, doc, model) from None
    return doc, parsed


# ── the application ──────────────────────────────────────────────────────────


def create_app(settings: Settings | None = None) -> Any:
    """The service's ASGI application. Loads the vocabulary and every shipped pack now, so the first
    request is as fast as the rest."""
    from .. import api
    from ..checklist import shipped_checklist_names
    from ..pack import get_pack, shipped_pack_names
    from ..vocabulary import default_vocabulary

    settings = settings or Settings()
    names = shipped_pack_names()
    packs = {n: get_pack(n) for n in names}
    vocab = default_vocabulary()
    checklist_names = shipped_checklist_names()
    vocabulary_json = orjson.dumps(api.vocabulary_document())
    packs_json = {lang: orjson.dumps(api.pack_summaries(lang)) for lang in ("zh", "en")}
    _warm(packs)

    app = FastAPIOffline(
        title="rongcuo_rules", version=__version__,
        description="容错纠错政策包的 HTTP 服务（DESIGN §9）/ fault-tolerance policy packs over HTTP. "
                    "Errors: {\"error\": {\"code\", \"message\", \"location\"}}; 400 bad input, 404 unknown pack, "
                    "405 wrong method, 408 body too slow, 413 body too large, 503 comparison over its time "
                    "limit, 500 internal.",
        openapi_tags=[{"name": "policy", "description": "评估与政策包 / evaluation and packs"},
                      {"name": "drafting", "description": "比较、清单检查与程序期限 / compare, lint, timeline"}],
    )
    app.state.settings = settings
    from ..archive import Archive

    # opened on first use (a service nobody records with makes no file); each worker process has its own
    archive = Archive(settings.db)

    def pack_named(name: str, doc: Document, path: tuple[Any, ...]) -> Any:
        if name in packs:
            return packs[name]
        # the place is looked up only now: finding positions costs more than answering a good request
        raise InputError("service.shipped_only", doc.loc(path), name=name, hint=did_you_mean(name, names),
                         allowed=", ".join(names))

    # ── errors in the §9 shape ──

    def lang_now(request: Request) -> str:
        # the language the body asked for, once read; else the header's
        return str(getattr(request.state, "lang", None) or _lang_of(request))

    @app.exception_handler(RongcuoError)
    async def _on_ours(request: Request, exc: RongcuoError) -> Response:
        if not isinstance(exc, InputError):
            log.error("engine failure on %s: %s", request.url.path, exc)
        return error_response(exc, lang_now(request))

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> Response:
        lang = lang_now(request)
        if exc.status_code == 404:
            return error_response(InputError("service.not_found", path=request.url.path), lang, 404)
        if exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow", "")
            err = InputError("service.method", path=request.url.path, method=request.method, allowed=allowed)
            resp = error_response(err, lang, 405)
            if allowed:
                resp.headers["Allow"] = allowed
            return resp
        return error_response(InputError("service.http", status=exc.status_code, detail=str(exc.detail)), lang,
                              exc.status_code)

    @app.exception_handler(Exception)
    async def _on_defect(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path)  # the traceback goes to the log, not the body
        return error_response(RongcuoError("service.internal"), lang_now(request), 500)

    # Everything a body drives runs in worker threads, never on the event loop: finding the position of an
    # error in a large body, a comparison or a long lint would otherwise stop every other request. Each kind
    # of work has its own limit on how many run at once, so a few slow ones cannot take every thread.
    limiters = {"evaluate": anyio.CapacityLimiter(16), "batch": anyio.CapacityLimiter(2),
                "compare": anyio.CapacityLimiter(1), "lint": anyio.CapacityLimiter(2),
                "timeline": anyio.CapacityLimiter(4), "records": anyio.CapacityLimiter(8)}

    async def answer(request: Request, kind: str, model: type[BaseModel], work: Any) -> Response:
        raw = await request.body()
        try:
            pre = orjson.loads(raw) if raw else None
        except orjson.JSONDecodeError:
            pre = None
        request.state.lang = lang = _lang_of(request, pre)

        def run() -> Response:
            doc, req = read_body(raw, model)
            return work(doc, req, lang)  # type: ignore[no-any-return]

        return await anyio.to_thread.run_sync(run, limiter=limiters[kind])

    # ── endpoints ──

    @app.api_route("/healthz", methods=["GET", "HEAD"], tags=["policy"], summary="健康检查 / health")
    async def healthz() -> Response:
        return _json(orjson.dumps({"status": "ok", "version": __version__, "packs": names}))

    wording_json = orjson.dumps({lang: {k: v for k, v in CATALOGUE[lang].items()
                                        if k.split(".", 1)[0] in _PAGE_WORDING} for lang in ("zh", "en")})

    @app.api_route("/v1/wording", methods=["GET", "HEAD"], tags=["policy"],
                   summary="界面用语（中英）/ the page's wording, zh and en")
    async def wording() -> Response:
        return _json(wording_json)

    @app.api_route("/v1/packs", methods=["GET", "HEAD"], tags=["policy"], summary="随附的政策包 / shipped packs")
    async def list_packs(request: Request) -> Response:
        return _json(packs_json[_lang_of(request)])

    @app.api_route("/v1/vocabulary", methods=["GET", "HEAD"], tags=["policy"],
                   summary="事实词汇 / the fact vocabulary")
    async def vocabulary() -> Response:
        return _json(vocabulary_json)

    def case_at(doc: Document, prefix: tuple[Any, ...]) -> Any:
        from ..case import parse_case

        part = _Within(doc, prefix)
        return parse_case(part.data, part, vocab)  # type: ignore[arg-type]

    def with_lists(pack: Any, wanted: list[str], doc: Document) -> Any:
        if not wanted:
            return pack
        for i, name in enumerate(wanted):
            if name != "all" and name not in checklist_names:
                raise InputError("service.checklist_unknown", doc.loc(("checklists", i)), name=name,
                                 hint=did_you_mean(name, checklist_names), allowed=", ".join(checklist_names))
        # one order for the same set: a combination is kept with its pack, so orderings must not multiply them
        try:
            return api.with_checklists(pack, sorted(set(wanted)))
        except InputError as exc:  # told where the request named them, never where the files lie on this machine
            raise InputError(exc.code, doc.loc(("checklists",)), **exc.params) from None

    @app.post("/v1/evaluate", tags=["policy"], summary="评估一个案件 / evaluate a case",
              openapi_extra=_body_doc("EvaluateRequest"),
              responses=_answers({"anyOf": [_VERDICT, {"type": "array", "items": _VERDICT},
                                            {"$ref": "#/components/schemas/RecordedVerdict"}]},
                                 text="与 rongcuo evaluate 相同的文本（format: text）/ the CLI's text (format: text)"))
    async def evaluate(request: Request) -> Response:
        def work(doc: Document, req: Any, lang: str) -> Response:
            if req.record and req.pack == "all":
                raise InputError("service.record_one_pack", doc.loc(("record",)))
            if req.record and req.format == "text":
                raise InputError("service.record_json", doc.loc(("format",)))
            chosen = names if req.pack == "all" else [req.pack]
            selected = [pack_named(n, doc, ("pack",)) for n in chosen]
            case = case_at(doc, ("case",))
            selected = [with_lists(p, req.checklists, doc) for p in selected]
            verdicts = [api.evaluate(p, case, engine=req.engine, lang=lang, explain=req.explain) for p in selected]
            if req.format == "text":
                from ..render import render_summary, render_verdict

                blocks = [render_verdict(v, p, lang) for v, p in zip(verdicts, selected)]
                if req.pack == "all":
                    blocks.insert(0, render_summary(verdicts, selected, lang))
                text = "\n".join(blocks)
                return Response(text if text.endswith("\n") else text + "\n",
                                media_type="text/plain; charset=utf-8")
            if req.pack == "all":
                return _json(b"[" + b",".join(v.to_json_bytes() for v in verdicts) + b"]")
            if req.record:
                from ..archive import check_details

                details = None
                if req.details is not None:
                    try:
                        details = check_details(req.details)
                    except InputError as exc:
                        raise InputError(exc.code, doc.loc(("details",)), **exc.params) from None
                rec = archive.record(verdicts[0], case, recorded_by=req.recorded_by, note=req.note,
                                     supersedes=req.supersedes, details=details)
                return _json(orjson.dumps(rec.to_dict()["verdict"]))
            return _json(verdicts[0].to_json_bytes())

        return await answer(request, "evaluate", bodies.EvaluateRequest, work)

    @app.post("/v1/evaluate/batch", tags=["policy"], summary="评估多个案件 / evaluate many cases",
              openapi_extra=_body_doc("BatchRequest"), responses=_answers({
                  "type": "object", "properties": {"verdicts": {"type": "array", "items": {
                      "anyOf": [_VERDICT, {"$ref": "#/components/schemas/ErrorBody"}]}}}}))
    async def evaluate_batch(request: Request) -> Response:
        def work(doc: Document, req: Any, lang: str) -> Response:
            pack = pack_named(req.pack, doc, ("pack",))
            if len(req.cases) > settings.max_batch:
                raise InputError("service.bad_option", doc.loc(("cases",)), option="cases",
                                 expected=f"≤ {settings.max_batch}", value=len(req.cases))
            parts = []
            for i in range(len(req.cases)):
                try:
                    case = case_at(doc, ("cases", i))
                    parts.append(api.evaluate(pack, case, engine=req.engine, lang=lang,
                                              explain=req.explain).to_json_bytes())
                except RongcuoError as exc:  # this case's error in its slot; the rest still answer
                    if not isinstance(exc, InputError):
                        log.error("engine failure on a batch case: %s", exc)
                    parts.append(error_body(exc, lang))
            return _json(b'{"verdicts":[' + b",".join(parts) + b"]}")

        return await answer(request, "batch", bodies.BatchRequest, work)

    @app.post("/v1/compare", tags=["drafting"], summary="精确比较两个政策包 / compare two packs exactly",
              openapi_extra=_body_doc("CompareRequest"),
              responses=_answers({"type": "object"}, (503, "比较超过时限 / comparison over its time limit")))
    async def compare(request: Request) -> Response:
        from ..compare import check_assumptions, compare as run, comparison_to_dict

        def work(doc: Document, req: Any, lang: str) -> Response:
            a, b = pack_named(req.a, doc, ("a",)), pack_named(req.b, doc, ("b",))
            for name, value in req.assume.items():  # each assumption checked where the body gives it
                try:
                    vocab.lookup(name).encode(value)
                except InputError as exc:
                    raise InputError(exc.code, doc.loc(("assume", name)), **exc.params) from None
            try:
                assume = check_assumptions(req.assume.items())
            except InputError as exc:  # together they describe no case
                raise InputError(exc.code, doc.loc(("assume",)), **exc.params) from None
            deadline = time.monotonic() + settings.compare_timeout
            return _json(orjson.dumps(comparison_to_dict(run(a, b, assume, deadline=deadline), req.limit)))

        return await answer(request, "compare", bodies.CompareRequest, work)

    @app.post("/v1/lint", tags=["drafting"], summary="检查“X”清单 / lint an X checklist",
              openapi_extra=_body_doc("LintRequest"),
              responses=_answers({"type": "object"}, (503, "检查超过时限 / lint over its time limit")))
    async def lint(request: Request) -> Response:
        from ..lint.output import render_json, render_sarif
        from ..lint.runner import lint_text

        def work(doc: Document, req: Any, lang: str) -> Response:
            report = lint_text(req.text, file="<text>", max_items=settings.lint_max_items,
                               deadline=time.monotonic() + settings.lint_timeout)
            return _json((render_sarif if req.format == "sarif" else render_json)(report, lang))

        return await answer(request, "lint", bodies.LintRequest, work)

    @app.post("/v1/timeline", tags=["drafting"], summary="程序期限 / procedure deadlines",
              openapi_extra=_body_doc("TimelineRequest"), responses=_errors())
    async def timeline(request: Request) -> Response:
        from ..procedure import parse_events, timeline as run
        from ..textutil import iso_date
        from ..workdays import OfficialCalendar

        def work(doc: Document, req: Any, lang: str) -> Response:
            pack = pack_named(req.pack, doc, ("pack",))
            # {"events": …, "id"?} as an events file holds it
            events = parse_events(_Within(doc, (), keep=("events", "id")))  # type: ignore[arg-type]
            if req.as_of is not None and iso_date(req.as_of) is None:
                raise InputError("timeline.bad_date", doc.loc(("as_of",)), value=req.as_of)
            result = run(pack, events, req.as_of, calendar=OfficialCalendar(estimate=req.estimate), lang=lang)
            return _json(result.to_json())

        return await answer(request, "timeline", bodies.TimelineRequest, work)

    @app.api_route("/v1/records/{record_id}", methods=["GET", "HEAD"], tags=["policy"],
                   summary="存档的裁决 / a recorded verdict", responses=_errors())
    async def record(record_id: str, request: Request) -> Response:
        def work() -> Response:
            return _json(orjson.dumps(archive.get(record_id).to_dict()))

        return await anyio.to_thread.run_sync(work, limiter=limiters["records"])

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    async def index() -> Response:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    return BodyLimit(app, settings)


#: the wording tables the web page reads (its labels, the verdict's headings, outcomes, kinds, groups)
_PAGE_WORDING = frozenset({"ui", "heading", "outcome", "kind", "group", "value", "severity"})


def _warm(packs: dict[str, Any]) -> None:
    """Build each pack's compiled tables now (what a first evaluation would build). The durable engine is
    left to its first use: compiling its rulesets takes seconds, and few callers ask for it."""
    from ..batch import prebuild

    for pack in packs.values():
        for lang in ("zh", "en"):
            prebuild(pack, "native", lang, "full")


def _body_doc(name: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}}


_ERROR_STATUSES = {400: "输入有误 / bad input", 404: "未知的政策包、清单或地址 / unknown pack, checklist or address",
                   408: "请求体未及时到达 / body too slow", 413: "请求体过大 / body too large",
                   500: "内部错误 / internal failure"}


def _errors(*extra: tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    return {code: {"description": text, **ref} for code, text in [*_ERROR_STATUSES.items(), *extra]}


def _answers(schema: dict[str, Any], *extra: tuple[int, str], text: str | None = None) -> dict[int | str, dict[str, Any]]:
    """The 200 answer's schema (and, with ``text``, its plain-text form) and the error answers."""
    content: dict[str, Any] = {"application/json": {"schema": schema}}
    if text:
        content["text/plain"] = {"schema": {"type": "string", "description": text}}
    return {200: {"description": "OK", "content": content}, **_errors(*extra)}


_VERDICT = {"$ref": "#/components/schemas/Verdict"}


def _openapi(app: Any) -> Any:
    """FastAPI's document plus the request bodies' schemas (the endpoints read their bodies themselves, to
    answer in the library's own errors rather than 422)."""
    from fastapi.openapi.utils import get_openapi

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema  # type: ignore[no-any-return]
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes,
                          tags=app.openapi_tags)
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        # the bodies are read by the endpoints themselves: FastAPI's 422 answer is never given
        for item in doc["paths"].values():
            for op in item.values():
                op.get("responses", {}).pop("422", None)
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        from ..verdict import Verdict

        for name, model in {**bodies.BODIES, "Verdict": Verdict}.items():
            schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
            for sub, sub_schema in schema.pop("$defs", {}).items():
                schemas.setdefault(sub, sub_schema)
            schemas[name] = schema
        # a verdict put on record (record: true) is the verdict with its record id
        import copy

        recorded = copy.deepcopy(schemas["Verdict"])
        recorded["title"] = "RecordedVerdict"
        recorded["properties"]["record_id"] = {"type": "string", "description": "存档记录编号 / the record's id"}
        recorded.setdefault("required", []).append("record_id")
        schemas["RecordedVerdict"] = recorded
        app.openapi_schema = doc
        return doc

    return build




# ── running it ───────────────────────────────────────────────────────────────

def app_from_env() -> Any:
    """uvicorn's factory in each worker process."""
    from .settings import settings_from_env

    return create_app(settings_from_env())
