"""Reading and validating the actor data files: tab-separated text with a header row.

A file's header says what it holds (``countries``, ``organizations``, ``sectors``, ``people``,
``non_actors``; see :data:`HEADERS`), so a user file is any ``.tsv`` whose header is one of these. Lines
starting with ``#`` and blank lines are skipped; several values in one cell are separated by ``|``. Every
problem raises :class:`~dyads.errors.CodebookError` with the file and 1-based line number.

This module only parses and checks single rows; how rows combine (which alias means what, user files
winning over built-in ones) is :mod:`dyads.codebook.actors`' business.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pycountry

from dyads.errors import CodebookError


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: how the code writes its small word lists."""
    return frozenset(text.split())


PLOVER_SECTORS: frozenset[str] = word_set(
    "GOV MIL LEG JUD COP SPY PTY OPP REB UAF JRN MED EDU BUS CVL LAB REL REF CRM ELI PRE AGR SOC UNK"
)
"""The PLOVER actor sector codes."""

SECTORS: frozenset[str] = PLOVER_SECTORS | {"IGO", "NGO"}
"""Every sector an actor may carry (EVENT_SCHEMA.md): PLOVER's plus IGO and NGO."""

KINDS: frozenset[str] = frozenset({"state", "person", "organization", "group"})

EXTRA_COUNTRIES: dict[str, str] = {"XKX": "Kosovo"}
"""Codes in common use that ISO 3166-1 has not assigned (Kosovo's user-assigned XKX)."""

HEADERS: dict[str, tuple[str, ...]] = {
    "countries": ("iso3", "name", "aliases", "demonyms", "capitals"),
    "organizations": ("name", "aliases", "country", "sector", "kind"),
    "sectors": ("words", "sector", "kind", "title", "weak"),
    "people": ("name", "aliases", "country", "sector", "title", "start", "end"),
    "non_actors": ("phrase", "note"),
}

BUILTIN_FILES: tuple[str, ...] = (
    "countries.tsv",
    "igos.tsv",
    "groups.tsv",
    "media.tsv",
    "institutions.tsv",
    "companies.tsv",
    "sectors.tsv",
    "people.tsv",
    "leaders.tsv",
    "non_actors.tsv",
)
"""The package's own files, in load order (under ``dyads/codebook/data/actors/``)."""

_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Where:
    """Where a row came from, for error messages and for "user entries win"."""

    path: str
    line: int
    user: bool

    def error(self, message: str) -> CodebookError:
        return CodebookError(self.path, self.line, message)


@dataclass(frozen=True, slots=True)
class CountryRow:
    where: Where
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OrgRow:
    where: Where
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str
    kind: str


@dataclass(frozen=True, slots=True)
class SectorRow:
    where: Where
    words: tuple[str, ...]
    sector: str | None
    kind: str
    title: str | None
    weak: bool


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One dated role of one person; ``end`` is exclusive (the handover day), None while in office."""

    where: Where
    name: str
    aliases: tuple[str, ...]
    country: str | None
    sector: str
    title: str | None
    start: dt.date
    end: dt.date | None


@dataclass(frozen=True, slots=True)
class NonActorRow:
    where: Where
    phrase: str


Row = CountryRow | OrgRow | SectorRow | RoleRow | NonActorRow


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes known to pycountry, plus :data:`EXTRA_COUNTRIES`."""
    return frozenset(c.alpha_3 for c in pycountry.countries) | frozenset(EXTRA_COUNTRIES)


def read_builtin(codes: frozenset[str]) -> list[Row]:
    """All rows of the package's own files."""
    base = resources.files("dyads.codebook").joinpath("data", "actors")
    rows: list[Row] = []
    for name in BUILTIN_FILES:
        text = base.joinpath(name).read_text(encoding="utf-8")
        rows.extend(parse(f"dyads/codebook/data/actors/{name}", text, codes, user=False))
    return rows


def read_user_file(path: Path, codes: frozenset[str]) -> list[Row]:
    """All rows of one user file; unreadable or non-UTF-8 files are codebook errors too."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CodebookError(str(path), None, "actor file does not exist") from exc
    except UnicodeDecodeError as exc:
        raise CodebookError(str(path), None, f"actor file is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise CodebookError(str(path), None, f"cannot read actor file: {exc.strerror}") from exc
    return parse(str(path), text, codes, user=True)


def parse(path: str, text: str, codes: frozenset[str], *, user: bool) -> list[Row]:
    """Rows of one file's text; ``path`` is only used in messages."""
    rows: list[Row] = []
    header: tuple[str, ...] | None = None
    kind = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = Where(path, number, user)
        fields = [f.strip() for f in line.split("\t")]
        if header is None:
            header = tuple(fields)
            for name, columns in HEADERS.items():
                if header == columns:
                    kind = name
                    break
            else:
                known = "; ".join("\\t".join(cols) for cols in HEADERS.values())
                raise where.error(f"unknown header {line!r}: expected tab-separated columns, one of: {known}")
            continue
        if len(fields) > len(header):
            raise where.error(
                f"{len(fields)} tab-separated fields, expected {len(header)} ({', '.join(header)})"
            )
        fields += [""] * (len(header) - len(fields))
        rows.append(_ROW_PARSERS[kind](where, fields, codes))
    if header is None:
        raise CodebookError(path, None, "actor file has no header row")
    return rows


def _values(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def _required(where: Where, column: str, value: str) -> str:
    if not value:
        raise where.error(f"column '{column}' is empty")
    return value


def _country(where: Where, value: str, codes: frozenset[str], *, required: bool = False) -> str | None:
    if not value:
        if required:
            raise where.error("column 'country' is empty")
        return None
    if value not in codes:
        raise where.error(f"unknown country code {value!r} (expected an ISO 3166-1 alpha-3 code like 'CHN')")
    return value


def _sector(where: Where, value: str, *, required: bool = True) -> str | None:
    if not value and not required:
        return None
    if value not in SECTORS:
        raise where.error(f"unknown sector {value!r} (expected one of {', '.join(sorted(SECTORS))})")
    return value


def _kind(where: Where, value: str) -> str:
    if value not in KINDS:
        raise where.error(f"unknown kind {value!r} (expected one of {', '.join(sorted(KINDS))})")
    return value


def _date(where: Where, column: str, value: str, *, end: bool) -> dt.date:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; a partial end date covers its whole month or year."""
    m = _DATE_RE.fullmatch(value)
    if not m:
        raise where.error(f"column '{column}' has {value!r}, expected YYYY-MM-DD (or YYYY-MM, YYYY)")
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if day is not None:
            return dt.date(year, int(month or 1), int(day))
        if month is not None:
            first = dt.date(year, int(month), 1)
            if not end:
                return first
            return dt.date(year + 1, 1, 1) if first.month == 12 else dt.date(year, first.month + 1, 1)
        return dt.date(year + 1 if end else year, 1, 1)
    except ValueError as exc:
        raise where.error(f"column '{column}' has an impossible date {value!r}: {exc}") from exc


def _country_row(where: Where, f: list[str], codes: frozenset[str]) -> Row:
    iso3 = _required(where, "iso3", f[0])
    _country(where, iso3, codes)
    return CountryRow(
        where, iso3, _required(where, "name", f[1]), _values(f[2]), _values(f[3]), _values(f[4])
    )


def _org_row(where: Where, f: list[str], codes: frozenset[str]) -> Row:
    name = _required(where, "name", f[0])
    sector = _sector(where, f[3])
    assert sector is not None
    return OrgRow(where, name, _values(f[1]), _country(where, f[2], codes), sector, _kind(where, f[4]))


def _sector_row(where: Where, f: list[str], codes: frozenset[str]) -> Row:
    words = _values(_required(where, "words", f[0]))
    if f[4] not in ("", "weak"):
        raise where.error(f"column 'weak' has {f[4]!r}, expected 'weak' or nothing")
    return SectorRow(
        where, words, _sector(where, f[1], required=False), _kind(where, f[2]), f[3] or None, f[4] == "weak"
    )


def _role_row(where: Where, f: list[str], codes: frozenset[str]) -> Row:
    name = _required(where, "name", f[0])
    sector = _sector(where, _required(where, "sector", f[3]))
    assert sector is not None
    country = _country(where, f[2], codes, required=sector != "IGO")
    start = _date(where, "start", _required(where, "start", f[5]), end=False)
    end = _date(where, "end", f[6], end=True) if f[6] else None
    if end is not None and end <= start:
        raise where.error(f"role ends ({f[6]}) before it starts ({f[5]})")
    return RoleRow(where, name, _values(f[1]), country, sector, f[4] or None, start, end)


def _non_actor_row(where: Where, f: list[str], codes: frozenset[str]) -> Row:
    return NonActorRow(where, _required(where, "phrase", f[0]))


_ROW_PARSERS = {
    "countries": _country_row,
    "organizations": _org_row,
    "sectors": _sector_row,
    "people": _role_row,
    "non_actors": _non_actor_row,
}
