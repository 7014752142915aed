"""The index's records, blocks and groups, and the pure functions over them (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from operator import attrgetter
from typing import Any

from dyads.dedup.rules import Cluster
from dyads.model import DatePrecision, Event, Modality

_DAY, _UNKNOWN, _MONTH, _YEAR, _UNDATED = range(5)
_PRECISIONS = (DatePrecision.DAY, DatePrecision.UNKNOWN, DatePrecision.MONTH, DatePrecision.YEAR)
_FINE_PLACES = frozenset({"point", "city"})
_EARTH_RADIUS_KM = 6371.0088
_MODALITY_ORDER = (
    Modality.ASSERTED,
    Modality.HISTORICAL,
    Modality.FUTURE,
    Modality.HYPOTHETICAL,
    Modality.NEGATED,
)
_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_CLUSTER_AT = _EVENT_FIELDS.index("cluster_id")
_BEFORE_CLUSTER = attrgetter(*_EVENT_FIELDS[:_CLUSTER_AT])
_AFTER_CLUSTER = _EVENT_FIELDS[_CLUSTER_AT + 1 :]
_new_event: Callable[..., Event] = Event  # positional construction: half the cost of dataclasses.replace


class _Rec:
    """One record as the index sees it."""

    __slots__ = (
        "article",
        "block",
        "choice",
        "cid",
        "code",
        "date",
        "eid",
        "ev",
        "hi",
        "lo",
        "loc",
        "prec",
        "root",
        "shown",
        "source",
        "target",
    )

    ev: Event
    eid: str
    article: str
    source: str
    code: str
    root: str
    block: _Block
    prec: int
    date: int  # ordinal; 0 when undated
    lo: int  # the days the record may refer to
    hi: int
    loc: _Loc | None
    choice: str | None  # the core cluster an imprecise record fits best
    target: str | None  # the core cluster it joins (its choice, unless two codes of one article collide)
    cid: str
    shown: str | None  # the cluster id last handed out for this record


_Loc = tuple[str | None, bool, float, float]  # country, fine (point/city with coordinates), lat, lon
_Lead = tuple[float, float]
_Period = tuple[int, int | str]
_Split = list[tuple[str, list["_Rec"], str | None, _Lead | None]]


class _Group:
    """One core cluster (day-precise records), as the imprecise records that may join it see it."""

    __slots__ = ("_codes", "cid", "country", "hi", "lead", "lo", "recs")

    def __init__(self, cid: str, recs: list[_Rec], country: str | None, lead: _Lead | None) -> None:
        self.cid, self.recs, self.country, self.lead = cid, recs, country, lead
        self._codes: dict[str, str] | None = None
        if len(recs) == 1:
            self.lo = self.hi = recs[0].date
        else:
            dates = [r.date for r in recs]
            self.lo, self.hi = min(dates), max(dates)

    def codes(self) -> dict[str, str]:
        """Article → its code in this cluster (one code per article)."""
        if self._codes is None:
            self._codes = {r.article: r.code for r in self.recs}
        return self._codes


class _Imprecise:
    """The records of a block without a day-precise date (made when the first one comes)."""

    __slots__ = ("by_month", "undated", "years")

    def __init__(self) -> None:
        self.by_month: dict[int, list[_Rec]] = {}  # unknown/month records, under each month they touch
        self.years: dict[int, list[_Rec]] = {}
        self.undated: dict[str, list[_Rec]] = {}


class _Block:
    """The records of one (source, target, action group, modality group)."""

    __slots__ = ("counts", "day_groups", "days", "imp", "key", "label", "source_key", "target_key")

    def __init__(self, key: tuple[str, str, str, str]) -> None:
        self.key = key
        self.source_key, self.target_key = key[0], key[1]
        self.label = "\x1f".join(key)
        self.days: dict[int, list[_Rec]] = {}
        self.counts: dict[int, int] = {}  # distinct articles per day
        self.day_groups: dict[int, list[_Group]] = {}  # core clusters by the day they form around
        self.imp: _Imprecise | None = None


# -------------------------------------------------------------------- helpers (pure functions)
@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collection inside (see :class:`ClusterIndex`); the collector's state is restored after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _split_articles(recs: list[_Rec]) -> list[list[_Rec]]:
    """At most one code per article in a cluster: each article's codes go to levels by how many articles
    use them (then code order); level 0 is the main cluster."""
    if len(recs) == 1:
        return [recs]
    n_articles = len({r.article for r in recs})
    if n_articles == len(recs) or n_articles == len({(r.article, r.code) for r in recs}):
        return [recs]
    codes: dict[str, set[str]] = {}
    for r in recs:
        codes.setdefault(r.article, set()).add(r.code)
    support: dict[str, int] = {}
    for cs in codes.values():
        for c in cs:
            support[c] = support.get(c, 0) + 1
    rank = {c: i for i, c in enumerate(sorted(support, key=lambda c: (-support[c], c)))}
    level = {(a, c): i for a, cs in codes.items() for i, c in enumerate(sorted(cs, key=rank.__getitem__))}
    levels: list[list[_Rec]] = [[] for _ in range(max(len(cs) for cs in codes.values()))]
    for r in recs:
        levels[level[r.article, r.code]].append(r)
    return levels


def _target(counts: dict[int, int], d: int, w: int) -> int:
    """The day within ``±w`` of ``d`` told by the most articles (ties: the earliest)."""
    t, best = d, counts[d]
    for x in range(d - w, d + w + 1):
        c = counts.get(x, 0)
        if c > best or (c == best and x < t):
            t, best = x, c
    return t


def _place_fits(loc: _Loc, g: _Group, radius: float) -> bool:
    country = loc[0]
    if g.country is not None and country is not None and country != g.country:
        return False
    if loc[1] and g.lead is not None:
        return _km(g.lead[0], g.lead[1], loc[2], loc[3]) <= radius
    return True


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _support(recs: list[_Rec]) -> int:
    return len({r.article for r in recs})


def _months(lo: int, hi: int) -> range:
    return range(_month_of(lo), _month_of(hi) + 1)


def _month_of(ordinal: int | str) -> int:
    d = dt.date.fromordinal(int(ordinal))
    return d.year * 12 + d.month - 1


def _retarget(r: _Rec, target: str | None, new_ids: dict[_Rec, str], periods: set[_Period]) -> None:
    """Point an imprecise record at a core cluster, or (None) at its own period's clusters."""
    if target is not None:
        new_ids[r] = target
    if target != r.target or not r.cid:
        if target is None or r.target is None:
            periods.add(_period(r))  # it enters or leaves its period's clusters
        r.target = target


def _period(r: _Rec) -> _Period:
    if r.prec == _UNKNOWN:
        return (_UNKNOWN, r.date)
    if r.prec == _MONTH:
        return (_MONTH, r.lo)
    if r.prec == _YEAR:
        return (_YEAR, dt.date.fromordinal(r.lo).year)
    return (_UNDATED, r.article)


def _cluster_id(label: str, period: str, desc: str) -> str:
    text = f"{label}\x1f{period}\x1f{desc}"
    return "c-" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def _most_reported(recs: list[_Rec], attr: str) -> str:
    """The value of ``attr`` (root, code) the most articles used; ties: the smallest."""
    articles: dict[str, set[str]] = {}
    for r in recs:
        articles.setdefault(getattr(r, attr), set()).add(r.article)
    if len(articles) == 1:
        return next(iter(articles))
    return min(articles, key=lambda v: (-len(articles[v]), v))


def _by_eid(r: _Rec) -> str:
    return r.eid


def _cluster_order(c: Cluster) -> tuple[int, str]:
    return (c.first_date.toordinal() if c.first_date else 10**7, c.id)


def _forget(r: _Rec) -> None:
    """Take an evicted record out of its block's tables (the day counts stay)."""
    b = r.block
    if r.prec == _DAY:
        _drop(b.days, r.date, r)
        return
    imp = b.imp
    if imp is None:
        return
    if r.prec == _YEAR:
        _drop(imp.years, dt.date.fromordinal(r.lo).year, r)
    elif r.prec == _UNDATED:
        _drop(imp.undated, r.article, r)
    else:
        for m in _months(r.lo, r.hi):
            _drop(imp.by_month, m, r)


def _drop(table: dict[Any, list[_Rec]], key: Any, r: _Rec) -> None:
    rs = table.get(key)
    if rs is not None:
        rs[:] = [x for x in rs if x is not r]
        if not rs:
            del table[key]
