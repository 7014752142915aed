"""Hand-made events (invented sentences) for the web tests, some with hostile text, and a store of them."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from dyads.model import Actor, Article, DatePrecision, Event, Evidence, Modality, Place, Plover
from dyads.store import open_store

with warnings.catch_warnings():  # Starlette's notice about httpx2 (a TestClient transport detail)
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

D = dt.date
SCRIPT = 'North Korea <script>alert("x")</script> criticised Russia &amp; &lt;b&gt; on Monday.'
HOSTILE_URL = "javascript:alert(document.domain)"
RTL = (
    "Russia praised North Korea: \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202etxet desrever."
)
LONG = "China met Russia " + "and talked at great length " * 400 + "."
MOSCOW = Place("in Moscow", "Moscow", "RUS", None, 55.75, 37.62, 524901, "city")
PYONGYANG = Place("in Pyongyang", "Pyongyang", "PRK", None, 39.03, 125.75, 1871859, "city")


def span_of(sentence: str, word: str) -> tuple[int, int]:
    i = sentence.index(word)
    return (i, i + len(word))


def make_event(
    eid: str,
    date: dt.date | None,
    src: str,
    tgt: str | None,
    cameo: str,
    quad: int,
    goldstein: float,
    sentence: str,
    words: tuple[str, str, str | None],
    *,
    modality: Modality = Modality.ASSERTED,
    plover: str = "CONSULT",
    place: Place | None = None,
    confidence: float = 0.8,
) -> Event:
    s_word, a_word, t_word = words
    return Event(
        id=eid,
        article_id=f"a-{eid}",
        date=date,
        date_precision=DatePrecision.DAY if date else DatePrecision.UNKNOWN,
        source=Actor(s_word, f"Government of {src}", src, "GOV"),
        target=Actor(t_word or "", f"Government of {tgt}", tgt, "GOV") if tgt else None,
        cameo=cameo,
        cameo_root=cameo[:2],
        goldstein=goldstein,
        quad=quad,
        plover=Plover(plover, None),
        modality=modality,
        attribution=None,
        place=place,
        evidence=Evidence(
            sentence,
            0,
            0,
            len(sentence),
            span_of(sentence, s_word),
            span_of(sentence, a_word),
            span_of(sentence, t_word) if t_word else None,
        ),
        confidence=confidence,
    )


EVENTS: list[Event] = [
    make_event(
        "e01",
        D(2024, 1, 3),
        "PRK",
        "RUS",
        "042",
        1,
        1.9,
        "North Korea visited Russia.",
        ("North Korea", "visited", "Russia"),
        place=MOSCOW,
    ),
    make_event(
        "e02",
        D(2024, 1, 15),
        "PRK",
        "RUS",
        "061",
        2,
        6.4,
        "North Korea cooperated with Russia.",
        ("North Korea", "cooperated", "Russia"),
        plover="COOPERATE",
    ),
    make_event(
        "e03",
        D(2024, 1, 20),
        "RUS",
        "PRK",
        "112",
        3,
        -2.0,
        "Russia accused North Korea.",
        ("Russia", "accused", "North Korea"),
        plover="ACCUSE",
    ),
    make_event(
        "e04",
        D(2024, 2, 10),
        "PRK",
        "RUS",
        "190",
        4,
        -10.0,
        "North Korea did not attack Russia.",
        ("North Korea", "attack", "Russia"),
        modality=Modality.NEGATED,
        plover="ASSAULT",
    ),
    make_event(
        "e05",
        D(2024, 3, 5),
        "RUS",
        "PRK",
        "190",
        4,
        -10.0,
        "Russia attacked North Korea in Pyongyang.",
        ("Russia", "attacked", "North Korea"),
        plover="ASSAULT",
        place=PYONGYANG,
    ),
    make_event(
        "e06",
        D(2024, 1, 10),
        "CHN",
        "RUS",
        "057",
        1,
        8.0,
        "China signed a treaty with Russia.",
        ("China", "signed", "Russia"),
        plover="AGREE",
    ),
    make_event(
        "e07",
        D(2024, 4, 10),
        "PRK",
        "RUS",
        "042",
        1,
        1.9,
        "North Korea will visit Russia.",
        ("North Korea", "visit", "Russia"),
        modality=Modality.FUTURE,
    ),
    make_event(
        "x01",
        D(2024, 2, 1),
        "PRK",
        "RUS",
        "112",
        3,
        -2.0,
        SCRIPT,
        ("North Korea", "criticised", "Russia"),
        plover="ACCUSE",
    ),
    make_event("x02", D(2024, 2, 2), "RUS", "PRK", "051", 1, 3.4, RTL, ("Russia", "praised", "North Korea")),
    make_event("x03", D(2024, 2, 3), "CHN", "RUS", "040", 1, 1.0, LONG, ("China", "met", "Russia")),
]


def fill(path: Path, events: list[Event] = EVENTS) -> Path:
    with open_store(path) as store:
        run = store.start_run("web tests")
        items = [
            (
                Article(
                    e.article_id,
                    e.evidence.sentence,
                    title=f"Story {e.id}",
                    url=HOSTILE_URL if e.evidence.sentence == SCRIPT else f"https://example.org/{e.id}",
                    published=e.date,
                ),
                [e],
            )
            for e in events
        ]
        store.write_batch(run, items)
        store.finish_run(run, {"events": len(events)})
    return path


__all__ = ["EVENTS", "LONG", "RTL", "SCRIPT", "TestClient", "fill", "make_event"]
