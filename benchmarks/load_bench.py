"""Load test of ``dyads serve`` on loopback: C concurrent clients for S seconds against ``/api/events``.

Generates a store of N synthetic events (default 100,000; the generator of ``benchmarks.query_bench``)
unless ``--db`` names one that holds them, starts uvicorn on a free 127.0.0.1 port with ``--workers``
processes (``dyads serve --workers``), then runs ``--clients`` clients (default 50) for ``--seconds`` (default
20) over a mix of event queries: the first pages, deep pages, a country, a dyad, a quad class, a date range.
Clients send back to back (a saturation test) unless ``--think`` gives a mean pause between requests; a
``--warmup`` of the same load (2 s) comes first and is not measured.
Every request is bounded by the test's duration and a per-request timeout; the run stops by itself.
Reports requests, errors, throughput and p50/p95/p99 latency; target: no errors and p95 < 300 ms. Usage:

    .venv/bin/python -m benchmarks.load_bench [--events 100000] [--clients 50] [--seconds 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.query_bench import CORE, COUNTRIES, fill
from dyads.store import open_store

DEEPEST = 10_000
"""Deepest offset a client pages to (200 pages of 50): browsing; bulk reads are ``dyads export``'s job."""
TIMEOUT = 10.0
TARGET_P95_MS = 300.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def query_mix(rng: random.Random, total: int) -> dict[str, str | int]:
    """One request's parameters: what a dashboard user (or a script paging through) asks for."""
    kind = rng.randrange(6)
    if kind == 0:
        return {"limit": 50, "offset": rng.randrange(0, 500, 50)}
    if kind == 1:
        return {"limit": 50, "offset": rng.randrange(0, min(DEEPEST, max(total - 50, 1))), "total": "false"}
    if kind == 2:
        return {"country": rng.choice(COUNTRIES), "limit": 50, "order": "-date"}
    if kind == 3:
        a, b = rng.sample(CORE, 2)
        return {"dyad": f"{a},{b}", "limit": 50}
    if kind == 4:
        return {"quad": rng.randint(1, 4), "limit": 50, "offset": rng.randrange(0, 1000, 50)}
    year = rng.randint(2019, 2024)
    month = rng.randint(1, 12)
    return {"from": f"{year}-{month:02d}-01", "to": f"{year}-{month:02d}-28", "limit": 50}


async def client(
    base: str,
    deadline: float,
    seed: int,
    total: int,
    latencies: list[float],
    errors: list[str],
    think: float = 0.0,
) -> None:
    rng = random.Random(seed)
    if think:  # people arrive over the first pause, not all in the same millisecond
        await asyncio.sleep(rng.uniform(0, think))
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as http:
        while time.perf_counter() < deadline:
            params = query_mix(rng, total)
            t0 = time.perf_counter()
            try:
                r = await http.get("/api/events", params=params)
                ok = r.status_code == 200 and b'"events":' in r.content
                if not ok:
                    errors.append(f"{r.status_code} {r.text[:200]}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - t0)
            if think:  # a person reading the page before the next click (0: back to back, saturation)
                await asyncio.sleep(
                    min(think * rng.uniform(0.5, 1.5), max(deadline - time.perf_counter(), 0))
                )


async def run_load(
    base: str, clients: int, seconds: float, total: int, think: float = 0.0
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(
        *(client(base, deadline, i, total, latencies, errors, think) for i in range(clients))
    )
    return latencies, errors, time.perf_counter() - start


def wait_ready(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with status {proc.returncode}")
        try:
            if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become ready")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=None, help="reuse (or create) this store")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds of the same load before measuring")
    ap.add_argument(
        "--think", type=float, default=0.0, help="mean seconds a client waits between requests (0: none)"
    )
    args = ap.parse_args(argv)
    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory()
        args.db = Path(tmp.name) / "load.sqlite"
    with open_store(args.db) as store:
        have = store.counts()["events"]
        if have < args.events:
            if have:
                print(f"{args.db} holds {have} events, not {args.events}: use a fresh --db", file=sys.stderr)
                return 2
            print(f"generated and stored {args.events} events in {fill(store, args.events):.1f} s")
        total = store.counts()["events"]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "dyads.cli.main", "serve", "--store", str(args.db), "--port", str(port)]
    cmd += ["--workers", str(args.workers)]
    proc = subprocess.Popen(cmd, start_new_session=True)  # its own process group: the workers end with it
    try:
        wait_ready(base, proc)
        latencies, errors, elapsed = asyncio.run(
            run_load(base, args.clients, args.seconds, total, args.think)
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if tmp is not None:
            tmp.cleanup()
    ms = [x * 1000 for x in latencies]
    p95 = percentile(ms, 0.95)
    verdict = "ok" if not errors and p95 < TARGET_P95_MS else "MISSED"
    label = f"{total} events"
    label += f", think {args.think:g} s" if args.think else ""
    label += f", after {args.warmup:g} s warm-up" if args.warmup > 0 else ""
    print(
        f"{label}, {args.clients} clients, {elapsed:.1f} s, {args.workers} worker(s): "
        f"{len(ms)} requests ({len(ms) / elapsed:.0f}/s), {len(errors)} errors; latency ms "
        f"p50 {statistics.median(ms):.0f}  p95 {p95:.0f}  p99 {percentile(ms, 0.99):.0f}  "
        f"max {max(ms):.0f}  (target: no errors, p95 < {TARGET_P95_MS:.0f} ms: {verdict})"
    )
    for e in errors[:5]:
        print(f"  error: {e}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
