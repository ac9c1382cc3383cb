"""Clause labels generated from clause ids (DESIGN.md §3), in Chinese and English.

``art9`` 第九条 / Article 9; ``art9.7`` 第九条第（七）项 / Article 9(7); ``art12.p2`` 第十二条第二款 /
Article 12, paragraph 2; ``art12.p2.3`` 第十二条第二款第（三）项; ``annex4.8`` 附件4第8项 / Annex 4, item 8;
``item3`` 清单第3项 / checklist item 3 (an X checklist without an annex number);
``notice`` 印发通知 / the issuing notice; ``notice.p3`` 印发通知第3段 / notice, paragraph 3.
"""

from __future__ import annotations

import re

CLAUSE_ID = re.compile(r"^(?:art[1-9][0-9]*(?:\.p[1-9][0-9]*)?(?:\.[1-9][0-9]*)?"
                       r"|annex[1-9][0-9]*(?:\.[1-9][0-9]*)?"
                       r"|notice(?:\.p[1-9][0-9]*)?"
                       r"|form[1-9][0-9]*"
                r"|item[1-9][0-9]*)$")

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–999 in Chinese numerals as used in article numbers (十一, 二十, 一百零一)."""
    if not 0 < n < 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def _parts(clause_id: str) -> tuple[str, int | None, int | None, int | None]:
    m = re.match(r"^(art|annex|notice|form|item)([0-9]*)(?:\.p([0-9]+))?(?:\.([0-9]+))?$", clause_id)
    if not m:
        raise ValueError(clause_id)
    kind, num, para, item = m.groups()
    return kind, int(num) if num else None, int(para) if para else None, int(item) if item else None


def clause_label(clause_id: str, lang: str = "zh") -> str:
    kind, num, para, item = _parts(clause_id)
    if lang == "en":
        if kind == "art":
            base = f"Article {num}"
            if para:
                base += f", paragraph {para}"
            return f"{base}({item})" if item and not para else (f"{base}, item ({item})" if item else base)
        if kind == "annex":
            return f"Annex {num}, item {item}" if item else f"Annex {num}"
        if kind == "form":
            return f"Form {num}"
        if kind == "item":
            return f"checklist item {num}"
        return f"Notice, paragraph {para}" if para else "Issuing notice"
    if kind == "art":
        base = f"第{chinese_number(num)}条"  # type: ignore[arg-type]
        if para:
            base += f"第{chinese_number(para)}款"
        if item:
            base += f"第（{chinese_number(item)}）项"
        return base
    if kind == "annex":
        return f"附件{num}第{item}项" if item else f"附件{num}"
    if kind == "form":
        return f"附表{num}"
    if kind == "item":
        return f"清单第{num}项"
    return f"印发通知第{para}段" if para else "印发通知"


def sort_key(clause_id: str) -> tuple[int, int, int, int]:
    """Document order: notice, articles, annexes, forms."""
    kind, num, para, item = _parts(clause_id)
    rank = {"notice": 0, "art": 1, "annex": 2, "form": 3, "item": 4}[kind]
    return rank, num or 0, para or 0, item or 0
