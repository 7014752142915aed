"""Helpers shared by the command modules: settings from options, problems to stderr, the store-reading
commands' options, dates, modalities, output and aligned tables."""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, TextIO

import typer

from dyads.config import Settings, load_settings
from dyads.model import Modality
from dyads.sources import Problem, parse_date

DbOpt = Annotated[str | None, typer.Option("--db", help="A SQLite path or postgresql:// URL.")]
OutOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")]
FromOpt = Annotated[str | None, typer.Option("--from", help="First date, YYYY-MM-DD (inclusive).")]
ToOpt = Annotated[str | None, typer.Option("--to", help="Last date, YYYY-MM-DD (inclusive).")]
ModalityOpt = Annotated[
    list[str] | None,
    typer.Option("--modality", help="Count these modalities (repeatable; default: asserted)."),
]
RecordsOpt = Annotated[
    bool, typer.Option("--records", help="Count records, not deduplicated clusters (real-world events).")
]
PlotOpt = Annotated[Path | None, typer.Option("--plot", help="Also draw it into this .png or .svg file.")]


def day(value: str | None) -> dt.date | None:
    """An optional YYYY-MM-DD option (a bad one is a ``BadDateError``)."""
    return parse_date(value) if value else None


def counted(modality: list[str] | None) -> tuple[str, ...]:
    """The modalities an analysis counts: those asked for, else asserted events only."""
    return tuple(modality) if modality else (Modality.ASSERTED.value,)


@contextlib.contextmanager
def opened(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with path.open("w", encoding="utf-8", newline="") as fh:
        yield fh


def write_table(header: Sequence[str], lines: Sequence[Sequence[str]], out: TextIO) -> None:
    """Right-aligned columns, two spaces apart."""
    widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
    for line in [header, *lines]:
        out.write("  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)).rstrip() + "\n")


def settings_from(model: str | None, actors: list[str] | None, lexicon: list[str] | None) -> Settings:
    base = load_settings()
    return load_settings(
        model=model,
        actor_files=tuple(base.actor_files) + tuple(actors or ()) or None,
        lexicon_files=tuple(base.lexicon_files) + tuple(lexicon or ()) or None,
    )


def report_problem(p: Problem) -> None:
    level = "error" if p.fatal else "warning"
    print(f"{level} {p.code}: {p.location}: {p.message}", file=sys.stderr)
