"""From a decoded text to ``Article`` values: stable ids, the English check and splitting long texts.

Every reader ends here, so every format gets the same ids, the same language rule and the same
splitting of over-long texts into parts that lose nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator

from dyads.errors import EmptyInputError, InputTooLargeError, NotEnglishError
from dyads.model import Article
from dyads.sources.base import Problem, ReadContext, problem
from dyads.sources.language import not_english_reason

ID_HEX_CHARS = 16

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def article_id_for(text: str, url: str | None = None) -> str:
    """A stable id from the content: same words (and url) give the same id on any machine, any run.

    The text is NFC-normalised and its whitespace collapsed first, so re-wrapping or a different
    line-ending convention does not make a new article of the same story.
    """
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    if url:
        canonical += "\x1f" + url.strip()
    digest = hashlib.blake2b(canonical.encode("utf-8"), digest_size=ID_HEX_CHARS // 2)
    return "a-" + digest.hexdigest()


def _is_english_tag(tag: str) -> bool:
    """True for "en", "en-GB", "en_US", "eng", "English" (any case): a declared English language."""
    return tag.lower().replace("_", "-").split("-")[0] in ("en", "eng", "english")


def foreign_language(tag: str | None) -> str | None:
    """``tag`` when it declares a language other than English, else None.

    For tags a page template or feed generator writes (``<html lang>``, a feed's ``<language>``):
    a declared foreign language is a strong signal and skips the text, while a declared English is
    too often a template default to exempt a text from the English check.
    """
    tag = (tag or "").strip()
    return tag if tag and not _is_english_tag(tag) else None


def split_points(text: str, limit: int) -> list[int]:
    """Where to cut ``text`` into pieces of at most ``limit`` characters, end points in order.

    Each cut goes after the last blank line in the window (paragraphs keep their coreference
    chains whole), else after the last sentence end, else after the last space, else (one endless
    word) at the limit itself; breaks in the first tenth of a window are passed over so no part is
    a sliver. The pieces are consecutive slices, so joined they give the text back exactly.
    """
    if limit <= 0:
        raise ValueError("limit must be positive")
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        cut = _last_cut(text, start, end)
        cuts.append(cut)
        start = cut
    cuts.append(len(text))
    return cuts


def _last_cut(text: str, start: int, end: int) -> int:
    """The cut for the window ``text[start:end]``: last blank line, else sentence end, else space."""
    floor = start + max((end - start) // 10, 1)
    for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _SPACE):
        last = 0
        for match in pattern.finditer(text, floor, end):
            last = match.end()
        if last > floor:
            return last
    return end


def make_articles(
    text: str,
    location: str,
    context: ReadContext,
    *,
    article_id: str | None = None,
    title: str | None = None,
    url: str | None = None,
    published: dt.date | None = None,
    source_name: str | None = None,
    language: str | None = None,
    whole_input: bool = False,
) -> Iterator[Article | Problem]:
    """The article(s) for one cleaned text, or the problem that keeps it out.

    ``whole_input`` marks a text that is the entire input (a .txt file, stdin), whose emptiness
    makes the input unusable and so is fatal; an empty JSONL record costs only itself.
    """
    if not text.strip():
        what = "the input is empty" if whole_input else "the record's text is empty"
        yield problem(EmptyInputError(f"{what}; there is nothing to code"), location, fatal=whole_input)
        return
    declared = (language or "").strip()
    if declared and not _is_english_tag(declared):
        yield problem(
            NotEnglishError(f"skipped: the record says its language is {declared!r}, not English"), location
        )
        return
    if not declared:
        reason = not_english_reason(text, context.settings.min_english_ratio)
        if reason is not None:
            yield problem(
                NotEnglishError(
                    f"skipped: the text does not look like English ({reason}); "
                    "set DYADS_MIN_ENGLISH_RATIO=0 to code it anyway"
                ),
                location,
            )
            return
    base = Article(
        id=article_id if article_id is not None else article_id_for(text, url),
        text=text,
        title=title,
        url=url,
        published=published if published is not None else context.default_date,
        source_name=source_name,
        language=declared or "en",
    )
    limit = context.settings.max_article_chars
    if len(text) <= limit:
        yield base
        return
    cuts = split_points(text, limit)
    yield problem(
        InputTooLargeError(
            f"long article ({len(text):,} characters) split into {len(cuts)} parts of at most "
            f"{limit:,} characters, ids {base.id}#p1 to #p{len(cuts)}; raise DYADS_MAX_ARTICLE_CHARS "
            "to keep it whole"
        ),
        location,
    )
    start = 0
    for number, cut in enumerate(cuts, start=1):
        yield dataclasses.replace(base, id=f"{base.id}#p{number}", text=text[start:cut])
        start = cut
