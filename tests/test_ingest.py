"""``dyads ingest``: idempotent, resumable after kill -9, bad input recorded, same events on every engine."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dyads.config import Settings
from dyads.ingest import ingest
from dyads.store import open_store

SENTENCES = [
    "{c1} sent emergency food aid to {c2} on Monday.",
    "The foreign minister of {c1} held talks with officials from {c2} in the capital.",
    "{c1} condemned the missile test carried out by {c2}.",
    "Troops from {c1} attacked positions held by forces of {c2} overnight.",
]
COUNTRIES = ["Japan", "Brazil", "Kenya", "Norway", "India", "Chile", "Egypt", "Poland", "Vietnam", "Ghana"]


def _corpus(path: Path, n: int) -> Path:
    rows = []
    for i in range(n):
        c1, c2 = COUNTRIES[i % len(COUNTRIES)], COUNTRIES[(i * 3 + 1) % len(COUNTRIES)]
        text = " ".join(s.format(c1=c1, c2=c2) for s in SENTENCES[: 2 + i % 3])
        rows.append({"id": f"art-{i:03d}", "date": f"2026-03-{1 + i % 27:02d}", "text": text})
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_ingest_is_idempotent_and_records_problems(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in.jsonl", 12)
    with src.open("a", encoding="utf-8") as fh:
        fh.write("{broken json\n")
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        first = ingest([str(src)], store, Settings(), batch_articles=5)
        counts = store.counts()
        second = ingest([str(src)], store, Settings(), batch_articles=5)
        assert store.counts()["events"] == counts["events"]
        problems = list(store.iter_problems(first.run_id))
    assert first.articles_coded == 12 and first.events_stored == counts["events"] > 12
    assert second.articles_coded == 0 and second.articles_known == 12
    assert counts["articles"] == 12
    assert first.problems["E105"] == 1
    assert any(code == "E105" and ":13" in loc for loc, code, _ in problems)


def test_kill_and_resume_loses_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    src = _corpus(tmp_path / "in.jsonl", 60)
    ref_db, db = tmp_path / "ref.sqlite", tmp_path / "killed.sqlite"
    with open_store(ref_db) as store:
        ingest([str(src)], store, Settings(), batch_articles=5)
        ref = {e.id for e in store.iter_events()}
    exe = Path(sys.executable).parent / "dyads"
    cmd = [str(exe), "ingest", str(src), "--db", str(db), "--workers", "1", "--batch", "5"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if db.exists():
                with open_store(db) as store:
                    if store.counts()["articles"] >= 10:
                        break
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    with open_store(db) as store:
        partial = store.counts()["articles"]
    assert 0 < partial < 60, "the run was not interrupted half-way"
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        assert store.counts()["articles"] == 60
        ids = [e.id for e in store.iter_events()]
    assert len(ids) == len(set(ids))
    assert set(ids) == ref


def test_engines_store_the_same_events(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src = _corpus(tmp_path / "in.jsonl", 10)
    stored = []
    engines: list[tuple[str, int, str | None]] = [("one", 1, None), ("two", 2, None), ("dask", 2, "local")]
    for name, workers, dask in engines:
        with open_store(tmp_path / f"{name}.sqlite") as store:
            ingest([str(src)], store, Settings(), batch_articles=4, workers=workers, dask=dask)
            stored.append(sorted((e.to_dict() for e in store.iter_events()), key=lambda d: str(d["id"])))
    assert stored[0] == stored[1] == stored[2]
    assert stored[0]


def test_one_event_told_by_three_articles_is_one_cluster(tmp_path: Path) -> None:
    rows = [
        {
            "id": "w1",
            "date": "2026-04-06",
            "source": "Wire One",
            "text": "North Korea fired two ballistic missiles toward Japan on Sunday, officials said.",
        },
        {
            "id": "w2",
            "date": "2026-04-06",
            "source": "Wire Two",
            "text": "Pyongyang launched a pair of ballistic missiles toward Japan on Sunday morning.",
        },
        {
            "id": "w3",
            "date": "2026-04-07",
            "source": "Wire Three",
            "text": "On Sunday North Korea fired missiles toward Japan for the third time this year.",
        },
        {
            "id": "w4",
            "date": "2026-04-20",
            "source": "Wire One",
            "text": "North Korea fired another missile toward Japan on Monday.",
        },
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with open_store(tmp_path / "s.sqlite") as store:
        ingest([str(src)], store, Settings())
        launches = [e for e in store.iter_events() if e.source.country == "PRK" and e.cameo_root == "19"]
        clusters = {c.id: c for c in store.iter_clusters()}
    by_cluster: dict[str | None, set[str]] = {}
    for e in launches:
        by_cluster.setdefault(e.cluster_id, set()).add(e.article_id)
    assert sorted(map(sorted, by_cluster.values())) == [["w1", "w2", "w3"], ["w4"]]
    big = next(cid for cid, arts in by_cluster.items() if len(arts) == 3)
    assert big is not None and clusters[big].n_articles == 3 and clusters[big].n_sources == 3
