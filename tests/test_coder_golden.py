"""Golden sentence → events cases (tests/golden/*.jsonl): what each sentence must and must not give.

A spec is a dict of record properties; ``must`` needs an event with all of them, ``must_not`` forbids one
(``{}`` in ``must_not`` forbids any event at all).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dyads.coder import Coder
from dyads.evaluate import actor_code
from dyads.model import Event
from dyads.sources import parse_date

CASES = [
    json.loads(line)
    for path in sorted((Path(__file__).parent / "golden").glob("*.jsonl"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _fits(e: Event, spec: dict[str, Any]) -> bool:
    props: dict[str, Any] = {
        "code": e.cameo,
        "root": e.cameo_root,
        "source": actor_code(e.source),
        "target": actor_code(e.target),
        "modality": e.modality.value,
        "date": e.date.isoformat() if e.date else None,
        "date_precision": e.date_precision.value,
        "place": e.place.name if e.place else None,
        "attribution_country": e.attribution.country if e.attribution else None,
    }
    unknown = set(spec) - set(props)
    assert not unknown, f"unknown spec keys {unknown}"
    return all(props[k] == v for k, v in spec.items())


def _show(events: list[Event]) -> list[tuple[Any, ...]]:
    return [
        (
            e.cameo,
            actor_code(e.source),
            actor_code(e.target),
            e.modality.value,
            str(e.date),
            e.date_precision.value,
        )
        for e in events
    ]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(coder: Coder, case: dict[str, Any]) -> None:
    events = coder.code_text(case["text"], date=parse_date(case["date"]))
    for spec in case.get("must", []):
        assert any(_fits(e, spec) for e in events), f"missing {spec}; got {_show(events)}"
    for spec in case.get("must_not", []):
        bad = [e for e in events if _fits(e, spec)]
        assert not bad, f"unwanted {spec}; got {_show(bad)}"


def test_evidence_spans_point_at_real_text(coder: Coder) -> None:
    text = "SEOUL, March 9 - Japan and South Korea held talks in Seoul on Monday. Iran criticised Israel."
    events = coder.code_text(text, date=parse_date("2026-03-10"))
    assert events
    for e in events:
        ev = e.evidence
        assert text[ev.start : ev.end] == ev.sentence
        assert ev.source is not None and ev.action is not None
        for span in (ev.source, ev.action, ev.target, ev.place, ev.date):
            if span is not None:
                assert ev.start <= span[0] < span[1] <= ev.end
        assert text[ev.source[0] : ev.source[1]] == e.source.text
        assert 0.0 <= e.confidence <= 1.0


def test_same_input_same_ids(coder: Coder) -> None:
    text = "Brazil sent food aid to Haiti. Argentina praised the decision on Friday."
    a = [e.to_dict() for e in coder.code_text(text, date=parse_date("2026-03-10"), article_id="x1")]
    b = [e.to_dict() for e in coder.code_text(text, date=parse_date("2026-03-10"), article_id="x1")]
    assert a == b
    assert len({e["id"] for e in a}) == len(a)
