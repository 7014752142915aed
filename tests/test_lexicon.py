"""The lexicon: its size and shape, its validation, and every pattern's golden sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyads.codebook.cameo import load_cameo
from dyads.codebook.lexicon import Lexicon, Pattern, load_lexicon
from dyads.coder import Coder
from dyads.errors import CodebookError

PUB = dt.date(2026, 3, 10)


def _lexicon() -> Lexicon:
    return load_lexicon(known_codes=frozenset(load_cameo().codes()))


PATTERNS = sorted(_lexicon().patterns, key=lambda p: (p.path, p.line))


def test_lexicon_covers_all_roots_and_many_codes() -> None:
    roots = {p.code[:2] for p in PATTERNS}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert len({p.code for p in PATTERNS}) >= 150
    assert len(PATTERNS) >= 600


def test_every_example_is_distinct() -> None:
    examples = [p.example for p in PATTERNS]
    assert len(examples) == len(set(examples))


@pytest.mark.parametrize("pat", PATTERNS, ids=lambda p: f"{Path(p.path).name}:{p.line}:{p.code}:{p.lemma}")
def test_golden_sentence(coder: Coder, pat: Pattern) -> None:
    """Each pattern's own sentence must give its code with the expected source and target countries."""
    events = coder.code_text(pat.example, date=PUB)
    found = [
        (e.cameo, e.source.country or e.source.sector, e.target.country if e.target else None) for e in events
    ]
    want_src = pat.expect_source
    hits = [
        e
        for e in events
        if e.cameo == pat.code
        and (want_src is None or (e.source.country or e.source.sector) == want_src)
        and (
            pat.expect_target is None
            or (e.target is not None and (e.target.country or e.target.sector) == pat.expect_target)
        )
    ]
    assert hits, f"{pat.path}:{pat.line} wanted {pat.code} {want_src}>{pat.expect_target}, got {found}"


def test_bad_rows_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "mine.tsv"
    bad.write_text(
        "code\tpos\tlemma\tobj\ttarget\texpect\texample\n"
        "042\tV\tvisit\t-\tdobj\tFRA>DEU\tThe French minister visited Germany today.\n"
        "999\tV\tvisit\t-\tdobj\tFRA>DEU\tThe French minister visited Germany again.\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as err:
        load_lexicon([bad], known_codes=frozenset(load_cameo().codes()))
    assert f"{bad}:3" in str(err.value)
    bad.write_text("042\tV\tvisit\t$NOPE\tdobj\tFRA>DEU\tThe French minister visited Germany today.\n")
    with pytest.raises(CodebookError, match="unknown word class"):
        load_lexicon([bad])
    bad.write_text("042\tV\tvisit\t-\tdobj\n")
    with pytest.raises(CodebookError, match=r"mine.tsv:1: expected 7"):
        load_lexicon([bad])


def test_user_pattern_replaces_builtin(tmp_path: Path) -> None:
    mine = tmp_path / "mine.tsv"
    mine.write_text("043\tV\tvisit\t-\tdobj\tFRA>DEU\tThe French minister visited Germany this week.\n")
    lex = load_lexicon([mine])
    plain = [p for p in lex.verbs["visit"] if p.obj is None and p.particle is None]
    assert [p.code for p in plain] == ["043"]
