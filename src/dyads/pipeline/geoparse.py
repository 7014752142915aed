"""Place names in a parsed article → :class:`~dyads.model.Place` values with coordinates.

Every GPE, LOC and FAC entity the gazetteer knows becomes a :class:`ResolvedPlace` (character offsets into
the article, the words, the place). The small English model's known slips are repaired first:

* a possessive inside the span ("China's", "China’s") and a leading "the" are cut off;
* a span broken by parentheses is split into its parts ("Tehran (Iran"), and a name the model missed
  right before a parenthesised place ("Kyiv (Ukraine)") is tried in that place's country;
* a person's title glued to a place ("Seoul Mayor", "Texas Governor") is cut off;
* a place tagged PERSON or ORG ("held in Bogotá", "officials in Kiev") is kept when a locative
  preposition comes before it, when it is coordinated with a place ("Bogotá and Medellín"), or when a
  state or country follows it after a comma;
* a facility — a FAC span, or a PERSON/ORG span ending in Square, Street, Avenue, Airport, Bridge, Palace,
  Stadium, Hall, … ("Kim Il Sung Square") — followed by "in X" or ", X" gives X's coordinates with
  precision ``point`` and the whole phrase as its text ("Kim Il Sung Square in Pyongyang"); X itself is
  also returned, with its own precision (``city``). A facility alone has no coordinates and is skipped,
  unless the gazetteer knows it as a landmark of a city ("the Kremlin" → Moscow, precision ``point``);
* a wire dateline in capitals ("NAIROBI (Wire) -"), which the model often leaves untagged, is read, at
  the start of the article or after a byline or at a paragraph start ("... Press.  TORONTO — ");
* a state or country after a comma that the model missed ("Springfield, Ill.") is read, and so is a
  country or state inside an organisation's name ("the Heart Foundation of Kenya").

Finding the names is :mod:`dyads.pipeline.place_names`; this module chooses the place each one means.

Ambiguous names are resolved with the gazetteer's preferences: the caller's countries (the article's
source, the actors) first, then the countries the article's unambiguous place names point to, most
frequent first (:func:`prefer_countries`). A "City, State" or "City, Country" pair ("Paris, Texas")
resolves the city inside that state or country; a state the article names elsewhere makes its towns win
("Paris" in a story that names Texas), but a small town of a preferred country never displaces a major
city, a state or a country on preference alone (see ``_choose``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.gazetteer import Gazetteer, GeoEntry
from dyads.model import Place
from dyads.pipeline.place_names import QUALIFIER_KINDS, Finder, Mention, chars

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ResolvedPlace", "geoparse", "place_from_entry", "prefer_countries"]


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A place named in the article: ``[start_char, end_char)`` are offsets into the article text."""

    start_char: int
    end_char: int
    text: str
    place: Place


def place_from_entry(text: str, entry: GeoEntry, precision: str | None = None) -> Place:
    """The event record's place for a gazetteer entry named by ``text`` in the article."""
    return Place(
        text=text,
        name=entry.name,
        country=entry.country,
        admin1=entry.admin1 if entry.kind in ("city", "admin1") else None,
        lat=entry.lat,
        lon=entry.lon,
        geonameid=entry.geonameid,
        precision=precision or entry.kind,
    )


def prefer_countries(countries: Iterable[str | None]) -> list[str]:
    """The article's preferred countries from the countries of the places found in it: most frequent
    first, ties in order of first mention; None (regions no state holds) is ignored."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, c in enumerate(countries):
        if c:
            counts[c] += 1
            first.setdefault(c, i)
    return sorted(counts, key=lambda c: (-counts[c], first[c]))


# ---------------------------------------------------------------------------------------------- resolve


def _in(entry: GeoEntry, qual: GeoEntry) -> bool:
    if entry is qual or entry.country is None or entry.country != qual.country:
        return False
    return qual.kind == "country" or entry.admin1 == qual.name


def _sure(gazetteer: Gazetteer, cands: Sequence[GeoEntry]) -> GeoEntry | None:
    """The place a name means whatever the article: all its places in one country, or one country,
    state, region or major city among small towns ("Dallas", not "Georgia" or "Washington")."""
    if not cands:
        return None
    top = cands[0]
    if len({c.country for c in cands}) == 1:
        return top
    if (top.kind != "city" or gazetteer.is_major(top)) and not any(
        c.kind != "city" or gazetteer.is_major(c) for c in cands[1:]
    ):
        return top
    return None


def _choose(
    gazetteer: Gazetteer, m: Mention, pref: Sequence[str], local: set[str], named: set[str]
) -> GeoEntry | None:
    """The place an ambiguous name means in this article.

    A city in a state the article names elsewhere wins ("Paris" in a story that also names Texas); a
    state the article only implies through its cities ("Dallas") is enough against small towns, not
    against a major city, a state or a country ("Washington" in a story naming London stays the US
    capital). Otherwise the gazetteer's order with the preferred countries, except that a small town in
    a preferred country does not displace a major city, a state or a country ("London" in an American
    story about Britain stays London, England)."""
    default = m.cands[0]
    chosen = gazetteer.lookup(m.name, pref) or default
    big = default.kind != "city" or gazetteer.is_major(default)

    def in_local(c: GeoEntry) -> bool:
        return c.kind == "city" and c.admin1 in local and (not big or c.admin1 in named)

    if local:
        if in_local(chosen):
            return chosen
        here = next((c for c in m.cands if in_local(c)), None)
        if here is not None:
            return here  # candidates are in the default order: the largest such city
    if chosen is not default and chosen.kind == "city" and not gazetteer.is_major(chosen) and big:
        return default
    return chosen


def geoparse(doc: Doc, gazetteer: Gazetteer, prefer: Sequence[str] = ()) -> list[ResolvedPlace]:
    """Every place named in ``doc`` that the gazetteer knows, in text order (a facility phrase comes
    before the city inside it). ``prefer``: ISO3 countries to favour for ambiguous names, most relevant
    first (the article's source country, the actors' countries)."""
    finder = Finder(doc, gazetteer)
    finder.collect()
    ms = finder.mentions
    text = finder.text
    for m in ms:
        s, e = chars(doc, m.start, m.end)
        m.name = text[s:e]
        m.cands = gazetteer.candidates(m.name)

    # a qualifier that is a state or country fixes the place it qualifies ("Paris, Texas")
    for m in ms:
        if m.qualifier is None or not m.cands:
            continue
        q = ms[m.qualifier]
        qual = next((c for c in q.cands if c.kind in QUALIFIER_KINDS), None)
        if qual is None:
            continue
        inside = [c for c in m.cands if _in(c, qual)]
        if inside:
            m.entry = inside[0]
            q.entry = qual

    # the article's countries and states: those its unambiguous names point to
    votes: list[str | None] = []
    local: Counter[str] = Counter()  # admin1 names the article's places are in
    named: Counter[str] = Counter()  # admin1 names the article names
    own: dict[int, str] = {}  # mention → the admin1 it vouches for itself
    for i, m in enumerate(ms):
        if m.point:
            continue
        sure = m.entry or _sure(gazetteer, m.cands)
        if sure is not None:
            votes.append(sure.country)
            if sure.kind in ("city", "admin1") and sure.admin1:
                local[sure.admin1] += 1
                named[sure.admin1] += sure.kind == "admin1"
                own[i] = sure.admin1
    pref = list(dict.fromkeys([*prefer, *prefer_countries(votes)]))

    for i, m in enumerate(ms):
        if m.entry is not None or not m.cands or m.point:
            continue
        if m.country_only is not None:
            m.entry = next((c for c in m.cands if c.country == m.country_only), None)
        else:
            mine = own.get(i)  # a name is no evidence for itself
            others = {a for a, n in local.items() if n > (a == mine)}
            named_others = {a for a, n in named.items() if n > (a == mine)}
            m.entry = _choose(gazetteer, m, pref, others, named_others)
    by_tokens = {(m.start, m.end): m.entry for m in ms if not m.point}

    out: list[ResolvedPlace] = []
    for m in ms:
        entry = by_tokens.get((m.start, m.end)) if m.point else m.entry
        if entry is None:
            continue
        if not m.point and m.start > 0 and doc[m.start - 1].lower_ == "the" and entry.name[:4] == "The ":
            m.start_char = doc[m.start - 1].idx  # "The Hague": the article is part of the name
        words = text[m.start_char : m.end_char]
        point = m.point or (m.facility and entry.kind == "city")
        place = place_from_entry(words, entry, "point" if point else None)
        out.append(ResolvedPlace(m.start_char, m.end_char, words, place))
    return out
