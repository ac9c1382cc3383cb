"""The HTTP service's request bodies (DESIGN §9), as pydantic models.

They are the OpenAPI description of each body and its check: a body is validated against its model and a
problem becomes the library's own located, bilingual InputError (:func:`first_validation_error`), never a
422. Facts, events and assumptions stay plain mappings here: the case and event loaders check them with
the same errors as a file.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

Lang = Literal["zh", "en"]
Explain = Literal["none", "near", "full"]
Engine = Literal["native", "durable"]


def _whole(value: Any) -> Any:
    """A JSON number with no fraction (``20.0``) is the integer JSON Schema says it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class _Body(BaseModel):
    # strict: "20" is not a number, 1 is not a name; the values a JSON body can carry are taken as they are
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class CaseBody(_Body):
    """A case as a case file holds it (DESIGN §5): ``facts`` by dotted name or nested by group."""

    id: str | int | None = Field(None, description="案件编号 / case id")
    facts: dict[str, Any] = Field(description="事实 / facts (the vocabulary's names and values)")
    events: dict[str, Any] | None = Field(None, description="程序事件及日期 / procedure events and dates")
    notes: str | None = None


#: a case is checked by the case loader (the errors of a case file, located in the body); documented as CaseBody
Case = Annotated[dict[str, Any], WithJsonSchema(CaseBody.model_json_schema())]


class EvaluateRequest(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"pack": "fuzhou", "case": {"id": "FZ-1", "facts": {"conduct.private_gain": False, "impact.loss": "minor", "context.emergency": True}}}]})
    pack: str = Field(description="随附政策包名，或 all / a shipped pack's name, or all")
    case: Case
    lang: Lang | None = Field(None, description="裁决的语言（缺省按 Accept-Language，再缺省中文）/ verdict language")
    record: bool = Field(False, description="存档裁决，答复加上 record_id（只限一个政策包、JSON）/ put the verdict on "
                                          "record; the answer gains record_id (one pack, JSON only)")
    recorded_by: str | None = Field(None, description="存档时：作出决定的机关或人员 / with record: who decided")
    note: str | None = Field(None, description="存档时：说明 / with record: a note")
    supersedes: str | None = Field(None, description="存档时：所更正的记录 / with record: the record this corrects")
    details: dict[str, Any] | None = Field(None, description="存档时：文书所需的当事人等详情 / with record: "
                                                           "particulars for the documents")
    explain: Explain = Field("full", description="解释的详略，同命令行 --explain / as --explain")
    engine: Engine = "native"
    checklists: list[str] = Field(default_factory=list,
                                  description="随附“X”清单名，或 all / shipped X checklists by name, or all")
    format: Literal["json", "text"] = Field(
        "json", description="json：裁决 JSON（§6）；text：与 rongcuo evaluate 相同的文本 / the CLI's text output")


class BatchRequest(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"pack": "jinan", "cases": [{"facts": {"conduct.private_gain": True}}, {"facts": {"impact.loss": "minor"}}], "explain": "near"}]})
    pack: str = Field(description="随附政策包名 / a shipped pack's name")
    # each slot is read on its own: a slot that is not a good case gets its error in the answer's slot, so the
    # body's schema takes any object there (CaseBody describes a good one)
    cases: list[Annotated[dict[str, Any], WithJsonSchema({"type": "object"})]] = Field(
        description="案件，各如 evaluate 的 case（见 CaseBody）；有误的一件在其位置上答错误 / cases, each as evaluate's "
                    "case (see CaseBody); a bad one gets its error in its slot")
    lang: Lang | None = None
    explain: Explain = "full"
    engine: Engine = "native"


class CompareRequest(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"a": "changzhou_edu", "b": "pingdingshan", "assume": {"conduct.private_gain": False}, "limit": 3}]})
    a: str
    b: str
    assume: dict[str, Any] = Field(default_factory=dict, description="固定的事实 / facts held fixed")
    limit: Annotated[int, BeforeValidator(_whole)] = Field(
        20, ge=0, description="列出的差异组数，0 为全部 / groups listed, 0 for all")


class LintRequest(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"text": "checklist: draft\nextends: shaoxing\ntitle: {zh: 草稿, en: draft}\ndomain: {zh: 招商, en: investment}\nissuer: {zh: 某局, en: a bureau}\nissued: \"2026-11-01\"\nitems:\n  - number: 1\n    marker: \"1．\"\n    text: 在招商引资过程中出现失误的；\n    refines: [art3.5]\n"}]})
    text: str = Field(min_length=1, description="“X”清单或政策包的 YAML 文本 / a checklist's (or pack's) YAML text")
    format: Literal["json", "sarif"] = "json"
    lang: Lang | None = None


class TimelineRequest(_Body):
    model_config = ConfigDict(json_schema_extra={"examples": [{"pack": "fuzhou", "events": {"application_accepted": "2025-03-03"}, "as_of": "2025-03-20"}]})
    pack: str
    events: dict[str, Any] = Field(description="程序事件 → 日期 YYYY-MM-DD / event → date")
    as_of: str | None = Field(None, description="截至日期（缺省今天）/ as of this date (default today)")
    estimate: bool = Field(False, description="未公布的年份按周末估算 / estimate unpublished years")
    lang: Lang | None = None
    id: str | int | None = None


class ErrorDetail(BaseModel):
    code: str
    message: str
    location: dict[str, Any] | None = Field(None, description="{file, line, col}（已知时）/ where known")


class ErrorBody(BaseModel):
    """Every error answer (DESIGN §9)."""

    error: ErrorDetail


BODIES: dict[str, type[BaseModel]] = {"CaseBody": CaseBody,
    "EvaluateRequest": EvaluateRequest, "BatchRequest": BatchRequest, "CompareRequest": CompareRequest,
    "LintRequest": LintRequest, "TimelineRequest": TimelineRequest, "ErrorBody": ErrorBody,
}
