"""``dyads eval``: score the coder against human-annotated gold files (format of shared/gold/README.md).

Figures, each over what the gold can judge:
- tuple P/R/F1 on (source country, target country, CAMEO root), per sentence, as sets;
- root recall: a gold event's CAMEO root is among the roots coded for its sentence;
- source-country + root recall (plover_gsr's headline figure) and actor country/sector accuracy;
- no-event accuracy: sentences a person found no event in, and we code none either;
- PentaClass accuracy: the class of the sentence's most confident event against the gold class;
- a per-root confusion table (gold root → the root we coded, or "none").
Gold actor codes are CAMEO actor codes; the few CAMEO country codes that are not ISO 3166 are mapped.

CAMEO codes a refused or failed act of cooperation as a rejection (root 12) and an announced act as an
intent (03 "express intent to ..." for cooperation, 13 "threaten" for conflict); dyads keeps the act's
own code and says how sure it is in ``modality``. To compare like with like, a negated cooperative record
(quad 1 or 2) counts as root 12 here and a future one as 03 (13 for quads 3 and 4) — except planned
meetings and visits (root 04), which CAMEO coders keep as 04. Every other record counts as coded.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dyads.codebook.cameo import penta_class
from dyads.errors import GoldFormatError
from dyads.model import Actor, Article, Event, Modality
from dyads.sources import parse_date

if TYPE_CHECKING:
    from dyads.coder import Coder

T = TypeVar("T")
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "IMG": None, "ISM": None, "---": None}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str | None  # ISO3, "IGO", "NGO" or None
    target: str | None
    source_sector: str | None
    target_sector: str | None
    root: str | None  # two-digit CAMEO root when the gold has a CAMEO code
    penta: int | None
    plover: str | None


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    date: str | None
    events: tuple[GoldEvent, ...]
    subset: str | None


def _country(code: str | None) -> str | None:
    if not code:
        return None
    c = code[:3].upper()
    if c in CAMEO_TO_ISO:
        return CAMEO_TO_ISO[c]
    return c


def _sector(code: str | None) -> str | None:
    if not code or len(code) < 6:
        return None
    return code[3:6].upper()


def _gold_event(e: dict[str, Any]) -> GoldEvent:
    scheme = e.get("code_scheme", "")
    code = str(e.get("code", ""))
    root: str | None = None
    penta: int | None = None
    plover: str | None = None
    if scheme == "CAMEO":
        root = code[:2]
    elif scheme == "CAMEO-PentaClass":
        penta = int(code)
    elif scheme == "PLOVER":
        plover = code
    if e.get("cameo_code"):
        root = str(e["cameo_code"])[:2]
    src = e.get("source_country") if "source_country" in e else e.get("source")
    tgt = e.get("target_country") if "target_country" in e else e.get("target")
    if scheme == "CAMEO-PentaClass":
        src = tgt = None  # text spans, not codes
    return GoldEvent(
        source=_country(src),
        target=_country(tgt),
        source_sector=e.get("source_sector") or _sector(e.get("source")),
        target_sector=e.get("target_sector") or _sector(e.get("target")),
        root=root,
        penta=penta,
        plover=plover,
    )


def gold_records(path: Path, parse: Callable[[dict[str, Any]], T], what: str = "gold record") -> Iterator[T]:
    """Each non-blank JSON line of a gold file through ``parse``; a bad line raises GoldFormatError."""
    try:
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise GoldFormatError(f"cannot read gold file {path}: {exc}") from exc
    with fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield parse(json.loads(line))
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise GoldFormatError(f"{path}:{lineno}: not a {what} ({exc})") from exc


def _gold_record(d: dict[str, Any]) -> GoldRecord:
    return GoldRecord(
        id=str(d["id"]),
        text=str(d["text"]),
        date=d.get("date"),
        events=tuple(_gold_event(e) for e in d["events"]),
        subset=(d.get("meta") or {}).get("subset"),
    )


def read_gold(path: Path) -> Iterator[GoldRecord]:
    return gold_records(path, _gold_record)


def cameo_root_equivalent(e: Event) -> str:
    """The CAMEO root a CAMEO coder would give this record (see the module docstring)."""
    if e.modality is Modality.NEGATED and e.quad in (1, 2):
        return "12"
    if e.modality is Modality.FUTURE and e.cameo_root != "04":
        return "03" if e.quad in (1, 2) else "13"
    return e.cameo_root


def actor_code(a: Actor | None) -> str | None:
    if a is None:
        return None
    if a.country:
        return a.country
    if a.sector in ("IGO", "NGO"):
        return a.sector
    return None


@dataclass
class Scores:
    """Counters while scoring; ``report()`` turns them into the figures."""

    records: int = 0
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    root_hit: int = 0
    root_total: int = 0
    src_root_hit: int = 0
    src_root_total: int = 0
    src_country_hit: int = 0
    src_country_total: int = 0
    src_cs_hit: int = 0
    src_cs_total: int = 0
    tgt_country_hit: int = 0
    tgt_country_total: int = 0
    tgt_cs_hit: int = 0
    tgt_cs_total: int = 0
    noevent_hit: int = 0
    noevent_total: int = 0
    penta_hit: int = 0
    penta_total: int = 0
    penta_covered: int = 0
    plover_hit: int = 0
    plover_total: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, rec: GoldRecord, events: Sequence[Event]) -> None:
        self.records += 1
        pred_tuples = {(actor_code(e.source), actor_code(e.target), cameo_root_equivalent(e)) for e in events}
        pred_roots = {cameo_root_equivalent(e) for e in events}
        if not rec.events:
            self.noevent_total += 1
            self.noevent_hit += not events
            return
        cameo_gold = [g for g in rec.events if g.root is not None]
        if cameo_gold:
            gold_tuples = {(g.source, g.target, g.root) for g in cameo_gold}
            self.tp += len(gold_tuples & pred_tuples)
            self.n_pred += len(pred_tuples)
            self.n_gold += len(gold_tuples)
            src_roots = {(actor_code(e.source), cameo_root_equivalent(e)) for e in events}
            best_root = cameo_root_equivalent(max(events, key=lambda e: e.confidence)) if events else "none"
            for g in cameo_gold:
                assert g.root is not None
                self.root_total += 1
                self.root_hit += g.root in pred_roots
                self.confusion[g.root][g.root if g.root in pred_roots else best_root] += 1
                self.src_root_total += 1
                self.src_root_hit += (g.source, g.root) in src_roots
        for g in rec.events:
            if g.plover is not None:
                self.plover_total += 1
                self.plover_hit += any(e.plover.type == g.plover for e in events)
            if g.penta is not None:
                self.penta_total += 1
                if events:
                    self.penta_covered += 1
                    best = max(events, key=lambda e: (e.confidence, -e.evidence.start))
                    self.penta_hit += penta_class(cameo_root_equivalent(best)) == g.penta
        self._actor_accuracy(rec, events)

    def _actor_accuracy(self, rec: GoldRecord, events: Sequence[Event]) -> None:
        """Actor accuracy per gold event: the coded event whose actors agree best with it."""
        for g in rec.events:
            if g.penta is not None:
                continue
            cands = events
            if g.root is not None:
                same = [e for e in events if cameo_root_equivalent(e) == g.root]
                cands = same or events
            if g.source is not None:
                self.src_country_total += 1
                self.src_country_hit += any(actor_code(e.source) == g.source for e in cands)
                if g.source_sector is not None or g.source in ("IGO", "NGO"):
                    self.src_cs_total += 1
                    self.src_cs_hit += any(
                        actor_code(e.source) == g.source
                        and (e.source.sector == (g.source_sector or g.source))
                        for e in cands
                    )
            if g.target is not None:
                self.tgt_country_total += 1
                self.tgt_country_hit += any(actor_code(e.target) == g.target for e in cands)
                if g.target_sector is not None or g.target in ("IGO", "NGO"):
                    self.tgt_cs_total += 1
                    self.tgt_cs_hit += any(
                        actor_code(e.target) == g.target
                        and e.target is not None
                        and e.target.sector == (g.target_sector or g.target)
                        for e in cands
                    )

    def report(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        p = ratio(self.tp, self.n_pred)
        r = ratio(self.tp, self.n_gold)
        f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if self.n_gold else None)
        return {
            "records": self.records,
            "tuple": {
                "precision": p,
                "recall": r,
                "f1": f1,
                "tp": self.tp,
                "pred": self.n_pred,
                "gold": self.n_gold,
            },
            "root_recall": ratio(self.root_hit, self.root_total),
            "source_country_root_recall": ratio(self.src_root_hit, self.src_root_total),
            "source_country_accuracy": ratio(self.src_country_hit, self.src_country_total),
            "source_country_sector_accuracy": ratio(self.src_cs_hit, self.src_cs_total),
            "target_country_accuracy": ratio(self.tgt_country_hit, self.tgt_country_total),
            "target_country_sector_accuracy": ratio(self.tgt_cs_hit, self.tgt_cs_total),
            "plover_type_recall": ratio(self.plover_hit, self.plover_total),
            "no_event_accuracy": ratio(self.noevent_hit, self.noevent_total),
            "pentaclass_accuracy": ratio(self.penta_hit, self.penta_total),
            "pentaclass_coverage": ratio(self.penta_covered, self.penta_total),
            "counts": {
                "cameo_gold_events": self.root_total,
                "no_event_records": self.noevent_total,
                "pentaclass_records": self.penta_total,
                "plover_events": self.plover_total,
            },
            "confusion": {g: dict(sorted(c.items())) for g, c in sorted(self.confusion.items())},
        }


def gold_articles(records: Iterable[GoldRecord]) -> Iterator[Article]:
    for rec in records:
        published = None
        if rec.date:
            try:
                published = parse_date(rec.date)
            except Exception:
                published = None
        yield Article(id=rec.id, text=rec.text, published=published)


def evaluate_file(coder: Coder, path: Path, subset: str | None = None) -> dict[str, Any]:
    """Code every gold record of ``path`` and score it, overall and per ``meta.subset``."""
    records = [r for r in read_gold(path) if subset is None or r.subset == subset]
    by_id = {r.id: r for r in records}
    overall = Scores()
    subsets: dict[str, Scores] = defaultdict(Scores)
    for article, events in coder.code_articles(gold_articles(records)):
        rec = by_id[article.id]
        overall.add(rec, events)
        if rec.subset:
            subsets[rec.subset].add(rec, events)
    out = overall.report()
    out["file"] = str(path)
    if len(subsets) > 1:
        out["subsets"] = {name: s.report() for name, s in sorted(subsets.items())}
    return out
