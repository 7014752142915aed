"""How close two states are, period by period, and which dyads changed most between two periods.

**Alignment** of A and B in a period combines two signals, each in [−1, 1]:

- *direct*: the cooperation–conflict index of A↔B (both directions; see ``dyads.query.series``);
- *similarity*: the cosine of their behaviour toward common partners — for every third state C that both A
  and B acted toward in the period, the mean Goldstein value of A→C and of B→C; the cosine of those two
  vectors is +1 when they treat third parties alike (friends and foes in common), −1 when opposite.

``score`` is the mean of the signals that exist (a period with no A↔B events has only the similarity,
one where they share no partner only the direct part; neither: ``None``). Events are counted as everywhere
(``dyads.query.aggregate``): asserted, one per cluster, within each direction and period.

**Shifts** between two periods rank undirected dyads by the change of their Goldstein sum, as a rate per
30 days so that periods of different lengths compare:

    change = 30 · (sum₂ / days₂ − sum₁ / days₁)

Each shift comes with the events that drove it: an event of the second period contributes
``30 · g / days₂``, one of the first ``−30 · g / days₁`` (losing it moves the dyad the other way); the
events whose contribution has the sign of the change, largest first (one per cluster, the earliest record
standing for it, with its evidence sentence).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dyads.errors import UsageError
from dyads.model import Modality
from dyads.store import Store

from .aggregate import Cell, cells, scope
from .sql import (
    as_date,
    check_period,
    modality_values,
    period_label,
    periods_between,
    rows,
    sql_store,
    start_of,
    stream,
)

RATE_DAYS = 30


@dataclass(frozen=True, slots=True)
class AlignmentRow:
    """The alignment of ``a`` and ``b`` in one period (see the module doc for the score)."""

    period: str
    start: dt.date
    a: str
    b: str
    events: int
    cooperation: int
    conflict: int
    goldstein_sum: float
    common_partners: int
    direct: float | None
    similarity: float | None
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat(),
            "a": self.a,
            "b": self.b,
            "events": self.events,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "goldstein_sum": self.goldstein_sum,
            "common_partners": self.common_partners,
            "direct": self.direct,
            "similarity": self.similarity,
            "score": self.score,
        }


def alignment(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "month",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
) -> list[AlignmentRow]:
    """One row per period, gaps filled: from ``date_from`` (else the first period with events of ``a`` or
    ``b``) to ``date_to`` (else the last); no rows when neither acted in the range."""
    a, b = a.upper(), b.upper()
    check_period(by)
    if a == b:
        raise UsageError("alignment needs two different states")
    sc = scope(
        by=by, date_from=date_from, date_to=date_to, modality=modality, records=records, sources=(a, b)
    )
    per: dict[dt.date, list[Cell]] = defaultdict(list)
    for c in cells(store, sc):
        assert c.start is not None
        per[c.start].append(c)
    if not per:
        return []
    first = start_of(date_from, by) if date_from else min(per)
    last = start_of(date_to, by) if date_to else max(per)
    starts = periods_between(first, last, by)
    return [_row(per.get(s, []), s, by, a, b) for s in starts]


def _row(period_cells: Sequence[Cell], start: dt.date, by: str, a: str, b: str) -> AlignmentRow:
    coop = conf = 0
    gsum = 0.0
    toward: dict[str, dict[str, float]] = {a: {}, b: {}}
    for c in period_cells:
        if {c.source, c.target} == {a, b}:
            coop += c.cooperation
            conf += c.conflict
            gsum += c.goldstein_sum
        elif c.target not in (a, b) and c.events:
            toward[c.source][c.target] = c.goldstein_sum / c.events
    common = sorted(toward[a].keys() & toward[b].keys())
    similarity = cosine([toward[a][c] for c in common], [toward[b][c] for c in common]) if common else None
    direct = (coop - conf) / (coop + conf) if coop + conf else None
    parts = [x for x in (direct, similarity) if x is not None]
    return AlignmentRow(
        period=period_label(start, by),
        start=start,
        a=a,
        b=b,
        events=coop + conf,
        cooperation=coop,
        conflict=conf,
        goldstein_sum=round(gsum, 9),
        common_partners=len(common),
        direct=direct,
        similarity=similarity,
        score=sum(parts) / len(parts) if parts else None,
    )


def cosine(u: Sequence[float], v: Sequence[float]) -> float | None:
    """The cosine of two vectors; ``None`` when either is all zeros (no direction to compare)."""
    nu = math.sqrt(sum(x * x for x in u))
    nv = math.sqrt(sum(x * x for x in v))
    if nu == 0 or nv == 0:
        return None
    return max(-1.0, min(1.0, sum(x * y for x, y in zip(u, v, strict=True)) / (nu * nv)))


# ---- shifts --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Driver:
    """One real-world event behind a shift and how much it moved the dyad (Goldstein per 30 days)."""

    event_id: str
    date: dt.date | None
    source: str
    target: str
    cameo: str
    goldstein: float
    records: int
    period: int
    contribution: float
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "target": self.target,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "records": self.records,
            "period": self.period,
            "contribution": self.contribution,
            "sentence": self.sentence,
        }


@dataclass(frozen=True, slots=True)
class Shift:
    """An undirected dyad (``a`` < ``b``) whose relations changed between two periods."""

    a: str
    b: str
    before_sum: float
    after_sum: float
    before_events: int
    after_events: int
    change: float
    drivers: tuple[Driver, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "before_sum": self.before_sum,
            "after_sum": self.after_sum,
            "before_events": self.before_events,
            "after_events": self.after_events,
            "change": self.change,
            "drivers": [d.to_dict() for d in self.drivers],
        }


Period = tuple[dt.date, dt.date]


def shifts(
    store: Store,
    period1: Period,
    period2: Period,
    *,
    top: int = 10,
    evidence: int = 5,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
) -> list[Shift]:
    """The ``top`` dyads whose Goldstein rate changed most from ``period1`` to ``period2`` (module doc)."""
    for lo, hi in (period1, period2):
        if hi < lo:
            raise UsageError(f"a period ends on or after it starts, not {lo.isoformat()} … {hi.isoformat()}")
    if top < 0 or evidence < 0:
        raise UsageError("top and evidence must not be negative")
    days = [(hi - lo).days + 1 for lo, hi in (period1, period2)]
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for i, (lo, hi) in enumerate((period1, period2)):
        sc = scope(date_from=lo, date_to=hi, modality=modality, records=records)
        for c in cells(store, sc):
            key = (c.source, c.target) if c.source < c.target else (c.target, c.source)
            sums[key][i] += c.goldstein_sum
            sums[key][2 + i] += c.events
    ranked = []
    for key, (g1, g2, _, _) in sums.items():
        change = RATE_DAYS * (g2 / days[1] - g1 / days[0])
        ranked.append((-abs(round(change, 9)), key, change))
    ranked.sort()
    out = []
    for _, (a, b), change in ranked[:top]:
        g1, g2, n1, n2 = sums[(a, b)]
        drivers = _drivers(store, a, b, (period1, period2), days, change, evidence, modality, records)
        out.append(Shift(a, b, round(g1, 9), round(g2, 9), int(n1), int(n2), round(change, 9), drivers))
    return out


def _drivers(
    store: Store,
    a: str,
    b: str,
    periods: tuple[Period, Period],
    days: list[int],
    change: float,
    evidence: int,
    modality: Sequence[str],
    records: bool,
) -> tuple[Driver, ...]:
    """The events behind one shift: light rows grouped per cluster here, sentences fetched for the chosen."""
    d = sql_store(store).dialect
    p = d.placeholder
    mods = modality_values(modality)
    found: list[Driver] = []
    for i, (lo, hi) in enumerate(periods):
        sql = (
            "SELECT id, date, source_country, target_country, cameo, goldstein, cluster_id FROM events "
            f"WHERE ((source_country = {p} AND target_country = {p}) OR "
            f"(source_country = {p} AND target_country = {p})) "
            f"AND modality IN ({d.marks(len(mods))}) AND date >= {p} AND date <= {p} ORDER BY date, id"
        )
        params = [a, b, b, a, *mods, d.param(lo), d.param(hi)]
        groups: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
        for row in stream(store, sql, params):
            key = row[0] if records else (row[6] or row[0])
            groups[(key, row[2])].append(row)
        sign = 1 if i == 1 else -1
        for members in groups.values():
            eid, day, src, tgt, cameo, _, _ = members[0]
            g = sum(m[5] for m in members) / len(members)
            found.append(
                Driver(
                    event_id=eid,
                    date=as_date(day) if day is not None else None,
                    source=src,
                    target=tgt,
                    cameo=cameo,
                    goldstein=round(g, 9),
                    records=len(members),
                    period=i + 1,
                    contribution=round(sign * RATE_DAYS * g / days[i], 9),
                    sentence="",
                )
            )
    helping = [x for x in found if x.contribution * change > 0]
    helping.sort(key=lambda x: (-abs(x.contribution), x.date or dt.date.min, x.event_id))
    chosen = helping[:evidence]
    if not chosen:
        return ()
    ids = [x.event_id for x in chosen]
    sentences = dict(
        rows(store, f"SELECT id, evidence_sentence FROM events WHERE id IN ({d.marks(len(ids))})", ids)
    )
    return tuple(dataclasses.replace(x, sentence=sentences[x.event_id]) for x in chosen)
