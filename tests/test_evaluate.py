"""``dyads eval`` on small gold files written here, with answers worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dyads.cli.main import main
from dyads.coder import Coder
from dyads.errors import GoldFormatError
from dyads.evaluate import evaluate_file, read_gold

GOLD: list[dict[str, Any]] = [
    {
        "id": "g1",
        "text": "The French president visited Germany on Tuesday.",
        "date": "2026-03-10",
        "events": [{"source": "FRAGOV", "target": "DEU", "code": "042", "code_scheme": "CAMEO"}],
        "meta": {"subset": "a"},
    },
    {
        "id": "g2",
        "text": "The weather was mild and sunny in the capital for most of the week.",
        "date": "2026-03-10",
        "events": [],
        "meta": {"subset": "a"},
    },
    {
        "id": "g3",
        "text": "Russian forces attacked Ukrainian positions overnight.",
        "date": "2026-03-10",
        "events": [{"source": "RUSMIL", "target": "UKRMIL", "code": "190", "code_scheme": "CAMEO"}],
        "meta": {"subset": "b"},
    },
    {
        "id": "g4",
        "text": "Japan sent emergency food aid to the Philippines after the typhoon.",
        "date": None,
        "events": [{"source": "a", "target": "b", "code": "1", "code_scheme": "CAMEO-PentaClass"}],
        "meta": {"subset": "b"},
    },
]


def _write(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    p = tmp_path / "gold.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return p


def test_scores_known_answers(coder: Coder, tmp_path: Path) -> None:
    rep = evaluate_file(coder, _write(tmp_path, GOLD))
    assert rep["records"] == 4
    assert rep["tuple"]["gold"] == 2
    assert rep["tuple"]["tp"] == 2  # both CAMEO sentences are coded right
    assert rep["tuple"]["recall"] == 1.0
    assert rep["root_recall"] == 1.0
    assert rep["no_event_accuracy"] == 1.0
    # aid (07) is material cooperation, but the gold says verbal cooperation: a miss
    assert rep["pentaclass_accuracy"] == 0.0
    assert rep["pentaclass_coverage"] == 1.0
    assert rep["confusion"] == {"04": {"04": 1}, "19": {"19": 1}}
    assert set(rep["subsets"]) == {"a", "b"}
    assert rep["subsets"]["a"]["records"] == 2


def test_subset_filter_and_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, GOLD)
    assert main(["eval", str(path), "--subset", "a", "--json"]) == 0
    rep = json.loads(capsys.readouterr().out)
    assert rep["records"] == 2


def test_text_report_ends_with_headline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(_write(tmp_path, GOLD))]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("  [") and "tuple F1 1.000" in out[-1]


def test_bad_gold_file_names_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(json.dumps(GOLD[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad.jsonl:2"):
        list(read_gold(p))
    assert main(["eval", str(p)]) == 2
    assert "E303" in capsys.readouterr().err
