"""The JSON API: thin routes over ``dyads.query`` (each parses its parameters, calls one core function and
returns the result's ``to_dict()`` as a ``JSONResponse``: the values are JSON already, so FastAPI's
encoder and response validation, which cost more than the query on a page of events, are skipped).

Every route reads, except ``POST /api/ingest`` (token) and ``POST /api/code`` (codes text, stores nothing)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any

import anyio
import pycountry
from fastapi import APIRouter, Depends, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from dyads.errors import UsageError
from dyads.ingest import IngestSummary, ingest
from dyads.model import Article, Event, Modality
from dyads.query.alignment import alignment, shifts
from dyads.query.anomalies import anomalies
from dyads.query.blocs import blocs
from dyads.query.browse import count_articles, get_event, list_articles, place_counts, timeline
from dyads.query.events import EventQuery, count_matching, event_query, find_events
from dyads.query.expectations import STATUSES, expectations
from dyads.query.network import country_network
from dyads.query.series import dyad_series
from dyads.query.sql import PERIODS, check_period
from dyads.sources import article_id_for, parse_date
from dyads.store import ORDERS, EventFilter, Store
from dyads.version import __version__

from .deps import coder_holder, config_of, get_store, open_web_store, page_limit, require_token

router = APIRouter(prefix="/api")
StoreDep = Annotated[Store, Depends(get_store)]
FromQ = Annotated[str | None, Query(alias="from", description="First date, YYYY-MM-DD (inclusive).")]
ToQ = Annotated[str | None, Query(alias="to", description="Last date, YYYY-MM-DD (inclusive).")]
ModalityQ = Annotated[
    list[str] | None, Query(description="Count these modalities (repeatable; default: asserted).")
]
RecordsQ = Annotated[bool, Query(description="Count records, not deduplicated clusters.")]
LimitQ = Annotated[int | None, Query(description="Page size (default 50, at most the server's maximum).")]
OffsetQ = Annotated[int, Query(ge=0, description="Skip this many first.")]
CountryQ = Annotated[str | None, Query(min_length=2, max_length=3, description="ISO alpha-3 country.")]


def _date(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


def _modalities(values: list[str] | None) -> tuple[str, ...]:
    """Asserted events only unless asked (the analyses check the names)."""
    return tuple(values) if values else (Modality.ASSERTED.value,)


@router.get("/health", summary="Server and store status")
def health(store: StoreDep) -> JSONResponse:
    return JSONResponse(
        {"status": "ok", "version": __version__, "store": store.location, "counts": store.counts()}
    )


@router.get("/events", summary="Stored events by filter, a page at a time (the filters of `dyads events`)")
def events(
    request: Request,
    store: StoreDep,
    country: CountryQ = None,
    source: CountryQ = None,
    target: CountryQ = None,
    dyad: Annotated[str | None, Query(description="Two countries A,B, either direction.")] = None,
    cameo: Annotated[list[str] | None, Query(description="Full CAMEO codes.")] = None,
    root: Annotated[list[str] | None, Query(description="CAMEO roots 01..20.")] = None,
    quad: Annotated[list[int] | None, Query(description="Quad classes 1..4.")] = None,
    plover: Annotated[list[str] | None, Query(description="PLOVER event types.")] = None,
    modality: Annotated[list[str] | None, Query(description="Modalities (default: all).")] = None,
    sector: Annotated[str | None, Query(description="Either side's sector (GOV, MIL, …).")] = None,
    name: Annotated[str | None, Query(max_length=200, description="Part of either actor's name.")] = None,
    place: CountryQ = None,
    bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat of the place.")] = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    text: Annotated[str | None, Query(max_length=200, description="Words in the evidence sentence.")] = None,
    article: Annotated[str | None, Query(description="Events of this article id.")] = None,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
    order: Annotated[str, Query(description=f"One of: {', '.join(ORDERS)}.")] = "date",
    total: Annotated[bool, Query(description="Also count all matching events (one more query).")] = True,
) -> JSONResponse:
    q = event_query(
        country=country,
        source=source,
        target=target,
        dyad=dyad,
        cameo=cameo,
        root=root,
        quad=quad,
        plover=plover,
        modality=modality,
        sector=sector,
        name=name,
        place=place,
        bbox=bbox,
        date_from=_date(date_from),
        date_to=_date(date_to),
        min_confidence=min_confidence,
        text=text,
        article=article,
    )
    n = page_limit(request, limit)
    found = [e.to_dict() for e in find_events(store, q, limit=n, offset=offset, order=order)]
    return JSONResponse(
        {
            "total": count_matching(store, q) if total else None,
            "limit": n,
            "offset": offset,
            "events": found,
        }
    )


@router.get("/events/{event_id:path}", summary="One event with its article and evidence")
def event(event_id: str, store: StoreDep) -> JSONResponse:
    found = get_event(store, event_id)
    if found is None:
        raise HTTPException(404, f"there is no event {event_id!r} in this store")
    article = store.get_article(found.article_id)
    return JSONResponse(
        {
            "event": found.to_dict(),
            "evidence": found.evidence.to_dict(),
            "article": _article_dict(article) if article else None,
        }
    )


def _article_dict(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "url": a.url,
        "source_name": a.source_name,
        "published": a.published.isoformat() if a.published else None,
        "language": a.language,
        "text": a.text,
    }


@router.get("/articles", summary="Stored articles, newest first, with their event counts")
def articles(request: Request, store: StoreDep, limit: LimitQ = None, offset: OffsetQ = 0) -> JSONResponse:
    n = page_limit(request, limit)
    return JSONResponse(
        {
            "total": count_articles(store),
            "limit": n,
            "offset": offset,
            "articles": [a.to_dict() for a in list_articles(store, limit=n, offset=offset)],
        }
    )


@router.get("/articles/{article_id:path}", summary="One article: its text and the events coded from it")
def article(article_id: str, store: StoreDep) -> JSONResponse:
    found = store.get_article(article_id)
    if found is None:
        raise HTTPException(404, f"there is no article {article_id!r} in this store")
    evs = find_events(store, EventQuery(where=EventFilter(article_id=article_id)), order="article")
    return JSONResponse({"article": _article_dict(found), "events": [e.to_dict() for e in evs]})


@router.get("/dyad/{a}/{b}", summary="A dyad's series: quad counts, Goldstein and CCI per period")
def dyad(
    a: str,
    b: str,
    store: StoreDep,
    by: Annotated[str, Query(description=" | ".join(PERIODS))] = "month",
    date_from: FromQ = None,
    date_to: ToQ = None,
    modality: ModalityQ = None,
    records: RecordsQ = False,
) -> JSONResponse:
    series = dyad_series(
        store,
        a,
        b,
        by=check_period(by),
        modality=_modalities(modality),
        records=records,
        date_from=_date(date_from),
        date_to=_date(date_to),
    )
    return JSONResponse(
        {"a": a.upper(), "b": b.upper(), "by": by, "series": [row.to_dict() for row in series]}
    )


@router.get("/network", summary="The directed country graph of a period")
def network(
    store: StoreDep,
    date_from: FromQ = None,
    date_to: ToQ = None,
    modality: ModalityQ = None,
    records: RecordsQ = False,
    min_events: Annotated[int, Query(ge=1)] = 1,
) -> JSONResponse:
    net = country_network(
        store,
        _date(date_from),
        _date(date_to),
        modality=_modalities(modality),
        records=records,
        min_events=min_events,
    )
    return JSONResponse(net.to_dict())


@router.get("/blocs", summary="Blocs of cooperating states per period, polarisation, moves between blocs")
def blocs_route(
    store: StoreDep,
    date_from: FromQ = None,
    date_to: ToQ = None,
    by: Annotated[str | None, Query(description=f"Split into periods: {' | '.join(PERIODS)}.")] = None,
    modality: ModalityQ = None,
    records: RecordsQ = False,
) -> JSONResponse:
    result = blocs(
        store,
        _date(date_from),
        _date(date_to),
        by=check_period(by) if by else None,
        modality=_modalities(modality),
        records=records,
    )
    return JSONResponse(result.to_dict())


@router.get("/alignment/{a}/{b}", summary="How close two states are, per period (direct CCI + similarity)")
def alignment_route(
    a: str,
    b: str,
    store: StoreDep,
    by: Annotated[str, Query(description=" | ".join(PERIODS))] = "month",
    date_from: FromQ = None,
    date_to: ToQ = None,
    modality: ModalityQ = None,
    records: RecordsQ = False,
) -> JSONResponse:
    rows_ = alignment(
        store,
        a.upper(),
        b.upper(),
        by=check_period(by),
        date_from=_date(date_from),
        date_to=_date(date_to),
        modality=_modalities(modality),
        records=records,
    )
    return JSONResponse({"a": a.upper(), "b": b.upper(), "by": by, "rows": [r.to_dict() for r in rows_]})


def _required_date(value: str, name: str) -> dt.date:
    if not value:
        raise UsageError(f"give {name} as YYYY-MM-DD")
    return parse_date(value)


@router.get("/shifts", summary="The dyads whose relations changed most between two periods, with evidence")
def shifts_route(
    store: StoreDep,
    from1: Annotated[str, Query(description="First period's first day, YYYY-MM-DD.")],
    to1: Annotated[str, Query(description="First period's last day.")],
    from2: Annotated[str, Query(description="Second period's first day.")],
    to2: Annotated[str, Query(description="Second period's last day.")],
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    evidence: Annotated[int, Query(ge=0, le=20)] = 5,
    modality: ModalityQ = None,
    records: RecordsQ = False,
) -> JSONResponse:
    found = shifts(
        store,
        (_required_date(from1, "from1"), _required_date(to1, "to1")),
        (_required_date(from2, "from2"), _required_date(to2, "to2")),
        top=top,
        evidence=evidence,
        modality=_modalities(modality),
        records=records,
    )
    return JSONResponse({"shifts": [x.to_dict() for x in found]})


@router.get("/anomalies", summary="Periods in which a dyad departs sharply from its own recent past")
def anomalies_route(
    store: StoreDep,
    a: CountryQ = None,
    b: CountryQ = None,
    by: Annotated[str, Query(description=" | ".join(PERIODS))] = "week",
    threshold: Annotated[float, Query(gt=0)] = 3.5,
    window: Annotated[int, Query(ge=3, le=260)] = 12,
    date_from: FromQ = None,
    date_to: ToQ = None,
    min_events: Annotated[int, Query(ge=1)] = 10,
    modality: ModalityQ = None,
    records: RecordsQ = False,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> JSONResponse:
    found = anomalies(
        store,
        a.upper() if a else None,
        b.upper() if b else None,
        by=check_period(by),
        threshold=threshold,
        window=window,
        date_from=_date(date_from),
        date_to=_date(date_to),
        min_events=min_events,
        modality=_modalities(modality),
        records=records,
    )
    return JSONResponse({"total": len(found), "anomalies": [x.to_dict() for x in found[:limit]]})


@router.get("/overview", summary="Events over time by quad class, the most active dyads, latest events")
def overview(
    store: StoreDep,
    by: Annotated[str, Query(description=" | ".join(PERIODS))] = "month",
    date_from: FromQ = None,
    date_to: ToQ = None,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
) -> JSONResponse:
    start, end = _date(date_from), _date(date_to)
    net = country_network(store, start, end)
    busiest = sorted(net.edges, key=lambda e: (-e.events, e.source, e.target))[:top]
    latest = find_events(
        store, EventQuery(where=EventFilter(date_from=start, date_to=end)), limit=10, order="-date"
    )
    return JSONResponse(
        {
            "counts": store.counts(),
            "by": by,
            "timeline": [r.to_dict() for r in timeline(store, by=by, date_from=start, date_to=end)],
            "top_dyads": [e.to_dict() for e in busiest],
            "latest": [e.to_dict() for e in latest],
        }
    )


@router.get("/places", summary="Events by place: counts per country and the latest located events")
def places(
    request: Request,
    store: StoreDep,
    date_from: FromQ = None,
    date_to: ToQ = None,
    modality: ModalityQ = None,
    limit: LimitQ = None,
) -> JSONResponse:
    start, end = _date(date_from), _date(date_to)
    mods = _modalities(modality)
    counts = []
    for c in place_counts(store, date_from=start, date_to=end, modality=mods):
        info = pycountry.countries.get(alpha_3=c.country)
        counts.append({**c.to_dict(), "numeric": info.numeric if info else None})
    q = EventQuery(
        where=EventFilter(date_from=start, date_to=end, modality=mods), bbox=(-180.0, -90.0, 180.0, 90.0)
    )
    points = [
        {
            "id": e.id,
            "date": e.date.isoformat() if e.date else None,
            "lat": e.place.lat,
            "lon": e.place.lon,
            "place": e.place.name,
            "cameo": e.cameo,
            "quad": e.quad,
            "source": e.source.name or e.source.text,
            "target": (e.target.name or e.target.text) if e.target else None,
        }
        for e in find_events(store, q, limit=page_limit(request, limit), order="-date")
        if e.place is not None
    ]
    return JSONResponse({"countries": counts, "points": points})


@router.get("/expectations", summary="Planned and promised events, each kept, not yet due, or lapsed")
def expectations_route(
    request: Request,
    store: StoreDep,
    country: CountryQ = None,
    date_from: FromQ = None,
    date_to: ToQ = None,
    status: Annotated[list[str] | None, Query(description=f"Only: {', '.join(STATUSES)}.")] = None,
    limit: LimitQ = None,
    offset: OffsetQ = 0,
) -> JSONResponse:
    wanted = set(status or STATUSES)
    unknown = wanted - set(STATUSES)
    if unknown:
        raise UsageError(f"unknown status {sorted(unknown)[0]!r}; use: {', '.join(STATUSES)}")
    where = EventFilter(
        country=country.upper() if country else None, date_from=_date(date_from), date_to=_date(date_to)
    )
    n = page_limit(request, limit)
    items = [x for x in expectations(store, where) if x.status in wanted]
    return JSONResponse(
        {
            "total": len(items),
            "limit": n,
            "offset": offset,
            "expectations": [x.to_dict() for x in items[offset : offset + n]],
        }
    )


class CodeRequest(BaseModel):
    text: str = Field(description="The article text (untrusted; nothing is stored).")
    date: str | None = Field(default=None, description="Its publication date, YYYY-MM-DD.")


@router.post("/code", summary="Code pasted text into events without storing them")
async def code(body: CodeRequest, request: Request) -> JSONResponse:
    cfg = config_of(request)
    text = body.text
    if not text.strip():
        raise UsageError("the text is empty: paste an article")
    if len(text) > cfg.settings.max_article_chars:
        raise HTTPException(413, f"the text is longer than {cfg.settings.max_article_chars} characters")
    published = _date(body.date)
    holder = coder_holder(request)

    def run() -> list[Event]:
        return holder.get().code_text(text, date=published)

    async with holder.lock:
        found = await anyio.to_thread.run_sync(run)
    return JSONResponse(
        {"article_id": article_id_for(text), "text": text, "events": [e.to_dict() for e in found]}
    )


@router.post(
    "/ingest",
    summary="Code and store an uploaded file (needs the server's token)",
    dependencies=[Depends(require_token)],
)
async def ingest_upload(
    request: Request,
    file: Annotated[UploadFile, File(description="A .txt, .jsonl, .csv, .html, feed or WARC file.")],
    date: Annotated[str | None, Query(description="Publication date for texts without one.")] = None,
) -> JSONResponse:
    cfg = config_of(request)
    published = _date(date)
    suffix = "".join(c for c in Path(file.filename or "upload.txt").suffix if c.isalnum() or c == ".")[:12]
    holder = coder_holder(request)
    with tempfile.TemporaryDirectory(prefix="dyads-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix or '.txt'}"
        with path.open("wb") as out:
            while chunk := await file.read(1 << 20):
                out.write(chunk)

        def run() -> IngestSummary:
            with open_web_store(cfg.store) as store:
                return ingest([str(path)], store, cfg.settings, workers=1, default_date=published)

        async with holder.lock:  # one coding job per process at a time
            summary = await anyio.to_thread.run_sync(run)
    return JSONResponse({"run_id": summary.run_id, **summary.counts(), "seconds": round(summary.seconds, 3)})
