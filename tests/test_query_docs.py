"""docs/analyses.md runs: its ``python`` blocks execute in order, each printing the ``text`` after it."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOC = Path(__file__).parent.parent / "docs" / "analyses.md"
BLOCK = re.compile(r"```python\n(.*?)```\s*```text\n(.*?)```", re.DOTALL)


def test_the_notebook_example_prints_what_the_page_says() -> None:
    pytest.importorskip("pandas")
    pairs = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(pairs) >= 5
    namespace: dict[str, object] = {}
    for code, expected in pairs:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, str(DOC), "exec"), namespace)
        got = [line.rstrip() for line in out.getvalue().rstrip("\n").splitlines()]
        assert got == [line.rstrip() for line in expected.rstrip("\n").splitlines()], code
