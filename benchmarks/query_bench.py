"""Analyses on a large store: series, networks, blocs, alignment, shifts, anomalies over N synthetic events.

Generates N events (default 1,000,000 over six years; 10 per article, written in batches through
``Store.write_batch``, which also maintains the ``event_days`` roll-up) into a SQLite store, unless ``--db``
names a store that already holds them (a PostgreSQL URL works too), then times (best and median of
``--repeat`` runs, warm cache):

- ``dyad_series(PRK, RUS, by=month)`` over all years — target < 0.5 s;
- ``country_network`` for one year — target < 2 s;
- the same two straight from ``events`` (``raw_cells``, what the roll-up replaces), for comparison;
- ``blocs`` for one year by quarter and for all years by month, ``alignment(PRK, RUS)`` by month,
  ``shifts`` between two half-years with their driving events, ``anomalies`` of one dyad and of every dyad.

Usage:

    .venv/bin/python -m benchmarks.query_bench [--events 1000000] [--db /tmp/bench.sqlite] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from dyads.model import Actor, Article, DatePrecision, Event, Evidence, Modality, Plover
from dyads.query.aggregate import raw_cells, scope
from dyads.query.alignment import alignment, shifts
from dyads.query.anomalies import anomalies
from dyads.query.blocs import blocs
from dyads.query.network import country_network
from dyads.query.series import dyad_series
from dyads.store import Store, open_store

COUNTRIES = [
    "PRK",
    "RUS",
    "CHN",
    "USA",
    "KOR",
    "JPN",
    "IND",
    "PAK",
    "UKR",
    "BLR",
    "IRN",
    "ISR",
    "SYR",
    "TUR",
    "DEU",
    "FRA",
    "GBR",
    "ITA",
    "POL",
    "SAU",
    "EGY",
    "NGA",
    "ZAF",
    "BRA",
    "ARG",
    "MEX",
    "CAN",
    "AUS",
    "IDN",
    "VNM",
    "PHL",
    "THA",
    "MMR",
    "AFG",
    "IRQ",
    "QAT",
    "ARE",
    "ETH",
    "KEN",
    "VEN",
]
CORE = ("PRK", "RUS", "CHN")
CODES = (
    ("042", 1, 1.9),
    ("057", 1, 8.0),
    ("061", 2, 6.4),
    ("071", 2, 7.4),
    ("112", 3, -2.0),
    ("190", 4, -10.0),
)
FIRST = dt.date(2019, 1, 1)
DAYS = 6 * 365
SENTENCE = "Officials of one state met officials of another."
EVIDENCE = Evidence(SENTENCE, 0, 0, len(SENTENCE), (0, 9), (28, 31))
MODALITIES = (Modality.ASSERTED,) * 8 + (Modality.FUTURE, Modality.NEGATED)


def synthetic(n: int, seed: int = 5) -> Iterator[tuple[Article, list[Event]]]:
    """``n`` events, 10 per article; a fifth inside the PRK–RUS–CHN triangle; about a third clustered."""
    rng = random.Random(seed)
    actors = {c: Actor(c, f"Government of {c}", c, "GOV") for c in COUNTRIES}
    for a in range(0, n, 10):
        aid = f"a{a // 10:07d}"
        day = FIRST + dt.timedelta(days=rng.randrange(DAYS))
        events = []
        for k in range(min(10, n - a)):
            if rng.random() < 0.2:
                s, t = rng.sample(CORE, 2)
            else:
                s, t = rng.sample(COUNTRIES, 2)
            code, quad, g = CODES[rng.randrange(len(CODES))]
            events.append(
                Event(
                    id=f"{aid}/{k}",
                    article_id=aid,
                    date=day,
                    date_precision=DatePrecision.DAY,
                    source=actors[s],
                    target=actors[t],
                    cameo=code,
                    cameo_root=code[:2],
                    goldstein=g,
                    quad=quad,
                    plover=Plover("CONSULT", None),
                    modality=MODALITIES[rng.randrange(len(MODALITIES))],
                    attribution=None,
                    place=None,
                    evidence=EVIDENCE,
                    confidence=0.7,
                    cluster_id=f"c{rng.randrange(n // 3)}" if rng.random() < 0.33 else None,
                )
            )
        yield Article(aid, SENTENCE, published=day), events


def fill(store: Store, n: int, batch_articles: int = 5000) -> float:
    start = time.perf_counter()
    run = store.start_run(f"query benchmark: {n} synthetic events")
    batch: list[tuple[Article, list[Event]]] = []
    written = 0
    for item in synthetic(n):
        batch.append(item)
        if len(batch) == batch_articles:
            written += store.write_batch(run, batch)
            batch = []
            print(f"\r{written} events", end="", file=sys.stderr)
    written += store.write_batch(run, batch)
    store.finish_run(run, {"events": written})
    print(file=sys.stderr)
    return time.perf_counter() - start


def timed(label: str, fn: Callable[[], object], repeat: int, target: float) -> None:
    fn()  # warm the page cache once
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    verdict = "ok" if min(times) < target else "SLOW"
    print(
        f"{label:<44} best {min(times):.3f} s  median {statistics.median(times):.3f} s  "
        f"(target < {target} s: {verdict})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--db", default=None, help="reuse (or create) this store: a path or postgresql:// URL")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "bench.sqlite"
    t0 = time.perf_counter()
    with open_store(args.db) as store:
        print(f"opened {args.db} in {time.perf_counter() - t0:.1f} s (a migration, if any, included)")
        have = store.counts()["events"]
        if have < args.events:
            if have:
                print(f"{args.db} holds {have} events, not {args.events}: use a fresh --db", file=sys.stderr)
                return 2
            print(f"generated and stored {args.events} events in {fill(store, args.events):.1f} s")
        n = store.counts()["events"]
        year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
        series = dyad_series(store, "PRK", "RUS", by="month")
        net = country_network(store, *year)
        print(f"{n} events; PRK–RUS series: {len(series)} rows; 2023 network: {len(net.edges)} edges")
        timed(
            "dyad series PRK RUS by month (clusters)",
            lambda: dyad_series(store, "PRK", "RUS"),
            args.repeat,
            0.5,
        )
        timed(
            "dyad series PRK RUS by month (records)",
            lambda: dyad_series(store, "PRK", "RUS", records=True),
            args.repeat,
            0.5,
        )
        timed(
            "dyad series PRK RUS by week (clusters)",
            lambda: dyad_series(store, "PRK", "RUS", by="week"),
            args.repeat,
            0.5,
        )
        timed("network 2023 (clusters)", lambda: country_network(store, *year), args.repeat, 2.0)
        timed("network 2023 (records)", lambda: country_network(store, *year, records=True), args.repeat, 2.0)
        pair = scope(by="month", pair=("PRK", "RUS"))
        timed("raw events: series PRK RUS by month", lambda: raw_cells(store, pair), args.repeat, 0.5)
        whole_year = scope(date_from=year[0], date_to=year[1])
        timed("raw events: network 2023", lambda: raw_cells(store, whole_year), args.repeat, 2.0)
        timed("blocs 2023 by quarter", lambda: blocs(store, *year, by="quarter"), args.repeat, 2.0)
        timed("blocs 2019-2024 by month", lambda: blocs(store, by="month"), args.repeat, 5.0)
        timed("alignment PRK RUS by month", lambda: alignment(store, "PRK", "RUS"), args.repeat, 1.0)
        h1 = (dt.date(2022, 1, 1), dt.date(2022, 6, 30))
        h2 = (dt.date(2023, 1, 1), dt.date(2023, 6, 30))
        timed("shifts 2022H1 -> 2023H1, top 10", lambda: shifts(store, h1, h2), args.repeat, 2.0)
        timed("anomalies PRK RUS by week", lambda: anomalies(store, "PRK", "RUS"), args.repeat, 1.0)
        timed("anomalies of every dyad by week", lambda: anomalies(store), args.repeat, 5.0)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
