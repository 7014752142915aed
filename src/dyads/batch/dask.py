"""Dask engine: the same chunks as the local engine, run on Dask distributed workers.

The only module that imports dask. ``address`` is a scheduler (``tcp://host:8786``) or ``"local"`` for a
``LocalCluster`` of worker processes on this machine. Each worker process loads the coder once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from dyads.batch.local import Result, chunks, code_chunk, default_workers
from dyads.config import Settings
from dyads.errors import UsageError
from dyads.model import Article


def _client(address: str, workers: int) -> tuple[Any, Any]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the dask extra is part of dev
        raise UsageError("Dask is not installed: pip install 'dyads[dask]'") from exc
    if address == "local":
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        return Client(cluster), cluster  # type: ignore[no-untyped-call]
    try:
        return Client(address, timeout=30), None  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc


def code_stream_dask(
    articles: Iterable[Article],
    settings: Settings,
    address: str = "local",
    workers: int | None = None,
    chunk_size: int = 16,
) -> Iterator[Result]:
    """Events of each article, in input order, computed on Dask; at most ``2 * workers`` chunks in flight."""
    n = workers or default_workers()
    client, cluster = _client(address, n)
    try:
        in_flight = 2 * max(n, len(client.scheduler_info().get("workers", {})) or n)
        pending: deque[Any] = deque()
        for chunk in chunks(articles, chunk_size):
            pending.append(client.submit(code_chunk, settings, chunk, pure=False))
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
