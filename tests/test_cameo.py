"""The CAMEO codebook: the packaged data, the loader's derivations, and its file:line validation errors."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from dyads.codebook.cameo import (
    EVENT_TYPES,
    PLOVER_TYPES,
    ROOTS,
    STATEMENT,
    Cameo,
    CameoCode,
    load_cameo,
    parent_of,
    penta_class,
    quad_class,
    root_of,
)
from dyads.errors import CodebookError
from dyads.model import Plover

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
DATA = resources.files("dyads.codebook").joinpath("data")


@pytest.fixture(scope="module")
def cameo() -> Cameo:
    return load_cameo()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the packaged codebook -----------------------------------------------------------------------------


def test_every_code_has_name_goldstein_quad_and_plover(cameo: Cameo) -> None:
    assert len(cameo) == 312
    for code in cameo.codes():
        entry = cameo.get(code)
        assert entry.code == code
        assert entry.name and entry.name[0].isupper() and not entry.name.isupper(), entry
        assert -10.0 <= entry.goldstein <= 10.0
        assert entry.root == code[:2]
        assert entry.quad in (1, 2, 3, 4)
        assert entry.plover.type in EVENT_TYPES
        assert entry.plover.mode is None or entry.plover.mode.strip() == entry.plover.mode != ""


def test_roots_and_order(cameo: Cameo) -> None:
    assert cameo.roots() == ROOTS
    codes = cameo.codes()
    assert codes[0] == "01" and codes[1] == "010"
    assert list(codes) == sorted(codes)
    assert {"0841", "1823", "2042"} <= set(codes)


def test_known_facts(cameo: Cameo) -> None:
    assert cameo.get("01").name == "Make public statement"
    visit = cameo.get("042")
    assert (visit.name, visit.goldstein, visit.quad) == ("Make a visit", 1.9, 1)
    assert visit.plover == Plover("CONSULT", "visit")
    release = cameo.get("0841")
    assert release.plover == Plover("RETREAT", "release")
    assert release.plover_context == ("legal",)
    assert cameo.get("196").plover_context == ("legal", "military")
    assert cameo.get("163").plover.type == "COERCE"  # the table's own choice, not the root's SANCTION
    assert cameo.get("011").goldstein == -0.1
    assert cameo.get("193").name.startswith("Fight")  # lower-case in the source


def test_root_08_is_concede_despite_the_retreat_heading(cameo: Cameo) -> None:
    assert cameo.get("08").plover.type == "CONCEDE"
    assert cameo.get("080").plover.type == "CONCEDE"
    assert cameo.get("084").plover.type == "RETREAT"


def test_statements_map_to_the_statement_extension_by_inheritance(cameo: Cameo) -> None:
    with DATA.joinpath("cameo_plover.csv").open(encoding="utf-8") as fh:
        own = {row["code"] for row in csv.DictReader(fh)}
    assert "01" in own and "015" not in own
    for code in cameo.codes():
        if code.startswith("01"):
            assert cameo.get(code).plover == Plover(STATEMENT, None)
        else:
            assert cameo.get(code).plover.type in PLOVER_TYPES


def test_appeals_mirror_demands(cameo: Cameo) -> None:
    appeals = [code for code in cameo.codes() if code.startswith("02")]
    assert len(appeals) == 28
    for code in appeals:
        appeal, demand = cameo.get(code), cameo.get("10" + code[2:])
        assert appeal.plover.type == "REQUEST"
        assert (appeal.plover, appeal.plover_context) == (demand.plover, demand.plover_context), code


def test_data_files_hold_facts_only() -> None:
    with DATA.joinpath("cameo_codes.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["code", "name", "goldstein"]
    with DATA.joinpath("cameo_plover.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["code", "plover_type", "plover_mode", "plover_context"]


def test_get_and_contains(cameo: Cameo) -> None:
    assert "042" in cameo
    assert "999" not in cameo
    assert 42 not in cameo
    with pytest.raises(KeyError, match="'999'"):
        cameo.get("999")


def test_load_cameo_is_cached() -> None:
    assert load_cameo() is load_cameo()


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the upstream references are not next to the repo")
def test_committed_data_matches_the_converter() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "convert_cameo.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --- derivations ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("root", "quad", "penta"),
    [
        ("01", 1, 0),
        ("02", 1, 0),
        ("03", 1, 1),
        ("05", 1, 1),
        ("06", 2, 2),
        ("08", 2, 2),
        ("09", 3, 3),
        ("13", 3, 3),
        ("14", 4, 4),
        ("15", 4, 4),
        ("16", 4, 3),
        ("17", 4, 4),
        ("20", 4, 4),
    ],
)
def test_quad_and_penta_class(root: str, quad: int, penta: int, cameo: Cameo) -> None:
    assert quad_class(root) == quad
    assert penta_class(root) == penta
    for code in cameo.codes():
        if code.startswith(root):
            assert cameo.get(code).quad == quad
            assert penta_class(code) == penta


@pytest.mark.parametrize("bad", ["", "00", "21", "1", "12345", "04a", "x04"])
def test_malformed_codes_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="not a CAMEO code"):
        root_of(bad)
    with pytest.raises(ValueError):
        penta_class(bad)


def test_parent_chain() -> None:
    assert parent_of("0841") == "084"
    assert parent_of("084") == "08"
    assert parent_of("08") is None


# --- user files and inheritance ------------------------------------------------------------------------


def _small_book(tmp_path: Path, codes: str, plover: str) -> tuple[Path, Path]:
    return _write(tmp_path / "codes.csv", codes), _write(tmp_path / "plover.csv", plover)


SMALL_CODES = "code,name,goldstein\n04,Consult,1\n042,Make a visit,1.9\n0421,Make a state visit,2.5\n"


def test_inheritance_walks_up_to_the_nearest_mapping(tmp_path: Path) -> None:
    codes, plover = _small_book(
        tmp_path, SMALL_CODES, "code,plover_type,plover_mode\n04,CONSULT,\n042,CONSULT,visit\n"
    )
    book = Cameo.from_files(codes, plover)
    assert book.get("0421").plover == Plover("CONSULT", "visit")
    codes, plover = _small_book(tmp_path, SMALL_CODES, "code,plover_type\n04,CONSULT\n")
    book = Cameo.from_files(codes, plover)
    assert book.get("0421").plover == Plover("CONSULT", None)
    assert book.get("0421") == CameoCode("0421", "Make a state visit", 2.5, "04", 1, Plover("CONSULT", None))


def test_extra_file_adds_codes_with_own_or_inherited_mapping(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "mine.csv",
        "code,name,goldstein,plover_type,plover_mode,plover_context\n"
        "0421,Make a state visit,2.5,,,\n"
        "1731,Detain a journalist,-5,COERCE,arrest,legal;media\n",
    )
    book = load_cameo(extra)
    assert len(book) == len(load_cameo()) + 2
    assert book.get("0421").plover == Plover("CONSULT", "visit")
    assert book.get("1731").plover == Plover("COERCE", "arrest")
    assert book.get("1731").plover_context == ("legal", "media")
    assert "0421" not in load_cameo()


def test_extra_file_cannot_redefine_a_packaged_code(tmp_path: Path) -> None:
    extra = _write(tmp_path / "mine.csv", "code,name,goldstein\n0421,New,1\n042,Visit again,2\n")
    with pytest.raises(
        CodebookError, match=r"mine\.csv:3: duplicate code '042' \(first at .*cameo_codes\.csv:"
    ):
        Cameo.from_files(DATA.joinpath("cameo_codes.csv"), DATA.joinpath("cameo_plover.csv"), extra)


# --- validation ----------------------------------------------------------------------------------------

PLOVER_OK = "code,plover_type,plover_mode\n04,CONSULT,\n"


@pytest.mark.parametrize(
    ("codes", "line", "message"),
    [
        ("code,name,goldstein\n04,Consult,1\n4x2,Visit,1\n", 3, "bad CAMEO code '4x2'"),
        ("code,name,goldstein\n04,Consult,1\n21,Nothing,1\n", 3, "bad CAMEO code '21'"),
        ("code,name,goldstein\n04,Consult,1\n042,Visit,1\n042,Visit,1\n", 4, "duplicate code '042'"),
        ("code,name,goldstein\n04,Consult,1\n042,Visit,high\n", 3, "'high' is not a number"),
        ("code,name,goldstein\n04,Consult,1\n042,Visit,10.5\n", 3, "outside -10..10"),
        ("code,name,goldstein\n04,Consult,1\n042,Visit,nan\n", 3, "outside -10..10"),
        ("code,name,goldstein\n04,Consult,1\n0421,State visit,2\n", 3, "no parent '042'"),
        ("code,name,goldstein\n04,Consult,1\n042,,1\n", 3, "has no name"),
        ("code,name,goldstein\n04,Consult,1\n042,Visit\n", 3, "too few fields"),
        ("code,name,goldstein\n04,Consult,1\n042,Visit,1,extra\n", 3, "too many fields"),
        ("code,name\n04,Consult\n", 1, "missing column(s) goldstein"),
        ("code,name,goldstein,notes\n04,Consult,1,x\n", 1, "unknown column(s) notes"),
        ('code,name,goldstein\n04,"Consult,\nat length",1\n042,Visit,x\n', 4, "is not a number"),
    ],
)
def test_codes_file_errors_name_file_and_line(tmp_path: Path, codes: str, line: int, message: str) -> None:
    codes_path, plover_path = _small_book(tmp_path, codes, PLOVER_OK)
    with pytest.raises(CodebookError) as info:
        Cameo.from_files(codes_path, plover_path)
    assert info.value.path == str(codes_path)
    assert info.value.line == line
    assert message in str(info.value)
    assert str(info.value).startswith(f"E201: {codes_path}:{line}: ")


@pytest.mark.parametrize(
    ("plover", "line", "message"),
    [
        ("code,plover_type\n04,CONSULT\n042,GREET\n", 3, "unknown PLOVER type 'GREET'"),
        ("code,plover_type\n04,CONSULT\n043,CONSULT\n", 3, "unknown CAMEO code '043'"),
        ("code,plover_type\n04,CONSULT\n04,SUPPORT\n", 3, "duplicate mapping for '04'"),
        ("code,plover_type,plover_mode\n04,CONSULT,Visit Now\n", 2, "bad PLOVER mode 'Visit Now'"),
        ("code,plover_type,plover_context\n04,CONSULT,legal;Bad Context\n", 2, "bad PLOVER context"),
        ("code,plover_type\n042,CONSULT\n", None, "root '04' has no PLOVER mapping"),
        ("code,mode\n04,CONSULT\n", 1, "missing column(s) plover_type"),
    ],
)
def test_plover_file_errors_name_file_and_line(
    tmp_path: Path, plover: str, line: int | None, message: str
) -> None:
    codes_path, plover_path = _small_book(
        tmp_path, "code,name,goldstein\n04,Consult,1\n042,Visit,1\n", plover
    )
    with pytest.raises(CodebookError) as info:
        Cameo.from_files(codes_path, plover_path)
    assert (info.value.path, info.value.line) == (str(plover_path), line)
    assert message in str(info.value)


def test_unreadable_files_are_codebook_errors(tmp_path: Path) -> None:
    plover = _write(tmp_path / "plover.csv", PLOVER_OK)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,name,goldstein\n04,Consult caf\u00e9,1\n".encode("cp1252"))
    with pytest.raises(CodebookError, match="not UTF-8"):
        Cameo.from_files(latin, plover)
    with pytest.raises(CodebookError, match="file not found"):
        Cameo.from_files(tmp_path / "missing.csv", plover)
