"""The shared shapes of the readers: what a problem is, what a reader gets, what a reader is.

Readers yield ``Article`` values and ``Problem`` values in input order, so one bad record costs one
record, never the run. A reader may also *raise* an ``InputError`` for a whole input it cannot use;
the registry turns that into a fatal ``Problem`` with the input's location, so no user mistake ever
reaches the user as a traceback.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import IO

from dyads.config import Settings
from dyads.errors import DyadsError
from dyads.model import Article
from dyads.sources.options import SourceOptions


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing that could not be read; the run goes on.

    ``fatal`` is True when a whole input (a file, stdin) gave nothing at all because it is missing,
    unreadable, binary, empty or too large. A skipped record, a non-English text or a note that a
    long article was split are not fatal: the rest of that input was read.
    """

    code: str
    message: str
    location: str
    fatal: bool = False

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.message}"


def problem(error: DyadsError, location: str, *, fatal: bool = False) -> Problem:
    """A ``Problem`` from an error, its message forced onto one line (messages may quote user text)."""
    return Problem(code=error.code, message=one_line(error.message), location=location, fatal=fatal)


def one_line(text: str) -> str:
    """Collapse any whitespace run (newlines included) so a message is always one line."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class ReadContext:
    """What every reader needs besides its input; built once per ``read_articles`` call."""

    settings: Settings = field(default_factory=Settings)
    default_date: dt.date | None = None
    options: SourceOptions = field(default_factory=SourceOptions)


@dataclass(frozen=True, slots=True)
class Source:
    """One input a reader can open as bytes: a file, or standard input spooled to a temporary file.

    ``open`` returns a context manager so a file is closed by the reader while the stdin spool
    (owned by the registry) is not. ``size`` is in bytes when known beforehand.
    """

    location: str
    open: Callable[[], AbstractContextManager[IO[bytes]]]
    size: int | None = None


Reader = Callable[[Source, ReadContext], Iterator[Article | Problem]]
"""A reader: one input in, articles and problems out, in input order."""
