"""The ``dyads`` command as a user runs it: inputs of every kind, bad input, formats, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from dyads.cli.main import main
from dyads.schema import load_schema

STORY = (
    "ANKARA, March 9 (Test Wire) - The Turkish foreign minister visited Iraq on Monday and held talks with "
    "Iraqi officials in Baghdad. Syria criticised the visit. The Turkish president will travel to Egypt "
    "next week."
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_code_txt_to_jsonl_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    code, out, err = run(["code", str(f), "--date", "2026-03-10", "--format", "jsonl"], capsys)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    schema = load_schema("event")
    for r in records:
        jsonschema.validate(r, schema)
        assert STORY[r["evidence"]["start"] : r["evidence"]["end"]] == r["evidence"]["sentence"]
    assert any(r["source"]["country"] == "TUR" and r["cameo_root"] == "04" for r in records)
    assert any(r["modality"] == "future" for r in records)
    assert "coded 1 article(s)" in err


def test_stdin_and_jsonl_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.jsonl"
    rows = [
        {"id": "s1", "text": "Japan sent emergency aid to the Philippines.", "date": "2026-02-01"},
        "{this is not json",
        {"id": "s2", "text": "Brazil condemned the coup in Niger.", "published": "2026-02-02"},
    ]
    f.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    code, out, err = run(["code", str(f), "--format", "jsonl"], capsys)
    assert code == 0
    ids = {json.loads(line)["article_id"] for line in out.splitlines()}
    assert ids == {"s1", "s2"}
    assert "E105" in err and ":2" in err


def test_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    code, out, _ = run(["code", str(f), "--date", "2026-03-10", "--format", "tsv"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("id\tarticle_id\tdate")
    assert all(len(line.split("\t")) == len(lines[0].split("\t")) for line in lines[1:])
    code, out, _ = run(["code", str(f), "--date", "2026-03-10", "--format", "plover"], capsys)
    assert code == 0
    schema = load_schema("plover")
    for line in out.splitlines():
        jsonschema.validate(json.loads(line), schema)
    code, out, _ = run(["code", str(f), "--date", "2026-03-10", "--format", "table"], capsys)
    assert code == 0
    assert "TUR" in out or "Turk" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--date", "2026-13-45"], "E106"),
        (["--date", "yesterday-ish"], "E106"),
        (["--format", "xml"], "format"),
    ],
)
def test_user_mistakes_give_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    code, out, err = run(["code", str(f), *args], capsys)
    assert code != 0
    assert needle in err
    assert "Traceback" not in err and out == ""


def test_bad_inputs_lose_nothing_good(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "german.txt").write_text(
        "Die Regierung hat am Montag neue Gespräche mit den Nachbarländern angekündigt, und die Minister "
        "werden sich in der nächsten Woche in der Hauptstadt treffen, um über die Lage zu sprechen.",
        encoding="utf-8",
    )
    (tmp_path / "cp1252.txt").write_bytes(
        "Chile\u2019s president visited Peru on Monday \u2013 and praised Lima\u2019s r\u00e9forms.".encode(
            "cp1252"
        )
    )
    code, out, err = run(["code", str(tmp_path), "--date", "2026-03-10", "--format", "jsonl"], capsys)
    assert code == 0
    assert "E102" in err and "E103" in err and "E104" in err
    assert "Traceback" not in err
    recs = [json.loads(line) for line in out.splitlines()]
    assert any(r["source"]["country"] == "CHL" for r in recs)


def test_nothing_coded_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    code, _, err = run(["code", str(tmp_path / "empty.txt")], capsys)
    assert code == 1
    assert "E102" in err
    code, _, err = run(["code", str(tmp_path / "missing.txt")], capsys)
    assert code == 1
    assert "E101" in err


def test_huge_file_is_refused_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "huge.txt"
    f.write_text(STORY * 2000, encoding="utf-8")
    os.environ["DYADS_MAX_FILE_BYTES"] = "100000"
    try:
        code, _, err = run(["code", str(f)], capsys)
    finally:
        del os.environ["DYADS_MAX_FILE_BYTES"]
    assert code == 1
    assert "E107" in err and "DYADS_MAX_FILE_BYTES" in err


def test_installed_command_end_to_end(tmp_path: Path) -> None:
    """The console script, through a pipe: JSON Lines out, the same ids on a second run."""
    exe = Path(sys.executable).parent / "dyads"
    runs = [
        subprocess.run(
            [str(exe), "code", "-", "--date", "2026-03-10"],
            input=STORY,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        for _ in range(2)
    ]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    first = json.loads(runs[0].stdout.splitlines()[0])
    assert first["id"].startswith("e-")
