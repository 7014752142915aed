"""docs/web.md stays true: every API route it lists exists (and every route is listed); its commands and
options are real."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from dyads.cli.main import main
from dyads.web import WebConfig, create_app

DOC = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
ROUTES = re.findall(r"^\| `(GET|POST) (/api/[^`]*)` \|", DOC, flags=re.M)
COMMANDS = [
    line.split("#")[0].strip()
    for block in re.findall(r"```bash\n(.*?)```", DOC, flags=re.S)
    for line in block.splitlines()
    if ".venv/bin/dyads " in line
]


def test_every_route_is_documented_and_exists(tmp_path: Path) -> None:
    spec = create_app(WebConfig(store=str(tmp_path / "none.sqlite"))).openapi()
    real = {
        (m.upper(), re.sub(r"\{(\w+):path\}", r"{\1}", p)) for p, ops in spec["paths"].items() for m in ops
    }
    documented = {(m, p) for m, p in ROUTES}
    assert documented == {r for r in real if r[1].startswith("/api/")}


@pytest.mark.parametrize("line", COMMANDS)
def test_commands_and_options_exist(line: str, capsys: pytest.CaptureFixture[str]) -> None:
    words = shlex.split(line[line.index(".venv/bin/dyads ") :])[1:]
    assert main([words[0], "--help"]) == 0
    help_text = capsys.readouterr().out
    for w in words[1:]:
        if w.startswith("--"):
            assert w.split("=")[0] in help_text, f"{w} is not an option of 'dyads {words[0]}'"
