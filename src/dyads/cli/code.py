"""``dyads code``: news text in, events out (JSON Lines when piped, a table on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Annotated

import typer

from dyads.coder import Coder
from dyads.errors import UsageError
from dyads.exports import FORMATS, write_events
from dyads.model import Article, Event
from dyads.sources import Problem, read_articles

from .common import day, report_problem, settings_from


def code(
    paths: Annotated[list[str], typer.Argument(help="A .txt file, a .jsonl file, a folder, or - for stdin.")],
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date YYYY-MM-DD for inputs that have none.")
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="jsonl | tsv | plover | table (default: table on a terminal)"),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="An installed spaCy pipeline (default from settings).")
    ] = None,
    actors: Annotated[
        list[str] | None, typer.Option("--actors", help="An extra actor dictionary file.")
    ] = None,
    lexicon: Annotated[list[str] | None, typer.Option("--lexicon", help="An extra lexicon file.")] = None,
) -> None:
    """Code news articles into CAMEO/PLOVER events with evidence and modality."""
    default_date = day(date)
    out_fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if out_fmt not in FORMATS:
        raise UsageError(f"unknown format '{out_fmt}'; choose one of: {', '.join(FORMATS)}")
    settings = settings_from(model, actors, lexicon)
    coder = Coder.load(settings)
    counts = {"articles": 0, "problems": 0, "fatal": 0}

    def articles() -> Iterator[Article]:
        for item in read_articles(paths, default_date=default_date, settings=settings):
            if isinstance(item, Problem):
                report_problem(item)
                counts["problems"] += 1
                counts["fatal"] += item.fatal
            else:
                counts["articles"] += 1
                yield item

    def events() -> Iterator[Event]:
        for _article, evs in coder.code_articles(articles()):
            yield from evs

    n = write_events(events(), out_fmt, sys.stdout)
    sys.stdout.flush()
    print(
        f"coded {counts['articles']} article(s), {n} event(s), {counts['problems']} problem(s)",
        file=sys.stderr,
    )
    if counts["articles"] == 0:
        raise typer.Exit(1)
