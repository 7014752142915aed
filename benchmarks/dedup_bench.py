"""Deduplication throughput: cluster N synthetic event records (default 1,000,000), one-shot and in batches.

The records imitate a news stream: real events (a Zipf-skewed choice of dyad, 2 years of dates, CAMEO
codes, places, modalities) each told by several articles, with one-day date jitter, imprecise dates,
swapped codes of the same root and places dropped or coarsened. Prints events/s and the memory the
clustering adds (peak RSS). Usage:

    .venv/bin/python -m benchmarks.dedup_bench [--events N] [--batch N] [--seed N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import resource
import sys
import time

from dyads.dedup import ClusterIndex, cluster_events
from dyads.model import Actor, DatePrecision, Event, Evidence, Modality, Place, Plover

COUNTRIES = [f"C{i:02d}" for i in range(60)]
SECTORS = ["GOV", "MIL", "OPP", "REB", "CVL", "JRN", "BUS", "COP"]
CODES = {
    "01": ["010", "012", "013"],
    "04": ["040", "042", "043", "046"],
    "05": ["051", "057"],
    "11": ["111", "112"],
    "13": ["130", "138"],
    "15": ["150"],
    "17": ["173", "175"],
    "18": ["180", "183", "186"],
    "19": ["190", "193", "194", "195"],
}
MODALITIES = [Modality.ASSERTED] * 85 + [Modality.HISTORICAL] * 5 + [Modality.FUTURE] * 5
MODALITIES += [Modality.HYPOTHETICAL] * 3 + [Modality.NEGATED] * 2
START = dt.date(2023, 1, 1).toordinal()


def synthetic_events(n: int, seed: int = 1) -> list[Event]:
    """About ``n`` records: real events told 1–8 times each, articles of ~4 records."""
    rng = random.Random(seed)
    states = [Actor(c, c, c, s) for c in COUNTRIES for s in SECTORS]
    people = [Actor(f"P{i}", f"Person {i}", rng.choice(COUNTRIES), "GOV", kind="person") for i in range(300)]
    actors = states + people
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(actors))]
    places = [
        Place(f"L{i}", f"L{i}", c, lat=rng.uniform(-50, 60), lon=rng.uniform(-120, 150), precision="city")
        for i, c in enumerate(rng.choices(COUNTRIES, k=2000))
    ]
    coarse = {c: Place(c, c, c, lat=0.0, lon=0.0, precision="country") for c in COUNTRIES}
    plover = Plover("CONSULT", None)
    evidence = Evidence("…", 0, 0, 1, (0, 1), (0, 1))
    roots = list(CODES)
    out: list[Event] = []
    article, in_article = 0, 0
    while len(out) < n:
        src, tgt = rng.choices(actors, weights, k=2)
        target = None if rng.random() < 0.15 else tgt
        root = rng.choice(roots)
        day = START + rng.randrange(730)
        modality = rng.choice(MODALITIES)
        place = rng.choice(places) if rng.random() < 0.5 else None
        for _ in range(min(8, 1 + int(rng.expovariate(0.5)))):
            r = rng.random()
            precision, date = DatePrecision.DAY, day
            if r < 0.15:
                date = day + rng.choice((-1, 1))
            elif r < 0.19:
                precision = DatePrecision.UNKNOWN
            elif r < 0.22:
                precision, date = DatePrecision.MONTH, dt.date.fromordinal(day).replace(day=1).toordinal()
            elif r < 0.23:
                precision, date = (
                    DatePrecision.YEAR,
                    dt.date.fromordinal(day).replace(month=1, day=1).toordinal(),
                )
            p = place
            if p is not None and rng.random() < 0.3:
                p = None if rng.random() < 0.5 else coarse[p.country or "C00"]
            code = rng.choice(CODES[root])
            out.append(
                Event(
                    id=f"e{len(out):08d}",
                    article_id=f"a{article:07d}",
                    date=dt.date.fromordinal(date),
                    date_precision=precision,
                    source=src,
                    target=target,
                    cameo=code,
                    cameo_root=root,
                    goldstein=0.0,
                    quad=1,
                    plover=plover,
                    modality=modality,
                    attribution=None,
                    place=p,
                    evidence=evidence,
                    confidence=0.8,
                )
            )
            in_article += 1
            if in_article >= 4 or rng.random() < 0.2:
                article, in_article = article + 1, 0
    rng.shuffle(out)
    return out[:n]


def peak_rss_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--batch", type=int, default=10_000, help="batch size of the incremental run (0: skip)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    events = synthetic_events(args.events, args.seed)
    t_gen = time.perf_counter() - t0
    gc.collect()
    base = peak_rss_mb()
    print(f"generated {len(events):,} records in {t_gen:.1f} s; RSS {base:,.0f} MB")

    t0 = time.perf_counter()
    out, clusters = cluster_events(events)
    t_one = time.perf_counter() - t0
    one_peak = peak_rss_mb()
    print(
        f"one-shot:    {len(events) / t_one:>10,.0f} events/s ({t_one:.1f} s); {len(clusters):,} clusters "
        f"({len(events) / len(clusters):.2f} records each); peak RSS +{one_peak - base:,.0f} MB "
        f"({(one_peak - base) * 2**20 / len(events):,.0f} B/record)"
    )
    one_shot = {e.id: e.cluster_id for e in out}
    del out, clusters
    gc.collect()

    if args.batch:
        index = ClusterIndex()
        t0 = time.perf_counter()
        ids: dict[str, str | None] = {}
        ordered = sorted(events, key=lambda e: (e.date or dt.date.min, e.id))  # a stream: roughly by date
        for i in range(0, len(ordered), args.batch):
            ids.update((e.id, e.cluster_id) for e in index.add(ordered[i : i + args.batch]))
            ids.update((e.id, e.cluster_id) for e in index.take_relabelled())
        n_clusters = len(index.clusters())
        t_inc = time.perf_counter() - t0
        print(
            f"incremental: {len(events) / t_inc:>10,.0f} events/s ({t_inc:.1f} s, "
            f"batches of {args.batch:,}); "
            f"{n_clusters:,} clusters; same ids as one-shot: {ids == one_shot}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
