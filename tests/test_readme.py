"""The README's commands must keep working: scripts exist, every ``dyads`` command and option is real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dyads.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
LINES = [line.split("#")[0].strip() for block in BLOCKS for line in block.splitlines()]
DYADS = [line for line in LINES if ".venv/bin/dyads " in line]
SCRIPTS = [line for line in LINES if line.startswith("bash ")]


def test_readme_has_the_two_quick_start_commands() -> None:
    assert "bash scripts/demo.sh" in SCRIPTS[:2] and "bash scripts/test.sh" in SCRIPTS[:2]


@pytest.mark.parametrize("line", SCRIPTS)
def test_scripts_exist(line: str) -> None:
    assert (ROOT / shlex.split(line)[1]).is_file()


@pytest.mark.parametrize("line", DYADS)
def test_dyads_commands_and_options_exist(line: str, capsys: pytest.CaptureFixture[str]) -> None:
    words = shlex.split(
        line[line.index(".venv/bin/dyads ") :].split("|", maxsplit=1)[0].split(">", maxsplit=1)[0]
    )[1:]
    command = words[0]
    assert main([command, "--help"]) == 0
    help_text = capsys.readouterr().out
    for w in words[1:]:
        if w.startswith("--"):
            assert w.split("=")[0] in help_text, f"{w} is not an option of 'dyads {command}'"
