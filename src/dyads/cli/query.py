"""``dyads events``, ``dyads dyad``, ``dyads network``, ``dyads expectations``: the read side of a store.

Thin commands over ``dyads.query``: parse options, call one core function, write its result to stdout or
``--output``.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, TextIO

import typer

from dyads.errors import UsageError
from dyads.exports import FORMATS, write_events
from dyads.query.blocs import blocs
from dyads.query.events import count_matching, event_query, find_events
from dyads.query.expectations import STATUSES, expectations
from dyads.query.network import NETWORK_FORMATS, country_network, write_network
from dyads.query.series import SeriesRow, dyad_series
from dyads.query.sql import PERIODS
from dyads.store import ORDERS, EventFilter, open_store

from .common import (
    DbOpt,
    FromOpt,
    ModalityOpt,
    OutOpt,
    PlotOpt,
    RecordsOpt,
    ToOpt,
    counted,
    day,
    opened,
    write_table,
)


def events_cmd(
    db: DbOpt = None,
    country: Annotated[str | None, typer.Option(help="Either side's country (ISO alpha-3).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="The source's country.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="The target's country.")] = None,
    dyad: Annotated[
        str | None, typer.Option(help="Two countries A,B, either direction (use --source/--target for one).")
    ] = None,
    cameo: Annotated[list[str] | None, typer.Option(help="A full CAMEO code (repeatable).")] = None,
    root: Annotated[list[str] | None, typer.Option(help="A CAMEO root, 01..20 (repeatable).")] = None,
    quad: Annotated[list[int] | None, typer.Option(help="A quad class 1..4 (repeatable).")] = None,
    plover: Annotated[list[str] | None, typer.Option(help="A PLOVER event type (repeatable).")] = None,
    modality: Annotated[list[str] | None, typer.Option(help="A modality (repeatable; default: all).")] = None,
    sector: Annotated[str | None, typer.Option(help="Either side's sector (GOV, MIL, …).")] = None,
    name: Annotated[str | None, typer.Option(help="Part of either actor's name.")] = None,
    place: Annotated[str | None, typer.Option(help="The place's country.")] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat of the place.")] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    min_confidence: Annotated[float | None, typer.Option(help="Lowest confidence, 0..1.")] = None,
    text: Annotated[str | None, typer.Option(help="Words in the evidence sentence.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = 100,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    order: Annotated[str, typer.Option(help=f"One of: {', '.join(ORDERS)}.")] = "date",
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=" | ".join(FORMATS))] = None,
    output: OutOpt = None,
    count: Annotated[bool, typer.Option("--count", help="Print only how many events match.")] = False,
) -> None:
    """Stored events by filter, in any export format, a page at a time (--limit, --offset)."""
    out_fmt = fmt or ("table" if output is None and sys.stdout.isatty() else "jsonl")
    if out_fmt not in FORMATS:
        raise UsageError(f"unknown format '{out_fmt}'; choose one of: {', '.join(FORMATS)}")
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
        date_from=day(date_from),
        date_to=day(date_to),
        min_confidence=min_confidence,
        text=text,
    )
    with open_store(db) as store:
        if count:
            with opened(output) as out:
                out.write(f"{count_matching(store, q)}\n")
            return
        with opened(output) as out:
            write_events(find_events(store, q, limit=limit, offset=offset, order=order), out_fmt, out)


_SERIES_COLUMNS = (
    "period",
    "direction",
    "source",
    "target",
    "events",
    "verbal_cooperation",
    "material_cooperation",
    "verbal_conflict",
    "material_conflict",
    "goldstein_sum",
    "goldstein_mean",
    "cci",
)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def write_series(series: list[SeriesRow], fmt: str, out: TextIO) -> None:
    """A series as ``tsv`` (header + one line per row), ``jsonl`` or an aligned ``table``."""
    if fmt == "jsonl":
        for row in series:
            out.write(json.dumps(row.to_dict()) + "\n")
        return
    cells = [[_cell(row.to_dict()[c]) for c in _SERIES_COLUMNS] for row in series]
    if fmt == "tsv":
        for line in [list(_SERIES_COLUMNS), *cells]:
            out.write("\t".join(line) + "\n")
        return
    if fmt != "table":
        raise UsageError(f"unknown series format '{fmt}'; choose one of: tsv, jsonl, table")
    header = [
        "period",
        "dir",
        "src",
        "tgt",
        "n",
        "vcoop",
        "mcoop",
        "vconf",
        "mconf",
        "gs_sum",
        "gs_mean",
        "cci",
    ]
    write_table(header, cells, out)


def dyad_cmd(
    a: Annotated[str, typer.Argument(help="One country (ISO alpha-3).")],
    b: Annotated[str, typer.Argument(help="The other country.")],
    by: Annotated[str, typer.Option(help=" | ".join(PERIODS))] = "month",
    db: DbOpt = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    modality: ModalityOpt = None,
    records: RecordsOpt = False,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="table | tsv | jsonl")] = None,
    output: OutOpt = None,
    plot: PlotOpt = None,
) -> None:
    """A dyad's relations per period: quad counts, Goldstein sum and mean, cooperation–conflict index."""
    out_fmt = fmt or ("table" if output is None and sys.stdout.isatty() else "tsv")
    with open_store(db) as store:
        series = dyad_series(
            store,
            a,
            b,
            by=by,
            modality=counted(modality),
            records=records,
            date_from=day(date_from),
            date_to=day(date_to),
        )
    if plot is not None:
        from dyads.query.plots import plot_series

        plot_series(series, plot)
    with opened(output) as out:
        write_series(series, out_fmt, out)


def network_cmd(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    db: DbOpt = None,
    modality: ModalityOpt = None,
    records: RecordsOpt = False,
    min_events: Annotated[int, typer.Option(help="Leave out edges with fewer events.")] = 1,
    fmt: Annotated[str, typer.Option("--format", "-f", help=" | ".join(NETWORK_FORMATS))] = "json",
    output: OutOpt = None,
    plot: PlotOpt = None,
) -> None:
    """The country graph of a period, edges weighted by cooperation and conflict (--plot: blocs coloured)."""
    if fmt not in NETWORK_FORMATS:
        raise UsageError(f"unknown network format '{fmt}'; choose one of: {', '.join(NETWORK_FORMATS)}")
    with open_store(db) as store:
        net = country_network(
            store,
            day(date_from),
            day(date_to),
            modality=counted(modality),
            records=records,
            min_events=min_events,
        )
        if plot is not None:
            from dyads.query.plots import plot_network

            found = blocs(store, net.date_from, net.date_to, modality=counted(modality), records=records)
            plot_network(net, plot, found.membership())
    with opened(output) as out:
        write_network(net, fmt, out)


def expectations_cmd(
    db: DbOpt = None,
    country: Annotated[str | None, typer.Option(help="Either side's country (ISO alpha-3).")] = None,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    status: Annotated[
        list[str] | None, typer.Option(help=f"Only these outcomes: {', '.join(STATUSES)} (repeatable).")
    ] = None,
    output: OutOpt = None,
) -> None:
    """Planned and promised events (modality future), each kept, not yet due, or lapsed (JSON Lines)."""
    wanted = set(status or STATUSES)
    unknown = wanted - set(STATUSES)
    if unknown:
        raise UsageError(f"unknown status {sorted(unknown)[0]!r}; use: {', '.join(STATUSES)}")
    where = EventFilter(
        country=country.upper() if country else None,
        date_from=day(date_from),
        date_to=day(date_to),
    )
    with open_store(db) as store, opened(output) as out:
        for item in expectations(store, where):
            if item.status in wanted:
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
