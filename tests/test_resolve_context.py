"""An actor the phrase leaves without a state takes its sentence's (dyads.pipeline.resolve)."""

from __future__ import annotations

import datetime as dt

import pytest

from dyads.coder import Coder
from dyads.evaluate import actor_code

WHEN = dt.date(2026, 3, 10)


def _sources(coder: Coder, text: str) -> list[tuple[str | None, str]]:
    return [(actor_code(e.source), e.source.text) for e in coder.code_text(text, date=WHEN)]


@pytest.mark.parametrize(
    ("text", "who", "country"),
    [
        # an unknown person with a title: a name anywhere in the sentence places them
        ("Judge Maria Delgado opened an inquiry into Peruvian officials.", "Judge Maria Delgado", "PER"),
        (
            "President Tomas Berg resigned on Friday, ending a crisis in Norway.",
            "President Tomas Berg",
            "NOR",
        ),
        # a bare place name says more than another party's nationality
        (
            "Foreign Minister Tran Van Binh met Chinese officials in Hanoi on Monday.",
            "Foreign Minister Tran Van Binh",
            "VNM",
        ),
        # a generic actor refers back to a state already named
        ("After the floods in Honduras, officials appealed to Canada for help.", "officials", "HND"),
        # "ethnic X" and "the X of Y" are people of the state they live in
        ("Ethnic Hungarians in Slovakia protested against the new language law.", "Hungarians", "SVK"),
        ("Up to 300 ethnic Serbs rallied on Sunday in Croatia.", "Serbs", "HRV"),
        ("The Hungarians of Romania demanded more rights from Bucharest.", "Hungarians", "ROU"),
        # an apposition places a name the dictionary does not know, whatever the tagger calls it
        ("Tomas Berg, the Swedish defence minister, criticised Russia on Monday.", "Tomas Berg", "SWE"),
        ("Anna Berg, the UN envoy, criticised Russia on Monday.", "Anna Berg", "IGO"),
        ("Mirza Haddad, a Lebanese businessman, criticised Russia on Monday.", "Mirza Haddad", "LBN"),
        # ... and names a generic group
        ("The militia, Hezbollah, fired rockets at a border town.", "Hezbollah", "LBN"),
        (
            "The main rebel group, the Karen National Union, rejected the offer.",
            "Karen National Union",
            "MMR",
        ),
    ],
)
def test_country_from_the_sentence(coder: Coder, text: str, who: str, country: str) -> None:
    assert (country, who) in _sources(coder, text)


@pytest.mark.parametrize(
    ("text", "who"),
    [
        # a generic actor is not the state named after it: that is its counterpart
        ("The government thanked Japan for its aid.", "government"),
        # a group the dictionary knows to be tied to no one state stays so
        ("Islamic State fighters attacked a village in Nigeria.", "Islamic State fighters"),
        # a name that describes someone else ("Russian-backed") places no one
        ("Rebels in the Russian-backed region attacked Georgian troops.", "Rebels"),
    ],
)
def test_no_country_from_the_wrong_name(coder: Coder, text: str, who: str) -> None:
    assert (None, who) in _sources(coder, text)


def test_a_known_name_the_parse_broke_up(coder: Coder) -> None:
    """The small model parses a long Arabic name as several subjects; the whole entity is looked up."""
    text = (
        "Bahrain's king, Sheikh Hamad bin Isa Al Khalifa started talks on Monday with the Emirates and Qatar."
    )
    assert all(c == "BHR" for c, _w in _sources(coder, text))


def test_a_dateline_leaves_generic_actors_to_its_country(coder: Coder) -> None:
    text = "QUITO, March 9 (Wire) - After talks with Peru, officials said the border would reopen."
    srcs = _sources(coder, text)
    assert all(c != "PER" for c, w in srcs if w == "officials")
