"""The data shapes of dyads: frozen dataclasses, the only values stages pass to each other.

Everything here is immutable so a record can be hashed, cached and shipped to a worker process without
anyone changing it on the way. ``Event.to_dict`` is the one place the EVENT_SCHEMA.md key order lives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

Span = tuple[int, int]
"""Character offsets ``[start, end)`` into the article text."""


class Modality(StrEnum):
    """How surely the text says the event took place (EVENT_SCHEMA.md ``modality``)."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    HISTORICAL = "historical"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Article:
    """One news story as read from any source; ``id`` is stable across runs."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    source_name: str | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """Who acts or is acted upon. ``country`` is ISO 3166-1 alpha-3 or None (IGOs, unaffiliated groups)."""

    text: str
    name: str | None
    country: str | None
    sector: str | None
    title: str | None = None
    kind: str = "state"  # state | person | organization | group

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "title": self.title,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    country: str | None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: str = "city"  # point | city | admin1 | country | region

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "geonameid": self.geonameid,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who reports or claims an event ("KCNA reported that ...")."""

    text: str
    name: str | None
    country: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "name": self.name, "country": self.country, "sector": self.sector}


@dataclass(frozen=True, slots=True)
class Plover:
    type: str
    mode: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode}


@dataclass(frozen=True, slots=True)
class Evidence:
    """The text a record stands on: its sentence and where each part of it is."""

    sentence: str
    sentence_index: int
    start: int
    end: int
    source: Span | None
    action: Span | None
    target: Span | None = None
    place: Span | None = None
    date: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        def span(s: Span | None) -> list[int] | None:
            return [s[0], s[1]] if s is not None else None

        return {
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "start": self.start,
            "end": self.end,
            "spans": {
                "source": span(self.source),
                "action": span(self.action),
                "target": span(self.target),
                "place": span(self.place),
                "date": span(self.date),
            },
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the record of EVENT_SCHEMA.md (schema version 1)."""

    id: str
    article_id: str
    date: dt.date | None
    date_precision: DatePrecision
    source: Actor
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float
    quad: int
    plover: Plover
    modality: Modality
    attribution: Attribution | None
    place: Place | None
    evidence: Evidence
    confidence: float
    cluster_id: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON record, keys in the order EVENT_SCHEMA.md gives."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision.value,
            "source": self.source.to_dict(),
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "goldstein": self.goldstein,
            "quad": self.quad,
            "plover": self.plover.to_dict(),
            "modality": self.modality.value,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "place": self.place.to_dict() if self.place else None,
            "evidence": self.evidence.to_dict(),
            "confidence": self.confidence,
            "cluster_id": self.cluster_id,
        }


SCHEMA_FIELDS: tuple[str, ...] = (
    "id",
    "article_id",
    "date",
    "date_precision",
    "source",
    "target",
    "cameo",
    "cameo_root",
    "goldstein",
    "quad",
    "plover",
    "modality",
    "attribution",
    "place",
    "evidence",
    "confidence",
    "cluster_id",
)
