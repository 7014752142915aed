"""``dyads export``: stored events to JSONL, TSV, PLOVER JSON or Parquet (partitioned by month)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dyads.errors import UsageError
from dyads.exports import FORMATS, write_events
from dyads.exports_parquet import write_parquet
from dyads.store import EventFilter, open_store

from .common import day


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | tsv | plover | parquet")] = "jsonl",
    out: Annotated[str | None, typer.Option("--out", "-o", help="A file (a folder for parquet).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="A SQLite path or postgresql:// URL.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD.")] = None,
    country: Annotated[str | None, typer.Option(help="Events with this ISO3 country on either side.")] = None,
) -> None:
    """Export stored events, oldest first."""
    where = EventFilter(
        country=country,
        date_from=day(date_from),
        date_to=day(date_to),
    )
    with open_store(db) as store:
        events = store.iter_events(where)
        if fmt == "parquet":
            if not out:
                raise UsageError("--format parquet writes a folder: give it with --out FOLDER")
            n = write_parquet(events, Path(out))
        elif fmt in FORMATS:
            if out:
                with open(out, "w", encoding="utf-8") as fh:
                    n = write_events(events, fmt, fh)
            else:
                n = write_events(events, fmt, sys.stdout)
        else:
            raise UsageError(f"unknown format '{fmt}'; choose jsonl, tsv, plover, table or parquet")
    print(f"exported {n} event(s)", file=sys.stderr)
