"""What a newcomer meets on the command line: --version, usage on a bare call, help for every option, argparse's
complaints in the user's language, `all` wherever packs are listed, a terminal table of lint rules, and the shipped
packs and checklists linting clean."""

from __future__ import annotations

import argparse
import json

import pytest

from rongcuo_rules.cli import build_parser, main
from rongcuo_rules.pack import shipped_pack_names
from rongcuo_rules.version import __version__


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own --version / --help
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_a_bare_call(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"rongcuo {__version__}\n", "")
    code, out, _ = run(capsys)
    assert code == 2 and out.startswith("用法 / usage: rongcuo") and "evaluate" in out and "serve" in out


def test_help_screens_speak_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["-h"], ["evaluate", "-h"], ["pack", "scaffold", "-h"], ["checklist", "import", "-h"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and out.startswith("用法 / usage:"), argv
        assert "show this help message" not in out and "positional arguments" not in out and "\noptions:" not in out
        assert "显示此帮助 / show this help" in out
    code, _, err = run(capsys, "pack")
    assert code == 2 and "SUBCOMMAND" in err and "pack_command" not in err


def _actions(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _actions(sub, (*path, name))
        elif not isinstance(action, argparse._HelpAction):
            yield path, action


def test_every_option_and_command_has_help() -> None:
    seen = list(_actions(build_parser()))
    assert len(seen) > 80
    missing = [(path, a.option_strings or a.dest) for path, a in seen if not a.help]
    assert missing == []
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert all(c.help for c in sub._choices_actions)


def _signature(parser: argparse.ArgumentParser) -> list[tuple[tuple[str, ...], str, tuple[str, ...], object]]:
    return [(path, a.dest, tuple(a.option_strings), (a.default, a.choices, a.nargs, a.required, a.help))
            for path, a in _actions(parser)]


@pytest.mark.parametrize("command", sorted(__import__("rongcuo_rules.cli").cli.COMMANDS))
def test_a_commands_own_parser_is_the_whole_parsers(command: str) -> None:
    """main builds only the named command's parser; it must be that command's part of the whole one."""
    whole, own = _signature(build_parser()), _signature(build_parser(command))
    assert [s for s in own if s[0][:1] != (command,)] == [s for s in whole if s[0] == ()]  # nothing of the others
    assert [s for s in own if s[0][:1] == (command,)] == [s for s in whole if s[0][:1] == (command,)] != []
    subs = [next(a for a in p._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
            for p in (build_parser(), build_parser(command))]
    assert subs[0].format_help() == subs[1].format_help() and subs[0].prog == subs[1].prog


@pytest.mark.parametrize("argv", [
    ["evaluate", "--pack", "fuzhou", "a.yaml", "b.yaml", "--format", "json", "--explain", "near"],
    ["compare", "fuzhou", "jinan", "--assume", "subject.kind=individual", "--limit", "0"],
    ["pack", "scaffold", "m.txt", "--name", "x", "-o", "x.yaml"],
    ["checklist", "import", "d.docx", "--parent", "shaoxing", "-o", "c.yaml", "--annex", "2"],
    ["lint", "all", "--format", "sarif"],
])
def test_a_command_line_parses_alike_either_way(argv: list[str]) -> None:
    assert vars(build_parser(argv[0]).parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize("argv, zh, en", [
    (["schema"], "缺少参数：KIND", "missing: KIND"),
    (["evaluate", "--pack", "fuzhou", "x.yaml", "--format", "yaml"], "--format 不能是“yaml”", "--format cannot be 'yaml'"),
    (["compare", "fuzhou", "jinan", "--limit", "many"], "--limit 的值“many”不对", "--limit: 'many' is not a"),
    (["packs", "--bogus"], "不认识的参数：--bogus", "unrecognised arguments: --bogus"),
])
def test_argparse_speaks_the_users_language(capsys: pytest.CaptureFixture[str], argv: list[str], zh: str,
                                            en: str) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and zh in err and "the following" not in err and "invalid choice" not in err
    code, _, err = run(capsys, *argv, "--lang", "en")
    assert code == 2 and en in err


def test_all_wherever_packs_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "all", "--format", "json")
    assert {row["pack"] for row in json.loads(out)} == set(shipped_pack_names())
    code, out, _ = run(capsys, "lint", "all", "--format", "json")
    report = json.loads(out)
    assert code == 0 and len(report["files"]) == 10  # five packs, five checklists
    assert report["summary"]["error"] == report["summary"]["warning"] == 0  # shipped: clean


def test_the_accepted_finding_in_jinan_is_recorded_not_hidden(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rongcuo_rules.pack import policies_dir

    assert run(capsys, "lint", "jinan")[0] == 0
    text = (policies_dir() / "jinan.yaml").read_text(encoding="utf-8")
    assert "# rongcuo-lint: ignore RL401 -- 原文如此" in text  # the reason sits with the words it accepts
    stripped = tmp_path / "jinan.yaml"
    stripped.write_text("\n".join(l for l in text.splitlines() if "rongcuo-lint: ignore RL401" not in l),
                        encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(stripped))
    assert code == 1 and out.count("RL401") == 2  # without it, the source's cross-reference error shows


def test_the_rules_as_a_terminal_table_or_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lint", "--list-rules")
    first = out.splitlines()[0]
    assert code == 0 and first.startswith("RL001  错误") and "|" not in out and ".md)" not in out
    code, out, _ = run(capsys, "lint", "--list-rules", "--format", "md")
    assert out.startswith("# 检查规则目录") and "| [RL001](RL001.md) |" in out
    assert run(capsys, "lint", "jinan", "--format", "md")[0] == 2


def test_compare_all_says_where_it_writes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", "--help")
    assert code == 0 and "docs under the current directory" in out


def test_rongcuo_lang_sets_the_language_of_output_too(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from .conftest import ROOT

    monkeypatch.setenv("RONGCUO_LANG", "en")
    code, out, _ = run(capsys, "evaluate", "--pack", "fuzhou", str(ROOT / "examples" / "fuzhou_flood_exempt.yaml"))
    assert code == 0 and "Outcome: exempt" in out and "结论" not in out
    code, _, err = run(capsys, "schema")
    assert code == 2 and err.startswith("rongcuo: missing: KIND")


def test_show_all_and_no_pack_twice(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "all", "--format", "json")
    assert [d["pack"] for d in json.loads(out)] == shipped_pack_names()
    code, out, _ = run(capsys, "check", "all", "fuzhou", "--format", "json")
    rows = json.loads(out)
    assert len(rows) == len({(r["pack"], r["property"]) for r in rows})  # fuzhou once
