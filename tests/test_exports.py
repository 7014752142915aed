"""The export writers: every format from the same hand-built events, checked against the shipped schemas."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError

from dyads.codebook.cameo import load_cameo
from dyads.errors import UnknownFormatError, UsageError
from dyads.exports import FORMATS, TSV_COLUMNS, plover_record, write_events
from dyads.model import (
    SCHEMA_FIELDS,
    Actor,
    Attribution,
    DatePrecision,
    Event,
    Evidence,
    Modality,
    Place,
    Plover,
)
from dyads.schema import SCHEMAS, load_schema

# Invented sentences; offsets point into them as if each were the start of its article.
VISIT = "Ministra Åsa Berg visited Seoul\tfor talks with\nPresident Lee on Tuesday."
ALERT = "The army of Freedonia may raise its alert level, officials hinted."
CRITICISM = "The [bold] Front criticised the government's budget, a spokesman said."


def _visit() -> Event:
    return Event(
        id="ev-1",
        article_id="art-1",
        date=dt.date(2024, 3, 5),
        date_precision=DatePrecision.DAY,
        source=Actor("Ministra Åsa Berg", "Åsa Berg", "SWE", "GOV", title="Foreign Minister", kind="person"),
        target=Actor("President Lee", "Lee Jae-myung", "KOR", "GOV", title="President", kind="person"),
        cameo="042",
        cameo_root="04",
        goldstein=1.9,
        quad=1,
        plover=Plover("CONSULT", "visit"),
        modality=Modality.ASSERTED,
        attribution=Attribution("Yonhap", "Yonhap News Agency", "KOR", "JRN"),
        place=Place("Seoul", "Seoul", "KOR", "Seoul", 37.566, 126.978, 1835848, "city"),
        evidence=Evidence(VISIT, 0, 0, len(VISIT), (0, 17), (18, 25), (47, 60), (26, 31), (64, 71)),
        confidence=0.91,
        cluster_id="c-7",
    )


def _alert() -> Event:
    return Event(
        id="ev-2",
        article_id="art-2",
        date=None,
        date_precision=DatePrecision.UNKNOWN,
        source=Actor("The army of Freedonia", None, None, "MIL", kind="organization"),
        target=None,
        cameo="152",
        cameo_root="15",
        goldstein=-7.2,
        quad=4,
        plover=Plover("MOBILIZE", "troops"),
        modality=Modality.HYPOTHETICAL,
        attribution=None,
        place=None,
        evidence=Evidence(ALERT, 2, 120, 120 + len(ALERT), (120, 141), (146, 151)),
        confidence=0.4,
    )


def _criticism() -> Event:
    return Event(
        id="ev-3",
        article_id="art-3",
        date=dt.date(2023, 11, 1),
        date_precision=DatePrecision.MONTH,
        source=Actor("The [bold] Front", "[bold] Front", None, "OPP", kind="group"),
        target=Actor("the government", None, "SWE", "GOV"),
        cameo="111",
        cameo_root="11",
        goldstein=-2.0,
        quad=3,
        plover=Plover("ACCUSE", "disapprove"),
        modality=Modality.NEGATED,
        attribution=Attribution("a spokesman", None, None, None),
        place=None,
        evidence=Evidence(CRITICISM, 1, 0, len(CRITICISM), (0, 16), (17, 27), (28, 42)),
        confidence=0.66,
    )


EVENTS = (_visit(), _alert(), _criticism())


def _render(fmt: str, events: tuple[Event, ...] = EVENTS) -> tuple[int, str]:
    out = io.StringIO()
    count = write_events(iter(events), fmt, out)
    return count, out.getvalue()


def _validator(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- JSONL ---------------------------------------------------------------------------------------------


def test_jsonl_lines_validate_and_keep_schema_order() -> None:
    count, text = _render("jsonl")
    lines = text.splitlines()
    assert count == len(lines) == 3
    validator = _validator("event")
    for line, event in zip(lines, EVENTS, strict=True):
        record = json.loads(line)
        validator.validate(record)
        assert tuple(record) == SCHEMA_FIELDS
        assert record == event.to_dict()
    assert "Åsa Berg" in lines[0]  # not \u-escaped
    assert json.loads(lines[1])["target"] is None


def _mutated(record: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(record))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("modality",), "rumoured"),
        (("date_precision",), "week"),
        (("quad",), 5),
        (("cameo",), "42"),
        (("goldstein",), 10.5),
        (("confidence",), 1.2),
        (("date",), "5 March 2024"),
        (("source", "kind"), "country"),
        (("source", "sector"), "XXX"),
        (("source", "country"), "SE"),
        (("place", "precision"), "street"),
        (("plover", "type"), "GREET"),
        (("evidence", "spans", "source"), [0]),
        (("source", "nickname"), "x"),
        (("unexpected",), 1),
    ],
)
def test_event_schema_rejects_bad_records(path: tuple[str, ...], value: Any) -> None:
    record = _mutated(EVENTS[0].to_dict(), path, value)
    with pytest.raises(ValidationError):
        _validator("event").validate(record)


def test_event_schema_requires_every_field() -> None:
    record = EVENTS[0].to_dict()
    del record["cluster_id"]
    with pytest.raises(ValidationError, match="cluster_id"):
        _validator("event").validate(record)


def test_jsonl_streams() -> None:
    out = io.StringIO()

    def events() -> Iterator[Event]:
        yield EVENTS[0]
        assert out.getvalue().count("\n") == 1  # the first line is out before the second event exists
        yield EVENTS[1]

    assert write_events(events(), "jsonl", out) == 2


# --- TSV -----------------------------------------------------------------------------------------------


def test_tsv_header_and_cells() -> None:
    count, text = _render("tsv")
    lines = text.split("\n")
    assert lines[-1] == ""
    header, rows = lines[0], [line.split("\t") for line in lines[1:-1]]
    assert header.split("\t") == list(TSV_COLUMNS)
    assert len(TSV_COLUMNS) == 25
    assert count == len(rows) == 3
    assert all(len(row) == len(TSV_COLUMNS) for row in rows)
    visit, alert, criticism = (dict(zip(TSV_COLUMNS, row, strict=True)) for row in rows)
    assert visit["sentence"] == VISIT.replace("\t", " ").replace("\n", " ")
    assert visit["source_name"] == "Åsa Berg"
    assert visit["attribution"] == "Yonhap News Agency"
    assert (visit["lat"], visit["lon"], visit["goldstein"], visit["quad"]) == (
        "37.566",
        "126.978",
        "1.9",
        "1",
    )
    assert (visit["plover_type"], visit["plover_mode"], visit["cluster_id"]) == ("CONSULT", "visit", "c-7")
    assert alert["source_name"] == "The army of Freedonia"  # no canonical name: the text
    for column in ("date", "target_name", "target_country", "attribution", "place_name", "lat", "cluster_id"):
        assert alert[column] == "", column
    assert alert["date_precision"] == "unknown"
    assert criticism["attribution"] == "a spokesman"
    assert criticism["target_name"] == "the government"


def test_tsv_of_nothing_is_the_header() -> None:
    count, text = _render("tsv", ())
    assert (count, text) == (0, "\t".join(TSV_COLUMNS) + "\n")


# --- PLOVER --------------------------------------------------------------------------------------------


def test_plover_lines_validate() -> None:
    count, text = _render("plover")
    records = [json.loads(line) for line in text.splitlines()]
    assert count == len(records) == 3
    validator = _validator("plover")
    for record in records:
        validator.validate(record)
    visit, alert, criticism = records
    assert (visit["event"], visit["mode"], visit["actor"], visit["recipient"]) == (
        "CONSULT",
        "visit",
        "Åsa Berg",
        "Lee Jae-myung",
    )
    assert visit["event_loc"] == {"name": "Seoul", "lat": 37.566, "lon": 126.978, "country": "KOR"}
    assert visit["event_text"] == VISIT
    assert visit["text_info"]["spans"]["place"] == [26, 31]
    assert alert["recipient"] is None and alert["event_loc"] is None and alert["date"] is None
    assert alert["context"] == ["military"]  # 152 in the codebook
    assert alert["text_info"] == {
        "article_id": "art-2",
        "sentence_index": 2,
        "spans": {"source": [120, 141], "action": [146, 151], "target": None, "place": None, "date": None},
    }
    assert criticism["actor_country"] is None and criticism["modality"] == "negated"


def test_plover_context_only_when_the_codebook_agrees_with_the_record() -> None:
    cameo = load_cameo()
    assert plover_record(EVENTS[1], cameo)["context"] == ["military"]
    assert plover_record(EVENTS[1])["context"] == []
    relabelled = replace(EVENTS[1], plover=Plover("THREATEN", None))
    assert plover_record(relabelled, cameo)["context"] == []


# --- table ---------------------------------------------------------------------------------------------


def test_table_for_a_non_terminal_stream() -> None:
    count, text = _render("table")
    assert count == 3
    assert "\x1b" not in text  # no colour codes into a file
    for name in ("Åsa Berg (SWE)", "Lee Jae-myung (KOR)", "The army of Freedonia", "[bold] Front"):
        assert name in text
    assert "042 Make a visit" in text
    assert "152 Increase military alert status" in text
    assert "2023-11" in text and "2023-11-01" not in text  # a month-precise date shown as a month
    assert "hypothetical" in text and "0.91" in text
    assert "3 events" in text


# --- dispatch ------------------------------------------------------------------------------------------


def test_unknown_format_fails_before_reading_or_writing() -> None:
    out = io.StringIO()
    pulled: list[Event] = []

    def events() -> Iterator[Event]:
        for event in EVENTS:
            pulled.append(event)
            yield event

    with pytest.raises(UnknownFormatError) as info:
        write_events(events(), "xml", out)
    assert info.value.code == "E501"
    assert "'xml'" in str(info.value)
    for fmt in FORMATS:
        assert fmt in str(info.value)
    assert out.getvalue() == "" and pulled == []


def test_every_format_counts_an_empty_input_as_zero() -> None:
    for fmt in FORMATS:
        assert _render(fmt, ())[0] == 0


def test_load_schema() -> None:
    assert SCHEMAS == ("event", "plover")
    assert load_schema("event.schema.json") == load_schema("event")
    first = load_schema("plover")
    first["title"] = "changed"
    assert load_schema("plover")["title"] != "changed"
    with pytest.raises(UsageError, match="event, plover"):
        load_schema("article")
