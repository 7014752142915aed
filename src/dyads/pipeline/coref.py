"""Within-article coreference: which earlier actor a name, description or pronoun stands for.

Rule-based on the parse and the entity types (neural resolvers need downloads we cannot make), precise
before broad: when the rules are unsure, a mention gets nothing and keeps what the dictionary says.

One linear pass over the doc's tokens builds a history of mentions (dictionary actors, linked mentions,
and *blockers*: unknown people and things that a pronoun may refer to, so it never skips over them to an
older, better-known actor). Each mention that needs an antecedent looks back through that history:

* **Names.** A person mention the dictionary cannot place ("Aoun", "Kim", "President Aoun") takes the actor
  of an earlier person whose name it repeats: the full name, its last words, or its first word ("Kim" of
  "Kim Jong Un") when that is unique in the article. Appositions fill a name in ("Michel Aoun, the
  Lebanese president" and "the Lebanese president, Michel Aoun" are one person of LBN).
* **Descriptions** (definite, within three sentences): "the president", "the minister", "the leader" → the
  nearest person with a compatible title ("the minister" fits a Foreign Minister, never a Vice or Deputy);
  "the Chinese president" (already placed by the dictionary) gets the name of the nearest Chinese
  president; "the ministry", "the army" → the nearest actor of that sector and kind with a country (its
  noun modifiers in that actor's name: "the trial court" is not the High Court); "the agency", "the bloc",
  "the group" → the nearest organisation with that word in its name or of a fitting sector; "the
  country" / "the state" → the state just named; "the two nations", "both countries", "the two sides",
  "the two leaders" → the pair just named (coordinated, or the only two in one sentence; for countries,
  the states of two leaders: "Xi met Biden. The two countries ...").
* **Pronouns** (within two sentences and one paragraph break): he/she/him/her/his → the nearest person,
  it/its → the nearest state or organisation, they/them/their → the nearest group, plural or coordinated
  pair. The subject of a reported clause is its speaker ("Russia said it would ...", as
  :func:`dyads.pipeline.resolve.speaker_for_pronoun`). Objects never bind the subject of their own verb
  ("Putin praised him") and take an antecedent only when it is the one that fits in its sentence;
  pleonastic "it" ("it is expected that"), "His Holiness" are no mentions; there is no cataphora.

Salience: in the pronoun's own sentence, the subject of a verb above it, then the nearest subject, then
the nearest mention; in an earlier sentence, the main subject, then other subjects, then others from
the left. The nearest sentence with a compatible mention decides; if that mention is a blocker, no link.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Antecedent", "CorefIndex", "adopt"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PERSON_PRONOUNS = _words("he him his she her hers")
THING_PRONOUNS = _words("it its")
PLURAL_PRONOUNS = _words("they them their theirs")
SUBJECT_PRONOUNS = _words("he she it they")
OBJECT_DEPS = _words("dobj pobj dative iobj obj")
SUBJECT_DEPS = _words("nsubj nsubjpass")
HEAD_DEPS = _words("nsubj nsubjpass dobj obj pobj iobj dative attr appos conj ROOT poss")
INSIDE_DEPS = _words("poss pobj prep compound nmod amod det")  # "the leader of his party"
NON_ACTOR_LABELS = _words("DATE TIME MONEY PERCENT CARDINAL ORDINAL QUANTITY")
COPULAS = _words("be seem appear remain become")
# adjectives of "it is X to/that ...", where "it" is no one
EXTRAPOSING = _words(
    "important necessary clear unclear likely unlikely possible impossible difficult hard easy true "
    "obvious essential crucial vital time wrong right unacceptable appropriate worth"
)
STATE_NOUNS = _words("country state nation kingdom republic")
# the plural noun of "the two X" / "both X" → which actors may be the pair
PAIR_NOUNS = {
    **dict.fromkeys(_words("countries nations states governments neighbours neighbors"), "state"),
    **dict.fromkeys(_words("sides parties allies rivals"), "any"),
    **dict.fromkeys(_words("leaders presidents ministers"), "person"),
}
# singular nouns for organisations the dictionary has no word for → the sectors they may stand for
# (besides an organisation whose name has the noun: "the agency" → the International Atomic Energy Agency)
_ARMED = _words("REB UAF PTY CRM")
ORG_NOUNS: dict[str, frozenset[str]] = {
    **dict.fromkeys(_words("agency watchdog union council commission"), frozenset()),
    **dict.fromkeys(_words("bloc alliance body"), _words("IGO")),
    **dict.fromkeys(_words("organisation organization"), _words("IGO NGO")),
    **dict.fromkeys(_words("movement militia faction"), _ARMED),
    "group": _ARMED | {"NGO"},
    "party": _words("PTY"),
}
# a description with one of these is someone else ("the new president", "the neighbouring country")
OTHER_MODIFIERS = _words(
    "new former ex next previous incoming outgoing late other another neighbouring neighboring future "
    "then first second third"
)
# nouns for people the dictionary may have no actor for: as subjects or objects they block "he"/"she"
HUMAN_NOUNS = _words(
    "man woman boy girl child father mother son daughter husband wife brother sister friend neighbor "
    "neighbour resident witness victim suspect driver person lawyer author analyst expert teacher "
    "doctor student farmer worker owner guy lady gentleman migrant refugee official officer"
)
STYLES = _words("holiness excellency majesty highness eminence grace")
HONORIFICS = _words("mr mr. mrs mrs. ms ms. dr dr. sir madam")
# a bare title of a description → the titles of an antecedent it may stand for (besides equal ones)
HEAD_TITLES = (
    "president",
    "prime minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "emir",
    "supreme leader",
    "leader",
    "general secretary",
    "chairman",
    "head",
    "state counsellor",
    "crown prince",
    "commander-in-chief",
)
_DEFENCE = ("defence minister", "defense minister", "defence secretary", "defense secretary")
_SPOKES = ("spokesman", "spokeswoman", "spokesperson")
TITLE_FAMILIES: dict[str, tuple[str, ...]] = {
    "leader": HEAD_TITLES,
    "premier": ("prime minister", "premier"),
    "prime minister": ("prime minister", "premier"),
    "foreign minister": ("foreign minister", "foreign secretary", "secretary of state", "external affairs"),
    "foreign secretary": ("foreign minister", "foreign secretary"),
    "defence minister": _DEFENCE,
    "defence secretary": _DEFENCE,
    "ambassador": ("ambassador", "envoy"),
    "envoy": ("envoy", "ambassador"),
    **dict.fromkeys(_SPOKES, _SPOKES),
}
LOWER_RANKS = ("vice", "deputy", "former", "assistant", "under", "junior", "state minister")
DESCRIPTION_WINDOW = 3  # sentences back for descriptions
PRONOUN_WINDOW = 2  # sentences back for pronouns
PRONOUN_PARAGRAPHS = 1  # paragraph breaks a pronoun may look across


@dataclass(frozen=True, slots=True)
class Antecedent:
    """The actor a mention stands for and where that actor was named (character span in the article)."""

    actor: Actor
    source_start: int
    source_end: int


def adopt(mention_text: str, ant: Antecedent, mention: Actor | None = None) -> Actor:
    """The actor of a record whose mention is ``mention_text`` ("he", "the minister"): the antecedent's
    name, country, sector and kind; the mention's own title when the antecedent has none."""
    a = ant.actor
    title = a.title if a.title is not None else (mention.title if mention is not None else None)
    return Actor(text=mention_text, name=a.name, country=a.country, sector=a.sector, title=title, kind=a.kind)


@dataclass(slots=True)
class _Ref:
    """One mention in the history; no ``ants`` = a blocker (someone or something we cannot name)."""

    ants: tuple[Antecedent, ...]
    token: int
    sent: int
    para: int
    subject: bool
    main: bool  # subject of the sentence's main verb
    verb: int  # the word it depends on, for "Putin praised him"
    person: bool = False
    thing: bool = False
    plural: bool = False
    state: bool = False


class CorefIndex:
    """Antecedents of the mentions of one doc; build once per article with :meth:`build`."""

    __slots__ = ("_doc", "_links")

    def __init__(self, doc: Doc, links: dict[int, tuple[Antecedent, ...]]) -> None:
        self._doc = doc
        self._links = links

    @classmethod
    def build(
        cls,
        doc: Doc,
        resolve: Callable[[int], Actor | None],
        known: Callable[[str], bool] | None = None,
    ) -> CorefIndex:
        """``resolve(i)``: the dictionary's actor for the phrase headed by token ``i`` (None if unknown).

        ``known(word)`` (``ActorDictionary.is_known_token``), if given, is a cheap filter: a common noun
        the dictionary has no word for is not looked up ("economy", "talks"). Proper nouns always are.
        """
        return cls(doc, _Builder(doc, resolve, known).run())

    def antecedents(self, i: int) -> list[Antecedent]:
        """What the mention headed by token ``i`` stands for; empty when the dictionary's answer stands."""
        return list(self._links.get(i, ()))

    def possessor(self, i: int) -> list[Antecedent]:
        """Antecedents of the possessor of the phrase headed by ``i`` ("its ministry", "the country's
        president"): whose it is, for filling in a country."""
        for c in self._doc[i].children:
            if c.dep_ == "poss" and c.i in self._links:
                return list(self._links[c.i])
        return []

    def __len__(self) -> int:
        return len(self._links)

    def items(self) -> Iterable[tuple[int, tuple[Antecedent, ...]]]:
        return self._links.items()


def _title_fits(mention: str, antecedent: str | None) -> bool:
    """Whether a bare title ("president") may stand for someone with ``antecedent`` title."""
    if antecedent is None:
        return False
    m, a = mention.lower(), antecedent.lower()
    if any(a.startswith(r) for r in LOWER_RANKS) and not any(m.startswith(r) for r in LOWER_RANKS):
        return False
    a = a.removeprefix("acting ")
    family = TITLE_FAMILIES.get(m)
    if family is not None:
        return any(a == f or a.startswith(f + " ") for f in family)
    if m == "minister":
        return a.endswith("minister") and a != "prime minister"
    return a == m or a.startswith(m + " ") or a.endswith(" " + m)


def _description_fits(mention: Actor) -> Callable[[Actor], bool] | None:
    """Which earlier actors a definite description the dictionary resolved only in part may stand for."""
    title, country, sector = mention.title, mention.country, mention.sector
    if mention.kind == "person" and title is not None:
        if country is None:  # "the president": the nearest person with a fitting title
            return lambda a: a.kind == "person" and _title_fits(title, a.title)
        # "the Chinese president": the nearest Chinese president, for the name
        return lambda a: (
            a.kind == "person" and a.country == country and a.name is not None and _title_fits(title, a.title)
        )
    if mention.kind in ("organization", "group") and country is None and sector is not None:
        # "the ministry" after "Japan's foreign ministry", "the paramilitary group" after the RSF
        return lambda a: a.kind in ("organization", "group") and a.sector == sector and a.country is not None
    return None


def _name_words(text: str) -> list[str]:
    """Lower-case words of a name without honorifics or accents ("Fernández" is "Fernandez")."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").removesuffix("'s"))
    words = "".join(c for c in text if not unicodedata.combining(c)).lower().split()
    return [w for w in words if w not in HONORIFICS]


class _Builder:
    def __init__(
        self, doc: Doc, resolve: Callable[[int], Actor | None], known: Callable[[str], bool] | None
    ) -> None:
        self.doc = doc
        self._resolve_fn = resolve
        self._known = known
        self._cache: dict[int, Actor | None] = {}
        self.links: dict[int, tuple[Antecedent, ...]] = {}
        self.by_sent: list[list[_Ref]] = []
        self.at: dict[int, _Ref] = {}
        self.people: list[tuple[list[str], _Ref]] = []  # named persons, for "Aoun", "Kim"
        self.state_names: dict[str, str] = {}  # "BRA" → "Brazil", as named in this article
        self.sent = 0
        self.para = 0
        self.root = 0
        self.ent_of: dict[int, tuple[int, int, str]] = {}
        for e in doc.ents:
            for k in range(e.start, e.end):
                self.ent_of[k] = (e.start, e.end, e.label_)

    def resolve(self, i: int) -> Actor | None:
        if i not in self._cache:
            tok, ent = self.doc[i], self.ent_of.get(i)
            if (ent is not None and ent[2] in NON_ACTOR_LABELS) or (
                self._known is not None and ent is None and tok.pos_ == "NOUN" and not self._known(tok.text)
            ):
                self._cache[i] = None
            else:
                self._cache[i] = self._resolve_fn(i)
        return self._cache[i]

    # -- the pass -------------------------------------------------------------------------------------

    def run(self) -> dict[int, tuple[Antecedent, ...]]:
        for k, sent in enumerate(self.doc.sents):
            self.sent, self.root = k, sent.root.i
            self.by_sent.append([])
            for tok in sent:
                pos = tok.pos_
                if pos == "SPACE":
                    if "\n" in tok.text:
                        self.para += 1
                elif pos == "PRON":
                    self._pronoun(tok)
                elif pos in ("NOUN", "PROPN") and tok.dep_ in HEAD_DEPS:
                    self._nominal(tok)
        return self.links

    def _add(self, tok: Token, ants: tuple[Antecedent, ...], **kinds: bool) -> _Ref:
        subject = tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS)
        verb = tok.head.head.i if tok.dep_ == "conj" else tok.head.i
        ref = _Ref(ants, tok.i, self.sent, self.para, subject, subject and verb == self.root, verb, **kinds)
        self.by_sent[self.sent].append(ref)
        self.at[tok.i] = ref
        if len(ants) == 1 and ants[0].actor.kind == "state" and ants[0].actor.country and ants[0].actor.name:
            self.state_names.setdefault(ants[0].actor.country, ants[0].actor.name)
        return ref

    def _link(self, tok: Token, ants: tuple[Antecedent, ...]) -> None:
        if ants:
            self.links[tok.i] = ants

    def _span(self, tok: Token, actor: Actor) -> tuple[int, int]:
        """Where the dictionary's match is: its text inside the token's phrase, else the token."""
        phrase = self.doc[tok.left_edge.i : tok.right_edge.i + 1]  # Doc.text would join the whole doc
        at = phrase.text.find(actor.text) if actor.text else -1
        if at < 0:
            return tok.idx, tok.idx + len(tok.text)
        start = phrase.start_char + at
        return start, start + len(actor.text)

    @staticmethod
    def _kinds(actor: Actor, plural: bool) -> dict[str, bool]:
        """Which pronouns a mention may stand for: a singular group noun ("the group", "the militia")
        is "it" and "they"."""
        group = actor.kind == "group" or plural
        return {
            "person": actor.kind == "person" and not group,
            "thing": actor.kind in ("state", "organization", "group") and not plural,
            "plural": group,
            "state": actor.kind == "state" and actor.country is not None and not group,
        }

    # -- nouns and names ------------------------------------------------------------------------------

    def _nominal(self, tok: Token) -> None:
        lower = tok.lower_
        plural = tok.tag_ in ("NNS", "NNPS")
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod")}
        if plural and lower in PAIR_NOUNS and ("both" in dets or {"the", "two"} <= dets):
            ants = self._pair(tok, PAIR_NOUNS[lower])
            self._link(tok, ants)
            self._add(tok, ants, plural=True)
            return
        if lower in STATE_NOUNS and not plural and dets == {"the"} and self._bare(tok):
            ref = self._search(tok, lambda r: r.state, DESCRIPTION_WINDOW, None)
            ants = ref.ants if ref is not None else ()
            self._link(tok, ants)
            if ants:
                self._add(tok, ants, thing=True, state=True)
            return
        ent = self.ent_of.get(tok.i)
        actor = self.resolve(tok.i)
        if ent is not None and ent[2] == "PERSON" and (actor is None or actor.kind == "person"):
            self._person(tok, actor, ent)
        elif (
            tok.pos_ == "PROPN"
            and (actor is None or actor.country is actor.sector is None)
            and self._surname(tok, ent)
        ):
            pass  # "Hayashi" tagged ORG: the person named before
        elif actor is not None:
            self._described(tok, actor, plural, dets)
        elif not (lower in ORG_NOUNS and not plural and dets == {"the"} and self._organisation(tok)):
            self._unknown(tok, plural, ent)
        if tok.dep_ != "conj":
            self._coordination(tok)

    def _organisation(self, tok: Token) -> bool:
        """ "the agency", "the bloc", "the alliance", "the group": the nearest organisation it names or
        whose kind it is ("the agency" for the IAEA, "the bloc" for the EU, "the group" for Hamas)."""
        if not self._bare(tok):
            return False
        noun = tok.lower_
        sectors = ORG_NOUNS[noun]

        def fits(r: _Ref) -> bool:
            if len(r.ants) != 1:
                return False
            a = r.ants[0].actor
            if a.kind not in ("organization", "group"):
                return False
            return noun in (a.name or "").lower().split() or a.sector in sectors

        ref = self._search(tok, fits, DESCRIPTION_WINDOW)
        if ref is None:
            return False
        self._link(tok, ref.ants)
        self._add(tok, ref.ants, thing=True, plural=ref.ants[0].actor.kind == "group")
        return True

    def _bare(self, tok: Token, of: bool = False) -> bool:
        """Nothing that makes it another one: no possessor, no "of" ("the state of emergency"; ``of``
        allows it: "the secretary of state"), no "new", no proper noun the dictionary did not place."""
        for c in tok.children:
            dep = c.dep_
            if dep in ("poss", "nmod") or (dep == "prep" and c.lower_ == "of" and not of):
                return False
            if c.i > tok.i or dep not in ("amod", "compound"):
                continue
            if c.lower_ in OTHER_MODIFIERS:
                return False
            ent = self.ent_of.get(c.i)
            if tok.lower_ in STATE_NOUNS and (dep == "compound" or ent is not None):
                return False  # "the Gulf state", "the Asian country": a description we cannot check
            if c.pos_ == "PROPN" and (ent is None or ent[2] not in ("GPE", "NORP")):
                return False
        return True

    def _person(self, tok: Token, actor: Actor | None, ent: tuple[int, int, str]) -> None:
        ent_text = self.doc[ent[0] : ent[1]].text
        name = " ".join(ent_text.split()).removesuffix("'s").removesuffix("\u2019s")
        ants: tuple[Antecedent, ...] = ()
        if actor is None or actor.country is None:
            # "Michel Aoun, the Lebanese president", "X, the UN envoy": the apposition places the person
            for c in tok.children:
                titled = self.resolve(c.i) if c.dep_ == "appos" else None
                if titled is None:
                    continue
                if titled.sector == "IGO" and titled.kind != "person":
                    # "Kenzo Oshima, the UN relief coordinator": an official of the organisation
                    titled = dataclasses.replace(titled, name=None, kind="person")
                if titled.kind == "person" and (titled.country is not None or titled.sector == "IGO"):
                    named = titled if titled.name else dataclasses.replace(titled, name=name)
                    _, end = self._span(c, titled)
                    ants = (Antecedent(named, self.doc[ent[0]].idx, end),)
                    break
        if ants:
            self._link(tok, ants)
        elif actor is not None and actor.name is None:
            # "Lebanese president Aoun" cut short: the dictionary placed the title, the entity is the name
            named = dataclasses.replace(actor, name=name)
            start, end = self._span(tok, actor)
            ants = (Antecedent(named, min(start, self.doc[ent[0]].idx), max(end, self._end(ent[1]))),)
            self._link(tok, ants)
        elif actor is None or actor.country is None:
            ants = self._by_name(_name_words(actor.name if actor is not None and actor.name else ent_text))
            self._link(tok, ants)
            if not ants and actor is not None:
                ants = (Antecedent(actor, *self._span(tok, actor)),)
        else:
            ants = (Antecedent(actor, *self._span(tok, actor)),)
        ref = self._add(tok, ants, person=True)
        if len(ants) == 1 and ants[0].actor.name:
            self.people.append((_name_words(ants[0].actor.name), ref))

    def _surname(self, tok: Token, ent: tuple[int, int, str] | None) -> bool:
        """A name the tagger did not call a person ("Hayashi" as ORG) that repeats an earlier person's."""
        if ent is not None and ent[2] not in ("ORG", "GPE", "NORP"):
            return False
        start = (
            ent[0]
            if ent is not None
            else min((c.i for c in tok.lefts if c.dep_ == "compound"), default=tok.i)
        )
        end = ent[1] if ent is not None else tok.i + 1
        ants = self._by_name(_name_words(self.doc[start:end].text))
        if not ants:
            return False
        self._link(tok, ants)
        self._add(tok, ants, person=True)
        return True

    def _end(self, tok_end: int) -> int:
        last = self.doc[tok_end - 1]
        return last.idx + len(last.text)

    def _by_name(self, words: list[str]) -> tuple[Antecedent, ...]:
        """An earlier person this name repeats: whole, its last words, or (if unique) its first word."""
        if not words:
            return ()
        n = len(words)
        best: dict[str | None, Antecedent] = {}
        first: dict[str | None, Antecedent] = {}
        for name, ref in self.people:
            ant = ref.ants[0]
            if name[-n:] == words:
                best[ant.actor.name] = ant
            elif n == 1 and len(name) > 1 and name[0] == words[0]:
                first[ant.actor.name] = ant
        pool = best or first
        return tuple(pool.values()) if len(pool) == 1 else ()

    def _described(self, tok: Token, actor: Actor, plural: bool, dets: set[str]) -> None:
        ants: tuple[Antecedent, ...] = ()
        definite = "the" in dets and not plural and actor.name is None and actor.sector != "ELI"
        of = actor.country is not None or " of " in (actor.title or "")
        if definite and tok.pos_ == "NOUN" and self._bare(tok, of):
            fits = _description_fits(actor)
            # "the trial court" is not the High Court: an organisation's noun modifiers must be in its name
            mods = [
                c.lower_
                for c in tok.lefts
                if actor.kind != "person" and c.dep_ == "compound" and c.i not in self.ent_of
            ]
            if fits is not None:
                ref = self._search(
                    tok,
                    lambda r: (
                        len(r.ants) == 1
                        and fits(r.ants[0].actor)
                        and all(m in r.ants[0].actor.text.lower() for m in mods)
                    ),
                    DESCRIPTION_WINDOW,
                )
                ants = ref.ants if ref is not None else ()
        if not ants and actor.kind == "person" and actor.name is None and actor.title:
            # "the Lebanese president, Michel Aoun": the apposition names the person
            for c in tok.children:
                e = self.ent_of.get(c.i)
                if c.dep_ == "appos" and e is not None and e[2] == "PERSON":
                    known = self.resolve(c.i)
                    if known is not None and known.kind == "person" and known.name and known.country:
                        named = known
                    else:
                        text = self.doc[e[0] : e[1]].text
                        named = dataclasses.replace(actor, name=" ".join(text.split()).removesuffix("'s"))
                    start, _ = self._span(tok, actor)
                    ants = (Antecedent(named, start, self._end(e[1])),)
                    self.links[c.i] = ants
                    break
        self._link(tok, ants)
        if not ants:
            ants = (Antecedent(actor, *self._span(tok, actor)),)
        ref = self._add(tok, ants, **self._kinds(ants[0].actor, plural))
        if ref.person and ants[0].actor.name:
            self.people.append((_name_words(ants[0].actor.name), ref))

    def _unknown(self, tok: Token, plural: bool, ent: tuple[int, int, str] | None) -> None:
        """Someone or something the dictionary does not know: a blocker for the pronouns it fits."""
        role = tok.dep_ in SUBJECT_DEPS or tok.dep_ in ("dobj", "obj")
        if ent is not None and ent[2] == "ORG":
            self._add(tok, (), thing=not plural, plural=plural)
        elif role and tok.lemma_.lower() in HUMAN_NOUNS:
            self._add(tok, (), person=not plural, plural=plural)
        elif role and (ent is None or ent[2] not in NON_ACTOR_LABELS):
            self._add(tok, (), thing=not plural, plural=plural)

    def _coordination(self, tok: Token) -> None:
        """ "Japan and China": a group of the coordinated actors, a pair when there are two."""
        members = [tok, *(c for c in tok.conjuncts if c.i > tok.i)]
        if len(members) < 2:
            return
        ants: list[Antecedent] = []
        for m in members:
            a = self.resolve(m.i)
            if a is None:  # "Kantor and Bordainick": people we cannot name, still "they"
                self._add(tok, (), plural=True)
                return
            ants.append(Antecedent(a, *self._span(m, a)))
        names = {(a.actor.name, a.actor.country, a.actor.sector) for a in ants}
        if len(names) == len(ants):
            self._add(tok, tuple(ants), plural=True)

    def _pair(self, tok: Token, want: str) -> tuple[Antecedent, ...]:
        """The two actors "the two countries" / "both sides" / "the two leaders" stand for: a coordinated
        pair, else the only two (distinct) fitting actors of the nearest sentence that has any."""

        def member(a: Actor) -> bool:
            if want == "state":
                return a.kind == "state" and a.country is not None
            if want == "person":
                return a.kind == "person"
            return a.country is not None or a.name is not None

        s = self.sent
        for k in range(s, max(-1, s - DESCRIPTION_WINDOW - 1), -1):
            refs = [r for r in self.by_sent[k] if r.token < tok.i and len(r.ants) in (1, 2)]
            pairs = [r for r in refs if len(r.ants) == 2 and all(member(a.actor) for a in r.ants)]
            if pairs:
                return pairs[-1].ants
            singles: dict[str | None, Antecedent] = {}
            for r in refs:
                a = r.ants[0].actor
                if len(r.ants) == 1 and member(a):  # "Brazil's president ... in Brasilia" is one state
                    singles.setdefault(a.country if want == "state" else (a.name or a.country), r.ants[0])
            if want == "state":  # "Xi met Biden. The two countries ...": their states
                for r in refs:
                    a = r.ants[0].actor
                    if len(r.ants) == 1 and a.country and a.sector == "GOV" and a.country not in singles:
                        state = Actor(a.text, self.state_names.get(a.country), a.country, None, None, "state")
                        singles[a.country] = dataclasses.replace(r.ants[0], actor=state)
            if len(singles) == 2:
                return tuple(sorted(singles.values(), key=lambda a: a.source_start))
            if len(singles) > 2:
                return ()
        return ()

    # -- pronouns -------------------------------------------------------------------------------------

    def _pronoun(self, tok: Token) -> None:
        lower = tok.lower_
        if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ in STYLES:
            return  # "His Holiness", "Her Majesty": a style, no pronoun
        if lower in PERSON_PRONOUNS:
            fits: Callable[[_Ref], bool] = lambda r: r.person  # noqa: E731
            kinds = {"person": True}
        elif lower in THING_PRONOUNS:
            if tok.dep_ == "expl":
                return
            fits = lambda r: r.thing  # noqa: E731
            kinds = {"thing": True}
        elif lower in PLURAL_PRONOUNS:
            fits = lambda r: r.plural  # noqa: E731
            kinds = {"plural": True}
        else:
            return
        found = self._speaker(tok, fits)
        if found is None:
            if lower == "it" and self._impersonal(tok):
                return
            own = self._own_subjects(tok)
            bound = {a for i in own if i in self.at for a in self.at[i].ants}
            ref = self._search(
                tok,
                lambda r: fits(r) and r.token not in own and not (r.ants and bound.issuperset(r.ants)),
                PRONOUN_WINDOW,
                PRONOUN_PARAGRAPHS,
                unique=tok.dep_ in OBJECT_DEPS,
            )
            found = ref.ants if ref is not None else ()
        if len(found) > 1 and lower not in PLURAL_PRONOUNS:
            found = ()
        self._link(tok, found)
        if lower in THING_PRONOUNS and found:
            kinds["state"] = found[0].actor.kind == "state" and found[0].actor.country is not None
        self._add(tok, found, **kinds)

    @staticmethod
    def _impersonal(tok: Token) -> bool:
        """An "it" that names no actor: "it is expected that ...", "it was reported", "it is important
        to ...", "it is time to act", and predicates that are no act ("it was historic")."""
        if tok.dep_ not in SUBJECT_DEPS:
            return False
        head = tok.head
        later = [c for c in head.children if c.i > tok.i]
        if tok.dep_ == "nsubjpass" or any(c.dep_ == "auxpass" for c in head.children):
            return any(c.dep_ in ("ccomp", "csubj") for c in later)
        if head.lemma_ not in COPULAS:
            return False
        for c in later:
            if c.dep_ in ("ccomp", "csubj"):
                return True
            # "it is ready to talk" is someone; "it is important to talk" is no one
            if (
                c.dep_ == "acomp"
                and c.lower_ not in EXTRAPOSING
                and any(x.dep_ in ("xcomp", "ccomp") for x in c.children)
            ):
                return False
        return True

    def _speaker(self, tok: Token, fits: Callable[[_Ref], bool]) -> tuple[Antecedent, ...] | None:
        """The reporter of a reported clause ("Russia said it would ..."); None if not one or unfitting."""
        if tok.lower_ not in SUBJECT_PRONOUNS or tok.dep_ not in SUBJECT_DEPS:
            return None
        v, steps = tok.head, 0
        while v.dep_ in ("conj", "xcomp") and steps < 3:
            v, steps = v.head, steps + 1
        if v.dep_ != "ccomp":
            return None
        subj = next((c for c in v.head.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return None
        ref = self.at.get(subj.i)
        if ref is None and subj.i > tok.i and subj.pos_ != "PRON":
            actor = self.resolve(subj.i)  # "It would respond, Moscow said": the resolver's rule too
            if actor is None:
                return None
            plural = subj.tag_ in ("NNS", "NNPS")
            ant = Antecedent(actor, *self._span(subj, actor))
            ref = _Ref((ant,), subj.i, self.sent, self.para, True, True, 0, **self._kinds(actor, plural))
        if ref is None or not fits(ref):
            return None
        return ref.ants

    def _own_subjects(self, tok: Token) -> set[int]:
        """ "Putin praised him", "Putin spoke with him": an object never is its own verb's subject."""
        if tok.dep_ not in OBJECT_DEPS:
            return set()
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        out: set[int] = set()
        for c in verb.children:
            if c.dep_ in SUBJECT_DEPS:
                out.update([c.i, *(x.i for x in c.conjuncts)])
        return out

    # -- search ---------------------------------------------------------------------------------------

    def _search(
        self,
        tok: Token,
        fits: Callable[[_Ref], bool],
        window: int,
        paragraphs: int | None = None,
        unique: bool = False,
    ) -> _Ref | None:
        """The most salient fitting mention in the nearest sentence that has one (None: none or a blocker).

        ``unique``: an object pronoun takes a mention only if it is the one that fits in its sentence
        ("Russia invaded Ukraine. The EU sanctioned it." is either; "Xi arrived. Putin greeted him." not).
        """
        inside = self._phrase_heads(tok)
        for k in range(self.sent, max(-1, self.sent - window - 1), -1):
            refs = [
                r
                for r in self.by_sent[k]
                if r.token < tok.i
                and r.token not in inside
                and (paragraphs is None or self.para - r.para <= paragraphs)
                and fits(r)
            ]
            if not refs:
                continue
            if unique and len({frozenset(r.ants) or r.token for r in refs}) > 1:
                return None
            best = self._salient(refs, tok, k == self.sent)
            return best if best.ants else None
        return None

    @staticmethod
    def _phrase_heads(tok: Token) -> set[int]:
        """The nouns whose phrase contains ``tok`` ("the leader of his party": not "leader")."""
        out: set[int] = set()
        t = tok
        while t.dep_ in INSIDE_DEPS and t.head is not t and len(out) < 6:
            t = t.head
            out.add(t.i)
        return out

    @staticmethod
    def _salient(refs: list[_Ref], tok: Token, same_sentence: bool) -> _Ref:
        subjects = [r for r in refs if r.subject]
        if same_sentence:
            ancestors = {a.i for a in tok.ancestors}
            governing = [r for r in subjects if r.verb in ancestors]
            if governing:
                return governing[-1]
            return subjects[-1] if subjects else refs[-1]
        mains = [r for r in subjects if r.main]
        if mains:
            return mains[0]
        return subjects[0] if subjects else refs[0]
