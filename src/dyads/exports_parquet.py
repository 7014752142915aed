"""Parquet export, partitioned by month, for DuckDB/Spark/pandas users (the only module importing pyarrow).

The layout is Hive-style, ``OUT/month=2026-03/part-00000.parquet`` (``month=undated`` for records without a
date), so ``duckdb.read_parquet('OUT/**/*.parquet', hive_partitioning=true)`` and Spark read it as one
table. Columns are the flat TSV columns of EVENT_SCHEMA.md with typed dates and numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dyads.errors import UsageError
from dyads.model import Event

COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"),
    ("article_id", "string"),
    ("date", "date"),
    ("date_precision", "string"),
    ("source_name", "string"),
    ("source_country", "string"),
    ("source_sector", "string"),
    ("source_kind", "string"),
    ("target_name", "string"),
    ("target_country", "string"),
    ("target_sector", "string"),
    ("target_kind", "string"),
    ("cameo", "string"),
    ("cameo_root", "string"),
    ("goldstein", "float"),
    ("quad", "int"),
    ("plover_type", "string"),
    ("plover_mode", "string"),
    ("modality", "string"),
    ("attribution", "string"),
    ("place_name", "string"),
    ("place_country", "string"),
    ("lat", "float"),
    ("lon", "float"),
    ("confidence", "float"),
    ("cluster_id", "string"),
    ("sentence", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
)


def _row(e: Event) -> dict[str, Any]:
    src, tgt, place, att = e.source, e.target, e.place, e.attribution
    return {
        "id": e.id,
        "article_id": e.article_id,
        "date": e.date,
        "date_precision": e.date_precision.value,
        "source_name": src.name or src.text,
        "source_country": src.country,
        "source_sector": src.sector,
        "source_kind": src.kind,
        "target_name": (tgt.name or tgt.text) if tgt else None,
        "target_country": tgt.country if tgt else None,
        "target_sector": tgt.sector if tgt else None,
        "target_kind": tgt.kind if tgt else None,
        "cameo": e.cameo,
        "cameo_root": e.cameo_root,
        "goldstein": e.goldstein,
        "quad": e.quad,
        "plover_type": e.plover.type,
        "plover_mode": e.plover.mode,
        "modality": e.modality.value,
        "attribution": (att.name or att.text) if att else None,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "confidence": e.confidence,
        "cluster_id": e.cluster_id,
        "sentence": e.evidence.sentence,
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
    }


def write_parquet(events: Iterable[Event], out_dir: Path, rows_per_file: int = 100_000) -> int:
    """Write ``events`` under ``out_dir`` partitioned by month; returns the number written."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError("Parquet export needs pyarrow: pip install 'dyads[parquet]'") from exc
    types = {"string": pa.string(), "date": pa.date32(), "float": pa.float64(), "int": pa.int32()}
    schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS])
    out_dir.mkdir(parents=True, exist_ok=True)
    buffers: dict[str, list[dict[str, Any]]] = {}
    parts: dict[str, int] = {}
    n = 0

    def flush(month: str) -> None:
        rows = buffers.pop(month, [])
        if not rows:
            return
        folder = out_dir / f"month={month}"
        folder.mkdir(exist_ok=True)
        part = parts.get(month, 0)
        while (folder / f"part-{part:05d}.parquet").exists():
            part += 1
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / f"part-{part:05d}.parquet")
        parts[month] = part + 1

    for e in events:
        month = e.date.strftime("%Y-%m") if e.date else "undated"
        buf = buffers.setdefault(month, [])
        buf.append(_row(e))
        n += 1
        if len(buf) >= rows_per_file:
            flush(month)
    for month in list(buffers):
        flush(month)
    return n
