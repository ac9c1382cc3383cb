"""Reading seed texts for fidelity checks: whitespace normalisation and the articles and items they hold."""

from __future__ import annotations

import re
from pathlib import Path

_CN = {c: i for i, c in enumerate("零一二三四五六七八九")}
ARTICLE = re.compile(r"^[#*\s]*第([一二三四五六七八九十百]+)条")
ITEM = re.compile(r"^[-\s]*[（(]([一二三四五六七八九十]+)[)）]")


def cn_number(s: str) -> int:
    if s == "十":
        return 10
    if "百" in s:
        h, rest = s.split("百", 1)
        return _CN[h] * 100 + (cn_number(rest.lstrip("零")) if rest else 0)
    if "十" in s:
        a, b = s.split("十")
        return (_CN[a] if a else 1) * 10 + (_CN[b] if b else 0)
    return _CN[s]


def squash(text: str) -> str:
    """Remove all whitespace (the seeds break lines inside sentences)."""
    return re.sub(r"\s+", "", text)


def articles_and_items(path: Path, start: str | None = None, stop: str | None = None) -> set[str]:
    """Clause ids for every article (第X条) and numbered item (（X）) at the start of a line."""
    text = path.read_text(encoding="utf-8")
    if start:
        text = text[text.index(start):]
    if stop and stop in text:
        text = text[:text.index(stop)]
    out: set[str] = set()
    article: int | None = None
    for line in text.splitlines():
        m = ARTICLE.match(line)
        if m:
            article = cn_number(m.group(1))
            out.add(f"art{article}")
            continue
        m = ITEM.match(line)
        if m and article is not None:
            out.add(f"art{article}.{cn_number(m.group(1))}")
    return out
