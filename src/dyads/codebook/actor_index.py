"""Tokenising phrases and compiling the actor data rows into an n-gram index (internal to the codebook).

Every alias is tokenised the way phrases are (:func:`tokenize`): words, acronyms with dots ("U.S."),
possessive "'s" and the separators , ; : ( ) & as tokens; hyphens, dots and other apostrophes dropped;
accents folded ("Élysée" = "Elysee"); "St" read as "saint" and "&" as "and"; a leading "the" is not part
of a key. The key of an alias is its lower-cased tokens; its *case pattern* (:func:`fits`) keeps what the
text must respect: all-capitals tokens ("US", "U.S.", "G20") exactly, a capitalised first word
("Turkey") as capitalised.

Rules of the index: one meaning per phrase and case pattern. Two built-in rows giving one phrase two
meanings is an error naming both places; a user file's row replaces a built-in one (and a later user file
an earlier one). A person's roles come from the user files if any user row names them, else from the
built-in file. Derived aliases (demonym plurals, pycountry's names) never displace a written one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pycountry

from dyads.codebook import actor_files as af

COUNTRY, DEMONYM, CAPITAL, ORG, SECTOR, PERSON, BLOCK = range(7)
_WHAT = ("country", "demonym", "capital", "organization", "sector word", "person", "non-actor phrase")

_RANK = {
    **dict.fromkeys(("REB", "OPP"), 9.0),
    **dict.fromkeys(("UAF", "CRM", "SPY"), 8.0),
    **dict.fromkeys(("PTY", "COP", "JUD", "REF"), 7.0),
    **dict.fromkeys(("MIL", "LEG"), 6.0),
    **dict.fromkeys(("IGO", "NGO", "REL", "JRN", "MED", "EDU", "BUS", "LAB", "AGR"), 5.0),
    **dict.fromkeys(("ELI", "SOC", "PRE"), 4.0),
    "CVL": 3.0,
    "GOV": 2.0,
    "UNK": 1.0,
}
_WEAK_RANK = 0.5

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}|['’]s\b|[^\W_]+(?:['’](?!s\b)[^\W_]+)*|[,;:()&]")
_FOLD_TABLE = str.maketrans({"’": "'", "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "ß": "ss"})
_NORM = {"st": "saint", "&": "and"}

COUNTRY_LIKE = frozenset({COUNTRY, DEMONYM, CAPITAL})

Pattern = tuple[str | None, ...]
"""Per token of an alias: None (any case), "^" (must be capitalised) or the exact surface form."""


@dataclass(frozen=True, slots=True)
class Role:
    """One dated role; ``end`` is the handover day (exclusive), None while in office."""

    country: str | None
    sector: str
    title: str | None
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]

    def role_on(self, day: dt.date | None) -> tuple[Role, str]:
        """The role that applies on ``day`` and whether it is ``current``, ``former`` or ``before``."""
        if day is None:
            return max(self.roles, key=lambda r: r.start), "current"
        for role in self.roles:
            if role.covers(day):
                return role, "current"
        ended = [r for r in self.roles if r.end is not None and r.end <= day]
        if ended:
            return max(ended, key=lambda r: r.end or r.start), "former"
        return min(self.roles, key=lambda r: r.start), "before"

    @property
    def home(self) -> str | None:
        """The country of the latest role that has one (a former UN chief is still of his country)."""
        with_country = [r for r in self.roles if r.country]
        return max(with_country, key=lambda r: r.start).country if with_country else None


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Entry:
    """What one dictionary phrase means: ``what`` is COUNTRY, DEMONYM, …; ``rank`` orders sector words."""

    what: int
    name: str | None
    country: str | None
    sector: str | None
    kind: str
    title: str | None = None
    rank: float = 0.0
    plural: bool = False


@dataclass(frozen=True, slots=True)
class Index:
    """The compiled dictionary: phrase key → (case pattern, meaning) candidates, user entries first."""

    keys: Mapping[str, tuple[tuple[Pattern | None, Entry], ...]]
    countries: Mapping[str, Country]
    people: Mapping[str, Person]


@dataclass(slots=True)
class _Cand:
    pattern: Pattern | None
    entry: Entry
    where: af.Where


def normalize(token: str) -> tuple[str, str]:
    """A token's lookup form and its folded surface form: ("Elysee" → "elysee", "Elysee")."""
    surf = fold(token)
    low = surf.lower()
    return _NORM.get(low, low), surf


def fold(text: str) -> str:
    """Accents and typographic apostrophes away: "Élysée" → "Elysee", "Korea’s" → "Korea's"."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_TABLE))
    return "".join(c for c in text if not unicodedata.combining(c))


def tokenize(text: str) -> tuple[list[str], list[str], list[int], list[int]]:
    """Normalised tokens, folded surface tokens, start and end offsets. Hyphens and dots are dropped."""
    norms: list[str] = []
    surfs: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN_RE.finditer(text):
        surf = fold(m.group())
        low = surf.lower()
        norms.append(_NORM.get(low, low))
        surfs.append(surf)
        starts.append(m.start())
        ends.append(m.end())
    return norms, surfs, starts, ends


def _pattern(surfs: Sequence[str]) -> Pattern | None:
    out: list[str | None] = []
    for k, s in enumerate(surfs):
        letters = [c for c in s if c.isalpha()]
        if len(s) >= 2 and letters and not any(c.islower() for c in letters):
            out.append(s)
        elif k == 0 and s[:1].isupper():
            out.append("^")
        else:
            out.append(None)
    return tuple(out) if any(p is not None for p in out) else None


def fits(pattern: Pattern, surfs: Sequence[str], i: int) -> bool:
    for k, want in enumerate(pattern):
        if want is None:
            continue
        s = surfs[i + k]
        if want == "^":
            if not (s[0].isupper() or s[0].isdigit()):
                return False
        elif s != want:
            return False
    return True


def _plural(word: str) -> str | None:
    low = word.lower()
    if low.endswith(("s", "sh", "ch", "ese", "x", "z")):
        return None
    return word + "s"


class _Builder:
    """Collects aliases into the n-gram index, enforcing "one meaning per alias" and "user wins"."""

    def __init__(self) -> None:
        self.index: dict[str, list[_Cand]] = {}

    def add(self, alias: str, entry: Entry, where: af.Where, *, fallback: bool = False) -> None:
        norms, surfs, _, _ = tokenize(alias)
        if len(norms) > 1 and norms[0] == "the":
            norms, surfs = norms[1:], surfs[1:]
        if not norms:
            raise where.error(f"{alias!r} has no words")
        cands = self.index.setdefault(" ".join(norms), [])
        if fallback and cands:
            return
        pattern = _pattern(surfs)
        for cand in cands:
            if cand.pattern != pattern:
                continue
            if cand.entry == entry or (cand.where.user and not where.user):
                return
            if where.user and (not cand.where.user or cand.where.path != where.path):
                cand.entry, cand.where = entry, where
                return
            raise where.error(
                f"{alias!r} already means {_describe(cand.entry)} ({cand.where.path}:{cand.where.line}); "
                f"one phrase cannot also mean {_describe(entry)}"
            )
        cands.append(_Cand(pattern, entry, where))


def _describe(e: Entry) -> str:
    label = e.name or e.sector or "-"
    if e.country and e.country != e.name:
        label = f"{label}, {e.country}"
    return f"the {_WHAT[e.what]} ({label})"


def compile_rows(rows: Sequence[af.Row]) -> Index:
    """The index of all rows, built-in ones first; see the module docstring for the rules."""
    builder = _Builder()
    names: dict[str, str] = {}
    info: dict[str, dict[str, list[str]]] = {}
    seen: dict[tuple[str, str], int] = {}
    for r in rows:
        if isinstance(r, af.CountryRow):
            if (r.where.path, r.iso3) in seen:
                raise r.where.error(f"{r.iso3} is already defined at line {seen[r.where.path, r.iso3]}")
            seen[r.where.path, r.iso3] = r.where.line
            names[r.iso3] = r.name
            slot = info.setdefault(r.iso3, {"aliases": [], "demonyms": [], "capitals": []})
            slot["aliases"] += [r.name, *r.aliases]
            slot["demonyms"] += r.demonyms
            slot["capitals"] += r.capitals
    fallbacks: list[tuple[str, Entry, af.Where]] = []
    roles: dict[str, list[af.RoleRow]] = {}
    aliases: dict[str, list[str]] = {}
    for r in rows:
        if isinstance(r, af.CountryRow):
            name = names[r.iso3]
            state = Entry(COUNTRY, name, r.iso3, None, "state")
            for alias in (r.name, *r.aliases):
                builder.add(alias, state, r.where)
            for demonym in r.demonyms:
                builder.add(demonym, Entry(DEMONYM, name, r.iso3, None, "state"), r.where)
                plural = _plural(demonym)
                if plural:
                    fallbacks.append(
                        (plural, Entry(DEMONYM, name, r.iso3, None, "group", plural=True), r.where)
                    )
            for capital in r.capitals:
                builder.add(capital, Entry(CAPITAL, name, r.iso3, "GOV", "state"), r.where)
            official = pycountry.countries.get(alpha_3=r.iso3)
            for attr in ("name", "common_name", "official_name"):
                value = getattr(official, attr, None) if official else None
                if value and not any(c in value for c in ",()"):
                    fallbacks.append((value, state, r.where))
        elif isinstance(r, af.OrgRow):
            entry = Entry(ORG, r.name, r.country, r.sector, r.kind)
            for alias in (r.name, *r.aliases):
                builder.add(alias, entry, r.where)
        elif isinstance(r, af.SectorRow):
            rank = 0.0 if r.sector is None else _WEAK_RANK if r.weak else _RANK[r.sector]
            entry = Entry(SECTOR, None, None, r.sector, r.kind, r.title, rank)
            for word in r.words:
                builder.add(word, entry, r.where)
        elif isinstance(r, af.RoleRow):
            roles.setdefault(r.name, []).append(r)
            aliases.setdefault(r.name, [])
            entry = Entry(PERSON, r.name, None, None, "person")
            for alias in (r.name, *r.aliases):
                builder.add(alias, entry, r.where)
                if alias != r.name and alias not in aliases[r.name]:
                    aliases[r.name].append(alias)
        else:
            builder.add(r.phrase, Entry(BLOCK, None, None, None, "group"), r.where)
    for alias, entry, where in fallbacks:
        builder.add(alias, entry, where, fallback=True)
    people: dict[str, Person] = {}
    for name, all_rows in roles.items():
        mine = [r for r in all_rows if r.where.user] or all_rows
        chosen = tuple(Role(r.country, r.sector, r.title, r.start, r.end) for r in mine)
        people[name] = Person(name, tuple(aliases[name]), chosen)
    countries = {
        iso3: Country(
            iso3,
            names[iso3],
            tuple(dict.fromkeys(a for a in slot["aliases"] if a != names[iso3])),
            tuple(dict.fromkeys(slot["demonyms"])),
            tuple(dict.fromkeys(slot["capitals"])),
        )
        for iso3, slot in info.items()
    }
    index = {
        key: tuple((c.pattern, c.entry) for c in sorted(cands, key=lambda c: not c.where.user))
        for key, cands in builder.index.items()
    }
    return Index(MappingProxyType(index), MappingProxyType(countries), MappingProxyType(people))
