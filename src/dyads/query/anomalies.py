"""Anomalies: periods (weeks by default) in which a dyad departs sharply from its own recent past.

For each undirected dyad, the Goldstein sum per period (both directions; counted as in
``dyads.query.aggregate``, empty periods are 0) is compared with its *trailing window* — the ``window``
periods just before it (12 weeks by default), never the period itself — by a robust z-score:

    z = (x − median(window)) / scale
    scale = 1.4826 · MAD(window)        (MAD: median absolute deviation; 1.4826 makes it a standard
                                          deviation for normal data)
          = 1.2533 · mean absolute deviation, when the MAD is 0 (a mostly quiet dyad)
          = 1 (one Goldstein point), when both are 0 (a window of identical values)

A period is an anomaly when |z| ≥ ``threshold`` (3.5, Iglewicz and Hoaglin's cut-off for the modified
z-score): a *drop* below the baseline or a *spike* above it. The median and MAD are not moved by the few
extreme periods they are meant to find, unlike a mean and standard deviation. A dyad's periods are
scored from the ``window``-th period after its first event on, and dyads with fewer than ``min_events``
events in the range are left out when no dyad is named.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dyads.errors import UsageError
from dyads.model import Modality
from dyads.store import Store

from .aggregate import cells, scope
from .sql import check_period, period_label, periods_between

MAD_SCALE = 1.4826
MEAN_AD_SCALE = 1.2533


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One period of dyad ``a``–``b`` (``a`` < ``b``) far from its trailing baseline."""

    a: str
    b: str
    period: str
    start: dt.date
    value: float
    events: int
    baseline: float
    scale: float
    z: float

    @property
    def kind(self) -> str:
        return "drop" if self.z < 0 else "spike"

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "period": self.period,
            "start": self.start.isoformat(),
            "value": self.value,
            "events": self.events,
            "baseline": self.baseline,
            "scale": self.scale,
            "z": self.z,
            "kind": self.kind,
        }


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def robust_z(x: float, window: Sequence[float]) -> tuple[float, float, float]:
    """``(z, median, scale)`` of ``x`` against ``window`` (see the module doc)."""
    med = _median(window)
    deviations = [abs(v - med) for v in window]
    scale = MAD_SCALE * _median(deviations)
    if scale == 0:
        scale = MEAN_AD_SCALE * statistics.fmean(deviations)
    if scale == 0:
        scale = 1.0
    return (x - med) / scale, med, scale


def anomalies(
    store: Store,
    a: str | None = None,
    b: str | None = None,
    *,
    by: str = "week",
    threshold: float = 3.5,
    window: int = 12,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    min_events: int = 10,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
) -> list[Anomaly]:
    """The anomalous periods of dyad ``a``–``b``, or of every dyad; the strongest (largest |z|) first."""
    if (a is None) != (b is None):
        raise UsageError("name both states of a dyad, or neither for every dyad")
    check_period(by)
    if window < 3:
        raise UsageError("the trailing window needs at least 3 periods")
    pair = (a.upper(), b.upper()) if a is not None and b is not None else None
    sc = scope(by=by, date_from=date_from, date_to=date_to, modality=modality, records=records, pair=pair)
    series: dict[tuple[str, str], dict[dt.date, list[float]]] = defaultdict(dict)
    for c in cells(store, sc):
        assert c.start is not None
        key = (c.source, c.target) if c.source < c.target else (c.target, c.source)
        cell = series[key].setdefault(c.start, [0.0, 0.0])
        cell[0] += c.goldstein_sum
        cell[1] += c.events
    if not series:
        return []
    grid = periods_between(min(min(v) for v in series.values()), max(max(v) for v in series.values()), by)
    index = {start: i for i, start in enumerate(grid)}  # one period grid for every dyad
    out: list[Anomaly] = []
    for (x, y), values in series.items():
        if pair is None and sum(v[1] for v in values.values()) < min_events:
            continue
        starts = grid[index[min(values)] : index[max(values)] + 1]
        sums = [round(values[s][0], 9) if s in values else 0.0 for s in starts]
        for i in range(window, len(starts)):
            z, med, scale = robust_z(sums[i], sums[i - window : i])
            if abs(z) >= threshold:
                s = starts[i]
                events = int(values[s][1]) if s in values else 0
                out.append(Anomaly(x, y, period_label(s, by), s, sums[i], events, med, scale, z))
    out.sort(key=lambda an: (-abs(an.z), an.start, an.a, an.b))
    return out
