"""RL304 numbering-style: item markers mix styles (1． 1. （一）…) or disagree with the item number."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..core import Finding, LintRule, Subject
from ..text import marker_style
from ._common import checklist_of, item_path, location


def check(subject: Subject) -> Iterator[Finding]:
    items = [i for i in checklist_of(subject).items if i.marker is not None]
    styles = {i.index: marker_style(i.marker or "") for i in items}
    counts = Counter(s[0] for s in styles.values() if s is not None)
    main = counts.most_common(1)[0][0] if counts else None
    for item in items:
        style = styles[item.index]
        loc = location(subject, item_path(item, "marker"))
        if style is None:
            yield Finding("RL304", loc, {"number": item.number, "marker": item.marker,
                                         "problem_zh": "不是可识别的编号写法", "problem_en": "is not a numbering style"})
        elif style[1] != item.number:
            yield Finding("RL304", loc, {"number": item.number, "marker": item.marker,
                                         "problem_zh": f"显示的是 {style[1]}，与 number 不符",
                                         "problem_en": f"shows {style[1]}, not the item's number"})
        elif main is not None and style[0] != main:
            yield Finding("RL304", loc, {"number": item.number, "marker": item.marker,
                                         "problem_zh": f"与其余条目的编号写法“{main}”不一致",
                                         "problem_en": f"differs from the other items' style '{main}'"})


RULE = LintRule(
    id="RL304", name="numbering-style", severity="warning", targets=("checklist",),
    title=("编号写法不一致", "Inconsistent numbering style"),
    message=("第{number}项的编号“{marker}”{problem}", "item {number}'s marker '{marker}' {problem}"),
    rationale=("同一清单的条目应使用同一种编号写法（如全部“1．”，或全部“（一）”），且编号与 number 一致。"
               "写法混杂多是拼接多份草稿留下的痕迹，也让人怀疑条目是否属于同一层级。",
               "All items of one checklist should be numbered one way (all '1．', or all '（一）') and the marker "
               "should show the item's number. Mixed styles are usually left over from merging drafts, and make "
               "readers wonder whether the items are of one level."),
    check=check,
)
