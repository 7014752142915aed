"""Finding the place names of a parsed article: the spans :func:`dyads.pipeline.geoparse.geoparse` looks up.

Every GPE, LOC and FAC entity is a candidate; the small English model's known slips are repaired here (the
list is in :mod:`dyads.pipeline.geoparse`'s docstring): possessives and a leading "the" cut off, spans broken
by parentheses split, titles glued to a place cut off, places tagged PERSON or ORG kept by their context,
facility phrases turned into points of their container, wire datelines in capitals (at the start of the
article, or after a byline or at a paragraph start), a state or country after a comma the model missed, and a
country or state named inside an organisation's name ("the Heart Foundation of Kenya"). The result is a
list of :class:`Mention` token ranges; choosing the gazetteer entry for each is geoparse's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.gazetteer import Gazetteer, GeoEntry

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["QUALIFIER_KINDS", "Finder", "Mention", "chars", "is_named"]


def is_named(text: str) -> bool:
    """A place's name has a capital somewhere: "off its east coast" or "the north", tagged as places by the
    model, are descriptions."""
    return any(ch.isupper() for ch in text)


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
QUALIFIER_KINDS = frozenset({"admin1", "country"})
DATELINE_POPULATION = 100_000
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][\w.' ]{1,40}?))?\s*(?=[,:(]|\s[-\u2013\u2014])"
)

_INNER_DATELINE = re.compile(
    r"(?:\n|[.!?]\s{1,2})\s*(?P<city>[A-Z]{3,}(?: [A-Z]{2,}){0,2})"
    r"(?:,\s*(?P<region>[A-Z][\w.']{1,20}(?: [A-Z][\w.']{1,20})?))?"
    r"\s*(?:\([\w .]{1,20}\)\s*[-\u2013\u2014]?|[-\u2013\u2014])\s"
)


@dataclass(slots=True)
class Mention:
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


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without a leading "the"/quote/bracket and trailing possessive/punctuation."""
    while start < end and (doc[start].lower_ in _DROP_LEADING or doc[start].is_space):
        start += 1
    while end > start and (
        doc[end - 1].lower_ in _POSSESSIVES or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    return start, end


def chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
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


class Finder:
    """Collects the mentions of one doc; the gazetteer only answers "is this a place name?"."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.gaz = gazetteer
        self.mentions: list[Mention] = []
        self.taken: set[int] = set()  # tokens already inside a mention's name
        self.text = doc.text  # spaCy joins the tokens anew on every access of doc.text and doc.ents
        self.ents = list(doc.ents)
        self.ent_starting = {e.start: e for e in self.ents}

    def known(self, start: int, end: int) -> tuple[GeoEntry, ...]:
        if start >= end:
            return ()
        s, e = chars(self.doc, start, end)
        return self.gaz.candidates(self.text[s:e])

    def add(self, start: int, end: int, **kw: object) -> Mention | None:
        if start >= end or any(i in self.taken for i in range(start, end)):
            return None
        s, e = chars(self.doc, start, end)
        m = Mention(start, end, s, e)
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
        s, _ = chars(self.doc, start, end)
        _, e = chars(self.doc, container[0], container[1])
        m = Mention(container[0], container[1], s, e, point=True)
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
        s, e = chars(doc, *rng)
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
            if not is_named(ent.text):
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
        self._inner_datelines()
        self._inside_organisations()
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
        region = m.group("region")
        if region is None and not self._dateline_city(cands[0]):
            return
        self.add(span.start, span.end)
        if region is not None:
            rspan = doc.char_span(m.start("region"), m.end("region"), alignment_mode="contract")
            if rspan is not None and len(rspan) > 0:
                rng = _trim(doc, rspan.start, rspan.end)
                if self.known(*rng):
                    self.add(*rng)

    def _dateline_city(self, top: GeoEntry) -> bool:
        """A name in capitals before a dash is a dateline's city when it is a country, a state or a city
        of 100,000 people (a wire service datelines smaller places with their state: "IMMOKALEE, Fla.")."""
        return top.kind in ("country", "admin1") or top.population >= DATELINE_POPULATION

    def _inner_datelines(self) -> None:
        """ "... The Canadian Press.  TORONTO — The family ...": a dateline in capitals after a byline or
        at a paragraph start; the model rarely tags it."""
        doc = self.doc
        for m in _INNER_DATELINE.finditer(self.text, 1):
            span = doc.char_span(m.start("city"), m.end("city"), alignment_mode="contract")
            if span is None or len(span) == 0 or not self.known(span.start, span.end):
                continue
            if m.group("region") is None and not self._dateline_city(self.known(span.start, span.end)[0]):
                continue
            self.add(span.start, span.end)

    def _inside_organisations(self) -> None:
        """ "the Kidney Foundation of Canada", "Japan's Ministry of Agriculture": a country or state named
        inside an organisation's name (the organisation itself is no place)."""
        doc = self.doc
        for ent in self.ents:
            if ent.label_ != "ORG" or any(i in self.taken for i in range(ent.start, ent.end)):
                continue
            ranges = []
            of = [k for k in range(ent.start + 1, ent.end - 1) if doc[k].lower_ == "of"]
            if of:
                ranges.append((of[-1] + 1, ent.end))
            poss = next((k for k in range(ent.start + 1, ent.end) if doc[k].text in _POSSESSIVES), None)
            if poss is not None:
                ranges.append((ent.start, poss))
            for a, b in ranges:
                rng = _trim(doc, a, b)
                cands = self.known(*rng)
                if cands and cands[0].kind in QUALIFIER_KINDS and rng[1] - rng[0] <= 3:
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
                if cands and cands[0].kind in QUALIFIER_KINDS:
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
