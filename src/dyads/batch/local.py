"""Local engine: this process for one worker, else a pool of processes each holding one loaded coder."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING

from dyads.config import Settings
from dyads.model import Article, Event

if TYPE_CHECKING:
    from dyads.coder import Coder

Result = tuple[Article, list[Event]]


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@lru_cache(maxsize=2)
def _coder(settings: Settings) -> Coder:
    """The coder of this process, loaded once per settings (a worker codes many chunks)."""
    from dyads.coder import Coder

    return Coder.load(settings)


def code_chunk(settings: Settings, articles: list[Article]) -> list[Result]:
    """Code one chunk in the calling process; what every engine's workers run."""
    return list(_coder(settings).code_articles(articles))


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def code_stream(
    articles: Iterable[Article], settings: Settings, workers: int = 1, chunk_size: int = 8
) -> Iterator[Result]:
    """Events of each article, in input order, with at most ``2 * workers`` chunks in flight."""
    if workers <= 1:
        for chunk in chunks(articles, chunk_size):
            yield from code_chunk(settings, chunk)
        return
    ctx = multiprocessing.get_context("spawn")  # no forked copies of a parent's threads or model
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[Future[list[Result]]] = deque()
        for chunk in chunks(articles, chunk_size):
            pending.append(pool.submit(code_chunk, settings, chunk))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
