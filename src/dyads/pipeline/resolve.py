"""Mentions → actors, places and dates, for one parsed sentence.

The actor dictionary works on plain phrase strings; this module cuts the right phrase out of the parse
(the noun phrase of a subject or object, without its relative clauses or coordinated siblings) and maps the
dictionary's match back to character offsets in the article. Pronoun subjects of a reported clause ("Russia
said it would respond") are the speaker: the one coreference rule that needs no other sentence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from dyads.codebook.actor_files import word_set
from dyads.codebook.gazetteer import Gazetteer
from dyads.model import Actor, Place, Span
from dyads.pipeline.coref import CorefIndex, adopt
from dyads.pipeline.dates import ResolvedDate, resolve_date
from dyads.pipeline.geoparse import ResolvedPlace
from dyads.pipeline.place_names import is_named

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

CUT_DEPS = frozenset({"relcl", "conj", "cc", "advcl", "punct", "parataxis"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "them", "him"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "into", "over", "around", "off"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAMED_ACTOR_LABELS = frozenset({"PERSON", "ORG"})
CONTEXT_LABELS = frozenset({"GPE", "NORP", "LOC", "FAC", "ORG", "PERSON"})
UNTIED_SECTORS = frozenset({"IGO", "NGO", "REF"})
DESCRIBING_PREFIXES = frozenset({"ethnic", "pro", "anti"})
OTHER_PARTY_WORDS = word_set(
    "backed supported funded sponsored allied aligned linked affiliated inspired based occupied "
    "controlled held administered ruled led born made"
)


class ActorMatchLike(Protocol):
    @property
    def actor(self) -> Actor: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


class ActorResolver(Protocol):
    """The seam the actor dictionary fills (``dyads.codebook.actors.ActorDictionary``)."""

    def resolve(self, phrase: str, when: dt.date | None = None) -> ActorMatchLike | None: ...
    def lookup_country(self, name: str) -> str | None: ...


@dataclass(frozen=True, slots=True)
class ResolvedActor:
    actor: Actor
    span: Span  # offsets into the article text


def phrase_bounds(tok: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``tok``, cut before relative clauses etc."""
    start = tok.left_edge.i
    end = tok.right_edge.i + 1
    for c in tok.children:
        if c.dep_ in CUT_DEPS and c.i > tok.i:
            end = min(end, c.left_edge.i)
    for c in tok.children:
        if c.dep_ in ("conj", "cc") and c.i < tok.i:
            start = max(start, c.right_edge.i + 1)
    if end - start > 14:
        start = max(start, tok.i - 7)
        end = min(end, tok.i + 7)
    end = max(end, tok.i + 1)
    return start, end


class SentenceResolver:
    """Resolves tokens of one doc to actors, caching per token (a subject is often asked for twice)."""

    def __init__(self, doc: Doc, actors: ActorResolver, when: dt.date | None, skip_before: int = 0) -> None:
        self.doc = doc
        self.skip_before = skip_before  # the dateline ("BERLIN, Aug 4 -") is where, never who
        self.actors_dict = actors
        self.when = when
        self.coref: CorefIndex | None = None  # set by ``with_coref``
        self._cache: dict[int, ResolvedActor | None] = {}
        self._base: dict[int, ResolvedActor | None] = {}
        self._sent_countries: dict[int, list[tuple[int, int, str, bool]]] = {}
        self._ents: list[SpacySpan] | None = None  # doc.ents builds its spans anew on every access
        self._ent_at: dict[int, SpacySpan] = {}

    def with_coref(self, known: Callable[[str], bool] | None = None) -> SentenceResolver:
        """Build the doc's coreference chains over this resolver's own (dictionary) answers."""
        self.coref = CorefIndex.build(self.doc, self.base_actor, known)
        return self

    def base_actor(self, i: int) -> Actor | None:
        """The dictionary's actor for the phrase headed by ``i``, without coreference."""
        if i not in self._base:
            self._base[i] = self._resolve(i)
        ra = self._base[i]
        return ra.actor if ra is not None else None

    def actor(self, i: int) -> ResolvedActor | None:
        if i in self._cache:
            return self._cache[i]
        linked = self.linked(i)
        if linked:
            res: ResolvedActor | None = linked[0]
        else:
            self.base_actor(i)
            res = self._in_context(i, self._made_by(i, self._apposed(i, self._owned(i, self._base[i]))))
        self._cache[i] = res
        return res

    def linked(self, i: int) -> list[ResolvedActor]:
        """What a pronoun, description or short name stands for ("he", "the minister", "Aoun", "the two
        countries"): the antecedent's actor under the mention's own text and span."""
        ants = self.coref.antecedents(i) if self.coref is not None else []
        if not ants:
            return []
        doc, tok = self.doc, self.doc[i]
        start, end = (i, i + 1) if tok.pos_ == "PRON" else phrase_bounds(tok)
        span = doc[start:end]
        self.base_actor(i)
        own = self._base[i]
        mention = own.actor if own is not None else None
        where = own.span if own is not None else (span.start_char, span.end_char)
        text = own.actor.text if own is not None else span.text
        return [ResolvedActor(adopt(text, a, mention), where) for a in ants]

    def _owned(self, i: int, ra: ResolvedActor | None) -> ResolvedActor | None:
        """ "its foreign ministry", "the country's president": the possessor gives a missing country."""
        if ra is None or ra.actor.country is not None or self.coref is None:
            return ra
        whose = self.coref.possessor(i)
        if len(whose) != 1 or whose[0].actor.country is None:
            return ra
        return ResolvedActor(dataclasses.replace(ra.actor, country=whose[0].actor.country), ra.span)

    def _made_by(self, i: int, ra: ResolvedActor | None) -> ResolvedActor | None:
        """ "drones launched by Russia", "rockets fired by Hezbollah": what a reduced relative's by-agent
        sent, fired or runs is that agent's, so a phrase without a country takes the agent's."""
        if ra is None or ra.actor.country is not None or ra.actor.sector in UNTIED_SECTORS:
            return ra
        tok = self.doc[i]
        # "most of the drones launched by Russia": a quantity's relative hangs on what it counts
        heads = [tok, *(o for p in tok.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj")]
        for rel in (c for h in heads for c in h.children):
            if rel.dep_ != "acl" or rel.tag_ != "VBN":
                continue
            for agent in (c for c in rel.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    owner = self.base_actor(obj.i)
                    if owner is not None and owner.country is not None:
                        return ResolvedActor(dataclasses.replace(ra.actor, country=owner.country), ra.span)
        return ra

    def _apposed(self, i: int, ra: ResolvedActor | None) -> ResolvedActor | None:
        """ "Kenzo Oshima, the UN relief coordinator", "Tomas Berg, the Swedish defence minister": a name
        the dictionary cannot place takes the state or organisation, sector and title of its apposition
        (whatever entity type the tagger gave the name)."""
        if ra is not None and (ra.actor.country is not None or ra.actor.sector in UNTIED_SECTORS):
            return ra
        tok = self.doc[i]
        appos = next((c for c in tok.children if c.dep_ == "appos" and c.i > tok.i), None)
        role = self.base_actor(appos.i) if appos is not None else None
        if appos is None or role is None or (role.country is None and role.sector != "IGO"):
            return ra
        if tok.pos_ != "PROPN":
            # "the main rebel group, the Forces for the Defence of Democracy": the apposition names it
            named = self._base[appos.i]
            if role.kind == "person" or role.name is None or named is None:
                return ra
            return named
        if role.kind != "person" and role.sector != "IGO":
            return ra  # "Ali Said, a Hamas member" is; "Ali Said, Hamas" is no apposition of a person
        start = min((c.i for c in tok.lefts if c.dep_ == "compound"), default=tok.i)
        name = self.doc[start : tok.i + 1]
        end = self.doc[appos.right_edge.i]
        actor = Actor(
            text=name.text,
            name=name.text,
            country=role.country,
            sector=role.sector,
            title=role.title if role.kind == "person" else None,
            kind="person",
        )
        return ResolvedActor(actor, (name.start_char, end.idx + len(end.text)))

    def _in_context(self, i: int, ra: ResolvedActor | None) -> ResolvedActor | None:
        """A state-tied actor the phrase leaves without a country takes the sentence's.

        "Judge Ana Ruiz opened an inquiry into Peruvian officials", "officials said Denmark would ...":
        a person or body the dictionary cannot place acts, as a rule, in the state its sentence names —
        the first country-bearing name outside the actor's own phrase (a country, demonym, capital or
        known leader). "Ethnic Kurds in Iraq" / "the Kurds of Syria" are that state's people, not the
        state of the demonym. IGOs, NGOs and refugees are tied to no state; a generic actor ("police",
        "officials") in a story with a dateline is left to the dateline's country (see assemble).
        """
        if ra is None or ra.actor.sector in UNTIED_SECTORS:
            return ra
        a = ra.actor
        tok = self.doc[i]
        if a.country is not None:
            country = self._people_of(tok, a.country)
        elif a.kind != "person" and a.name is not None and a.sector is not None:
            return ra  # an organisation the dictionary knows to be tied to no one state ("Islamic State")
        elif (a.name is None and self.skip_before > 0) or any(c.dep_ == "appos" for c in tok.children):
            return ra  # a dateline's country, or an apposition, says more than the sentence
        else:
            start, end = phrase_bounds(tok)
            first, last = self.doc[start].idx, self.doc[end - 1].idx
            # a generic actor ("officials", "the military") refers back to a state already named; a named
            # one ("Judge Ana Ruiz") may be placed by a name anywhere in its sentence
            # a bare name ("Vietnam", "Hanoi") before a nationality ("Chinese officials"), which is
            # more often another party's
            fits = [
                (norp, s, c)
                for s, e, c, norp in self._sentence_countries(tok)
                if e <= first or (s > last and a.name is not None)
            ]
            country = min(fits)[2] if fits else None
        if country is None or country == a.country:
            return ra
        return ResolvedActor(dataclasses.replace(a, country=country), ra.span)

    def _people_of(self, tok: Token, own: str) -> str | None:
        """ "ethnic Albanians (in Serbia)", "the Albanians of Serbia": the state they live in, when the
        phrase's country came from the people's own name."""
        if tok.tag_ not in ("NNPS", "NNS") or self.actors_dict.lookup_country(tok.text) != own:
            return None
        start, _end = phrase_bounds(tok)
        if any(t.lower_ == "ethnic" for t in self.doc[start : tok.i]):
            return next((c for _s, _e, c, _n in self._sentence_countries(tok) if c != own), None)
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is None:
            return None
        lo, hi = of.idx, self.doc[of.right_edge.i].idx + len(of.right_edge.text)
        return next(
            (c for s, e, c, _n in self._sentence_countries(tok) if lo <= s and e <= hi and c != own), None
        )

    def _sentence_countries(self, tok: Token) -> list[tuple[int, int, str, bool]]:
        """(start, end, ISO3, is a nationality) of the country-bearing names of ``tok``'s sentence, in
        text order."""
        sent = tok.sent
        key = sent.start
        if key not in self._sent_countries:
            found: list[tuple[int, int, str, bool]] = []
            for ent in self.entities():
                if ent.start < sent.start or ent.end > sent.end:
                    continue
                if ent.label_ not in CONTEXT_LABELS or ent.start_char < self.skip_before or _other_party(ent):
                    continue
                m = self.actors_dict.resolve(ent.text, self.when)
                if m is not None and m.actor.country is not None and m.actor.sector not in UNTIED_SECTORS:
                    found.append((ent.start_char, ent.end_char, m.actor.country, ent.label_ == "NORP"))
            self._sent_countries[key] = found
        return self._sent_countries[key]

    def entities(self) -> list[SpacySpan]:
        """The doc's entities, built once."""
        if self._ents is None:
            self._ents = list(self.doc.ents)
            self._ent_at = {i: e for e in self._ents for i in range(e.start, e.end)}
        return self._ents

    def is_actor(self, i: int) -> bool:
        return self.actor(i) is not None

    def actors(self, i: int) -> list[ResolvedActor]:
        """The actor at ``i`` and those coordinated inside its phrase ("US and British activists")."""
        linked = self.linked(i)
        if linked:
            return linked  # "the two countries": both
        first = self.actor(i)
        if first is None:
            return []
        out = [first]
        doc = self.doc
        tok = doc[i]
        _start, end = phrase_bounds(tok)
        for mod in tok.children:
            if mod.dep_ not in ("amod", "compound", "nmod") or mod.i > tok.i:
                continue
            conj = [c for c in mod.conjuncts if c.i < tok.i]
            if not conj:
                continue
            rest_start = max(c.right_edge.i for c in conj) + 1
            rest = doc[rest_start:end].text
            for c in conj:
                m = self.actors_dict.resolve(f"{c.text} {rest}", self.when)
                if m is not None and m.actor != first.actor:
                    out.append(ResolvedActor(m.actor, (c.idx, doc[end - 1].idx + len(doc[end - 1].text))))
        for prep in tok.children:
            # "the presidents of Egypt and Nigeria": one actor for each country
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                lead = doc[_start : pobj.left_edge.i].text
                for c in pobj.conjuncts:
                    m = self.actors_dict.resolve(f"{lead} {c.text}", self.when)
                    if m is not None and all(m.actor != o.actor for o in out):
                        out.append(ResolvedActor(m.actor, (c.idx, c.idx + len(c.text))))
        return out

    def _resolve(self, i: int) -> ResolvedActor | None:
        doc = self.doc
        tok = doc[i]
        if tok.lower_ in PRONOUNS or tok.idx < self.skip_before:
            return None
        start, end = phrase_bounds(tok)
        span = doc[start:end]
        base = span.start_char
        m = self.actors_dict.resolve(span.text, self.when)  # not doc.text[...]: it joins the whole doc
        if m is None:
            return self._named(tok)
        if m.actor.country is None and tok.pos_ == "PROPN" and not (m.start <= tok.idx - base < m.end):
            # "NATO-member Norway", "EU member Poland": a bloc named before the state the phrase is about
            self.entities()
            ent = self._ent_at.get(tok.i)
            name, at = (ent.text, ent.start_char) if ent is not None else (tok.text, tok.idx)
            head = self.actors_dict.resolve(name, self.when)
            if head is not None and head.actor.kind == "state":
                return ResolvedActor(head.actor, (at + head.start, at + head.end))
        return ResolvedActor(m.actor, (base + m.start, base + m.end))

    def _named(self, tok: Token) -> ResolvedActor | None:
        """A person or organisation the dictionary does not know ("Maduro", "the Veye Yo group").

        Kept as an actor without a country, so its events are not lost; users add it to an actor file to
        give it one. Only named entities qualify: a bare noun ("the building") is no actor.
        """
        if tok.ent_type_ not in NAMED_ACTOR_LABELS:
            return None
        self.entities()
        ent = self._ent_at.get(tok.i)
        if ent is None or ent.label_ not in NAMED_ACTOR_LABELS:
            return None
        start, end = phrase_bounds(tok)
        if ent.start < start or ent.end > end:
            # a long name the parse broke up ("Hamad bin Khalifa al-Thani" as four subjects): the whole
            # entity may be one the dictionary knows
            m = self.actors_dict.resolve(ent.text, self.when)
            if m is not None:
                return ResolvedActor(m.actor, (ent.start_char + m.start, ent.start_char + m.end))
        kind = "person" if ent.label_ == "PERSON" else "organization"
        return ResolvedActor(
            Actor(text=ent.text, name=ent.text, country=None, sector=None, kind=kind),
            (ent.start_char, ent.end_char),
        )


def _other_party(ent: SpacySpan) -> bool:
    """A name describing someone else: "ethnic Kurds", "pro-Russian", "Iran-backed", "Israeli-occupied"."""
    doc = ent.doc
    before = [t.lower_ for t in doc[max(0, ent.start - 2) : ent.start]]
    if before and (
        before[-1] in DESCRIBING_PREFIXES
        or (before[-1] == "-" and before[:1] and before[0] in DESCRIBING_PREFIXES)
    ):
        return True
    after = [t.lower_ for t in doc[ent.end : ent.end + 2]]
    if after[:1] == ["-"]:
        after = after[1:]
    return bool(after) and after[0] in OTHER_PARTY_WORDS


def speaker_for_pronoun(doc: Doc, i: int) -> list[int]:
    """ "X said it would ..." — the pronoun subject of a reported clause is the reporter (all of them:
    "Japan and India said they would ...")."""
    tok = doc[i]
    if tok.lower_ not in ("it", "they", "he", "she", "we"):
        return []
    v = tok.head
    steps = 0
    while v.dep_ in ("conj", "xcomp") and steps < 3:
        v = v.head
        steps += 1
    if v.dep_ != "ccomp":
        return []
    rep = v.head
    for c in rep.children:
        if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS:
            return [c.i] + ([t.i for t in c.conjuncts] if tok.lower_ in ("they", "we") else [])
    return []


_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][\w.' ]{1,40}?))?\s*(?=[,:(]|\s[-\u2013\u2014])"
)


def dateline(text: str, actors: ActorResolver, gazetteer: Gazetteer | None = None) -> tuple[str | None, int]:
    """The country of a wire dateline ("SEOUL, March 3 (Wire) - ...") and where the dateline ends."""
    m = _DATELINE.match(text[:200])
    if m is None:
        return None, 0
    city = m.group("city").title()
    country = actors.lookup_country(city)
    if country is None and m.group("region"):
        hit = actors.resolve(m.group("region"))
        country = hit.actor.country if hit is not None else None
    if country is None and gazetteer is not None:
        entry = gazetteer.lookup(city)
        country = entry.country if entry is not None else None
    return country, m.end()


def date_for(
    sent: SpacySpan, anchors: set[int], pub: dt.date | None, future: bool
) -> tuple[ResolvedDate | None, Span | None]:
    """The date expression attached to the predicate (its own clause), resolved against ``pub``."""
    if pub is None:
        return None, None
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        t = ent.root
        hops = 0
        while t.head is not t and hops < 4:
            t = t.head
            hops += 1
            if t.i in anchors:
                r = resolve_date(ent.text, pub, future=future)
                if r is not None:
                    return r, (ent.start_char, ent.end_char)
                break
            if t.pos_ in ("VERB", "AUX"):
                break
    return None, None


def _attached(t: Token, anchors: set[int]) -> bool:
    """``t`` is the object of a place preposition in the predicate's own clause: climb from the
    preposition through objects and prepositions only (never through a subject, so "a court in Guyana"
    does not place the court's action in Guyana)."""
    if t.dep_ != "pobj" or t.head.lower_ not in PLACE_PREPS:
        return False
    h = t.head.head
    hops = 0
    while (
        h.i not in anchors and hops < 4 and h.dep_ in ("dobj", "pobj", "prep", "dative") and h.head is not h
    ):
        h = h.head
        hops += 1
    return h.i in anchors


def place_for(
    sent: SpacySpan,
    anchors: set[int],
    used: set[int],
    actors: ActorResolver,
    places: Sequence[ResolvedPlace] = (),
) -> tuple[Place | None, Span | None]:
    """A place named in the predicate's own clause ("... in Pyongyang"); never from another sentence.

    ``places`` is the article's geoparse, computed once: a place it found gives coordinates, and a
    facility phrase around it ("Kim Il Sung Square in Pyongyang") its text with precision ``point``. A
    place entity the gazetteer does not know still gives its name and the dictionary's country."""
    doc = sent.doc
    inside = [r for r in places if sent.start_char <= r.start_char and r.end_char <= sent.end_char]
    for r in inside:
        if r.place.precision == "point":
            continue  # reached through the city inside it
        span = doc.char_span(r.start_char, r.end_char, alignment_mode="expand")
        if span is None or span.root.i in used or not _attached(span.root, anchors):
            continue
        outer = next(
            (
                p
                for p in inside
                if p.place.precision == "point" and p.start_char < r.start_char and p.end_char == r.end_char
            ),
            None,
        )
        best = outer or r
        return best.place, (best.start_char, best.end_char)
    for ent in sent.ents:
        if ent.label_ not in PLACE_LABELS or ent.root.i in used or not _attached(ent.root, anchors):
            continue
        if not is_named(ent.text):
            continue
        country = actors.lookup_country(ent.text)
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        is_country = country is not None and actors.lookup_country(name) == country
        place = Place(
            text=ent.text,
            name=name,
            country=country,
            precision="country" if is_country and ent.label_ == "GPE" else "city",
        )
        return place, (ent.start_char, ent.end_char)
    return None, None
