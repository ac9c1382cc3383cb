"""RL104 equivalent-items: two items with different text have equivalent conditions."""

from __future__ import annotations

from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ._common import item_path, location, pairs, same_text


def check(subject: Subject) -> Iterator[Finding]:
    for x, y, x_in_y, y_in_x in pairs(subject):
        if x_in_y and y_in_x and x.index > y.index and not same_text(x, y):  # once per pair; RL103 has duplicates
            yield Finding("RL104", location(subject, item_path(x, "when"), key=True), {"number": x.number, "other": y.number})


RULE = LintRule(
    id="RL104", name="equivalent-items", severity="warning", targets=("checklist",), needs_parent=True,
    title=("两项的条件等价", "Two items with equivalent conditions"),
    message=("第{number}项的条件与第{other}项的条件等价：事实词汇区分不了这两项",
             "item {number}'s condition is equivalent to item {other}'s: the vocabulary cannot tell them apart"),
    rationale=("文字不同的两项，可执行条件却完全等价（在所有符合事实约束的案件上同真同假）：要么编码漏掉了两项的"
               "区别，要么区别在事实词汇之外（如同一领域的两个子事项）。评估时这两项总是一起匹配。核对后确属后者的，"
               "可用行内注释忽略。兜底项不参与比较；文字相同的重复项由 RL103 报告。",
               "Two items with different words but equivalent conditions (true and false together in every case "
               "the vocabulary allows): either the encoding dropped the difference, or the difference lies outside "
               "the vocabulary (two sub-fields of one domain). Verdicts always match both. Where it is the latter, "
               "ignore the finding with an inline comment. The catch-all is not compared; identical texts are "
               "RL103."),
    check=check,
)
