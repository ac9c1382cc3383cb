"""Labels for outcomes, reason kinds and report headings, in Chinese and English (tables only)."""

from __future__ import annotations

OUTCOME_LABELS = {
    "exempt": ("免责", "exempt"),
    "reduce": ("减轻（减责）", "reduce"),
    "lighten": ("从轻", "lighten"),
    "deny": ("不予容错", "deny"),
    "undetermined": ("尚不能认定", "undetermined"),
}

KIND_LABELS = {
    "scope": ("适用范围", "scope"),
    "condition": ("条件", "condition"),
    "scenario": ("情形", "scenario"),
    "exclusion": ("不予容错情形", "exclusion"),
    "outcome": ("结果", "outcome"),
}

HEADINGS = {
    "case": ("案件", "Case"),
    "outcome": ("结论", "Outcome"),
    "permitted": ("文本允许的范围", "Permitted range"),
    "in_scope": ("适用范围内", "In scope"),
    "citations": ("所依据的条款", "Clauses relied on"),
    "reasons": ("理由", "Reasons"),
    "missing": ("待查明的事实（查明后方可认定）", "Facts still to establish (they decide the outcome)"),
    "consequences": ("结果运用", "Consequences"),
    "interpretations": ("本结论采用的解读", "Interpretations this verdict relies on"),
    "readings": ("本结论所依据的词表解读", "Glossary readings this verdict relies on"),
    "departs": ("本包另有读法", "this pack departs"),
    "implied": ("由事实间约束推出的事实", "Facts entailed by the vocabulary's constraints"),
    "facts": ("依据事实", "facts"),
    "holds": ("成立", "holds"),
    "fails": ("不成立", "fails"),
    "undecided": ("未定", "undecided"),
    "no_match": ("所列情形均不符合", "none of the listed scenarios matches"),
    "no_exclusion": ("未触及所列不予容错情形", "none of the listed exclusions applies"),
    "none": ("无", "none"),
    "summary": ("各政策包结论对照", "Outcome under each pack"),
    "agreement": ("结论一致的比例", "Agreement"),
    "assume": ("假定", "Assuming"),
    "difference_groups": ("差异组数", "Groups of differences"),
    "showing": ("显示前", "showing the first"),
    "not_itemised": ("未逐一列出的差异比例", "Share of differences not itemised"),
    "witness": ("见证案件", "Witness case"),
    "counterexample": ("反例", "Counterexample"),
    "basis": ("决定性依据", "Deciding clauses"),
    "to_establish": ("待查事实", "To establish"),
    "out_of_scope": ("不在适用范围", "out of scope"),
    "pack": ("政策包", "Pack"),
    "issuer": ("发文机关", "Issuer"),
    "issued": ("印发日期", "Issued"),
    "counts": ("条件/情形/排除", "conditions/scenarios/exclusions"),
    "title": ("名称", "Title"),
}

CHECKLIST_WORDING = {
    "not_executable": ("本项未作可执行编码（事实词汇无法表达），只供引用",
                       "not encoded as a condition (the vocabulary cannot express it); quoted only"),
    "catch_all_reading": ("《{title}》与上位办法配套制定、细化容错情形：所列情形未为上位办法列举情形涵盖的，"
                          "读作上位办法兜底项“其他经认定可以容错的情形”已由制定机关事先认定",
                          "'{title}' is issued under the parent measure to detail its scenarios: an item the "
                          "parent's enumerated scenarios do not cover is read as recognised in advance under the "
                          "parent's catch-all ('other situations recognised as tolerable')"),
    "refines": ("细化", "refines"),
    "beside": ("清单条目", "checklist item"),
    "checklists": ("适用的“X”清单", "X checklists applied"),
}


def pick(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    zh, en = table[key]
    return en if lang == "en" else zh


def outcome_label(outcome: str, lang: str) -> str:
    return pick(OUTCOME_LABELS, outcome, lang)
