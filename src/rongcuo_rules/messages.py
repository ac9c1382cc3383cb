"""Every message the library shows, in Chinese (default) and English. Logic never holds wording.

``message(code, lang, **params)`` formats one entry. A ``hint`` parameter, when not empty, adds a
did-you-mean; a pair ``x_zh`` / ``x_en`` (e.g. ``detail_zh`` / ``detail_en``) supplies ``{x}`` in the chosen
language.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # files and syntax
    "file.not_found": ("文件不存在", "file not found"),
    "file.unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "file.is_directory": ("这是一个目录，不是文件", "this is a directory, not a file"),
    "file.too_large": ("文件超过 {limit} 字节上限", "the file is larger than the limit of {limit} bytes"),
    "file.encoding": ("文件不是 UTF-8 编码（{reason}）", "the file is not UTF-8 ({reason})"),
    "file.empty": ("文件为空，应为一个映射（mapping）", "the file is empty; expected a mapping"),
    "yaml.syntax": ("YAML 语法错误：{problem}", "YAML syntax error: {problem}"),
    "json.syntax": ("JSON 语法错误：{problem}", "JSON syntax error: {problem}"),
    "yaml.duplicate_key": ("重复的键“{key}”（首次出现于 {first}）", "duplicate key '{key}' (first at {first})"),
    "yaml.tag": ("不允许的标签 {tag}：只接受普通的映射、列表、字符串、数字、布尔值、null 和日期",
                 "tag {tag} is not allowed: only plain mappings, lists, strings, numbers, booleans, null "
                 "and dates are accepted"),
    "yaml.merge": ("不支持合并键 <<", "merge keys (<<) are not supported"),
    "yaml.complex_key": ("映射的键必须是标量", "a mapping key must be a scalar"),
    "yaml.too_large": ("展开后超过 {limit} 个节点（别名炸弹？）",
                       "the document expands to more than {limit} nodes (an alias bomb?)"),
    "yaml.bad_scalar": ("“{value}”不是有效的值（{reason}）", "'{value}' is not a valid value ({reason})"),
    "yaml.non_finite": ("不允许非有限数值 {value}", "non-finite number {value} is not allowed"),
    # schema (packs, vocabulary)
    "schema.unknown_key": ("{where}：未知的键“{key}”{hint}；可用的键：{allowed}",
                           "{where}: unknown key '{key}'{hint}; allowed: {allowed}"),
    "schema.missing": ("{where}：缺少必需的键“{key}”", "{where}: required key '{key}' is missing"),
    "schema.invalid": ("{where}：{problem}", "{where}: {problem}"),
    # facts and values
    "fact.unknown": ("未知的事实“{fact}”{hint}", "unknown fact '{fact}'{hint}"),
    "fact.twice": ("事实“{fact}”被给出两次（扁平与嵌套写法各一次）",
                   "fact '{fact}' is given twice (once flat, once nested)"),
    "value.not_bool": ("事实“{fact}”应为 true 或 false，实为 {value}",
                       "fact '{fact}' takes true or false, not {value}"),
    "value.not_allowed": ("事实“{fact}”的值 {value} 不在允许范围{hint}；允许：{allowed}",
                          "fact '{fact}' cannot be {value}{hint}; allowed: {allowed}"),
    "value.not_scalar": ("事实“{fact}”应为单个值；允许：{allowed}",
                         "fact '{fact}' takes a single value; allowed: {allowed}"),
    "value.null_closed": ("事实“{fact}”是封闭事实，不可为 null（缺省即为 {default}）",
                          "fact '{fact}' is closed and cannot be null (absent means {default})"),
    "value.unknown": ("未知", "unknown"),
    "value.true": ("是", "yes"),
    "value.false": ("否", "no"),
    # cases
    "case.not_mapping": ("案件文件应为映射，实为 {got}", "a case file must be a mapping, not a {got}"),
    "case.unknown_key": ("案件文件中未知的键“{key}”{hint}；可用的键：{allowed}",
                         "unknown key '{key}' in the case file{hint}; allowed: {allowed}"),
    "case.no_facts": ("案件文件缺少 facts", "the case file has no 'facts'"),
    "case.bad_id": ("id 应为字符串，实为 {got}", "'id' must be a string, not a {got}"),
    "case.facts_not_mapping": ("facts 应为映射，实为 {got}", "'facts' must be a mapping, not a {got}"),
    "case.events_not_mapping": ("events 应为映射，实为 {got}", "'events' must be a mapping, not a {got}"),
    "case.constraint_entailed": ("这些事实不可能同时成立：由约束推出 {via}，而{detail}",
                                 "these facts cannot all hold: the constraints entail {via}, but {detail}"),
    "case.constraint": ("事实相互矛盾（{id}）：{detail}", "the facts contradict each other ({id}): {detail}"),
    # expressions
    "expr.not_mapping": ("条件表达式应为映射或 true/false，实为 {got}",
                         "a condition must be a mapping or true/false, not a {got}"),
    "expr.unknown_form": ("条件表达式中未知的键“{key_}”{hint}；应为：{allowed}",
                          "unknown key '{key_}' in a condition{hint}; expected one of: {allowed}"),
    "expr.several_forms": ("一个条件表达式只能有一种形式，却同时有：{forms}",
                           "a condition has one form, but this one has: {forms}"),
    "expr.extra_key": ("“{form}”表达式中多余的键“{key_}”", "extra key '{key_}' in a '{form}' condition"),
    "expr.empty_list": ("“{form}”需要非空列表", "'{form}' needs a non-empty list"),
    "expr.unknown_ref": ("未定义的定义“{name}”{hint}；已定义：{allowed}",
                         "undefined definition '{name}'{hint}; defined: {allowed}"),
    "expr.ref_not_here": ("此处不能引用定义（{{ref: {name}}}）：本地解读、covered_by 和词表只能直接写出事实条件",
                          "a definition cannot be used here ({{ref: {name}}}): local readings, covered_by and the "
                          "glossary state their conditions over facts directly"),
    "expr.reading_not_name": ("reading 须为词表中短语的名称（字符串），实为 {got}",
                              "reading must name a glossary phrase (a string), not a {got}"),
    "expr.unknown_reading": ("词表中没有解读“{name}”{hint}；可用：{allowed}",
                             "the glossary has no reading '{name}'{hint}; readings: {allowed}"),
    "glossary.bad": ("解读词表有误：{detail}", "the glossary of readings is malformed: {detail}"),
    "pack.reading_unknown": ("本地解读“{name}”不是词表中的可用解读{hint}（只有 when 形式的解读可被偏离）",
                             "local reading '{name}' is not a glossary reading{hint} (only readings with a when "
                             "can be departed from)"),
    "pack.reading_twice": ("本地解读“{name}”重复", "local reading '{name}' is given twice"),
    "pack.set_aside_unknown": ("set_aside 中的“{name}”不是词表中的短语{hint}",
                               "'{name}' in set_aside is not a glossary phrase{hint}"),
    "pack.cover_on_operative": ("条款“{id}”是操作性条款；covered_by 只用于说明非操作性条款由何处规定",
                                "clause '{id}' is operative; covered_by only says where a non-operative clause's "
                                "content is decided"),
    "expr.unknown_operator": ("未知的比较符“{op}”{hint}；可用：{allowed}",
                              "unknown comparison '{op}'{hint}; allowed: {allowed}"),
    "expr.one_operator": ("对事实“{fact}”的比较需要且只需要一个比较符：{allowed}",
                          "a comparison on '{fact}' needs exactly one of: {allowed}"),
    "expr.unordered": ("“{op}”只能用于有序事实，“{fact}”无序",
                       "'{op}' needs an ordered fact; '{fact}' is not ordered"),
    "expr.needs_list": ("“{op}”需要非空的值列表", "'{op}' needs a non-empty list of values"),
    "expr.needs_scalar": ("“{op}”需要单个值", "'{op}' needs a single value"),
    # packs
    "pack.not_mapping": ("政策包文件应为映射，实为 {got}", "a pack file must be a mapping, not a {got}"),
    "pack.bad_name": ("包名“{name}”无效：应为小写字母、数字和下划线",
                      "invalid pack name '{name}': use lower-case letters, digits and underscores"),
    "pack.bad_clause_id": ("条款标识“{id}”不符合 DESIGN §3（如 art9、art9.7、art12.p2、annex4.8）",
                           "clause id '{id}' does not follow DESIGN §3 (art9, art9.7, art12.p2, annex4.8)"),
    "pack.why_missing": ("非操作性条款“{id}”须写明理由（why）", "non-operative clause '{id}' needs a 'why'"),
    "pack.empty_clause": ("条款“{id}”的原文为空", "clause '{id}' has no text"),
    "pack.unknown_clause": ("引用了未定义的条款“{id}”{hint}", "cites undefined clause '{id}'{hint}"),
    "pack.cites_non_operative": ("规则引用了标为非操作性的条款“{id}”",
                                 "a rule cites clause '{id}', which is marked non-operative"),
    "pack.duplicate_rule": ("规则标识“{id}”重复", "duplicate rule id '{id}'"),
    "pack.outcome_not_permitted": ("结果 {outcome} 不在其 permitted 范围内",
                                   "outcome {outcome} is not in its own permitted range"),
    "pack.outcome_deny": ("outcomes 只列容错结果；不予容错由条件、情形和排除项得出",
                          "outcomes list tolerance grades only; deny follows from conditions, scenarios "
                          "and exclusions"),
    "pack.section_empty": ("“{section}”不能为空", "'{section}' cannot be empty"),
    "pack.outcome_total": ("outcomes 的最后一条必须无条件成立（when: true），以保证每个容错案件都有结果",
                           "the last outcome must hold unconditionally (when: true) so every tolerated "
                           "case gets one"),
    "pack.definition_cycle": ("定义循环引用：{cycle}", "definitions refer to each other in a cycle: {cycle}"),
    "pack.property_form": ("性质“{id}”须且只须给出 outcome_in 或 monotone 之一",
                           "property '{id}' needs exactly one of outcome_in or monotone"),
    "pack.chapter_numbers": ("chapters 须按 1、2、3… 顺序编号", "chapters must be numbered 1, 2, 3, … in order"),
    "pack.period_form": ("期限须且只须给出 working_days、days、months 之一", "a period needs exactly one of working_days, days, months"),
    "pack.step_form": ("程序步骤“{id}”：{detail}", "procedure step '{id}': {detail}"),
    "event.unknown": ("未知的程序事件“{event}”{hint}；可用：{allowed}", "unknown procedure event '{event}'{hint}; known: {allowed}"),
    "pack.unknown": ("未知的政策包“{name}”{hint}；已有：{allowed}",
                     "unknown pack '{name}'{hint}; shipped packs: {allowed}"),
    # X checklists
    "checklist.not_mapping": ("清单文件应为一个映射（mapping），实为 {got}", "a checklist file must be a mapping, not {got}"),
    "checklist.unknown": ("未知的清单“{name}”{hint}；已有：{allowed}", "unknown checklist '{name}'{hint}; shipped: {allowed}"),
    "checklist.other_parent": ("清单“{checklist}”扩展的是“{parent}”，不是“{pack}”",
                               "checklist '{checklist}' extends '{parent}', not '{pack}'"),
    "checklist.id_clash": ("清单“{checklist}”的条目标识“{id}”与已有条款重复",
                           "item id '{id}' of checklist '{checklist}' clashes with an existing clause"),
    "checklist.not_scenario": ("“{id}”不是上位政策包的情形条款{hint}；请先运行 rongcuo lint",
                               "'{id}' is not a scenario clause of the parent pack{hint}; run rongcuo lint"),
    # procedure and calendar
    "timeline.no_events": ("文件中没有 events（程序事件及其日期）", "the file has no events section (procedure events and their dates)"),
    "timeline.events_not_mapping": ("events 应为“事件: 日期”的映射，实为 {got}", "events must map event names to dates, not {got}"),
    "timeline.bad_date": ("“{value}”不是日期（应为 YYYY-MM-DD）", "'{value}' is not a date (expected YYYY-MM-DD)"),
    "timeline.after_as_of": ("事件“{event}”的日期 {date} 晚于截止日期 {as_of}：只能填已发生的事件",
                             "event '{event}' is dated {date}, after the as-of date {as_of}: give only what has happened"),
    "calendar.unknown_year": ("{year} 年的法定节假日与调休安排未知（{date}；已知 {known} 年）：用 --calendar 添加该年国务院通知的安排，"
                              "或用 --estimate 按仅扣除周末估算（结果标注为估算）",
                              "the official holiday schedule for {year} is not known ({date}; known: {known}): add the year's "
                              "State Council schedule with --calendar, or pass --estimate for a weekends-only estimate "
                              "(flagged as such)"),
    "calendar.not_mapping": ("节假日安排文件应为映射（year、source、holidays、workdays）",
                             "a schedule file is a mapping (year, source, holidays, workdays)"),
    "calendar.bad_date": ("“{value}”不是日期或日期区间（YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD）",
                          "'{value}' is not a date or range (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)"),
    "calendar.other_year": ("{value} 不在 {year} 年", "{value} is not in {year}"),
    "calendar.workday_not_weekend": ("{value} 本来就是工作日：workdays 只列调休上班的周末",
                                     "{value} is a weekday already: workdays lists make-up weekend days only"),
    "calendar.both": ("{value} 同时列为放假日和上班日", "{value} is listed both as a holiday and as a working day"),
    # lint
    "lint.unknown_rule": ("未知的检查规则“{rule}”{hint}；已有：{allowed}", "unknown lint rule '{rule}'{hint}; rules: {allowed}"),
    "lint.bad_severity": ("规则 {rule} 的级别“{value}”无效{hint}；可用：error、warning、info、off",
                          "severity '{value}' for rule {rule} is not valid{hint}; use error, warning, info or off"),
    "lint.config_shape": ("检查配置应为映射，形如 rules: {{RL104: off}}", "a lint config is a mapping like rules: {{RL104: off}}"),
    "lint.what_file": ("无法判断文件类型：“X”清单以 checklist: 开头，政策包以 pack: 开头",
                       "cannot tell what this file is: an X checklist has a checklist: key, a pack a pack: key"),
    # engines
    "engine.disagrees": ("内部一致性检查失败：{what}（这是程序缺陷，请报告）",
                         "internal consistency check failed: {what} (a defect; please report it)"),
    "engine.unknown": ("未知的引擎“{name}”；可用：native、durable", "unknown engine '{name}'; use native or durable"),
    "engine.unavailable": ("durable 引擎不可用：未安装 durable_rules（{reason}）",
                           "the durable engine is unavailable: durable_rules is not installed ({reason})"),
    "engine.failed": ("引擎 {engine} 在规则 {rule} 处失败：{reason}",
                      "engine {engine} failed at rule {rule}: {reason}"),
    "engine.incomplete": ("引擎 {engine} 未能推出全部结论（缺少 {missing}）",
                          "engine {engine} did not derive every conclusion (missing {missing})"),
    # cli
    "cli.usage": ("命令行参数错误：{problem}", "bad command line: {problem}"),
    "cli.internal": ("内部错误（请报告）：{reason}", "internal error (please report it): {reason}"),
}

HINT = ("（是否指“{0}”？）", " (did you mean '{0}'?)")


class _Params(dict):  # missing parameters show as "?" instead of raising inside an error path
    def __missing__(self, key: str) -> str:
        return "?"


def message(code: str, lang: str = "zh", **params: Any) -> str:
    i = 1 if lang == "en" else 0
    template = MESSAGES.get(code, (code, code))[i]
    values = _Params(params)
    hint = params.get("hint")
    values["hint"] = HINT[i].format(hint) if hint else ""
    suffix = "_en" if i else "_zh"
    for key, value in params.items():  # {x} may be given per language as x_zh / x_en
        if key.endswith(suffix):
            values[key[:-3]] = value
    return template.format_map(values)
