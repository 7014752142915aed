"""Which reader reads what, and ``read_articles``: paths, folders, URLs and stdin in, articles out.

One registry maps a format name to its reader and file suffixes to format names; a new format is
a reader module plus one entry in each mapping. The format of an input is, in order: the one
``SourceOptions.format`` forces, the one its suffix names, the one its first bytes show. Everything
a user can get wrong about an input becomes a ``Problem`` here, so the caller never sees a
traceback for it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import IO, BinaryIO, TextIO

from dyads.config import Settings
from dyads.errors import DyadsError, InputError, UnknownFormatError
from dyads.model import Article
from dyads.sources.base import Problem, ReadContext, Reader, Source, problem
from dyads.sources.delimited import read_csv, read_tsv
from dyads.sources.feed import read_feed
from dyads.sources.fetch import fetch_url, is_url
from dyads.sources.htmlpage import read_html
from dyads.sources.jsondoc import read_json
from dyads.sources.jsonl import read_jsonl
from dyads.sources.options import SourceOptions
from dyads.sources.sniff import sniff_format
from dyads.sources.txt import read_txt
from dyads.sources.warc import read_warc

READERS: MappingProxyType[str, Reader] = MappingProxyType(
    {
        "txt": read_txt,
        "jsonl": read_jsonl,
        "json": read_json,
        "csv": read_csv,
        "tsv": read_tsv,
        "html": read_html,
        "feed": read_feed,
        "warc": read_warc,
    }
)
"""Format name → reader."""

ALIASES: MappingProxyType[str, str] = MappingProxyType(
    {"text": "txt", "ndjson": "jsonl", "htm": "html", "rss": "feed", "atom": "feed", "warc.gz": "warc"}
)
"""Other names a user may give ``SourceOptions.format``."""

SUFFIXES: MappingProxyType[str, str] = MappingProxyType(
    {
        ".txt": "txt",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".json": "json",
        ".csv": "csv",
        ".tsv": "tsv",
        ".tab": "tsv",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
        ".rss": "feed",
        ".atom": "feed",
        ".xml": "feed",
        ".warc": "warc",
        ".warc.gz": "warc",
    }
)
"""File suffix (lower case, may have two parts) → format name; also decides which files of a
folder are read."""

FALLBACK_FORMAT = "txt"
"""The format of an input whose kind neither its suffix nor its first bytes show."""

STDIN = "-"
STDIN_LOCATION = "<stdin>"
_SPOOL_IN_MEMORY = 8 << 20
_COPY_CHUNK = 1 << 20


def read_articles(
    paths: Sequence[str | os.PathLike[str]],
    *,
    default_date: dt.date | None = None,
    settings: Settings | None = None,
    stdin: TextIO | BinaryIO | None = None,
    options: SourceOptions | None = None,
) -> Iterator[Article | Problem]:
    """Articles and problems from files, folders, URLs and ``-`` (stdin), in input order.

    ``default_date`` is the ``published`` date of texts that carry none (.txt files, records
    without a date). ``stdin`` defaults to the process's standard input. ``options`` (format,
    CSV columns, URL fetching) default to reading every input by its suffix or content. An
    ``http(s)://`` entry is downloaded (the only network access); nothing else is fetched.
    Raises ``UnknownFormatError`` (E501) before reading anything when ``options.format`` is not a
    known format.
    """
    options = options if options is not None else SourceOptions()
    forced = format_name(options.format) if options.format is not None else None
    context = ReadContext(
        settings=settings if settings is not None else Settings(),
        default_date=default_date,
        options=options,
    )
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path given bare, not a sequence of one-letter paths
    for entry in paths:
        name = os.fspath(entry)
        if name == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, forced, context)
        elif is_url(name):
            yield from _read_url(name, forced, context)
        else:
            yield from _read_path(name, forced, context)


def format_name(name: str) -> str:
    """The ``READERS`` key for a format name or alias (any case, leading dot allowed)."""
    key = name.strip().lower().removeprefix(".")
    key = ALIASES.get(key, key)
    if key not in READERS:
        choices = ", ".join([*READERS, *ALIASES])
        raise UnknownFormatError(f"unknown input format {name!r}; choose one of: {choices}")
    return key


def format_for(name: str) -> str | None:
    """The format a file name's suffix names (the longest suffix that matches), or None."""
    lower = name.lower()
    best: str | None = None
    for suffix in SUFFIXES:
        if lower.endswith(suffix) and (best is None or len(suffix) > len(best)):
            best = suffix
    return SUFFIXES[best] if best is not None else None


def _read_url(url: str, forced: str | None, context: ReadContext) -> Iterator[Article | Problem]:
    """Download ``url`` (the fetcher of ``SourceOptions``), then read it like a file of that content."""
    fetch = context.options.fetch or fetch_url
    try:
        data = fetch(url, context.options.fetch_timeout, context.settings.max_file_bytes)
    except DyadsError as exc:
        yield problem(exc, url, fatal=True)
        return
    except (OSError, ValueError) as exc:
        yield problem(InputError(f"could not fetch: {exc}"), url, fatal=True)
        return
    stream = io.BytesIO(data)

    @contextmanager
    def borrowed() -> Iterator[IO[bytes]]:
        stream.seek(0)
        yield stream

    yield from _read_source(Source(location=url, open=borrowed, size=len(data)), forced, context)


def _read_path(name: str, forced: str | None, context: ReadContext) -> Iterator[Article | Problem]:
    path = Path(name)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield problem(InputError(f"no such file: {name}; check the path"), name, fatal=True)
        return
    except OSError as exc:
        yield problem(InputError(f"cannot read: {exc.strerror or exc}"), name, fatal=True)
        return
    fmt = forced or format_for(path.name)
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(path, forced, context)
    elif stat.S_ISREG(info.st_mode):
        source = Source(location=name, open=lambda: path.open("rb"), size=info.st_size)
        yield from _read_source(source, fmt, context)
    else:  # a pipe, /dev/stdin, a process substitution: read once, like stdin
        try:
            with path.open("rb") as stream:
                yield from _read_stream(stream, name, fmt, context)
        except OSError as exc:
            yield problem(InputError(f"cannot read: {exc.strerror or exc}"), name, fatal=True)


def _read_folder(folder: Path, forced: str | None, context: ReadContext) -> Iterator[Article | Problem]:
    """Every file with a known suffix under ``folder``, hidden ones skipped, in sorted path order.

    A forced format applies to each of those files; it does not widen which files are read.
    """
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in files:
            if file.startswith(".") or format_for(file) is None:
                continue
            path = Path(root, file)
            found.append((path.relative_to(folder).parts, path))
    for exc in errors:
        where = str(exc.filename) if exc.filename else str(folder)
        yield problem(InputError(f"cannot read: {exc.strerror or exc}"), where, fatal=True)
    if not found and not errors:
        known = ", ".join(sorted(SUFFIXES))
        yield problem(InputError(f"the folder has no {known} files to read"), str(folder), fatal=True)
    for _, path in sorted(found):
        yield from _read_path(str(path), forced, context)


def _read_source(source: Source, fmt: str | None, context: ReadContext) -> Iterator[Article | Problem]:
    """Run the reader of ``fmt`` (sniffed when None) and turn whole-input errors into fatal problems."""
    try:
        if fmt is None:
            fmt = _sniff_format(source)
        yield from READERS[fmt](source, context)
    except (InputError, UnknownFormatError) as exc:
        yield problem(exc, source.location, fatal=True)
    except OSError as exc:
        yield problem(InputError(f"cannot read: {exc.strerror or exc}"), source.location, fatal=True)


def _sniff_format(source: Source) -> str:
    """The format the first bytes show: WARC, feed, HTML, JSON Lines, JSON; else plain text."""
    with source.open() as stream:
        return sniff_format(stream)


def _read_stdin(
    stream: TextIO | BinaryIO, forced: str | None, context: ReadContext
) -> Iterator[Article | Problem]:
    yield from _read_stream(stream, STDIN_LOCATION, forced, context)


def _read_stream(
    stream: TextIO | BinaryIO | IO[bytes], location: str, fmt: str | None, context: ReadContext
) -> Iterator[Article | Problem]:
    """Read a stream that can be read only once: spool it to a temporary file, then read that.

    Spooling keeps memory flat for a long JSONL stream and lets the format be sniffed first;
    a text stream is encoded back to UTF-8 so every input goes through the same decoding.
    """
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
        try:
            size = _copy(stream, spool)
        except (OSError, UnicodeError) as exc:
            yield problem(InputError(f"cannot read: {exc}"), location, fatal=True)
            return

        @contextmanager
        def borrowed() -> Iterator[IO[bytes]]:
            spool.seek(0)
            yield spool

        yield from _read_source(Source(location=location, open=borrowed, size=size), fmt, context)


def _copy(stream: TextIO | BinaryIO | IO[bytes], spool: IO[bytes]) -> int:
    """Copy ``stream`` into ``spool`` as bytes (from the binary layer of a text stream if it has one)."""
    buffer = getattr(stream, "buffer", None)
    source: TextIO | BinaryIO | IO[bytes] = buffer if buffer is not None else stream
    size = 0
    while True:
        chunk = source.read(_COPY_CHUNK)
        if not chunk:
            return size
        data = _utf8(chunk) if isinstance(chunk, str) else chunk
        spool.write(data)
        size += len(data)


def _utf8(text: str) -> bytes:
    """Text back to bytes; bytes a text layer smuggled through as surrogates come back as they were."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")
