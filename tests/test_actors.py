"""The actor dictionary: data coverage, phrase resolution, dated people, user files and file errors."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time
from pathlib import Path

import pycountry
import pytest

from dyads.codebook.actors import ActorDictionary, ActorMatch
from dyads.errors import CodebookError
from dyads.model import Actor

D = dt.date


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


def resolve(d: ActorDictionary, phrase: str, when: dt.date | None = None) -> Actor:
    match = d.resolve(phrase, when)
    assert match is not None, f"{phrase!r} did not resolve"
    return match.actor


def brief(a: Actor) -> tuple[str | None, str | None, str]:
    return a.country, a.sector, a.kind


# --- the examples the pipeline relies on -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "country", "sector", "kind"),
    [
        ("a visiting delegation from China", "CHN", "GOV", "group"),
        ("North Korea's militia", "PRK", "UAF", "group"),
        ("Russian troops", "RUS", "MIL", "group"),
        ("U.S. officials", "USA", "GOV", "group"),
        ("US officials", "USA", "GOV", "group"),
        ("the Kremlin", "RUS", "GOV", "state"),
        ("Beijing", "CHN", "GOV", "state"),
        ("protesters", None, "CVL", "group"),
        ("the United Nations", None, "IGO", "organization"),
        ("Iraqi Kurdish rebels", "IRQ", "REB", "group"),
        ("Israeli police", "ISR", "COP", "organization"),
        ("China", "CHN", None, "state"),
        ("Britain", "GBR", None, "state"),
        ("Chinese", "CHN", None, "state"),
        ("the White House", "USA", "GOV", "state"),
        ("Downing Street", "GBR", "GOV", "state"),
        ("the Élysée", "FRA", "GOV", "state"),
        ("the Elysee", "FRA", "GOV", "state"),
        ("the Pentagon", "USA", "MIL", "organization"),
        ("Foggy Bottom", "USA", "GOV", "state"),
        ("the State Department", "USA", "GOV", "organization"),
        ("Pyongyang", "PRK", "GOV", "state"),
        ("Tehran", "IRN", "GOV", "state"),
        ("Washington", "USA", "GOV", "state"),
        ("the Blue House", "KOR", "GOV", "state"),
        ("Zhongnanhai", "CHN", "GOV", "state"),
        ("the Gaza Strip", "PSE", None, "state"),
        ("Kosovo", "XKX", None, "state"),
        ("Ivory Coast", "CIV", None, "state"),
        ("Côte d’Ivoire", "CIV", None, "state"),
        ("Burma", "MMR", None, "state"),
        ("Holland", "NLD", None, "state"),
        ("the Vatican", "VAT", None, "state"),
        ("DPRK", "PRK", None, "state"),
        ("ROK", "KOR", None, "state"),
        ("Emirati", "ARE", None, "state"),
        ("Israelis", "ISR", None, "group"),
    ],
)
def test_examples(
    actors: ActorDictionary, phrase: str, country: str | None, sector: str | None, kind: str
) -> None:
    assert brief(resolve(actors, phrase)) == (country, sector, kind)


def test_person_with_title_and_demonym(actors: ActorDictionary) -> None:
    match = actors.resolve("Chinese President Xi Jinping", D(2020, 1, 1))
    assert match == ActorMatch(
        Actor("Chinese President Xi Jinping", "Xi Jinping", "CHN", "GOV", "President", "person"), 0, 28
    )


def test_unknown_person_takes_name_from_proper_nouns(actors: ActorDictionary) -> None:
    a = resolve(actors, "Algerian Foreign Minister Ahmed Attaf")
    assert (a.name, a.country, a.sector, a.title, a.kind) == (
        "Ahmed Attaf",
        "DZA",
        "GOV",
        "Foreign Minister",
        "person",
    )
    a = resolve(actors, "Kremlin spokesman Dmitry Peskov")
    assert (a.name, a.country, a.sector, a.title) == ("Dmitry Peskov", "RUS", "GOV", "Spokesman")


def test_title_without_name_has_no_name(actors: ActorDictionary) -> None:
    a = resolve(actors, "the North Korean leader")
    assert (a.name, a.country, a.sector, a.title, a.kind) == (None, "PRK", "GOV", "Leader", "person")
    assert resolve(actors, "Iran's supreme leader").title == "Supreme Leader"


def test_offsets_point_at_the_matched_words(actors: ActorDictionary) -> None:
    phrase = "a visiting delegation from China"
    match = actors.resolve(phrase)
    assert match is not None
    assert (match.start, match.end) == (11, 32)
    assert phrase[match.start : match.end] == match.actor.text == "delegation from China"
    assert match.actor.name == "China"
    match = actors.resolve("the Kremlin")
    assert match is not None and (match.start, match.end, match.actor.text) == (4, 11, "Kremlin")


def test_head_actor_is_the_first_party(actors: ActorDictionary) -> None:
    a = resolve(actors, "the ambassador of Japan to China")
    assert (a.country, a.sector, a.title, a.kind, a.text) == (
        "JPN",
        "GOV",
        "Ambassador",
        "person",
        "ambassador of Japan",
    )
    assert resolve(actors, "Japan's envoy to the United Nations").country == "JPN"
    assert brief(resolve(actors, "an envoy to China")) == (None, "GOV", "person")
    assert resolve(actors, "China and Russia").country == "CHN"
    assert resolve(actors, "China and Russia").text == "China"
    assert brief(resolve(actors, "Chinese and Russian troops")) == ("CHN", "MIL", "group")
    assert brief(resolve(actors, "at least 20 Palestinians")) == ("PSE", None, "group")


def test_the_most_specific_sector_word_wins(actors: ActorDictionary) -> None:
    assert resolve(actors, "military officials").sector == "MIL"
    assert resolve(actors, "government troops").sector == "MIL"
    assert resolve(actors, "police officers").sector == "COP"
    assert resolve(actors, "army officers").sector == "MIL"
    assert resolve(actors, "opposition lawmakers").sector == "OPP"
    assert resolve(actors, "rebel soldiers").sector == "REB"
    assert resolve(actors, "intelligence officials").sector == "SPY"
    assert resolve(actors, "Israeli security forces").sector == "COP"
    # equally specific words: the later one, the English head noun, decides
    assert resolve(actors, "student journalists").sector == "JRN"
    assert resolve(actors, "church schools").sector == "EDU"
    a = resolve(actors, "the Chinese foreign ministry spokesman")
    assert (a.country, a.sector, a.kind, a.title) == ("CHN", "GOV", "person", "Spokesman")


def test_every_plover_sector_has_words(actors: ActorDictionary) -> None:
    words = {
        "GOV": "cabinet",
        "MIL": "soldiers",
        "LEG": "lawmakers",
        "JUD": "prosecutors",
        "COP": "police",
        "SPY": "spy agency",
        "PTY": "ruling party",
        "OPP": "opposition",
        "REB": "insurgents",
        "UAF": "gunmen",
        "JRN": "journalists",
        "MED": "doctors",
        "EDU": "students",
        "BUS": "companies",
        "CVL": "civilians",
        "LAB": "trade unions",
        "REL": "clerics",
        "REF": "refugees",
        "CRM": "smugglers",
        "ELI": "oligarchs",
        "AGR": "farmers",
        "SOC": "civil society",
        "UNK": "unidentified gunmen",
        "NGO": "aid groups",
    }
    assert {sector: resolve(actors, word).sector for sector, word in words.items()} == {s: s for s in words}


def test_organisations(actors: ActorDictionary) -> None:
    a = resolve(actors, "KCNA")
    assert (a.name, a.country, a.sector, a.kind) == (
        "Korean Central News Agency",
        "PRK",
        "JRN",
        "organization",
    )
    a = resolve(actors, "the UN Security Council")
    assert (a.name, a.country, a.sector) == ("United Nations Security Council", None, "IGO")
    assert resolve(actors, "the Security Council").name == "United Nations Security Council"
    assert brief(resolve(actors, "Hamas")) == ("PSE", "PTY", "organization")
    assert brief(resolve(actors, "Hamas fighters")) == ("PSE", "REB", "group")
    assert brief(resolve(actors, "the Qassam Brigades")) == ("PSE", "REB", "organization")
    assert brief(resolve(actors, "Hezbollah")) == ("LBN", "REB", "organization")
    assert brief(resolve(actors, "Daesh")) == (None, "REB", "group")
    assert brief(resolve(actors, "Houthi rebels")) == ("YEM", "REB", "group")
    assert brief(resolve(actors, "the Kurdistan Workers' Party")) == ("TUR", "REB", "organization")
    assert brief(resolve(actors, "Taliban government")) == ("AFG", "GOV", "organization")
    assert brief(resolve(actors, "Amnesty International")) == (None, "NGO", "organization")
    assert brief(resolve(actors, "the American Red Cross")) == ("USA", "NGO", "organization")
    assert brief(resolve(actors, "EU officials")) == (None, "IGO", "group")
    assert brief(resolve(actors, "NATO")) == (None, "IGO", "organization")
    assert resolve(actors, "Brussels").name == "European Union"
    # a title before the organisation makes a person of it; the organisation keeps its sector
    a = resolve(actors, "the head of the IAEA")
    assert (a.country, a.sector, a.kind, a.text) == (None, "IGO", "person", "head of the IAEA")
    assert brief(resolve(actors, "a member of the Muslim Brotherhood")) == (None, "PTY", "person")
    assert brief(resolve(actors, "soldiers of the Islamic State")) == (None, "REB", "group")
    assert brief(resolve(actors, "Xinhua")) == ("CHN", "JRN", "organization")
    assert brief(resolve(actors, "the Associated Press")) == ("USA", "JRN", "organization")


def test_longest_match_first(actors: ActorDictionary) -> None:
    for phrase, iso3 in [
        ("South Korea", "KOR"),
        ("South Korean", "KOR"),
        ("North Korea", "PRK"),
        ("New Zealand", "NZL"),
        ("Papua New Guinea", "PNG"),
        ("Guinea-Bissau", "GNB"),
        ("Equatorial Guinea", "GNQ"),
        ("Guinea", "GIN"),
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("South Sudan", "SSD"),
        ("Sudan", "SDN"),
        ("American Samoa", "ASM"),
        ("Dominican Republic", "DOM"),
        ("Georgia", "GEO"),
        ("Mexico City", "MEX"),
    ]:
        match = actors.resolve(phrase)
        assert match is not None and match.actor.country == iso3, phrase
        assert (match.start, match.end) == (0, len(phrase)), phrase
    assert brief(resolve(actors, "Nigerien soldiers")) == ("NER", "MIL", "group")
    assert resolve(actors, "the Washington Post").country == "USA"
    assert resolve(actors, "the Washington Post").sector == "JRN"


@pytest.mark.parametrize(
    "phrase",
    [
        "New Mexico",
        "New Jersey",
        "the South China Sea",
        "the Indian Ocean",
        "the Korean Peninsula",
        "Francis",
        "a press conference",
        "social media",
        "a firm stance",
        "chemical agents",
    ],
)
def test_non_actors(actors: ActorDictionary, phrase: str) -> None:
    assert actors.resolve(phrase) is None


def test_case_matters_for_short_names(actors: ActorDictionary) -> None:
    for phrase in ["us", "it", "is", "at", "me", "who", "it is at me", "tell us", "turkey", "china plates"]:
        assert actors.resolve(phrase) is None, phrase
    assert resolve(actors, "US").country == "USA"
    assert resolve(actors, "Turkey").country == "TUR"
    assert brief(resolve(actors, "IS fighters")) == (None, "REB", "group")
    assert resolve(actors, "the WHO").name == "World Health Organization"
    assert resolve(actors, "CHINESE TROOPS").country == "CHN"


def test_possessors_and_modifiers_only_say_whose(actors: ActorDictionary) -> None:
    a = resolve(actors, "the Biden administration", D(2022, 1, 1))
    assert (a.name, a.country, a.sector, a.kind) == ("United States", "USA", "GOV", "organization")
    a = resolve(actors, "Putin's spokesman")
    assert (a.name, a.country, a.sector, a.kind, a.title) == (None, "RUS", "GOV", "person", "Spokesman")
    a = resolve(actors, "Hamas's armed wing")
    assert (a.name, a.country, a.sector) == ("Hamas", "PSE", "REB")
    assert resolve(actors, "Lebanese Hezbollah").text == "Lebanese Hezbollah"


def test_modifiers_that_point_elsewhere(actors: ActorDictionary) -> None:
    assert brief(resolve(actors, "pro-Russian separatists")) == (None, "REB", "group")
    assert brief(resolve(actors, "anti-government protesters")) == (None, "CVL", "group")
    assert brief(resolve(actors, "Iran-backed Houthi rebels")) == ("YEM", "REB", "group")
    assert resolve(actors, "London-based rights groups").country is None


# --- dated people ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "when", "country", "sector", "title"),
    [
        ("Vladimir Putin", D(2010, 1, 1), "RUS", "GOV", "Prime Minister"),
        ("Putin", D(2015, 1, 1), "RUS", "GOV", "President"),
        ("Putin", None, "RUS", "GOV", "President"),
        ("Trump", D(2019, 5, 1), "USA", "GOV", "President"),
        ("Trump", D(2022, 5, 1), "USA", "ELI", "former President"),
        ("Trump", None, "USA", "GOV", "President"),
        ("Donald Trump", D(2021, 1, 20), "USA", "ELI", "former President"),
        ("Joe Biden", D(2021, 1, 20), "USA", "GOV", "President"),
        ("Joe Biden", D(2012, 1, 1), "USA", "GOV", "Vice President"),
        ("Zelensky", D(2015, 1, 1), "UKR", "ELI", None),
        ("Zelenskyy", D(2023, 1, 1), "UKR", "GOV", "President"),
        ("Ban Ki-moon", D(2005, 1, 1), "KOR", "GOV", "Foreign Minister"),
        ("Ban Ki-moon", D(2010, 1, 1), None, "IGO", "Secretary-General"),
        ("Ban Ki-moon", D(2020, 1, 1), "KOR", "ELI", "former Secretary-General"),
        ("Ahmed al-Sharaa", D(2020, 1, 1), "SYR", "REB", "Leader of Hayat Tahrir al-Sham"),
        ("al-Sharaa", D(2025, 3, 1), "SYR", "GOV", "President"),
        ("Kim Jong-un", D(2020, 1, 1), "PRK", "GOV", "Supreme Leader"),
        ("Xi Jinping", D(2012, 12, 1), "CHN", "GOV", "General Secretary"),
    ],
)
def test_dated_roles(
    actors: ActorDictionary,
    phrase: str,
    when: dt.date | None,
    country: str | None,
    sector: str,
    title: str | None,
) -> None:
    a = resolve(actors, phrase, when)
    assert (a.country, a.sector, a.title, a.kind) == (country, sector, title, "person")


def test_former_in_the_text(actors: ActorDictionary) -> None:
    a = resolve(actors, "former President Donald Trump", D(2025, 6, 1))
    assert (a.text, a.sector, a.title) == ("former President Donald Trump", "ELI", "former President")
    assert resolve(actors, "a former army officer").sector == "ELI"
    assert resolve(actors, "the former Soviet Union").sector is None


def test_datetime_is_accepted(actors: ActorDictionary) -> None:
    assert resolve(actors, "Trump", dt.datetime(2022, 5, 1, 12, 0)).sector == "ELI"


def test_people_data_is_consistent(actors: ActorDictionary) -> None:
    assert len(actors.people) >= 200
    for person in actors.people.values():
        assert person.roles, person.name
        for role in person.roles:
            assert role.end is None or role.end > role.start, person.name
            assert (role.country is None) == (role.sector == "IGO"), person.name


# --- countries -------------------------------------------------------------------------------------------

NO_COMMON_DEMONYM = {
    "ATA",  # Antarctica
    "ATF",  # French Southern Territories
    "BVT",  # Bouvet Island
    "HMD",  # Heard Island and McDonald Islands
    "SGS",  # South Georgia and the South Sandwich Islands
    "UMI",  # United States Minor Outlying Islands
    "SJM",  # Svalbard and Jan Mayen
    "BES",  # Caribbean Netherlands
    "BLM",  # Saint Barthélemy
    "MAF",  # Saint Martin
    "SPM",  # Saint Pierre and Miquelon
    "GGY",  # Guernsey
    "JEY",  # Jersey
    "VAT",  # Vatican
    "DMA",  # "Dominican" means the Dominican Republic
    "COG",  # "Congolese" means the Democratic Republic of the Congo
}


def test_every_iso_country_resolves_by_name(actors: ActorDictionary) -> None:
    assert {c.alpha_3 for c in pycountry.countries} | {"XKX"} == set(actors.countries)
    for c in pycountry.countries:
        names = {actors.countries[c.alpha_3].name}
        names |= {n for n in (c.name, getattr(c, "common_name", None)) if n and not set(n) & set(",()")}
        if c.alpha_3 == "COG":
            names.discard("Congo")  # news usage: "Congo" alone is the DRC
        for name in names:
            assert actors.lookup_country(name) == c.alpha_3, name
            assert resolve(actors, name).country == c.alpha_3, name
    assert resolve(actors, "Congo").country == "COD"


def test_demonyms_and_capitals(actors: ActorDictionary) -> None:
    lacking = {iso3 for iso3, c in actors.countries.items() if not c.demonyms}
    assert lacking == NO_COMMON_DEMONYM
    for iso3, c in actors.countries.items():
        for demonym in c.demonyms:
            assert brief(resolve(actors, demonym)) == (iso3, None, "state"), demonym
        for capital in c.capitals:
            assert brief(resolve(actors, capital)) == (iso3, "GOV", "state"), capital
    for demonym, iso3 in [("American", "USA"), ("British", "GBR"), ("North Korean", "PRK"), ("Saudi", "SAU")]:
        assert actors.lookup_country(demonym) == iso3


def test_lookup_country_and_known_tokens(actors: ActorDictionary) -> None:
    assert actors.lookup_country("the United States") == "USA"
    assert actors.lookup_country("Kremlin") == "RUS"
    assert actors.lookup_country("Beijing") == "CHN"
    assert actors.lookup_country("Hamas") is None
    assert actors.lookup_country("us") is None
    assert actors.lookup_country("Chinese troops") is None
    assert actors.is_known_token("China")
    assert actors.is_known_token("troops")
    assert actors.is_known_token("US")
    assert not actors.is_known_token("us")
    assert not actors.is_known_token("the")
    assert not actors.is_known_token("meeting")


def test_resolution_is_fast(actors: ActorDictionary) -> None:
    rng = random.Random(3)
    demonyms = [x for c in actors.countries.values() for x in c.demonyms]
    words = ["officials", "troops", "foreign minister", "police", "rebels", "delegation", "group", "meeting"]
    phrases = [
        f"the {rng.choice(demonyms)} {rng.choice(words)} to {rng.choice(demonyms)}" for _ in range(10_000)
    ]
    start = time.perf_counter()
    resolved = sum(actors.resolve(p, D(2020, 1, 1)) is not None for p in phrases)
    elapsed = time.perf_counter() - start
    assert resolved > 9_000
    assert elapsed < 2.0  # about 0.15 s on a laptop; the bound leaves room for slow CI machines


# --- user files and file errors ----------------------------------------------------------------------


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_user_file_overrides_builtin_entries(tmp_path: Path) -> None:
    orgs = write(
        tmp_path,
        "orgs.tsv",
        "# my corrections",
        "name\taliases\tcountry\tsector\tkind",
        "Hamas\tHarakat al-Muqawama\tPSE\tREB\torganization",
        "Sunrise Union\tSU\tKEN\tLAB\torganization",
    )
    people = write(
        tmp_path,
        "people.tsv",
        "name\taliases\tcountry\tsector\ttitle\tstart\tend",
        "Vladimir Putin\t\tRUS\tGOV\tPresident\t1999-01-01\t",
        "Ada Quill\tQuill\tNZL\tGOV\tForeign Minister\t2030-01-01\t",
    )
    d = ActorDictionary.load([orgs, people])
    assert brief(resolve(d, "Hamas")) == ("PSE", "REB", "organization")
    assert brief(resolve(d, "Harakat al-Muqawama")) == ("PSE", "REB", "organization")
    assert brief(resolve(d, "SU")) == ("KEN", "LAB", "organization")
    # the user's roles for a person replace the built-in ones
    assert resolve(d, "Putin", D(2010, 1, 1)).title == "President"
    assert resolve(d, "Quill", D(2031, 1, 1)).country == "NZL"
    assert resolve(ActorDictionary.load(), "Hamas").sector == "PTY"  # built-in data untouched


HEAD_ORGS = "name\taliases\tcountry\tsector\tkind"
HEAD_PEOPLE = "name\taliases\tcountry\tsector\ttitle\tstart\tend"


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        (["colour\tshape"], 1, "unknown header"),
        (["# comment", HEAD_ORGS, "Acme\t\tXYZ\tBUS\torganization"], 3, "unknown country code 'XYZ'"),
        ([HEAD_ORGS, "", "Acme\t\tUSA\tFOO\torganization"], 3, "unknown sector 'FOO'"),
        ([HEAD_ORGS, "Acme\t\tUSA\tBUS\tcompany"], 2, "unknown kind 'company'"),
        ([HEAD_ORGS, "Acme\t\tUSA\tBUS\torganization\textra"], 2, "6 tab-separated fields, expected 5"),
        ([HEAD_ORGS, "\tAcme\tUSA\tBUS\torganization"], 2, "column 'name' is empty"),
        ([HEAD_PEOPLE, "Ada Quill\t\tNZL\tGOV\tMinister\t2020-13-01\t"], 2, "impossible date"),
        ([HEAD_PEOPLE, "Ada Quill\t\tNZL\tGOV\tMinister\tlast year\t"], 2, "expected YYYY-MM-DD"),
        (
            [HEAD_PEOPLE, "Ada Quill\t\tNZL\tGOV\tMinister\t2020-01-01\t2019-01-01"],
            2,
            "ends (2019-01-01) before",
        ),
        ([HEAD_PEOPLE, "Ada Quill\t\t\tGOV\tMinister\t2020-01-01\t"], 2, "column 'country' is empty"),
        (
            [HEAD_ORGS, "Acme\tAC\tUSA\tBUS\torganization", "Apex\tAC\tUSA\tBUS\torganization"],
            3,
            "already means",
        ),
        (
            ["iso3\tname\taliases\tdemonyms\tcapitals", "FRA\tFrance\t\t\t", "FRA\tFrance\t\t\t"],
            3,
            "already defined",
        ),
        (["words\tsector\tkind\ttitle\tweak", "medics\tMED\tgroup\t\tsometimes"], 2, "column 'weak'"),
        (["# only a comment"], None, "no header row"),
    ],
)
def test_file_errors_name_file_and_line(
    tmp_path: Path, lines: list[str], line: int | None, message: str
) -> None:
    path = write(tmp_path, "bad.tsv", *lines)
    with pytest.raises(CodebookError) as err:
        ActorDictionary.load([path])
    assert err.value.path == str(path)
    assert err.value.line == line
    assert message in str(err.value)
    where = f"{path}:{line}" if line is not None else str(path)
    assert where in str(err.value)


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match="does not exist"):
        ActorDictionary.load([tmp_path / "nope.tsv"])
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(CodebookError, match="not UTF-8"):
        ActorDictionary.load([binary])


# --- leaders.tsv: heads of state and government and ministers of more states and decades -----------------


@pytest.mark.parametrize(
    ("phrase", "when", "country", "sector", "title"),
    [
        ("Helmut Kohl", D(1990, 10, 3), "DEU", "GOV", "Chancellor"),
        ("Andrei Kozyrev", D(1993, 5, 1), "RUS", "GOV", "Foreign Minister"),
        ("Kozyrev", D(1999, 1, 1), "RUS", "ELI", "former Foreign Minister"),
        ("Askar Akayev", D(2001, 1, 1), "KGZ", "GOV", "President"),
        ("Alain Juppé", D(1994, 1, 1), "FRA", "GOV", "Foreign Minister"),
        ("Alain Juppe", D(1996, 1, 1), "FRA", "GOV", "Prime Minister"),
        ("Jacques Chirac", D(1987, 1, 1), "FRA", "GOV", "Prime Minister"),
        ("Jacques Chirac", D(2000, 1, 1), "FRA", "GOV", "President"),
        ("Michel Aoun", D(1989, 6, 1), "LBN", "GOV", "Prime Minister of the Military Government"),
        ("Michel Aoun", D(2018, 1, 1), "LBN", "GOV", "President"),
        ("Ellen Johnson Sirleaf", D(2010, 1, 1), "LBR", "GOV", "President"),
        ("Charles Taylor", D(1992, 1, 1), "LBR", "REB", "Leader of the NPFL"),
        ("Desmond Tutu", D(1990, 1, 1), "ZAF", "REL", "Archbishop of Cape Town"),
        ("Jaap de Hoop Scheffer", D(2006, 1, 1), None, "IGO", "Secretary-General of NATO"),
        ("Ahmed Aboul Gheit", D(2008, 1, 1), "EGY", "GOV", "Foreign Minister"),
        ("Madeleine Albright", D(1995, 1, 1), "USA", "GOV", "Ambassador to the United Nations"),
    ],
)
def test_leaders(
    actors: ActorDictionary,
    phrase: str,
    when: dt.date | None,
    country: str | None,
    sector: str,
    title: str | None,
) -> None:
    a = resolve(actors, phrase, when)
    assert (a.country, a.sector, a.title, a.kind) == (country, sector, title, "person")


@pytest.mark.parametrize(
    ("phrase", "when", "sector", "title"),
    [
        # the text's own title names the role, whatever the date says ...
        ("President Francois Mitterrand", D(2000, 1, 1), "GOV", "President"),
        ("Foreign Minister Yevgeny Primakov", D(2005, 1, 1), "GOV", "Foreign Minister"),
        ("Prime Minister Yevgeny Primakov", D(2005, 1, 1), "GOV", "Prime Minister"),
        ("President Emmanuel Macron", D(2010, 1, 1), "GOV", "President"),
        # ... unless it says "former", or gives no title the person held
        ("former President Francois Mitterrand", D(2000, 1, 1), "ELI", "former President"),
        ("Mitterrand", D(2000, 1, 1), "ELI", "former President"),
        ("Chancellor Francois Mitterrand", D(2000, 1, 1), "ELI", "former President"),
    ],
)
def test_title_in_the_text_names_the_role(
    actors: ActorDictionary, phrase: str, when: dt.date, sector: str, title: str
) -> None:
    a = resolve(actors, phrase, when)
    assert (a.sector, a.title) == (sector, title)


# (country, title) → successions known to have had two claimants at once
DISPUTED = {("CIV", "President"), ("MDG", "President"), ("KGZ", "President")}
SOLE_TITLES = frozenset(
    {
        *("President", "Vice President", "Prime Minister", "Premier", "Chancellor", "Taoiseach"),
        *("King", "Queen", "Emperor", "Emir", "Sultan", "Pope"),
        *("Foreign Minister", "Foreign Secretary", "Secretary of State"),
        *("Defence Minister", "Defence Secretary", "Defense Secretary"),
    }
)


def test_one_holder_of_a_sole_office_at_a_time(actors: ActorDictionary) -> None:
    """Two people in one country's presidency, premiership or foreign/defence ministry at once is a data
    error (a month's overlap is allowed: a partial date covers its whole month)."""
    far = D(2100, 1, 1)
    holders: dict[tuple[str | None, str], list[tuple[str, dt.date, dt.date]]] = {}
    for person in actors.people.values():
        for r in person.roles:
            if r.title in SOLE_TITLES and (r.country, r.title) not in DISPUTED:
                holders.setdefault((r.country, r.title), []).append((person.name, r.start, r.end or far))
    clashes = []
    for key, rows in holders.items():
        rows.sort(key=lambda x: x[1])
        for a, b in itertools.pairwise(rows):
            if a[0] != b[0] and (a[2] - b[1]).days > 31:
                clashes.append((key, a, b))
    assert not clashes


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("Yoruba leaders", "NGA", "GOV"),
        ("Karen rebels", "MMR", "REB"),
        ("Basque separatists", "ESP", "REB"),
        ("Kabyle protesters", "DZA", "CVL"),
        ("Moro guerrillas", "PHL", "REB"),
    ],
)
def test_peoples_and_regions_of_one_state(
    actors: ActorDictionary, phrase: str, country: str, sector: str
) -> None:
    a = resolve(actors, phrase, D(2010, 1, 1))
    assert (a.country, a.sector) == (country, sector)


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("UNITA fighters", "AGO", "REB"),
        ("the Moro Islamic Liberation Front", "PHL", "REB"),
        ("Shining Path guerrillas", "PER", "REB"),
        ("the Kosovo Liberation Army", "XKX", "REB"),
        ("the Storting", "NOR", "LEG"),
        ("the Tatmadaw", "MMR", "MIL"),
    ],
)
def test_more_groups_and_institutions(
    actors: ActorDictionary, phrase: str, country: str, sector: str
) -> None:
    assert brief(resolve(actors, phrase))[:2] == (country, sector)


@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("Algerian Islamists", "DZA", "OPP"),
        ("Somali warlords", "SOM", "UAF"),
        ("Yemeni tribesmen", "YEM", "SOC"),
        ("relief agencies", None, "NGO"),
        ("Chechen secessionists", "RUS", "REB"),
    ],
)
def test_more_sector_words(actors: ActorDictionary, phrase: str, country: str | None, sector: str) -> None:
    assert brief(resolve(actors, phrase))[:2] == (country, sector)
