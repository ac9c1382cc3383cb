"""RL401 cross-reference: a reference to a chapter, article or item does not resolve to what it names."""

from __future__ import annotations

from collections.abc import Iterator

from ...labels import chinese_number
from ...pack import Pack
from ..core import Finding, LintRule, Subject
from ..text import Reference, references
from ._common import item_path, location


def _own(ref: Reference, pack: Pack) -> bool:
    """Whether the reference is to the measure itself (bare, 本办法, or 《…》 naming it)."""
    if ref.doc is None or ref.doc.startswith("本"):
        return True
    return ref.doc in pack.title.zh


def _problems(ref: Reference, pack: Pack) -> Iterator[tuple[str, str]]:
    chapters = {c.number: c for c in pack.chapters}
    if ref.chapter is not None and pack.chapters:
        ch = chapters.get(ref.chapter)
        if ch is None:
            yield (f"本办法没有第{chinese_number(ref.chapter)}章（共{len(chapters)}章）",
                   f"the measure has no chapter {ref.chapter} (it has {len(chapters)})")
        elif ref.chapter_title and ref.chapter_title not in ch.title:
            other = next((c for c in pack.chapters if ref.chapter_title in c.title), None)
            where_zh = f"；“{ref.chapter_title}”是第{chinese_number(other.number)}章" if other else ""
            where_en = f"; '{ref.chapter_title}' is chapter {other.number}" if other else ""
            yield (f"第{chinese_number(ref.chapter)}章是“{ch.title}”{where_zh}",
                   f"chapter {ref.chapter} is '{ch.title}'{where_en}")
    if ref.article is not None:
        art = f"art{ref.article}"
        if art not in pack.clauses:
            yield (f"本办法没有第{chinese_number(ref.article)}条", f"the measure has no article {ref.article}")
        elif ref.item is not None and f"{art}.{ref.item}" not in pack.clauses:
            yield (f"第{chinese_number(ref.article)}条没有第（{chinese_number(ref.item)}）项",
                   f"article {ref.article} has no item ({ref.item})")


def check(subject: Subject) -> Iterator[Finding]:
    if subject.kind == "pack":
        pack = subject.pack
        assert pack is not None
        texts = [(("clauses", cid, "text"), c.text) for cid, c in pack.clauses.items()]
    else:
        cl = subject.checklist
        assert cl is not None
        if cl.parent is None:
            return
        pack = cl.parent
        texts = [(item_path(i, "text"), i.text) for i in cl.items]
    titles = [c.title for c in pack.chapters]
    for path, text in texts:
        for ref in references(text, titles):
            if not _own(ref, pack):
                continue
            for zh, en in _problems(ref, pack):
                yield Finding("RL401", location(subject, path, needle=ref.text),
                              {"ref": ref.text, "problem_zh": zh, "problem_en": en})


RULE = LintRule(
    id="RL401", name="cross-reference", severity="error", targets=("checklist", "pack"),
    title=("交叉引用指向错误", "Cross-reference does not resolve"),
    message=("引用“{ref}”有误：{problem}", "reference '{ref}' is wrong: {problem}"),
    rationale=("办法正文、印发通知和清单常写“依据第三章‘条件’”“符合本办法第七条规定”。章、条、项编号在修改中移动后，"
               "引用很容易指错：济南细则的印发通知要求依据第三章“条件”、参考第四章“情形”，而正文中条件是第二章、"
               "情形是第三章。本规则解析对本办法自身的引用（不带书名号，或以“本办法”、本办法的简称开头），"
               "核对所引的章（及章名）、条、项是否存在、是否名实相符；对其他文件的引用不检查。",
               "Measures, their notices and checklists cite 'chapter 3 \"conditions\"' or 'article 7 of these "
               "measures'. When chapters and articles move during drafting such references go stale: the Jinan "
               "notice says to judge by chapter 3 'conditions' and consult chapter 4 'scenarios', while in the body "
               "conditions are chapter 2 and scenarios chapter 3. The rule parses references to the measure itself "
               "(bare, or introduced by 本办法 or the measure's short title) and checks that the chapter (and its "
               "title), article and item exist and are what the text says; references to other documents are not "
               "checked."),
    check=check,
)
