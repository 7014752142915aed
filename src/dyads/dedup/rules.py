"""What counts as the same event (:class:`DedupRules`), what a cluster is, and who an actor is for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dyads.errors import UsageError
from dyads.model import Actor, DatePrecision, Modality


@dataclass(frozen=True, slots=True)
class DedupRules:
    """What counts as "the same event". The defaults are the rules the module docstring explains.

    ``root_groups``: CAMEO roots that reports of one incident swap freely. 18 (assault: bombings, killings),
    19 (fight: shelling, air strikes, clashes) and 20 (mass violence) split on the weapon and the
    perpetrator, which outlets describe differently ("a bombing", "an air strike", "a massacre") — the
    same attack is routinely coded 183 by one article and 195 by another. No other roots are merged: a
    threat (13), a show of force (15) and an attack (19) are different acts even on the same day.

    ``symmetric_roots``: roots whose dyad has no direction. "A met B", "B met A", "A visited B" and "B
    hosted A" (040–046) are one meeting; their source/target keys are put in sorted order.

    ``modality_groups``: modalities that describe one fact. A past event recalled as background
    (historical) is the event itself; future, hypothetical and negated records each stay with their own
    kind (a planned visit is not the visit).
    """

    day_window: int = 1
    unknown_window: int = 3
    place_radius_km: float = 75.0
    root_groups: tuple[frozenset[str], ...] = (frozenset({"18", "19", "20"}),)
    symmetric_roots: frozenset[str] = frozenset({"04"})
    modality_groups: tuple[frozenset[Modality], ...] = (frozenset({Modality.ASSERTED, Modality.HISTORICAL}),)

    def __post_init__(self) -> None:
        if self.day_window < 0 or self.unknown_window < 0:
            raise UsageError("dedup windows must be zero or more days")
        if not self.place_radius_km > 0:
            raise UsageError("dedup place radius must be a positive number of kilometres")
        for groups in (self.root_groups, self.modality_groups):
            seen: set[object] = set()
            for group in groups:
                if seen & group:
                    raise UsageError(f"dedup groups overlap: {sorted(map(str, seen & group))}")
                seen |= group


@dataclass(frozen=True, slots=True)
class Cluster:
    """One real-world event and the records that report it.

    ``first_date``/``last_date``: the dates of its day-precise records; for clusters without any, the range
    of its most precise records (a month, a year); None when undated. ``cameo_root``/``cameo``: the root and
    code most articles used. ``modality``: asserted when any record asserts it. ``n_sources``: distinct
    outlets (the ``article_sources`` mapping; an article without an entry counts as its own outlet).
    """

    id: str
    event_ids: tuple[str, ...]
    n_records: int
    n_articles: int
    n_sources: int
    first_date: dt.date | None
    last_date: dt.date | None
    cameo_root: str
    source_key: str
    target_key: str
    cameo: str
    modality: Modality
    date_precision: DatePrecision


def actor_key(actor: Actor | None) -> str:
    """The identity of an actor for deduplication.

    A named person is themself (``person:kim jong un``); a state or organisation actor is its country and
    sector (``PRK/GOV``; a state named as a whole counts as its government); an actor tied to no country
    is its sector and name (``-/IGO/united nations``). A missing target is ``-``.
    """
    if actor is None:
        return "-"
    if actor.kind == "person" and actor.name:
        return "person:" + " ".join(actor.name.split()).casefold()
    if actor.country is None and actor.name:
        return f"-/{actor.sector or '-'}/{' '.join(actor.name.split()).casefold()}"
    # "North Korea", "Pyongyang" and "the North Korean government" are one actor in reports of one act
    sector = "GOV" if actor.sector is None and actor.kind == "state" else actor.sector
    return f"{actor.country or '-'}/{sector or '-'}"
