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
* a wire dateline in capitals ("NAIROBI (Wire) -"), which the model often leaves untagged, is read;
* a state or country after a comma that the model missed ("Springfield, Ill.") is read.

Ambiguous names are resolved with the gazetteer's preferences: the caller's countries (the article's
source, the actors) first, then the countries the article's unambiguous place names point to, most
frequent first (:func:`prefer_countries`). A "City, State" or "City, Country" pair ("Paris, Texas")
resolves the city inside that state or country; a state the article names elsewhere makes its towns win
("Paris" in a story that names Texas), but a small town of a preferred country never displaces a major
city, a state or a country on preference alone (see ``_choose``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.gazetteer import Gazetteer, GeoEntry
from dyads.model import Place

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["ResolvedPlace", "geoparse", "place_from_entry", "prefer_countries"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
SLIP_LABELS = frozenset({"PERSON", "ORG"})
FACILITY_WORDS = _words(
    "square street avenue boulevard road airport airbase bridge palace stadium hall plaza tower "
    "building embassy mosque cathedral church temple hotel hospital university prison base port "
    "harbor harbour market bazaar camp"
)
LOCATIVE_WORDS = _words(
    "in at near outside inside from to into across around toward towards throughout through via "
    "within visited visit visiting"
)
TITLE_WORDS = _words(
    "president vice prime minister premier chancellor mayor governor gov gov. leader king queen "
    "prince emperor senator sen sen. rep rep. secretary ambassador envoy spokesman spokeswoman "
    "spokesperson foreign defense defence interior attorney general gen gen. commander chief mr mr. "
    "ms ms. mrs mrs. dr dr."
)
_DROP_LEADING = frozenset({"the", "(", ")", "[", "]", '"', "'", "“", "”", "‘", "’", "-", "—", "–"})
_POSSESSIVES = ("'s", "’s", "'", "’")
_DIRECTIONS = _words(
    "north south east west northern southern eastern western central northeastern northwestern "
    "southeastern southwestern northeast northwest southeast southwest greater downtown upstate rural "
    "coastal"
)
_QUALIFIER_KINDS = frozenset({"admin1", "country"})
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][\w.' ]{1,40}?))?\s*(?=[,:(]|\s[-\u2013\u2014])"
)


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """A place named in the article: ``[start_char, end_char)`` are offsets into the article text."""

    start_char: int
    end_char: int
    text: str
    place: Place


@dataclass(slots=True)
class _Mention:
    start: int  # token range of the name to look up
    end: int
    start_char: int  # character range of the text the result covers
    end_char: int
    point: bool = False  # a facility phrase: the result is the container's place, precision point
    facility: bool = False  # a FAC entity the gazetteer knows ("the Kremlin"): a city gives a point
    qualifier: int | None = None  # index of the mention ", X" after this one ("Paris, Texas")
    country_only: str | None = None  # only a place in this country will do ("Kyiv (Ukraine)")
    name: str = ""
    cands: tuple[GeoEntry, ...] = ()
    entry: GeoEntry | None = None


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


# ---------------------------------------------------------------------------------------------- spans


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without a leading "the"/quote/bracket and trailing possessive/punctuation."""
    while start < end and (doc[start].lower_ in _DROP_LEADING or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in _POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    return start, end


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character range of tokens [start, end), a possessive glued to the last token cut off."""
    s = doc[start].idx
    last = doc[end - 1]
    e = last.idx + len(last.text)
    for p in ("'s", "’s"):
        if last.text.endswith(p) and len(last.text) > len(p):
            e -= len(p)
            break
    return s, e


def _parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A span split at brackets ("Tehran (Iran" → "Tehran", "Iran"), each part trimmed."""
    out: list[tuple[int, int]] = []
    s = start
    for i in range(start, end + 1):
        if i == end or doc[i].text in ("(", ")", "[", "]"):
            a, b = _trim(doc, s, i)
            if a < b:
                out.append((a, b))
            s = i + 1
    return out


def _strip_titles(doc: Doc, start: int, end: int, leading: bool = True) -> tuple[int, int]:
    """Without the title words after the place ("Seoul Mayor") and, if ``leading``, before it."""
    while end > start and doc[end - 1].lower_ in TITLE_WORDS:
        end -= 1
    while leading and start < end and doc[start].lower_ in TITLE_WORDS:
        start += 1
    return start, end


class _Finder:
    """Collects the mentions of one doc; the gazetteer only answers "is this a place name?"."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.mentions: list[_Mention] = []
        self.taken: set[int] = set()  # tokens already inside a mention's name
        self.text = doc.text  # spaCy joins the tokens anew on every access of doc.text and doc.ents
        self.ents = list(doc.ents)
        self.ent_starting = {e.start: e for e in self.ents}

    def known(self, start: int, end: int) -> tuple[GeoEntry, ...]:
        if start >= end:
            return ()
        s, e = _chars(self.doc, start, end)
        return self.gaz.candidates(self.text[s:e])

    def add(self, start: int, end: int, **kw: object) -> _Mention | None:
        if start >= end or any(i in self.taken for i in range(start, end)):
            return None
        s, e = _chars(self.doc, start, end)
        m = _Mention(start, end, s, e)
        for k, v in kw.items():
            setattr(m, k, v)
        self.mentions.append(m)
        self.taken.update(range(start, end))
        return m

    def place_name(self, start: int, end: int, leading_titles: bool = True) -> tuple[int, int] | None:
        """The token range of a place name inside [start, end), after the known slips are repaired."""
        start, end = _trim(self.doc, start, end)
        if self.known(start, end):
            return start, end
        s2, e2 = _strip_titles(self.doc, start, end, leading_titles)
        s2, e2 = _trim(self.doc, s2, e2)
        if (s2, e2) != (start, end) and self.known(s2, e2):
            return s2, e2
        if end - start >= 2 and self.doc[start].lower_ in _DIRECTIONS and self.known(start + 1, end):
            return start + 1, end
        return None

    def container_after(self, end: int) -> tuple[int, int] | None:
        """ "in X" / ", X" right after token ``end``: the token range of X if it is a known place."""
        doc = self.doc
        if end >= len(doc) or doc[end].lower_ not in ("in", ",", "at", "near"):
            return None
        j = end + 1
        ent = self.ent_starting.get(j)
        if ent is None and j < len(doc) and doc[j].lower_ == "the":
            ent = self.ent_starting.get(j + 1)
        if ent is None or ent.label_ not in PLACE_LABELS | SLIP_LABELS:
            return None
        return self.place_name(ent.start, ent.end)

    def facility(self, start: int, end: int) -> bool:
        """A facility phrase [start, end) followed by its container: one point mention (and the
        container's own mention)."""
        doc = self.doc
        # "the Great Hall of the People in Beijing": the container inside the span
        for k in range(end - 2, start, -1):
            if doc[k].lower_ == "in":
                inner = self.place_name(k + 1, end)
                a, b = _trim(doc, start, end)
                if inner is not None and a < inner[0]:
                    self._point(a, b, inner)
                    return True
                break
        cont = self.container_after(end)
        a, b = _trim(doc, start, end)
        if cont is None or a >= b:
            return False
        self._point(a, cont[1], cont)
        return True

    def _point(self, start: int, end: int, container: tuple[int, int]) -> None:
        s, _ = _chars(self.doc, start, end)
        _, e = _chars(self.doc, container[0], container[1])
        m = _Mention(container[0], container[1], s, e, point=True)
        self.mentions.append(m)
        self.add(container[0], container[1])

    def slip_accepted(self, label: str, rng: tuple[int, int], whole: tuple[int, int]) -> bool:
        """Whether a PERSON/ORG span whose words [rng] are a place name is that place.

        An acronym must be a country, state or region ("UAE", not "OAS" the Philippine town); a place
        with its official after it ("Seoul Mayor") is the place; so is an ORG that is exactly the name of
        a country, state, region or major city (the model's usual slip for "Washington said"), and a
        PERSON of several words that is a country, state or region ("Tamil Nadu"); any other name needs
        a locative context (:meth:`slip_is_place`)."""
        doc = self.doc
        cands = self.known(*rng)
        if not cands:
            return False
        top = cands[0]
        big_area = top.kind in ("country", "admin1", "region")
        s, e = _chars(doc, *rng)
        words = self.text[s:e]
        if words.replace(".", "").replace("&", "").isupper() and len(words) <= 5 and not big_area:
            return False
        if rng[1] < whole[1]:
            return True
        if label == "ORG" and (big_area or self.gaz.is_major(top)):
            return True
        if label == "PERSON" and big_area and rng[1] - rng[0] >= 2:
            return True
        return self.slip_is_place(*rng)

    def slip_is_place(self, start: int, end: int) -> bool:
        """A PERSON/ORG span that is a place by its context."""
        doc = self.doc
        prev = start - 1
        if prev >= 0 and doc[prev].lower_ == "the":
            prev -= 1
        if prev >= 0 and doc[prev].lower_ in LOCATIVE_WORDS:
            return True
        if any(t.ent_type_ in ("GPE", "LOC") for t in doc[start:end].root.conjuncts):
            return True
        return end < len(doc) and doc[end].text == "," and self.container_after(end) is not None

    def collect(self) -> None:
        doc = self.doc
        for ent in self.ents:
            label = ent.label_
            if label not in PLACE_LABELS and label not in SLIP_LABELS:
                continue
            if any(i in self.taken for i in range(ent.start, ent.end)):
                continue
            last = doc[ent.end - 1].lower_
            if label == "FAC" or (label in ("PERSON", "ORG") and last in FACILITY_WORDS):
                if self.facility(ent.start, ent.end):
                    continue
                if label != "FAC":
                    continue
            slip = label in SLIP_LABELS
            for a, b in _parts(doc, ent.start, ent.end):
                # a person's title before a name makes it a person ("President Jordan"), after a place
                # it is the place's official ("Seoul Mayor")
                rng = self.place_name(a, b, leading_titles=not slip)
                if rng is None or (slip and not self.slip_accepted(label, rng, _trim(doc, a, b))):
                    continue
                self.add(*rng, facility=label == "FAC")
        self._dateline()
        self._missed_before_brackets()
        self._missed_qualifiers()
        self.mentions.sort(key=lambda m: (m.start_char, -m.end_char))
        self._qualifiers()

    def _dateline(self) -> None:
        """ "WASHINGTON (Wire) —", "SPRINGFIELD, Ill. —": the place of a wire dateline, which the model
        often leaves untagged because it is in capitals."""
        doc = self.doc
        m = _DATELINE.match(self.text[:200])
        if m is None:
            return
        span = doc.char_span(m.start("city"), m.end("city"), alignment_mode="contract")
        if span is None or len(span) == 0:
            return
        cands = self.known(span.start, span.end)
        if not cands:
            return
        top = cands[0]
        region = m.group("region")
        if region is None and not (top.kind in ("country", "admin1") or self.gaz.is_major(top)):
            return
        self.add(span.start, span.end)
        if region is not None:
            rspan = doc.char_span(m.start("region"), m.end("region"), alignment_mode="contract")
            if rspan is not None and len(rspan) > 0:
                rng = _trim(doc, rspan.start, rspan.end)
                if self.known(*rng):
                    self.add(*rng)

    def _missed_qualifiers(self) -> None:
        """ "Springfield, Ill.": a state or country after a comma that the model left untagged."""
        doc = self.doc
        for m in list(self.mentions):
            j = m.end
            if m.point or j + 1 >= len(doc) or doc[j].text != ",":
                continue
            j += 1
            if j in self.taken or not doc[j].text[:1].isupper():
                continue
            for k in (3, 2, 1):
                end = min(j + k, len(doc))
                rng = _trim(doc, j, end)
                if rng[0] != j or rng[0] >= rng[1]:
                    continue
                cands = self.known(*rng)
                if cands and cands[0].kind in _QUALIFIER_KINDS:
                    self.add(*rng)
                    break

    def _missed_before_brackets(self) -> None:
        """ "Kyiv (Ukraine)": capitalised words the model left untagged before a bracketed place."""
        doc = self.doc
        for m in list(self.mentions):
            o = m.start - 1
            if m.point or o < 1 or doc[o].text != "(" or m.end >= len(doc) or doc[m.end].text != ")":
                continue
            b = o
            a = b
            while a > 0 and doc[a - 1].is_title and not doc[a - 1].ent_type_ and b - a < 4:
                a -= 1
            if a < b and self.known(a, b):
                cands = self.known(m.start, m.end)
                if cands and cands[0].country:
                    self.add(a, b, country_only=cands[0].country)

    def _qualifiers(self) -> None:
        """ "Paris, Texas": the mention right after a comma qualifies the one before it."""
        doc = self.doc
        ms = self.mentions
        for i in range(len(ms) - 1):
            m, n = ms[i], ms[i + 1]
            if m.point or n.point:
                continue
            if n.start == m.end + 1 and doc[m.end].text == ",":
                m.qualifier = i + 1


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
    gazetteer: Gazetteer, m: _Mention, pref: Sequence[str], local: set[str], named: set[str]
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
    finder = _Finder(doc, gazetteer)
    finder.collect()
    ms = finder.mentions
    text = finder.text
    for m in ms:
        s, e = _chars(doc, m.start, m.end)
        m.name = text[s:e]
        m.cands = gazetteer.candidates(m.name)

    # a qualifier that is a state or country fixes the place it qualifies ("Paris, Texas")
    for m in ms:
        if m.qualifier is None or not m.cands:
            continue
        q = ms[m.qualifier]
        qual = next((c for c in q.cands if c.kind in _QUALIFIER_KINDS), None)
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
