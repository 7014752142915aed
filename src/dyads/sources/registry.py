"""Which reader reads what, and ``read_articles``: paths, folders and stdin in, articles out.

One registry maps a format name to its reader and file suffixes to format names; a new format
(csv, html, rss, warc) is a reader module plus one entry in each mapping. Everything a user can
get wrong about an input becomes a ``Problem`` here, so the caller never sees a traceback for it.
"""

from __future__ import annotations

import datetime as dt
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
from dyads.errors import InputError, UnknownFormatError
from dyads.model import Article
from dyads.sources.base import Problem, ReadContext, Reader, Source, problem
from dyads.sources.jsonl import read_jsonl
from dyads.sources.txt import read_txt

READERS: MappingProxyType[str, Reader] = MappingProxyType({"txt": read_txt, "jsonl": read_jsonl})
"""Format name → reader."""

SUFFIXES: MappingProxyType[str, str] = MappingProxyType(
    {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl"}
)
"""File suffix (lower case) → format name; also decides which files of a folder are read."""

FALLBACK_FORMAT = "txt"
"""The format of a file with an unknown suffix that does not look like JSON Lines."""

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
) -> Iterator[Article | Problem]:
    """Articles and problems from files, folders and ``-`` (stdin), in input order, deterministically.

    ``default_date`` is the ``published`` date of texts that carry none (.txt files, records
    without a date). ``stdin`` defaults to the process's standard input.
    """
    context = ReadContext(
        settings=settings if settings is not None else Settings(), default_date=default_date
    )
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path given bare, not a sequence of one-letter paths
    for entry in paths:
        name = os.fspath(entry)
        if name == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin, context)
        else:
            yield from _read_path(name, context)


def _read_path(name: str, context: ReadContext) -> Iterator[Article | Problem]:
    path = Path(name)
    try:
        info = path.stat()
    except FileNotFoundError:
        yield problem(InputError(f"no such file: {name}; check the path"), name, fatal=True)
        return
    except OSError as exc:
        yield problem(InputError(f"cannot read: {exc.strerror or exc}"), name, fatal=True)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(path, context)
    elif stat.S_ISREG(info.st_mode):
        source = Source(location=name, open=lambda: path.open("rb"), size=info.st_size)
        yield from _read_source(source, SUFFIXES.get(path.suffix.lower()), context)
    else:  # a pipe, /dev/stdin, a process substitution: read once, like stdin
        try:
            with path.open("rb") as stream:
                yield from _read_stream(stream, name, SUFFIXES.get(path.suffix.lower()), context)
        except OSError as exc:
            yield problem(InputError(f"cannot read: {exc.strerror or exc}"), name, fatal=True)


def _read_folder(folder: Path, context: ReadContext) -> Iterator[Article | Problem]:
    """Every file with a known suffix under ``folder``, hidden ones skipped, in sorted path order."""
    errors: list[OSError] = []
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in files:
            if file.startswith(".") or Path(file).suffix.lower() not in SUFFIXES:
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
        yield from _read_path(str(path), context)


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
    """JSON Lines when every non-blank line starts with ``{``, else plain text (binaries fail later)."""
    with source.open() as stream:
        verdict = _jsonl_verdict(stream)
    if verdict == "jsonl":
        return "jsonl"
    if verdict == "json" and source.location.lower().endswith(".json"):
        raise UnknownFormatError(
            "a JSON document, not JSON Lines: put one article object per line in a .jsonl file"
        )
    return FALLBACK_FORMAT


def _jsonl_verdict(stream: IO[bytes]) -> str:
    """``"jsonl"`` if every non-blank line starts with ``{``, ``"json"`` if the first one starts with
    ``{`` or ``[`` but not all do, else ``"text"``. Stops at the first line that decides."""
    first: bytes | None = None
    for raw in stream:
        line = raw.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
        if not line:
            continue
        if first is None:
            first = line[:1]
        if not line.startswith(b"{"):
            return "json" if first in (b"{", b"[") else "text"
    return "jsonl" if first is not None else "text"


def _read_stdin(stream: TextIO | BinaryIO, context: ReadContext) -> Iterator[Article | Problem]:
    yield from _read_stream(stream, STDIN_LOCATION, None, context)


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
