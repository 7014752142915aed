"""Blocs: groups of states that cooperate among themselves, per period, and who moved between them.

**Blocs.** For each period the cooperation graph is undirected: one edge per pair of states with at least one
cooperation event (quad 1–2, either direction), weighted by their number (counted as in
``dyads.query.aggregate``: asserted, one per cluster). Louvain community detection (networkx
``louvain_communities``, ``resolution`` 1, a fixed ``seed`` and sorted input, so a run is reproducible)
splits it into communities. A community of two or more states is a *bloc*; a state alone (it only fought,
or cooperated with nobody in the period) is *unaligned*.

**Polarisation** is the share of conflict that runs *between* blocs:

    polarisation = conflict events between different blocs / all conflict events among the period's states

1 when every conflict crosses bloc lines (two camps facing each other), 0 when conflict happens only inside
blocs or there is a single bloc; ``None`` without conflict. A state that is unaligned counts as a bloc of
its own. It reads as the negative half of structural balance; the whole of it is **balance**, the share of
signed weight the partition explains (cooperation inside blocs plus conflict between them, over all
cooperation and conflict): 1 is a perfectly balanced, bloc-structured system.

**Moves.** Bloc ids (``B1``, ``B2``, …) follow blocs through time: each bloc of a period takes the id of
the bloc of the previous period (with data) it shares most members with (greedy, one to one, ties by
Jaccard overlap then id); a bloc that matches none gets a new id. A state in bloc X in one period and a
bloc Y ≠ X in the next has *moved*.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dyads.model import Modality
from dyads.store import Store

from .aggregate import Cell, cells, scope
from .sql import next_start, period_label

BLOC_SEED = 5
"""The Louvain seed: the same store gives the same blocs on every run."""


@dataclass(frozen=True, slots=True)
class Bloc:
    """States that cooperate among themselves, with the events inside the bloc."""

    id: str
    members: tuple[str, ...]
    cooperation: int
    conflict: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "members": list(self.members),
            "cooperation": self.cooperation,
            "conflict": self.conflict,
        }


@dataclass(frozen=True, slots=True)
class BlocPeriod:
    """The blocs of one period (``period`` is ``"all"`` when the range is not split)."""

    period: str
    start: dt.date | None
    end: dt.date | None
    blocs: tuple[Bloc, ...]
    unaligned: tuple[str, ...]
    cooperation: int
    conflict: int
    modularity: float | None
    polarisation: float | None
    balance: float | None

    def membership(self) -> dict[str, str]:
        """State → bloc id, for the states in a bloc."""
        return {m: b.id for b in self.blocs for m in b.members}

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "blocs": [b.to_dict() for b in self.blocs],
            "unaligned": list(self.unaligned),
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "modularity": self.modularity,
            "polarisation": self.polarisation,
            "balance": self.balance,
        }


@dataclass(frozen=True, slots=True)
class Move:
    """A state that left its bloc for another between two consecutive periods."""

    country: str
    period_from: str
    period_to: str
    bloc_from: str
    bloc_to: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "period_from": self.period_from,
            "period_to": self.period_to,
            "bloc_from": self.bloc_from,
            "bloc_to": self.bloc_to,
        }


@dataclass(frozen=True, slots=True)
class BlocsResult:
    date_from: dt.date | None
    date_to: dt.date | None
    by: str | None
    periods: tuple[BlocPeriod, ...]
    moves: tuple[Move, ...]

    def membership(self, period: str | None = None) -> dict[str, str]:
        """State → bloc id in ``period`` (its label), or in the last period when none is named."""
        if not self.periods:
            return {}
        if period is None:
            return self.periods[-1].membership()
        found = next((p for p in self.periods if p.period == period), None)
        return found.membership() if found else {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "by": self.by,
            "periods": [p.to_dict() for p in self.periods],
            "moves": [m.to_dict() for m in self.moves],
        }


def blocs(
    store: Store,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    by: str | None = None,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
    resolution: float = 1.0,
    seed: int = BLOC_SEED,
) -> BlocsResult:
    """The blocs of ``date_from`` … ``date_to`` (inclusive), one set per period when ``by`` is given."""
    sc = scope(by=by, date_from=date_from, date_to=date_to, modality=modality, records=records)
    per: dict[dt.date | None, list[Cell]] = defaultdict(list)
    for c in cells(store, sc):
        per[c.start].append(c)
    periods: list[BlocPeriod] = []
    moves: list[Move] = []
    counter = itertools.count(1)
    previous: BlocPeriod | None = None
    for start in sorted(per, key=lambda s: s or dt.date.min):
        if by is None or start is None:
            label, lo, hi = "all", date_from, date_to
        else:
            label, lo, hi = period_label(start, by), start, next_start(start, by) - dt.timedelta(days=1)
        found = _period(per[start], label, lo, hi, resolution, seed)
        found = _named(found, previous, counter)
        if previous is not None:
            moves += _moves(previous, found)
        periods.append(found)
        previous = found
    return BlocsResult(date_from, date_to, by, tuple(periods), tuple(moves))


Pair = tuple[str, str]


def pair_weights(period_cells: Sequence[Cell]) -> dict[Pair, tuple[int, int]]:
    """Undirected pair (sorted) → (cooperation, conflict) events, both directions together."""
    out: dict[Pair, tuple[int, int]] = {}
    for c in period_cells:
        key = (c.source, c.target) if c.source < c.target else (c.target, c.source)
        coop, conf = out.get(key, (0, 0))
        out[key] = (coop + c.cooperation, conf + c.conflict)
    return out


def cooperation_graph(weights: Mapping[Pair, tuple[int, int]]) -> Any:
    """The undirected networkx graph: every state a node, cooperation counts as edge weights."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted({s for pair in weights for s in pair}))
    g.add_weighted_edges_from((a, b, coop) for (a, b), (coop, _) in sorted(weights.items()) if coop > 0)
    return g


def communities(graph: Any, resolution: float, seed: int) -> list[set[str]]:
    """Louvain communities of the cooperation graph; every node is in exactly one."""
    import networkx as nx

    if graph.number_of_edges() == 0:
        return [{n} for n in graph.nodes]
    found: list[set[str]] = nx.community.louvain_communities(
        graph, weight="weight", resolution=resolution, seed=seed
    )
    return found


def _modularity(graph: Any, parts: list[set[str]]) -> float | None:
    import networkx as nx

    if graph.number_of_edges() == 0:
        return None
    return float(nx.community.modularity(graph, parts, weight="weight"))


def _period(
    period_cells: Sequence[Cell],
    label: str,
    lo: dt.date | None,
    hi: dt.date | None,
    resolution: float,
    seed: int,
) -> BlocPeriod:
    weights = pair_weights(period_cells)
    graph = cooperation_graph(weights)
    parts = communities(graph, resolution, seed)
    of = {m: i for i, part in enumerate(parts) for m in part}
    within_coop: dict[int, int] = defaultdict(int)
    within_conf: dict[int, int] = defaultdict(int)
    coop_total = conf_total = coop_in = conf_between = 0
    for (a, b), (coop, conf) in weights.items():
        coop_total += coop
        conf_total += conf
        if of[a] == of[b]:
            within_coop[of[a]] += coop
            within_conf[of[a]] += conf
            coop_in += coop
        else:
            conf_between += conf
    groups = sorted((sorted(p) for p in parts if len(p) > 1), key=lambda m: (-len(m), m[0]))
    unaligned = tuple(sorted(m for p in parts if len(p) == 1 for m in p))
    found = tuple(
        Bloc(f"#{i}", tuple(m), within_coop[of[m[0]]], within_conf[of[m[0]]]) for i, m in enumerate(groups)
    )
    total = coop_total + conf_total
    return BlocPeriod(
        period=label,
        start=lo,
        end=hi,
        blocs=found,
        unaligned=unaligned,
        cooperation=coop_total,
        conflict=conf_total,
        modularity=_modularity(graph, parts),
        polarisation=conf_between / conf_total if conf_total else None,
        balance=(coop_in + conf_between) / total if total else None,
    )


def _named(current: BlocPeriod, previous: BlocPeriod | None, counter: itertools.count[int]) -> BlocPeriod:
    """``current`` with its blocs named after the previous period's blocs they continue (module doc)."""
    names: dict[int, str] = {}
    if previous is not None:
        candidates = []
        for i, bloc in enumerate(current.blocs):
            for old in previous.blocs:
                shared = len(set(bloc.members) & set(old.members))
                if shared:
                    jaccard = shared / len(set(bloc.members) | set(old.members))
                    candidates.append((-shared, -jaccard, old.id, i))
        taken: set[str] = set()
        for _, _, old_id, i in sorted(candidates, key=lambda c: (c[0], c[1], _id_key(c[2]), c[3])):
            if i not in names and old_id not in taken:
                names[i] = old_id
                taken.add(old_id)
    renamed = tuple(
        Bloc(names[i] if i in names else f"B{next(counter)}", b.members, b.cooperation, b.conflict)
        for i, b in enumerate(current.blocs)
    )
    return dataclasses.replace(current, blocs=renamed)


def _id_key(bloc_id: str) -> int:
    return int(bloc_id[1:])


def _moves(before: BlocPeriod, after: BlocPeriod) -> list[Move]:
    old, new = before.membership(), after.membership()
    return [
        Move(c, before.period, after.period, old[c], new[c])
        for c in sorted(old.keys() & new.keys())
        if old[c] != new[c]
    ]
