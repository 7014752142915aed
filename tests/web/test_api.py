"""The JSON API over a real SQLite store: filters, pages, one event, series, network, errors, limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from dyads.config import Settings
from dyads.model import Event
from dyads.web import WebConfig, create_app
from web.webdata import EVENTS, LONG, RTL, SCRIPT, TestClient, fill, make_event


def ids(body: dict[str, Any]) -> list[str]:
    return [e["id"] for e in body["events"]]


def test_events_all_and_paged(client: TestClient) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 10 and body["limit"] == 50 and body["offset"] == 0
    assert ids(body)[0] == "e01"  # oldest first
    page = client.get("/api/events", params={"limit": 3, "offset": 3}).json()
    assert len(page["events"]) == 3 and page["total"] == 10
    assert ids(page) == ids(body)[3:6]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"country": "chn"}, {"e06", "x03"}),
        ({"source": "RUS"}, {"e03", "e05", "x02"}),
        ({"dyad": "RUS,CHN"}, {"e06", "x03"}),
        ({"quad": [3, 4]}, {"e03", "e04", "e05", "x01"}),
        ({"root": "4"}, {"e01", "e07", "x03"}),
        ({"cameo": "057"}, {"e06"}),
        ({"plover": "assault"}, {"e04", "e05"}),
        ({"modality": "negated"}, {"e04"}),
        ({"modality": ["future", "negated"]}, {"e04", "e07"}),
        ({"place": "PRK"}, {"e05"}),
        ({"bbox": "30,50,40,60"}, {"e01"}),
        ({"from": "2024-02-01", "to": "2024-02-02"}, {"x01", "x02"}),
        ({"text": "treaty"}, {"e06"}),
        ({"name": "of chn"}, {"e06", "x03"}),
        ({"sector": "GOV", "country": "CHN"}, {"e06", "x03"}),
        ({"article": "a-e03"}, {"e03"}),
        ({"min_confidence": 0.9}, set()),
    ],
)
def test_events_filters(client: TestClient, params: dict[str, Any], expected: set[str]) -> None:
    body = client.get("/api/events", params=params).json()
    assert set(ids(body)) == expected
    assert body["total"] == len(expected)


def test_events_order_newest_first(client: TestClient) -> None:
    assert ids(client.get("/api/events", params={"order": "-date", "limit": 1}).json()) == ["e07"]


def test_one_event_with_article_and_evidence(client: TestClient) -> None:
    body = client.get("/api/events/x01").json()
    assert body["event"]["id"] == "x01"
    assert body["article"]["text"] == SCRIPT  # returned as data, unchanged: escaping is the page's job
    assert body["evidence"]["spans"]["action"] == list(SCRIPT.index("criticised") + i for i in (0, 10))
    missing = client.get("/api/events/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "E503"


def test_articles(client: TestClient) -> None:
    body = client.get("/api/articles", params={"limit": 2}).json()
    assert body["total"] == 10 and len(body["articles"]) == 2
    assert body["articles"][0]["id"] == "a-e07" and body["articles"][0]["events"] == 1
    one = client.get("/api/articles/a-x02").json()
    assert one["article"]["text"] == RTL and [e["id"] for e in one["events"]] == ["x02"]
    assert client.get("/api/articles/a-nope").status_code == 404


def test_long_lines_round_trip(client: TestClient) -> None:
    assert client.get("/api/articles/a-x03").json()["article"]["text"] == LONG


def test_dyad_series(client: TestClient) -> None:
    body = client.get("/api/dyad/prk/rus", params={"by": "month"}).json()
    assert body["a"] == "PRK" and body["b"] == "RUS"
    both = {r["period"]: r for r in body["series"] if r["direction"] == "both"}
    assert set(both) == {"2024-01", "2024-02", "2024-03"}
    assert both["2024-01"]["events"] == 3  # the negated attack (Feb) and the future visit do not count
    assert both["2024-02"]["events"] == 2
    with_negated = client.get("/api/dyad/PRK/RUS", params={"modality": ["asserted", "negated"]}).json()
    assert {r["period"]: r for r in with_negated["series"] if r["direction"] == "both"}["2024-02"][
        "events"
    ] == 3
    bad = client.get("/api/dyad/PRK/RUS", params={"by": "decade"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E502"


def test_network(client: TestClient) -> None:
    body = client.get("/api/network", params={"from": "2024-01-01", "to": "2024-01-31"}).json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert set(edges) == {("PRK", "RUS"), ("RUS", "PRK"), ("CHN", "RUS")}
    assert edges[("PRK", "RUS")]["cooperation"] == 2
    assert [n["id"] for n in body["nodes"]] == ["CHN", "PRK", "RUS"]


def test_overview(client: TestClient) -> None:
    body = client.get("/api/overview").json()
    assert body["counts"]["events"] == 10
    jan = body["timeline"][0]
    assert jan["period"] == "2024-01" and jan["verbal_cooperation"] == 2 and jan["material_cooperation"] == 1
    assert body["top_dyads"][0]["source"] in {"PRK", "RUS"}
    assert body["latest"][0]["id"] == "e07"  # latest events of any modality (shown with a badge)
    assert len(body["latest"]) == 10


def test_places(client: TestClient) -> None:
    body = client.get("/api/places").json()
    assert {c["country"]: c["numeric"] for c in body["countries"]} == {"PRK": "408", "RUS": "643"}
    assert {p["id"] for p in body["points"]} == {"e01", "e05"}


def test_expectations(client: TestClient) -> None:
    body = client.get("/api/expectations").json()
    assert body["total"] == 1 and body["expectations"][0]["event"]["id"] == "e07"
    assert client.get("/api/expectations", params={"status": "kept"}).json()["total"] == 0
    assert client.get("/api/expectations", params={"status": "bogus"}).status_code == 400


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/api/events?limit=101", "E502"),
        ("/api/events?limit=0", "E502"),
        ("/api/events?offset=-1", "E502"),
        ("/api/events?quad=x", "E502"),
        ("/api/events?quad=7", "E502"),
        ("/api/events?order=sideways", "E502"),
        ("/api/events?from=2024-13-01", "E106"),
        ("/api/events?bbox=1,2,3", "E502"),
        ("/api/events?dyad=PRK", "E502"),
        ("/api/network?modality=rumoured", "E502"),
        ("/api/nowhere", "E503"),
    ],
)
def test_errors_are_json_with_codes(client: TestClient, url: str, code: str) -> None:
    r = client.get(url)
    assert 400 <= r.status_code < 500
    err = r.json()["error"]
    assert err["code"] == code and err["message"]


def test_security_headers_everywhere(client: TestClient) -> None:
    for url in ("/", "/api/events", "/static/js/common.js", "/api/nowhere", "/openapi.json"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_openapi_and_offline_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/code" in spec["paths"]
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/static/js/docs.js" in page
    assert client.get("/redoc").status_code == 404


def test_request_body_limit(db: Path) -> None:
    app = create_app(WebConfig(store=str(db), max_body_bytes=1000))
    with TestClient(app) as c:
        r = c.post("/api/code", json={"text": "x" * 5000})
        assert r.status_code == 413 and r.json()["error"]["code"] == "E107"

        def chunks() -> Any:  # no Content-Length: counted while reading
            for _ in range(10):
                yield b"x" * 500

        r = c.post("/api/code", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "E107"


class FakeCoder:
    """A stand-in with the one method the route calls; the real coder is tested in test_code_slow."""

    def __init__(self, events: list[Event]) -> None:
        self.events = events
        self.calls = 0

    def code_text(self, text: str, date: dt.date | None = None, article_id: str | None = None) -> list[Event]:
        self.calls += 1
        return self.events


def test_code_route_loads_the_coder_once(db: Path) -> None:
    fake = FakeCoder([EVENTS[0]])
    loads: list[int] = []

    def factory() -> FakeCoder:
        loads.append(1)
        return fake

    app = create_app(WebConfig(store=str(db), coder_factory=factory))
    with TestClient(app) as c:
        assert not loads  # lazily: not at start-up
        for _ in range(2):
            body = c.post(
                "/api/code", json={"text": "North Korea visited Russia.", "date": "2024-01-03"}
            ).json()
            assert body["events"][0]["id"] == "e01" and body["text"] == "North Korea visited Russia."
        assert loads == [1] and fake.calls == 2
        assert c.post("/api/code", json={"text": "  "}).json()["error"]["code"] == "E502"
        assert c.post("/api/code", json={"text": "x", "date": "soon"}).json()["error"]["code"] == "E106"
        assert c.post("/api/code", json={"nope": 1}).status_code == 400


def test_code_text_length_limit(db: Path) -> None:
    app = create_app(WebConfig(store=str(db), settings=Settings(max_article_chars=10)))
    with TestClient(app) as c:
        r = c.post("/api/code", json={"text": "x" * 11})
        assert r.status_code == 413 and r.json()["error"]["code"] == "E107"


def test_writing_needs_the_token(client: TestClient, db: Path) -> None:
    files = {"file": ("news.txt", b"North Korea visited Russia.", "text/plain")}
    r = client.post("/api/ingest", files=files)
    assert r.status_code == 401 and r.json()["error"]["code"] == "E504"
    r = client.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    no_token = create_app(WebConfig(store=str(db)))
    with TestClient(no_token) as c:
        r = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer "})
        assert r.status_code == 403 and "DYADS_WEB_TOKEN" in r.json()["error"]["message"]


def test_read_only_methods(client: TestClient) -> None:
    assert client.post("/api/events").status_code == 405
    assert client.delete("/api/events/e01").status_code == 405


def test_blocs(client: TestClient) -> None:
    body = client.get("/api/blocs", params={"from": "2024-01-01", "to": "2024-01-31"}).json()
    members = {m for p in body["periods"] for b in p["blocs"] for m in b["members"]}
    assert members == {"CHN", "PRK", "RUS"}
    by_month = client.get("/api/blocs", params={"by": "month"}).json()
    assert [p["period"] for p in by_month["periods"]][:1] == ["2024-01"]
    assert client.get("/api/blocs", params={"by": "fortnight"}).json()["error"]["code"] == "E502"


def test_cached_answers_follow_the_store(client: TestClient, db: Path) -> None:
    first = client.get("/api/events", params={"country": "KOR"}).json()
    assert first["total"] == 0
    assert client.get("/api/events", params={"country": "KOR"}).json() == first  # from the cache
    extra = make_event("k01", dt.date(2024, 5, 1), "KOR", "JPN", "042", 1, 1.9, "Seoul visited Tokyo.",
                       ("Seoul", "visited", "Tokyo"))  # fmt: skip
    fill(db, [extra])  # an ingest next to the server: the store changes, the cached answer goes
    again = client.get("/api/events", params={"country": "KOR"}).json()
    assert again["total"] == 1 and again["events"][0]["id"] == "k01"
    r = client.get("/api/events/k01")
    assert r.status_code == 200 and "content-security-policy" in r.headers


@pytest.mark.slow
def test_upload_with_the_token_ingests(client: TestClient) -> None:
    text = b"The French president visited Germany on Tuesday. China criticised Japan over the islands."
    r = client.post(
        "/api/ingest",
        files={"file": ("../../etc/news<x>.txt", text, "text/plain")},  # the name is never used as a path
        params={"date": "2026-03-10"},
        headers={"Authorization": "Bearer s3cret"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["articles_coded"] == 1 and body["events_stored"] >= 1
    found = client.get("/api/events", params={"country": "FRA"}).json()
    assert found["total"] >= 1 and found["events"][0]["date"] == "2026-03-10"


def test_alignment_shifts_anomalies(client: TestClient) -> None:
    body = client.get("/api/alignment/prk/rus", params={"by": "month"}).json()
    assert body["a"] == "PRK" and [r["period"] for r in body["rows"]][:1] == ["2024-01"]
    jan = body["rows"][0]
    assert jan["direct"] is not None
    sh = client.get(
        "/api/shifts",
        params={"from1": "2024-01-01", "to1": "2024-01-31", "from2": "2024-03-01", "to2": "2024-03-31"},
    ).json()
    top = sh["shifts"][0]
    assert {top["a"], top["b"]} == {"PRK", "RUS"} and top[
        "change"
    ] < 0  # January's cooperation, March's attack
    assert client.get("/api/shifts", params={"from1": "2024-01-01"}).status_code == 400
    an = client.get("/api/anomalies", params={"by": "month", "window": 3, "min_events": 1}).json()
    assert an["total"] == len(an["anomalies"])
    assert client.get("/api/anomalies", params={"a": "PRK"}).json()["error"]["code"] == "E502"
