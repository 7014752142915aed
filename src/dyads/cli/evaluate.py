"""``dyads eval``: the coder's figures on gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from dyads.coder import Coder
from dyads.evaluate import evaluate_file

from .common import settings_from


def _is_geo_gold(path: Path) -> bool:
    """A toponym gold file (``toponyms`` per record) rather than an event one."""
    try:
        with path.open(encoding="utf-8") as fh:
            first = fh.readline()
        return '"toponyms"' in first
    except OSError:
        return False


def _evaluate_geo(coder: Coder, paths: list[Path], as_json: bool) -> None:
    from dyads.errors import UsageError
    from dyads.evaluate_geo import evaluate_geo_file

    if coder.parts.gazetteer is None:
        raise UsageError("this coder has no gazetteer")
    for p in paths:
        rep = evaluate_geo_file(coder.nlp, coder.parts.gazetteer, p, parts=coder.parts)
        if as_json:
            typer.echo(json.dumps({"file": str(p), **rep}, indent=2))
            continue
        typer.echo(f"== {p} (toponyms)")
        for key in (
            "articles",
            "gold_toponyms",
            "recall",
            "precision",
            "accuracy_25km",
            "accuracy_161km",
            "country_accuracy",
            "median_error_km",
            "event_places_judged",
            "event_place_25km",
            "event_place_161km",
            "event_place_country",
        ):
            typer.echo(f"{key.replace('_', ' ')}: {_fmt(rep.get(key))}")


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _print_report(rep: dict[str, Any], indent: str = "") -> None:
    t = rep["tuple"]
    typer.echo(f"{indent}records: {rep['records']}")
    typer.echo(f"{indent}confusion (gold root -> coded root: count):")
    for gold, row in rep["confusion"].items():
        cells = ", ".join(f"{k}:{v}" for k, v in row.items())
        typer.echo(f"{indent}  {gold} -> {cells}")
    lines = [
        ("no-event accuracy", rep["no_event_accuracy"]),
        ("PentaClass accuracy", rep["pentaclass_accuracy"]),
        ("PentaClass coverage", rep["pentaclass_coverage"]),
        ("PLOVER type recall", rep["plover_type_recall"]),
        ("source country accuracy", rep["source_country_accuracy"]),
        ("source country+sector accuracy", rep["source_country_sector_accuracy"]),
        ("target country accuracy", rep["target_country_accuracy"]),
        ("target country+sector accuracy", rep["target_country_sector_accuracy"]),
        ("root recall", rep["root_recall"]),
        ("source-country+root recall", rep["source_country_root_recall"]),
    ]
    for name, v in lines:
        if v is not None:
            typer.echo(f"{indent}{name}: {_fmt(v)}")
    if t["gold"]:
        typer.echo(
            f"{indent}tuple (source, target, root): P {_fmt(t['precision'])}  R {_fmt(t['recall'])}  "
            f"F1 {_fmt(t['f1'])}  ({t['tp']} of {t['gold']} gold, {t['pred']} coded)"
        )


def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files (format of shared/gold/README.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    subset: Annotated[str | None, typer.Option(help="Only records whose meta.subset is this.")] = None,
    model: Annotated[str | None, typer.Option(help="An installed spaCy pipeline.")] = None,
) -> None:
    """Score the coder on gold files: tuple P/R/F1, root recall, no-event and PentaClass accuracy."""
    coder = Coder.load(settings_from(model, None, None))
    geo = [p for p in gold if _is_geo_gold(p)]
    if geo:
        _evaluate_geo(coder, geo, as_json)
    reports = [evaluate_file(coder, p, subset=subset) for p in gold if p not in geo]
    if not reports:
        return
    if as_json:
        typer.echo(json.dumps(reports if len(reports) > 1 else reports[0], indent=2))
        return
    for rep in reports:
        typer.echo(f"== {rep['file']}")
        for name, sub in rep.get("subsets", {}).items():
            typer.echo(f"-- subset {name}")
            _print_report(sub, indent="   ")
        typer.echo("-- all records")
        _print_report(rep)
    typer.echo("summary:")
    for rep in reports:
        for name, sub in [*rep.get("subsets", {}).items(), ("all", rep)]:
            typer.echo(f"  [{Path(rep['file']).parent.name}/{name}] {_headline(sub)}")


def _headline(rep: dict[str, Any]) -> str:
    """The figures that decide whether the coder is good enough, on one line."""
    parts = [f"n={rep['records']}"]
    t = rep["tuple"]
    if t["gold"]:
        parts.append(f"tuple F1 {_fmt(t['f1'])} (P {_fmt(t['precision'])} R {_fmt(t['recall'])})")
    for key, label in (
        ("source_country_root_recall", "src-country+root recall"),
        ("root_recall", "root recall"),
        ("source_country_accuracy", "src-country acc"),
        ("pentaclass_accuracy", "PentaClass acc"),
        ("no_event_accuracy", "no-event acc"),
    ):
        if rep.get(key) is not None:
            parts.append(f"{label} {_fmt(rep[key])}")
    return "; ".join(parts)
