"""Regenerate the CAMEO codebook data files from the upstream references (a one-off, kept for provenance).

Inputs (see ``../shared/reference/SOURCES.txt``):

* ``cameo-codes.csv`` (andybega/icews, MIT; cp1252-encoded): only the facts are taken — code, name,
  Goldstein value. Descriptions, usage notes and example sentences are deliberately left behind.
* ``CAMEO2PLOVER-2021.txt`` (openeventdata/PLOVER, Draft 0.8): lines ``CODE: TYPE, mode, context # comment``;
  two-digit lines (``03: AGREE``) are section headings that also give the root's type.

Outputs (committed): ``src/dyads/codebook/data/cameo_codes.csv`` and ``cameo_plover.csv``. The rules for what
the PLOVER table does not cover (roots 01 and 02) are documented in ``dyads.codebook.cameo``.

Usage: ``python tools/convert_cameo.py [--reference DIR] [--out DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from dyads.codebook.cameo import (
    CODES_FILE,
    PLOVER_FILE,
    PLOVER_TYPES,
    STATEMENT,
    Cameo,
    is_cameo_code,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
DEFAULT_OUT = REPO / "src" / "dyads" / "codebook" / "data"

CAMEO_SOURCE = "cameo-codes.csv"
PLOVER_SOURCE = "CAMEO2PLOVER-2021.txt"

_LINE_RE = re.compile(r"(\d{2,4})\s*:(.*)")


@dataclass(frozen=True)
class Mapping:
    type: str
    mode: str
    context: tuple[str, ...]


def readable(name: str) -> str:
    """Sentence case: the all-caps root names become "Make public statement"; others get a capital."""
    name = " ".join(name.split())
    if name.isupper():
        return name[0] + name[1:].lower()
    return name[0].upper() + name[1:]


def read_cameo_codes(path: Path) -> list[tuple[str, str, float]]:
    """``(code, name, goldstein)`` in file order; the source is cp1252, not UTF-8."""
    text = path.read_bytes().decode("cp1252")
    out: list[tuple[str, str, float]] = []
    seen: set[str] = set()
    for row in csv.DictReader(io.StringIO(text, newline="")):
        code = row["code"].strip()
        if not is_cameo_code(code) or code in seen:
            raise SystemExit(f"{path}: bad or duplicate code {code!r}")
        seen.add(code)
        out.append((code, readable(row["name"]), float(row["goldstein"])))
    return out


def read_plover_table(path: Path) -> dict[str, Mapping]:
    """Code → mapping. A repeated root heading is a section label (the first one gives the root's type);
    a repeated code must repeat the same mapping."""
    table: dict[str, Mapping] = {}
    for number, raw in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        body = raw.split("#", 1)[0].strip()
        if not body or set(body) == {"~"}:
            continue
        match = _LINE_RE.fullmatch(body)
        if match is None:
            raise SystemExit(f"{path}:{number}: cannot read {raw!r}")
        code, rest = match.group(1), match.group(2)
        fields = [part.strip() for part in rest.split(",")]
        if len(fields) > 3:
            raise SystemExit(f"{path}:{number}: more than type, mode, context in {raw!r}")
        fields += [""] * (3 - len(fields))
        kind, mode = fields[0], fields[1]
        context = tuple(part.strip() for part in fields[2].split(";") if part.strip())
        if kind not in PLOVER_TYPES:
            raise SystemExit(f"{path}:{number}: unknown PLOVER type {kind!r}")
        mapping = Mapping(kind, mode, context)
        previous = table.get(code)
        if previous is None:
            table[code] = mapping
        elif len(code) == 2:
            note = f"heading '{code}: {kind}' repeats root {code}; keeping {previous.type}"
            print(f"note: {path.name}:{number}: {note}", file=sys.stderr)
        elif previous != mapping:
            raise SystemExit(f"{path}:{number}: conflicting second mapping for {code}")
    return table


def plover_rows(codes: list[tuple[str, str, float]], table: dict[str, Mapping]) -> list[list[str]]:
    """One row per code the mapping covers, in CAMEO order; codes without a row inherit their parent's."""
    known = {code for code, _, _ in codes}
    for code in sorted(set(table) - known):
        print(f"note: {code} is in the PLOVER table but not in the CAMEO codes; skipped", file=sys.stderr)
    rows: list[list[str]] = []
    for code, _, _ in codes:
        mapping = table.get(code)
        if mapping is None and code == "01":
            mapping = Mapping(STATEMENT, "", ())
        elif mapping is None and code.startswith("02"):
            demand = table.get("10" + code[2:])
            mapping = Mapping("REQUEST", demand.mode, demand.context) if demand else None
        if mapping is not None:
            rows.append([code, mapping.type, mapping.mode, ";".join(mapping.context)])
    return rows


def render_csv(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def number(value: float) -> str:
    return f"{value + 0.0:g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if the committed files are out of date")
    args = parser.parse_args(argv)

    codes = read_cameo_codes(args.reference / CAMEO_SOURCE)
    table = read_plover_table(args.reference / PLOVER_SOURCE)
    outputs = {
        CODES_FILE: render_csv(
            ["code", "name", "goldstein"], [[code, name, number(g)] for code, name, g in codes]
        ),
        PLOVER_FILE: render_csv(
            ["code", "plover_type", "plover_mode", "plover_context"], plover_rows(codes, table)
        ),
    }
    out: Path = args.out
    if args.check:
        stale = [name for name, text in outputs.items() if (out / name).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"{out / name} is out of date; run tools/convert_cameo.py", file=sys.stderr)
        return 1 if stale else 0
    out.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        (out / name).write_text(text, encoding="utf-8", newline="")
    cameo = Cameo.from_files(out / CODES_FILE, out / PLOVER_FILE)  # the loader's validation, as a check
    print(f"wrote {out / CODES_FILE} and {out / PLOVER_FILE}: {len(cameo)} codes, {len(cameo.roots())} roots")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
