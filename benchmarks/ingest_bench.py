"""``dyads ingest`` against a bare spaCy pass with the same model and the same number of processes.

Both run in this one invocation over the same texts: the bare pass parses them in N worker processes
(``nlp.pipe``, same batch size); the ingest codes, deduplicates and stores them in a fresh SQLite store
with N workers. Reports articles/s, words/s, the ratio (bare time / ingest time) and the peak memory of the
whole process tree (sampled every 0.1 s). Usage:

    .venv/bin/python -m benchmarks.ingest_bench [CORPUS.jsonl] [--workers 2]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import psutil

from dyads.config import load_settings
from dyads.ingest import ingest
from dyads.sources import Problem, read_articles
from dyads.store import open_store

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwn_articles.jsonl"


@lru_cache(maxsize=1)
def _nlp(model: str) -> Any:
    import spacy

    return spacy.load(model)


def _parse(model: str, batch_size: int, texts: list[str]) -> int:
    return sum(1 for _ in _nlp(model).pipe(texts, batch_size=batch_size))


class PeakRss:
    """The largest summed RSS of this process and its children while running."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.1)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    settings = load_settings()
    texts = [a.text for a in read_articles([args.corpus], settings=settings) if not isinstance(a, Problem)]
    words = sum(len(t.split()) for t in texts)
    n = args.workers
    ctx = multiprocessing.get_context("spawn")
    t0 = time.perf_counter()  # both timings include starting workers and loading the model in them
    with PeakRss() as bare_mem, ProcessPoolExecutor(n, mp_context=ctx) as pool:
        chunks = [texts[i : i + 8] for i in range(0, len(texts), 8)]
        list(pool.map(_parse, [settings.model] * len(chunks), [settings.batch_size] * len(chunks), chunks))
    bare = time.perf_counter() - t0
    with (
        tempfile.TemporaryDirectory() as tmp,
        PeakRss() as ingest_mem,
        open_store(Path(tmp) / "b.sqlite") as store,
    ):
        summary = ingest([args.corpus], store, settings, workers=n)
        counts = store.counts()
    result = {
        "corpus": args.corpus,
        "workers": n,
        "articles": len(texts),
        "words": words,
        "bare_seconds": round(bare, 2),
        "ingest_seconds": round(summary.seconds, 2),
        "ingest_articles_per_s": round(summary.articles_per_s, 2),
        "ingest_words_per_s": round(words / summary.seconds),
        "bare_words_per_s": round(words / bare),
        "ratio": round(bare / summary.seconds, 3),
        "events": counts["events"],
        "clusters": counts["clusters"],
        "peak_rss_mb_bare": round(bare_mem.peak / 2**20),
        "peak_rss_mb_ingest": round(ingest_mem.peak / 2**20),
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
