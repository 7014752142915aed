"""``dyads blocs``, ``dyads alignment``, ``dyads shifts``, ``dyads anomalies``: analyses over a store.

Thin commands over ``dyads.query``: parse options, call one core function, print a table or JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any, TextIO

import typer

from dyads.errors import UsageError
from dyads.query.alignment import alignment, shifts
from dyads.query.anomalies import anomalies
from dyads.query.blocs import BlocsResult, blocs
from dyads.query.sql import PERIODS
from dyads.sources import parse_date
from dyads.store import open_store

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

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table | json")]
FORMATS = ("table", "json")


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    return fmt


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _json(obj: Any, out: TextIO) -> None:
    json.dump(obj, out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_blocs(result: BlocsResult, fmt: str, out: TextIO) -> None:
    """Blocs as JSON (``BlocsResult.to_dict``) or a readable table: per period its blocs, then the moves."""
    if fmt == "json":
        _json(result.to_dict(), out)
        return
    for p in result.periods:
        out.write(
            f"{p.period}  polarisation {_num(p.polarisation)}  balance {_num(p.balance)}  "
            f"modularity {_num(p.modularity)}  cooperation {p.cooperation}  conflict {p.conflict}\n"
        )
        for b in p.blocs:
            out.write(f"  {b.id:<4} {' '.join(b.members)}\n")
        if p.unaligned:
            out.write(f"  {'-':<4} {' '.join(p.unaligned)} (unaligned)\n")
    if result.moves:
        out.write("moves:\n")
        for m in result.moves:
            out.write(f"  {m.country}  {m.period_from} {m.bloc_from} -> {m.period_to} {m.bloc_to}\n")
    if not result.periods:
        out.write("no events between states in this range\n")


def blocs_cmd(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    by: Annotated[str | None, typer.Option(help="year | quarter | month (default: the whole range)")] = None,
    db: DbOpt = None,
    modality: ModalityOpt = None,
    records: RecordsOpt = False,
    fmt: FormatOpt = "table",
    plot: PlotOpt = None,
    output: OutOpt = None,
) -> None:
    """Blocs of states that cooperate among themselves, polarisation, and who moved between blocs."""
    if by is not None and by not in ("year", "quarter", "month"):
        raise UsageError(f"unknown period {by!r} for blocs; use year, quarter or month")
    _fmt(fmt)
    with open_store(db) as store:
        result = blocs(
            store,
            day(date_from),
            day(date_to),
            by=by,
            modality=counted(modality),
            records=records,
        )
    if plot is not None:
        from dyads.query.plots import plot_blocs

        plot_blocs(result, plot)
    with opened(output) as out:
        write_blocs(result, fmt, out)
    if plot is not None:
        print(f"wrote {plot}", file=sys.stderr)


def alignment_cmd(
    a: Annotated[str, typer.Argument(help="One state (ISO alpha-3).")],
    b: Annotated[str, typer.Argument(help="The other state.")],
    by: Annotated[str, typer.Option(help=" | ".join(PERIODS))] = "month",
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    db: DbOpt = None,
    modality: ModalityOpt = None,
    records: RecordsOpt = False,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
) -> None:
    """How aligned two states are per period: direct relations and like behaviour toward third parties."""
    _fmt(fmt)
    with open_store(db) as store:
        found = alignment(
            store,
            a,
            b,
            by=by,
            date_from=day(date_from),
            date_to=day(date_to),
            modality=counted(modality),
            records=records,
        )
    with opened(output) as out:
        if fmt == "json":
            _json([r.to_dict() for r in found], out)
            return
        header = ["period", "events", "coop", "conf", "direct", "partners", "similarity", "score"]
        lines = [
            [
                r.period,
                str(r.events),
                str(r.cooperation),
                str(r.conflict),
                _num(r.direct),
                str(r.common_partners),
                _num(r.similarity),
                _num(r.score),
            ]
            for r in found
        ]
        write_table(header, lines, out)


def shifts_cmd(
    from1: Annotated[str, typer.Option("--from1", help="First period's first day, YYYY-MM-DD.")],
    to1: Annotated[str, typer.Option("--to1", help="First period's last day.")],
    from2: Annotated[str, typer.Option("--from2", help="Second period's first day.")],
    to2: Annotated[str, typer.Option("--to2", help="Second period's last day.")],
    top: Annotated[int, typer.Option(help="How many dyads.")] = 10,
    evidence: Annotated[int, typer.Option(help="Driving events per dyad.")] = 5,
    db: DbOpt = None,
    modality: ModalityOpt = None,
    records: RecordsOpt = False,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
) -> None:
    """The dyads whose relations changed most between two periods, with the events that drove it."""
    _fmt(fmt)
    p1 = (parse_date(from1), parse_date(to1))
    p2 = (parse_date(from2), parse_date(to2))
    with open_store(db) as store:
        found = shifts(
            store,
            p1,
            p2,
            top=top,
            evidence=evidence,
            modality=counted(modality),
            records=records,
        )
    with opened(output) as out:
        if fmt == "json":
            _json([s.to_dict() for s in found], out)
            return
        for s in found:
            out.write(
                f"{s.a}–{s.b}  change {s.change:+.2f} Goldstein/30 days  (sum {s.before_sum:.1f} "
                f"in {s.before_events} events -> {s.after_sum:.1f} in {s.after_events})\n"
            )
            for d in s.drivers:
                day = d.date.isoformat() if d.date else "undated"
                out.write(
                    f"  {d.contribution:+7.2f}  {day}  {d.source}->{d.target} {d.cameo} "
                    f"({d.goldstein:+.1f})  {d.event_id}  {d.sentence}\n"
                )


def anomalies_cmd(
    a: Annotated[str | None, typer.Argument(help="One state of the dyad (omit both for every dyad).")] = None,
    b: Annotated[str | None, typer.Argument(help="The other state.")] = None,
    by: Annotated[str, typer.Option(help=" | ".join(PERIODS))] = "week",
    threshold: Annotated[float, typer.Option(help="Flag |robust z| at or above this.")] = 3.5,
    window: Annotated[int, typer.Option(help="Trailing periods the baseline is taken from.")] = 12,
    min_events: Annotated[int, typer.Option(help="Without A B: skip dyads with fewer events.")] = 10,
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    db: DbOpt = None,
    modality: ModalityOpt = None,
    records: RecordsOpt = False,
    fmt: FormatOpt = "table",
    output: OutOpt = None,
) -> None:
    """Periods in which a dyad departs sharply from its own trailing baseline (robust z-score)."""
    _fmt(fmt)
    with open_store(db) as store:
        found = anomalies(
            store,
            a,
            b,
            by=by,
            threshold=threshold,
            window=window,
            min_events=min_events,
            date_from=day(date_from),
            date_to=day(date_to),
            modality=counted(modality),
            records=records,
        )
    with opened(output) as out:
        if fmt == "json":
            _json([x.to_dict() for x in found], out)
            return
        header = ["dyad", "period", "kind", "goldstein", "events", "baseline", "scale", "z"]
        lines = [
            [
                f"{x.a}-{x.b}",
                x.period,
                x.kind,
                _num(x.value, 1),
                str(x.events),
                _num(x.baseline, 1),
                _num(x.scale),
                _num(x.z, 1),
            ]
            for x in found
        ]
        if not lines:
            # an empty table reads like a failure; say what was looked for
            print(f"no anomalies: no {by} departs from its baseline by |z| >= {threshold:g}", file=sys.stderr)
            return
        write_table(header, lines, out)
