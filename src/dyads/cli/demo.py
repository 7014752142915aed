"""``dyads demo``: code the bundled sample of news articles and show what came out."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dyads.coder import Coder
from dyads.demo import demo_path
from dyads.exports import write_events
from dyads.model import Article, Event
from dyads.query.summary import summarise
from dyads.sources import Problem, read_articles

from .common import report_problem, settings_from


def demo(
    events_out: Annotated[
        str | None, typer.Option("--events", help="Also write every event as JSON Lines to this file.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="An installed spaCy pipeline.")] = None,
) -> None:
    """Code the bundled demo articles and print a summary: events, top dyads, quad classes, modality."""
    settings = settings_from(model, None, None)
    coder = Coder.load(settings)
    articles: list[Article] = []
    for item in read_articles([str(demo_path())], settings=settings):
        if isinstance(item, Problem):
            report_problem(item)
        else:
            articles.append(item)
    events: list[Event] = []
    for _a, evs in coder.code_articles(articles):
        events.extend(evs)
    s = summarise(events, articles=len(articles))
    con = Console(file=sys.stdout, width=110)
    con.print(f"[bold]dyads demo[/bold]: {s.articles} articles -> {s.events} events")
    t = Table(title="By modality", show_header=True)
    t.add_column("modality")
    t.add_column("events", justify="right")
    for name, n in s.by_modality:
        t.add_row(name, str(n))
    con.print(t)
    q = Table(title="Asserted events by quad class")
    q.add_column("quad class")
    q.add_column("events", justify="right")
    for name, n in s.by_quad:
        q.add_row(name, str(n))
    con.print(q)
    d = Table(title="Top dyads (asserted)")
    d.add_column("source")
    d.add_column("target")
    d.add_column("events", justify="right")
    for src, tgt, n in s.top_dyads:
        d.add_row(src, tgt, str(n))
    con.print(d)
    con.print("[bold]Some events, with their evidence:[/bold]")
    shown = sorted(events, key=lambda e: -e.confidence)[:8]
    write_events(shown, "table", sys.stdout, cameo=coder.parts.cameo)
    if events_out:
        with open(events_out, "w", encoding="utf-8") as fh:
            write_events(events, "jsonl", fh)
        con.print(f"All {len(events)} events written to {events_out}")
