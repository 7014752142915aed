"""Dyad series: how relations between two states move, period by period, aggregated in SQL.

For each period (ISO week, month, quarter or year) and each direction (``A→B``, ``B→A`` and both together):
the number of events per quad class, the Goldstein sum and mean, and a cooperation–conflict index

    cci = (cooperation − conflict) / (cooperation + conflict)

where cooperation counts quad 1 and 2 events and conflict quad 3 and 4: +1 pure cooperation, −1 pure
conflict, 0 balanced, ``None`` for a period with no events. It ignores intensity; the Goldstein mean is the
intensity-weighted companion.

By default only ``asserted`` events count (EVENT_SCHEMA.md's rule) and each real-world event counts once:
records are grouped by ``cluster_id`` (a record deduplication did not group is its own cluster) within a
period and direction; a cluster's quad is the lowest quad of its records and its Goldstein value their
mean. ``records=True`` counts records instead. Undated events are left out (a series needs a date).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from dyads.errors import UsageError
from dyads.model import Modality
from dyads.store import Store

from .aggregate import cells, scope
from .sql import check_period, period_label, periods_between

DIRECTIONS: tuple[str, ...] = ("forward", "backward", "both")


@dataclass(frozen=True, slots=True)
class SeriesRow:
    """One period of one direction of a dyad series (``forward``: a→b, ``backward``: b→a, ``both``)."""

    period: str
    start: dt.date
    direction: str
    source: str
    target: str
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein_sum: float

    @property
    def events(self) -> int:
        return (
            self.verbal_cooperation
            + self.material_cooperation
            + self.verbal_conflict
            + self.material_conflict
        )

    @property
    def cooperation(self) -> int:
        return self.verbal_cooperation + self.material_cooperation

    @property
    def conflict(self) -> int:
        return self.verbal_conflict + self.material_conflict

    @property
    def goldstein_mean(self) -> float | None:
        return self.goldstein_sum / self.events if self.events else None

    @property
    def cci(self) -> float | None:
        """The cooperation–conflict index, (coop − conflict) / (coop + conflict)."""
        total = self.cooperation + self.conflict
        return (self.cooperation - self.conflict) / total if total else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = self.start.isoformat()
        d.update(events=self.events, goldstein_mean=self.goldstein_mean, cci=self.cci)
        return d


def dyad_series(
    store: Store,
    a: str,
    b: str,
    *,
    by: str = "month",
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    fill: bool = True,
) -> list[SeriesRow]:
    """The series of dyad ``a``–``b``: rows ordered by period, then forward, backward, both.

    ``fill`` adds zero rows for periods between the first and last with no events, so the series is regular.
    """
    a, b = a.upper(), b.upper()
    check_period(by)
    sc = scope(
        by=by,
        date_from=date_from,
        date_to=date_to,
        modality=modality,
        records=records,
        pair=(a, b),
        domestic=a == b,
    )
    found: dict[tuple[dt.date, str], SeriesRow] = {}
    for c in cells(store, sc):
        assert c.start is not None  # a period was asked for
        direction = "forward" if c.source == a else "backward"
        found[(c.start, direction)] = SeriesRow(
            period_label(c.start, by),
            c.start,
            direction,
            c.source,
            c.target,
            c.q1,
            c.q2,
            c.q3,
            c.q4,
            c.goldstein_sum,
        )
    if a == b:  # a state's domestic series: one direction only
        return [found[k] for k in sorted(found)]
    starts = sorted({s for s, _ in found})
    if fill and starts:
        starts = periods_between(starts[0], starts[-1], by)
    out: list[SeriesRow] = []
    for s in starts:
        label = period_label(s, by)
        fwd = found.get((s, "forward")) or SeriesRow(label, s, "forward", a, b, 0, 0, 0, 0, 0.0)
        bwd = found.get((s, "backward")) or SeriesRow(label, s, "backward", b, a, 0, 0, 0, 0, 0.0)
        both = SeriesRow(
            label,
            s,
            "both",
            a,
            b,
            fwd.verbal_cooperation + bwd.verbal_cooperation,
            fwd.material_cooperation + bwd.material_cooperation,
            fwd.verbal_conflict + bwd.verbal_conflict,
            fwd.material_conflict + bwd.material_conflict,
            fwd.goldstein_sum + bwd.goldstein_sum,
        )
        out += [fwd, bwd, both]
    return out


def to_dataframe(items: Iterable[Any]) -> Any:
    """A pandas DataFrame of typed rows (anything with ``to_dict``); pandas is optional."""
    try:
        pd = importlib.import_module("pandas")
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UsageError("DataFrames need pandas: pip install pandas") from exc
    return pd.DataFrame([item.to_dict() for item in items])
