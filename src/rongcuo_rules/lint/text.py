"""Reading the Chinese text of items and clauses: vague quantifiers, excluded conduct, punctuation,
numbering and cross-references. Word lists are data (tables), kept apart from the rules that use them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# ── vague quantifiers ───────────────────────────────────────────────────────
#: degree words the measures use without defining them, longest first so 特别重大 wins over 重大
VAGUE_TERMS = ("特别重大", "重特大", "一定", "较小", "较大", "较重", "重大", "严重", "恶劣")
#: what they grade when they describe harm (a following noun); 重大项目, 严重失信 are not harm
HARM_NOUNS = ("负面影响", "失误", "偏差", "损失", "影响", "后果", "延误", "过失", "危害", "事故")
_VAGUE = re.compile("(" + "|".join(VAGUE_TERMS) + ")的?(" + "|".join(HARM_NOUNS) + ")")
_CLAUSE_END = re.compile(r"[，,；;。：:]")
#: which vocabulary scale a harm noun, within the same phrase, puts a ceiling on
SCALE_OF_NOUN = {"损失": ("impact.loss",), "负面影响": ("impact.social",), "影响": ("impact.social",),
                 "后果": ("impact.loss", "impact.social"), "事故": ("accident",), "危害": ("impact.social",)}


@dataclass(frozen=True)
class Quantified:
    term: str
    start: int  # offset in the text
    scales: tuple[str, ...]  # vocabulary facts the phrase puts a ceiling on (may be empty)


def vague_quantifiers(text: str) -> Iterator[Quantified]:
    """Each vague degree word describing harm, with the scales its phrase bounds: "一定失误、偏差或损失"
    bounds impact.loss (损失 is in the same phrase), "一定失误或偏差" bounds no scale."""
    for m in _VAGUE.finditer(text):
        end = _CLAUSE_END.search(text, m.start())
        phrase = text[m.start():end.start() if end else len(text)]
        scales: list[str] = []
        for noun, facts in SCALE_OF_NOUN.items():
            if noun in phrase:
                for f in facts:
                    if f not in scales:
                        scales.append(f)
        yield Quantified(m.group(1), m.start(), tuple(scales))


# ── conduct a parent excludes ───────────────────────────────────────────────
#: phrases naming an official's own misconduct, and the vocabulary fact each names (is true)
EXCLUDED_CONDUCT = {
    "谋取私利": "conduct.private_gain", "谋取不正当利益": "conduct.private_gain", "以权谋私": "conduct.private_gain",
    "利益输送": "conduct.private_gain", "明知故犯": "conduct.knowing_violation",
    "我行我素": "conduct.defied_superior_ban", "有令不行": "conduct.defied_superior_ban",
    "有禁不止": "conduct.defied_superior_ban", "政绩工程": "conduct.vanity_project",
    "形象工程": "conduct.vanity_project", "劳民伤财": "conduct.vanity_project",
    "恶意串通": "conduct.collusion", "贪污": "conduct.integrity_breach", "受贿": "conduct.integrity_breach",
    "失职渎职": "conduct.dereliction", "掩盖过失": "remediation.concealed", "隐瞒问题": "remediation.concealed",
    "拒不改错": "remediation.concealed",
}
_EXCLUDED = re.compile("|".join(sorted(EXCLUDED_CONDUCT, key=len, reverse=True)))
_NEGATORS = ("无", "没有", "未", "不", "非", "杜绝", "防止", "严禁", "禁止", "不得", "排除")
_SEGMENT_END = re.compile(r"[，,；;。：:（）()“”]")


@dataclass(frozen=True)
class Named:
    phrase: str
    start: int
    fact: str


def named_conduct(text: str) -> Iterator[Named]:
    """Phrases naming excluded conduct that the text does not negate. Negation reaches across a list
    joined by 、 or 和: in "无主观故意、利益输送等情况下" the 无 covers 利益输送."""
    for m in _EXCLUDED.finditer(text):
        seg_start = 0
        for p in _SEGMENT_END.finditer(text, 0, m.start()):
            seg_start = p.end()
        segment = text[seg_start:m.start()]
        if any(n in segment for n in _NEGATORS):
            continue
        yield Named(m.group(0), m.start(), EXCLUDED_CONDUCT[m.group(0)])


# ── punctuation ─────────────────────────────────────────────────────────────
#: half-width punctuation that has a full-width form in Chinese text (decimal points and the like are
#: not counted: a "." between digits is a number)
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
FULL = set(HALF_TO_FULL.values()) | {"、", "。", "“", "”"}


def half_width_marks(text: str) -> list[tuple[int, str]]:
    return [(i, ch) for i, ch in enumerate(text) if ch in HALF_TO_FULL]


def has_full_width(text: str) -> bool:
    return any(ch in FULL for ch in text)


# ── numbering markers ───────────────────────────────────────────────────────
MARKER_STYLES = (
    ("N．", re.compile(r"^([0-9]+)．$")),
    ("N.", re.compile(r"^([0-9]+)\.$")),
    ("N、", re.compile(r"^([0-9]+)、$")),
    ("（N）", re.compile(r"^（([0-9]+)）$")),
    ("(N)", re.compile(r"^\(([0-9]+)\)$")),
    ("（汉字）", re.compile(r"^（([一二三四五六七八九十]+)）$")),
    ("汉字、", re.compile(r"^([一二三四五六七八九十]+)、$")),
)


def marker_style(marker: str) -> tuple[str, int | None] | None:
    """The numbering style of a marker and the number it shows, or None when unrecognised."""
    for name, pattern in MARKER_STYLES:
        m = pattern.match(marker.strip())
        if m:
            raw = m.group(1)
            return name, int(raw) if raw.isdigit() else chinese_to_int(raw)
    return None


_CN = "零一二三四五六七八九"


def chinese_to_int(s: str) -> int | None:
    """一 … 九十九 (the numerals article, chapter and item numbers use)."""
    if not s or any(ch not in _CN + "十" for ch in s):
        return None
    if "十" not in s:
        return _CN.index(s) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    t = 1 if tens == "" else _CN.index(tens) if len(tens) == 1 else None
    o = 0 if ones == "" else _CN.index(ones) if len(ones) == 1 else None
    return None if t is None or o is None else t * 10 + o


# ── cross-references ────────────────────────────────────────────────────────
_NUM = "[一二三四五六七八九十零百]+"
_REF = re.compile(
    r"(?P<doc>《(?P<title>[^》]+)》|本(?:实施)?(?:办法|细则|规定|意见|清单))?"
    r"(?:第(?P<chapter>" + _NUM + r")章(?:“(?P<quoted>[^”]+)”)?)?"
    r"(?:第(?P<article>" + _NUM + r")条(?:第（(?P<item>" + _NUM + r")）项)?)?")


@dataclass(frozen=True)
class Reference:
    start: int
    end: int
    text: str
    doc: str | None  # the 《…》 title or 本办法-style word before the reference, if any
    chapter: int | None
    chapter_title: str | None  # as the reference names it (quoted, or the words that follow)
    article: int | None
    item: int | None


def references(text: str, chapter_titles: list[str]) -> Iterator[Reference]:
    """References to chapters (第三章“条件”, 第二章条件), articles (第七条) and items (第三条第（五）项).
    An unquoted chapter title is recognised when the words after 第N章 are some chapter's title."""
    for m in _REF.finditer(text):
        if not (m.group("chapter") or m.group("article")):
            continue
        chapter = chinese_to_int(m.group("chapter")) if m.group("chapter") else None
        title = m.group("quoted")
        end = m.end()
        if chapter is not None and title is None and not m.group("article"):
            after = text[m.end("chapter") + 1:]
            for t in sorted(chapter_titles, key=len, reverse=True):
                if t and after.startswith(t):
                    title = t
                    end = m.end("chapter") + 1 + len(t)
                    break
        yield Reference(m.start(), end, text[m.start():end], m.group("title") or m.group("doc"), chapter, title,
                        chinese_to_int(m.group("article")) if m.group("article") else None,
                        chinese_to_int(m.group("item")) if m.group("item") else None)


CATCH_ALL = re.compile(r"^其[它他].{0,16}(?:容错|免责|容错免责).{0,8}情形")
