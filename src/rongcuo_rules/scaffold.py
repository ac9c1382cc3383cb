"""``rongcuo pack scaffold``: a measure's text split into clauses with DESIGN §3 ids, and a pack skeleton.

A drafter (or an analyst adding a sixth city) starts from the measure as published — a .txt, .md or .docx — and
gets every clause's id and verbatim text, the chapters, and a skeleton whose sections are placed by the
chapters' titles and the clauses' wording, each placement marked for review. The splitting is measured against
the five shipped packs (tests/test_scaffold.py; README): it proposes what the packs' authors chose.

How the text is read:
- line breaks inside a sentence (extraction noise) are joined: a paragraph that does not end a sentence or a
  clause continues into the next unless that one starts a new article, item or chapter;
- before the first article: the notice that issues the measure (its addressee line and its sentences become
  ``notice.pN``), the title, signatures and dates (skipped);
- 第X章 starts a chapter; 第X条 an article ``artX``; （X） or (X) an item ``artX.X``; another paragraph of an
  article its paragraph ``artX.pK`` (K counts the article's paragraphs, the first being the article's own text);
- after the articles: 附件： (the annex list) → ``annex_list``; 附件N headings start annex N, whose numbered
  items (N．, N.) are ``annexN.M``; the annex's title line is ``formN`` when the annex is a form (表); a last
  sentence outside the articles (…自…施行) is ``closing``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Location
from .lint.text import chinese_to_int
from .pack import normalise_text

_NUM = "[一二三四五六七八九十百零]+"
_CHAPTER = re.compile(r"^第(" + _NUM + r")章\s*(.*)$")
_ARTICLE = re.compile(r"^第(" + _NUM + r")条(?:之(" + _NUM + r"))?\s*(.*)$")
# an item: （一） (一) — and 1． 1. 1、 （1） (1) 一、 as the numbering styles drafters use (not 2.5倍: a digit follows)
_ITEM = re.compile(r"^(?:[（(](" + _NUM + r"|[0-9]+)[）)]|([0-9]+)[．.、](?![0-9])|(" + _NUM + r")、)\s*(.*)$")
_ANNEX_HEAD = re.compile(r"^附件\s*([0-9]+)\s*$")
_ANNEX_LIST = re.compile(r"^[-*\s]*附件[：:]")
_ANNEX_ITEM = re.compile(r"^([0-9]+)\s*[．.、]\s*(.*)$")
_ENDS = tuple("。；;：:！？!?”）)")
_MARKDOWN = re.compile(r"^[#>*\s-]+|\*\*")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$|^\d{1,2}\.\d{1,2}\.\d{4}")


@dataclass
class Scaffold:
    clauses: dict[str, str] = field(default_factory=dict)  # id → verbatim text (whitespace normalised)
    chapters: list[dict[str, Any]] = field(default_factory=list)  # number, title, first, last
    title: str = ""
    order: list[str] = field(default_factory=list)
    #: what the reading did that a reviewer must see: lines joined, lines not taken as clauses
    notes: list[str] = field(default_factory=list)


def number(text: str) -> int | None:
    """一 … 九百九十九 (and Arabic digits): an article, chapter or item number."""
    if text.isdigit():
        return int(text)
    if "百" in text:
        hundreds, _, rest = text.partition("百")
        h = chinese_to_int(hundreds)
        r = 0 if not rest else chinese_to_int(rest.lstrip("零") if rest.lstrip("零") else "零")
        if rest and rest.startswith("零") and len(rest) > 1:
            r = chinese_to_int(rest[1:])
        return None if h is None or r is None else h * 100 + r
    return chinese_to_int(text)


def _item(line: str) -> tuple[int, str] | None:
    m = _ITEM.match(line)
    if not m:
        return None
    raw = m.group(1) or m.group(2) or m.group(3)
    n = number(raw)
    return None if n is None else (n, m.group(4))


def read_paragraphs(path: str | Path) -> list[str]:
    """The document's paragraphs: a .txt/.md file's lines, a .docx file's paragraphs (python-docx). A .doc, a
    PDF or an image gets a clear error saying what to do."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".doc", ".wps"):
        raise InputError("draft.old_word", Location(str(p)))
    if suffix in (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"):
        raise InputError("draft.not_text", Location(str(p)))
    if suffix == ".docx":
        if not p.is_file():
            raise InputError("file.not_found", Location(str(p)))
        try:
            from docx import Document as Docx

            doc = Docx(str(p))
            auto = [i for i, para in enumerate(doc.paragraphs, 1) if _numbered(para)]
            if auto:  # Word's automatic numbering is not in the text: the items would lose their numbers
                raise InputError("draft.auto_numbering", Location(str(p), auto[0]), count=len(auto))
            if doc.tables:
                raise InputError("draft.tables", Location(str(p)), count=len(doc.tables))
            return [para.text for para in doc.paragraphs]
        except InputError:
            raise
        except (OSError, ValueError, KeyError) as exc:
            raise InputError("draft.bad_docx", Location(str(p)), reason=str(exc)) from None
        except Exception as exc:  # python-docx raises its own PackageNotFoundError for a file that is no DOCX
            raise InputError("draft.bad_docx", Location(str(p)), reason=type(exc).__name__) from None
    from .yamlio import _read_text

    return _read_text(p).splitlines()


def _numbered(paragraph: Any) -> bool:
    """Whether Word numbers this paragraph itself (w:numPr on it or its style): the number is not in its text."""
    from docx.oxml.ns import qn

    ppr = paragraph._p.pPr
    if ppr is not None and ppr.find(qn("w:numPr")) is not None:
        return True
    style = paragraph.style
    while style is not None:
        spr = style.element.pPr
        if spr is not None and spr.find(qn("w:numPr")) is not None:
            return True
        style = style.base_style
    return False


def _joined(lines: list[str], notes: list[str] | None = None, join: bool = True) -> list[str]:
    """Paragraphs with the extraction's line breaks inside sentences joined. Before the first article (the
    notice, the title, signatures) only a notice sentence cut in two is joined: a title or signature is whole."""
    out: list[str] = []
    in_body = False
    for raw in lines:
        line = _MARKDOWN.sub("", raw.strip()).strip()
        if not line:
            continue
        in_body = in_body or bool(_CHAPTER.match(line) or _ARTICLE.match(line))
        if not in_body:  # the notice: only a sentence cut by a line break continues (a title has no 。)
            if out and "。" in out[-1] and not out[-1].endswith(_ENDS):
                out[-1] = out[-1] + line
            else:
                out.append(line)
            continue
        if out and _ANNEX_LIST.match(out[-1]) and _ANNEX_ITEM.match(line):
            out[-1] = out[-1] + line  # the annex list's further entries (2. …) belong to it
            continue
        starts = bool(_CHAPTER.match(line) or _ARTICLE.match(line) or _item(line) or _ANNEX_HEAD.match(line)
                      or _ANNEX_LIST.match(line))
        if join and out and not starts and not out[-1].endswith(_ENDS) and not _CHAPTER.match(out[-1]) \
                and not _ANNEX_HEAD.match(out[-1]) and _continues(out[-1]):
            if notes is not None:
                notes.append(f"joined: “{out[-1][-10:]}” + “{line[:10]}”")
            out[-1] = out[-1] + line
        else:
            out.append(line)
    return out


def _continues(previous: str) -> bool:
    # a short heading-like line (the measure's title, a signature) is not a sentence cut in two
    return len(previous) > 20


def scaffold(paragraphs: list[str], *, join: bool = True, source: str | None = None) -> Scaffold:
    """``join``: join lines cut inside a sentence (text extracted from a web page or PDF); off for a Word
    document, whose paragraphs are the author's. Every join and every line not taken as a clause is noted."""
    out = Scaffold()
    paras = _joined(paragraphs, out.notes, join)
    first = next((i for i, t in enumerate(paras) if _CHAPTER.match(t) or _ARTICLE.match(t)), None)
    if first is None:
        raise InputError("draft.no_articles", Location(source))

    def put(cid: str, text: str) -> None:
        if cid in out.clauses:  # two articles (or items) with one number: never overwrite one with the other
            raise InputError("draft.duplicate_clause", Location(source), id=cid, text=text[:20])
        out.clauses[cid] = normalise_text(text)
    # the notice and the title, before the measure itself
    notice = 0
    for t in paras[:first]:
        if _DATE_LINE.match(t):
            continue
        if t.endswith(("：", ":")) or "。" in t:
            notice += 1
            put(f"notice.p{notice}", t)
        elif len(t) > 4:  # the measure's title is the last heading before its first chapter or article
            out.title = normalise_text(t)
    article: int | None = None
    paragraph = 0
    annex: int | None = None
    chapter: dict[str, Any] | None = None
    for t in paras[first:]:
        if m := _CHAPTER.match(t):
            chapter = {"number": number(m.group(1)), "title": normalise_text(m.group(2)), "first": None,
                       "last": None}
            out.chapters.append(chapter)
            continue
        if m := _ARTICLE.match(t):
            n, sub = number(m.group(1)), m.group(2)
            if n is None or (sub and number(sub) is None):
                raise InputError("draft.bad_number", Location(source), text=t[:20])
            article = f"{n}_{number(sub)}" if sub else str(n)  # 第十一条之一 → art11_1
            paragraph, annex = 1, None
            cid = f"art{article}"
            put(cid, m.group(3))
            if chapter is not None:
                chapter["first"] = chapter["first"] or cid
                chapter["last"] = cid
            continue
        if _ANNEX_LIST.match(t):
            if annex is None and "annex_list" not in out.clauses and not _names_itself(t, out.title):
                put("annex_list", t)
            else:
                out.notes.append(f"not a clause: “{t[:30]}”")
            article = None
            continue
        if m := _ANNEX_HEAD.match(t):
            annex, article = int(m.group(1)), None
            continue
        if annex is not None:
            if f"form{annex}" in out.clauses:
                continue  # a form: its cells and notes are the form's, not numbered items (documents/ has them)
            if item := _item(t):
                put(f"annex{annex}.{item[0]}", item[1])
            elif f"annex{annex}.1" not in out.clauses and "表" in t and len(t) < 30:
                put(f"form{annex}", t)
            elif f"annex{annex}.1" in out.clauses or not t.endswith("清单"):
                out.notes.append(f"not a clause (附件{annex}): “{t[:30]}”")
            continue
        if article is not None and (item := _item(t)):
            put(f"art{article}.{item[0]}", item[1])
            continue
        if article is not None and not _closing(t):
            paragraph += 1
            put(f"art{article}.p{paragraph}", t)
            continue
        if _closing(t):
            put("closing", t)
        else:
            out.notes.append(f"not a clause: “{t[:30]}”")
    out.order = list(out.clauses)
    return out


def _names_itself(text: str, title: str) -> bool:
    """An 附件 line naming only the measure itself — the footer of a page that republished it, not an annex."""
    named = re.findall(r"《([^》]+)》", text)
    return bool(named) and not re.search(r"[0-9][．.、]", text) and all(
        normalise_text(n) in (title, title.replace("(", "（").replace(")", "）")) or len(named) == 1 for n in named)


def _closing(text: str) -> bool:
    return bool(re.search(r"自.{0,8}(印发|发布)?之日起(施行|执行|实施)", text)) and len(text) < 40


# ── the skeleton ─────────────────────────────────────────────────────────────

#: where a clause is placed: by the words of its article's own first paragraph (the head of its list), then by
#: its chapter's title; 总则 and 附则 place nothing but a scope article
_BY_HEAD = ((re.compile(r"(不予|不得|不能|不应)(容错|免责)|不适用"), "exclusions"), (re.compile(r"条件"), "conditions"),
            (re.compile(r"情形"), "scenarios"), (re.compile(r"适用于|适用范围|参照(本办法|执行)"), "scope"),
            (re.compile(r"免责|减责|减轻|从轻"), "outcomes"))
_BY_CHAPTER = (("不予", "exclusions"), ("情形", "scenarios"), ("条件", "conditions"), ("运用", "outcomes"),
               ("结果", "outcomes"), ("程序", "procedure"), ("范围", "scope"))


def place(s: Scaffold, cid: str) -> str | None:
    """The pack section a clause probably belongs to (for review), or None (not operative, most likely)."""
    if not cid.startswith("art"):
        return None
    article = cid.split(".")[0]
    title = next((c["title"] for c in s.chapters if c["first"] and _between(article, c["first"], c["last"])), "")
    head = s.clauses.get(article, "")
    general = any(w in title for w in ("总则", "附则"))
    for pattern, section in _BY_HEAD:
        if pattern.search(head) and (not general or section == "scope"):
            return section
    if general:
        return None
    for word, section in _BY_CHAPTER:
        if word in title:
            return section
    return None


def _between(article: str, first: str, last: str | None) -> bool:
    def n(cid: str | None) -> float:
        head = (cid or "")[3:].split("_")
        return int(head[0]) + (0.5 if len(head) > 1 else 0) if head[0].isdigit() else -1

    return n(first) <= n(article) <= n(last or first)


def skeleton_yaml(s: Scaffold, name: str, seed: str) -> str:
    """The pack skeleton as YAML text: every clause (id and verbatim text), the chapters, and each clause's
    probable place as a comment to review. It is a draft to edit — its rules have no conditions yet."""
    import json

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    lines = [f"# 由 rongcuo pack scaffold 生成的草稿，须逐条审阅 / a draft from rongcuo pack scaffold: review every line",
             f"pack: {name}", "version: TODO  # 印发日期 / issue date", f"title: {{zh: {q(s.title or 'TODO')}, en: TODO}}",
             "issuer: {zh: TODO, en: TODO}", "issued: TODO", f"seed: {q(seed)}", "clauses:"]
    for note in s.notes:
        lines.insert(1, f"# 读取说明 / reading note: {note}")
    for cid in s.order:
        section = place(s, cid)
        note = f"  # 待审：可能属于 {section} / review: probably {section}" if section else \
            "  # 待审：可能不决定结论（operative: false）/ review: probably not operative"
        lines.append(f"  {cid}:{note}")
        lines.append(f"    text: {q(s.clauses[cid])}")
    if s.chapters:
        lines.append("chapters:")
        for c in s.chapters:
            lines.append(f"  - {{number: {c['number']}, title: {q(c['title'])}, first: {c['first']}, last: {c['last']}}}")
    for section in ("scope", "conditions", "scenarios", "exclusions", "outcomes"):
        placed_here = [cid for cid in s.order if place(s, cid) == section]
        lines.append(f"{section}: []  # 待写：{', '.join(placed_here) or '—'} / to write from these clauses")
    lines.append("scenario_lists: []  # 待写 / to write")
    return "\n".join(lines) + "\n"
