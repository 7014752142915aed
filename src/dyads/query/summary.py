"""A readable summary of a set of events: what ``dyads demo`` prints and the dashboard's overview shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from dyads.model import Actor, Event, Modality

QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


@dataclass(frozen=True, slots=True)
class Summary:
    articles: int
    events: int
    by_modality: tuple[tuple[str, int], ...]
    by_quad: tuple[tuple[str, int], ...]
    top_dyads: tuple[tuple[str, str, int], ...]  # source, target (country or IGO), asserted events
    top_codes: tuple[tuple[str, int], ...]


def _party(a: Actor) -> str | None:
    """A dyad's side: a country, or an international organisation by name; others are not states."""
    if a.country:
        return a.country
    if a.sector == "IGO":
        return a.name or a.text
    return None


def summarise(events: Iterable[Event], articles: int, top: int = 10) -> Summary:
    """Counts by modality and quad class; top dyads count only asserted events (the schema's rule)."""
    evs = list(events)
    modality = Counter(e.modality.value for e in evs)
    quads = Counter(QUAD_NAMES[e.quad] for e in evs if e.modality is Modality.ASSERTED)
    dyads: Counter[tuple[str, str]] = Counter()
    for e in evs:
        if e.modality is Modality.ASSERTED and e.target is not None:
            s, t = _party(e.source), _party(e.target)
            if s and t and s != t:
                dyads[(s, t)] += 1
    codes = Counter(e.cameo for e in evs)
    return Summary(
        articles=articles,
        events=len(evs),
        by_modality=tuple(sorted(modality.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_quad=tuple((name, quads.get(name, 0)) for name in QUAD_NAMES.values()),
        top_dyads=tuple(
            (s, t, n) for (s, t), n in sorted(dyads.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        ),
        top_codes=tuple(sorted(codes.items(), key=lambda kv: (-kv[1], kv[0]))[:top]),
    )
