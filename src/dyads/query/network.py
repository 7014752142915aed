"""The country network of a period: who acted toward whom, cooperatively and conflictually.

A directed edge ``s → t`` for every pair of states with at least one event from ``s`` to ``t`` in the
period; its weights are the number of cooperation events (quad 1–2), conflict events (quad 3–4) and their
Goldstein sum. Counting follows ``dyads.query.aggregate``: ``asserted`` only and one count per cluster by
default. Actors without a country (IGOs, unaffiliated groups) and domestic events (``s == t``) are not part
of the country graph. The aggregation is one SQL ``GROUP BY`` (or a read of the roll-up); writers for JSON,
GraphML and GEXF need no graph library.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from dyads.errors import UnknownFormatError
from dyads.model import Modality
from dyads.store import Store

from .aggregate import cells, scope

NETWORK_FORMATS: tuple[str, ...] = ("json", "graphml", "gexf")


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    cooperation: int
    conflict: int
    goldstein_sum: float

    @property
    def events(self) -> int:
        return self.cooperation + self.conflict

    @property
    def goldstein_mean(self) -> float:
        return self.goldstein_sum / self.events if self.events else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "cooperation": self.cooperation,
            "conflict": self.conflict,
            "events": self.events,
            "goldstein_sum": self.goldstein_sum,
            "goldstein_mean": self.goldstein_mean,
        }


@dataclass(frozen=True, slots=True)
class Network:
    date_from: dt.date | None
    date_to: dt.date | None
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]

    def edge(self, source: str, target: str) -> Edge | None:
        return next((e for e in self.edges if e.source == source and e.target == target), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "directed": True,
            "nodes": [{"id": n} for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
        }


def country_network(
    store: Store,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    *,
    modality: Sequence[str] = (Modality.ASSERTED.value,),
    records: bool = False,
    min_events: int = 1,
) -> Network:
    """The directed country graph of events dated ``date_from`` … ``date_to`` (inclusive)."""
    sc = scope(date_from=date_from, date_to=date_to, modality=modality, records=records)
    edges = tuple(
        Edge(c.source, c.target, c.cooperation, c.conflict, c.goldstein_sum)
        for c in cells(store, sc)
        if c.events >= min_events
    )
    nodes = tuple(sorted({e.source for e in edges} | {e.target for e in edges}))
    return Network(date_from, date_to, nodes, edges)


def write_network(net: Network, fmt: str, out: TextIO) -> None:
    """Write ``net`` as ``json``, ``graphml`` or ``gexf`` (each edge carries every weight)."""
    if fmt == "json":
        json.dump(net.to_dict(), out, indent=2)
        out.write("\n")
    elif fmt == "graphml":
        _graphml(net, out)
    elif fmt == "gexf":
        _gexf(net, out)
    else:
        raise UnknownFormatError(
            f"unknown network format '{fmt}'; choose one of: {', '.join(NETWORK_FORMATS)}"
        )


_ATTRS: tuple[tuple[str, str], ...] = (
    ("cooperation", "int"),
    ("conflict", "int"),
    ("events", "int"),
    ("goldstein_sum", "double"),
    ("goldstein_mean", "double"),
)


def _graphml(net: Network, out: TextIO) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for name, typ in _ATTRS:
        out.write(f'  <key id="{name}" for="edge" attr.name="{name}" attr.type="{typ}"/>\n')
    out.write('  <graph id="dyads" edgedefault="directed">\n')
    for n in net.nodes:
        out.write(f"    <node id={quoteattr(n)}/>\n")
    for i, e in enumerate(net.edges):
        out.write(f'    <edge id="e{i}" source={quoteattr(e.source)} target={quoteattr(e.target)}>\n')
        values = e.to_dict()
        for name, _ in _ATTRS:
            out.write(f'      <data key="{name}">{values[name]}</data>\n')
        out.write("    </edge>\n")
    out.write("  </graph>\n</graphml>\n")


def _gexf(net: Network, out: TextIO) -> None:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<gexf xmlns="http://gexf.net/1.3" version="1.3">\n')
    out.write('  <graph mode="static" defaultedgetype="directed">\n')
    out.write('    <attributes class="edge">\n')
    for i, (name, typ) in enumerate(_ATTRS):
        out.write(f'      <attribute id="{i}" title="{name}" type="{typ}"/>\n')
    out.write("    </attributes>\n    <nodes>\n")
    for n in net.nodes:
        out.write(f"      <node id={quoteattr(n)} label={quoteattr(n)}/>\n")
    out.write("    </nodes>\n    <edges>\n")
    for i, e in enumerate(net.edges):
        values = e.to_dict()
        out.write(
            f'      <edge id="{i}" source={quoteattr(e.source)} target={quoteattr(e.target)} '
            f'weight="{e.events}">\n        <attvalues>\n'
        )
        for j, (name, _) in enumerate(_ATTRS):
            out.write(f'          <attvalue for="{j}" value="{values[name]}"/>\n')
        out.write("        </attvalues>\n      </edge>\n")
    out.write("    </edges>\n  </graph>\n</gexf>\n")
