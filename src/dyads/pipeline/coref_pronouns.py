"""Pronouns and the search of the mention history (the second half of :mod:`dyads.pipeline.coref`'s pass).

:class:`MentionHistory` holds what the pass has seen — the mentions of each sentence so far (:class:`Ref`)
and which token each stands at — and searches it back for the antecedent a pronoun or a description needs,
by the salience rules of the coref module's docstring: in the mention's own sentence, the subject of a verb
above it, then the nearest subject, then the nearest mention; in an earlier sentence, the main subject,
then other subjects, then others from the left. The pass itself (:class:`dyads.pipeline.coref._Builder`)
adds the mentions and links them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dyads.model import Actor
from dyads.pipeline.coref_rules import (
    COPULAS,
    EXTRAPOSING,
    INSIDE_DEPS,
    OBJECT_DEPS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_PARAGRAPHS,
    PRONOUN_WINDOW,
    STYLES,
    SUBJECT_DEPS,
    SUBJECT_PRONOUNS,
    THING_PRONOUNS,
    Antecedent,
    Ref,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["MentionHistory"]


class MentionHistory:
    """The mentions seen so far and the pronoun rules over them; :class:`~dyads.pipeline.coref._Builder`
    fills the history and provides the linking primitives declared below."""

    doc: Doc
    by_sent: list[list[Ref]]
    at: dict[int, Ref]
    sent: int
    para: int

    def resolve(self, i: int) -> Actor | None:
        raise NotImplementedError

    def _add(self, tok: Token, ants: tuple[Antecedent, ...], **kinds: bool) -> Ref:
        raise NotImplementedError

    def _link(self, tok: Token, ants: tuple[Antecedent, ...]) -> None:
        raise NotImplementedError

    def _span(self, tok: Token, actor: Actor) -> tuple[int, int]:
        raise NotImplementedError

    def _kinds(self, actor: Actor, plural: bool) -> dict[str, bool]:
        raise NotImplementedError

    # -- pronouns -------------------------------------------------------------------------------------

    def _pronoun(self, tok: Token) -> None:
        lower = tok.lower_
        if tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ in STYLES:
            return  # "His Holiness", "Her Majesty": a style, no pronoun
        if lower in PERSON_PRONOUNS:
            fits: Callable[[Ref], bool] = lambda r: r.person  # noqa: E731
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

    def _speaker(self, tok: Token, fits: Callable[[Ref], bool]) -> tuple[Antecedent, ...] | None:
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
            ref = Ref((ant,), subj.i, self.sent, self.para, True, True, 0, **self._kinds(actor, plural))
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
        fits: Callable[[Ref], bool],
        window: int,
        paragraphs: int | None = None,
        unique: bool = False,
    ) -> Ref | None:
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
    def _salient(refs: list[Ref], tok: Token, same_sentence: bool) -> Ref:
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
