"""``dyads demo``: code the bundled sample of news articles and show what came out."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dyads.coder import Coder
from dyads.dedup import ClusterIndex
from dyads.demo import demo_path
from dyads.exports import write_events
from dyads.ingest import IngestSummary, write_coded
from dyads.model import Article, Event
from dyads.query.summary import summarise
from dyads.sources import Problem, read_articles
from dyads.store import default_path, open_store

from .common import report_problem, settings_from


def demo(
    events_out: Annotated[
        str | None, typer.Option("--events", help="Also write every event as JSON Lines to this file.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="An installed spaCy pipeline.")] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="Store the coded demo here (default: demo.sqlite in the user's data folder)."
        ),
    ] = None,
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
    coded: list[tuple[Article, list[Event]]] = []
    for a, evs in coder.code_articles(articles):
        events.extend(evs)
        coded.append((a, evs))
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
    location = store or str(demo_store_path())
    with open_store(location) as st:
        run = st.start_run("dyads demo")
        known = st.known_article_ids(a.id for a, _ in coded)  # stored by an earlier demo
        fresh = [(a, evs) for a, evs in coded if a.id not in known]
        summary = IngestSummary(run_id=run, articles_read=len(coded), articles_known=len(known))
        if fresh:
            write_coded(st, run, fresh, ClusterIndex(), summary)
        summary.clusters = st.counts().get("clusters", 0)
        st.finish_run(run, summary.counts())
    con.print(
        f"The demo's articles and events are in the store {location}. Open the dashboard on them with",
        markup=False,
    )
    # the command as the user ran it (".venv/bin/dyads" from scripts/demo.sh), so it works without PATH
    prog = sys.argv[0] if os.path.basename(sys.argv[0]) == "dyads" else "dyads"
    con.print(f"    {shlex.quote(prog)} serve --db {shlex.quote(location)}", markup=False, highlight=False)
    con.print("and then http://127.0.0.1:8000/ in a browser (Ctrl-C stops the server).")


def demo_store_path() -> Path:
    """Where ``dyads demo`` keeps its events: next to the user's default store, as demo.sqlite."""
    return default_path().with_name("demo.sqlite")
