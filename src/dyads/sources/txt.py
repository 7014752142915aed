"""Plain text: one file (or all of stdin) is one article."""

from __future__ import annotations

from collections.abc import Iterator

from dyads.errors import BinaryInputError, InputTooLargeError
from dyads.model import Article
from dyads.sources.articles import make_articles
from dyads.sources.base import Problem, ReadContext, Source
from dyads.sources.decode import SNIFF_BYTES, clean_text, decode_bytes, sniff_binary

BINARY_ADVICE = "give a text file, a .jsonl file or a folder of them"


def read_txt(source: Source, context: ReadContext) -> Iterator[Article | Problem]:
    """Read the whole input as one article; refuse binaries and files over ``max_file_bytes``.

    A text file is read in one go (articles need their whole text), which is why it has a size
    limit; a .jsonl file streams and has none.
    """
    limit = context.settings.max_file_bytes
    if source.size is not None and source.size > limit:
        raise too_large(source.size, limit)
    with source.open() as stream:
        head = stream.read(SNIFF_BYTES)
        reason = sniff_binary(head)
        if reason is not None:
            raise BinaryInputError(f"looks binary ({reason}); {BINARY_ADVICE}")
        data = head + stream.read(max(limit + 1 - len(head), 0))
    if len(data) > limit:
        raise too_large(None, limit)
    text = clean_text(decode_bytes(data))
    yield from make_articles(text, source.location, context, whole_input=True)


def too_large(size: int | None, limit: int) -> InputTooLargeError:
    """The error for a text input over the limit, saying by how much and how to raise the limit."""
    how_big = f"is {human_bytes(size)} ({size:,} bytes)," if size is not None else "is"
    return InputTooLargeError(
        f"too large: the text {how_big} over the {human_bytes(limit)} ({limit:,} bytes) limit for one "
        "text file; split it (a folder of .txt files, or a .jsonl file, which has no limit) or raise "
        "the limit with DYADS_MAX_FILE_BYTES=<bytes>"
    )


def human_bytes(size: int) -> str:
    """``52428800`` → ``"50.0 MiB"``: a size a person reads at a glance."""
    if size < 1024:
        return f"{size} bytes"
    value = size / 1024
    for unit in ("KiB", "MiB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"
