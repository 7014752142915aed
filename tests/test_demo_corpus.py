"""Checks on the bundled demo corpus (src/dyads/demo/articles.jsonl)."""

from __future__ import annotations

import datetime
import re

import pytest

from dyads.demo import demo_path, demo_records

COUNTRIES = (
    "Argentina",
    "Belgium",
    "Brazil",
    "Britain",
    "China",
    "Colombia",
    "Egypt",
    "Eritrea",
    "Ethiopia",
    "France",
    "Germany",
    "India",
    "Indonesia",
    "Iran",
    "Israel",
    "Japan",
    "Lebanon",
    "Lithuania",
    "Mexico",
    "Nigeria",
    "North Korea",
    "Pakistan",
    "Philippines",
    "Poland",
    "Russia",
    "Saudi Arabia",
    "South Africa",
    "South Korea",
    "Sudan",
    "Syria",
    "Turkey",
    "Ukraine",
    "United States",
    "Venezuela",
)

REQUIRED_FIELDS = ("id", "date", "title", "text")


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    return demo_records()


def _word_count(text: str) -> int:
    return len(text.split())


def test_path_exists() -> None:
    path = demo_path()
    assert path.name == "articles.jsonl"
    assert path.is_file()


def test_at_least_24_records(records: list[dict[str, str]]) -> None:
    assert len(records) >= 24


def test_ids_unique(records: list[dict[str, str]]) -> None:
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_required_fields_present_and_non_empty(records: list[dict[str, str]]) -> None:
    for record in records:
        for field in REQUIRED_FIELDS:
            assert record.get(field, "").strip(), f"{record.get('id')}: missing {field}"


def test_dates_are_iso(records: list[dict[str, str]]) -> None:
    for record in records:
        date = datetime.date.fromisoformat(record["date"])
        assert date.isoformat() == record["date"], record["id"]
        assert date.year == 2026, record["id"]


def test_article_lengths(records: list[dict[str, str]]) -> None:
    for record in records:
        n = _word_count(record["text"])
        assert 100 <= n <= 400, f"{record['id']}: {n} words"


def test_many_countries_named(records: list[dict[str, str]]) -> None:
    corpus = "\n".join(r["text"] for r in records)
    named = {c for c in COUNTRIES if re.search(rf"\b{re.escape(c)}\b", corpus)}
    assert len(named) >= 15, sorted(named)


@pytest.mark.parametrize(
    "patterns",
    [
        (r"\bexpected to\b",),
        (r"\bwill\b",),
        (r"\bdid not\b", r"\brefused\b"),
        (r"\bcould\b", r"\bmay\b"),
    ],
    ids=["expected-to", "will", "negation", "hypothetical"],
)
def test_modality_cues_present(records: list[dict[str, str]], patterns: tuple[str, ...]) -> None:
    # Case-sensitive on purpose: the month "May" must not count as the modal "may".
    corpus = "\n".join(r["text"] for r in records)
    assert any(re.search(p, corpus) for p in patterns), patterns
