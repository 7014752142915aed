"""Throughput of ``dyads code`` against a bare ``nlp.pipe`` pass of the same model over the same texts.

The ratio (bare time / dyads time, both measured in this one run, same batch size, one process) is the
overhead of our own code: 1.0 means coding costs nothing beyond the parse. Usage:

    .venv/bin/python -m benchmarks.throughput [CORPUS.jsonl] [--repeat N] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from dyads.coder import Coder
from dyads.config import load_settings
from dyads.model import Article
from dyads.sources import Problem, read_articles

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "gwn_articles.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    ap.add_argument("--repeat", type=int, default=2, help="alternating rounds; the best of each is kept")
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = ap.parse_args(argv)
    settings = load_settings()
    articles: list[Article] = [
        a for a in read_articles([args.corpus], settings=settings) if not isinstance(a, Problem)
    ]
    if args.limit:
        articles = articles[: args.limit]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    coder = Coder.load(settings)
    nlp = coder.nlp
    for _ in nlp.pipe(texts[:5], batch_size=settings.batch_size):
        pass
    bare_best = dyads_best = float("inf")
    n_events = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        bare_best = min(bare_best, time.perf_counter() - t0)
        t0 = time.perf_counter()
        n_events = sum(len(evs) for _a, evs in coder.code_articles(articles))
        dyads_best = min(dyads_best, time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "corpus": args.corpus,
        "articles": len(articles),
        "words": words,
        "events": n_events,
        "model": settings.model,
        "bare_seconds": round(bare_best, 3),
        "dyads_seconds": round(dyads_best, 3),
        "bare_words_per_s": round(words / bare_best),
        "dyads_words_per_s": round(words / dyads_best),
        "ratio": round(bare_best / dyads_best, 3),
        "peak_rss_mb": round(peak_mb),
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
