"""Code each pattern's golden sentence and list the ones that do not give their code and actors.

    .venv/bin/python tools/check_lexicon.py [LEXICON.tsv ...] [--all]

With no file, every built-in lexicon file is checked. ``--all`` also prints the passing rows.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dyads.coder import Coder
from dyads.config import Settings

PUB = dt.date(2026, 3, 10)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--all", action="store_true")
    args = ap.parse_args(argv)
    coder = Coder.load(Settings())
    wanted = {str(Path(f).resolve()) for f in args.files}
    pats = [p for p in coder.parts.lexicon.patterns if not wanted or str(Path(p.path).resolve()) in wanted]
    pats.sort(key=lambda p: (p.path, p.line))
    bad = 0
    for p in pats:
        events = coder.code_text(p.example, date=PUB)
        got = [
            (
                e.cameo,
                e.source.country or e.source.sector,
                (e.target.country or e.target.sector) if e.target else None,
            )
            for e in events
        ]
        ok = any(
            c == p.code
            and (p.expect_source is None or s == p.expect_source)
            and (p.expect_target is None or t == p.expect_target)
            for c, s, t in got
        )
        bad += not ok
        if not ok or args.all:
            tag = "ok " if ok else "BAD"
            print(f"{tag} {Path(p.path).name}:{p.line} {p.code} {p.pos} {p.lemma} | {p.example} -> {got}")
    print(f"{len(pats) - bad} of {len(pats)} golden sentences pass")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
