"""Date expressions → a date and its precision, against the publication date.

Own rules for what news uses most (weekdays, yesterday/tomorrow, last/next week, "later this month", "in
1950", "March 3"), because ``dateparser`` returns nothing for several of them and costs milliseconds per
call; it is the fallback for explicit dates our rules do not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dyads.model import DatePrecision

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": 3,
    "few": 3,
    "a few": 3,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_MD = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?\b(?:,?\s+(\d{{4}}))?", re.I)
_MY = re.compile(rf"\b({_MONTH_RE})\.?\s*(?:of\s+)?(\d{{4}})?\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_AGO = re.compile(
    r"\b(\d+|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+"
    r"(day|week|month|year|decade)s?\s+ago\b",
    re.I,
)
_REL = re.compile(r"\b(last|next|this|coming|past|previous)\s+(week|month|year|weekend)\b", re.I)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    date: dt.date
    precision: DatePrecision


def _safe(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_shift(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    return dt.date(d.year + m // 12, m % 12 + 1, 1)


def resolve_date(expr: str, pub: dt.date, *, future: bool = False) -> ResolvedDate | None:
    """Resolve one expression; ``future`` says the event lies ahead (weekdays then go forward)."""
    s = expr.strip().lower()
    if not s:
        return None
    day = DatePrecision.DAY
    if s in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return ResolvedDate(pub, day)
    if s in ("yesterday", "last night"):
        return ResolvedDate(pub - dt.timedelta(days=1), day)
    if s in ("tomorrow", "tomorrow night"):
        return ResolvedDate(pub + dt.timedelta(days=1), day)
    m = _ISO.search(s)
    if m:
        d = _safe(int(m[1]), int(m[2]), int(m[3]))
        if d:
            return ResolvedDate(d, day)
    for wd, idx in WEEKDAYS.items():
        if re.search(rf"\b{wd}\b", s):
            if "next" in s or (future and "last" not in s):
                delta = (idx - pub.weekday()) % 7 or (7 if "next" in s else 0)
                return ResolvedDate(pub + dt.timedelta(days=delta), day)
            delta = (pub.weekday() - idx) % 7
            if "last" in s and delta == 0:
                delta = 7
            return ResolvedDate(pub - dt.timedelta(days=delta), day)
    m = _MD.search(s) or None
    if m:
        mon, dd, yy = MONTHS[m[1].lower()], int(m[2]), m[3]
    else:
        m2 = _DM.search(s)
        if m2:
            dd, mon, yy = int(m2[1]), MONTHS[m2[2].lower()], m2[3]
            m = m2
    if m:
        year = int(yy) if yy else pub.year
        d = _safe(year, mon, dd)
        if d and not yy:
            if future and d < pub - dt.timedelta(days=14):
                d = _safe(year + 1, mon, dd)
            elif not future and d > pub + dt.timedelta(days=14):
                d = _safe(year - 1, mon, dd)
        if d:
            return ResolvedDate(d, day)
    m3 = _AGO.search(s)
    if m3:
        n = NUMBER_WORDS.get(m3[1].lower()) or int(m3[1]) if not m3[1].isdigit() else int(m3[1])
        unit = m3[2].lower()
        if unit == "day":
            return ResolvedDate(pub - dt.timedelta(days=n), day)
        if unit == "week":
            return ResolvedDate(pub - dt.timedelta(weeks=n), day)
        if unit == "month":
            return ResolvedDate(_month_shift(pub, -n), DatePrecision.MONTH)
        years = n * (10 if unit == "decade" else 1)
        return ResolvedDate(dt.date(pub.year - years, 1, 1), DatePrecision.YEAR)
    if "later this month" in s or "earlier this month" in s or s in ("this month", "later in the month"):
        return ResolvedDate(pub.replace(day=1), DatePrecision.MONTH)
    if "this year" in s or s == "later in the year":
        return ResolvedDate(dt.date(pub.year, 1, 1), DatePrecision.YEAR)
    m4 = _REL.search(s)
    if m4:
        which, unit = m4[1].lower(), m4[2].lower()
        step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}[which]
        if unit in ("week", "weekend"):
            monday = pub - dt.timedelta(days=pub.weekday())
            start = monday + dt.timedelta(weeks=step)
            if unit == "weekend":
                start += dt.timedelta(days=5)
            return ResolvedDate(start, DatePrecision.UNKNOWN if unit == "week" else day)
        if unit == "month":
            return ResolvedDate(_month_shift(pub, step), DatePrecision.MONTH)
        return ResolvedDate(dt.date(pub.year + step, 1, 1), DatePrecision.YEAR)
    m5 = _MY.search(s)
    if m5 and m5[1].lower() in MONTHS and len(m5[1]) >= 3:
        mon = MONTHS[m5[1].lower()]
        year = int(m5[2]) if m5[2] else pub.year
        if not m5[2]:
            if future and mon < pub.month:
                year += 1
            elif not future and mon > pub.month:
                year -= 1
        return ResolvedDate(dt.date(year, mon, 1), DatePrecision.MONTH)
    m6 = _YEAR.search(s)
    if m6:
        return ResolvedDate(dt.date(int(m6[1]), 1, 1), DatePrecision.YEAR)
    return None
