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

The word lists and matching tests are in :mod:`dyads.pipeline.coref_rules`, the pronoun rules and the
search of the history in :mod:`dyads.pipeline.coref_pronouns`; this module is the pass over the doc.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from dyads.model import Actor
from dyads.pipeline.coref_pronouns import MentionHistory
from dyads.pipeline.coref_rules import (
    DESCRIPTION_WINDOW,
    HEAD_DEPS,
    HUMAN_NOUNS,
    NON_ACTOR_LABELS,
    ORG_NOUNS,
    OTHER_MODIFIERS,
    PAIR_NOUNS,
    STATE_NOUNS,
    SUBJECT_DEPS,
    Antecedent,
    Ref,
    adopt,
    description_fits,
    name_words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Antecedent", "CorefIndex", "adopt"]


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


class _Builder(MentionHistory):
    def __init__(
        self, doc: Doc, resolve: Callable[[int], Actor | None], known: Callable[[str], bool] | None
    ) -> None:
        self.doc = doc
        self._resolve_fn = resolve
        self._known = known
        self._cache: dict[int, Actor | None] = {}
        self.links: dict[int, tuple[Antecedent, ...]] = {}
        self.by_sent: list[list[Ref]] = []
        self.at: dict[int, Ref] = {}
        self.people: list[tuple[list[str], Ref]] = []  # named persons, for "Aoun", "Kim"
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

    def _add(self, tok: Token, ants: tuple[Antecedent, ...], **kinds: bool) -> Ref:
        subject = tok.dep_ in SUBJECT_DEPS or (tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS)
        verb = tok.head.head.i if tok.dep_ == "conj" else tok.head.i
        ref = Ref(ants, tok.i, self.sent, self.para, subject, subject and verb == self.root, verb, **kinds)
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

        def fits(r: Ref) -> bool:
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
            ants = self._by_name(name_words(actor.name if actor is not None and actor.name else ent_text))
            self._link(tok, ants)
            if not ants and actor is not None:
                ants = (Antecedent(actor, *self._span(tok, actor)),)
        else:
            ants = (Antecedent(actor, *self._span(tok, actor)),)
        ref = self._add(tok, ants, person=True)
        if len(ants) == 1 and ants[0].actor.name:
            self.people.append((name_words(ants[0].actor.name), ref))

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
        ants = self._by_name(name_words(self.doc[start:end].text))
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
            fits = description_fits(actor)
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
            self.people.append((name_words(ants[0].actor.name), ref))

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
