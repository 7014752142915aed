"""Modality and attribution: did it happen, will it, might it — and who says so.

The cues are read off the predicate's own clause and the chain of clauses that govern it ("is expected
to visit", "opted to skip the summit", "could impose sanctions if ..."), stopping at a reporting verb,
whose subject becomes the attribution ("KCNA reported that ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.lexicon import Lexicon
from dyads.model import Modality
from dyads.pipeline.clauses import gov_lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HYPO_AUX = frozenset({"could", "may", "might", "would", "should", "must", "ought"})
HYPO_ADV = frozenset(
    {"possibly", "perhaps", "maybe", "potentially", "probably", "likely", "conceivably", "hypothetically"}
)
COND_MARKS = frozenset({"if", "unless", "whether", "lest"})
FUTURE_ADJ = frozenset({"due", "set", "scheduled", "poised", "ready", "willing", "prepared", "keen", "eager"})
HYPO_ADJ = frozenset({"likely", "unlikely", "able", "possible"})
CHAIN_DEPS = frozenset({"xcomp", "conj", "ccomp", "advcl", "acomp", "pcomp", "dobj", "pobj", "prep"})


@dataclass(frozen=True, slots=True)
class ModalityReading:
    modality: Modality
    cue: int | None  # token index of the word that decided it
    speaker: int | None  # token index of the reporting verb's subject, when attributed
    past: bool  # the predicate is in a past tense (for weekday and historical decisions)


def _aux_cues(v: Token) -> tuple[set[str], int | None]:
    found: set[str] = set()
    cue: int | None = None
    for c in v.children:
        dep = c.dep_
        low = c.lower_
        if dep == "neg" or (dep == "advmod" and low == "never"):
            found.add("neg")
            cue = c.i
        elif dep in ("aux", "auxpass"):
            if low in FUTURE_AUX or (c.lemma_ == "will" and c.tag_ == "MD"):
                found.add("future")
                cue = c.i
            elif low in HYPO_AUX:
                found.add("would" if low == "would" else "hypo")
                cue = c.i
        elif dep == "advmod" and low in HYPO_ADV:
            found.add("hypo")
            cue = c.i
        elif (dep == "mark" and low in COND_MARKS) or (dep == "advcl" and _has_if(c)):
            found.add("cond")
            cue = c.i
    return found, cue


def _infinitive(v: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)


def _has_if(clause: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in clause.children)


def read_modality(pred: Token, governor: Token | None, lexicon: Lexicon) -> ModalityReading:
    """Walk from the predicate up its clause chain and collect modality cues."""
    neg = 0
    future = hypo = cond = would = False
    cue: int | None = None
    speaker: int | None = None
    in_report = False
    chain: list[Token] = [pred] if governor is None else [pred, governor]
    past = pred.tag_ in ("VBD", "VBN") or (governor is not None and governor.tag_ in ("VBD", "VBN"))
    if governor is not None:
        # the verb that governs an event noun: "skipped the summit", "planned talks", "mulled sanctions"
        gl = gov_lemma(governor, lexicon)
        if lexicon.has_role(gl, "negate"):
            neg += 1
            cue = governor.i
        elif lexicon.has_role(gl, "future") or lexicon.has_role(gl, "intent"):
            future = True
            cue = governor.i
        elif lexicon.has_role(gl, "hypothetical") or lexicon.has_role(gl, "object_control"):
            # "mulled sanctions"; "called for the withdrawal of troops": asked for, not done
            hypo = True
            cue = governor.i
    # climb
    t = governor if governor is not None else pred
    steps = 0
    while t.head is not t and steps < 6:
        dep = t.dep_
        h = t.head
        steps += 1
        if dep not in CHAIN_DEPS:
            break
        if dep == "advcl" and t.pos_ in ("VERB", "AUX") and _infinitive(t) and h.pos_ == "VERB":
            # the small model often labels an infinitive complement advcl: "was pressed by X to help"
            dep = "xcomp"
        hl = gov_lemma(h, lexicon)
        if dep == "ccomp" or (dep == "advcl" and h.pos_ == "VERB" and lexicon.has_role(hl, "report")):
            if lexicon.has_role(hl, "report"):
                subs = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subs:
                    speaker = subs[0].i
                in_report = True
                break
            if lexicon.has_role(hl, "negate"):
                neg += 1
                cue = h.i
                break
        if dep in ("dobj", "pobj", "prep") and h.pos_ not in ("VERB", "AUX", "ADP"):
            break
        if h.pos_ in ("VERB", "AUX", "ADJ", "ADP"):
            if dep in ("xcomp", "ccomp", "dobj", "pcomp", "pobj", "prep", "acomp") and h.pos_ != "ADP":
                if lexicon.has_role(hl, "negate"):
                    neg += 1
                    cue = h.i
                elif lexicon.has_role(hl, "future") or lexicon.has_role(hl, "intent") or hl in FUTURE_ADJ:
                    future = True
                    cue = h.i
                elif lexicon.has_role(hl, "hypothetical") or hl in HYPO_ADJ:
                    hypo = True
                    cue = h.i
                elif dep in ("xcomp", "ccomp") and lexicon.has_role(hl, "object_control"):
                    # "urged Iran to release ...": asked for, not done
                    hypo = True
                    cue = h.i
            if h.pos_ != "ADP":
                chain.append(h)
        t = h
    for v in chain:
        found, c = _aux_cues(v)
        if "neg" in found:
            neg += 1
        if "future" in found:
            future = True
        if "hypo" in found:
            hypo = True
        if "would" in found:
            would = True
        if "cond" in found:
            cond = True
        if found and c is not None:
            cue = c
    if would:
        # "said it would attend" is a reported future; a bare "would" is conditional
        if in_report:
            future = True
        else:
            hypo = True
    if neg % 2 == 1 and not (hypo and not future):
        mod = Modality.NEGATED
    elif hypo or cond:
        mod = Modality.HYPOTHETICAL
    elif future:
        mod = Modality.FUTURE
    else:
        mod = Modality.ASSERTED
    return ModalityReading(modality=mod, cue=cue, speaker=speaker, past=past)
