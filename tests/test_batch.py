"""Engines: the same input gives the same events on every engine, in input order."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.batch import code_stream
from dyads.config import Settings
from dyads.model import Article, Event

TEXTS = [
    "Japan sent emergency food aid to the Philippines on Monday.",
    "Brazil condemned the coup in Niger.",
    "The weather was mild all week.",
    "Russian forces attacked Ukrainian positions near Kharkiv overnight.",
    "Egypt will hold talks with Sudan next week on the dam.",
]


def _articles() -> list[Article]:
    return [Article(id=f"t{i}", text=t, published=dt.date(2026, 3, 10)) for i, t in enumerate(TEXTS * 3)]


def _dicts(results: list[tuple[Article, list[Event]]]) -> list[tuple[str, list[dict[str, object]]]]:
    return [(a.id, [e.to_dict() for e in evs]) for a, evs in results]


def test_local_workers_equal_one_process() -> None:
    one = list(code_stream(_articles(), Settings(), workers=1, chunk_size=4))
    two = list(code_stream(_articles(), Settings(), workers=2, chunk_size=2))
    assert [a.id for a, _ in one] == [a.id for a in _articles()]
    assert _dicts(one) == _dicts(two)
    assert sum(len(evs) for _, evs in one) >= 9


def test_dask_local_cluster_equals_local() -> None:
    pytest.importorskip("distributed")
    from dyads.batch.dask import code_stream_dask

    local = list(code_stream(_articles(), Settings(), workers=1))
    dask = list(code_stream_dask(_articles(), Settings(), address="local", workers=2, chunk_size=3))
    assert _dicts(local) == _dicts(dask)
