"""One parsed article → Event records: actors, modality, date, place, evidence, ids and confidence.

Source, action, target and place of one record come from one sentence; ids are a hash of the article id,
the evidence spans, the code and the coder version, so the same text gives the same ids run after run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dyads.codebook.cameo import Cameo
from dyads.codebook.gazetteer import Gazetteer
from dyads.codebook.lexicon import Lexicon
from dyads.model import (
    Actor,
    Article,
    Attribution,
    DatePrecision,
    Event,
    Evidence,
    Modality,
    Place,
    Span,
)
from dyads.pipeline.classify import Match, classify
from dyads.pipeline.clauses import Clause, candidate_clauses, conjuncts, gov_lemma
from dyads.pipeline.geoparse import ResolvedPlace, geoparse
from dyads.pipeline.modality import read_modality
from dyads.pipeline.relate import STATEMENT_CODES, actor_key, event_id, relate, same_actor
from dyads.pipeline.resolve import (
    PLACE_PREPS,
    ActorResolver,
    ResolvedActor,
    SentenceResolver,
    date_for,
    dateline,
    place_for,
    speaker_for_pronoun,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

LOCAL_BY_COUNTERPART = frozenset({"COP", "JUD", "LEG"})
NOT_LOCAL = frozenset({"IGO", "NGO", "REF", "REB", "UAF", "CRM", "MIL", "SPY"})
FALLBACK_SKIP_DEPS = frozenset(
    {"relcl", "acl", "agent", "ccomp", "parataxis", "conj", "cc", "punct", "nsubj", "nsubjpass", "appos"}
)
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
SOCIETY_SECTORS = frozenset({"OPP", "CVL", "PTY", "LAB", "EDU", "REL", "BUS", "AGR", "MED", "JRN", "ELI"})
INSIDE_SECTORS = SOCIETY_SECTORS | {"REB", "UAF"}  # whom a generic state actor acts on at home
RECIPROCAL_SLOTS = frozenset({"with", "between"})
DEMAND_CODE = "100"
# acts only a state's police, courts or border guards do: arrest and detain (173), expel and deport (174)
STATE_ONLY_CODES = ("173", "174")
# verbal acts whose content is a clause: its subject is who the act is about
CLAUSE_CONTENT_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})
OBLIGATION_MODALS = frozenset({"must", "should", "ought"})
HISTORICAL_DAYS = 365
TOPIC_PREPS = frozenset({"on", "about", "regarding", "concerning"})


@dataclass(frozen=True, slots=True)
class CoderParts:
    """What coding needs besides the parse: the loaded codebook pieces, passed in (no globals)."""

    cameo: Cameo
    lexicon: Lexicon
    actors: ActorResolver
    gazetteer: Gazetteer | None = None


def _speaker_actor(res: SentenceResolver, i: int | None) -> Attribution | None:
    if i is None:
        return None
    ra = res.actor(i)
    tok = res.doc[i]
    if ra is None:
        start, end = tok.idx, tok.idx + len(tok.text)
        return Attribution(text=res.doc.text[start:end], name=None, country=None, sector=None)
    a = ra.actor
    return Attribution(text=a.text, name=a.name, country=a.country, sector=a.sector)


def _according_to(sent: SpacySpan, res: SentenceResolver) -> Attribution | None:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and tok.doc[tok.i + 1].lower_ == "to":
            for c in tok.doc[tok.i + 1].children:
                if c.dep_ == "pobj":
                    return _speaker_actor(res, c.i)
    return None


def _confidence(m: Match, source: ResolvedActor, target: ResolvedActor | None, modality: Modality) -> float:
    c = 0.45
    if m.clause.subject_direct:
        c += 0.1
    if source.actor.country or source.actor.sector == "IGO":
        c += 0.1
    elif source.actor.sector is None:
        c -= 0.15  # a named actor the dictionary does not know
    if target is not None:
        c += 0.1
    elif m.pattern.target:
        c -= 0.05
    if m.pattern.obj is not None or m.pattern.particle:
        c += 0.1
    if m.pattern.code in STATEMENT_CODES:
        c -= 0.1
    if modality is not Modality.ASSERTED:
        c -= 0.05
    return round(max(0.05, min(0.95, c)), 3)


def _fallback_targets(
    doc: Doc,
    head: Token,
    governor: Token | None,
    subjects: set[int],
    res: SentenceResolver,
    sources: list[ResolvedActor],
    topics: bool = False,
) -> list[ResolvedActor]:
    """The nearest actor after the predicate inside its own clause — its other prepositions and purpose
    clauses ("blocked roads to press their demands on the government") — when the pattern's own slot
    is empty. Relative, reported and coordinated clauses are other events' business and are skipped."""
    roots = [t for t in (head, governor) if t is not None]
    seen: set[int] = set(subjects)
    stack = [c for r in roots for c in r.children if c.i > r.i]
    found: list[tuple[int, ResolvedActor]] = []
    while stack:
        t = stack.pop()
        if t.i in seen or t.dep_ in FALLBACK_SKIP_DEPS:
            continue
        if t.dep_ == "prep" and t.lower_ in PLACE_PREPS:
            continue  # "in Canberra" is where, not whom (see place_for)
        if t.dep_ == "prep" and t.lower_ in TOPIC_PREPS and not topics:
            continue  # "a summit on Iran": what it is about, only when nothing else says whom
        seen.add(t.i)
        if t.pos_ in ("NOUN", "PROPN") and t.i > head.i:
            for ra in res.actors(t.i):
                if ra.actor.country or ra.actor.sector == "IGO":
                    if not any(same_actor(ra.actor, s.actor) for s in sources):
                        found.append((t.i, ra))
                    break
        stack.extend(t.children)
    if not found:
        return []
    first = min(i for i, _ in found)
    return [ra for i, ra in found if i == first]


def _own_actors(n: Token, res: SentenceResolver, sources: list[ResolvedActor]) -> list[ResolvedActor]:
    """The actors an event noun names as its own (possessive, "a US request") that are not its source."""
    out: list[ResolvedActor] = []
    for c in n.children:
        if c.i > n.i or c.dep_ not in ("poss", "amod", "compound", "nmod") or c.pos_ == "PRON":
            continue  # "his remarks" is the speaker's own
        for t in conjuncts(c):
            for ra in res.actors(t.i):
                if (ra.actor.country or ra.actor.sector == "IGO") and not any(
                    same_actor(ra.actor, s.actor) or ra.span == s.span for s in sources
                ):
                    out.append(ra)
    return out


def _host_targets(head: Token, res: SentenceResolver, sources: list[ResolvedActor]) -> list[ResolvedActor]:
    """A purpose clause shares its host's counterpart: "met X to discuss ...", "flew to X to mediate"."""
    if head.dep_ not in ("advcl", "xcomp") or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in head.children
    ):
        return []
    host = head.head
    if host.pos_ not in ("VERB", "AUX") or host.i > head.i:
        return []
    cands = [c for c in host.children if c.dep_ in ("dobj", "obj") and c.i < head.i]
    cands += [
        g
        for c in host.children
        if c.dep_ == "prep" and c.lower_ in ("with", "to") and c.i < head.i
        for g in c.children
        if g.dep_ == "pobj"
    ]
    out: list[ResolvedActor] = []
    for c in cands:
        for t in conjuncts(c):
            for ra in res.actors(t.i):
                if (ra.actor.country or ra.actor.sector == "IGO") and not any(
                    same_actor(ra.actor, s.actor) for s in sources
                ):
                    out.append(ra)
    return out


def _reported_subjects(doc: Doc, verb: Token, res: SentenceResolver) -> tuple[list[ResolvedActor], bool]:
    """The actors a reported clause is about, and whether it says they must do something."""
    for c in verb.children:
        if c.dep_ != "ccomp":
            continue
        # "X said he would ...": the pronoun is X (the speaker rule), not someone the statement is about
        subs = [
            s for s in c.children if s.dep_ in ("nsubj", "nsubjpass") and not speaker_for_pronoun(doc, s.i)
        ]
        found = [ra for s in subs for t in conjuncts(s) for ra in res.actors(t.i)]
        obliged = any(a.dep_ == "aux" and a.lower_ in OBLIGATION_MODALS for a in c.children) or (
            c.lemma_ == "have" and any(x.dep_ == "xcomp" for x in c.children)  # "Y has to ..."
        )
        return found, obliged
    return [], False


def _trailing_attribution(verb: Token) -> bool:
    """A reporting verb after the clause it reports ("Israel released ..., officials said")."""
    if verb.dep_ == "parataxis" and verb.head.i < verb.i:
        return True
    return any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children)


def _group_in_place(a: ResolvedActor, place: Place | None, sources: list[ResolvedActor]) -> ResolvedActor:
    """A stateless armed group attacked in another state ("bombed Islamic State positions near Mosul")
    is that state's militants: the recipient's country is where the act took place."""
    act = a.actor
    if act.country is not None or act.sector not in ("REB", "UAF") or place is None or not place.country:
        return a
    if any(s.actor.country == place.country for s in sources):
        return a
    return ResolvedActor(dataclasses.replace(act, country=place.country), a.span)


def _localised(
    a: ResolvedActor, place: Place | None, others: list[ResolvedActor], home: str | None
) -> ResolvedActor:
    """Give a generic domestic actor ("protesters", "police", "the government") the country it acts in.

    From the event's own place first ("protesters in Hong Kong blocked roads"); then from the other side
    when one side is the state and the other its society — police, courts and governments act on their
    own people, and people protest to their own government ("police arrested Turkish activists",
    "opposition groups in Zimbabwe demanded that the president ..."); else the dateline's country.
    Named organisations and persons keep what the dictionary says; nothing comes from another sentence.
    """
    act = a.actor
    if act.country is not None or act.sector in (None, "IGO", "NGO") or act.name is not None:
        return a
    # officials and soldiers travel: only society, police, courts and parliaments take the place's country
    local_by_place = act.sector in SOCIETY_SECTORS or act.sector in LOCAL_BY_COUNTERPART
    country = place.country if place is not None and local_by_place else None
    if country is None:
        if act.sector in LOCAL_BY_COUNTERPART:
            # the people a court or parliament acts on, not a foreign state it addresses ("Congress
            # criticised Mexico" is no Mexican congress)
            country = next(
                (o.actor.country for o in others if o.actor.country and o.actor.kind != "state"), None
            )
        elif act.sector in STATE_SECTORS:
            # "government forces shelled rebel positions in Darfur": a state fights its own insurgents
            country = next(
                (o.actor.country for o in others if o.actor.country and o.actor.sector in INSIDE_SECTORS),
                None,
            )
        elif act.sector in SOCIETY_SECTORS:
            country = next(
                (o.actor.country for o in others if o.actor.country and o.actor.sector in STATE_SECTORS), None
            )
    if country is None and act.sector not in NOT_LOCAL:
        country = home  # the dateline's country: "police" in a story from Seoul
    if country is None:
        return a
    return ResolvedActor(dataclasses.replace(act, country=country), a.span)


def code_sentence(
    doc: Doc,
    sent: SpacySpan,
    sent_index: int,
    article: Article,
    parts: CoderParts,
    home: str | None = None,
    dateline_end: int = 0,
    places: Sequence[ResolvedPlace] = (),
    res: SentenceResolver | None = None,
) -> list[Event]:
    lexicon = parts.lexicon
    if res is None:
        res = SentenceResolver(doc, parts.actors, article.published, skip_before=dateline_end)
    matches: list[Match] = []
    for clause in candidate_clauses(sent, lexicon):
        m = classify(clause, doc, lexicon, res.is_actor)
        if m is not None:
            matches.append(m)
    if not matches:
        return []
    # a noun with its own modifier pattern ("held joint exercises", "staged a hunger strike") says more
    # than the light verb's general pattern that would use it up as its object
    marked = {
        m.clause.head
        for m in matches
        if m.clause.pos == "N"
        and m.pattern.particle is not None
        and m.clause.governor is not None
        and lexicon.has_role(gov_lemma(doc[m.clause.governor], lexicon), "light")
    }
    if marked:
        matches = [m for m in matches if m.clause.pos == "N" or not marked.intersection(m.consumed)]
    consumed = {i for m in matches for i in m.consumed}
    matches = [m for m in matches if m.clause.head not in consumed]
    attribution_default = _according_to(sent, res)
    per_match = [
        _events_for(doc, sent, sent_index, article, parts, res, m, attribution_default, home, places)
        for m in matches
    ]
    events = relate(doc, matches, per_match, lexicon, parts.cameo, article.id)
    if any(e.cameo not in STATEMENT_CODES for e in events):
        events = [e for e in events if e.cameo not in STATEMENT_CODES]
    events = [e for e in events if e.cameo not in STATEMENT_CODES or e.target is not None]
    # one record per (source, target, code) in a sentence: the most confident
    best: dict[tuple[str | None, str | None, str | None, str | None, str], Event] = {}
    for e in events:
        k = (
            e.source.name or e.source.country,
            e.source.sector,
            (e.target.name or e.target.country) if e.target else None,
            e.target.sector if e.target else None,
            e.cameo,
        )
        if k not in best or e.confidence > best[k].confidence:
            best[k] = e
    # a record without a target says less than one of the same source and root with a target
    # ("met X on Tuesday to discuss ...") and is left out
    targeted = {(actor_key(e.source), e.cameo_root) for e in best.values() if e.target is not None}
    kept = [
        e
        for e in best.values()
        if e.target is not None or (actor_key(e.source), e.cameo_root) not in targeted
    ]
    return sorted(kept, key=lambda e: (e.evidence.action or (0, 0), e.id))


def _state_of_place(
    sent: SpacySpan, clause: Clause, m: Match, parts: CoderParts, places: Sequence[ResolvedPlace]
) -> list[ResolvedActor]:
    """ "X was arrested in Lebanon": an agentless passive of an act only a state does, in a place of
    the clause's own — the state that place belongs to did it."""
    if not m.pattern.code.startswith(STATE_ONLY_CODES):
        return []
    used = set(clause.subjects) | set(m.targets) | set(clause.objects)
    place, place_span = place_for(sent, {clause.head}, used, parts.actors, places)
    if place is None or place_span is None or not place.country:
        return []
    state = Actor(text=place.text, name=None, country=place.country, sector=None, kind="state")
    return [ResolvedActor(state, place_span)]


def _events_for(
    doc: Doc,
    sent: SpacySpan,
    sent_index: int,
    article: Article,
    parts: CoderParts,
    res: SentenceResolver,
    m: Match,
    attribution_default: Attribution | None,
    home: str | None,
    places: Sequence[ResolvedPlace],
) -> list[Event]:
    clause = m.clause
    head = doc[clause.head]
    governor = doc[clause.governor] if clause.governor is not None else None
    reading = read_modality(head, governor, parts.lexicon)
    sources: list[ResolvedActor] = []
    for group in clause.subject_groups:
        for i in group:
            found = res.actors(i)
            if found:
                sources.extend(found)
                continue
            for sp in speaker_for_pronoun(doc, i):
                ra = res.actor(sp)
                if ra is not None:
                    sources.append(ra)
        if sources:
            break
    targets = [ra for i in m.targets for ra in res.actors(i)]
    topic_targets: list[ResolvedActor] = []
    if m.pattern.inverse:
        # "received weapons from X": X supplies them
        sources, targets = targets, sources
    if not sources and clause.passive and clause.pos == "V" and not m.pattern.inverse:
        sources = _state_of_place(sent, clause, m, parts, places)
    if not sources and not (m.between and len(targets) >= 2):
        return []
    code = parts.cameo.get(m.pattern.code)
    reciprocal = any(slot in RECIPROCAL_SLOTS for slot in m.pattern.target)
    if not targets and clause.pos == "N" and sources and not m.pattern.inverse:
        # "rejected a US request", "welcomed Japan's offer": whose the act was, when someone else acts on it
        targets = _own_actors(head, res, sources)
    if (
        not targets
        and m.pattern.target
        and sources
        and not (reciprocal and len(sources) >= 2)
        and not m.pattern.inverse
    ):
        targets = _fallback_targets(doc, head, governor, set(clause.subjects), res, sources)
        if not targets:
            targets = _host_targets(head, res, sources)
        if not targets:
            topic_targets = _fallback_targets(doc, head, governor, set(clause.subjects), res, sources, True)
    if code.code in STATEMENT_CODES and _trailing_attribution(head):
        # "..., officials said." names who reports the sentence's news (the attribution); it is no
        # statement event of its own, whoever the news is about
        return []
    if code.root in CLAUSE_CONTENT_ROOTS and not targets:
        # "X said (that) Y must ...": a demand on Y; "X said / alleged / denied that Y ...": about Y
        told, obliged = _reported_subjects(doc, head, res)
        told = [
            t
            for t in told
            if (t.actor.country or t.actor.sector == "IGO" or t.actor.kind == "person")
            and not any(same_actor(t.actor, s.actor) for s in sources)
        ]
        if told:
            targets = told
            if obliged and code.code in STATEMENT_CODES:
                code = parts.cameo.get(DEMAND_CODE)
    anchors = {clause.head}
    if clause.governor is not None:
        anchors.add(clause.governor)
    if clause.xcomp is not None:
        anchors.add(clause.xcomp)
    future = reading.modality is Modality.FUTURE or not reading.past
    rdate, date_span = date_for(sent, anchors, article.published, future=future)
    used = set(clause.subjects) | set(m.targets)
    place, place_span = place_for(sent, anchors, used, parts.actors, places)
    # "X and Y met/signed/clashed": each with the other — only for acts done *with* someone
    if (
        place is not None
        and place_span is not None
        and place.country
        and m.pattern.target
        and not targets
        and sources
        and not (len(sources) >= 2 and reciprocal)
        and all(s.actor.country is not None and s.actor.country != place.country for s in sources)
    ):
        # one actor's act in another state ("held exercises in Alaska", "protested in Beijing"): that
        # state is the recipient, as CAMEO coders code it — from this clause only, never another sentence
        host = Actor(text=place.text, name=None, country=place.country, sector=None, kind="state")
        targets = [ResolvedActor(host, place_span)]
    if not targets and topic_targets:
        targets = topic_targets
    sources = [_localised(a, place, targets, home) for a in sources]
    targets = [_group_in_place(_localised(a, place, sources, home), place, sources) for a in targets]
    pairs: list[tuple[ResolvedActor, ResolvedActor | None]] = []
    if m.between and len(targets) >= 2 and not sources:
        # "talks between Armenia and Azerbaijan": each side toward the other
        pairs = [(a, b) for a in targets for b in targets if a is not b]
    elif targets:
        pairs = [(s, t) for s in sources for t in targets if not same_actor(s.actor, t.actor)]
        if not pairs:
            pairs = [(s, None) for s in sources]
    elif len(sources) >= 2 and reciprocal:
        pairs = [(a, b) for a in sources for b in sources if a is not b and not same_actor(a.actor, b.actor)]
        if not pairs:
            pairs = [(s, None) for s in sources]
    else:
        pairs = [(s, None) for s in sources]
    modality = reading.modality
    pub = article.published
    if rdate is not None and pub is not None and modality is Modality.ASSERTED:
        if rdate.date > pub and not reading.past:
            modality = Modality.FUTURE
        elif (pub - rdate.date).days > HISTORICAL_DAYS and rdate.precision is not DatePrecision.UNKNOWN:
            modality = Modality.HISTORICAL
    if rdate is not None:
        ev_date: dt.date | None = rdate.date
        precision = rdate.precision
    elif pub is not None:
        ev_date = pub
        precision = DatePrecision.DAY if modality is Modality.ASSERTED else DatePrecision.UNKNOWN
    else:
        ev_date, precision = None, DatePrecision.UNKNOWN
    attribution = _speaker_actor(res, reading.speaker) if reading.speaker is not None else attribution_default
    a_start = min(head.idx, governor.idx if governor is not None else head.idx)
    a_end_tok = head if governor is None or governor.i < head.i else governor
    action: Span = (a_start, a_end_tok.idx + len(a_end_tok.text))
    out: list[Event] = []
    for src, tgt in pairs:
        spans = (src.span, action, tgt.span if tgt else None, place_span, date_span)
        out.append(
            Event(
                id=event_id(article.id, code.code, spans),
                article_id=article.id,
                date=ev_date,
                date_precision=precision,
                source=src.actor,
                target=tgt.actor if tgt else None,
                cameo=code.code,
                cameo_root=code.root,
                goldstein=code.goldstein,
                quad=code.quad,
                plover=code.plover,
                modality=modality,
                attribution=attribution,
                place=place,
                evidence=Evidence(
                    sentence=sent.text,
                    sentence_index=sent_index,
                    start=sent.start_char,
                    end=sent.end_char,
                    source=src.span,
                    action=action,
                    target=tgt.span if tgt else None,
                    place=place_span,
                    date=date_span,
                ),
                confidence=_confidence(m, src, tgt, modality),
            )
        )
    return out


def code_doc(doc: Doc, article: Article, parts: CoderParts) -> list[Event]:
    """All events of one parsed article, in text order."""
    events: list[Event] = []
    home, dateline_end = dateline(doc.text, parts.actors, parts.gazetteer)
    places = geoparse(doc, parts.gazetteer, prefer=[home] if home else []) if parts.gazetteer else []
    # one resolver per doc: its cache serves every sentence, and coreference needs the whole article
    res = SentenceResolver(doc, parts.actors, article.published, skip_before=dateline_end)
    res.with_coref(getattr(parts.actors, "is_known_token", None))
    for idx, sent in enumerate(doc.sents):
        if len(sent) < 3:
            continue
        events.extend(code_sentence(doc, sent, idx, article, parts, home, dateline_end, places, res))
    return events
