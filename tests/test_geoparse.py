"""The geoparser over spaCy docs (the model's known NER slips repaired) and the geo evaluation."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from dyads.codebook.gazetteer import Gazetteer
from dyads.coder import Coder
from dyads.config import DEFAULT_MODEL
from dyads.errors import GoldFormatError
from dyads.evaluate_geo import evaluate_geo_file, read_geo_gold
from dyads.pipeline.geoparse import ResolvedPlace, geoparse, place_from_entry, prefer_countries
from dyads.pipeline.nlp import load_nlp

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return Gazetteer.load(cache_dir=tmp_path_factory.mktemp("gazetteer-cache"))


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp(DEFAULT_MODEL)


def _places(nlp: Language, gaz: Gazetteer, text: str, prefer: tuple[str, ...] = ()) -> list[ResolvedPlace]:
    out = geoparse(nlp(text), gaz, prefer)
    for r in out:
        assert text[r.start_char : r.end_char] == r.text == r.place.text
    return out


def _with_ents(nlp: Language, text: str, ents: list[tuple[str, str]]) -> Doc:
    """The doc of ``text`` with the given (words, label) entities instead of the model's: the model's
    slips, made reproducible."""
    doc = nlp(text)
    spans = []
    for words, label in ents:
        start = text.index(words)
        span = doc.char_span(start, start + len(words), label=label)
        assert span is not None, words
        spans.append(span)
    doc.ents = spans
    return doc


def test_facility_in_a_city_is_a_point_with_the_city_after_it(nlp: Language, gaz: Gazetteer) -> None:
    text = "Soldiers paraded across Kim Il Sung Square in Pyongyang on Sunday."
    # the small model tags the square as a PERSON: the geoparser must not care
    doc = _with_ents(nlp, text, [("Kim Il Sung Square", "PERSON"), ("Pyongyang", "GPE")])
    point, city = geoparse(doc, gaz)
    assert point.text == "Kim Il Sung Square in Pyongyang"
    assert (point.place.name, point.place.country, point.place.precision) == ("Pyongyang", "PRK", "point")
    assert point.place.geonameid == 1871859
    assert (city.text, city.place.precision) == ("Pyongyang", "city")
    assert (city.start_char, city.end_char) == (text.index("Pyongyang"), len(text) - len(" on Sunday."))


def test_facility_as_fac_entity_with_the_city_inside(nlp: Language, gaz: Gazetteer) -> None:
    text = "The treaty was signed in the Grand Hall of the Nations in Tbilisi last year."
    doc = _with_ents(nlp, text, [("the Grand Hall of the Nations in Tbilisi", "FAC")])
    (point, city) = geoparse(doc, gaz)
    assert point.text == "Grand Hall of the Nations in Tbilisi"
    assert (point.place.name, point.place.precision) == ("Tbilisi", "point")
    assert (city.text, city.place.country, city.place.precision) == ("Tbilisi", "GEO", "city")


def test_a_facility_alone_has_no_coordinates(nlp: Language, gaz: Gazetteer) -> None:
    doc = _with_ents(nlp, "Fans filled Riverbend Stadium on Friday.", [("Riverbend Stadium", "FAC")])
    assert geoparse(doc, gaz) == []


def test_possessive_inside_a_span_is_cut(nlp: Language, gaz: Gazetteer) -> None:
    text = "Algeria's navy and Algeria’s coast guard held joint drills."
    doc = _with_ents(nlp, text, [("Algeria's", "GPE"), ("Algeria’s", "GPE")])
    got = geoparse(doc, gaz)
    assert [r.text for r in got] == ["Algeria", "Algeria"]
    assert all(r.place.country == "DZA" and r.place.precision == "country" for r in got)
    # and with the model's own entities
    assert [r.text for r in _places(nlp, gaz, text)] == ["Algeria", "Algeria"]


def test_leading_the_is_cut_unless_it_is_part_of_the_name(nlp: Language, gaz: Gazetteer) -> None:
    text = "Rockets were fired from the Gaza Strip towards the coast, officials in The Hague said."
    doc = _with_ents(nlp, text, [("the Gaza Strip", "GPE"), ("The Hague", "GPE")])
    strip, hague = geoparse(doc, gaz)
    assert strip.text == "Gaza Strip"
    assert (strip.place.country, strip.place.precision) == ("PSE", "region")
    assert hague.text == "The Hague" and hague.place.country == "NLD"


def test_title_words_glued_to_a_place(nlp: Language, gaz: Gazetteer) -> None:
    text = "Nairobi Governor Amos Wekesa met Bolivian President Luis Arce."
    doc = _with_ents(nlp, text, [("Nairobi Governor", "ORG"), ("Bolivian President Luis Arce", "PERSON")])
    (r,) = geoparse(doc, gaz)
    assert (r.text, r.place.country) == ("Nairobi", "KEN")


def test_places_tagged_person_or_org(nlp: Language, gaz: Gazetteer) -> None:
    text = (
        "Rallies were held in Quito and Guayaquil, and officials in Cuenca said the President Jordan "
        "plan failed."
    )
    doc = _with_ents(
        nlp,
        text,
        [("Quito", "PERSON"), ("Guayaquil", "GPE"), ("Cuenca", "ORG"), ("President Jordan", "PERSON")],
    )
    got = geoparse(doc, gaz)
    assert [(r.text, r.place.country) for r in got] == [
        ("Quito", "ECU"),
        ("Guayaquil", "ECU"),
        ("Cuenca", "ECU"),
    ]
    # an acronym that is only a small town's name is an organisation ("OAS"), a country's is a place
    doc = _with_ents(nlp, "The OAS and the UAE issued statements.", [("OAS", "ORG"), ("UAE", "ORG")])
    assert [(r.text, r.place.country) for r in geoparse(doc, gaz)] == [("UAE", "ARE")]


def test_spans_broken_around_brackets(nlp: Language, gaz: Gazetteer) -> None:
    text = "Envoys arrived in Tashkent (Uzbekistan) on Monday."
    doc = _with_ents(nlp, text, [("Tashkent (Uzbekistan", "GPE")])
    got = geoparse(doc, gaz)
    assert [(r.text, r.place.country, r.place.precision) for r in got] == [
        ("Tashkent", "UZB", "city"),
        ("Uzbekistan", "UZB", "country"),
    ]
    # a name the model missed before a bracketed country is looked up in that country
    doc = _with_ents(nlp, "Kyiv (Ukraine) was shelled overnight.", [("Ukraine", "GPE")])
    assert [(r.text, r.place.name) for r in geoparse(doc, gaz)] == [("Kyiv", "Kyiv"), ("Ukraine", "Ukraine")]


def test_city_and_state_or_country(nlp: Language, gaz: Gazetteer) -> None:
    got = _places(nlp, gaz, "The factory closed in Paris, Texas, on Monday.")
    assert [(r.text, r.place.country, r.place.admin1) for r in got] == [
        ("Paris", "USA", "Texas"),
        ("Texas", "USA", "Texas"),
    ]
    got = _places(nlp, gaz, "She grew up in Springfield, Ill., and later moved to Chicago.")
    assert got[0].place.admin1 == "Illinois" and got[1].text == "Ill."


def test_ambiguous_names_use_the_article(nlp: Language, gaz: Gazetteer) -> None:
    paris = _places(nlp, gaz, "A court in Paris fined the company on Tuesday.")[0]
    assert paris.place.country == "FRA"
    texas = _places(nlp, gaz, "Floods swept across Texas overnight. Officials in Paris closed two roads.")
    assert [(r.text, r.place.country) for r in texas] == [("Texas", "USA"), ("Paris", "USA")]
    georgia = _places(nlp, gaz, "The hurricane hit Georgia and Alabama before reaching Atlanta.")
    assert (georgia[0].place.country, georgia[0].place.precision) == ("USA", "admin1")
    georgia = _places(nlp, gaz, "Armoured columns entered Georgia near Tbilisi.")
    assert (georgia[0].place.country, georgia[0].place.precision) == ("GEO", "country")
    # a caller's preferred country does not turn a capital into a small town without local evidence
    assert _places(nlp, gaz, "A court in Paris fined the company.", ("USA",))[0].place.country == "FRA"


def test_dateline(nlp: Language, gaz: Gazetteer) -> None:
    got = _places(nlp, gaz, "NAIROBI (Newswire) - Kenyan officials said the talks would resume next week.")
    assert (got[0].text, got[0].place.country) == ("NAIROBI", "KEN")


def test_place_from_entry_and_prefer_countries(gaz: Gazetteer) -> None:
    entry = gaz.lookup("Pyongyang")
    assert entry is not None
    place = place_from_entry("in Pyongyang", entry)
    assert place.to_dict() == {
        "text": "in Pyongyang",
        "name": "Pyongyang",
        "country": "PRK",
        "admin1": entry.admin1,
        "lat": entry.lat,
        "lon": entry.lon,
        "geonameid": 1871859,
        "precision": "city",
    }
    assert place_from_entry("x", entry, "point").precision == "point"
    korea = gaz.lookup("North Korea")
    assert korea is not None and place_from_entry("x", korea).admin1 is None
    assert prefer_countries(["USA", None, "FRA", "USA", "KOR", "FRA", "USA"]) == ["USA", "FRA", "KOR"]
    assert prefer_countries([]) == []


# ---------------------------------------------------------------------------------------------- evaluation


def _gold(gaz: Gazetteer) -> list[dict[str, Any]]:
    def at(name: str) -> tuple[float, float]:
        e = gaz.lookup(name)
        assert e is not None
        return e.lat, e.lon

    t1 = "Protesters gathered in Paris on Monday, and police in Marseille made arrests."
    t2 = "The envoy flew from Nairobi to Berlin for talks with French diplomats about the weather."
    p, m, n, b = at("Paris"), at("Marseille"), at("Nairobi"), at("Berlin")

    def top(
        text: str, words: str, kind: str, latlon: tuple[float, float] | None, **kw: Any
    ) -> dict[str, Any]:
        start = text.index(words)
        d: dict[str, Any] = {"start": start, "end": start + len(words), "text": words, "type": kind, **kw}
        if latlon is not None:
            d["lat"], d["lon"] = latlon
        return d

    return [
        {
            "id": "a",
            "text": t1,
            "toponyms": [top(t1, "Paris", "Literal", p), top(t1, "Marseille", "Literal", m)],
            "meta": {},
        },
        {
            "id": "b",
            "text": t2,
            "toponyms": [
                top(t2, "Nairobi", "Literal", n),
                top(t2, "Berlin", "Literal", (b[0] + 0.5, b[1])),  # 55.6 km north of ours
                top(t2, "French", "Non_Literal_Modifier", at("France"), modifier_type="Adjective"),
                top(t2, "weather", "Non_Toponym", None),
            ],
            "meta": {},
        },
    ]


def test_evaluate_geo_file(nlp: Language, gaz: Gazetteer, tmp_path: Path) -> None:
    gold = tmp_path / "geo.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in _gold(gaz)), encoding="utf-8")
    r = evaluate_geo_file(nlp, gaz, gold)
    assert r["articles"] == 2
    assert r["gold_toponyms"] == 5  # the Non_Toponym is not one
    assert r["predicted"] == 4
    assert r["recall"] == 0.8  # "French" is a demonym: left to the actor dictionary
    assert r["recall_without_adjectives"] == 1.0
    assert r["precision"] == 1.0
    assert r["matched_with_coordinates"] == 4
    assert r["accuracy_25km"] == 0.75
    assert r["accuracy_161km"] == 1.0
    assert r["country_accuracy"] == 1.0
    assert r["median_error_km"] == 0.0
    assert r["mean_error_km"] == round(statistics.fmean([0, 0, 0, 55.6]), 1)
    assert r["recall_by_type"] == {"Literal": 1.0, "Non_Literal_Modifier": 0.0}


def test_geo_gold_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "abc", "toponyms": [{"start": 2, "end": 9}]}\n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"bad.jsonl:1"):
        list(read_geo_gold(bad))
    bad.write_text("not json\n", encoding="utf-8")
    with pytest.raises(GoldFormatError):
        list(read_geo_gold(bad))
    with pytest.raises(GoldFormatError, match="cannot read"):
        list(read_geo_gold(tmp_path / "missing.jsonl"))


def test_event_places(coder: Coder, tmp_path: Path) -> None:
    """Each coded event with a place is judged against the gold toponym its place span overlaps."""
    gaz = coder.parts.gazetteer
    assert gaz is not None
    lyon, paris = gaz.lookup("Lyon"), gaz.lookup("Paris")
    assert lyon is not None and paris is not None
    text = "Police arrested dozens of protesters in Lyon on Monday."
    start = text.index("Lyon")

    def record(rid: str, lat: float, lon: float) -> dict[str, Any]:
        top = {"start": start, "end": start + 4, "text": "Lyon", "type": "Literal", "lat": lat, "lon": lon}
        return {"id": rid, "text": text, "toponyms": [top], "meta": {}}

    gold = tmp_path / "geo.jsonl"
    # the second article's annotator put Lyon at Paris's point (390 km away): a miss within 161 km
    rows = [record("a", lyon.lat, lyon.lon), record("b", paris.lat, paris.lon)]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    r = evaluate_geo_file(coder.nlp, gaz, gold, parts=coder.parts)
    assert r["event_places"] == r["event_places_judged"] == 2
    assert r["event_place_25km"] == r["event_place_161km"] == 0.5
    assert r["event_place_country"] == 1.0
    assert "event_places" not in evaluate_geo_file(coder.nlp, gaz, gold)


def test_datelines_inside_the_text(nlp: Language, gaz: Gazetteer) -> None:
    """A dateline in capitals after a byline or at a paragraph start, with a dash or an agency."""
    text = "By Ann Lee, The Daily Wire.  DENVER — Snow closed roads.\nTUCSON (AP) Crews reopened a highway."
    got = [(r.text, r.place.country) for r in _places(nlp, gaz, text)]
    assert ("DENVER", "USA") in got and ("TUCSON", "USA") in got
    # capitals that are no place, or a small town without its state, are no dateline
    text = "The vote was close.  BREAKING — Results are in.\nSMALLVILLE — Rain fell."
    assert not any(r.text in ("BREAKING", "SMALLVILLE") for r in _places(nlp, gaz, text))


def test_country_inside_an_organisation_name(nlp: Language, gaz: Gazetteer) -> None:
    doc = _with_ents(
        nlp,
        "The Heart Foundation of Kenya and Peru's Ministry of Health signed a deal.",
        [("Heart Foundation of Kenya", "ORG"), ("Peru's Ministry of Health", "ORG")],
    )
    assert [(r.text, r.place.country) for r in geoparse(doc, gaz)] == [("Kenya", "KEN"), ("Peru", "PER")]
    # a city inside an organisation's name is not taken for the place ("Bank of Ireland" is, "Boston
    # Consulting" is not even looked at)
    doc = _with_ents(nlp, "The University of Miami team won.", [("University of Miami", "ORG")])
    assert geoparse(doc, gaz) == []


@pytest.mark.parametrize(
    ("name", "country"),
    [("Benue State", "NGA"), ("Limpopo", "ZAF"), ("Raqqa province", "SYR"), ("Kyiv region", "UKR")],
)
def test_more_first_level_divisions(gaz: Gazetteer, name: str, country: str) -> None:
    e = gaz.lookup(name)
    assert e is not None and (e.kind, e.country) == ("admin1", country)
