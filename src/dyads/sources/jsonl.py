"""JSON Lines: one article per line, streamed, so a file of any size reads in constant memory.

Each line stands alone: a bad line (not JSON, not an object, no text, a bad date) gives one
``Problem`` naming its line number and the next line is read as if nothing happened.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

from dyads.errors import (
    BadDateError,
    BinaryInputError,
    EmptyInputError,
    InputTooLargeError,
    MalformedRecordError,
)
from dyads.model import Article
from dyads.sources.articles import article_id_for, make_articles
from dyads.sources.base import Problem, ReadContext, Source, problem
from dyads.sources.dates import parse_date
from dyads.sources.decode import SNIFF_BYTES, bom_encoding, clean_text, decode_bytes, sniff_binary
from dyads.sources.txt import BINARY_ADVICE

GIVE_UP_AFTER = 20
"""A file whose first this-many non-blank lines are all not JSON is not JSON Lines at all."""

_DRAIN_CHUNK = 1 << 20


def read_jsonl(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Read one article per line; problems carry ``file:line`` and never stop the reading.

    Only a file that is binary, has no records at all, or whose first ``GIVE_UP_AFTER`` lines are
    none of them JSON (plain text named .jsonl) stops as a whole, with one fatal problem.
    """
    with source.open() as stream:
        head = stream.read(SNIFF_BYTES)
        reason = sniff_binary(head)
        if reason is not None:
            raise BinaryInputError(f"looks binary ({reason}); {BINARY_ADVICE}")
        stream.seek(0)
        held: list[Problem] = []  # JSON syntax errors, held back until one line parses
        parsed_any = False
        records = 0
        for number, line in _lines(stream, bom_encoding(head), context.settings.max_file_bytes):
            location = f"{source.location}:{number}"
            if line is None:
                yield problem(
                    InputTooLargeError(
                        f"skipped: the line is longer than {context.settings.max_file_bytes:,} bytes; "
                        "raise DYADS_MAX_FILE_BYTES if it is a real record"
                    ),
                    location,
                )
                continue
            if not line.strip():
                continue
            records += 1
            try:
                value = json.loads(line, strict=False)
            except (ValueError, RecursionError) as exc:
                bad = problem(MalformedRecordError(_json_error(exc)), location)
                if parsed_any:
                    yield bad
                    continue
                held.append(bad)
                if len(held) >= GIVE_UP_AFTER:
                    raise MalformedRecordError(
                        f"does not look like JSON Lines: its first {GIVE_UP_AFTER} records are not "
                        "JSON; if it is plain text, give it a .txt name"
                    ) from None
                continue
            if not parsed_any:
                parsed_any = True
                yield from held
                held.clear()
            yield from read_record(value, location, context)
        yield from held
    if records == 0:
        raise EmptyInputError("has no records (every line is blank); there is nothing to code")


def read_record(value: Any, location: str, context: ReadContext) -> Iterator[Article | Problem]:
    """The article of one parsed JSON value, or the problems that explain why there is none.

    Public so other record formats (CSV rows, API payloads) can share the same field rules.
    """
    if not isinstance(value, dict):
        yield problem(
            MalformedRecordError(f'the line is {kind_of(value)}, not a JSON object with a "text" field'),
            location,
        )
        return
    text = value.get("text")
    if not isinstance(text, str):
        what = 'has no "text" field' if text is None else f'has a "text" that is {kind_of(text)}'
        yield problem(MalformedRecordError(f"the record {what}; give the article text as a string"), location)
        return
    try:
        published = _record_date(value)
    except BadDateError as exc:
        yield problem(BadDateError(f"{exc.message}; the record was skipped"), location)
        return
    notes: list[Problem] = []
    fields = {
        name: _optional_string(value, keys, location, notes)
        for name, keys in (
            ("id", ("id",)),
            ("title", ("title",)),
            ("url", ("url",)),
            ("source_name", ("source_name", "source")),
            ("language", ("language", "lang")),
        )
    }
    yield from notes
    clean = clean_text(text)
    url = fields["url"]
    yield from make_articles(
        clean,
        location,
        context,
        article_id=fields["id"] or article_id_for(clean, url),
        title=fields["title"],
        url=url,
        published=published,
        source_name=fields["source_name"],
        language=fields["language"],
    )


def _record_date(record: Mapping[str, Any]) -> dt.date | None:
    """The record's ``date`` (or else ``published``) field as a date; None when it has neither."""
    for key in ("date", "published"):
        value = record.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadDateError(
                f'the "{key}" field is {kind_of(value)}; give a date string such as 2024-03-05'
            )
        return parse_date(value)
    return None


def _optional_string(
    record: Mapping[str, Any], keys: tuple[str, ...], location: str, notes: list[Problem]
) -> str | None:
    """A text field that may be missing: numbers become strings, other kinds are noted and ignored."""
    for key in keys:
        value = record.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            notes.append(
                problem(
                    MalformedRecordError(
                        f'ignored the "{key}" field: it is {kind_of(value)}, '
                        "not a string; the record was read"
                    ),
                    location,
                )
            )
            continue
        text = " ".join(clean_text(str(value)).split())
        if text:
            return text
    return None


def kind_of(value: Any) -> str:
    """What a JSON value is, in words for a message."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, dict) else type(value).__name__


def _json_error(exc: BaseException) -> str:
    """One line saying where the JSON went wrong and what to do."""
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at column {exc.colno}); fix the line or remove it"
    if isinstance(exc, RecursionError):
        return "not usable JSON (nested too deeply); fix the line or remove it"
    return f"not usable JSON ({exc}); fix the line or remove it"


def _lines(stream: IO[bytes], encoding: str | None, limit: int) -> Iterator[tuple[int, str | None]]:
    """Numbered lines, decoded one by one; None for a line over ``limit`` bytes, which is skipped.

    Only ``\\n`` ends a line (JSON strings may hold U+2028 and the like, which ``splitlines`` would
    cut). UTF-16/32 files (as Windows tools write them) go through a decoder; the rest is decoded per
    line, UTF-8 first, so one badly encoded line costs nothing to its neighbours.
    """
    if encoding in ("utf-16", "utf-32"):
        yield from _wide_lines(stream, encoding, limit)
        return
    number = 0
    for raw in iter(lambda: stream.readline(limit + 1), b""):
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            _drain(stream)
            yield number, None
            continue
        line = decode_bytes(raw.rstrip(b"\r\n"))
        yield number, line.removeprefix("\ufeff") if number == 1 else line


def _drain(stream: IO[bytes]) -> None:
    """Skip the rest of an over-long line without holding it in memory."""
    for chunk in iter(lambda: stream.readline(_DRAIN_CHUNK), b""):
        if chunk.endswith(b"\n"):
            return


def _wide_lines(stream: IO[bytes], encoding: str, limit: int) -> Iterator[tuple[int, str | None]]:
    """Numbered lines of a UTF-16/32 stream, decoded incrementally; None for an over-long line."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    overlong = False
    number = 0
    while True:
        chunk = stream.read(_DRAIN_CHUNK)
        *complete, rest = decoder.decode(chunk, final=not chunk).split("\n")
        for part in complete:
            number += 1
            line = pending + part
            yield number, None if overlong or len(line) > limit else line.removesuffix("\r")
            pending, overlong = "", False
        pending += rest
        if len(pending) > limit:
            pending, overlong = "", True
        if not chunk:
            break
    if pending or overlong:
        yield number + 1, None if overlong else pending.removesuffix("\r")
