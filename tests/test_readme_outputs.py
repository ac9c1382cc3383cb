"""Every output the README shows is what the command prints: each ```text block that starts with `$ rongcuo …`
is run, and each line it shows must be a line of the real output, in order. A line may leave words out with
…… or … (the README abbreviates long lines); a line that is only an ellipsis stands for lines left out."""

from __future__ import annotations

import re
import shlex

import pytest

from rongcuo_rules.cli import main

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = [m.group(1) for m in re.finditer(r"```text\n(\$ rongcuo [^\n]*\n.*?)```", README, re.S)]
_ELLIPSIS = re.compile(r"……|…")


def _matches(shown: str, line: str) -> bool:
    parts = [p for p in _ELLIPSIS.split(shown)]
    if len(parts) == 1:
        return shown == line
    at = 0
    for i, part in enumerate(parts):
        if not part:
            continue
        found = line.find(part, at)
        if found < 0 or (i == 0 and found != 0):
            return False
        at = found + len(part)
    return True


def test_there_are_outputs_to_check() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[b.splitlines()[0][2:60] for b in BLOCKS])
def test_the_readme_shows_what_the_command_prints(block: str, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("RONGCUO_LANG", raising=False)
    command, *shown = block.rstrip("\n").split("\n")
    main(shlex.split(command)[2:])
    out, err = capsys.readouterr()
    actual = (out + err).splitlines()
    at = 0
    for line in shown:
        if not _ELLIPSIS.sub("", line).strip():
            continue  # lines left out
        while at < len(actual) and not _matches(line, actual[at]):
            at += 1
        assert at < len(actual), f"README line not in the output (in order):\n{line}\n--- output ---\n" + "\n".join(actual)
        at += 1
