"""The offline gazetteer: look-ups, preferences, normalisation, data files, the cache."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dyads.codebook.gazetteer import (
    KINDS,
    Gazetteer,
    GeoEntry,
    haversine_km,
    normalize_name,
    normalize_names,
)
from dyads.errors import CodebookError, UsageError

HEADER = "kind\tname\taliases\tcountry\tcode\tlat\tlon\tgeonameid\n"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="module")
def gaz(cache_dir: Path) -> Gazetteer:
    return Gazetteer.load(cache_dir=cache_dir)


def _get(gaz: Gazetteer, name: str, prefer: tuple[str, ...] = ()) -> GeoEntry:
    e = gaz.lookup(name, prefer)
    assert e is not None, name
    return e


def test_paris_is_france_unless_the_story_is_american(gaz: Gazetteer) -> None:
    paris = _get(gaz, "Paris")
    assert (paris.country, paris.kind, paris.geonameid) == ("FRA", "city", 2988507)
    texas = _get(gaz, "Paris", ("USA",))
    assert (texas.country, texas.admin1, texas.kind) == ("USA", "Texas", "city")
    # a capital of a preferred country beats a town of a country preferred before it
    assert _get(gaz, "Paris", ("USA", "FRA")).country == "FRA"


def test_pyongyang(gaz: Gazetteer) -> None:
    e = _get(gaz, "Pyongyang")
    assert (e.name, e.country, e.kind, e.geonameid) == ("Pyongyang", "PRK", "city", 1871859)
    assert abs(e.lat - 39.03) < 0.1 and abs(e.lon - 125.75) < 0.1
    assert gaz.is_capital(e) and gaz.is_major(e)


def test_georgia_is_the_country_unless_the_story_is_american(gaz: Gazetteer) -> None:
    assert (_get(gaz, "Georgia").country, _get(gaz, "Georgia").kind) == ("GEO", "country")
    state = _get(gaz, "Georgia", ("USA",))
    assert (state.country, state.kind, state.admin1) == ("USA", "admin1", "Georgia")
    # a story about both keeps the country when it prefers Georgia itself
    assert _get(gaz, "Georgia", ("USA", "GEO")).country == "GEO"


def test_country_names_win_over_towns_of_a_preferred_country(gaz: Gazetteer) -> None:
    assert _get(gaz, "Lebanon", ("USA",)).kind == "country"
    assert _get(gaz, "Moscow", ("USA", "RUS")).country == "RUS"
    assert _get(gaz, "Moscow", ("USA",)).country == "USA"  # Moscow, Idaho when only the US is preferred


def test_gaza_strip_is_a_palestinian_region(gaz: Gazetteer) -> None:
    for name in ("the Gaza Strip", "Gaza Strip", "THE GAZA STRIP", "gaza strip"):
        e = _get(gaz, name)
        assert (e.name, e.country, e.kind) == ("Gaza Strip", "PSE", "region")
    assert _get(gaz, "Gaza").kind == "city"  # the city keeps its own name


def test_accents_apostrophes_and_dots(gaz: Gazetteer) -> None:
    assert _get(gaz, "Bogotá") == _get(gaz, "Bogota") == _get(gaz, "BOGOTA")
    assert _get(gaz, "Bogota").country == "COL"
    assert _get(gaz, "N'Djamena") == _get(gaz, "N’Djamena") == _get(gaz, "Ndjamena")
    assert _get(gaz, "U.S.").country == _get(gaz, "US").country == "USA"
    assert _get(gaz, "Côte d’Ivoire").country == "CIV"


def test_aliases_regions_and_disputed_places(gaz: Gazetteer) -> None:
    assert _get(gaz, "Kiev").name == "Kyiv"
    assert _get(gaz, "DPRK").country == "PRK"
    assert _get(gaz, "Britain").country == "GBR"
    assert _get(gaz, "Kosovo").country == "XKX"
    assert _get(gaz, "Korean Peninsula").kind == "region"
    assert _get(gaz, "Kashmir").country is None
    assert _get(gaz, "Crimea").country == "UKR"
    assert _get(gaz, "Europe").kind == "region"
    tx = _get(gaz, "Tex.")
    assert (tx.name, tx.kind) == ("Texas", "admin1")
    assert _get(gaz, "New York").name == "New York City"
    assert _get(gaz, "Washington").admin1 == "District of Columbia"
    assert _get(gaz, "Victoria").kind == "admin1"  # not Hong Kong's old name


def test_unknown_names(gaz: Gazetteer) -> None:
    assert gaz.lookup("Qwxzvillebergstadt") is None
    assert gaz.lookup("") is None
    assert gaz.lookup("the") is None
    assert gaz.candidates("Qwxzvillebergstadt") == ()


def test_candidates_are_in_default_order(gaz: Gazetteer) -> None:
    cands = gaz.candidates("Paris")
    assert cands[0] == gaz.lookup("Paris")
    assert len(cands) > 3 and {c.country for c in cands} >= {"FRA", "USA"}


def test_entries_are_well_formed(gaz: Gazetteer) -> None:
    assert len(gaz) > 60_000
    for e in gaz:
        assert e.kind in KINDS
        assert e.country is None or (len(e.country) == 3 and e.country.isupper())
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180


def test_lookup_is_fast(gaz: Gazetteer) -> None:
    names = ["Paris", "Bogotá", "the Gaza Strip", "Washington", "Nowhere Town"] * 400
    t = time.perf_counter()
    for n in names:
        gaz.lookup(n, ("USA", "FRA"))
    per_call = (time.perf_counter() - t) / len(names)
    assert per_call < 50e-6  # about 2-6 µs here; generous for slow CI machines


def test_cache_gives_the_same_gazetteer(gaz: Gazetteer, cache_dir: Path) -> None:
    files = list(cache_dir.glob("gazetteer-*.marshal"))
    assert len(files) == 1
    again = Gazetteer.load(cache_dir=cache_dir)
    assert len(again) == len(gaz)
    for name in ("Paris", "Georgia", "Gaza Strip", "Kiev", "Victoria"):
        assert again.candidates(name) == gaz.candidates(name)
    assert again.lookup("Georgia", ("USA",)) == gaz.lookup("Georgia", ("USA",))
    # a damaged cache file is rebuilt, not trusted
    files[0].write_bytes(b"not a cache")
    assert Gazetteer.load(cache_dir=cache_dir).lookup("Paris") == gaz.lookup("Paris")


def test_reverse_geocoding(gaz: Gazetteer) -> None:
    assert gaz.country_at(46.0, 2.0) == "FRA"
    assert gaz.country_at(39.76, -98.5) == "USA"
    assert gaz.country_at(39.0, 125.8) == "PRK"
    assert gaz.country_at(0.0, -25.0) is None  # mid-Atlantic: no city within 500 km
    near = gaz.nearest_city(48.86, 2.35)
    assert near is not None and near.country == "FRA"


def test_haversine() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    assert abs(haversine_km(48.8534, 2.3488, 51.5085, -0.1257) - 344) < 3  # Paris - London
    assert abs(haversine_km(0, 0, 0, 180) - 20015) < 5


def test_normalize_name() -> None:
    assert normalize_name("The Gaza Strip") == "gaza strip"
    assert normalize_name("  the  Hague ") == "hague"
    assert normalize_name("St. Louis") == "saint louis"
    assert normalize_name("Łódź") == "lodz"
    assert normalize_name("Port-au-Prince") == "port au prince"
    assert normalize_name("the") == "the"
    names = ["Bogotá", "The Bronx", "Ft. Worth", "Washington, D.C.", "İstanbul", "a\x00b", ""]
    assert normalize_names(names) == [normalize_name(n) for n in names]


def test_extra_file_adds_places_and_aliases(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "# my own places\n"
        + HEADER
        + "region\tGreen Valley Basin\tthe Basin Country\t\t\t12.5\t-3.25\t\n"
        + "city\tPyongyang\tRyugyong City\tPRK\t\t\t\t\n"
        + "city\tNew Harbourtown\t\tNZL\t\t-41.5\t174.5\t\n",
        encoding="utf-8",
    )
    gaz = Gazetteer.load(min_population=15000, extra_files=[extra])
    basin = _get(gaz, "Basin Country")
    assert (basin.name, basin.kind, basin.country, basin.lat) == ("Green Valley Basin", "region", None, 12.5)
    assert _get(gaz, "Ryugyong City").geonameid == 1871859
    assert _get(gaz, "New Harbourtown").country == "NZL"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("valley\tX\t\t\t\t1\t2\t", "kind"),
        ("region\t\t\t\t\t1\t2\t", "empty name"),
        ("region\tX\t\tFrance\t\t1\t2\t", "ISO3"),
        ("region\tX\t\t\t\t95\t2\t", "lat"),
        ("region\tX\t\t\t\tnorth\t2\t", "bad number"),
        ("region\tX\t\t\t\t\t\t", "needs lat and lon"),
        ("country\tX\t\t\t\t1\t2\t", "ISO3 code"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(CodebookError) as exc:
        Gazetteer.load(min_population=15000, extra_files=[bad])
    assert f"{bad}:2" in str(exc.value) and message in str(exc.value)
    assert exc.value.code == "E201"


def test_bad_header_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("name\tlat\tlon\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="header"):
        Gazetteer.load(min_population=15000, extra_files=[bad])
    with pytest.raises(CodebookError, match="cannot read"):
        Gazetteer.load(min_population=15000, extra_files=[tmp_path / "missing.tsv"])
    with pytest.raises(CodebookError, match="GeoNames"):
        Gazetteer.load(min_population=15000, data_dir=tmp_path)


def test_min_population_must_be_a_shipped_file() -> None:
    with pytest.raises(UsageError) as exc:
        Gazetteer.load(min_population=2500)
    assert "500, 1000, 5000, 15000" in str(exc.value)
