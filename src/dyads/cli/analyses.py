"""``dyads blocs``, ``dyads alignment``, ``dyads shifts``, ``dyads anomalies``: analyses over a store.

Thin commands over ``dyads.query``: parse options, call one core function, print a table or JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any, TextIO

import typer

from dyads.errors import UsageError
from dyads.model import Modality
from dyads.query.blocs import BlocsResult, blocs
from dyads.sources import parse_date
from dyads.store import open_store

from .query import DbOpt, FromOpt, ModalityOpt, OutOpt, PlotOpt, RecordsOpt, ToOpt, _output

FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table | json")]
FORMATS = ("table", "json")


def _date(value: str | None) -> dt.date | None:
    return parse_date(value) if value else None


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
            _date(date_from),
            _date(date_to),
            by=by,
            modality=tuple(modality) if modality else (Modality.ASSERTED.value,),
            records=records,
        )
    if plot is not None:
        from dyads.query.plots import plot_blocs

        plot_blocs(result, plot)
    with _output(output) as out:
        write_blocs(result, fmt, out)
    if plot is not None:
        print(f"wrote {plot}", file=sys.stderr)
