"""Publication dates from what news feeds actually write, never guessed from today's date.

ISO dates (and ISO timestamps, whose calendar date is taken as written, without moving it to
another time zone) are parsed directly; other forms ("5 March 2024", "Tue, 05 Mar 2024 10:22:00
GMT") go to dateparser with strict settings, so a date missing its day or year is an error
rather than silently completed from the clock, and the same input gives the same date on any day.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dyads.errors import BadDateError

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_MAX_SHOWN = 60


def dateparser_settings() -> dict[str, Any]:
    """Fresh settings for each call (dateparser keeps what it is given): never complete from the clock.

    Strict parsing wants day, month and year; relative dates ("yesterday") and Unix timestamps are
    not parsed at all, since both would make a date depend on when or where the run happens.
    """
    return {
        "PREFER_DATES_FROM": "current_period",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": True,
        "PARSERS": ["custom-formats", "absolute-time"],
    }


def parse_date(value: str) -> dt.date:
    """The calendar date ``value`` names; raises ``BadDateError`` saying what form to use."""
    text = value.strip()
    if not text:
        raise BadDateError("the date is empty: give YYYY-MM-DD or leave the field out")
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise BadDateError(f"bad date {_shown(text)}: {exc}; give a real YYYY-MM-DD date") from exc
    if _ISO_TIMESTAMP.match(text):
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            pass  # let dateparser try the rarer timestamp spellings
    import dateparser  # slow to import; most inputs never need it

    parsed: dt.datetime | None = dateparser.parse(text, languages=["en"], settings=dateparser_settings())
    if parsed is None:
        raise BadDateError(
            f"bad date {_shown(text)}: give YYYY-MM-DD or a full date with day, month and year "
            "such as '5 March 2024'"
        )
    return parsed.date()


def _shown(text: str) -> str:
    """The value quoted for a message, cut so one wild value cannot flood the terminal."""
    return repr(text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…")
