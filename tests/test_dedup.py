"""Deduplication: records of one real-world event, told by several articles in their own words, share a
cluster; different events (a week later, a plan, another dyad, another act) do not."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict

import pytest

from dyads.dedup import Cluster, ClusterIndex, DedupRules, actor_key, cluster_events
from dyads.errors import UsageError
from dyads.model import Actor, DatePrecision, Event, Evidence, Modality, Place, Plover

PRK = Actor("North Korea", "North Korea", "PRK", "GOV")
PRK_MIL = Actor("the North Korean military", "Korean People's Army", "PRK", "MIL")
KIM = Actor("Kim", "Kim Jong Un", "PRK", "GOV", "Supreme Leader", "person")
KIM_TITLE = Actor("the North Korean leader", "Kim  Jong Un", "PRK", "GOV", "Supreme Leader", "person")
RUS = Actor("Moscow", "Russia", "RUS", "GOV")
RUS_MIL = Actor("Russian forces", "Russia", "RUS", "MIL")
UKR = Actor("Ukraine", "Ukraine", "UKR", "GOV")
KOR = Actor("Seoul", "South Korea", "KOR", "GOV")
USA = Actor("Washington", "United States", "USA", "GOV")
CHN = Actor("Beijing", "China", "CHN", "GOV")

PYONGYANG = Place("Pyongyang", "Pyongyang", "PRK", lat=39.03, lon=125.75, precision="city")
SUNAN = Place("the Sunan area", "Sunan", "PRK", lat=39.20, lon=125.67, precision="city")  # ~20 km away
NORTH_KOREA = Place("North Korea", "North Korea", "PRK", lat=40.0, lon=127.0, precision="country")
KHARKIV = Place("Kharkiv", "Kharkiv", "UKR", lat=49.99, lon=36.23, precision="city")
ODESA = Place("Odesa", "Odesa", "UKR", lat=46.48, lon=30.72, precision="city")

DAY, MONTH, YEAR, UNKNOWN = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR, DatePrecision.UNKNOWN
SOURCES = {"yonhap-1": "Yonhap", "reuters-1": "Reuters", "yonhap-2": "Yonhap", "kcna-1": "KCNA"}


def ev(
    eid: str,
    article: str,
    date: dt.date | None,
    source: Actor,
    target: Actor | None,
    cameo: str,
    *,
    precision: DatePrecision = DAY,
    modality: Modality = Modality.ASSERTED,
    place: Place | None = None,
    sentence: int = 0,
) -> Event:
    return Event(
        id=eid,
        article_id=article,
        date=date,
        date_precision=precision if date is not None else UNKNOWN,
        source=source,
        target=target,
        cameo=cameo,
        cameo_root=cameo[:2],
        goldstein=-7.0,
        quad=4,
        plover=Plover("ASSAULT", None),
        modality=modality,
        attribution=None,
        place=place,
        evidence=Evidence("…", sentence, 0, 1, (0, 1), (0, 1)),
        confidence=0.8,
    )


def d(day: int, month: int = 3) -> dt.date:
    return dt.date(2024, month, day)


# The North Korean launch of 18 March 2024 in four articles, and the one of 25 March.
LAUNCH = [
    # Yonhap: "North Korea fired a ballistic missile into the East Sea on Monday" ... later in the story,
    # "The launch came as ..." (the same act said twice in one article: merged)
    ev("y1-s1", "yonhap-1", d(18), PRK, None, "195", place=NORTH_KOREA),
    ev("y1-s5", "yonhap-1", d(18), PRK, None, "195", sentence=5),
    # Reuters, on US time: "North Korea launched a missile from near Pyongyang on Sunday night"
    ev("r1-s1", "reuters-1", d(19), PRK, None, "190", place=PYONGYANG),
    # KCNA: "the Korean People's Army fired a new missile from the Sunan area" — a date the coder could
    # only take from the publication date, and the military sector
    ev("k1-s2", "kcna-1", d(18), PRK, None, "195", precision=UNKNOWN, place=SUNAN),
    # the same launch, as the army: another source actor, so another event record
    ev("k1-s3", "kcna-1", d(18), PRK_MIL, None, "195", place=SUNAN),
]
NEXT_LAUNCH = [ev("y2-s1", "yonhap-2", d(25), PRK, None, "195", place=PYONGYANG)]


def by_event(clusters: list[Cluster]) -> dict[str, Cluster]:
    return {e: c for c in clusters for e in c.event_ids}


def partition(clusters: list[Cluster]) -> set[frozenset[str]]:
    return {frozenset(c.event_ids) for c in clusters}


def test_one_launch_in_many_words_is_one_cluster() -> None:
    events, clusters = cluster_events(LAUNCH + NEXT_LAUNCH, SOURCES)
    assert partition(clusters) == {
        frozenset({"y1-s1", "y1-s5", "r1-s1", "k1-s2"}),
        frozenset({"k1-s3"}),
        frozenset({"y2-s1"}),
    }
    launch = by_event(clusters)["y1-s1"]
    assert (launch.n_records, launch.n_articles, launch.n_sources) == (4, 3, 3)
    assert (launch.first_date, launch.last_date) == (d(18), d(19))
    assert (launch.source_key, launch.target_key, launch.cameo_root, launch.cameo) == (
        "PRK/GOV",
        "-",
        "19",
        "195",
    )
    assert launch.date_precision is DAY and launch.modality is Modality.ASSERTED
    assert launch.id.startswith("c-") and len(launch.id) == 18
    assert [e.id for e in events] == [e.id for e in LAUNCH + NEXT_LAUNCH]
    assert {e.id: e.cluster_id for e in events}["r1-s1"] == launch.id
    assert events[0] == dataclasses.replace(LAUNCH[0], cluster_id=launch.id)


def test_n_sources_defaults_to_articles_and_counts_outlets() -> None:
    _, without = cluster_events(LAUNCH)
    assert by_event(without)["y1-s1"].n_sources == 3
    two_yonhap = [*LAUNCH, ev("y2-x", "yonhap-2", d(18), PRK, None, "195")]
    _, clusters = cluster_events(two_yonhap, SOURCES)
    launch = by_event(clusters)["y1-s1"]
    assert (launch.n_articles, launch.n_sources) == (4, 3)


def test_plans_denials_and_recollections() -> None:
    visit = [
        # "Kim Jong Un will visit Russia next week" (future) is another fact than the visit
        ev("f1", "a1", d(12, 9), KIM, RUS, "042", modality=Modality.FUTURE),
        ev("f2", "a2", d(12, 9), KIM_TITLE, RUS, "042", modality=Modality.FUTURE),
        # "Kim Jong Un arrived in Russia", "Russia hosted the North Korean leader" (043, reversed dyad)
        ev("v1", "a3", d(13, 9), KIM, RUS, "042"),
        ev("v2", "a4", d(13, 9), RUS, KIM_TITLE, "043"),
        # "Kim did not meet Putin in Moscow" (negated) stays with denials
        ev("n1", "a5", d(13, 9), KIM, RUS, "040", modality=Modality.NEGATED),
        # a year later: "Kim's visit to Russia last September" (historical) is the visit itself
        ev("h1", "a6", d(13, 9), KIM, RUS, "042", modality=Modality.HISTORICAL),
    ]
    _, clusters = cluster_events(visit)
    assert partition(clusters) == {frozenset({"f1", "f2"}), frozenset({"v1", "v2", "h1"}), frozenset({"n1"})}
    kinds = {c.modality for c in clusters}
    assert kinds == {Modality.FUTURE, Modality.ASSERTED, Modality.NEGATED}
    visit_cluster = by_event(clusters)["v1"]
    assert (visit_cluster.source_key, visit_cluster.target_key) == ("RUS/GOV", "person:kim jong un")


def test_other_dyads_and_other_acts_are_other_events() -> None:
    same_day = [
        ev("a", "a1", d(4, 4), USA, CHN, "111"),  # Washington criticised Beijing
        ev("b", "a2", d(4, 4), CHN, USA, "111"),  # Beijing criticised Washington: another event
        ev("c", "a3", d(4, 4), KOR, PRK, "111"),  # Seoul criticised Pyongyang
        ev("e", "a4", d(4, 4), KOR, PRK, "163"),  # Seoul imposed sanctions: same dyad, another root
        ev("f", "a5", d(4, 4), KOR, PRK, "112"),  # "Seoul accused Pyongyang": root 11 again, merged
    ]
    _, clusters = cluster_events(same_day)
    assert partition(clusters) == {frozenset("a"), frozenset("b"), frozenset("cf"), frozenset("e")}


def test_violence_roots_are_compatible_but_one_article_keeps_two_acts_apart() -> None:
    war = [
        # one article: "Russian forces shelled Kharkiv" (194) ... "a drone strike hit Kharkiv" (195)
        ev("s1", "w1", d(2, 5), RUS_MIL, UKR, "194", place=KHARKIV),
        ev("s2", "w1", d(2, 5), RUS_MIL, UKR, "195", place=KHARKIV, sentence=3),
        # other outlets: "Russia bombed Kharkiv" (183, root 18), "Russian drones struck Kharkiv" (195)
        ev("s3", "w2", d(2, 5), RUS_MIL, UKR, "183", place=KHARKIV),
        ev("s4", "w3", d(2, 5), RUS_MIL, UKR, "195", place=KHARKIV),
        # the same day, 550 km away: another attack
        ev("o1", "w4", d(2, 5), RUS_MIL, UKR, "195", place=ODESA),
        # "Russia attacked Ukraine overnight" — no place: it goes with the best-told attack
        ev("u1", "w5", d(2, 5), RUS_MIL, UKR, "190"),
    ]
    _, clusters = cluster_events(war)
    assert partition(clusters) == {
        frozenset({"s2", "s3", "s4", "u1"}),
        frozenset({"s1"}),
        frozenset({"o1"}),
    }
    main = by_event(clusters)["s4"]
    assert main.cameo == "195" and main.cameo_root == "19"
    for c in clusters:  # never two codes of one article in one cluster
        codes: dict[str, set[str]] = defaultdict(set)
        for e in war:
            if e.id in c.event_ids:
                codes[e.article_id].add(e.cameo)
        assert all(len(v) == 1 for v in codes.values())


def test_imprecise_dates() -> None:
    stories = [
        *LAUNCH,
        *NEXT_LAUNCH,
        # "North Korea fired a missile earlier this month" (March): joins the launch most articles tell
        ev("m1", "m-1", d(1), PRK, None, "195", precision=MONTH),
        # "North Korea has fired missiles this year": names no launch
        ev("yr1", "yr-1", d(1, 1), PRK, None, "195", precision=YEAR),
        ev("yr2", "yr-2", d(1, 1), PRK, None, "195", precision=YEAR),
        # a month with no day-precise report: month records stay together
        ev("m2", "m-2", d(1, 6), PRK, None, "195", precision=MONTH),
        ev("m3", "m-3", d(1, 6), PRK, None, "195", precision=MONTH),
        # undated: only the same article saying it twice is merged
        ev("n1", "n-1", None, PRK, None, "195"),
        ev("n2", "n-1", None, PRK, None, "195", sentence=4),
        ev("n3", "n-2", None, PRK, None, "195"),
        # unknown precision a week from any launch: on its own
        ev("u1", "u-1", d(10), PRK, None, "195", precision=UNKNOWN),
    ]
    _, clusters = cluster_events(stories)
    assert partition(clusters) == {
        frozenset({"y1-s1", "y1-s5", "r1-s1", "k1-s2", "m1"}),
        frozenset({"k1-s3"}),
        frozenset({"y2-s1"}),
        frozenset({"yr1", "yr2"}),
        frozenset({"m2", "m3"}),
        frozenset({"n1", "n2"}),
        frozenset({"n3"}),
        frozenset({"u1"}),
    }
    found = by_event(clusters)
    assert (found["m2"].first_date, found["m2"].last_date, found["m2"].date_precision) == (
        d(1, 6),
        d(30, 6),
        MONTH,
    )
    assert (found["yr1"].first_date, found["yr1"].last_date) == (d(1, 1), d(31, 12))
    assert (found["n1"].first_date, found["n1"].date_precision) == (None, UNKNOWN)
    assert clusters[-1].first_date is None  # undated clusters come last


def test_a_daily_recurring_event_is_not_chained() -> None:
    # Russian shelling of Kherson, one report a day for ten days: single-link clustering with a one-day
    # window would make it one event
    daily = [ev(f"k{i}", f"a{i}", d(1 + i, 7), RUS_MIL, UKR, "194") for i in range(10)]
    _, clusters = cluster_events(daily)
    assert len(clusters) >= 5
    assert all(c.last_date and c.first_date and (c.last_date - c.first_date).days <= 1 for c in clusters)
    # whereas reports scattered around one well-told day join it
    told = [ev(f"t{i}", f"b{i}", d(10, 8), RUS_MIL, UKR, "194") for i in range(3)]
    told += [ev("early", "c1", d(9, 8), RUS_MIL, UKR, "194"), ev("late", "c2", d(11, 8), RUS_MIL, UKR, "194")]
    _, clusters = cluster_events(told)
    assert len(clusters) == 1 and clusters[0].first_date == d(9, 8)


ALL_STORIES = [
    *LAUNCH,
    *NEXT_LAUNCH,
    ev("m1", "m-1", d(1), PRK, None, "195", precision=MONTH),
    ev("yr1", "yr-1", d(1, 1), PRK, None, "195", precision=YEAR),
    ev("f1", "a1", d(12, 9), KIM, RUS, "042", modality=Modality.FUTURE),
    ev("v1", "a3", d(13, 9), KIM, RUS, "042"),
    ev("v2", "a4", d(13, 9), RUS, KIM_TITLE, "043"),
    ev("s1", "w1", d(2, 5), RUS_MIL, UKR, "194", place=KHARKIV),
    ev("s2", "w1", d(2, 5), RUS_MIL, UKR, "195", place=KHARKIV, sentence=3),
    ev("s4", "w3", d(2, 5), RUS_MIL, UKR, "195", place=KHARKIV),
    ev("o1", "w4", d(2, 5), RUS_MIL, UKR, "195", place=ODESA),
    ev("u1", "w5", d(2, 5), RUS_MIL, UKR, "190"),
    ev("n1", "n-1", None, PRK, None, "195"),
]


def test_same_ids_in_any_order() -> None:
    events, clusters = cluster_events(ALL_STORIES, SOURCES)
    ids = {e.id: e.cluster_id for e in events}
    for seed in range(10):
        shuffled = ALL_STORIES[:]
        random.Random(seed).shuffle(shuffled)
        events2, clusters2 = cluster_events(shuffled, SOURCES)
        assert {e.id: e.cluster_id for e in events2} == ids
        assert clusters2 == clusters


def test_incremental_equals_one_shot() -> None:
    events, clusters = cluster_events(ALL_STORIES, SOURCES)
    expected = {e.id: e.cluster_id for e in events}
    for seed in range(10):
        shuffled = ALL_STORIES[:]
        random.Random(seed).shuffle(shuffled)
        index = ClusterIndex()
        cut = sorted(random.Random(seed).sample(range(1, len(shuffled)), 3))
        for lo, hi in zip([0, *cut], [*cut, len(shuffled)], strict=True):
            out = index.add(shuffled[lo:hi], SOURCES)
            assert [e.id for e in out] == [e.id for e in shuffled[lo:hi]]
        assert {e.id: e.cluster_id for e in index.events()} == expected
        assert index.clusters() == clusters


def test_stable_ids_and_relabelling() -> None:
    index = ClusterIndex()
    first = index.add([ev("a", "art-a", d(18), PRK, None, "195")])
    launch_id = first[0].cluster_id
    # later reports of the same day, and one a day late: the id does not move, nothing is relabelled
    later = index.add([ev("b", "art-b", d(18), PRK, None, "195"), ev("c", "art-c", d(19), PRK, None, "195")])
    assert {e.cluster_id for e in later} == {launch_id}
    assert index.take_relabelled() == []
    # a separate report two days later is another cluster, until reports in between link the two
    (apart,) = index.add(
        [ev("e", "art-e", d(20), PRK, None, "195"), ev("e2", "art-e2", d(20), PRK, None, "195")]
    )[:1]
    assert apart.cluster_id != launch_id
    assert len(index.clusters()) == 2
    index.add([ev(f"x{i}", f"art-x{i}", d(19), PRK, None, "195") for i in range(3)])
    relabelled = index.take_relabelled()
    # the merged cluster keeps the id of the earlier one; the later one's records are handed back
    assert {e.id for e in relabelled} == {"e", "e2"} and {e.cluster_id for e in relabelled} == {launch_id}
    assert index.take_relabelled() == []
    (cluster,) = index.clusters()
    assert cluster.id == launch_id and cluster.n_records == 8
    # the same input in one go gives the same id
    _, one_shot = cluster_events(index.events())
    assert one_shot == [cluster]


def test_duplicates_existing_and_rules() -> None:
    events, clusters = cluster_events([*LAUNCH, LAUNCH[0]])
    assert len(events) == len(LAUNCH) + 1 and events[0] == events[-1]
    assert sum(c.n_records for c in clusters) == len(LAUNCH)
    # a later batch passes the earlier records with the new ones; forgetting them is an error
    again, _ = cluster_events([*events, *NEXT_LAUNCH], existing=clusters)
    assert [e.cluster_id for e in again[: len(events)]] == [e.cluster_id for e in events]
    with pytest.raises(UsageError, match="not among the events"):
        cluster_events(NEXT_LAUNCH, existing=clusters)
    with pytest.raises(UsageError, match="overlap"):
        DedupRules(root_groups=(frozenset({"18", "19"}), frozenset({"19", "20"})))
    strict = DedupRules(root_groups=(), day_window=0, modality_groups=())
    _, apart = cluster_events(LAUNCH, rules=strict)
    # no one-day tolerance: the Reuters date (19th) is another day
    assert partition(apart) == {
        frozenset({"y1-s1", "y1-s5", "k1-s2"}),
        frozenset({"r1-s1"}),
        frozenset({"k1-s3"}),
    }


def test_evict_before() -> None:
    index = ClusterIndex()
    index.add(ALL_STORIES)
    total = len(index.clusters())
    gone = index.evict_before(d(1, 5))
    assert gone and all(c.first_date is None or (c.last_date and c.last_date < d(1, 5)) for c in gone)
    assert len(index.clusters()) == total - len(gone)
    assert len(index) == sum(c.n_records for c in index.clusters())
    out = index.add([ev("s5", "w6", d(2, 5), RUS_MIL, UKR, "195", place=KHARKIV)])
    assert out[0].cluster_id == index.cluster_of("s4")


def test_actor_keys() -> None:
    assert actor_key(KIM) == actor_key(KIM_TITLE) == "person:kim jong un"
    assert actor_key(PRK) == "PRK/GOV" and actor_key(None) == "-"
    un = Actor("the UN", "United Nations", None, "IGO", kind="organization")
    assert actor_key(un) == "-/IGO/united nations"


# -------------------------------------------------------------------- randomised: incremental == one-shot
def _random_events(rng: random.Random, n: int) -> list[Event]:
    actors = [PRK, KOR, RUS_MIL, UKR, KIM]
    places = [None, None, PYONGYANG, SUNAN, NORTH_KOREA, KHARKIV, ODESA]
    precisions = [DAY] * 6 + [UNKNOWN, MONTH, YEAR]
    out = []
    for i in range(n):
        src = rng.choice(actors)
        tgt = rng.choice([None, *actors])
        date = None if rng.random() < 0.03 else dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(90))
        out.append(
            ev(
                f"e{i:04d}",
                f"art{rng.randrange(n // 3)}",
                date,
                src,
                tgt,
                rng.choice(["195", "190", "183", "042", "043", "040", "111", "150"]),
                precision=rng.choice(precisions),
                modality=rng.choice([Modality.ASSERTED] * 4 + [Modality.HISTORICAL, Modality.FUTURE]),
                place=rng.choice(places),
            )
        )
    return out


@pytest.mark.parametrize("seed", range(6))
def test_random_batches_equal_one_shot(seed: int) -> None:
    rng = random.Random(seed)
    events = _random_events(rng, 600)
    _, clusters = cluster_events(events)
    expected = partition(clusters)
    index = ClusterIndex()
    shuffled = events[:]
    rng.shuffle(shuffled)
    if seed % 2:  # newest first, the worst order for a stream
        shuffled.sort(key=lambda e: e.date or dt.date.min, reverse=True)
    handed: dict[str, str | None] = {}
    i = 0
    while i < len(shuffled):
        size = rng.choice([1, 5, 40, 150])
        handed.update((e.id, e.cluster_id) for e in index.add(shuffled[i : i + size]))
        handed.update((e.id, e.cluster_id) for e in index.take_relabelled())
        i += size
    assert partition(index.clusters()) == expected
    assert index.clusters() == clusters
    # what was handed out (batches + relabellings) is what the store ends up with
    assert handed == {c_event: c.id for c in clusters for c_event in c.event_ids}
    for c in clusters:
        members = [e for e in events if e.id in c.event_ids]
        codes: dict[str, set[str]] = defaultdict(set)
        for e in members:
            codes[e.article_id].add(e.cameo)
        assert all(len(v) == 1 for v in codes.values())
        assert len({e.modality is Modality.FUTURE for e in members}) == 1
