"""``dyads ingest``: read, code, deduplicate and store many articles — resumable, idempotent, streaming.

The flow is sources → (skip articles the store has) → an engine (this process, local workers or Dask) →
deduplication → the store, one transaction per batch of articles. A run killed at any point loses only
the batch in flight; the next ingest of the same input skips what is stored and goes on. Memory stays
constant in the number of articles: the engines keep a bounded number of chunks in flight and the
deduplication index forgets clusters older than its window.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from dyads.batch import code_stream
from dyads.config import Settings
from dyads.dedup import Cluster, ClusterIndex
from dyads.model import Article, Event
from dyads.sources import Problem, read_articles
from dyads.sources.options import SourceOptions
from dyads.store.base import ClusterRow, Store

KNOWN_CHUNK = 500
DEDUP_WINDOW_DAYS = 31


@dataclass
class IngestSummary:
    """What a run did; ``articles_per_s`` counts the articles read."""

    run_id: int
    articles_read: int = 0
    articles_coded: int = 0
    articles_known: int = 0
    events_stored: int = 0
    clusters: int = 0
    seconds: float = 0.0
    problems: Counter[str] = field(default_factory=Counter)

    @property
    def articles_per_s(self) -> float:
        return self.articles_read / self.seconds if self.seconds > 0 else 0.0

    def counts(self) -> dict[str, int]:
        return {
            "articles_read": self.articles_read,
            "articles_coded": self.articles_coded,
            "articles_known": self.articles_known,
            "events_stored": self.events_stored,
            "clusters": self.clusters,
            "problems": sum(self.problems.values()),
        }


Progress = Callable[[IngestSummary], None]


def _cluster_row(c: Cluster) -> ClusterRow:
    def country(key: str) -> str | None:
        head = key.split(":", 1)[0]
        return head if len(head) == 3 and head.isupper() else None

    return ClusterRow(
        id=c.id,
        n_records=c.n_records,
        n_articles=c.n_articles,
        n_sources=c.n_sources,
        first_date=c.first_date,
        last_date=c.last_date,
        cameo_root=c.cameo_root,
        source_country=country(c.source_key),
        target_country=country(c.target_key),
    )


def _new_articles(
    items: Iterable[Article | Problem], store: Store, run_id: int, summary: IngestSummary
) -> Iterator[Article]:
    """Articles the store does not have yet; problems are recorded as they come, in small batches."""
    pending: list[Article] = []
    problems: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def flush() -> Iterator[Article]:
        known = store.known_article_ids(a.id for a in pending)
        for a in pending:
            if a.id in known or a.id in seen:
                summary.articles_known += 1
            else:
                seen.add(a.id)
                yield a
        pending.clear()

    for item in items:
        if isinstance(item, Problem):
            summary.problems[item.code] += 1
            problems.append((item.location, item.code, item.message))
            if len(problems) >= 100:
                store.record_problems(run_id, problems)
                problems.clear()
            continue
        summary.articles_read += 1
        pending.append(item)
        if len(pending) >= KNOWN_CHUNK:
            yield from flush()
    if pending:
        yield from flush()
    if problems:
        store.record_problems(run_id, problems)


def ingest(
    paths: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    workers: int = 1,
    dask: str | None = None,
    batch_articles: int = 100,
    default_date: dt.date | None = None,
    options: SourceOptions | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest ``paths`` into ``store``; safe to run again on the same input (it resumes)."""
    started = time.perf_counter()
    run_id = store.start_run(" ".join(paths))
    summary = IngestSummary(run_id=run_id)
    items = read_articles(paths, default_date=default_date, settings=settings, options=options)
    fresh = _new_articles(items, store, run_id, summary)
    if dask:
        from dyads.batch.dask import code_stream_dask

        results = code_stream_dask(fresh, settings, address=dask, workers=workers)
    else:
        results = code_stream(fresh, settings, workers=workers)
    index = ClusterIndex()
    batch: list[tuple[Article, list[Event]]] = []
    status = "failed"
    try:
        for article, events in results:
            batch.append((article, events))
            if len(batch) >= batch_articles:
                write_coded(store, run_id, batch, index, summary)
                if progress:
                    summary.seconds = time.perf_counter() - started
                    progress(summary)
        if batch:
            write_coded(store, run_id, batch, index, summary)
        status = "finished"
    finally:
        summary.seconds = time.perf_counter() - started
        summary.clusters = store.counts().get("clusters", 0)
        store.finish_run(run_id, summary.counts(), status=status)
        if progress:
            progress(summary)
    return summary


def write_coded(
    store: Store,
    run_id: int,
    batch: list[tuple[Article, list[Event]]],
    index: ClusterIndex,
    summary: IngestSummary,
) -> None:
    """One transaction for the batch's articles and events, then its clusters (``batch`` is emptied).

    Shared by ``ingest`` and ``dyads demo``, so every stored event carries its cluster."""
    sources = {a.id: a.source_name or a.id for a, _ in batch}
    clustered = index.add((e for _, evs in batch for e in evs), article_sources=sources)
    by_article: dict[str, list[Event]] = {}
    for e in clustered:
        by_article.setdefault(e.article_id, []).append(e)
    items = [(a, by_article.get(a.id, [])) for a, _ in batch]
    summary.events_stored += store.write_batch(run_id, items)
    summary.articles_coded += len(batch)
    moved = index.take_relabelled()
    touched = {e.cluster_id for e in clustered} | {e.cluster_id for e in moved}
    rows = [_cluster_row(c) for c in index.clusters() if c.id in touched]
    store.set_clusters({e.id: e.cluster_id for e in moved if e.cluster_id}, rows)
    newest = max((e.date for _, evs in batch for e in evs if e.date), default=None)
    if newest is not None:
        index.evict_before(newest - dt.timedelta(days=DEDUP_WINDOW_DAYS))
    batch.clear()
