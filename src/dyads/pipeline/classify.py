"""Predicate → CAMEO code, with the lexicon. The most specific pattern that fits the arguments wins.

Ambiguous verbs decide by their arguments: "fired missiles" (a $WEAPON object) and "fired the minister"
(an $ACTOR object) are two patterns of one verb, and only the one whose object fits applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.lexicon import Lexicon, ObjConstraint, Pattern
from dyads.pipeline.clauses import OBJ_DEPS, Clause, conjuncts

if TYPE_CHECKING:
    from spacy.tokens import Doc


QUANTITY_WORDS = frozenset(
    {
        "hundred",
        "thousand",
        "dozen",
        "million",
        "billion",
        "number",
        "lot",
        "batch",
        "shipment",
        "tonne",
        "ton",
        "pair",
        "couple",
        "salvo",
        "volley",
        "barrage",
        "series",
        "wave",
        "string",
        "round",
        "flurry",
        # "expelled some of the peacekeepers", "sent a team of rescuers"
        "some",
        "many",
        "several",
        "most",
        "all",
        "few",
        "part",
        "majority",
        "rest",
        "group",
        "team",
        "contingent",
        # units of what is shipped: "700 kg of medicine"
        "kg",
        "kilogram",
        "gram",
        "litre",
        "liter",
        "gallon",
        "box",
        "crate",
        "truckload",
        "container",
        "bag",
        "sack",
        "carton",
        "pallet",
    }
)


@dataclass(frozen=True, slots=True)
class Match:
    clause: Clause
    pattern: Pattern
    targets: tuple[int, ...]
    between: bool  # targets came from "between X and Y": a reciprocal event
    consumed: tuple[int, ...]  # words this match used up (its object noun, its infinitive)


def _obj_fits(
    c: ObjConstraint,
    clause: Clause,
    doc: Doc,
    lexicon: Lexicon,
    is_actor: Callable[[int], bool],
    particle: str | None = None,
) -> bool:
    if c.kind == "xcomp":
        return clause.xcomp_lemma is not None and clause.xcomp_lemma in c.values
    # the object, or the "with" object: "supplied Ukraine with missiles", "threatened X with sanctions"
    lemmas: list[str] = []
    # the object, the "with" object, or the object of the verb's own preposition ("went on strike")
    extra = clause.prep_objects((particle,)) if particle is not None else ()
    for i in (*clause.objects, *clause.prep_objects(("with",)), *extra):
        tok = doc[i]
        lemmas.append(tok.lemma_.lower())
        if lexicon.in_class(lemmas[-1], "CARRIER"):
            # "aid deliveries", "mediation efforts": the modifier says what is delivered or made
            lemmas.extend(g.lemma_.lower() for g in tok.children if g.dep_ == "compound")
        if tok.pos_ == "NUM" or tok.lemma_.lower() in QUANTITY_WORDS:
            # "bought hundreds of tanks": the tanks are what was bought; "$2 million in aid": aid
            lemmas.extend(
                g.lemma_.lower() for p in tok.children if p.lower_ in ("of", "in") for g in p.children
            )
    if c.kind == "lemma":
        return any(lem in c.values for lem in lemmas)
    (cls,) = tuple(c.values)
    if cls == "ACTOR":
        return any(is_actor(i) for i in clause.objects)
    return any(lexicon.in_class(lem, cls) for lem in lemmas)


def _xcomp_objects(clause: Clause, doc: Doc) -> tuple[int, ...]:
    if clause.xcomp is None:
        return ()
    out: list[int] = []
    for c in doc[clause.xcomp].children:
        if c.dep_ in OBJ_DEPS:
            out.extend(t.i for t in conjuncts(c))
    return tuple(out)


def classify(clause: Clause, doc: Doc, lexicon: Lexicon, is_actor: Callable[[int], bool]) -> Match | None:
    """The best pattern for this clause and where its target is, or None when nothing fits."""
    table = lexicon.verbs if clause.pos == "V" else lexicon.nouns
    for pat in table.get(clause.lemma, ()):
        if pat.particle is not None and pat.particle not in clause.particles:
            continue
        if pat.obj is not None and not _obj_fits(pat.obj, clause, doc, lexicon, is_actor, pat.particle):
            continue
        consumed: list[int] = []
        if pat.obj is not None:
            if pat.obj.kind == "xcomp" and clause.xcomp is not None:
                consumed.append(clause.xcomp)
            else:
                consumed.extend(clause.objects)
                # "ended mediation efforts": the modifier of a carrier object is used up with it
                consumed.extend(
                    g.i
                    for i in clause.objects
                    if lexicon.in_class(doc[i].lemma_.lower(), "CARRIER")
                    for g in doc[i].children
                    if g.dep_ == "compound"
                )
        targets: list[int] = []
        between = False
        for slot in pat.target:
            if slot == "dobj":
                objs = clause.objects
                if not objs and pat.obj and pat.obj.kind == "xcomp":
                    # "agreed to meet Israeli officials"; but "urged Iran to release ..." targets Iran
                    objs = _xcomp_objects(clause, doc)
                targets.extend(objs)
            elif slot == "between":
                found = clause.prep_objects(("between",))
                if found:
                    between = True
                    targets.extend(found)
            else:
                targets.extend(clause.prep_objects((slot,)))
        if not targets and clause.pos == "N" and clause.objects and pat.target:
            targets.extend(clause.objects)
        if not targets and "between" not in pat.target:
            found = clause.prep_objects(("between",))
            if found and pat.target:
                between = True
                targets.extend(found)
        return Match(
            clause=clause,
            pattern=pat,
            targets=tuple(dict.fromkeys(targets)),
            between=between,
            consumed=tuple(consumed),
        )
    return None
