"""Blocs, alignment, shifts and anomalies on a synthetic world with answers planted by hand.

The world (2024, asserted events, one per article, invented sentences):

- two camps: WEST = USA GBR FRA DEU and EAST = RUS CHN PRK IRN; every pair inside a camp cooperates three
  times a quarter, every pair across the camps has one conflict event a quarter;
- TUR sides with the West in Q1 and with the East in Q2 (cooperating with that camp, quarrelling with the
  other): a planted move;
- KOR–JPN: two mild cooperation events in Q1, six attacks in Q2: the planted shift;
- IND–PAK: 1–3 verbal cooperation events every week of the half year, and in the week of 13 May four
  attacks: the planted anomaly.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.errors import UsageError
from dyads.model import Actor, Article, DatePrecision, Event, Evidence, Modality, Plover
from dyads.store import Store, open_store

D = dt.date
WEST = ("USA", "GBR", "FRA", "DEU")
EAST = ("RUS", "CHN", "PRK", "IRN")
Q1 = (D(2024, 1, 1), D(2024, 3, 31))
Q2 = (D(2024, 4, 1), D(2024, 6, 30))
ANOMALY_WEEK = D(2024, 5, 13)

COOP = ("042", 1, 1.9, "The {s} delegation met officials of {t}.")
AID = ("057", 1, 8.0, "{s} signed an agreement with {t}.")
CRITICISE = ("112", 3, -2.0, "{s} criticised {t}.")
ATTACK = ("190", 4, -10.0, "Forces of {s} attacked {t}.")


class World:
    """Builds the events; ids are ``w0001``… in creation order."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, day: dt.date, s: str, t: str, kind: tuple[str, int, float, str], **kw: object) -> Event:
        code, quad, g, text = kind
        sentence = text.format(s=s, t=t)
        eid = f"w{len(self.events) + 1:04d}"
        e = Event(
            id=eid,
            article_id=f"a-{eid}",
            date=day,
            date_precision=DatePrecision.DAY,
            source=Actor(s, f"Government of {s}", s, "GOV"),
            target=Actor(t, f"Government of {t}", t, "GOV"),
            cameo=code,
            cameo_root=code[:2],
            goldstein=g,
            quad=quad,
            plover=Plover("CONSULT", None),
            modality=kw.get("modality", Modality.ASSERTED),  # type: ignore[arg-type]
            attribution=None,
            place=None,
            evidence=Evidence(sentence, 0, 0, len(sentence), (0, 3), (4, 8)),
            confidence=0.8,
            cluster_id=kw.get("cluster"),  # type: ignore[arg-type]
        )
        self.events.append(e)
        return e


def days(first: dt.date, n: int, step: int = 7) -> Iterator[dt.date]:
    return (first + dt.timedelta(days=step * i) for i in range(n))


def build_world() -> World:
    w = World()
    for q_start, turkey_with in ((Q1[0], WEST), (Q2[0], EAST)):
        turkey_against = EAST if turkey_with is WEST else WEST
        for camp in (WEST, EAST):
            for a, b in itertools.combinations(camp, 2):
                for i, day in enumerate(days(q_start + dt.timedelta(days=3), 3, 20)):
                    w.add(day, a, b, COOP) if i % 2 == 0 else w.add(day, b, a, COOP)
        for a, b in itertools.product(WEST, EAST):
            w.add(q_start + dt.timedelta(days=40), a, b, CRITICISE)
        for c in turkey_with:
            for day in days(q_start + dt.timedelta(days=5), 3, 20):
                w.add(day, "TUR", c, COOP)
        for c in turkey_against:
            w.add(q_start + dt.timedelta(days=50), "TUR", c, CRITICISE)
    # the shift: KOR–JPN from mild cooperation to attacks
    w.add(D(2024, 2, 1), "KOR", "JPN", COOP)
    w.add(D(2024, 2, 20), "JPN", "KOR", COOP)
    for day in (D(2024, 4, 20), D(2024, 5, 2), D(2024, 5, 9), D(2024, 5, 25), D(2024, 6, 1), D(2024, 6, 8)):
        w.add(day, "JPN", "KOR", ATTACK)
    # the anomaly: IND–PAK weekly cooperation, then a week of attacks
    for i, monday in enumerate(days(D(2024, 1, 1), 26)):
        if monday == ANOMALY_WEEK:
            for k in range(4):
                w.add(
                    monday + dt.timedelta(days=k),
                    "PAK" if k % 2 else "IND",
                    "IND" if k % 2 else "PAK",
                    ATTACK,
                )
            continue
        for k in range(1 + i % 3):
            w.add(monday + dt.timedelta(days=k), "IND", "PAK", COOP)
    return w


def fill(store: Store, events: list[Event]) -> None:
    run = store.start_run("synthetic world")
    items = [(Article(e.article_id, e.evidence.sentence, published=e.date), [e]) for e in events]
    assert store.write_batch(run, items) == len(events)


@pytest.fixture(scope="module")
def world() -> World:
    return build_world()


@pytest.fixture
def db(tmp_path: Path, world: World) -> Path:
    path = tmp_path / "world.sqlite"
    with open_store(path) as store:
        fill(store, world.events)
    return path


@pytest.fixture
def store(db: Path) -> Iterator[Store]:
    with open_store(db) as s:
        yield s


# ---- blocs -------------------------------------------------------------------------------------------


def test_planted_blocs_are_found_with_polarisation(store: Store) -> None:
    from dyads.query.blocs import blocs

    result = blocs(store, *Q1)
    (period,) = result.periods
    members = {frozenset(b.members) for b in period.blocs}
    assert frozenset((*WEST, "TUR")) in members
    assert frozenset(EAST) in members
    assert frozenset(("IND", "PAK")) in members
    assert frozenset(("JPN", "KOR")) in members
    # every conflict of Q1 runs between the camps: polarisation 1, and the partition explains everything
    assert period.polarisation == pytest.approx(1.0)
    assert period.balance == pytest.approx(1.0)
    assert period.modularity is not None and period.modularity > 0.5
    assert result.to_dict()["periods"][0]["period"] == "all"


def test_a_planted_move_between_quarters(store: Store) -> None:
    from dyads.query.blocs import blocs

    result = blocs(store, Q1[0], Q2[1], by="quarter")
    assert [p.period for p in result.periods] == ["2024-Q1", "2024-Q2"]
    q1, q2 = (p.membership() for p in result.periods)
    # bloc ids follow the camps: the West keeps its id, the East keeps its id
    assert len({q1[c] for c in WEST}) == 1 and {q1[c] for c in WEST} == {q2[c] for c in WEST}
    assert {q1[c] for c in EAST} == {q2[c] for c in EAST}
    assert q1["TUR"] == q1["USA"] and q2["TUR"] == q2["RUS"]
    assert [(m.country, m.period_from, m.period_to) for m in result.moves] == [("TUR", "2024-Q1", "2024-Q2")]
    move = result.moves[0]
    assert (move.bloc_from, move.bloc_to) == (q1["USA"], q2["RUS"])
    # KOR–JPN only fight in Q2: no cooperation, so both are unaligned; the IND–PAK attacks of May happen
    # inside their bloc, so polarisation falls below 1
    assert {"JPN", "KOR"} <= set(result.periods[1].unaligned)
    assert result.periods[1].polarisation is not None and result.periods[1].polarisation < 1.0
    assert result.membership() == q2 and result.membership("2024-Q1") == q1


def test_blocs_are_reproducible_and_empty_when_nothing_matches(store: Store) -> None:
    from dyads.query.blocs import blocs

    assert blocs(store, *Q1, by="month").to_dict() == blocs(store, *Q1, by="month").to_dict()
    empty = blocs(store, D(2030, 1, 1), D(2030, 12, 31))
    assert empty.periods == () and empty.moves == () and empty.membership() == {}


def test_blocs_command_table_json_and_plot(db: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dyads.cli.main import app

    runner = CliRunner()
    args = ["blocs", "--db", str(db), "--from", "2024-01-01", "--to", "2024-06-30", "--by", "quarter"]
    r = runner.invoke(app, [*args, "-f", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [m["country"] for m in data["moves"]] == ["TUR"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "moves:" in r.output and "TUR" in r.output and "polarisation" in r.output
    r = runner.invoke(app, [*args, "--by", "week"])
    assert r.exit_code != 0
    pytest.importorskip("matplotlib")
    png = tmp_path / "blocs.png"
    r = runner.invoke(app, [*args, "--plot", str(png)])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plots_of_series_network_and_blocs(store: Store, db: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    from dyads.cli import query as qcli
    from dyads.query.plots import plot_network

    svg = tmp_path / "series.svg"
    qcli.dyad_cmd("IND", "PAK", by="week", db=str(db), fmt="tsv", output=tmp_path / "s.tsv", plot=svg)
    assert svg.read_text().lstrip().startswith("<?xml") and "<svg" in svg.read_text()
    net_png = tmp_path / "net.png"
    qcli.network_cmd(
        date_from="2024-01-01", date_to="2024-03-31", db=str(db), output=tmp_path / "n.json", plot=net_png
    )
    assert net_png.stat().st_size > 1000
    from dyads.query.network import country_network

    with pytest.raises(UsageError, match="png or"):
        plot_network(country_network(store, *Q1), tmp_path / "net.gif")


def test_a_plot_without_matplotlib_is_a_usage_error(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from dyads.query.blocs import blocs
    from dyads.query.plots import plot_blocs

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    with pytest.raises(UsageError, match=r"dyads\[analysis\]") as info:
        plot_blocs(blocs(store, *Q1), tmp_path / "b.png")
    assert info.value.code == "E502"


# ---- alignment and shifts ----------------------------------------------------------------------------


def test_alignment_follows_the_planted_camps(store: Store) -> None:
    from dyads.query.alignment import alignment

    allies = alignment(store, "usa", "gbr", by="quarter")
    assert [r.period for r in allies] == ["2024-Q1", "2024-Q2"]
    for r in allies:
        assert r.direct == 1.0 and r.similarity is not None and r.similarity > 0.9
        assert r.score is not None and r.score > 0.9 and r.common_partners >= 6
    rivals = alignment(store, "USA", "RUS", by="quarter")
    assert all(r.score is not None and r.score < -0.5 for r in rivals)
    turkey = {r.period: r for r in alignment(store, "TUR", "USA", by="quarter")}
    assert turkey["2024-Q1"].score is not None and turkey["2024-Q1"].score > 0.8
    q2 = turkey["2024-Q2"]
    assert q2.direct == -1.0 and q2.similarity is not None and q2.similarity < -0.5
    assert q2.score is not None and q2.score < -0.5
    monthly = alignment(store, "TUR", "USA", by="month", date_from=D(2024, 1, 1), date_to=D(2024, 6, 30))
    assert [r.period for r in monthly] == [f"2024-0{m}" for m in range(1, 7)]
    assert alignment(store, "USA", "GBR", date_from=D(2030, 1, 1)) == []


def test_the_planted_shift_ranks_first_with_its_events(store: Store, world: World) -> None:
    from dyads.query.alignment import shifts

    found = shifts(store, Q1, Q2, top=3, evidence=8)
    assert len(found) == 3
    first = found[0]
    assert (first.a, first.b) == ("JPN", "KOR")
    assert (first.before_events, first.after_events) == (2, 6)
    assert first.before_sum == pytest.approx(3.8) and first.after_sum == pytest.approx(-60.0)
    assert first.change == pytest.approx(30 * (-60.0 / 91 - 3.8 / 91))
    assert (found[1].a, found[1].b) == ("IND", "PAK")  # the anomaly week's attacks: the runner-up
    attacks = [e.id for e in world.events if e.cameo == "190" and e.source.country == "JPN"]
    assert [d.event_id for d in first.drivers[:6]] == attacks  # equal contributions: by date
    assert [d.period for d in first.drivers] == [2] * 6 + [1, 1]  # then the cooperation Q2 lost
    assert first.drivers[0].sentence == "Forces of JPN attacked KOR."
    assert all(d.contribution < 0 for d in first.drivers)
    assert found[0].to_dict()["drivers"][0]["event_id"] == attacks[0]
    assert shifts(store, Q1, Q2, top=0) == []


def test_shift_drivers_count_a_cluster_once(tmp_path: Path) -> None:
    from dyads.query.alignment import shifts

    w = World()
    w.add(D(2024, 1, 10), "KOR", "JPN", COOP)
    w.add(D(2024, 4, 10), "JPN", "KOR", ATTACK, cluster="c1")
    w.add(D(2024, 4, 11), "JPN", "KOR", ATTACK, cluster="c1")
    with open_store(tmp_path / "c.sqlite") as store:
        fill(store, w.events)
        (shift,) = shifts(store, Q1, Q2)
        assert shift.after_events == 1 and shift.after_sum == -10.0
        assert [(d.event_id, d.records) for d in shift.drivers] == [("w0002", 2), ("w0001", 1)]
        assert len(shifts(store, Q1, Q2, records=True)[0].drivers) == 3


# ---- anomalies ---------------------------------------------------------------------------------------


def test_the_planted_anomaly_is_flagged(store: Store) -> None:
    from dyads.query.anomalies import anomalies

    found = anomalies(store, "IND", "PAK")
    assert [(x.period, x.kind) for x in found] == [("2024-W20", "drop")]
    (week,) = found
    assert week.start == ANOMALY_WEEK and week.value == -40.0 and week.events == 4
    assert week.baseline == pytest.approx(3.8) and week.z < -10
    everyone = anomalies(store)
    assert (everyone[0].a, everyone[0].b, everyone[0].start) == ("IND", "PAK", ANOMALY_WEEK)
    assert anomalies(store, "IND", "PAK", threshold=100) == []
    with pytest.raises(UsageError):
        anomalies(store, "IND")


def test_robust_z_falls_back_when_the_window_is_flat() -> None:
    from dyads.query.anomalies import robust_z

    assert robust_z(10.0, [1.0, 2.0, 3.0]) == pytest.approx((8 / 1.4826, 2.0, 1.4826))
    z, med, scale = robust_z(5.0, [0.0, 0.0, 0.0, 4.0])
    assert z == pytest.approx(5.0 / 1.2533)
    assert med == 0.0 and scale == pytest.approx(1.2533 * 1.0)
    assert robust_z(-3.0, [0.0] * 5) == (-3.0, 0.0, 1.0)


def test_alignment_shifts_anomalies_commands(db: Path) -> None:
    from typer.testing import CliRunner

    from dyads.cli.main import app

    runner = CliRunner()
    r = runner.invoke(app, ["alignment", "TUR", "USA", "--by", "quarter", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].split()[:2] == ["period", "events"]
    assert "2024-Q2" in r.output
    r = runner.invoke(app, ["alignment", "TUR", "USA", "--by", "quarter", "--db", str(db), "-f", "json"])
    assert [row["period"] for row in json.loads(r.output)] == ["2024-Q1", "2024-Q2"]
    dates = ["--from1", "2024-01-01", "--to1", "2024-03-31", "--from2", "2024-04-01", "--to2", "2024-06-30"]
    r = runner.invoke(app, ["shifts", *dates, "--top", "1", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("JPN–KOR  change -") and "Forces of JPN attacked KOR." in r.output
    r = runner.invoke(app, ["shifts", *dates, "--top", "2", "--db", str(db), "-f", "json"])
    assert [(s["a"], s["b"]) for s in json.loads(r.output)] == [("JPN", "KOR"), ("IND", "PAK")]
    r = runner.invoke(app, ["anomalies", "IND", "PAK", "--by", "week", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "IND-PAK  2024-W20  drop" in r.output
    r = runner.invoke(app, ["anomalies", "--db", str(db), "-f", "json"])
    assert json.loads(r.output)[0]["period"] == "2024-W20"
    r = runner.invoke(app, ["anomalies", "JPN", "KOR", "--threshold", "1000", "--db", str(db)])
    assert r.exit_code == 0 and "no anomalies" in r.output and "dyad" not in r.output


# ---- DataFrames ----------------------------------------------------------------------------------------


def test_frames_are_dataframes_of_the_analyses(store: Store) -> None:
    pd = pytest.importorskip("pandas")
    import dyads

    f = dyads.frames
    s = f.series(store, "IND", "PAK", by="week")
    assert isinstance(s, pd.DataFrame) and {"period", "direction", "cci"} <= set(s.columns)
    assert s["start"].dtype.kind == "M"
    ev = f.events(store, dyads.EventFilter(dyad=("JPN", "KOR")))
    assert len(ev) == 8 and {"id", "source_country", "evidence_sentence"} <= set(ev.columns)
    edges = f.network_edges(store, *Q1)
    assert edges.loc[(edges.source == "TUR") & (edges.target == "USA"), "cooperation"].item() == 3
    blocs = f.blocs(store, Q1[0], Q2[1], by="quarter")
    tur = blocs[blocs.country == "TUR"].set_index("period")["bloc"]
    usa = blocs[blocs.country == "USA"].set_index("period")["bloc"]
    assert tur["2024-Q1"] == usa["2024-Q1"] and tur["2024-Q2"] != usa["2024-Q2"]
    al = f.alignment(store, "TUR", "USA", by="quarter")
    assert list(al["period"]) == ["2024-Q1", "2024-Q2"] and al["score"].iloc[1] < 0
    sh = f.shifts(store, Q1, Q2, top=1)
    assert set(sh["rank"]) == {1} and set(zip(sh.a, sh.b, strict=True)) == {("JPN", "KOR")}
    an = f.anomalies(store, "IND", "PAK")
    assert list(an["start"]) == [pd.Timestamp(ANOMALY_WEEK)]
    assert f.expectations(store).empty
    assert list(f.anomalies(store, "IND", "PAK", threshold=1000).columns)[:3] == ["a", "b", "period"]
