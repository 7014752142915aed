"""``dyads ingest``: many articles into a store (SQLite by default, PostgreSQL with --db postgresql://)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from dyads.batch import default_workers
from dyads.ingest import IngestSummary, ingest
from dyads.store import open_store

from .common import day, settings_from


def count_articles(paths: list[str]) -> int | None:
    """How many articles the input holds, when that is cheap to know (for the ETA): one per .txt file,
    one per non-blank line of .jsonl/.ndjson; None for anything else (feeds, WARC, stdin, URLs)."""
    total = 0
    for raw in paths:
        p = Path(raw)
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        for f in files:
            if f.is_dir() or f.name.startswith("."):
                continue
            if f.suffix == ".txt":
                total += 1
            elif f.suffix in (".jsonl", ".ndjson") and f.is_file():
                with f.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            else:
                return None
    return total


def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs of feeds, or - for stdin.")],
    db: Annotated[str | None, typer.Option("--db", help="A SQLite path or postgresql:// URL.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
    dask: Annotated[str | None, typer.Option(help="A Dask scheduler address, or 'local'.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date for inputs without one.")] = None,
    batch: Annotated[int, typer.Option(help="Articles per stored transaction.")] = 100,
    model: Annotated[str | None, typer.Option(help="An installed spaCy pipeline.")] = None,
    actors: Annotated[
        list[str] | None, typer.Option("--actors", help="An extra actor dictionary file.")
    ] = None,
    lexicon: Annotated[list[str] | None, typer.Option("--lexicon", help="An extra lexicon file.")] = None,
) -> None:
    """Code and store articles; run it again on the same input to resume (nothing is stored twice)."""
    settings = settings_from(model, actors, lexicon)
    default_date = day(date)
    n_workers = workers or default_workers()
    err = Console(file=sys.stderr)
    tty = sys.stderr.isatty()
    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not tty,
    )
    with open_store(db) as store, bar:
        task = bar.add_task("starting", total=count_articles(paths) if tty else None)

        def show(s: IngestSummary) -> None:
            bar.update(
                task,
                completed=s.articles_coded + s.articles_known,
                description=f"{s.articles_read} articles read, {s.articles_coded} coded, "
                f"{s.events_stored} events, {s.articles_coded / max(s.seconds, 1e-9):.1f} coded/s",
            )

        summary = ingest(
            paths,
            store,
            settings,
            workers=n_workers,
            dask=dask,
            batch_articles=batch,
            default_date=default_date,
            progress=show if tty else None,
        )
        where = store.location
    problems = ", ".join(f"{n} {code}" for code, n in sorted(summary.problems.items())) or "none"
    print(
        f"run {summary.run_id} into {where}: {summary.articles_read} articles read, "
        f"{summary.articles_coded} coded, {summary.articles_known} already stored, problems: {problems}; "
        f"{summary.events_stored} events stored, {summary.clusters} clusters in the store; "
        f"{summary.seconds:.1f} s, {summary.articles_per_s:.1f} articles/s",
        file=sys.stderr,
    )
    if summary.articles_read == 0:
        raise typer.Exit(1)
