"""Writers from event records to text streams: JSONL (the native record), TSV, PLOVER JSON and a human table.

Every format is derived from ``Event`` (and so from ``Event.to_dict``), never the other way round, so the
formats cannot disagree. The line formats stream: one event in, one line out, constant memory; only the
table, which has to measure its columns, holds its rows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from dyads.codebook.cameo import Cameo, load_cameo
from dyads.errors import UnknownFormatError
from dyads.model import DatePrecision, Event

FORMATS: tuple[str, ...] = ("jsonl", "tsv", "plover", "table")

TSV_COLUMNS: tuple[str, ...] = (
    "id",
    "article_id",
    "date",
    "date_precision",
    "source_name",
    "source_country",
    "source_sector",
    "target_name",
    "target_country",
    "target_sector",
    "cameo",
    "cameo_root",
    "goldstein",
    "quad",
    "plover_type",
    "plover_mode",
    "modality",
    "attribution",
    "place_name",
    "place_country",
    "lat",
    "lon",
    "confidence",
    "cluster_id",
    "sentence",
)
"""The fixed TSV column order of EVENT_SCHEMA.md."""

# Everything str.splitlines() would break on, plus tab: none of it may survive inside a TSV cell.
_CELL_BREAKS = re.compile("[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def write_events(events: Iterable[Event], fmt: str, out: TextIO, *, cameo: Cameo | None = None) -> int:
    """Write ``events`` to ``out`` in ``fmt`` (one of ``FORMATS``) and return how many were written.

    ``cameo`` supplies code names (table) and PLOVER contexts (plover); the packaged codebook is used when
    it is not given. An unknown format fails before anything is read or written.
    """
    writers: dict[str, Callable[[], int]] = {
        "jsonl": lambda: write_jsonl(events, out),
        "tsv": lambda: write_tsv(events, out),
        "plover": lambda: write_plover(events, out, cameo=cameo),
        "table": lambda: write_table(events, out, cameo=cameo),
    }
    writer = writers.get(fmt)
    if writer is None:
        raise UnknownFormatError(f"unknown output format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    return writer()


# --- JSONL ---------------------------------------------------------------------------------------------


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    """The native record, one per line, UTF-8 text as is (no ``\\u`` escapes), keys in schema order."""
    count = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


# --- TSV -----------------------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    return _CELL_BREAKS.sub(" ", str(value))


def tsv_row(event: Event) -> list[str]:
    """The cells of one event in ``TSV_COLUMNS`` order: None is empty, no tab or line break survives."""
    source, target, place, attribution = event.source, event.target, event.place, event.attribution
    values: tuple[object, ...] = (
        event.id,
        event.article_id,
        event.date.isoformat() if event.date else None,
        event.date_precision.value,
        source.name or source.text,
        source.country,
        source.sector,
        (target.name or target.text) if target else None,
        target.country if target else None,
        target.sector if target else None,
        event.cameo,
        event.cameo_root,
        event.goldstein,
        event.quad,
        event.plover.type,
        event.plover.mode,
        event.modality.value,
        (attribution.name or attribution.text) if attribution else None,
        place.name if place else None,
        place.country if place else None,
        place.lat if place else None,
        place.lon if place else None,
        event.confidence,
        event.cluster_id,
        event.evidence.sentence,
    )
    return [_cell(value) for value in values]


def write_tsv(events: Iterable[Event], out: TextIO) -> int:
    """A header line, then one row per event; always ``len(TSV_COLUMNS)`` cells per line."""
    out.write("\t".join(TSV_COLUMNS) + "\n")
    count = 0
    for event in events:
        out.write("\t".join(tsv_row(event)) + "\n")
        count += 1
    return count


# --- PLOVER JSON ---------------------------------------------------------------------------------------


def plover_record(event: Event, cameo: Cameo | None = None) -> dict[str, Any]:
    """The event in PLOVER/POLECAT field names. ``context`` comes from the codebook, and only when the
    codebook maps the code to the record's own PLOVER type (a hand-set type keeps an empty context)."""
    source, target, place, evidence = event.source, event.target, event.place, event.evidence
    context: list[str] = []
    if cameo is not None and event.cameo in cameo:
        entry = cameo.get(event.cameo)
        if entry.plover.type == event.plover.type:
            context = list(entry.plover_context)
    return {
        "id": event.id,
        "date": event.date.isoformat() if event.date else None,
        "event": event.plover.type,
        "mode": event.plover.mode,
        "context": context,
        "actor": source.name or source.text,
        "actor_country": source.country,
        "actor_sector": source.sector,
        "recipient": (target.name or target.text) if target else None,
        "recipient_country": target.country if target else None,
        "recipient_sector": target.sector if target else None,
        "event_loc": (
            {"name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country}
            if place
            else None
        ),
        "event_text": evidence.sentence,
        "text_info": {
            "article_id": event.article_id,
            "sentence_index": evidence.sentence_index,
            "spans": evidence.to_dict()["spans"],
        },
        "cameo": event.cameo,
        "modality": event.modality.value,
        "confidence": event.confidence,
    }


def write_plover(events: Iterable[Event], out: TextIO, *, cameo: Cameo | None = None) -> int:
    """One PLOVER JSON record per line (see ``plover_record``)."""
    book = cameo if cameo is not None else load_cameo()
    count = 0
    for event in events:
        out.write(json.dumps(plover_record(event, book), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


# --- table ---------------------------------------------------------------------------------------------


def _date_label(event: Event) -> str:
    """The date only as precise as it is known: ``2024-03`` for a month, ``2024`` for a year."""
    if event.date is None:
        return ""
    iso = event.date.isoformat()
    if event.date_precision is DatePrecision.MONTH:
        return iso[:7]
    if event.date_precision is DatePrecision.YEAR:
        return iso[:4]
    return iso


def write_table(
    events: Iterable[Event], out: TextIO, *, cameo: Cameo | None = None, width: int | None = None
) -> int:
    """A table for people: date, source, action (code and name), target, modality, confidence.

    Writes plain text when ``out`` is not a terminal (no colour codes) and then uses ``width`` (default
    160) instead of rich's 80 columns, so names are not wrapped. Cell text is never read as rich markup.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    book = cameo if cameo is not None else load_cameo()
    is_tty = out.isatty()
    console = Console(
        file=out,
        width=width if width is not None or is_tty else 160,
        highlight=False,
        markup=False,
        emoji=False,
        color_system="auto" if is_tty else None,
    )
    table = Table(show_lines=False)
    table.add_column("date", no_wrap=True)
    table.add_column("source")
    table.add_column("action")
    table.add_column("target")
    table.add_column("modality", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    count = 0
    for event in events:
        action = event.cameo
        if event.cameo in book:
            action = f"{event.cameo} {book.get(event.cameo).name}"
        target = event.target
        table.add_row(
            Text(_date_label(event)),
            Text(_actor_label(event.source.name or event.source.text, event.source.country)),
            Text(action),
            Text(_actor_label(target.name or target.text, target.country) if target else "—"),
            Text(event.modality.value),
            Text(f"{event.confidence:.2f}"),
        )
        count += 1
    table.caption = f"{count} event{'' if count == 1 else 's'}"
    console.print(table)
    return count


def _actor_label(name: str, country: str | None) -> str:
    return f"{name} ({country})" if country and country != name else name
