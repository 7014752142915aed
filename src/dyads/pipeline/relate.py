"""How the records of one sentence relate to each other, and which of them stand as records.

An event noun inside another coded act's phrase is that act's topic ("thanked X for its assistance"), and
its actor becomes the act's target when the act has none; what a coded appeal, pledge, threat or demand
asks for is its content, not another record ("urged Iran to release ..."); a claimed hostile act is a claim
of responsibility or an accusation ("X claimed that it / Y attacked ..."). Ids live here too, so that a
record re-coded by these rules gets the id its new code and spans give.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Collection
from typing import TYPE_CHECKING

from dyads.codebook.cameo import Cameo
from dyads.codebook.lexicon import Lexicon
from dyads.model import Actor, Event, Modality, Span
from dyads.pipeline.classify import Match
from dyads.pipeline.clauses import gov_lemma

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CODER_VERSION = "dyads-coder-1"
# verbs whose reported hostile act is a claim of responsibility (own act) or an accusation (another's)
CLAIM_LEMMAS = frozenset({"claim"})
CLAIM_CODE = "015"
ACCUSE_CODE = "112"
GOVERNOR_ROLES = ("light", "negate", "future", "hypothetical", "intent")
# how an event noun hangs inside another predicate's phrase (see _nesting_host)
NESTING_DEPS = frozenset(
    {"pobj", "prep", "dobj", "nsubjpass", "conj", "appos", "compound", "npadvmod", "pcomp", "acl"}
)
STATEMENT_CODES = frozenset({"010"})
VERBAL_ROOTS = frozenset({"01", "02", "10", "11", "12", "13"})


def event_id(article_id: str, code: str, spans: tuple[Span | None, ...]) -> str:
    key = f"{CODER_VERSION}|{article_id}|{code}|{spans!r}"
    return "e-" + hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()


def _nesting_host(
    n: Token, m: Match, heads: set[int], lexicon: Lexicon, matched: Collection[int] = ()
) -> int | None:
    """The act whose phrase holds this event noun: the noun is that act's topic, cause or object, not
    an act of its own ("thanked X for its assistance", "blamed X for the bombing", "warned about a
    Russian buildup", "ratified the agreement"). Under a predicate that gives no record of its own, only
    a complement is its topic ("officials accused of a role in the massacre"); a subject is the
    sentence's news and stays ("X's abduction of children was condemned")."""
    if m.clause.pos != "N":
        return None
    if m.clause.governor is not None:
        gl = gov_lemma(n.doc[m.clause.governor], lexicon)
        if lexicon.has_role(gl, "negate") and m.clause.governor in heads:
            return m.clause.governor  # "rejected a US request" coded as the rejection itself
        if any(lexicon.has_role(gl, r) for r in GOVERNOR_ROLES):
            return None  # "held talks", "skipped the summit": the noun is the act itself
    t = n
    subject = False
    for _ in range(6):
        if t.dep_ not in NESTING_DEPS or t.head is t:
            return None
        subject = subject or t.dep_ == "nsubjpass"
        t = t.head
        if t.i in heads or (t.i in matched and not subject):
            return t.i
    return None


def _content_of_coded(v: Token, acts: set[int], evs: list[Event]) -> bool:
    """An act that a coded act asks for, promises or threatens ("urged Iran to release ...", "pledged to
    expel ...", "threatened to strike ...", "said the US must be ready to mediate") is that act's
    content: the appeal, pledge, threat or demand is the record, the unrealised act is not another one.
    ``acts`` are the heads of the sentence's coded acts other than bare statements."""
    if any(e.modality is Modality.ASSERTED for e in evs):
        return False
    t = v
    for _ in range(4):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        if not (t.dep_ in ("xcomp", "advcl") and infinitive) and t.dep_ not in ("ccomp", "acomp"):
            return False
        t = t.head
        if t.i in acts:
            return True
    return False


def _claims(
    doc: Doc, matches: list[Match], per_match: list[list[Event]], cameo: Cameo, article_id: str
) -> list[list[Event]]:
    """ "X claimed that it attacked Y" is a claim of responsibility (015) toward Y; "X claimed that Y
    attacked Z" an accusation (112) of Y. The claimed hostile act is the claim's content, not a record."""
    by_head = {m.clause.head: k for k, m in enumerate(matches)}
    out = list(per_match)
    for k, m in enumerate(matches):
        if m.clause.pos != "V" or m.clause.lemma not in CLAIM_LEMMAS or m.pattern.obj is not None:
            continue
        for c in doc[m.clause.head].children:
            j = by_head.get(c.i)
            if c.dep_ != "ccomp" or j is None or not out[k]:
                continue
            content = [e for e in out[j] if e.quad in (3, 4)]
            if not content:
                continue
            own = any(same_actor(e.source, cl.source) for e in content for cl in out[k])
            code = cameo.get(CLAIM_CODE if own else ACCUSE_CODE)
            sides = {
                actor_key(a): (a, span)
                for e in content
                for a, span in ((e.target, e.evidence.target) if own else (e.source, e.evidence.source),)
                if a is not None
            }
            recoded: list[Event] = []
            for cl in out[k]:
                ev = cl.evidence
                for a, span in sides.values() or [(None, None)]:
                    spans = (ev.source, ev.action, span, ev.place, ev.date)
                    recoded.append(
                        dataclasses.replace(
                            cl,
                            id=event_id(article_id, code.code, spans),
                            cameo=code.code,
                            cameo_root=code.root,
                            goldstein=code.goldstein,
                            quad=code.quad,
                            plover=code.plover,
                            target=a,
                            evidence=dataclasses.replace(ev, target=span),
                        )
                    )
            out[k] = recoded
            out[j] = []
    return out


def _retargeted(e: Event, topics: list[Event], article_id: str) -> list[Event]:
    """A one-sided record of an act about another actor's act ("warned about a Russian buildup") takes
    that actor as its target."""
    out: list[Event] = []
    seen: set[str | None] = set()
    for t in topics:
        a = t.source
        key = a.country or a.name
        if not (a.country or a.sector == "IGO") or same_actor(a, e.source) or key in seen:
            continue
        seen.add(key)
        ev = e.evidence
        spans = (ev.source, ev.action, t.evidence.source, ev.place, ev.date)
        out.append(
            dataclasses.replace(
                e,
                id=event_id(article_id, e.cameo, spans),
                target=a,
                evidence=dataclasses.replace(ev, target=t.evidence.source),
            )
        )
    return out or [e]


def same_actor(a: Actor, b: Actor) -> bool:
    """One actor twice ("China ... with Beijing"); a state's government and its protesters are two."""
    if a.kind == "person" and b.kind == "person" and a.name and b.name:
        return a.name == b.name
    same = (a.country, a.sector, a.name) == (b.country, b.sector, b.name)
    return same and (a.country or a.name) is not None


def actor_key(a: Actor) -> tuple[str | None, str | None]:
    return (a.name or a.country, a.sector)


def relate(
    doc: Doc,
    matches: list[Match],
    per_match: list[list[Event]],
    lexicon: Lexicon,
    cameo: Cameo,
    article_id: str,
) -> list[Event]:
    """The records that stand, from each match's records (in match order)."""
    per_match = _claims(doc, matches, per_match, cameo, article_id)
    coded_heads = {m.clause.head for m, evs in zip(matches, per_match, strict=True) if evs}
    acts = {
        m.clause.head
        for m, evs in zip(matches, per_match, strict=True)
        if any(e.cameo not in STATEMENT_CODES for e in evs)
    }
    # uncoded verbal acts whose complement names what they are about ("accused of a role in ...");
    # "killed in Russian shelling" keeps the shelling, which says who killed
    matched_heads = {m.clause.head for m in matches if m.pattern.code[:2] in VERBAL_ROOTS}
    # an event noun inside another coded act's phrase is that act's topic; its actor, the act's target
    about: dict[int, list[Event]] = {}
    nested: set[int] = set()
    for n, (m, evs) in enumerate(zip(matches, per_match, strict=True)):
        host = _nesting_host(doc[m.clause.head], m, coded_heads, lexicon, matched_heads) if evs else None
        if host is not None:
            nested.add(n)
            about.setdefault(host, []).extend(evs)
        elif evs and _content_of_coded(doc[m.clause.head], acts, evs):
            nested.add(n)
    events: list[Event] = []
    for n, (m, evs) in enumerate(zip(matches, per_match, strict=True)):
        if n in nested:
            continue
        topics = about.get(m.clause.head, [])
        for e in evs:
            events.extend(_retargeted(e, topics, article_id) if e.target is None and topics else [e])
    return events
