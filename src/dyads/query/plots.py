"""Pictures of the analyses: a dyad series, the country network (blocs coloured), blocs over time.

The only module that imports matplotlib, lazily and with the non-interactive Agg backend (no display, no
window: it works on servers and in tests). matplotlib is the ``analysis`` extra; without it a plot is a
usage error that says how to install it. The file's suffix picks the format: ``.png`` or ``.svg``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from dyads.errors import UsageError

from .blocs import BlocsResult
from .network import Network
from .series import SeriesRow

PLOT_SUFFIXES: tuple[str, ...] = (".png", ".svg")
_UNALIGNED = "#bbbbbb"


def _pyplot() -> ModuleType:
    try:
        import matplotlib
    except ImportError as exc:
        raise UsageError("plots need matplotlib: pip install 'dyads[analysis]'") from exc
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _check(path: Path) -> None:
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise UsageError(f"a plot is written as PNG or SVG: name the file *.png or *.svg, not {path.name!r}")


def _save(plt: ModuleType, fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, format=path.suffix.lower()[1:], dpi=120)
    plt.close(fig)
    return path


def plot_series(series: Sequence[SeriesRow], path: Path | str, title: str | None = None) -> Path:
    """Goldstein sum per period in each direction (bars) and the cooperation–conflict index (line)."""
    path = Path(path)
    _check(path)
    plt = _pyplot()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True)
    rows = {d: [r for r in series if r.direction == d] for d in ("forward", "backward", "both")}
    labels = [r.period for r in rows["both"]] or [r.period for r in series]
    x = list(range(len(labels)))
    width = 0.4
    for offset, direction in ((-width / 2, "forward"), (width / 2, "backward")):
        rs = rows[direction]
        if rs:
            name = f"{rs[0].source}→{rs[0].target}"
            top.bar([i + offset for i in x[: len(rs)]], [r.goldstein_sum for r in rs], width, label=name)
    top.axhline(0, color="black", linewidth=0.5)
    top.set_ylabel("Goldstein sum")
    top.legend(loc="best")
    cci = [r.cci if r.cci is not None else math.nan for r in rows["both"]]
    bottom.plot(x[: len(cci)], cci, marker="o", color="black")
    bottom.set_ylim(-1.05, 1.05)
    bottom.axhline(0, color="grey", linewidth=0.5)
    bottom.set_ylabel("cooperation–conflict index")
    step = max(1, len(labels) // 24)
    bottom.set_xticks(x[::step], labels[::step], rotation=60, ha="right")
    if title or series:
        top.set_title(title or f"{series[0].source}–{series[0].target}")
    return _save(plt, fig, path)


def bloc_colours(ids: Sequence[str]) -> dict[str, str]:
    """A stable colour per bloc id (the same id, the same colour, in every picture)."""
    palette = [
        "#1f77b4",
        "#d62728",
        "#2ca02c",
        "#ff7f0e",
        "#9467bd",
        "#8c564b",
        "#e377c2",
        "#17becf",
        "#bcbd22",
        "#7f7f7f",
    ]
    return {b: palette[(int(b[1:]) - 1) % len(palette) if b[1:].isdigit() else 0] for b in ids}


def plot_network(
    net: Network,
    path: Path | str,
    membership: Mapping[str, str] | None = None,
    seed: int = 5,
) -> Path:
    """The country graph: nodes coloured by bloc, edges green for mostly cooperation, red for conflict."""
    import networkx as nx

    path = Path(path)
    _check(path)
    plt = _pyplot()
    g = nx.Graph()
    g.add_nodes_from(net.nodes)
    for e in net.edges:
        w = g.get_edge_data(e.source, e.target, {"coop": 0, "conf": 0})
        g.add_edge(e.source, e.target, coop=w["coop"] + e.cooperation, conf=w["conf"] + e.conflict)
    pos = nx.spring_layout(g, seed=seed, weight=None) if g.number_of_nodes() else {}
    fig, ax = plt.subplots(figsize=(9, 9))
    ax.set_axis_off()
    member = dict(membership or {})
    colours = bloc_colours(sorted(set(member.values())))
    heaviest = max((d["coop"] + d["conf"] for _, _, d in g.edges(data=True)), default=1)
    for a, b, d in g.edges(data=True):
        total = d["coop"] + d["conf"]
        colour = "#2ca02c" if d["coop"] >= d["conf"] else "#d62728"
        (xa, ya), (xb, yb) = pos[a], pos[b]
        ax.plot([xa, xb], [ya, yb], color=colour, alpha=0.5, linewidth=0.5 + 4 * total / heaviest)
    for n in g.nodes:
        x, y = pos[n]
        ax.scatter([x], [y], s=300, color=colours.get(member.get(n, ""), _UNALIGNED), zorder=3)
        ax.annotate(n, (x, y), ha="center", va="center", fontsize=7, zorder=4)
    span = " … ".join(d.isoformat() if d else "" for d in (net.date_from, net.date_to))
    ax.set_title(f"country network {span}".strip())
    return _save(plt, fig, path)


def plot_blocs(result: BlocsResult, path: Path | str) -> Path:
    """Membership per period (one row per state, coloured by bloc) and polarisation/balance over time."""
    path = Path(path)
    _check(path)
    plt = _pyplot()
    periods = result.periods
    states = sorted(
        {m for p in periods for b in p.blocs for m in b.members} | {u for p in periods for u in p.unaligned}
    )
    colours = bloc_colours(sorted({b.id for p in periods for b in p.blocs}))
    fig, (grid, line) = plt.subplots(
        2,
        1,
        figsize=(max(6, 0.5 * len(periods) + 3), max(4, 0.25 * len(states) + 3)),
        gridspec_kw={"height_ratios": [3, 1]},
    )
    for x, p in enumerate(periods):
        member = p.membership()
        for y, s in enumerate(states):
            colour = colours.get(member.get(s, ""), _UNALIGNED if s in p.unaligned else "white")
            grid.add_patch(plt.Rectangle((x, y), 0.95, 0.95, color=colour))
    grid.set_xlim(0, max(1, len(periods)))
    grid.set_ylim(0, max(1, len(states)))
    grid.set_yticks([y + 0.5 for y in range(len(states))], states, fontsize=7)
    labels = [p.period for p in periods]
    grid.set_xticks([x + 0.5 for x in range(len(periods))], labels, rotation=60, ha="right", fontsize=7)
    grid.set_title("blocs per period (grey: unaligned)")
    xs = [x + 0.5 for x in range(len(periods))]
    pol = [p.polarisation if p.polarisation is not None else math.nan for p in periods]
    bal = [p.balance if p.balance is not None else math.nan for p in periods]
    line.plot(xs, pol, marker="o", label="polarisation")
    line.plot(xs, bal, marker="s", label="balance")
    line.set_xlim(0, max(1, len(periods)))
    line.set_ylim(-0.05, 1.05)
    line.set_xticks([])
    line.legend(loc="best")
    return _save(plt, fig, path)
