"""The read side (``dyads.query`` and its commands) on a small synthetic event set with known answers.

Every event is hand-made (invented sentences); each article carries one event, published on the event's
date unless a test says otherwise, so announcement dates are explicit.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer import Typer
from typer.testing import CliRunner

from dyads.cli import query as cli
from dyads.errors import UsageError
from dyads.exports import FORMATS
from dyads.model import Actor, Article, DatePrecision, Event, Evidence, Modality, Place, Plover
from dyads.query.events import EventQuery, count_matching, find_events
from dyads.query.expectations import compatible_roots, expectations, window_of
from dyads.query.network import country_network, write_network
from dyads.query.series import SeriesRow, dyad_series
from dyads.store import EventFilter, Store, open_store

D = dt.date
NAMES = {"PRK": "Kim Jong Un", "RUS": "Government of Russia", "CHN": "Government of China"}


def ev(
    eid: str,
    date: dt.date | None,
    src: str | None,
    tgt: str | None,
    cameo: str,
    quad: int,
    goldstein: float,
    *,
    modality: Modality = Modality.ASSERTED,
    cluster: str | None = None,
    precision: DatePrecision = DatePrecision.DAY,
    plover: str = "CONSULT",
    sector: str = "GOV",
    sentence: str = "Officials met.",
    confidence: float = 0.8,
    place: Place | None = None,
) -> Event:
    source = Actor(
        "them", NAMES.get(src or "", "United Nations" if src is None else f"Gov {src}"), src, sector
    )
    target = None if tgt is None else Actor("others", NAMES.get(tgt, f"Gov {tgt}"), tgt, "GOV")
    return Event(
        id=eid,
        article_id=f"a-{eid}",
        date=date,
        date_precision=precision if date is not None else DatePrecision.UNKNOWN,
        source=source,
        target=target,
        cameo=cameo,
        cameo_root=cameo[:2],
        goldstein=goldstein,
        quad=quad,
        plover=Plover(plover, None),
        modality=modality,
        attribution=None,
        place=place,
        evidence=Evidence(sentence, 0, 0, len(sentence), (0, 4), (5, 8)),
        confidence=confidence,
        cluster_id=cluster,
    )


MOSCOW = Place("in Moscow", "Moscow", "RUS", None, 55.75, 37.62, 524901, "city")
FUT = Modality.FUTURE

EVENTS: list[tuple[Event, dt.date | None]] = [
    # PRK–RUS, January 2024: a visit reported twice (one cluster), a deal, a criticism back.
    (ev("e01", D(2024, 1, 3), "PRK", "RUS", "042", 1, 1.9, cluster="c1", place=MOSCOW), None),
    (ev("e02", D(2024, 1, 4), "PRK", "RUS", "042", 1, 1.9, cluster="c1"), None),
    (ev("e03", D(2024, 1, 15), "PRK", "RUS", "061", 2, 6.4, plover="COOPERATE"), None),
    (ev("e04", D(2024, 1, 20), "RUS", "PRK", "112", 3, -2.0), None),
    # February: only a denied attack (not counted by default).
    (ev("e05", D(2024, 2, 10), "PRK", "RUS", "190", 4, -10.0, modality=Modality.NEGATED), None),
    # March: an attack back.
    (ev("e06", D(2024, 3, 5), "RUS", "PRK", "190", 4, -10.0), None),
    # Others in January.
    (ev("e07", D(2024, 1, 10), "CHN", "RUS", "057", 1, 8.0, sentence="Beijing signed a treaty."), None),
    (ev("e08", D(2024, 1, 20), "CHN", "USA", "112", 3, -2.0, sector="MIL"), None),
    (ev("e09", D(2024, 1, 21), "USA", "CHN", "172", 4, -5.0, confidence=0.3), None),
    (ev("e10", D(2024, 1, 22), None, "PRK", "112", 3, -2.0), None),  # an IGO: not in the country graph
    (ev("e11", D(2024, 1, 23), "PRK", "PRK", "173", 4, -5.0), None),  # domestic
    (ev("e12", None, "PRK", "RUS", "042", 1, 1.9), D(2024, 1, 5)),  # undated
    # Expectations. f1: a visit announced for 10 April; Russia hosts it on 12 April (either direction).
    (ev("f1", D(2024, 4, 10), "PRK", "RUS", "042", 1, 1.9, modality=FUT), D(2024, 4, 1)),
    (ev("e13", D(2024, 4, 12), "RUS", "PRK", "043", 1, 2.8), None),
    # f2: economic aid promised for February (month precision), never delivered in Feb–Mar; April is late.
    (
        ev("f2", D(2024, 2, 1), "CHN", "RUS", "0331", 1, 5.2, modality=FUT, precision=DatePrecision.MONTH),
        D(2024, 1, 15),
    ),
    (ev("e14", D(2024, 4, 15), "CHN", "RUS", "071", 2, 7.4), None),
    # f3: talks "soon" (no date), announced 20 June; the newest stored date is 30 June: still open.
    (ev("f3", None, "USA", "CHN", "036", 1, 4.0, modality=FUT), D(2024, 6, 20)),
    (ev("e15", D(2024, 6, 30), "KOR", "JPN", "042", 1, 1.9), None),
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.sqlite"
    with open_store(path) as store:
        run = store.start_run("synthetic")
        items = [
            (Article(e.article_id, e.evidence.sentence, published=pub or e.date), [e]) for e, pub in EVENTS
        ]
        assert store.write_batch(run, items) == len(EVENTS)
    return path


@pytest.fixture
def store(db: Path) -> Store:
    return open_store(db)


def ids(store: Store, q: EventQuery, **kw: object) -> list[str]:
    return [e.id for e in find_events(store, q, order="id", **kw)]  # type: ignore[arg-type]


# ---- events ------------------------------------------------------------------------------------------


def test_filters_select_the_right_events(store: Store) -> None:
    dyad = EventFilter(dyad=("RUS", "PRK"))
    assert ids(store, EventQuery(dyad)) == ["e01", "e02", "e03", "e04", "e05", "e06", "e12", "e13", "f1"]
    jan = EventFilter(
        dyad=("PRK", "RUS"), modality="asserted", date_from=D(2024, 1, 1), date_to=D(2024, 1, 31)
    )
    assert ids(store, EventQuery(jan)) == ["e01", "e02", "e03", "e04"]
    assert ids(store, EventQuery(EventFilter(quad=4))) == ["e05", "e06", "e09", "e11"]
    assert ids(store, EventQuery(EventFilter(source_country="RUS", target_country="PRK"))) == [
        "e04",
        "e06",
        "e13",
    ]
    assert ids(store, EventQuery(EventFilter(cameo_root=("05", "06")))) == ["e03", "e07"]
    assert ids(store, EventQuery(EventFilter(cameo="0331"))) == ["f2"]
    assert ids(store, EventQuery(EventFilter(text_contains="TREATY"))) == ["e07"]
    assert "e09" not in ids(store, EventQuery(EventFilter(min_confidence=0.5)))
    assert ids(store, EventQuery(plover_type="cooperate")) == ["e03"]
    assert ids(store, EventQuery(sector="MIL")) == ["e08"]
    assert ids(store, EventQuery(name="kim jong")) == [e for e in ids(store, EventQuery()) if _has_prk(e)]
    assert ids(store, EventQuery(name="united nations")) == ["e10"]
    assert ids(store, EventQuery(place_country="rus")) == ["e01"]
    assert ids(store, EventQuery(bbox=(30.0, 50.0, 40.0, 60.0))) == ["e01"]
    assert ids(store, EventQuery(bbox=(0.0, 0.0, 10.0, 10.0))) == []
    assert count_matching(store, EventQuery(EventFilter(country="CHN"))) == 6


def _has_prk(eid: str) -> bool:
    e = next(x for x, _ in EVENTS if x.id == eid)
    return "PRK" in (e.source.country, e.target.country if e.target else None)


def test_pagination_and_errors(store: Store) -> None:
    everything = ids(store, EventQuery())
    assert len(everything) == len(EVENTS)
    assert ids(store, EventQuery(), limit=3, offset=2) == everything[2:5]
    assert ids(store, EventQuery(), offset=len(everything) - 1) == everything[-1:]
    with pytest.raises(UsageError):
        list(find_events(store, EventQuery(), order="nope"))
    with pytest.raises(UsageError):
        list(find_events(store, EventQuery(bbox=(10.0, 0.0, 0.0, 10.0))))


@pytest.mark.parametrize("fmt", FORMATS)
def test_events_command_writes_every_format(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    cli.events_cmd(db=str(db), dyad="PRK,RUS", modality=["asserted"], fmt=fmt, output=out, order="id")
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        assert [json.loads(line)["id"] for line in text.splitlines()] == [
            "e01",
            "e02",
            "e03",
            "e04",
            "e06",
            "e12",
            "e13",
        ]
    elif fmt == "tsv":
        assert len(text.splitlines()) == 1 + 7
    else:
        assert "e01" in text or "Kim Jong Un" in text


# ---- series ------------------------------------------------------------------------------------------


def _row(series: list[SeriesRow], period: str, direction: str) -> SeriesRow:
    return next(r for r in series if r.period == period and r.direction == direction)


def test_monthly_series_counts_clusters_of_asserted_events(store: Store) -> None:
    s = dyad_series(store, "prk", "rus", by="month", date_to=D(2024, 3, 31))
    assert [(r.period, r.direction) for r in s][:3] == [
        ("2024-01", "forward"),
        ("2024-01", "backward"),
        ("2024-01", "both"),
    ]
    assert sorted({r.period for r in s}) == ["2024-01", "2024-02", "2024-03"]  # February filled
    fwd, bwd, both = (_row(s, "2024-01", d) for d in ("forward", "backward", "both"))
    assert (fwd.source, fwd.target) == ("PRK", "RUS")
    assert (fwd.verbal_cooperation, fwd.material_cooperation, fwd.events) == (1, 1, 2)  # e01+e02 one event
    assert fwd.goldstein_sum == pytest.approx(8.3)
    assert (bwd.verbal_conflict, bwd.events, bwd.goldstein_sum) == (1, 1, -2.0)
    assert (both.cooperation, both.conflict) == (2, 1)
    assert both.cci == pytest.approx(1 / 3)
    assert both.goldstein_mean == pytest.approx(6.3 / 3)
    feb = _row(s, "2024-02", "both")
    assert feb.events == 0 and feb.cci is None and feb.goldstein_mean is None
    assert _row(s, "2024-03", "backward").material_conflict == 1
    assert _row(s, "2024-03", "both").cci == -1.0


def test_series_options(store: Store) -> None:
    records = dyad_series(store, "PRK", "RUS", records=True, date_to=D(2024, 1, 31))
    assert _row(records, "2024-01", "forward").verbal_cooperation == 2
    with_neg = dyad_series(store, "PRK", "RUS", modality=("asserted", "negated"), date_to=D(2024, 3, 31))
    assert _row(with_neg, "2024-02", "forward").material_conflict == 1
    quarters = dyad_series(store, "PRK", "RUS", by="quarter", date_to=D(2024, 3, 31))
    q1 = _row(quarters, "2024-Q1", "both")
    assert (q1.verbal_cooperation, q1.material_cooperation, q1.verbal_conflict, q1.material_conflict) == (
        1,
        1,
        1,
        1,
    )
    weeks = dyad_series(store, "PRK", "RUS", by="week", date_to=D(2024, 1, 31))
    assert weeks[0].period == "2024-W01" and weeks[0].start == D(2024, 1, 1)
    assert _row(weeks, "2024-W03", "forward").material_cooperation == 1  # 15 January, a Monday
    assert len({r.period for r in weeks}) == 3  # W01..W03 (W02 filled)
    assert dyad_series(store, "PRK", "RUS", modality=()) == []
    with pytest.raises(UsageError):
        dyad_series(store, "PRK", "RUS", by="fortnight")
    with pytest.raises(ValueError):
        dyad_series(store, "PRK", "RUS", modality=("rumoured",))


def test_series_dataframe_when_pandas_is_there(store: Store) -> None:
    pytest.importorskip("pandas")
    from dyads.query.series import to_dataframe

    frame = to_dataframe(dyad_series(store, "PRK", "RUS"))
    assert {"period", "direction", "cci"} <= set(frame.columns)


def test_dyad_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.tsv"
    cli.dyad_cmd("PRK", "RUS", by="month", db=str(db), date_to="2024-03-31", fmt="tsv", output=out)
    lines = out.read_text().splitlines()
    assert lines[0].split("\t")[:3] == ["period", "direction", "source"]
    assert len(lines) == 1 + 3 * 3
    table = tmp_path / "s.txt"
    cli.dyad_cmd("PRK", "RUS", by="month", db=str(db), fmt="table", output=table)
    assert "2024-01" in table.read_text()


# ---- network -----------------------------------------------------------------------------------------


def test_network_of_january(store: Store) -> None:
    net = country_network(store, D(2024, 1, 1), D(2024, 1, 31))
    assert net.nodes == ("CHN", "PRK", "RUS", "USA")
    got = {(e.source, e.target): (e.cooperation, e.conflict, round(e.goldstein_sum, 6)) for e in net.edges}
    assert got == {
        ("CHN", "RUS"): (1, 0, 8.0),
        ("CHN", "USA"): (0, 1, -2.0),
        ("PRK", "RUS"): (2, 0, 8.3),
        ("RUS", "PRK"): (0, 1, -2.0),
        ("USA", "CHN"): (0, 1, -5.0),
    }
    rec = country_network(store, D(2024, 1, 1), D(2024, 1, 31), records=True)
    edge = rec.edge("PRK", "RUS")
    assert edge is not None and edge.cooperation == 3
    assert country_network(store, D(2024, 1, 1), D(2024, 1, 31), min_events=2).nodes == ("PRK", "RUS")


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_network_files(store: Store, tmp_path: Path, fmt: str) -> None:
    net = country_network(store, D(2024, 1, 1), D(2024, 1, 31))
    out = tmp_path / f"n.{fmt}"
    with out.open("w", encoding="utf-8") as fh:
        write_network(net, fmt, fh)
    if fmt == "json":
        data = json.loads(out.read_text())
        assert len(data["edges"]) == 5 and data["nodes"][0] == {"id": "CHN"}
        return
    root = ET.parse(out).getroot()
    edges = [el for el in root.iter() if el.tag.endswith("}edge")]
    nodes = [el for el in root.iter() if el.tag.endswith("}node")]
    assert (len(nodes), len(edges)) == (4, 5)
    assert {(e.get("source"), e.get("target")) for e in edges} == {
        ("CHN", "RUS"),
        ("CHN", "USA"),
        ("PRK", "RUS"),
        ("RUS", "PRK"),
        ("USA", "CHN"),
    }


# ---- expectations ------------------------------------------------------------------------------------


def test_expectations_kept_lapsed_not_yet(store: Store) -> None:
    got = {x.event.id: x for x in expectations(store)}
    assert set(got) == {"f1", "f2", "f3"}
    assert got["f1"].status == "kept"
    assert got["f1"].fulfilled_by is not None and got["f1"].fulfilled_by.id == "e13"
    assert got["f2"].status == "lapsed" and got["f2"].window == (D(2024, 2, 1), D(2024, 3, 31))
    assert got["f3"].status == "not_yet" and got["f3"].window == (D(2024, 6, 20), D(2024, 8, 19))
    only_chn = {x.event.id for x in expectations(store, EventFilter(country="CHN"))}
    assert only_chn == {"f2", "f3"}


def test_windows_and_kinds() -> None:
    day = DatePrecision.DAY
    assert window_of(D(2024, 4, 10), day, D(2024, 4, 1)) == (D(2024, 4, 3), D(2024, 4, 17))
    assert window_of(D(2024, 4, 10), day, D(2024, 4, 9)) == (D(2024, 4, 9), D(2024, 4, 17))
    assert window_of(D(2024, 12, 1), DatePrecision.MONTH, None) == (D(2024, 12, 1), D(2025, 1, 31))
    assert window_of(D(2024, 1, 1), DatePrecision.YEAR, None) == (D(2024, 1, 1), D(2024, 12, 31))
    assert window_of(None, DatePrecision.UNKNOWN, None) is None
    assert compatible_roots("042") == ("04",)
    assert compatible_roots("0331") == ("03", "07")
    assert compatible_roots("036") == ("03", "04")


def test_expectations_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    cli.expectations_cmd(db=str(db), status=["kept", "lapsed"], output=out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["event"]["id"], r["status"]) for r in rows] == [("f2", "lapsed"), ("f1", "kept")]
    assert rows[1]["fulfilled_by"]["id"] == "e13"


# ---- the commands through Typer ----------------------------------------------------------------------


def test_commands_parse_their_options(db: Path) -> None:
    app = Typer()
    app.command("events")(cli.events_cmd)
    app.command("dyad")(cli.dyad_cmd)
    app.command("network")(cli.network_cmd)
    app.command("expectations")(cli.expectations_cmd)
    runner = CliRunner()
    r = runner.invoke(app, ["events", "--db", str(db), "--quad", "4", "--quad", "3", "--count"])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "7"  # e04 e05 e06 e08 e09 e10 e11
    r = runner.invoke(app, ["events", "--db", str(db), "--root", "6", "-f", "jsonl", "--limit", "1"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["id"] == "e03"
    r = runner.invoke(app, ["dyad", "PRK", "RUS", "--db", str(db), "--by", "quarter", "-f", "jsonl"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output.splitlines()[0])["period"] == "2024-Q1"
    r = runner.invoke(app, ["network", "--db", str(db), "--from", "2024-01-01", "--to", "2024-01-31"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.output)["edges"]) == 5
    r = runner.invoke(app, ["expectations", "--db", str(db), "--status", "not_yet"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["event"]["id"] == "f3"


def test_expectations_frame(store: Store) -> None:
    pytest.importorskip("pandas")
    import dyads

    frame = dyads.frames.expectations(store).set_index("event_id")
    assert frame.loc["f1", "status"] == "kept" and frame.loc["f1", "fulfilled_by"] == "e13"
    assert frame.loc["f2", "status"] == "lapsed" and frame.loc["f2", "window_to"].date() == D(2024, 3, 31)
    assert frame.loc["f3", "status"] == "not_yet"


@pytest.mark.parametrize("command", [["events"], ["dyad", "PRK", "RUS"], ["network"]])
def test_an_unknown_modality_is_a_usage_error(
    db: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from dyads.cli.main import main

    assert main([*command, "--db", str(db), "--modality", "bogus"]) == 2
    assert "E502: unknown modality" in capsys.readouterr().err
