"""The actor dictionary and a fast phrase resolver: noun-phrase text → :class:`~dyads.model.Actor`.

Data (``data/actors/*.tsv``; format in :mod:`dyads.codebook.actor_files`, compiled into an index by
:mod:`dyads.codebook.actor_index`): every ISO 3166 country with its news names, demonyms and capitals,
international organisations, armed and political groups, news media, companies, state institutions and
seats of government, sector words, people with dated roles, and phrases that look like actors but are not
("New Mexico", "the South China Sea"). User files in the same formats are loaded after the built-in ones;
where both define the same phrase, the user's entry wins.

Resolution is pure Python over strings. A phrase is tokenised once; dictionary phrases are looked up as
token n-grams, longest first (up to the longest phrase starting with that token), so "South Korea" is one
match, never "South" + "Korea", and "Papua New Guinea" beats "Guinea". Case matters where it should: an
all-capitals alias ("US", "IS", "WHO") matches only in capitals, a capitalised one ("Turkey", "Chad") only
when capitalised. Then the matches are composed into one actor, the *head* actor of the phrase:

* The phrase is cut at the first preposition that introduces another party ("to", "against", "with",
  "for", "by", "at", …: "the ambassador of Japan to China" is Japan's ambassador) once an actor word has
  been seen, and at "and"/"or"/"," once a head noun has been seen ("China and Russia" → China).
* A match preceded by "pro"/"anti" ("pro-Russian separatists") or followed by "backed"/"based"/…
  ("Iran-backed militia") describes someone else and is ignored. "former"/"ex" makes the actor ELI.
* A possessor ("Putin's spokesman", "North Korea's militia") or a person right before a sector word
  ("the Biden administration") only says whose: it gives the country, the other words give the rest.
* A known person wins; their sector and title come from the role held on the given date (ELI "former …"
  after their last role, ELI before their first; without a date, their most recent role).
* Otherwise an organisation wins (an IGO or NGO keeps its sector; another organisation takes the sector of
  a more specific sector word after it: "Hamas fighters" → REB, "Taliban government" → GOV).
* Otherwise the actor is composed: country from the first country, demonym, capital or possessive
  ("North Korea's militia"); sector from the most specific sector word (REB/OPP > UAF/CRM/SPY >
  PTY/COP/JUD/REF > MIL/LEG > other sectors > CVL > GOV > generic words like "officials"), kind and title
  from the last one (the English head noun). A capital or seat of government alone means the government
  (GOV); a bare country name or demonym means the state as a whole (sector None).

Decisions: "militia" is UAF (also a state's: "North Korea's militia" → PRK UAF); "Brussels" is the EU;
"Congo" alone is the Democratic Republic of the Congo, as in wire-service usage; JRN is used for
journalists and news organisations, MED for medical actors (doctors, hospitals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dyads.codebook import actor_files as af
from dyads.codebook import actor_index as ai
from dyads.codebook.actor_index import Country, Person, Role
from dyads.model import Actor

__all__ = ["ActorDictionary", "ActorMatch", "Country", "Person", "Role"]

_CUT_WORDS = af.word_set(
    "to against with toward towards versus vs into onto at on near outside inside over across between "
    "among amid than like via behind beyond upon front around for by under about after before during "
    "since until without despite"
)
_CONJUNCTIONS = frozenset({"and", "or", ",", ";", ":", "("})
_NEGATORS = frozenset({"pro", "anti", "non"})
_OTHER_PARTY = af.word_set(
    "backed supported funded sponsored allied aligned linked affiliated inspired based friendly leaning "
    "armed trained"
)
_FORMER = frozenset({"former", "ex"})
_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "de", "da", "di", "del", "van", "von", "der", "le"})
_STOPWORDS = frozenset({"the", "of", "and", "a", "an", "in", "for", "to", "on", "at", "'s", *_PARTICLES})


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """The head actor of a phrase and where its words are (character offsets into the phrase)."""

    actor: Actor
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Hit:
    entry: ai.Entry
    i: int
    j: int


class ActorDictionary:
    """Countries, organisations, sector words and dated people, compiled into an n-gram index."""

    def __init__(self, index: ai.Index) -> None:
        self._index = dict(index.keys)
        self._countries = index.countries
        self._people = index.people
        self._first: dict[str, int] = {}
        self._vocab: set[str] = set()
        self._vocab_exact: set[str] = set()
        for key, cands in self._index.items():
            tokens = key.split(" ")
            self._first[tokens[0]] = max(self._first.get(tokens[0], 0), len(tokens))
            for pattern, _ in cands:
                for k, tok in enumerate(tokens):
                    want = pattern[k] if pattern else None
                    if want not in (None, "^"):
                        self._vocab_exact.add(want)
                    elif tok not in _STOPWORDS:
                        self._vocab.add(tok)

    @classmethod
    def load(cls, extra_files: Sequence[Path | str] = ()) -> ActorDictionary:
        """The built-in files plus ``extra_files`` (same formats); user entries win over built-in ones."""
        codes = af.country_codes()
        rows = af.read_builtin(codes)
        for path in extra_files:
            rows.extend(af.read_user_file(Path(path), codes))
        return cls(ai.compile_rows(rows))

    @property
    def countries(self) -> Mapping[str, Country]:
        return self._countries

    @property
    def people(self) -> Mapping[str, Person]:
        return self._people

    def stats(self) -> dict[str, int]:
        """Sizes, for reports: countries, phrase keys, organisations by sector, people and roles."""
        orgs = {e for cands in self._index.values() for _, e in cands if e.what == ai.ORG}
        return {
            "countries": len(self._countries),
            "phrases": len(self._index),
            "igos": sum(1 for e in orgs if e.sector == "IGO"),
            "ngos": sum(1 for e in orgs if e.sector == "NGO"),
            "organizations": len(orgs),
            "people": len(self._people),
            "roles": sum(len(p.roles) for p in self._people.values()),
        }

    def lookup_country(self, name: str) -> str | None:
        """ISO3 of an exact country name, alias, demonym, capital or seat of government; else None."""
        norms, surfs, _, _ = ai.tokenize(name)
        if len(norms) > 1 and norms[0] == "the":
            norms, surfs = norms[1:], surfs[1:]
        for pattern, e in self._index.get(" ".join(norms), ()):
            if pattern is None or ai.fits(pattern, surfs, 0):
                if e.what in ai.COUNTRY_LIKE or (e.what == ai.ORG and e.kind == "state"):
                    return e.country
                return None
        return None

    def is_known_token(self, token: str) -> bool:
        """Whether ``token`` occurs in any dictionary phrase (case-aware for acronyms like "US")."""
        norm, surf = ai.normalize(token)
        return norm in self._vocab or surf in self._vocab_exact

    def resolve(self, phrase: str, when: dt.date | None = None) -> ActorMatch | None:
        """The head actor of a noun phrase, dated people resolved for ``when``; None if nothing is known."""
        norms, surfs, starts, ends = ai.tokenize(phrase)
        hits = self._scan(norms, surfs)
        if not hits:
            return None
        if isinstance(when, dt.datetime):
            when = when.date()
        return _Composer(self, phrase, norms, surfs, starts, ends, when).compose(hits)

    def _scan(self, norms: list[str], surfs: list[str]) -> list[_Hit]:
        hits: list[_Hit] = []
        first, index = self._first, self._index
        n, i = len(norms), 0
        while i < n:
            longest = first.get(norms[i], 0)
            matched = 0
            for size in range(min(longest, n - i), 0, -1):
                cands = index.get(norms[i] if size == 1 else " ".join(norms[i : i + size]))
                if cands is None:
                    continue
                for pattern, entry in cands:
                    if pattern is None or ai.fits(pattern, surfs, i):
                        hits.append(_Hit(entry, i, i + size))
                        matched = size
                        break
                if matched:
                    break
            i += matched or 1
        return hits

    def _country_of(self, hit: _Hit, when: dt.date | None) -> str | None:
        if hit.entry.what == ai.PERSON:
            person = self._people[hit.entry.name or ""]
            role, _ = person.role_on(when)
            return role.country or person.home
        return hit.entry.country

    def _country_name(self, iso3: str | None) -> str | None:
        country = self._countries.get(iso3) if iso3 else None
        return country.name if country else None


class _Composer:
    """One phrase's matches → one actor (the rules are in the module docstring)."""

    def __init__(
        self,
        d: ActorDictionary,
        phrase: str,
        norms: list[str],
        surfs: list[str],
        starts: list[int],
        ends: list[int],
        when: dt.date | None,
    ) -> None:
        self.d, self.phrase, self.norms, self.surfs = d, phrase, norms, surfs
        self.starts, self.ends, self.when = starts, ends, when
        self.covered: set[int] = set()
        self.former_start: int | None = None

    def compose(self, hits: list[_Hit]) -> ActorMatch | None:
        norms, n = self.norms, len(self.norms)
        for h in hits:
            self.covered.update(range(h.i, h.j))
        cut = self._cut(hits)
        kept = [
            h
            for h in hits
            if h.j <= cut
            and h.entry.what != ai.BLOCK
            and not (h.i > 0 and norms[h.i - 1] in _NEGATORS)
            and not (h.j < n and norms[h.j] in _OTHER_PARTY and h.j not in self.covered)
        ]
        if not kept:
            return None
        former_at = next((k for k in range(cut) if norms[k] in _FORMER and k not in self.covered), None)
        former = former_at is not None
        self.former_start = self.starts[former_at] if former_at is not None else None

        def modifier(h: _Hit) -> bool:
            """ "Putin's spokesman", "the Biden administration": the match only says whose."""
            if h.j < n and norms[h.j] == "'s":
                return any(o.i > h.i for o in kept)
            return h.entry.what == ai.PERSON and any(o.i == h.j and o.entry.what == ai.SECTOR for o in kept)

        person = next((h for h in kept if h.entry.what == ai.PERSON and not modifier(h)), None)
        if person is not None:
            return self._person(person, kept, former)
        org = next((h for h in kept if h.entry.what == ai.ORG and not modifier(h)), None)
        if org is not None:
            return self._org(org, kept, cut, former)
        return self._composed(kept, cut, former)

    def _cut(self, hits: list[_Hit]) -> int:
        by_start = {h.i: h for h in hits}
        seen_actor = seen_head = False
        k, n = 0, len(self.norms)
        while k < n:
            h = by_start.get(k)
            if h is not None:
                if h.entry.what != ai.BLOCK:
                    seen_actor = True
                    possessive = h.j < n and self.norms[h.j] == "'s"
                    if not possessive and (h.entry.what != ai.DEMONYM or h.entry.plural):
                        seen_head = True
                k = h.j
                continue
            word = self.norms[k]
            if (seen_actor and word in _CUT_WORDS) or (seen_head and word in _CONJUNCTIONS):
                return k
            k += 1
        return n

    def _match(
        self,
        used: list[_Hit],
        name_end: int | None,
        name: str | None,
        country: str | None,
        sector: str | None,
        title: str | None,
        kind: str,
    ) -> ActorMatch:
        start = min(self.starts[h.i] for h in used)
        end = max(self.ends[h.j - 1] for h in used)
        if name_end is not None:
            end = max(end, name_end)
        if sector == "ELI" and self.former_start is not None:
            start = min(start, self.former_start)
        actor = Actor(self.phrase[start:end], name, country, sector, title, kind)
        return ActorMatch(actor, start, end)

    def _person(self, hit: _Hit, kept: list[_Hit], former: bool) -> ActorMatch:
        person = self.d.people[hit.entry.name or ""]
        role, status = person.role_on(self.when)
        if status != "current" and not former:
            # "President Mitterrand" in a text dated after his term: the title the text gives him says
            # which of his roles it speaks of (a past event recalled, or a wrong date); "former" says not
            titled = self._titled_role(
                person, [h for h in kept if h.j == hit.i and h.entry.what == ai.SECTOR]
            )
            if titled is not None:
                role, status = titled, "current"
        country, sector, title = role.country, role.sector, role.title
        if status != "current" or former:
            country = role.country or person.home
            sector = "ELI"
            title = f"former {role.title}" if role.title and status != "before" else None
        before = [h for h in kept if h.i < hit.i and h.entry.what != ai.PERSON]
        return self._match([*before, hit], None, person.name, country, sector, title, "person")

    def _titled_role(self, person: Person, titles: list[_Hit]) -> Role | None:
        """The person's role whose title has the words of the title right before the name ("President",
        "Foreign Minister"); of several, the one nearest the phrase's date."""
        if not titles:
            return None
        words = self.norms[titles[0].i : titles[0].j]
        fits = [r for r in person.roles if r.title and _has_words(r.title, words)]
        if not fits:
            return None
        when = self.when
        if when is None:
            return max(fits, key=lambda r: r.start)

        def distance(r: Role) -> dt.timedelta:
            if when < r.start:
                return r.start - when
            return when - r.end if r.end is not None and r.end <= when else dt.timedelta(0)

        return min(fits, key=distance)

    def _org(self, hit: _Hit, kept: list[_Hit], cut: int, former: bool) -> ActorMatch:
        e = hit.entry
        used = [hit]
        country = e.country
        places = [h for h in kept if h.i < hit.i and self.d._country_of(h, self.when)]
        if places and country is None and e.sector != "IGO":
            country = self.d._country_of(places[0], self.when)
        used += [h for h in places if country and self.d._country_of(h, self.when) == country]
        sector, kind, title = e.sector, e.kind, None
        name = self.d._country_name(country) if e.kind == "state" else e.name
        words = [h for h in kept if h.entry.what == ai.SECTOR]
        after = [h for h in words if h.i >= hit.j]
        name_end = None
        if words:
            used += words
            best = _best(after) if after else None
            if best and e.sector not in ("IGO", "NGO") and best.entry.rank >= 1 and best.entry.sector:
                sector = best.entry.sector
            # the head noun: the last word after the name ("Hamas fighters"), else one before it
            # ("the head of the IAEA", "a member of the Muslim Brotherhood")
            head = after[-1] if after else words[-1]
            if head.entry.kind == "person":
                kind, title = "person", head.entry.title
                name, name_end = self._proper_name(head, cut)
            else:
                kind = head.entry.kind
        if former and words:
            sector, title = "ELI", f"former {title}" if title else None
        return self._match(used, name_end, name, country, sector, title, kind)

    def _composed(self, kept: list[_Hit], cut: int, former: bool) -> ActorMatch | None:
        sectors = [h for h in kept if h.entry.what == ai.SECTOR]
        places = [h for h in kept if h.entry.what != ai.SECTOR and self.d._country_of(h, self.when)]
        place = places[0] if places else None
        country = self.d._country_of(place, self.when) if place else None
        used = [*sectors, *([place] if place else [])]
        name_end = None
        if sectors:
            best, head = _best(sectors), sectors[-1].entry
            sector, kind = best.entry.sector, head.kind
            title = head.title if kind == "person" else None
        else:
            assert place is not None
            e = place.entry
            sector = "GOV" if e.what == ai.CAPITAL or (e.what == ai.ORG and e.kind == "state") else None
            sector = e.sector if e.what == ai.ORG else sector
            kind, title = ("group" if e.plural else "state"), None
        if sector is None and country is None:
            return None
        if kind == "person":
            name, name_end = self._proper_name(sectors[-1], cut)
        elif place is not None and place.entry.what == ai.ORG and place.entry.kind != "state":
            name = place.entry.name  # "Hamas's armed wing" is Hamas's
        else:
            name = self.d._country_name(country)
        if former and sectors:
            sector, title = "ELI", f"former {title}" if title else None
        return self._match(used, name_end, name, country, sector, title, kind)

    def _proper_name(self, head: _Hit, cut: int) -> tuple[str | None, int | None]:
        """Capitalised unknown words right after a title ("Foreign Minister Ahmed Attaf") as a name."""
        first = last = None
        k = head.j
        while k < cut and k not in self.covered:
            surf = self.surfs[k]
            if surf[0].isupper():
                first = k if first is None else first
                last = k
            elif not (
                self.norms[k] in _PARTICLES
                and k + 1 < cut
                and k + 1 not in self.covered
                and self.surfs[k + 1][0].isupper()
            ):
                break
            k += 1
        if first is None or last is None:
            return None, None
        return self.phrase[self.starts[first] : self.ends[last]], self.ends[last]


def _has_words(title: str, words: list[str]) -> bool:
    """Whether ``words`` (normalised tokens) occur in this order in ``title``: "President" in "President
    of Serbia", "foreign minister" in "Foreign Minister of the Soviet Union"."""
    tokens = ai.tokenize(title)[0]
    n = len(words)
    return any(tokens[k : k + n] == words for k in range(len(tokens) - n + 1))


def _best(hits: list[_Hit]) -> _Hit:
    """The most specific sector word; on a tie the later one (the English head noun)."""
    best = hits[0]
    for h in hits[1:]:
        if h.entry.rank >= best.entry.rank:
            best = h
    return best
