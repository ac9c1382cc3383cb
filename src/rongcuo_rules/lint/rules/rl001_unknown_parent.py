"""RL001 unknown-parent: the checklist extends a pack that does not exist."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import checklist_of, location


def check(subject: Subject) -> Iterator[Finding]:
    cl = checklist_of(subject)
    if cl.parent is None and cl.parent_error is not None:
        p = cl.parent_error.params
        yield Finding("RL001", location(subject, ("extends",)),
                      {"name": cl.extends, "hint": p.get("hint", ""), "allowed": p.get("allowed", "")})


RULE = LintRule(
    id="RL001", name="unknown-parent", severity="error", targets=("checklist",),
    title=("上位政策包不存在", "Unknown parent pack"),
    message=("extends 指向的上位政策包“{name}”不存在{hint}；随附的政策包：{allowed}",
             "extends names a parent pack '{name}' that does not exist{hint}; shipped packs: {allowed}"),
    rationale=("“X”清单只能细化一个存在的上位办法（“1+X”中的“1”）。extends 写错时，清单的每一项都无从核对，"
               "其余依赖上位办法的检查也随之跳过。extends 可写随附政策包的名称，或相对清单文件的政策包路径。",
               "An X checklist can only refine a parent measure that exists (the '1' of '1+X'). When extends is "
               "wrong nothing in the checklist can be checked, and every rule that needs the parent is skipped. "
               "extends takes a shipped pack's name or a pack file's path relative to the checklist."),
    check=check,
)
