"""Every word the library shows, in one catalogue per language (Chinese first, English second).

Logic never holds wording: messages of errors and refusals (``msg.*``), labels and headings of the text
renderings, timeline and lint wording, the comparison report's — each is one entry here, keyed by a
namespaced name, with its Chinese and English text side by side so that neither can be missing.
:data:`CATALOGUE` holds one mapping per language; :func:`text` is the one lookup. Punctuation differs by
language too (full-width in Chinese, ASCII in English): :func:`punct` gives it, so a rendering never
branches on the language to place a bracket. (A lint rule keeps its own title, message and rationale in its
module: adding a rule is adding a file.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WORDS: dict[str, tuple[str, str]] = {
    # ── Messages of errors and refusals (InputError, EngineError, the CLI).
    'msg.file.not_found': ('文件不存在',
        'file not found'),
    'msg.file.unreadable': ('无法读取文件：{reason}',
        'cannot read the file: {reason}'),
    'msg.file.is_directory': ('这是一个目录，不是文件',
        'this is a directory, not a file'),
    'msg.file.too_large': ('文件超过 {limit} 字节上限',
        'the file is larger than the limit of {limit} bytes'),
    'msg.file.encoding': ('文件不是 UTF-8 编码（{reason}）',
        'the file is not UTF-8 ({reason})'),
    'msg.file.empty': ('文件为空，应为一个映射（mapping）',
        'the file is empty; expected a mapping'),
    'msg.yaml.syntax': ('YAML 语法错误：{problem}',
        'YAML syntax error: {problem}'),
    'msg.json.syntax': ('JSON 语法错误：{problem}',
        'JSON syntax error: {problem}'),
    'msg.yaml.duplicate_key': ('重复的键“{key}”（首次出现于 {first}）',
        "duplicate key '{key}' (first at {first})"),
    'msg.yaml.tag': ('不允许的标签 {tag}：只接受普通的映射、列表、字符串、数字、布尔值、null 和日期',
        'tag {tag} is not allowed: only plain mappings, lists, strings, numbers, booleans, null and dates are accepted'),
    'msg.yaml.merge': ('不支持合并键 <<',
        'merge keys (<<) are not supported'),
    'msg.yaml.complex_key': ('映射的键必须是标量',
        'a mapping key must be a scalar'),
    'msg.yaml.too_large': ('展开后超过 {limit} 个节点（别名炸弹？）',
        'the document expands to more than {limit} nodes (an alias bomb?)'),
    'msg.yaml.bad_scalar': ('“{value}”不是有效的值（{reason}）',
        "'{value}' is not a valid value ({reason})"),
    'msg.yaml.non_finite': ('不允许非有限数值 {value}',
        'non-finite number {value} is not allowed'),
    'msg.schema.unknown_key': ('{where}：未知的键“{key}”{hint}；可用的键：{allowed}',
        "{where}: unknown key '{key}'{hint}; allowed: {allowed}"),
    'msg.schema.missing': ('{where}：缺少必需的键“{key}”',
        "{where}: required key '{key}' is missing"),
    'msg.schema.invalid': ('{where}：{problem}',
        '{where}: {problem}'),
    'msg.fact.unknown': ('未知的事实“{fact}”{hint}',
        "unknown fact '{fact}'{hint}"),
    'msg.fact.twice': ('事实“{fact}”被给出两次（扁平与嵌套写法各一次）',
        "fact '{fact}' is given twice (once flat, once nested)"),
    'msg.value.not_bool': ('事实“{fact}”应为 true 或 false，实为 {value}',
        "fact '{fact}' takes true or false, not {value}"),
    'msg.value.not_allowed': ('事实“{fact}”的值 {value} 不在允许范围{hint}；允许：{allowed}',
        "fact '{fact}' cannot be {value}{hint}; allowed: {allowed}"),
    'msg.value.not_scalar': ('事实“{fact}”应为单个值；允许：{allowed}',
        "fact '{fact}' takes a single value; allowed: {allowed}"),
    'msg.value.null_closed': ('事实“{fact}”是封闭事实，不可为 null（缺省即为 {default}）',
        "fact '{fact}' is closed and cannot be null (absent means {default})"),
    'msg.value.unknown': ('未知',
        'unknown'),
    'msg.value.true': ('是',
        'yes'),
    'msg.value.false': ('否',
        'no'),
    'msg.case.not_mapping': ('案件文件应为映射，实为 {got}',
        'a case file must be a mapping (got {got})'),
    'msg.case.unknown_key': ('案件文件中未知的键“{key}”{hint}；可用的键：{allowed}',
        "unknown key '{key}' in the case file{hint}; allowed: {allowed}"),
    'msg.case.no_facts': ('案件文件缺少 facts',
        "the case file has no 'facts'"),
    'msg.case.bad_id': ('id 应为字符串，实为 {got}',
        "'id' must be a string (got {got})"),
    'msg.case.facts_not_mapping': ('facts 应为映射，实为 {got}',
        "'facts' must be a mapping (got {got})"),
    'msg.case.notes_not_text': ('notes 应为文字，实为 {got}',
        "'notes' must be text (got {got})"),
    'msg.case.events_not_mapping': ('events 应为“事件: 日期”的映射，实为 {got}',
        "'events' must map event names to dates (got {got})"),
    'msg.case.constraint_entailed': ('这些事实不可能同时成立：由约束推出 {via}，而{detail}',
        'these facts cannot all hold: the constraints entail {via}, but {detail}'),
    'msg.case.constraint': ('事实相互矛盾（{id}）：{detail}',
        'the facts contradict each other ({id}): {detail}'),
    'msg.expr.not_mapping': ('条件表达式应为映射或 true/false，实为 {got}',
        'a condition must be a mapping or true/false (got {got})'),
    'msg.expr.unknown_form': ('条件表达式中未知的键“{key_}”{hint}；应为：{allowed}',
        "unknown key '{key_}' in a condition{hint}; expected one of: {allowed}"),
    'msg.expr.several_forms': ('一个条件表达式只能有一种形式，却同时有：{forms}',
        'a condition has one form, but this one has: {forms}'),
    'msg.expr.extra_key': ('“{form}”表达式中多余的键“{key_}”',
        "extra key '{key_}' in a '{form}' condition"),
    'msg.expr.empty_list': ('“{form}”需要非空列表',
        "'{form}' needs a non-empty list"),
    'msg.expr.unknown_ref': ('未定义的定义“{name}”{hint}；已定义：{allowed}',
        "undefined definition '{name}'{hint}; defined: {allowed}"),
    'msg.expr.ref_not_here': ('此处不能引用定义（{{ref: {name}}}）：本地解读、covered_by 和词表只能直接写出事实条件',
        'a definition cannot be used here ({{ref: {name}}}): local readings, covered_by and the glossary state their conditions over facts directly'),
    'msg.expr.reading_not_name': ('reading 须为词表中短语的名称（字符串），实为 {got}',
        'reading must name a glossary phrase (a string) (got {got})'),
    'msg.expr.unknown_reading': ('词表中没有解读“{name}”{hint}；可用：{allowed}',
        "the glossary has no reading '{name}'{hint}; readings: {allowed}"),
    'msg.glossary.bad': ('解读词表有误：{detail}',
        'the glossary of readings is malformed: {detail}'),
    'msg.pack.reading_unknown': ('本地解读“{name}”不是词表中的可用解读{hint}（只有 when 形式的解读可被偏离）',
        "local reading '{name}' is not a glossary reading{hint} (only readings with a when can be departed from)"),
    'msg.pack.reading_twice': ('本地解读“{name}”重复',
        "local reading '{name}' is given twice"),
    'msg.pack.set_aside_unknown': ('set_aside 中的“{name}”不是词表中的短语{hint}',
        "'{name}' in set_aside is not a glossary phrase{hint}"),
    'msg.pack.cover_on_operative': ('条款“{id}”是操作性条款；covered_by 只用于说明非操作性条款由何处规定',
        "clause '{id}' is operative; covered_by only says where a non-operative clause's content is decided"),
    'msg.expr.unknown_operator': ('未知的比较符“{op}”{hint}；可用：{allowed}',
        "unknown comparison '{op}'{hint}; allowed: {allowed}"),
    'msg.expr.one_operator': ('对事实“{fact}”的比较需要且只需要一个比较符：{allowed}',
        "a comparison on '{fact}' needs exactly one of: {allowed}"),
    'msg.expr.unordered': ('“{op}”只能用于有序事实，“{fact}”无序',
        "'{op}' needs an ordered fact; '{fact}' is not ordered"),
    'msg.expr.needs_list': ('“{op}”需要非空的值列表',
        "'{op}' needs a non-empty list of values"),
    'msg.expr.needs_scalar': ('“{op}”需要单个值',
        "'{op}' needs a single value"),
    'msg.pack.not_mapping': ('政策包文件应为映射，实为 {got}',
        'a pack file must be a mapping (got {got})'),
    'msg.pack.bad_name': ('包名“{name}”无效：应为小写字母、数字和下划线',
        "invalid pack name '{name}': use lower-case letters, digits and underscores"),
    'msg.pack.bad_clause_id': ('条款标识“{id}”不符合 DESIGN §3（如 art9、art9.7、art12.p2、annex4.8）',
        "clause id '{id}' does not follow DESIGN §3 (art9, art9.7, art12.p2, annex4.8)"),
    'msg.pack.why_missing': ('非操作性条款“{id}”须写明理由（why）',
        "non-operative clause '{id}' needs a 'why'"),
    'msg.pack.empty_clause': ('条款“{id}”的原文为空',
        "clause '{id}' has no text"),
    'msg.pack.unknown_clause': ('引用了未定义的条款“{id}”{hint}',
        "cites undefined clause '{id}'{hint}"),
    'msg.pack.cites_non_operative': ('规则引用了标为非操作性的条款“{id}”',
        "a rule cites clause '{id}', which is marked non-operative"),
    'msg.pack.duplicate_rule': ('规则标识“{id}”重复',
        "duplicate rule id '{id}'"),
    'msg.pack.outcome_not_permitted': ('结果 {outcome} 不在其 permitted 范围内',
        'outcome {outcome} is not in its own permitted range'),
    'msg.pack.outcome_deny': ('outcomes 只列容错结果；不予容错由条件、情形和排除项得出',
        'outcomes list tolerance grades only; deny follows from conditions, scenarios and exclusions'),
    'msg.pack.section_empty': ('“{section}”不能为空',
        "'{section}' cannot be empty"),
    'msg.pack.outcome_total': ('outcomes 的最后一条必须无条件成立（when: true），以保证每个容错案件都有结果',
        'the last outcome must hold unconditionally (when: true) so every tolerated case gets one'),
    'msg.pack.definition_cycle': ('定义循环引用：{cycle}',
        'definitions refer to each other in a cycle: {cycle}'),
    'msg.pack.property_form': ('性质“{id}”须且只须给出 outcome_in 或 monotone 之一',
        "property '{id}' needs exactly one of outcome_in or monotone"),
    'msg.pack.chapter_numbers': ('chapters 须按 1、2、3… 顺序编号',
        'chapters must be numbered 1, 2, 3, … in order'),
    'msg.pack.period_form': ('期限须且只须给出 working_days、days、months 之一',
        'a period needs exactly one of working_days, days, months'),
    'msg.pack.step_form': ('程序步骤“{id}”：{detail}',
        "procedure step '{id}': {detail}"),
    'msg.event.unknown': ('未知的程序事件“{event}”{hint}；可用：{allowed}',
        "unknown procedure event '{event}'{hint}; known: {allowed}"),
    'msg.pack.unknown': ('未知的政策包“{name}”{hint}；已有：{allowed}',
        "unknown pack '{name}'{hint}; shipped packs: {allowed}"),
    'msg.checklist.not_mapping': ('清单文件应为一个映射（mapping），实为 {got}',
        'a checklist file must be a mapping, not {got}'),
    'msg.checklist.unknown': ('未知的清单“{name}”{hint}；已有：{allowed}',
        "unknown checklist '{name}'{hint}; shipped: {allowed}"),
    'msg.checklist.other_parent': ('清单“{checklist}”扩展的是“{parent}”，不是“{pack}”',
        "checklist '{checklist}' extends '{parent}', not '{pack}'"),
    'msg.checklist.id_clash': ('清单“{checklist}”的条目标识“{id}”与已有条款重复',
        "item id '{id}' of checklist '{checklist}' clashes with an existing clause"),
    'msg.checklist.not_scenario': ('“{id}”不是上位政策包的情形条款{hint}；请先运行 rongcuo lint',
        "'{id}' is not a scenario clause of the parent pack{hint}; run rongcuo lint"),
    'msg.timeline.no_events': ('文件中没有 events（程序事件及其日期）',
        'the file has no events section (procedure events and their dates)'),
    'msg.timeline.bad_date': ('“{value}”不是日期（应为 YYYY-MM-DD）',
        "'{value}' is not a date (expected YYYY-MM-DD)"),
    'msg.timeline.after_as_of': ('事件“{event}”的日期 {date} 晚于截止日期 {as_of}：只能填已发生的事件',
        "event '{event}' is dated {date}, after the as-of date {as_of}: give only what has happened"),
    'msg.calendar.unknown_year': ('{year} 年的法定节假日与调休安排未知（{date}；已知 {known} 年）：用 --calendar 添加该年国务院通知的安排，或用 --estimate 按仅扣除周末估算（结果标注为估算）',
        "the official holiday schedule for {year} is not known ({date}; known: {known}): add the year's State Council schedule with --calendar, or pass --estimate for a weekends-only estimate (flagged as such)"),
    'msg.calendar.not_mapping': ('节假日安排文件应为映射（year、source、holidays、workdays）',
        'a schedule file is a mapping (year, source, holidays, workdays)'),
    'msg.calendar.bad_date': ('“{value}”不是日期或日期区间（YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD）',
        "'{value}' is not a date or range (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)"),
    'msg.calendar.other_year': ('{value} 不在 {year} 年',
        '{value} is not in {year}'),
    'msg.calendar.workday_not_weekend': ('{value} 本来就是工作日：workdays 只列调休上班的周末',
        '{value} is a weekday already: workdays lists make-up weekend days only'),
    'msg.calendar.both': ('{value} 同时列为放假日和上班日',
        '{value} is listed both as a holiday and as a working day'),
    'msg.lint.unknown_rule': ('未知的检查规则“{rule}”{hint}；已有：{allowed}',
        "unknown lint rule '{rule}'{hint}; rules: {allowed}"),
    'msg.lint.bad_severity': ('规则 {rule} 的级别“{value}”无效{hint}；可用：error、warning、info、off',
        "severity '{value}' for rule {rule} is not valid{hint}; use error, warning, info or off"),
    'msg.lint.config_shape': ('检查配置应为映射，形如 rules: {{RL104: off}}',
        'a lint config is a mapping like rules: {{RL104: off}}'),
    'msg.lint.what_file': ('无法判断文件类型：“X”清单以 checklist: 开头，政策包以 pack: 开头',
        'cannot tell what this file is: an X checklist has a checklist: key, a pack a pack: key'),
    'msg.engine.disagrees': ('内部一致性检查失败：{what}（这是程序缺陷，请报告）',
        'internal consistency check failed: {what} (a defect; please report it)'),
    'msg.engine.unknown': ('未知的引擎“{name}”；可用：native、durable',
        "unknown engine '{name}'; use native or durable"),
    'msg.engine.unavailable': ('durable 引擎不可用：未安装 durable_rules（{reason}）',
        'the durable engine is unavailable: durable_rules is not installed ({reason})'),
    'msg.engine.failed': ('引擎 {engine} 在规则 {rule} 处失败：{reason}',
        'engine {engine} failed at rule {rule}: {reason}'),
    'msg.engine.incomplete': ('引擎 {engine} 未能推出全部结论（缺少 {missing}）',
        'engine {engine} did not derive every conclusion (missing {missing})'),
    'msg.cli.usage': ('命令行参数错误：{problem}',
        'bad command line: {problem}'),
    'msg.cli.internal': ('内部错误（请报告）：{reason}',
        'internal error (please report it): {reason}'),
    # ── Outcomes.
    'outcome.exempt': ('免责',
        'exempt'),
    'outcome.reduce': ('减轻（减责）',
        'reduce'),
    'outcome.lighten': ('从轻',
        'lighten'),
    'outcome.deny': ('不予容错',
        'deny'),
    'outcome.undetermined': ('尚不能认定',
        'undetermined'),
    # ── Kinds of reason.
    'kind.scope': ('适用范围',
        'scope'),
    'kind.condition': ('条件',
        'condition'),
    'kind.scenario': ('情形',
        'scenario'),
    'kind.exclusion': ('不予容错情形',
        'exclusion'),
    'kind.outcome': ('结果',
        'outcome'),
    # ── Headings and words of the text renderings.
    'heading.case': ('案件',
        'Case'),
    'heading.outcome': ('结论',
        'Outcome'),
    'heading.permitted': ('文本允许的范围',
        'Permitted range'),
    'heading.in_scope': ('适用范围内',
        'In scope'),
    'heading.citations': ('所依据的条款',
        'Clauses relied on'),
    'heading.reasons': ('理由',
        'Reasons'),
    'heading.missing': ('待查明的事实（查明后方可认定）',
        'Facts still to establish (they decide the outcome)'),
    'heading.consequences': ('结果运用',
        'Consequences'),
    'heading.interpretations': ('本结论采用的解读',
        'Interpretations this verdict relies on'),
    'heading.readings': ('本结论所依据的词表解读',
        'Glossary readings this verdict relies on'),
    'heading.triggered': ('触及，不予容错',
        'triggered: no tolerance'),
    'heading.not_triggered': ('未触及',
        'not triggered'),
    'heading.decision_table': ('待查事实如何决定结论',
        'How the facts to establish decide it'),
    'heading.if_then': ('若{when}，则结论为{outcome}',
        'if {when}, the outcome is {outcome}'),
    'heading.rest': ('其余待查事实（未展开）',
        'other facts to establish (not expanded)'),
    'heading.no_match_short': ('无相符情形',
        'no scenario matches'),
    'heading.near_misses': ('最接近的情形（均不符合）',
        'Closest scenarios (none matches)'),
    'heading.lacks': ('缺',
        'lacks'),
    'heading.actually': ('实为 {value}',
        'is {value}'),
    'heading.unknown': ('未查明',
        'unknown'),
    'heading.departs': ('本包另有读法',
        'this pack departs'),
    'heading.implied': ('由事实间约束推出的事实',
        "Facts entailed by the vocabulary's constraints"),
    'heading.facts': ('依据事实',
        'facts'),
    'heading.holds': ('成立',
        'holds'),
    'heading.fails': ('不成立',
        'fails'),
    'heading.undecided': ('未定',
        'undecided'),
    'heading.no_match': ('所列情形均不符合',
        'none of the listed scenarios matches'),
    'heading.no_exclusion': ('未触及所列不予容错情形',
        'none of the listed exclusions applies'),
    'heading.none': ('无',
        'none'),
    'heading.summary': ('各政策包结论对照',
        'Outcome under each pack'),
    'heading.agreement': ('结论一致的比例',
        'Agreement'),
    'heading.agreement_counts': ('{agree} / {total}',
        '{agree} of {total}'),
    'heading.assume': ('假定',
        'Assuming'),
    'heading.difference_groups': ('差异组数',
        'Groups of differences'),
    'heading.showing': ('显示前',
        'showing the first'),
    'heading.not_itemised': ('未逐一列出的差异比例',
        'Share of differences not itemised'),
    'heading.witness': ('见证案件',
        'Witness case'),
    'heading.counterexample': ('反例',
        'Counterexample'),
    'heading.basis': ('决定性依据',
        'Deciding clauses'),
    'heading.to_establish': ('待查事实',
        'To establish'),
    'heading.out_of_scope': ('不在适用范围',
        'out of scope'),
    'heading.pack': ('政策包',
        'Pack'),
    'heading.issuer': ('发文机关',
        'Issuer'),
    'heading.issued': ('印发日期',
        'Issued'),
    'heading.counts': ('条件/情形/排除',
        'conditions/scenarios/exclusions'),
    'heading.title': ('名称',
        'Title'),
    # ── X checklists.
    'checklist.not_executable': ('本项未作可执行编码（事实词汇无法表达），只供引用',
        'not encoded as a condition (the vocabulary cannot express it); quoted only'),
    'checklist.catch_all_reading': ('《{title}》与上位办法配套制定、细化容错情形：所列情形未为上位办法列举情形涵盖的，读作上位办法兜底项“其他经认定可以容错的情形”已由制定机关事先认定',
        "'{title}' is issued under the parent measure to detail its scenarios: an item the parent's enumerated scenarios do not cover is read as recognised in advance under the parent's catch-all ('other situations recognised as tolerable')"),
    'checklist.refines': ('细化',
        'refines'),
    'checklist.refines_parents': ('细化{parents}',
        'refines {parents}'),
    'checklist.beside': ('清单条目',
        'checklist item'),
    'checklist.checklists': ('适用的“X”清单',
        'X checklists applied'),
    # ── Procedure step statuses.
    'status.met': ('按期完成',
        'met'),
    'status.late': ('逾期完成',
        'done late'),
    'status.pending': ('期限未到',
        'pending'),
    'status.overdue': ('已逾期',
        'overdue'),
    'status.running': ('进行中',
        'running'),
    'status.ended': ('已届满',
        'ended'),
    'status.not_started': ('尚未起算',
        'not started'),
    'status.no_period': ('文本未规定期限',
        'no period set'),
    'status.done': ('已完成',
        'done'),
    # ── Periods.
    'unit.working_days': ('{n} 个工作日',
        '{n} working days'),
    'unit.days': ('{n} 日',
        '{n} days'),
    'unit.months': ('{n} 个月',
        '{n} months'),
    # ── Timelines.
    'timeline.title': ('程序期限',
        'Procedure deadlines'),
    'timeline.head': ('{title}（{pack}）程序期限  截至 {as_of}',
        '{title} ({pack}) — Procedure deadlines, as of {as_of}'),
    'timeline.as_of': ('截至',
        'as of'),
    'timeline.from': ('自{event}（{date}）起',
        'from {event} ({date})'),
    'timeline.deadline': ('期限',
        'deadline'),
    'timeline.extended': ('已延长',
        'extended'),
    'timeline.done_on': ('完成于',
        'done on'),
    'timeline.rolled': ('期末为休息日，顺延至下一工作日',
        'the last day is a rest day, so the next working day'),
    'timeline.estimated': ('估算：{years} 年的节假日安排未知，只扣除了周末',
        'ESTIMATE: the {years} holiday schedule is unknown; only weekends were skipped'),
    'timeline.waiting': ('待{event}',
        'awaiting {event}'),
    'timeline.remaining': ('剩余 {n} 日',
        '{n} days left'),
    'timeline.over_by': ('逾期 {n} 日',
        '{n} days over'),
    'timeline.applies': ('适用',
        'applies'),
    'timeline.reading': ('解读',
        'reading'),
    # ── The comparison matrix report.
    'matrix.title': ('容错纠错办法两两对照',
        'Fault-tolerance measures compared pairwise'),
    'matrix.intro': ('在各政策包所读取的全部事实组合（事实均已查明，排除约束不允许的组合）上精确比较；表中为结论一致的比例，其后为每对办法的主要差异，各附见证案件与双方决定性条款。',
        'Exact comparison over every combination of the facts the packs read (all established; combinations the constraints forbid excluded). The table gives the share of agreement; then, for each pair, the main differences, each with a witness case and the deciding clauses on both sides.'),
    'matrix.matrix': ('结论一致的比例',
        'Agreement'),
    'matrix.headline': ('主要差异',
        'Main differences'),
    'matrix.witness': ('见证案件',
        'Witness'),
    'matrix.share': ('占比',
        'share'),
    'matrix.generated': ('由 `rongcuo compare --all` 生成',
        'Generated by `rongcuo compare --all`'),
    # ── Lint severities.
    'severity.error': ('错误',
        'error'),
    'severity.warning': ('警告',
        'warning'),
    'severity.info': ('提示',
        'info'),
    # ── Lint reports and rule pages.
    'lint.summary': ('{files} 个文件：{errors} 个错误，{warnings} 个警告，{infos} 个提示',
        '{files} file(s): {errors} error(s), {warnings} warning(s), {infos} info'),
    'lint.clean': ('{files} 个文件：未发现问题',
        '{files} file(s): no findings'),
    'lint.rationale': ('为什么',
        'Why'),
    'lint.bad': ('反例（本规则报告）',
        'Bad (reported)'),
    'lint.good': ('正例（不报告）',
        'Good (not reported)'),
    'lint.severity': ('默认级别',
        'Default severity'),
    'lint.applies': ('适用于',
        'Applies to'),
    'lint.catalogue': ('检查规则目录',
        'Lint rules'),
    'lint.config': ('在配置文件中改变级别或关闭（off），或用行内注释 `# rongcuo-lint: ignore {id}` 忽略一处。',
        'Change its severity or turn it off in the config file, or ignore one finding with `# rongcuo-lint: ignore {id}`.'),
    # ── What a lint rule applies to.
    'target.checklist': ('“X”清单',
        'X checklists'),
    'target.pack': ('政策包',
        'packs'),
    # ── What a file's value should have been (pydantic's kinds of error).
    'problem.too_short': ('至少须有 {min_length} 项',
        'needs at least {min_length} item(s)'),
    'problem.list_type': ('应为列表',
        'must be a list'),
    'problem.string_type': ('应为文字',
        'must be text'),
    'problem.int_type': ('应为整数',
        'must be a whole number'),
    'problem.int_parsing': ('应为整数',
        'must be a whole number'),
    'problem.bool_type': ('应为 true 或 false',
        'must be true or false'),
    'problem.bool_parsing': ('应为 true 或 false',
        'must be true or false'),
    'problem.dict_type': ('应为映射',
        'must be a mapping'),
    'problem.model_type': ('应为映射',
        'must be a mapping'),
    'problem.model_attributes_type': ('应为映射',
        'must be a mapping'),
    'problem.literal_error': ('应为 {expected} 之一',
        'must be one of {expected}'),
    'problem.greater_than_equal': ('不得小于 {ge}',
        'must be at least {ge}'),
    # ── The glossary page (docs/glossary.md).
    'glossary.title': ('解读词表',
        'The glossary of readings'),
    'glossary.generated': ('由 `python -m rongcuo_rules.lint.docs` 从 `src/rongcuo_rules/glossary.yaml` 与各政策包生成。',
        'Generated by `python -m rongcuo_rules.lint.docs` from `src/rongcuo_rules/glossary.yaml` and the shipped packs.'),
    'glossary.columns': ('| 短语 | 措辞 | 读法 | 出处 |',
        '| phrase | wordings | reading | where |'),
    'glossary.not_decisive': ('不作要件',
        'not a requirement'),
    # ── Details of pack and glossary errors.
    'detail.step_needs_ends': ('期限步骤须写明 ends（完成事件）',
        'a deadline step needs ends (the event that meets it)'),
    'detail.duration_form': ('持续步骤须有 period，且不写 ends、extension',
        'a duration step needs a period and takes no ends or extension'),
    'detail.no_period_to_extend': ('没有期限就不能延长',
        'there is no period to extend'),
    'detail.glossary_not_mapping': ('须为含 readings 映射的文件',
        'expected a mapping with a readings mapping'),
    'detail.glossary_entry_not_mapping': ('“{name}”须为映射（得到 {got}）',
        "'{name}' must be a mapping (got {got})"),
    'detail.glossary_unknown_key': ('未知的键“{key}”{hint}',
        "unknown key '{key}'{hint}"),
    'detail.glossary_no_phrases': ('“{name}”须有非空的 phrases 列表',
        "'{name}' needs a non-empty list of phrases"),
    'detail.glossary_form': ('“{name}”须恰有 when、outcome 或 decisive: false 之一',
        "'{name}' needs exactly one of when, outcome or decisive: false"),
    'detail.glossary_outcome': ('结果须为 {allowed} 之一',
        'outcome must be one of {allowed}'),
    'detail.glossary_text': ('须有 zh 与 en 两种文字',
        'needs zh and en text'),
}

LANGS = ("zh", "en")
#: one catalogue per language: key → text
CATALOGUE: dict[str, dict[str, str]] = {lang: {k: v[i] for k, v in WORDS.items()} for i, lang in enumerate(LANGS)}

HINT = {"zh": "（是否指“{0}”？）", "en": " (did you mean '{0}'?)"}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "zh"


class _Params(dict):  # type: ignore[type-arg]  # a missing parameter shows as "?" instead of raising inside an error path
    def __missing__(self, key: str) -> str:
        return "?"


def text(key: str, lang: str = "zh", /, **params: Any) -> str:
    """The catalogue entry ``key`` in ``lang``, formatted with ``params``. A ``hint`` parameter, when not
    empty, becomes a did-you-mean; a pair ``x_zh`` / ``x_en`` supplies ``{x}`` in the chosen language."""
    lang = _lang(lang)
    template = CATALOGUE[lang].get(key, key)
    return fill(template, lang, params) if params else template


def fill(template: str, lang: str, params: dict[str, Any]) -> str:
    """``template`` formatted with ``params`` (see :func:`text`); also for wording kept outside the
    catalogue (a lint rule's message)."""
    lang = _lang(lang)
    values = _Params(params)
    hint = params.get("hint")
    values["hint"] = HINT[lang].format(hint) if hint else ""
    suffix = "_" + lang
    for name, value in params.items():
        if name.endswith(suffix):
            values[name[:-3]] = value
    return template.format_map(values)


def detail(key: str, /, **params: Any) -> dict[str, str]:
    """``detail_zh`` / ``detail_en`` for a message's ``{detail}``, from the catalogue entry ``detail.<key>``."""
    return {"detail_zh": text("detail." + key, "zh", **params), "detail_en": text("detail." + key, "en", **params)}


def message(code: str, lang: str = "zh", /, **params: Any) -> str:
    """An error or refusal message (``msg.<code>``)."""
    return text("msg." + code, lang, **params) if "msg." + code in WORDS else code


def choose(pair: tuple[str, str], lang: str) -> str:
    """The ``lang`` half of a (Chinese, English) pair kept outside the catalogue — a lint rule's own title,
    message and rationale, which live in the rule's module."""
    return pair[1] if lang == "en" else pair[0]


def outcome_label(outcome: str, lang: str) -> str:
    return text("outcome." + outcome, lang)


@dataclass(frozen=True)
class Punct:
    colon: str  # "结论：" / "Outcome: "
    list: str  # between items: "、" / ", "
    semi: str  # between facts: "；" / "; "
    comma: str  # between clauses of a sentence: "，" / ", "
    open: str  # around an aside: "（…）" / " (…)"
    close: str
    cite_open: str  # around a clause label: "【…】" / "[…] "
    cite_close: str

    def paren(self, aside: str) -> str:
        return f"{self.open}{aside}{self.close}"

    def cite(self, label: str, body: str = "") -> str:
        return f"{self.cite_open}{label}{self.cite_close}{body}"

    def join(self, items: Any) -> str:
        return self.list.join(items)


PUNCT = {
    "zh": Punct("：", "、", "；", "，", "（", "）", "【", "】"),
    "en": Punct(": ", ", ", "; ", ", ", " (", ")", "[", "] "),
}


def punct(lang: str) -> Punct:
    return PUNCT[_lang(lang)]
