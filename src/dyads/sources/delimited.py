"""CSV and TSV: a header row, then one article per row, streamed.

Columns are found by name (``SourceOptions.*_column``, else ``DEFAULT_COLUMNS``); a row has the
fields of a JSON Lines record and goes through the same rules (``jsonl.read_record``), an empty
cell counting as a missing field. Lines are decoded one by one like JSON Lines (BOM, UTF-8, then
cp1252, then latin-1), so one badly encoded line costs nothing to the others. A bad row (wrong
number of fields, unreadable) gives one ``Problem`` naming its line; the next row is read as if
nothing happened.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from itertools import chain
from typing import IO

from dyads.errors import BinaryInputError, EmptyInputError, InputTooLargeError, MalformedRecordError
from dyads.model import Article
from dyads.sources.base import Problem, ReadContext, Source, problem
from dyads.sources.decode import SNIFF_BYTES, bom_encoding, decode_bytes, sniff_binary
from dyads.sources.jsonl import read_record
from dyads.sources.options import COLUMN_FIELDS, DEFAULT_COLUMNS, SourceOptions
from dyads.sources.txt import BINARY_ADVICE, human_bytes

CSV_DELIMITERS = (",", ";", "\t", "|")
"""Separators a .csv file may use; the one found most often in its header line is taken."""

_RECORD_KEYS = {"source": "source_name"}
"""Field name → the ``read_record`` key it fills, where the two differ."""

_CHUNK = 1 << 20


def read_csv(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Read a comma-separated file (or semicolon, pipe, tab: whichever the header line uses)."""
    yield from read_delimited(source, context, None)


def read_tsv(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Read a tab-separated file."""
    yield from read_delimited(source, context, "\t")


def read_delimited(
    source: Source, context: ReadContext, delimiter: str | None
) -> Iterator[Article | Problem]:
    """Read a header row and one article per row; ``delimiter`` None means: guess from the header."""
    limit = context.settings.max_file_bytes
    with source.open() as stream:
        head = stream.read(SNIFF_BYTES)
        reason = sniff_binary(head)
        if reason is not None:
            raise BinaryInputError(f"looks binary ({reason}); {BINARY_ADVICE}")
        stream.seek(0)
        lines = _Lines(stream, bom_encoding(head), limit)
        leading = _up_to_header(lines)
        if not leading:
            raise EmptyInputError("the file is empty (no header row); there is nothing to code")
        chosen = context.options.delimiter or delimiter or guess_delimiter(leading[-1])
        _raise_field_size_limit(limit)
        rows = csv.reader(chain(leading, lines), delimiter=chosen)
        header = _header(rows)
        columns = find_columns(header, context.options)
        count = 0
        line = lines.number
        while True:
            first = line + 1
            try:
                row = next(rows)
            except StopIteration:
                break
            except (csv.Error, _OverlongLineError) as exc:
                line = lines.number
                yield problem(_row_error(exc, limit), f"{source.location}:{line}")
                continue
            line = lines.number
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            count += 1
            location = f"{source.location}:{first}"
            if len(row) != len(header):
                yield problem(MalformedRecordError(_width_error(row, header, first, line, chosen)), location)
                continue
            record = {
                _RECORD_KEYS.get(name, name): row[index]
                for name, index in columns.items()
                if name == "text" or row[index].strip()
            }
            yield from read_record(record, location, context)
    if count == 0:
        raise EmptyInputError("has a header row but no rows; there is nothing to code")


def find_columns(header: list[str], options: SourceOptions) -> dict[str, int]:
    """Field name → column index, for the fields the header has; raises when there is no text.

    A column chosen in ``options`` must exist (exact name, else a case-insensitive match); the
    defaults are tried in order and the first present wins.
    """
    exact = {name: index for index, name in reversed(list(enumerate(header)))}
    folded = {name.casefold(): index for index, name in reversed(list(enumerate(header)))}
    found: dict[str, int] = {}
    for field in COLUMN_FIELDS:
        chosen = options.column(field)
        if chosen is not None:
            index = exact.get(chosen.strip(), folded.get(chosen.strip().casefold()))
            if index is None:
                raise MalformedRecordError(
                    f'no column named "{chosen}" (chosen as the {field} column); the header has: '
                    f"{_names(header)}"
                )
            found[field] = index
            continue
        for name in DEFAULT_COLUMNS[field]:
            if name in folded:
                found[field] = folded[name]
                break
    if "text" not in found:
        raise MalformedRecordError(
            f"has no text column: the header has {_names(header)}; name the article text column "
            f"{', '.join(DEFAULT_COLUMNS['text'][:4])} or choose it with the text column option"
        )
    return found


def guess_delimiter(header_line: str) -> str:
    """The separator of a .csv header line: the most frequent of ``CSV_DELIMITERS``, else comma."""
    counts = {d: header_line.count(d) for d in CSV_DELIMITERS}
    best = max(CSV_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header(rows: Iterator[list[str]]) -> list[str]:
    """The first non-blank row, names stripped of blanks and of a byte order mark."""
    header: list[str] = []
    while not any(cell.strip() for cell in header):
        try:
            header = next(rows)
        except StopIteration:
            raise EmptyInputError("the file is empty (no header row); there is nothing to code") from None
        except csv.Error as exc:
            raise MalformedRecordError(f"the header row cannot be read ({exc})") from None
    names = [name.strip() for name in header]
    if names:
        names[0] = names[0].removeprefix("\ufeff")
    return names


def _up_to_header(lines: _Lines) -> list[str]:
    """The lines up to and with the first non-blank one (the header), read ahead to guess from."""
    taken: list[str] = []
    for line in lines:
        taken.append(line)
        if line.strip():
            return taken
    return []


def _names(header: list[str]) -> str:
    shown = ", ".join(repr(name) for name in header[:12])
    return shown + (f" and {len(header) - 12} more" if len(header) > 12 else "") if header else "no columns"


def _width_error(row: list[str], header: list[str], first: int, last: int, delimiter: str) -> str:
    what = f"the row has {len(row)} field(s), the header has {len(header)}"
    if last > first:
        return f'{what}; an unclosed quote (") may have joined lines {first} to {last}; skipped'
    if len(row) > len(header):
        return f"{what}; put fields that contain {_shown(delimiter)} in double quotes; skipped"
    return f"{what}; skipped"


def _shown(delimiter: str) -> str:
    return "a tab" if delimiter == "\t" else repr(delimiter)


def _row_error(exc: Exception, limit: int) -> MalformedRecordError | InputTooLargeError:
    if isinstance(exc, InputTooLargeError) or "field larger than field limit" in str(exc):
        return InputTooLargeError(
            f"skipped: a line or field is larger than {human_bytes(limit)}; raise DYADS_MAX_FILE_BYTES "
            "if it is a real article"
        )
    return MalformedRecordError(f"the row cannot be read ({exc}); skipped")


def _raise_field_size_limit(limit: int) -> None:
    """Let a field be as long as an input may be (the csv module's own default is 128 KiB).

    This is process-wide state of the standard library; it is only ever raised, never lowered,
    so no other reader of CSV in the process can be hurt by it.
    """
    wanted = min(limit + 1, 2**31 - 1)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


class _OverlongLineError(InputTooLargeError):
    """A physical line over the size limit; it was skipped without being held in memory."""


class _Lines:
    """Decoded lines with their ``\\n`` endings, one by one, for ``csv.reader``.

    An iterator class rather than a generator, so a line over the limit can raise (the csv
    reader passes the error up with its line number) and the next line is still served after.
    ``\\r\\n`` becomes ``\\n``. UTF-16/32 (with a BOM) goes through an incremental decoder.
    """

    def __init__(self, stream: IO[bytes], encoding: str | None, limit: int) -> None:
        self.stream = stream
        self.limit = limit
        self.too_long = (
            f"a line is longer than {human_bytes(limit)}; raise DYADS_MAX_FILE_BYTES if it is real"
        )
        self.first = True
        self.number = 0  # physical lines served so far (an over-long one included)
        self.wide: Iterator[str] | None = None
        if encoding in ("utf-16", "utf-32"):
            self.wide = _wide_lines(stream, encoding)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.wide is not None:
            line = next(self.wide)
            self.number += 1
            if len(line) > self.limit:
                raise _OverlongLineError(self.too_long)
            return line
        raw = self.stream.readline(self.limit + 1)
        if not raw:
            raise StopIteration
        self.number += 1
        if len(raw) > self.limit and not raw.endswith(b"\n"):
            for chunk in iter(lambda: self.stream.readline(_CHUNK), b""):
                if chunk.endswith(b"\n"):
                    break
            raise _OverlongLineError(self.too_long)
        text = decode_bytes(raw)
        if self.first:
            text = text.removeprefix("\ufeff")
            self.first = False
        return text.removesuffix("\r\n").removesuffix("\n") + "\n"


def _wide_lines(stream: IO[bytes], encoding: str) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    while True:
        chunk = stream.read(_CHUNK)
        *complete, pending = (pending + decoder.decode(chunk, final=not chunk)).split("\n")
        for part in complete:
            yield part.removesuffix("\r") + "\n"
        if not chunk:
            break
    if pending:
        yield pending.removesuffix("\r") + "\n"
