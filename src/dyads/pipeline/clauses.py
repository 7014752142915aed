"""Predicate–argument structures from the dependency parse, for verbs and event nouns.

One linear pass over a sentence: only words whose lemma the lexicon knows become candidates, so the cost
stays small next to the parse. Subjects are carried through xcomp/conj/advcl/acl/relcl chains, passives
give their by-agent as the subject, and coordinated actors are expanded. Each ``Clause`` holds token
indices into the doc, so later stages can take spans and offsets from it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.lexicon import Lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUBJ_DEPS = frozenset({"nsubj", "csubj", "expl"})
PASS_SUBJ_DEPS = frozenset({"nsubjpass", "csubjpass"})
OBJ_DEPS = frozenset({"dobj", "obj"})
PREP_DEPS = frozenset({"prep", "dative", "agent"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
NOUN_POS = frozenset({"NOUN", "PROPN"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_SOURCE_PREPS = frozenset({"by", "of"})
# "the visit of the Japanese leader": "of" names who acts; for most event nouns it names the patient
# ("the release of prisoners", "the withdrawal of troops" — who withdraws is said elsewhere)
OF_AGENT_NOUNS = frozenset(
    {
        "visit",
        "trip",
        "tour",
        "arrival",
        "departure",
        "resignation",
        "speech",
        "statement",
        "remark",
        "meeting",
    }
)
QUANTITY_NOUNS = frozenset(
    {"wave", "series", "string", "spate", "round", "barrage", "volley", "campaign", "number", "flurry"}
    | {"day", "week", "month", "hour"}  # "launched ten days of war games"
)
# verbs of coming together: "returned to Geneva for talks" is taking part in the talks
GATHER_VERBS = frozenset(
    {"return", "arrive", "come", "travel", "fly", "go", "head", "gather", "assemble", "reconvene", "sit"}
    | {"converge", "meet"}
)

# "resorted to throwing stones", "turned to shelling the town": the gerund after "to" is what they did
RECOURSE_VERBS = frozenset({"resort", "turn", "revert", "return", "proceed", "switch", "graduate"})


@dataclass(frozen=True, slots=True)
class Clause:
    """A candidate predicate with its arguments (token indices into the doc)."""

    head: int
    pos: str  # "V" | "N"
    lemma: str
    particles: tuple[str, ...]
    subject_groups: tuple[tuple[int, ...], ...]  # candidates in order of preference; first that resolves wins
    subject_direct: bool
    objects: tuple[int, ...]
    obj_lemma: str | None
    preps: tuple[tuple[str, tuple[int, ...]], ...]
    xcomp: int | None
    xcomp_lemma: str | None
    governor: int | None  # the verb that governs a noun predicate ("held" for "held talks")
    passive: bool

    @property
    def subjects(self) -> tuple[int, ...]:
        return tuple(i for g in self.subject_groups for i in g)

    def prep_objects(self, names: tuple[str, ...]) -> tuple[int, ...]:
        out: list[int] = []
        for name, heads in self.preps:
            if name in names:
                out.extend(heads)
        return tuple(out)


def lemma_in(tok: Token, table: Collection[str]) -> str | None:
    """The token's lemma if ``table`` has it, mending the small model's clipped lemmas ("staged" → "stag")."""
    lem = tok.lemma_.lower()
    if lem in table:
        return lem
    low = tok.lower_
    if low in table:
        return low
    if low in (lem + "ed", lem + "ing", lem + "es") and lem + "e" in table:
        return lem + "e"
    return None


def gov_lemma(tok: Token, lexicon: Lexicon) -> str:
    """A governing verb's lemma for role look-ups, mended like ``lemma_in``."""
    return lemma_in(tok, lexicon.verb_roles) or tok.lemma_.lower()


def conjuncts(tok: Token) -> list[Token]:
    """The token and the words coordinated with it ("China and Russia"; "the US, Russia, and Iran",
    which the small model parses as an apposition that has the coordination)."""
    if tok.dep_ == "conj":
        return [tok]
    out = [tok, *tok.conjuncts]
    if len(out) == 1 and tok.ent_iob_ == "B":
        # a name the parser split ("Barack" ADP, "Obama" its object): the coordination hangs on a later word
        doc = tok.doc
        j = tok.i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            if doc[j].head.i == tok.i and doc[j].conjuncts:
                out.extend(c for c in doc[j].conjuncts if c.i > j)
                break
            j += 1
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and any(g.dep_ in ("cc", "conj") for g in c.children):
            out.extend([c, *c.conjuncts])
    return out


def _is_passive(v: Token) -> bool:
    return any(c.dep_ in PASS_SUBJ_DEPS or c.dep_ == "auxpass" for c in v.children)


def _direct_subjects(v: Token) -> list[Token]:
    subs = [c for c in v.children if c.dep_ in SUBJ_DEPS and c.dep_ != "expl"]
    if not subs and _is_passive(v):
        for c in v.children:
            if c.dep_ == "agent":
                subs.extend(g for g in c.children if g.dep_ == "pobj")
        if not subs:
            subs.extend(_nested_agents(v))
    return subs


def _nested_agents(v: Token) -> list[Token]:
    """ "was accused of corruption by prosecutors": the parse hangs the by-agent on the charge."""
    return [
        g
        for c in v.children
        if c.dep_ == "prep" and c.i > v.i
        for o in c.children
        if o.dep_ == "pobj"
        for b in o.children
        if b.dep_ in ("prep", "agent") and b.lower_ == "by"
        for g in b.children
        if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME")
    ]


def subjects_of(v: Token, lexicon: Lexicon, depth: int = 0) -> tuple[list[Token], bool]:
    """Who does ``v``: its own subject, else the one it inherits through its clause chain."""
    subs = _direct_subjects(v)
    if subs:
        if v.dep_ == "relcl" and subs[0].lower_ in RELATIVE_PRONOUNS:
            return conjuncts(v.head), False
        out: list[Token] = []
        for s in subs:
            out.extend(conjuncts(s))
        return out, True
    if depth > 5 or v.head is v:
        return [], False
    dep = v.dep_
    gov = v.head
    if dep == "xcomp" or (
        dep in ("advcl", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children)
    ):
        if _is_passive(gov):
            # raising and control passives: "X is expected to visit", "X was urged by Y to release ..."
            # — X is the visitor, X the one to release, whoever the by-agent is
            ps = [c for c in gov.children if c.dep_ in PASS_SUBJ_DEPS]
            if ps:
                return conjuncts(ps[0]), False
        if lexicon.has_role(gov_lemma(gov, lexicon), "object_control"):
            objs = [c for c in gov.children if c.dep_ in OBJ_DEPS]
            if objs:
                return conjuncts(objs[0]), False
        if gov.pos_ in ("ADJ",) and gov.dep_ in ("acomp", "xcomp"):
            # "X is due to visit", "X is ready to talk"
            return subjects_of(gov.head, lexicon, depth + 1)[0], False
        return subjects_of(gov, lexicon, depth + 1)[0], False
    if dep == "conj" and gov.pos_ in VERB_POS:
        return subjects_of(gov, lexicon, depth + 1)[0], False
    if depth == 0 and dep == "acomp" and v.tag_ == "VBN" and gov.pos_ in VERB_POS and not _is_passive(gov):
        # an adjectival passive that is itself the predicate: "X is opposed to Y" — X holds the stance
        # (not what it governs: "X is determined to mend ties" is an intention, not a mending)
        return subjects_of(gov, lexicon, depth + 1)[0], False
    doer = _gerund_host(v)
    if doer is not None:
        return subjects_of(doer, lexicon, depth + 1)[0], False
    host = _participle_host(v)
    if host is not None:
        return subjects_of(host, lexicon, depth + 1)[0], False
    if (
        dep == "acl"
        and gov.dep_ == "ROOT"
        and gov.pos_ in NOUN_POS
        and v.tag_ in ("VBN", "VBD")
        and any(c.dep_ in OBJ_DEPS for c in v.children)
    ):
        # "The air force carried out strikes" misparsed as a noun phrase with a reduced relative: a
        # participle with a direct object is no passive, so the noun is its subject
        return conjuncts(gov), True
    if dep in ("acl", "relcl") and gov.pos_ in NOUN_POS and v.tag_ == "VBG":
        if gov.dep_ in OBJ_DEPS and gov.head.pos_ in VERB_POS:
            # "issued a declaration demanding ...": the declaration's author demands
            return subjects_of(gov.head, lexicon, depth + 1)[0], False
        return conjuncts(gov), False
    return [], False


def _preps_of(*heads: Token | None) -> list[tuple[str, tuple[int, ...]]]:
    preps: list[tuple[str, tuple[int, ...]]] = []
    for h in heads:
        if h is None:
            continue
        for c in h.children:
            if c.dep_ in PREP_DEPS and c.pos_ in ("ADP", "SCONJ", "ADV", "PART"):
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if not objs:
                    # "according to", "away from": a prep under a prep
                    for g in c.children:
                        if g.dep_ == "prep":
                            objs.extend(x for x in g.children if x.dep_ == "pobj")
                if objs:
                    heads_ix: list[int] = []
                    for o in objs:
                        heads_ix.extend(t.i for t in conjuncts(o))
                    preps.append((c.lower_, tuple(heads_ix)))
    return preps


def _gerund_host(v: Token) -> Token | None:
    """ "retaliated by shelling X", "resorted to firing at X": a gerund after a preposition of manner or
    recourse is done by the subject of the active verb it hangs on. Not after a verb with an object
    ("accused X of spying": X spies) or a passive one, nor after "against"/"for" ("warned against
    attacking X" is no attack by the one who warns)."""
    if v.tag_ != "VBG" or v.dep_ != "pcomp":
        return None
    prep = v.head
    verb = prep.head
    if prep.dep_ != "prep" or verb.pos_ not in VERB_POS or verb.i > prep.i or _is_passive(verb):
        return None
    if any(c.dep_ in OBJ_DEPS for c in verb.children):
        return None
    word = prep.lower_
    if word in ("by", "in") or (word == "to" and verb.lemma_.lower() in RECOURSE_VERBS):
        return verb
    return None


def _participle_host(v: Token) -> Token | None:
    """ "sent a letter to X pledging ..." — a participle clause shares its host verb's recipient.

    The small model often hangs such a participle on the recipient ("X" acl), which would make the
    recipient the one who pledges; a participle on the object of "to" belongs to the sender instead.
    """
    if v.tag_ != "VBG":
        return None
    if v.dep_ == "advcl" and v.head.pos_ in VERB_POS:
        return v.head
    h = v.head
    if v.dep_ == "acl" and h.dep_ == "pobj" and h.head.lower_ == "to" and h.head.head.pos_ in VERB_POS:
        return h.head.head
    return None


def _is_time_prep(p: Token) -> bool:
    """ "on Monday", "in March": a time phrase, not the particle of a phrasal verb ("called on X")."""
    return p.dep_ == "prep" and any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in p.children)


def _first_object(v: Token | None) -> Token | None:
    if v is None:
        return None
    return next((c for c in v.children if c.dep_ in OBJ_DEPS), None)


def verb_clause(v: Token, lexicon: Lexicon, lemma: str) -> Clause:
    passive = _is_passive(v)
    if passive:
        objs = [c for c in v.children if c.dep_ in PASS_SUBJ_DEPS]
    else:
        objs = [c for c in v.children if c.dep_ in OBJ_DEPS]
        if not objs:
            objs = [c for c in v.children if c.dep_ == "dative" and c.pos_ in NOUN_POS]
        if not objs:
            # "wants Tehran to return": the small model makes the object the infinitive's subject
            for c in v.children:
                if (
                    c.dep_ in ("ccomp", "xcomp")
                    and c.i > v.i
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                ):
                    objs = [s for s in c.children if s.dep_ == "nsubj" and s.i > v.i][:1]
                    break
    obj_tokens: list[Token] = []
    for o in objs:
        obj_tokens.extend(conjuncts(o))
    subs, direct = subjects_of(v, lexicon)
    if passive and not any(c.dep_ == "agent" for c in v.children) and not _nested_agents(v):
        subs, direct = [], False
    xcomps = [c for c in v.children if c.dep_ in ("xcomp", "ccomp", "advcl") and c.pos_ in VERB_POS]
    xc = (
        xcomps[0] if xcomps and any(a.lower_ == "to" for a in xcomps[0].children if a.dep_ == "aux") else None
    )
    if xc is None:
        xcs = [c for c in v.children if c.dep_ == "xcomp"]
        xc = xcs[0] if xcs else None
    particles = tuple(
        c.lower_
        for c in v.children
        if c.dep_ in ("prt", "advmod", "prep") and c.i > v.i and not _is_time_prep(c)
    )
    first_obj = objs[0] if objs else None
    return Clause(
        head=v.i,
        pos="V",
        lemma=lemma,
        particles=particles,
        subject_groups=(tuple(s.i for s in subs),),
        subject_direct=direct,
        objects=tuple(o.i for o in obj_tokens),
        obj_lemma=first_obj.lemma_.lower() if first_obj is not None else None,
        preps=tuple(_preps_of(v, first_obj, xc, _first_object(xc), _participle_host(v))),
        xcomp=xc.i if xc is not None else None,
        xcomp_lemma=xc.lemma_.lower() if xc is not None else None,
        governor=None,
        passive=passive,
    )


def _noun_governor(n: Token, lexicon: Lexicon) -> Token | None:
    """The verb whose object (or prep object: "engaged in talks") this event noun is."""
    h = n.head
    if n.dep_ in OBJ_DEPS or (n.dep_ in PASS_SUBJ_DEPS and h.pos_ in VERB_POS):
        return h
    if (
        n.dep_ == "pobj"
        and h.dep_ == "prep"
        and h.head.pos_ in VERB_POS
        and h.lower_ in ("in", "into", "for", "to", "on")
    ):
        return h.head
    if n.dep_ == "conj":
        return _noun_governor(h, lexicon) if h.pos_ in NOUN_POS else None
    if n.dep_ == "pobj" and h.lower_ == "of" and h.head.lemma_.lower() in QUANTITY_NOUNS:
        # "launched a wave of strikes": the strikes are what the light verb launched
        return _noun_governor(h.head, lexicon)
    return None


def noun_clause(n: Token, lexicon: Lexicon, lemma: str) -> Clause:
    """An event noun: its source from a possessive, an actor word before it ("a Russian attack"), a
    by/from phrase, the subject of the light verb it is the object of ("held talks"), or "of".

    An event noun that only modifies a carrier noun ("a mediation mission between X and Y", "launched a
    mediation effort") takes the carrier's place in the sentence."""
    groups: list[tuple[int, ...]] = []
    carrier = n.head if n.dep_ == "compound" and lexicon.in_class(n.head.lemma_.lower(), "CARRIER") else None
    a = carrier if carrier is not None else n
    poss = [
        t.i
        for c in a.children
        if c.dep_ == "poss" and c.lower_ not in ("its", "their", "his", "her", "our", "my", "your")
        for t in conjuncts(c)
    ]
    groups.append(tuple(poss))
    # "a Russian attack", "US sanctions" — but after the light verb's subject: in "Egypt attended the
    # African Union summit" the union hosts and Egypt attends
    modifiers = tuple(
        c.i for c in a.children if c.dep_ in ("amod", "compound", "nmod") and c.i < a.i and c.i != n.i
    )
    preps = _preps_of(n, carrier)
    groups.append(
        tuple(i for name, heads in preps if name in NOUN_SOURCE_PREPS and name != "of" for i in heads)
    )
    gov = _noun_governor(a, lexicon)
    objects: tuple[int, ...] = ()
    if gov is not None:
        gl = gov_lemma(gov, lexicon)
        on_trip = a.dep_ == "pobj" and (
            a.head.lower_ == "on"  # "is on a visit to", "went on strike"
            or (a.head.lower_ == "for" and gl in GATHER_VERBS)  # "flew to Oslo for talks"
        )
        if on_trip or any(
            lexicon.has_role(gl, r) for r in ("light", "negate", "future", "hypothetical", "intent")
        ):
            subs, _ = subjects_of(gov, lexicon)
            if lexicon.has_role(gl, "negate"):
                # "South Korea rejected North Korea's demand": who refuses comes before whose it was
                groups.insert(0, tuple(s.i for s in subs))
            else:
                groups.append(tuple(s.i for s in subs))
            preps += _preps_of(gov)
            # "engaged Filipino peacekeepers in a firefight": the light verb's object is the target
            objects = tuple(
                t.i
                for c in gov.children
                if c.dep_ in OBJ_DEPS and c.i not in (n.i, a.i)
                for t in conjuncts(c)
            )
    groups.append(modifiers)
    if lemma in OF_AGENT_NOUNS:
        groups.append(tuple(i for name, heads in preps if name == "of" for i in heads))
    return Clause(
        head=n.i,
        pos="N",
        lemma=lemma,
        particles=tuple(c.lemma_.lower() for c in n.children if c.dep_ in ("compound", "amod") and c.i < n.i),
        subject_groups=tuple(g for g in groups if g),
        subject_direct=bool(poss),
        objects=objects,
        obj_lemma=None,
        preps=tuple(preps),
        xcomp=None,
        xcomp_lemma=None,
        governor=gov.i if gov is not None else None,
        passive=False,
    )


def candidate_clauses(sent: Span, lexicon: Lexicon) -> Iterator[Clause]:
    """Every verb or noun of the sentence that the lexicon knows, with its arguments."""
    verbs = lexicon.verbs
    nouns = lexicon.nouns
    for tok in sent:
        pos = tok.pos_
        if pos in VERB_POS:
            lem = lemma_in(tok, verbs)
            if lem is not None:
                yield verb_clause(tok, lexicon, lem)
        elif pos == "NOUN" or (pos == "PROPN" and not tok.ent_type_):
            # a noun inside a name ("Border Patrol", "Cancer Support") is no event
            lem = lemma_in(tok, nouns)
            if lem is not None:
                yield noun_clause(tok, lexicon, lem)
