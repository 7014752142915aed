"""Score the geoparser against toponym gold (one article per JSON line, the GeoWebNews layout):

``{"id": ..., "text": ..., "toponyms": [{"start", "end", "text", "type", "lat", "lon", ...}], "meta": {...}}``
with ``start``/``end`` Python string offsets into ``text`` (end exclusive); ``lat``/``lon`` may be absent.

Figures:
- toponym recall: gold toponyms (of the types in ``TOPONYM_TYPES``) that one of our places overlaps;
  also per gold type, and without adjectival modifiers ("French" in "French engineer"), which the
  geoparser leaves to the actor dictionary's demonyms by design;
- toponym precision: our places that overlap a gold toponym (a place overlapping only an annotation
  of another type, or none, counts against us; how many overlap no annotation at all is reported too);
- for matched toponyms with gold coordinates: accuracy within 25 km and 161 km (100 miles, the usual
  geoparsing threshold), mean and median error in km (haversine), and country accuracy: the gold point
  reverse-geocoded to a country with the gazetteer (nearest city) against our place's country (or our
  point's, for a region no state holds).

Event-place figures (when the coder's parts are given, the events of each article are coded from the same
parse): for every coded event that has a place, the gold toponym it is judged against is the one its place
span overlaps most; when its span overlaps no located gold toponym (the place came from a mention the
annotators left out, or from a dateline), the nearest located gold toponym *of the same sentence*, else of
the article. Within 25 km / 161 km compare the event's point with that toponym's; country compares the
event place's country with the toponym's reverse-geocoded country. An event place without coordinates
counts as a miss for the distances and is judged on its country only. Events in articles with no located
gold toponym are not judged.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyads.codebook.gazetteer import Gazetteer, haversine_km
from dyads.evaluate import gold_records
from dyads.model import Article, Event
from dyads.pipeline.geoparse import ResolvedPlace, geoparse

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from dyads.pipeline.assemble import CoderParts

__all__ = ["TOPONYM_TYPES", "GeoGold", "GoldToponym", "evaluate_geo_file", "read_geo_gold"]

TOPONYM_TYPES = frozenset(
    {
        "Literal",
        "Metonymic",
        "Mixed",
        "Coercion",
        "Literal_Modifier",
        "Non_Literal_Modifier",
        "Embedded_Literal",
        "Embedded_Non_Lit",
    }
)
"""GeoWebNews' toponym types (named places, literal or not); expressions ("the area"), demonyms,
languages, homonyms and non-toponyms are not toponyms. A record without ``type`` counts as a toponym."""


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    text: str
    type: str | None
    lat: float | None
    lon: float | None
    adjective: bool


@dataclass(frozen=True, slots=True)
class GeoGold:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _geo_record(d: dict[str, Any]) -> GeoGold:
    text = str(d["text"])
    tops = []
    for t in d["toponyms"]:
        start, end = int(t["start"]), int(t["end"])
        if not 0 <= start < end <= len(text):
            raise ValueError(f"toponym offsets {start}..{end} outside the text")
        lat, lon = t.get("lat"), t.get("lon")
        located = lat is not None and lon is not None
        tops.append(
            GoldToponym(
                start=start,
                end=end,
                text=str(t.get("text", text[start:end])),
                type=t.get("type"),
                lat=float(lat) if located else None,
                lon=float(lon) if located else None,
                adjective=t.get("modifier_type") == "Adjective",
            )
        )
    return GeoGold(id=str(d["id"]), text=text, toponyms=tuple(tops))


def read_geo_gold(path: Path) -> Iterator[GeoGold]:
    """The records of a toponym gold file; a malformed line raises :class:`GoldFormatError` (E303)."""
    return gold_records(path, _geo_record, "toponym gold record")


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _best_match(t: GoldToponym, ours: Sequence[ResolvedPlace]) -> ResolvedPlace | None:
    """Our place overlapping the gold span most (by Jaccard, so "Pyongyang" beats the facility phrase
    around it)."""
    best: ResolvedPlace | None = None
    best_score = 0.0
    for r in ours:
        ov = _overlap(t.start, t.end, r.start_char, r.end_char)
        if ov:
            score = ov / (max(t.end, r.end_char) - min(t.start, r.start_char))
            if score > best_score:
                best, best_score = r, score
    return best


@dataclass
class _EventPlaceScore:
    """Counters for the event-place figures (module docstring)."""

    events: int = 0
    judged: int = 0
    with_point: int = 0
    within25: int = 0
    within161: int = 0
    country_ok: int = 0
    country_n: int = 0

    def add(self, ev: Event, located: Sequence[GoldToponym], gazetteer: Gazetteer) -> None:
        place = ev.place
        if place is None:
            return
        self.events += 1
        ref = _reference_toponym(ev, located)
        if ref is None:
            return
        assert ref.lat is not None and ref.lon is not None
        self.judged += 1
        if place.lat is not None and place.lon is not None:
            self.with_point += 1
            d = haversine_km(ref.lat, ref.lon, place.lat, place.lon)
            self.within25 += d <= 25
            self.within161 += d <= 161
        gold_country = gazetteer.country_at(ref.lat, ref.lon)
        if gold_country is not None:
            self.country_n += 1
            ours = place.country
            if ours is None and place.lat is not None and place.lon is not None:
                ours = gazetteer.country_at(place.lat, place.lon)
            self.country_ok += ours == gold_country

    def report(self) -> dict[str, Any]:
        return {
            "event_places": self.events,
            "event_places_judged": self.judged,
            "event_place_25km": _ratio(self.within25, self.judged),
            "event_place_161km": _ratio(self.within161, self.judged),
            "event_place_country": _ratio(self.country_ok, self.country_n),
        }


def _reference_toponym(ev: Event, located: Sequence[GoldToponym]) -> GoldToponym | None:
    """The located gold toponym an event's place is judged against (module docstring)."""
    if not located:
        return None
    span = ev.evidence.place
    if span is not None:
        best, best_ov = None, 0
        for t in located:
            ov = _overlap(t.start, t.end, span[0], span[1])
            if ov > best_ov:
                best, best_ov = t, ov
        if best is not None:
            return best
    place = ev.place
    assert place is not None
    same_sentence = [t for t in located if ev.evidence.start <= t.start and t.end <= ev.evidence.end]
    pool = same_sentence or located
    if place.lat is None or place.lon is None:
        return pool[0]
    lat, lon = place.lat, place.lon
    return min(pool, key=lambda t: haversine_km(lat, lon, t.lat or 0.0, t.lon or 0.0))


def _events(doc: Doc, rec: GeoGold, parts: CoderParts) -> list[Event]:
    from dyads.pipeline.assemble import code_doc

    return code_doc(doc, Article(id=rec.id, text=rec.text, published=None), parts)


def _ratio(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def evaluate_geo_file(
    nlp: Language,
    gazetteer: Gazetteer,
    path: Path | str,
    *,
    prefer: Sequence[str] = (),
    toponym_types: frozenset[str] = TOPONYM_TYPES,
    batch_size: int = 16,
    limit: int | None = None,
    parts: CoderParts | None = None,
) -> dict[str, Any]:
    """Geoparse every article of a toponym gold file and score it (see the module docstring); with the
    coder's ``parts``, also code its events and score their places."""
    records = list(read_geo_gold(Path(path)))
    if limit is not None:
        records = records[:limit]

    def is_toponym(t: GoldToponym) -> bool:
        return t.type is None or t.type in toponym_types

    n_gold = n_found = n_gold_nominal = n_found_nominal = 0
    n_pred = n_pred_ok = n_pred_unannotated = 0
    by_type: Counter[str] = Counter()
    by_type_found: Counter[str] = Counter()
    errors: list[float] = []
    within25 = within161 = 0
    country_ok = country_n = 0
    far_by_kind: Counter[str] = Counter()
    matched_by_kind: Counter[str] = Counter()
    parse_s = geo_s = 0.0
    event_places = _EventPlaceScore()

    t0 = time.perf_counter()
    docs = nlp.pipe((r.text for r in records), batch_size=batch_size)
    for rec in records:
        doc = next(docs)
        t1 = time.perf_counter()
        parse_s += t1 - t0
        ours = geoparse(doc, gazetteer, prefer)
        t0 = time.perf_counter()
        geo_s += t0 - t1

        tops = [t for t in rec.toponyms if is_toponym(t)]
        if parts is not None:
            located = [t for t in tops if t.lat is not None and t.lon is not None]
            for ev in _events(doc, rec, parts):
                event_places.add(ev, located, gazetteer)
            t0 = time.perf_counter()
        for r in ours:
            n_pred += 1
            hits = [t for t in rec.toponyms if _overlap(t.start, t.end, r.start_char, r.end_char)]
            if any(is_toponym(t) for t in hits):
                n_pred_ok += 1
            elif not hits:
                n_pred_unannotated += 1
        for t in tops:
            kind = t.type or "untyped"
            n_gold += 1
            by_type[kind] += 1
            if not t.adjective:
                n_gold_nominal += 1
            m = _best_match(t, ours)
            if m is None:
                continue
            n_found += 1
            by_type_found[kind] += 1
            if not t.adjective:
                n_found_nominal += 1
            if t.lat is None or t.lon is None or m.place.lat is None or m.place.lon is None:
                continue
            d = haversine_km(t.lat, t.lon, m.place.lat, m.place.lon)
            errors.append(d)
            within25 += d <= 25
            within161 += d <= 161
            matched_by_kind[m.place.precision] += 1
            if d > 161:
                far_by_kind[m.place.precision] += 1
            gold_country = gazetteer.country_at(t.lat, t.lon)
            if gold_country is not None:
                country_n += 1
                ours_country = m.place.country or gazetteer.country_at(m.place.lat, m.place.lon)
                country_ok += ours_country == gold_country

    n_err = len(errors)
    out: dict[str, Any] = {
        "articles": len(records),
        "gold_toponyms": n_gold,
        "predicted": n_pred,
        "recall": _ratio(n_found, n_gold),
        "recall_without_adjectives": _ratio(n_found_nominal, n_gold_nominal),
        "precision": _ratio(n_pred_ok, n_pred),
        "predicted_unannotated": n_pred_unannotated,
        "recall_by_type": {k: _ratio(by_type_found[k], v) for k, v in sorted(by_type.items())},
        "matched_with_coordinates": n_err,
        "accuracy_25km": _ratio(within25, n_err),
        "accuracy_161km": _ratio(within161, n_err),
        "country_accuracy": _ratio(country_ok, country_n),
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "beyond_161km_by_precision": {k: f"{far_by_kind[k]}/{v}" for k, v in sorted(matched_by_kind.items())},
        "parse_seconds": round(parse_s, 2),
        "geoparse_seconds": round(geo_s, 3),
    }
    if parts is not None:
        out.update(event_places.report())
    return out
