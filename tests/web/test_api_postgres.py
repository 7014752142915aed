"""The API over a PostgreSQL store (each request opens its own connection; nothing is cached).

Runs where ``DYADS_TEST_POSTGRES_URL`` names a server (CI starts one: ``eval "$(bash scripts/postgres.sh
start)"``); each test gets a schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from dyads.model import Article
from dyads.store import open_store
from dyads.web import WebConfig, create_app
from web.webdata import EVENTS, SCRIPT, TestClient

PG_URL = os.environ.get("DYADS_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason='no PostgreSQL: eval "$(bash scripts/postgres.sh start)"')


def _raw(sql: str) -> None:
    import psycopg

    assert PG_URL is not None
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def pg_client() -> Iterator[TestClient]:
    assert PG_URL is not None
    schema = f"web_{uuid.uuid4().hex[:12]}"
    _raw(f"CREATE SCHEMA {schema}")
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
    try:
        with open_store(url) as store:
            run = store.start_run("web tests")
            store.write_batch(
                run, [(Article(e.article_id, e.evidence.sentence, published=e.date), [e]) for e in EVENTS]
            )
        with TestClient(create_app(WebConfig(store=url))) as client:
            yield client
    finally:
        _raw(f"DROP SCHEMA {schema} CASCADE")


def test_the_api_over_postgres(pg_client: TestClient) -> None:
    c = pg_client
    assert c.get("/api/events").json()["total"] == 10
    assert {e["id"] for e in c.get("/api/events", params={"dyad": "RUS,CHN"}).json()["events"]} == {
        "e06",
        "x03",
    }
    assert c.get("/api/events/x01").json()["article"]["text"] == SCRIPT
    both = [r for r in c.get("/api/dyad/PRK/RUS").json()["series"] if r["direction"] == "both"]
    assert both[0]["period"] == "2024-01" and both[0]["events"] == 3
    edges = c.get("/api/network", params={"from": "2024-01-01", "to": "2024-01-31"}).json()["edges"]
    assert len(edges) == 3
    overview = c.get("/api/overview").json()
    assert overview["timeline"][0]["period"] == "2024-01" and overview["counts"]["events"] == 10
    assert {p["country"] for p in c.get("/api/places").json()["countries"]} == {"PRK", "RUS"}
    assert c.get("/api/articles").json()["total"] == 10
    assert c.get("/api/blocs").status_code == 200
