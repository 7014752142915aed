"""``dyads export``: stored events out as JSON Lines (schema-valid) and as month-partitioned Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from dyads.cli.main import main
from dyads.config import Settings
from dyads.ingest import ingest
from dyads.schema import load_schema
from dyads.store import open_store

ROWS = [
    {"id": "x1", "date": "2026-01-05", "text": "Japan sent emergency food aid to the Philippines on Monday."},
    {
        "id": "x2",
        "date": "2026-02-09",
        "text": "Russian forces attacked Ukrainian positions near Kharkiv overnight.",
    },
    {"id": "x3", "date": "2026-02-10", "text": "Brazil condemned the coup in Niger on Tuesday."},
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        ingest([str(src)], store, Settings())
    return path


def test_jsonl_export_validates(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 3
    schema = load_schema("event")
    for line in lines:
        jsonschema.validate(json.loads(line), schema)


def test_parquet_export_is_partitioned_by_month(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.dataset")
    out = tmp_path / "pq"
    assert main(["export", "--db", str(db), "--format", "parquet", "--out", str(out)]) == 0
    months = sorted(p.name for p in out.iterdir())
    assert months == ["month=2026-01", "month=2026-02"]
    table = pq.dataset(str(out), partitioning="hive").to_table()
    with open_store(db) as store:
        assert table.num_rows == store.counts()["events"]
    assert set(table.column("cameo_root").to_pylist()) >= {"07", "19"}


def test_parquet_needs_a_folder(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2
    assert "E502" in capsys.readouterr().err
