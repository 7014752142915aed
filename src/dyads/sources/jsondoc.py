"""JSON documents: a top-level array of article objects (streamed), or one article object.

The array is cut into its items by a small scanner that tracks strings and brackets only, so a
file of any size reads in constant memory and each item is parsed on its own: a bad item costs
that item, a truncated file keeps every item before the cut. Items have the fields of a JSON Lines
record (``jsonl.read_record``); problems name the item as ``file#n`` (1-based).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from dyads.errors import BinaryInputError, EmptyInputError, InputTooLargeError, MalformedRecordError
from dyads.model import Article
from dyads.sources.base import Problem, ReadContext, Source, problem
from dyads.sources.decode import SNIFF_BYTES, bom_encoding, decode_bytes, sniff_binary
from dyads.sources.jsonl import GIVE_UP_AFTER, kind_of, read_jsonl, read_record
from dyads.sources.txt import BINARY_ADVICE, human_bytes

CHUNK = 1 << 20

_STRUCTURE = re.compile(rb'["\[\]{},]')
_IN_STRING = re.compile(rb'["\\]')
_SPACE = b" \t\r\n"
_QUOTE, _BACKSLASH, _COMMA = ord('"'), ord("\\"), ord(",")
_OPENERS = frozenset(b"[{")
_CLOSE_ARRAY, _CLOSE_OBJECT = ord("]"), ord("}")


def read_json(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Read a ``.json`` file: an array of articles, one article object, or JSON Lines after all."""
    with source.open() as stream:
        head = stream.read(SNIFF_BYTES)
        reason = sniff_binary(head)
        if reason is not None:
            raise BinaryInputError(f"looks binary ({reason}); {BINARY_ADVICE}")
        encoding = bom_encoding(head)
        stream.seek(0)
        chunks = _utf8_chunks(stream, encoding)
        rest, line = _first_value(chunks)
        if not rest:
            raise EmptyInputError("the file is empty; there is nothing to code")
        if rest.startswith(b"["):
            yield from _read_array(rest[1:], chunks, line, source.location, context)
            return
        if not rest.startswith(b"{"):
            shown = decode_bytes(rest[:20]).split("\n")[0]
            raise MalformedRecordError(
                f"not a JSON array or object: it starts with {shown!r}; give an array of article "
                'objects such as [{"text": "..."}]'
            )
        limit = context.settings.max_file_bytes
        if encoding is None and _first_line_is_object(stream, limit):
            stream.seek(0)
            yield from read_jsonl(source, context)
            return
        stream.seek(0)
        data = _rest(_utf8_chunks(stream, encoding), limit)
        yield from _read_object(data, source.location, context)


def _read_object(data: bytes, location: str, context: ReadContext) -> Iterator[Article | Problem]:
    """One JSON object as the whole file: it is one article, or says where its articles are."""
    try:
        value = json.loads(decode_bytes(data), strict=False)
    except (ValueError, RecursionError) as exc:
        raise MalformedRecordError(f"{_json_error(exc)}; fix the file") from None
    if isinstance(value, dict) and "text" not in value:
        for key, inner in value.items():
            if isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner[:10]):
                raise MalformedRecordError(
                    f'the JSON object has no "text" field, but its "{key}" field holds {len(inner)} '
                    f"objects: give that array as the file (for example: jq '.{key}' file.json)"
                )
    yield from read_record(value, location, context)


def _read_array(
    start: bytes, chunks: Iterator[bytes], line: int, location: str, context: ReadContext
) -> Iterator[Article | Problem]:
    """Every item of a top-level array, in order.

    Syntax problems are held back until one item reads, so a file that is not a JSON array at
    all (text that happens to start with ``[``) gives one fatal problem instead of many.
    """
    scanner = _ArrayScanner(context.settings.max_file_bytes, line)
    held: list[Problem] = []
    usable = False
    for items in _batches(scanner, _prepend(start, chunks)):
        for item in items:
            for out in _item(item, location, context):
                if usable:
                    yield out
                elif isinstance(out, Problem) and out.code == MalformedRecordError.code:
                    held.append(out)
                    if len(held) >= GIVE_UP_AFTER:
                        raise MalformedRecordError(
                            f"not a usable JSON array: its first {GIVE_UP_AFTER} items are not article "
                            f"objects (item 1: {held[0].message})"
                        )
                else:
                    usable = True
                    yield from held
                    held.clear()
                    yield out
    end = scanner.end_problem()
    if not usable and (held or end is not None):
        first = held[0].message if held else end
        more = len(held) - 1 + (1 if end is not None and held else 0)
        raise MalformedRecordError(
            f"not a usable JSON array: {first}" + (f" (and {more} more problem(s))" if more > 0 else "")
        )
    if end is not None:
        yield problem(MalformedRecordError(end), location)
    if scanner.items == 0:
        raise EmptyInputError("the JSON array is empty ([]); there is nothing to code")


def _batches(scanner: _ArrayScanner, chunks: Iterator[bytes]) -> Iterator[list[_Item]]:
    """The items each chunk completes, then the item the end of the input completes, if any."""
    for chunk in chunks:
        yield scanner.feed(chunk)
        if scanner.trailing_line is not None:
            return
    yield scanner.finish()


@dataclass(frozen=True, slots=True)
class _Item:
    """One array item: its number (1-based), first line, and bytes (None when over the limit)."""

    number: int
    line: int
    data: bytes | None


def _item(item: _Item, location: str, context: ReadContext) -> Iterator[Article | Problem]:
    where = f"{location}#{item.number}"
    if item.data is None:
        yield problem(
            InputTooLargeError(
                f"skipped: item {item.number} (line {item.line}) is larger than "
                f"{human_bytes(context.settings.max_file_bytes)}; raise DYADS_MAX_FILE_BYTES if it is a "
                "real article"
            ),
            where,
        )
        return
    if not item.data.strip(b" \t\r\n"):
        yield problem(
            MalformedRecordError(f"item {item.number} (line {item.line}) is empty (two commas?)"), where
        )
        return
    try:
        value: Any = json.loads(decode_bytes(item.data), strict=False)
    except (ValueError, RecursionError) as exc:
        yield problem(
            MalformedRecordError(f"item {item.number} (line {item.line}) is {_json_error(exc, item.line)}"),
            where,
        )
        return
    if not isinstance(value, dict):
        yield problem(
            MalformedRecordError(
                f"item {item.number} (line {item.line}) is {kind_of(value)}, "
                'not an object with a "text" field'
            ),
            where,
        )
        return
    yield from read_record(value, where, context)


class _ArrayScanner:
    """Cuts the bytes after a top-level ``[`` into item byte strings, chunk by chunk.

    Only JSON's structure is tracked (strings with their escapes, bracket depth, top-level commas),
    which is enough to find item boundaries in any ASCII-compatible encoding; whether an item is
    valid JSON is left to ``json.loads`` on that item alone. An item over ``limit`` bytes is not
    kept, only measured.
    """

    def __init__(self, limit: int, line: int) -> None:
        self.limit = limit
        self.depth = 1
        self.in_string = False
        self.escape = False
        self.done = False
        self.trailing_line: int | None = None
        self.parts: list[bytes] = []
        self.size = 0
        self.started = False  # the current item has a non-blank byte
        self.items = 0
        self.item_line = line
        self.line = line  # the line number at offset ``self.counted`` of the current chunk
        self.counted = 0

    def feed(self, chunk: bytes) -> list[_Item]:
        """The items that end in ``chunk``; the start of an unfinished one is kept for the next."""
        out: list[_Item] = []
        self.counted = 0
        seg = 0  # where the current item's unsaved bytes start in this chunk
        pos = 0
        end = len(chunk)
        while pos < end and not self.done:
            if self.in_string:
                if self.escape:
                    self.escape = False
                    pos += 1
                    continue
                match = _IN_STRING.search(chunk, pos)
                if match is None:
                    break
                pos = match.end()
                if chunk[match.start()] == _BACKSLASH:
                    self.escape = True
                else:
                    self.in_string = False
                continue
            match = _STRUCTURE.search(chunk, pos)
            if match is None:
                break
            char = chunk[match.start()]
            pos = match.end()
            if char == _QUOTE:
                self.in_string = True
            elif char in _OPENERS:
                self.depth += 1
            elif self.depth > 1:
                if char in (_CLOSE_ARRAY, _CLOSE_OBJECT):
                    self.depth -= 1
            elif char == _COMMA:
                self._save(chunk, seg, match.start())
                out.append(self._item())
                seg = pos
            elif char == _CLOSE_ARRAY:
                self._save(chunk, seg, match.start())
                if self.started:  # a blank last item is a trailing comma, or the empty array
                    out.append(self._item())
                self.done = True
        if self.done:
            rest = chunk[pos:]
            if rest.strip(_SPACE):
                self.trailing_line = self._line_at(chunk, end - len(rest.lstrip(_SPACE)))
        else:
            self._save(chunk, seg, end)
        self._line_at(chunk, end)
        return out

    def finish(self) -> list[_Item]:
        """At end of input: the last item if the array was cut off right after a complete one."""
        if self.done or self.in_string or self.depth != 1 or not self.started:
            return []
        return [self._item()]

    def end_problem(self) -> str | None:
        """What is wrong with how the document ends, or None when it ends well."""
        if self.trailing_line is not None:
            return f"text after the end of the array (line {self.trailing_line}) was ignored"
        if self.done:
            return None
        read = f"the {self.items} item(s) before it were read" if self.items else "no item was complete"
        if self.in_string or self.depth != 1:
            return f"the file ends in the middle of item {self.items + 1} (truncated?); {read}"
        return f"the file ends before the array's closing ] (truncated?); {read}"

    def _line_at(self, chunk: bytes, offset: int) -> int:
        if offset > self.counted:
            self.line += chunk.count(b"\n", self.counted, offset)
            self.counted = offset
        return self.line

    def _save(self, chunk: bytes, start: int, stop: int) -> None:
        """Keep ``chunk[start:stop]`` as part of the current item (leading blanks dropped)."""
        if not self.started:
            data = chunk[start:stop]
            stripped = data.lstrip(_SPACE)
            if not stripped:
                return
            self.started = True
            start = stop - len(stripped)
            self.item_line = self._line_at(chunk, start)
        self.size += stop - start
        if self.size <= self.limit:
            self.parts.append(chunk[start:stop])
        else:
            self.parts.clear()

    def _item(self) -> _Item:
        self.items += 1
        data = None if self.size > self.limit else b"".join(self.parts)
        item = _Item(number=self.items, line=self.item_line, data=data if self.started else b"")
        self.parts = []
        self.size = 0
        self.started = False
        return item


def _utf8_chunks(stream: IO[bytes], encoding: str | None) -> Iterator[bytes]:
    """The stream in chunks of bytes, UTF-16/32 (by their BOM) transcoded to UTF-8."""
    if encoding not in ("utf-16", "utf-32"):
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            yield chunk
        return
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    while True:
        chunk = stream.read(CHUNK)
        text = decoder.decode(chunk, final=not chunk)
        if text:
            yield text.encode("utf-8")
        if not chunk:
            return


def _first_value(chunks: Iterator[bytes]) -> tuple[bytes, int]:
    """The data from the first byte that is not blank or a UTF-8 BOM on, and that byte's line."""
    line = 1
    for chunk in chunks:
        rest = chunk.lstrip(_SPACE + b"\xef\xbb\xbf")
        line += chunk.count(b"\n", 0, len(chunk) - len(rest))
        if rest:
            return rest, line
    return b"", line


def _prepend(first: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    if first:
        yield first
    yield from chunks


def _rest(chunks: Iterator[bytes], room: int) -> bytes:
    """The remaining chunks joined, refusing a document over the size limit."""
    parts: list[bytes] = []
    for chunk in chunks:
        room -= len(chunk)
        if room < 0:
            raise InputTooLargeError(
                "too large: a single JSON object over the DYADS_MAX_FILE_BYTES limit; give a JSON array "
                "or JSON Lines (which stream), or raise the limit"
            )
        parts.append(chunk)
    return b"".join(parts)


def _first_line_is_object(stream: IO[bytes], limit: int) -> bool:
    """True when the first non-blank line is a whole JSON object by itself: the file is JSON Lines."""
    stream.seek(0)
    for raw in iter(lambda: stream.readline(limit + 1), b""):
        line = raw.strip(_SPACE + b"\xef\xbb\xbf")
        if not line:
            continue
        try:
            return isinstance(json.loads(decode_bytes(line), strict=False), dict)
        except (ValueError, RecursionError):
            return False
    return False


def _json_error(exc: BaseException, first_line: int = 1) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON ({exc.msg} at line {first_line + exc.lineno - 1} column {exc.colno})"
    if isinstance(exc, RecursionError):
        return "not usable JSON (nested too deeply)"
    return f"not usable JSON ({exc})"
