"""The analyses as pandas DataFrames, for notebooks: ``dyads.frames.series(store, "PRK", "RUS")``.

Each function calls the matching ``dyads.query`` function and tabulates its typed result (one row per
``to_dict()``), so a frame always says what the CLI and the web app say. pandas is the ``analysis``
extra and is imported at the first call; without it a call is a usage error that says how to install it.
Date columns (``start``, ``date``, ``announced``, ``window_from``, ``window_to``) are ``pandas.Timestamp``
values, so they resample and plot as time.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType
from typing import Any

from dyads.errors import UsageError
from dyads.model import Modality
from dyads.store import EventFilter, Store

ASSERTED: tuple[str, ...] = (Modality.ASSERTED.value,)


def _pd() -> ModuleType:
    try:
        return importlib.import_module("pandas")
    except ImportError as exc:
        raise UsageError("DataFrames need pandas: pip install 'dyads[analysis]'") from exc


def _frame(records: Iterable[Mapping[str, Any]], columns: Sequence[str] | None = None) -> Any:
    pd = _pd()
    frame = pd.DataFrame(list(records), columns=list(columns) if columns else None)
    for col in ("start", "date", "announced", "window_from", "window_to"):
        if col in frame.columns:
            frame[col] = pd.to_datetime(frame[col])
    return frame


def series(store: Store, a: str, b: str, *, by: str = "month", **kw: Any) -> Any:
    """The dyad series (``dyads.query.series.dyad_series``): a row per period and direction."""
    from dyads.query.series import dyad_series

    return _frame(r.to_dict() for r in dyad_series(store, a, b, by=by, **kw))


def events(
    store: Store, where: EventFilter | None = None, *, limit: int | None = 10_000, **query: Any
) -> Any:
    """Stored events, flattened (``source.country`` → ``source_country``); ``query``: EventQuery fields."""
    from dyads.query.events import EventQuery, find_events

    q = EventQuery(where=where or EventFilter(), **query)
    pd = _pd()
    rows = [e.to_dict() for e in find_events(store, q, limit=limit)]
    frame = pd.json_normalize(rows, sep="_") if rows else pd.DataFrame()
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"])
    return frame


def network_edges(
    store: Store, date_from: dt.date | None = None, date_to: dt.date | None = None, **kw: Any
) -> Any:
    """The country network's directed edges (``dyads.query.network.country_network``)."""
    from dyads.query.network import country_network

    net = country_network(store, date_from, date_to, **kw)
    cols = ["source", "target", "cooperation", "conflict", "events", "goldstein_sum", "goldstein_mean"]
    return _frame((e.to_dict() for e in net.edges), cols)


def blocs(
    store: Store,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    by: str | None = None,
    **kw: Any,
) -> Any:
    """Bloc membership: a row per period and state, with its bloc (``None``: unaligned) and the period's
    polarisation and balance (``dyads.query.blocs.blocs``)."""
    from dyads.query.blocs import blocs as find_blocs

    result = find_blocs(store, date_from, date_to, by=by, **kw)
    rows = []
    for p in result.periods:
        member = p.membership()
        for state in sorted([*member, *p.unaligned]):
            rows.append(
                {
                    "period": p.period,
                    "start": p.start,
                    "country": state,
                    "bloc": member.get(state),
                    "polarisation": p.polarisation,
                    "balance": p.balance,
                }
            )
    return _frame(rows, ["period", "start", "country", "bloc", "polarisation", "balance"])


def alignment(store: Store, a: str, b: str, *, by: str = "month", **kw: Any) -> Any:
    """Alignment of two states per period (``dyads.query.alignment.alignment``)."""
    from dyads.query.alignment import alignment as find_alignment

    return _frame(r.to_dict() for r in find_alignment(store, a, b, by=by, **kw))


def shifts(
    store: Store,
    period1: tuple[dt.date, dt.date],
    period2: tuple[dt.date, dt.date],
    *,
    top: int = 10,
    **kw: Any,
) -> Any:
    """The dyads that changed most (``dyads.query.alignment.shifts``): a row per driving event, with its
    dyad's change, so ``frame.groupby(["a", "b"])`` gives the dyads back."""
    from dyads.query.alignment import shifts as find_shifts

    rows = []
    for rank, s in enumerate(find_shifts(store, period1, period2, top=top, **kw), start=1):
        head = {"rank": rank, "a": s.a, "b": s.b, "change": s.change, "before_sum": s.before_sum}
        head |= {"after_sum": s.after_sum}
        for d in s.drivers or (None,):
            rows.append(head | (d.to_dict() if d else {}))
    return _frame(rows)


def expectations(store: Store, where: EventFilter | None = None) -> Any:
    """Announced events and their outcome (``dyads.query.expectations.expectations``)."""
    from dyads.query.expectations import expectations as find_expectations

    rows = [
        {
            "event_id": x.event.id,
            "status": x.status,
            "date": x.event.date,
            "source": x.event.source.country,
            "target": x.event.target.country if x.event.target else None,
            "cameo": x.event.cameo,
            "announced": x.announced,
            "window_from": x.window[0] if x.window else None,
            "window_to": x.window[1] if x.window else None,
            "fulfilled_by": x.fulfilled_by.id if x.fulfilled_by else None,
            "sentence": x.event.evidence.sentence,
        }
        for x in find_expectations(store, where)
    ]
    cols = ["event_id", "status", "date", "source", "target", "cameo", "announced", "window_from"]
    return _frame(rows, [*cols, "window_to", "fulfilled_by", "sentence"])


def anomalies(
    store: Store, a: str | None = None, b: str | None = None, *, by: str = "week", **kw: Any
) -> Any:
    """Anomalous periods of a dyad or every dyad, strongest first (``dyads.query.anomalies.anomalies``)."""
    from dyads.query.anomalies import anomalies as find_anomalies

    cols = ["a", "b", "period", "start", "value", "events", "baseline", "scale", "z", "kind"]
    return _frame((x.to_dict() for x in find_anomalies(store, a, b, by=by, **kw)), cols)


__all__ = [
    "alignment",
    "anomalies",
    "blocs",
    "events",
    "expectations",
    "network_edges",
    "series",
    "shifts",
]
