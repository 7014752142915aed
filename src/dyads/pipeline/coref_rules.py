"""The vocabulary and matching rules of within-article coreference (:mod:`dyads.pipeline.coref`).

Word lists (pronouns, dependency labels, title families, organisation nouns, modifiers that make a
description someone else), the :class:`Antecedent` a mention links to and :func:`adopt`, which gives a
record's mention its antecedent's actor, the :class:`Ref` entries of the pass's history, and the tests of
whether a bare title, a description or a repeated name may stand for an earlier actor.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from dyads.model import Actor


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
class Ref:
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


def title_fits(mention: str, antecedent: str | None) -> bool:
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


def description_fits(mention: Actor) -> Callable[[Actor], bool] | None:
    """Which earlier actors a definite description the dictionary resolved only in part may stand for."""
    title, country, sector = mention.title, mention.country, mention.sector
    if mention.kind == "person" and title is not None:
        if country is None:  # "the president": the nearest person with a fitting title
            return lambda a: a.kind == "person" and title_fits(title, a.title)
        # "the Chinese president": the nearest Chinese president, for the name
        return lambda a: (
            a.kind == "person" and a.country == country and a.name is not None and title_fits(title, a.title)
        )
    if mention.kind in ("organization", "group") and country is None and sector is not None:
        # "the ministry" after "Japan's foreign ministry", "the paramilitary group" after the RSF
        return lambda a: a.kind in ("organization", "group") and a.sector == sector and a.country is not None
    return None


def name_words(text: str) -> list[str]:
    """Lower-case words of a name without honorifics or accents ("Fernández" is "Fernandez")."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").removesuffix("'s"))
    words = "".join(c for c in text if not unicodedata.combining(c)).lower().split()
    return [w for w in words if w not in HONORIFICS]
