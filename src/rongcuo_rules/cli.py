"""The ``rongcuo`` command line (DESIGN.md §7).

Exit status: 0 a result was produced (whatever the outcome); 1 ``check`` found a failing property or
``lint`` a finding at error level; 2 bad input (one line naming file, line and
column where known); 3 an engine or internal failure (one line; set RONGCUO_DEBUG=1 for a traceback).
No Python traceback reaches the user otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from .errors import EngineError, InputError, RongcuoError
from .wording import message

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_FAILURE = 0, 1, 2, 3


#: argparse's own messages, worded in the catalogue (cli.argparse.*): what was wrong, never its internal names
_ARGPARSE = ((re.compile(r"the following arguments are required: (.+)"), "required"),
             (re.compile(r"argument (\S+): invalid choice: '?([^' ]*)'? \(choose from (.+)\)"), "choice"),
             (re.compile(r"argument (\S+): invalid (.+) value: '?([^']*)'?"), "value"),
             (re.compile(r"argument (\S+): expected one argument"), "one"),
             (re.compile(r"unrecognized arguments: (.+)"), "unrecognized"))


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in both languages: the help screens' headings and -h, and its complaints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数 / arguments"
        self._optionals.title = "选项 / options"
        self.add_argument("-h", "--help", action="help", help="显示此帮助 / show this help")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法 / usage:", 1)

    def format_help(self) -> str:
        return super().format_help().replace("usage:", "用法 / usage:", 1)

    def error(self, text: str) -> NoReturn:  # argparse would print usage and exit 2 with its own words
        for pattern, kind in _ARGPARSE:
            m = pattern.fullmatch(text.strip())
            if m:
                args = {f"a{i}": g for i, g in enumerate(m.groups())}
                raise InputError("cli.argparse." + kind, prog=self.prog, **args)
        raise InputError("cli.usage", problem=text)


def _lang_from(argv: Sequence[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "zh"
        if arg.startswith("--lang="):
            return "en" if arg.split("=", 1)[1] == "en" else "zh"
    return _env_lang()


def _env_lang() -> str:
    """The default language: RONGCUO_LANG (zh or en) when set, else Chinese. One default for every command's
    output and for error messages alike."""
    value = os.environ.get("RONGCUO_LANG")
    return value if value in ("zh", "en") else "zh"


def _count(text: str) -> int:
    """A non-negative whole number (argparse reports the ValueError as a usage error)."""
    n = int(text)
    if n < 0:
        raise ValueError(text)
    return n


_count.__name__ = "non-negative integer"  # argparse names the type in its message


def _positive(text: str) -> int:
    """A whole number of at least 1."""
    n = int(text)
    if n < 1:
        raise ValueError(text)
    return n


_positive.__name__ = "positive integer"


def _port(text: str) -> int:
    n = int(text)
    if not 0 <= n <= 65535:
        raise ValueError(text)
    return n


_port.__name__ = "port number (0-65535)"


def _seconds(text: str) -> float:
    n = float(text)
    if not 0 < n < 1e6:
        raise ValueError(text)
    return n


_seconds.__name__ = "number of seconds"


class _Skipped:
    """A command's parser not built (:func:`build_parser` with ``only``): takes its arguments and drops them."""

    def add_argument(self, *args: Any, **kwargs: Any) -> None:
        return None

    def add_subparsers(self, *args: Any, **kwargs: Any) -> _OnlyOne:
        return _OnlyOne(None, None)


class _OnlyOne:
    """Subparsers of which only ``only`` is built: argparse builds a parser with its -h and formatter for every
    command (about 8 ms for all of them, 4% of a fresh process's evaluation), and a command line names one."""

    def __init__(self, sub: Any, only: str | None) -> None:
        self.sub, self.only = sub, only

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        return self.sub.add_parser(name, **kwargs) if name == self.only else _Skipped()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with ``only`` (a command's name), just that command's: it parses that
    command's arguments exactly as the whole parser does."""
    from .version import __version__

    p = _Parser(prog="rongcuo", description="容错纠错政策包：评估、比较、检查 / fault-tolerance policy packs")
    p.add_argument("--version", action="version", version=f"rongcuo {__version__}",
                   help="显示版本 / show the version")
    sub: Any = p.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")
    if only is not None:
        sub = _OnlyOne(sub, only)

    ev = sub.add_parser("evaluate", help="按政策包评估一个案件 / evaluate a case under a pack")
    ev.add_argument("--pack", required=True, help="包名、包文件路径或 all / pack name, path, or all")
    ev.add_argument("case", nargs="+", metavar="CASE",
                    help="案件文件（YAML 或 JSON），可多个；- 为标准输入，每行一个 JSON 案件 / case file(s); "
                         "- reads JSON lines from stdin")
    ev.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    ev.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")
    ev.add_argument("--engine", choices=("native", "durable"), default="native", help="推理引擎（缺省 native）/ the engine (default native)")
    ev.add_argument("--explain", choices=("none", "near", "full"), default="full",
                    help="解释的详细程度：full 含可改变结论的最少事实变化 / how much to explain: full adds the least "
                         "changes of facts that give a better outcome; near the near misses and decision tables")
    ev.add_argument("--checklist", action="append", default=[], metavar="NAME_OR_PATH",
                    help="同时适用的“X”清单（可重复；all 为该包的全部随附清单）/ X checklist to apply "
                         "(repeatable; all = every shipped checklist of the pack)")

    cp = sub.add_parser("compare", help="精确比较两个政策包 / compare two packs exactly")
    cp.add_argument("a", nargs="?", help="包名或路径 / pack name or path")
    cp.add_argument("b", nargs="?", help="包名或路径 / pack name or path")
    cp.add_argument("--all", action="store_true",
                    help="两两比较全部随附政策包并写出报告 / compare every pair and write the report")
    cp.add_argument("--output", default="docs", metavar="DIR",
                    help="--all 报告写入的目录（缺省为当前目录下的 docs）/ directory for the --all report "
                         "(default: docs under the current directory)")
    cp.add_argument("--assume", action="append", default=[], metavar="FACT=VALUE",
                    help="固定某个事实 / fix a fact (repeatable)")
    cp.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    cp.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")
    cp.add_argument("--processes", type=_positive, default=None, metavar="N",
                    help="--all 并行进程数（默认每核一个）/ worker processes for --all (default: one per core)")
    cp.add_argument("--limit", type=_count, default=20, help="列出的差异组数，0 为全部 / groups to list, 0 for all")

    ck = sub.add_parser("check", help="精确检查政策包声明的性质 / check a pack's properties exactly")
    ck.add_argument("pack", nargs="+", help="包名或路径，或 all（全部随附包）/ pack name(s) or path(s), or all")
    ck.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    ck.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")

    tl = sub.add_parser("timeline", help="程序期限：按已发生的事件推算各期限 / procedure deadlines from events")
    tl.add_argument("--pack", required=True, help="包名或路径 / pack name or path")
    tl.add_argument("events", metavar="EVENTS_FILE", help="含 events 的案件文件 / a case file with events")
    tl.add_argument("--as-of", help="截至日期 YYYY-MM-DD（缺省为今天）/ status as of this date (default today)")
    tl.add_argument("--calendar", action="append", default=[], metavar="FILE",
                    help="补充某一年的官方节假日安排 / add a year's official schedule (repeatable)")
    tl.add_argument("--estimate", action="store_true",
                    help="未知年份按仅扣除周末估算并标注 / estimate unknown years from weekends only, flagged")
    tl.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    tl.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")

    li = sub.add_parser("lint", help="检查“X”清单或政策包 / lint X checklists or packs")
    li.add_argument("files", nargs="*", metavar="FILE",
                    help="清单或政策包文件（或随附包名；all 为全部随附包和清单）/ checklist or pack files "
                         "(or shipped pack names; all: every shipped pack and checklist)")
    li.add_argument("--format", choices=("text", "json", "sarif", "md"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    li.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")
    li.add_argument("--config", help="配置文件（缺省查找 .rongcuo-lint.yaml）/ config file (default: .rongcuo-lint.yaml)")
    li.add_argument("--explain", metavar="RULE", help="显示一条规则的说明 / show a rule's page")
    li.add_argument("--list-rules", action="store_true", help="列出全部规则 / list every rule")
    li.add_argument("--parent", help="检查 Word/文本文稿（.docx、.txt、.md）时的上位政策包 / the parent pack, "
                                     "for a drafter's document (.docx, .txt, .md)")

    pk = sub.add_parser("packs", help="列出随附的政策包 / list shipped packs")
    pk.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    pk.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")

    sc = sub.add_parser("schema", help="输出 JSON Schema / print a JSON Schema")
    sc.add_argument("kind", choices=("pack", "case", "events", "checklist"), metavar="KIND",
                    help="pack、case、events 或 checklist / which schema: pack, case, events or checklist")
    sc.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")

    rc = sub.add_parser("record", help="评估并存档一个案件 / evaluate a case and put the verdict on record")
    rc.add_argument("case", metavar="CASE", help="案件文件 / case file")
    rc.add_argument("--pack", required=True, help="随附政策包名 / a shipped pack's name")
    rc.add_argument("--decided-by", metavar="WHO", help="作出决定的机关或人员 / who decided")
    rc.add_argument("--note", help="说明（如更正的理由）/ a note (such as why a record is corrected)")
    rc.add_argument("--supersedes", metavar="RECORD_ID", help="所更正的记录 / the record this one corrects")
    rc.add_argument("--details", metavar="FILE", help="当事人等详情（YAML：姓名、单位、问责方式……）供文书使用 / "
                                                     "particulars for the documents (YAML)")
    rc.add_argument("--checklist", action="append", default=[], metavar="NAME",
                    help="同时适用的随附“X”清单，或 all / shipped X checklists to apply, or all")
    rc.add_argument("--db", metavar="URL", help="存档数据库（缺省 RONGCUO_DB，再缺省本目录的 rongcuo-records.sqlite3）"
                                                "/ the archive (default RONGCUO_DB, else rongcuo-records.sqlite3 here)")
    rc.add_argument("--format", choices=("text", "json"), default="text", help="输出格式 / output format")
    rc.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="语言 / language")
    rc.add_argument("--engine", choices=("native", "durable"), default="native", help="引擎 / engine")
    rc.add_argument("--explain", choices=("none", "near", "full"), default="full", help="解释的详略 / explanations")

    rs = sub.add_parser("records", help="列出存档的记录 / list the records in the archive")
    rs.add_argument("--pack", help="只列此政策包的 / only this pack's")
    rs.add_argument("--since", metavar="DATE", help="自此日（含）存档的 / recorded on or after YYYY-MM-DD")
    rs.add_argument("--until", metavar="DATE", help="至此日（含）存档的 / recorded on or before YYYY-MM-DD")
    rs.add_argument("--outcome", choices=("exempt", "reduce", "lighten", "deny", "undetermined"),
                    help="只列此结论的 / only this outcome")
    rs.add_argument("--current", action="store_true", help="不列已被更正的 / leave out superseded records")
    rs.add_argument("--db", metavar="URL", help="存档数据库 / the archive's database URL")
    rs.add_argument("--format", choices=("text", "json"), default="text", help="输出格式 / output format")
    rs.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="语言 / language")

    vf = sub.add_parser("verify", help="重新评估存档的记录，看结论是否一致 / re-evaluate a record")
    vf.add_argument("record", metavar="RECORD_ID|FILE", help="记录编号，或导出的记录文件 / a record id or exported record file")
    vf.add_argument("--db", metavar="URL", help="存档数据库 / the archive's database URL")
    vf.add_argument("--format", choices=("text", "json"), default="text", help="输出格式 / output format")
    vf.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="语言 / language")

    pg = sub.add_parser("pack", help="政策包起草工具 / tools for drafting packs")
    pg_sub = pg.add_subparsers(dest="pack_command", required=True, parser_class=_Parser, metavar="SUBCOMMAND")
    sf = pg_sub.add_parser("scaffold", help="把办法原文拆成条款，生成政策包草稿 / split a measure into clauses: a pack skeleton")
    sf.add_argument("measure", metavar="MEASURE", help="办法原文（.txt、.md 或 .docx）/ the measure's text (.txt, .md, .docx)")
    sf.add_argument("--name", required=True, help="政策包名（小写字母、数字、下划线）/ the pack's name")
    sf.add_argument("-o", "--output", required=True, metavar="FILE", help="写入的 YAML 文件 / the YAML file to write")
    sf.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="信息的语言 / language of messages")

    cl = sub.add_parser("checklist", help="“X”清单起草工具 / tools for drafting X checklists")
    cl_sub = cl.add_subparsers(dest="checklist_command", required=True, parser_class=_Parser, metavar="SUBCOMMAND")
    ci = cl_sub.add_parser("import", help="从 Word/文本起草“X”清单 YAML / draft a checklist's YAML from its document")
    ci.add_argument("document", metavar="DOCUMENT", help="清单文稿（.docx、.txt 或 .md）/ the checklist's document")
    ci.add_argument("--parent", required=True, help="上位政策包（随附包名）/ the parent pack (a shipped pack's name)")
    ci.add_argument("--name", help="清单名（缺省取文件名）/ the checklist's name (default: the file's name)")
    ci.add_argument("--annex", type=_positive, metavar="N", help="作为上位办法的附件几 / which annex of the parent it is")
    ci.add_argument("-o", "--output", required=True, metavar="FILE", help="写入的 YAML 文件 / the YAML file to write")
    ci.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="信息的语言 / language of messages")

    dc = sub.add_parser("document", help="按记录制作办法规定的文书 / the measure's documents, from a record")
    dc.add_argument("kind", choices=("application", "decision", "correction", "statistics"),
                    help="application 容错申请表、decision 容错决定书、correction 纠错通知书（DOCX）；statistics 容错统计表（XLSX）")
    dc.add_argument("record", nargs="?", metavar="RECORD_ID", help="记录编号（statistics 除外）/ the record (not for statistics)")
    dc.add_argument("-o", "--output", required=True, metavar="FILE", help="写入的文件 / the file to write")
    dc.add_argument("--details", metavar="FILE", help="当事人等详情（YAML，补充或覆盖记录中的）/ particulars (YAML)")
    dc.add_argument("--half", metavar="YYYY-H1|YYYY-H2", help="statistics：哪个半年 / which half-year")
    dc.add_argument("--pack", help="statistics：哪个政策包的记录 / whose records")
    dc.add_argument("--unit", default="", help="statistics：填报单位 / the reporting unit")
    dc.add_argument("--db", metavar="URL", help="存档数据库 / the archive's database URL")
    dc.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="信息的语言 / language of messages")

    sv = sub.add_parser("serve", help="启动 HTTP 服务与网页 / run the HTTP service and web page")
    sv.add_argument("--host", default="127.0.0.1",
                    help="监听地址（缺省仅本机 127.0.0.1）/ address to listen on (default loopback only)")
    sv.add_argument("--port", type=_port, default=8000, help="端口（缺省 8000）/ port (default 8000)")
    sv.add_argument("--workers", type=_positive, default=1, metavar="N",
                    help="工作进程数（缺省 1）/ worker processes (default 1)")
    sv.add_argument("--db", default=None, metavar="URL",
                    help="决定存档的数据库（缺省 RONGCUO_DB，再缺省本目录的 rongcuo-records.sqlite3）/ the archive's "
                         "database URL (default RONGCUO_DB, else rongcuo-records.sqlite3 here)")
    sv.add_argument("--max-body", type=_positive, default=1 << 20, metavar="BYTES",
                    help="请求体上限，字节（缺省 1 MiB）/ request body limit in bytes (default 1 MiB)")
    sv.add_argument("--read-timeout", type=_seconds, default=30.0, metavar="SECONDS",
                    help="接收请求体的时限（缺省 30 秒）/ time to receive a body (default 30 s)")
    sv.add_argument("--compare-timeout", type=_seconds, default=20.0, metavar="SECONDS",
                    help="一次比较的时限（缺省 20 秒）/ time limit of one comparison (default 20 s)")
    sv.add_argument("--max-batch", type=_positive, default=1000, metavar="N",
                    help="一次批量评估的案件数上限（缺省 1000）/ cases in one batch request (default 1000)")
    sv.add_argument("--lint-timeout", type=_seconds, default=20.0, metavar="SECONDS",
                    help="一次清单检查的时限（缺省 20 秒）/ time limit of one lint (default 20 s)")
    sv.add_argument("--log-level", choices=("critical", "error", "warning", "info", "debug"), default="info",
                    help="日志级别 / log level")

    sh = sub.add_parser("show", help="按读者的方式显示一个政策包 / a pack as a reader wants it")
    sh.add_argument("pack", metavar="PACK", help="随附包名、包文件，或 all / a shipped pack's name, a pack file, or all")
    sh.add_argument("--format", choices=("text", "json", "md"), default="text",
                    help="输出格式（缺省 text；md 为 Markdown）/ output format (default text; md: Markdown)")
    sh.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="语言 / language")

    vo = sub.add_parser("vocabulary", help="列出事实词汇，或一个事实被哪些包读取 / the fact vocabulary, or one fact's uses")
    vo.add_argument("fact", nargs="?", metavar="FACT",
                    help="只看这个事实：它的取值和读取它的各包规则 / one fact: its values and the rules that read it")
    vo.add_argument("--format", choices=("text", "json"), default="text", help="输出格式（缺省 text）/ output format (default text)")
    vo.add_argument("--lang", choices=("zh", "en"), default=_env_lang(), help="输出与信息的语言（缺省 zh，或 RONGCUO_LANG）/ language of output and messages")
    return p


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .case import load_case
    from .pack import get_pack, shipped_pack_names

    names = shipped_pack_names() if args.pack == "all" else [args.pack]
    packs = [get_pack(n) for n in names]
    if args.checklist:
        from .api import with_checklists

        packs = [with_checklists(p, args.checklist) for p in packs]
    if args.case == ["-"] or len(args.case) > 1:
        return _evaluate_many(args, packs)
    _out(_evaluated(args, packs, load_case(args.case[0]), pretty=True))
    return EXIT_OK


def _evaluated(args: argparse.Namespace, packs: list[Any], case: Any, pretty: bool) -> str:
    """One case's output: its verdict (or one per pack with ``--pack all``) as text or JSON."""
    from .api import evaluate
    from .render import render_summary, render_verdict

    verdicts = [evaluate(p, case, engine=args.engine, lang=args.lang, explain=args.explain) for p in packs]
    if args.format == "json":
        if not pretty:  # JSON Lines: one compact document a case
            texts = [v.to_json(None) for v in verdicts]
            return "[" + ",".join(texts) + "]" if args.pack == "all" else texts[0]
        data: Any = [v.to_dict() for v in verdicts] if args.pack == "all" else verdicts[0].to_dict()
        return json.dumps(data, ensure_ascii=False, indent=2)
    blocks = [render_verdict(v, p, args.lang) for v, p in zip(verdicts, packs)]
    if args.pack == "all":
        blocks.insert(0, render_summary(verdicts, packs, args.lang))
    return "\n".join(blocks)


def _stdin_cases() -> Any:
    """(name, case or InputError) for each non-blank line of stdin, a JSON case as a case file holds it.
    The stream is UTF-8 whatever the locale says (a byte-order mark at its start is allowed); a line that is
    not UTF-8 is that line's error."""
    from .case import parse_case
    from .errors import Location
    from .yamlio import load_text

    for n, raw in enumerate(sys.stdin.buffer, 1):
        name = f"<stdin>:{n}"
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield name, InputError("file.encoding", Location("<stdin>", n), reason=str(exc.reason))
            continue
        if not line.strip():
            continue
        try:
            doc = load_text(line, "<stdin>", fmt="json")
            yield name, parse_case(doc.data, doc)
        except InputError as exc:  # located on its line of the stream
            yield name, InputError(exc.code, Location("<stdin>", n, exc.location.col), **exc.params)


def _file_cases(paths: list[str]) -> Any:
    from .case import load_case

    for path in paths:
        try:
            yield path, load_case(path)
        except InputError as exc:
            yield path, exc


def _evaluate_many(args: argparse.Namespace, packs: list[Any]) -> int:
    """Many cases in one process: JSON Lines (one verdict, or one array with ``--pack all``, per case, in
    input order) or text blocks headed by the case's file. A case that cannot be read or evaluated gets its
    error — on stdout as ``{"case", "error"}`` in JSON, on stderr in text — and the rest still answer; exit
    status 2 if any case was bad input, 3 if an engine failed on any."""
    lang = args.lang
    if "-" in args.case and args.case != ["-"]:
        raise InputError("cli.usage", problem="- (stdin) cannot be mixed with case files")
    cases = _stdin_cases() if args.case == ["-"] else _file_cases(args.case)
    status = EXIT_OK
    write = sys.stdout.write
    for name, case in cases:
        if not isinstance(case, RongcuoError):
            try:
                out = _evaluated(args, packs, case, pretty=args.format != "json")
            except RongcuoError as exc:
                case = exc
            else:
                write(out + "\n" if args.format == "json" else f"══ {name} ══\n{out}\n\n")
                continue
        status = max(status, EXIT_INPUT if isinstance(case, InputError) else EXIT_FAILURE)
        if args.format == "json":
            write(json.dumps({"case": name, "error": case.to_dict(lang)}, ensure_ascii=False) + "\n")
        else:
            sys.stderr.write(f"rongcuo: {case.render(lang)}\n")
    return status


def _assumptions(items: list[str]) -> dict[str, Any]:
    from .compare import check_assumptions
    from .yamlio import load_text

    pairs = []
    for item in items:
        if "=" not in item:
            raise InputError("cli.usage", problem=f"--assume {item}: expected FACT=VALUE")
        name, raw = item.split("=", 1)
        value = load_text(raw, "--assume").data if raw.strip() else raw  # true/false as YAML booleans
        pairs.append((name, value))
    return check_assumptions(pairs)


def cmd_compare(args: argparse.Namespace) -> int:
    from .compare import compare, comparison_to_dict, render_comparison
    from .pack import get_pack

    if args.all:
        return _compare_all(args)
    if not (args.a and args.b):
        raise InputError("cli.usage", problem="compare needs two packs, or --all")
    a, b = get_pack(args.a), get_pack(args.b)
    result = compare(a, b, _assumptions(args.assume))
    if args.format == "json":
        _out(json.dumps(comparison_to_dict(result, args.limit), ensure_ascii=False, indent=2))
    else:
        _out(render_comparison(result, a, b, args.lang, args.limit))
    return EXIT_OK


def _compare_all(args: argparse.Namespace) -> int:
    import warnings
    from pathlib import Path

    from .compare import compare_all, matrix_html, matrix_markdown
    from .errors import WorkersUnavailableWarning
    from .pack import get_pack, shipped_pack_names

    packs = [get_pack(n) for n in shipped_pack_names()]
    # a progress bar on a terminal (stderr), nothing when the output goes elsewhere
    from tqdm import tqdm

    from .wording import text

    pairs = len(packs) * (len(packs) - 1) // 2
    with tqdm(total=pairs, desc=text("matrix.progress", args.lang), file=sys.stderr, unit="",
              disable=not sys.stderr.isatty(), leave=False) as bar:
        def done(a: str, b: str) -> None:
            bar.set_postfix_str(f"{a} ↔ {b}", refresh=False)
            bar.update()

        shown = warnings.showwarning

        def show(message: Any, category: type[Warning], *where: Any) -> None:
            """Running alone is said as the CLI's other messages are, when it happens (above the bar); any other
            warning as Python shows it (the filters, the user's included, decide what is shown)."""
            if issubclass(category, WorkersUnavailableWarning):
                tqdm.write(f"rongcuo: {message}", file=sys.stderr)
            else:
                shown(message, category, *where)

        with warnings.catch_warnings():  # (puts Python's way of showing them back afterwards)
            warnings.showwarning = show
            results = compare_all(packs, processes=args.processes, progress=done, lang=args.lang)
    markdown = matrix_markdown(packs, results)
    out = Path(args.output)
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "compare-matrix.md").write_text(markdown, encoding="utf-8")
        (out / "compare-matrix.html").write_text(matrix_html(markdown), encoding="utf-8")
    except OSError as exc:
        raise InputError("file.unreadable", reason=f"{out}: {exc.strerror or exc}") from None
    _out(f"{out / 'compare-matrix.md'}\n{out / 'compare-matrix.html'}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .pack import get_pack
    from .properties import check
    from .wording import punct, text

    failed = False
    report = []
    from .pack import shipped_pack_names

    names = list(dict.fromkeys(n for a in args.pack for n in (shipped_pack_names() if a == "all" else [a])))
    for name in names:
        pack = get_pack(name)
        for r in check(pack):
            failed |= not r.holds
            report.append({"pack": pack.name, "property": r.property.id, "holds": r.holds,
                           "text": r.property.text.get(args.lang), "clause": r.property.clause,
                           "counterexample": r.counterexample,
                           "outcomes": [v.outcome for v in r.verdicts or [] if v is not None]})
    if args.format == "json":
        _out(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for row in report:
            mark = "✔" if row["holds"] else "✘"
            _out(f"{mark} {row['pack']} {row['property']}{punct(args.lang).colon}{row['text']}")
            if not row["holds"]:
                facts = ", ".join(f"{k}={'true' if v is True else 'false' if v is False else v}"
                                  for k, v in row["counterexample"].items())
                _out(f"    {text('heading.counterexample', args.lang)}: {facts}")
                _out(f"    {text('heading.outcome', args.lang)}: {' → '.join(row['outcomes'])}")
    return EXIT_FINDINGS if failed else EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    from .pack import get_pack
    from .procedure import load_events, render_timeline, timeline
    from .workdays import OfficialCalendar, load_year_schedule

    pack = get_pack(args.pack)
    calendar = OfficialCalendar(estimate=args.estimate)
    for path in args.calendar:
        calendar.add_year(load_year_schedule(path))
    events = load_events(args.events)
    result = timeline(pack, events, args.as_of, calendar=calendar, lang=args.lang)
    if args.format == "json":
        _out(result.to_json())
    else:
        _out(render_timeline(result, pack, args.lang))
    return EXIT_OK


def cmd_lint(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .textutil import did_you_mean
    from .lint import config as lint_config
    from .lint.core import registry
    from .lint.output import catalogue, render_json, render_sarif, render_text, rule_page
    from .lint.runner import lint_paths

    rules = registry()
    if args.list_rules:
        from .lint.output import catalogue_table

        _out(catalogue(args.lang) if args.format == "md" else catalogue_table(args.lang))
        return EXIT_OK
    if args.format == "md":
        raise InputError("cli.md_only_for_rules")
    if args.explain:
        rid = args.explain.upper() if args.explain.upper() in rules else \
            next((r.id for r in rules.values() if r.name == args.explain), None)
        if rid is None:
            raise InputError("lint.unknown_rule", rule=args.explain, hint=did_you_mean(args.explain, rules),
                             allowed=", ".join(rules))
        _out(rule_page(rules[rid], args.lang))
        return EXIT_OK
    if not args.files:
        raise InputError("cli.usage", problem="lint needs at least one FILE (or --explain / --list-rules)")
    path = args.config if args.config else lint_config.find_config(Path.cwd())
    config = lint_config.load_config(path)
    from .lint.draft import is_draft, lint_draft

    if "all" in args.files:  # every shipped pack and checklist
        from .checklist import checklists_dir, shipped_checklist_names
        from .pack import shipped_pack_names

        args.files = list(dict.fromkeys([f for f in args.files if f != "all"] + shipped_pack_names() + [
            _shown_path(checklists_dir() / f"{n}.yaml") for n in shipped_checklist_names()]))
    drafts = [f for f in args.files if is_draft(f)]
    if drafts and not args.parent:
        raise InputError("cli.usage", problem=f"{drafts[0]}: a drafter's document needs --parent PACK")
    if drafts:
        from .pack import shipped_pack_names

        names = shipped_pack_names()
        if args.parent not in names:  # a misspelt parent would silently skip the rules that need it
            raise InputError("pack.unknown", name=args.parent, hint=did_you_mean(args.parent, names),
                             allowed=", ".join(names))
    report = lint_paths([f for f in args.files if not is_draft(f)], config)
    for f in drafts:
        part = lint_draft(f, args.parent, config)
        report.files += part.files
        report.findings += part.findings
    render = {"text": render_text, "json": render_json, "sarif": render_sarif}[args.format]
    _out(render(report, args.lang))
    return EXIT_FINDINGS if report.has_errors else EXIT_OK


def cmd_packs(args: argparse.Namespace) -> int:
    from .api import pack_summaries
    from .wording import text

    rows = pack_summaries(args.lang)
    if args.format == "json":
        _out(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        _out(f"{r['pack']}  {r['title']}")
        _out(f"    {text('heading.issuer', args.lang)}: {r['issuer']}   "
             f"{text('heading.issued', args.lang)}: {r['issued']}   "
             f"{text('heading.counts', args.lang)}: {r['conditions']}/{r['scenarios']}/{r['exclusions']}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import case_schema, checklist_schema, pack_schema

    schema = {"pack": pack_schema, "case": case_schema, "checklist": checklist_schema,
              "events": lambda: case_schema(kind="events")}[args.kind]()
    _out(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_record(args: argparse.Namespace) -> int:
    from .api import evaluate, with_checklists
    from .archive import Archive
    from .case import load_case
    from .pack import get_pack, shipped_pack_names
    from .wording import text

    if args.pack not in shipped_pack_names():  # a record names a pack others can find again: a shipped one
        from .textutil import did_you_mean

        names = shipped_pack_names()
        raise InputError("service.shipped_only", name=args.pack, hint=did_you_mean(args.pack, names),
                         allowed=", ".join(names))
    pack = get_pack(args.pack)
    if args.checklist:
        pack = with_checklists(pack, args.checklist)
    case = load_case(args.case)
    verdict = evaluate(pack, case, engine=args.engine, lang=args.lang, explain=args.explain)
    details = None
    if args.details:
        from .archive import check_details
        from .errors import Location
        from .yamlio import load_file

        details = check_details(load_file(args.details).data, Location(args.details))
    record = Archive(args.db).record(verdict, case, recorded_by=args.decided_by, note=args.note,
                                     supersedes=args.supersedes, details=details)
    if args.format == "json":
        _out(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    else:
        _out(text("archive.recorded", args.lang, id=record.id, outcome=_outcome(record.outcome, args.lang),
                  pack=record.verdict["pack"], at=record.recorded_at))
    return EXIT_OK


def _outcome(outcome: str, lang: str) -> str:
    from .wording import outcome_label

    return outcome_label(outcome, lang)


def cmd_records(args: argparse.Namespace) -> int:
    from .archive import Archive
    from .wording import text

    rows = Archive(args.db).records(pack=args.pack, since=args.since, until=args.until, outcome=args.outcome,
                                    current_only=args.current)
    if args.format == "json":
        _out(json.dumps([r.to_dict() for r in rows], ensure_ascii=False, indent=2))
        return EXIT_OK
    for r in rows:
        extra = []
        if r.supersedes:
            extra.append(text("archive.corrects", args.lang, id=r.supersedes))
        if r.superseded_by:
            extra.append(text("archive.corrected_by", args.lang, id=r.superseded_by))
        case_id = r.verdict.get("case_id")
        _out(f"{r.id}\t{r.recorded_at}\t{r.verdict['pack']}\t{case_id if case_id is not None else '-'}\t"
             f"{_outcome(r.outcome, args.lang)}\t{r.recorded_by or '-'}" + (f"\t{' '.join(extra)}" if extra else ""))
    if not rows:
        _out(text("archive.none", args.lang))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .archive import Archive, verify_record
    from .wording import text

    target = args.record
    if Path(target).suffix.lower() in (".json", ".yaml", ".yml") or (not target.isdigit() and Path(target).exists()):
        from .yamlio import load_file

        data = load_file(target).data
        result = verify_record(data)
    else:
        result = Archive(args.db).verify(target)
    if args.format == "json":
        _out(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        lang = args.lang
        if result.same:
            _out(text("archive.same", lang, id=result.record_id or target))
        else:
            _out(text("archive.differs", lang, id=result.record_id or target,
                      fields=", ".join(result.changed_fields) or "receipt"))
            if result.outcome_then != result.outcome_now:
                _out("  " + text("archive.outcome_changed", lang, then=_outcome(result.outcome_then, lang),
                                 now=_outcome(result.outcome_now, lang)))
            for part, changed in (("case", result.case_altered), ("pack", result.pack_changed),
                                  ("vocabulary", result.vocabulary_changed), ("library", result.library_changed)):
                if changed:
                    key = "archive.case_altered" if part == "case" else f"archive.{part}_changed"
                    _out("  " + text(key, lang, then=result.receipt_then.get("library_version"),
                                     now=result.receipt_now.get("library_version")))
    return EXIT_OK if result.same else EXIT_FINDINGS


def cmd_document(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .archive import Archive, check_details
    from .documents import docx_document, half_year, statistics_workbook
    from .errors import Location
    from .pack import get_pack, shipped_pack_names

    archive = Archive(args.db)
    if args.kind == "statistics":
        if not (args.half and args.pack):
            raise InputError("cli.usage", problem="document statistics needs --half YYYY-H1|YYYY-H2 and --pack")
        if args.pack not in shipped_pack_names():
            raise InputError("service.shipped_only", name=args.pack, hint="", allowed=", ".join(shipped_pack_names()))
        since, until = half_year(args.half)
        rows = archive.records(pack=args.pack, since=since, until=until, current_only=True)
        data = statistics_workbook(rows, get_pack(args.pack), unit=args.unit)
    else:
        if not args.record:
            raise InputError("cli.usage", problem=f"document {args.kind} needs a RECORD_ID")
        record = archive.get(args.record)
        details = None
        if args.details:
            from .yamlio import load_file

            doc = load_file(args.details)
            details = check_details(doc.data, Location(args.details))
        pack = get_pack(record.verdict["pack"])
        data = docx_document(args.kind, record, pack, details)
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise InputError("document.unwritable", path=args.output, reason=exc.strerror or str(exc)) from None
    _out(args.output)
    return EXIT_OK


def cmd_checklist(args: argparse.Namespace) -> int:
    import re
    from pathlib import Path

    from .importer import checklist_yaml, items_of, suggest
    from .pack import get_pack, shipped_pack_names
    from .scaffold import read_paragraphs

    if args.parent not in shipped_pack_names():
        from .textutil import did_you_mean

        names = shipped_pack_names()
        raise InputError("pack.unknown", name=args.parent, hint=did_you_mean(args.parent, names), allowed=", ".join(names))
    name = args.name
    if name is None:  # from the file's name when it makes a valid one (a Chinese file name does not)
        derived = re.sub(r"[^a-z0-9_]", "_", Path(args.document).stem.lower()).strip("_")
        name = derived if re.fullmatch(r"[a-z][a-z0-9_]*", derived) else "draft"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise InputError("pack.bad_name", name=name)
    imported = suggest(items_of(read_paragraphs(args.document), source=args.document), get_pack(args.parent))
    try:
        Path(args.output).write_text(checklist_yaml(imported, name, args.parent, args.annex), encoding="utf-8")
    except OSError as exc:
        raise InputError("document.unwritable", path=args.output, reason=exc.strerror or str(exc)) from None
    suggested = sum(1 for i in imported.items if i.facts)
    refined = sum(1 for i in imported.items if i.refines)
    _out(f"{args.output}: {len(imported.items)} items; when suggested for {suggested}, refines for {refined} — review each"
         + (f"; {len(imported.notes)} lines not taken as items (listed at the top)" if imported.notes else ""))
    return EXIT_OK


def cmd_pack(args: argparse.Namespace) -> int:
    import re
    from pathlib import Path

    from .scaffold import read_paragraphs, scaffold, skeleton_yaml

    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.name):
        raise InputError("pack.bad_name", name=args.name)
    docx = Path(args.measure).suffix.lower() == ".docx"  # a Word paragraph is whole: nothing to join
    result = scaffold(read_paragraphs(args.measure), join=not docx, source=args.measure)
    text = skeleton_yaml(result, args.name, Path(args.measure).name)
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError("document.unwritable", path=args.output, reason=exc.strerror or str(exc)) from None
    articles = sum(1 for k in result.clauses if k.startswith("art") and "." not in k)
    _out(f"{args.output}: {len(result.clauses)} clauses ({articles} articles), {len(result.chapters)} chapters"
         + (f"; {len(result.notes)} reading notes at the top of the file — check them" if result.notes else ""))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .service import LOOPBACK, serve
    from .service.settings import Settings

    if args.host not in LOOPBACK:
        sys.stderr.write(f"rongcuo: {message('service.exposed', _env_lang(), host=args.host)}\n")
    settings = Settings(max_body=args.max_body, read_timeout=args.read_timeout,
                        compare_timeout=args.compare_timeout, max_batch=args.max_batch,
                        lint_timeout=args.lint_timeout, db=args.db)
    serve(args.host, args.port, args.workers, settings, args.log_level)
    return EXIT_OK


def cmd_vocabulary(args: argparse.Namespace) -> int:
    from .vocabulary import default_vocabulary

    vocab = default_vocabulary()
    if args.fact:
        return _one_fact(args, vocab)
    if args.format == "json":
        from .api import vocabulary_document

        _out(json.dumps(vocabulary_document(), ensure_ascii=False, indent=2))
        return EXIT_OK
    for name, f in vocab.facts.items():
        kind = "open" if f.open else "closed"
        values = " < ".join(map(str, f.allowed)) if f.ordered else " | ".join(
            ("true" if v is True else "false" if v is False else str(v)) for v in f.allowed)
        _out(f"{name}  [{kind}]  {values}\n    {f.label.get(args.lang)} — {f.description.get(args.lang)}")
    return EXIT_OK


def _one_fact(args: argparse.Namespace, vocab: Any) -> int:
    from .api import vocabulary_document
    from .describe import fact_uses
    from .pack import get_pack, shipped_pack_names
    from .wording import text

    fact = vocab.lookup(args.fact)  # did-you-mean for a misspelt name
    uses = fact_uses(fact.name, [get_pack(n) for n in shipped_pack_names()], args.lang)
    if args.format == "json":
        _out(json.dumps({"fact": fact.name, **vocabulary_document()[fact.name], "used_by": uses},
                        ensure_ascii=False, indent=2))
        return EXIT_OK
    values = " | ".join(fact.value_label(v, args.lang) + f" ({'true' if v is True else 'false' if v is False else v})"
                        for v in fact.allowed)
    _out(f"{fact.name}  {fact.label.get(args.lang)} — {fact.description.get(args.lang)}\n    {values}")
    _out(f"{text('show.used_by', args.lang)}:" if uses else text("show.unused", args.lang))
    for u in uses:
        _out(f"  {u['pack']}  {u['label']}  {u['rule']}  ({u['section_label']})")
    return EXIT_OK


def _shown_path(path: Any) -> str:
    """A path as a user reads it: relative to the working directory when under it."""
    from pathlib import Path

    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def cmd_show(args: argparse.Namespace) -> int:
    from .describe import pack_document, render_pack
    from .pack import get_pack, shipped_pack_names

    packs = [get_pack(n) for n in (shipped_pack_names() if args.pack == "all" else [args.pack])]
    if args.format == "json":
        docs = [pack_document(p, args.lang) for p in packs]
        _out(json.dumps(docs if args.pack == "all" else docs[0], ensure_ascii=False, indent=2))
    else:
        _out("\n".join(render_pack(p, args.lang, markdown=args.format == "md") for p in packs))
    return EXIT_OK


COMMANDS = {"show": cmd_show, "evaluate": cmd_evaluate, "compare": cmd_compare, "check": cmd_check, "lint": cmd_lint, "timeline": cmd_timeline,
            "packs": cmd_packs, "serve": cmd_serve, "record": cmd_record, "document": cmd_document, "pack": cmd_pack, "checklist": cmd_checklist, "records": cmd_records, "verify": cmd_verify, "schema": cmd_schema, "vocabulary": cmd_vocabulary}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from(argv)
    if not argv:  # a bare call: what there is to do
        sys.stdout.write(build_parser().format_help())
        return EXIT_INPUT
    try:
        # the first word names the command (options come after it): only its parser is built
        args = build_parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
        return COMMANDS[args.command](args)
    except InputError as exc:
        sys.stderr.write(f"rongcuo: {exc.render(lang)}\n")
        return EXIT_INPUT
    except (EngineError, RongcuoError) as exc:
        sys.stderr.write(f"rongcuo: {exc.render(lang)}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:  # pragma: no cover - interactive
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except Exception as exc:  # a defect: one line, and the traceback only on request
        if os.environ.get("RONGCUO_DEBUG"):
            raise
        sys.stderr.write(f"rongcuo: {message('cli.internal', lang, reason=f'{type(exc).__name__}: {exc}')}\n")
        return EXIT_FAILURE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
