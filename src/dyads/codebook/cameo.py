"""CAMEO codes, their names and Goldstein values, quad and penta classes, and the CAMEO → PLOVER mapping.

The codebook is data: ``data/cameo_codes.csv`` (``code,name,goldstein``) and ``data/cameo_plover.csv``
(``code,plover_type,plover_mode,plover_context``), both regenerated from the upstream references by
``tools/convert_cameo.py``. A loaded codebook is a :class:`Cameo` value you pass around; nothing here is
mutable module state (``load_cameo`` only memoises the parse).

PLOVER mapping decisions (the upstream table, PLOVER Draft 0.8 of 2021-09-17, covers roots 03–20 only):

* A code without its own row inherits its parent's mapping (``0841`` → ``084`` → ``08``), type, mode and
  context together, so user-added sub-codes land where their parent does.
* Root ``01`` (make public statement) → type ``STATEMENT``, no mode. PLOVER has no statement category (it
  drops plain comments); ``STATEMENT`` is a dyads extension so that every record still carries a type.
  Consumers that want pure PLOVER filter ``plover.type == "STATEMENT"`` out.
* Root ``02`` (appeal) → ``REQUEST``: PLOVER folds CAMEO's appeals and demands into REQUEST. Each ``02x``
  code takes the mode and context of its exact ``10x`` (demand) counterpart (``0253`` ↔ ``1053``), which has
  the same sub-structure in CAMEO.
* The upstream table lists root ``08`` twice (``CONCEDE``, then ``RETREAT`` as a section heading before
  ``084``); the root itself maps to ``CONCEDE``, as ``080`` (yield) does. Rows the table files under a
  foreign section (``0813``, ``175``, ``191``, ``201``, …) are taken as written, keyed by their own code.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from dyads.errors import CodebookError
from dyads.model import Plover

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
"""The 16 PLOVER event types."""

STATEMENT = "STATEMENT"
"""dyads extension for CAMEO root 01, which PLOVER does not code."""

EVENT_TYPES: tuple[str, ...] = (*PLOVER_TYPES, STATEMENT)
"""Every value ``Plover.type`` may take in a dyads record."""

ROOTS: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 21))

CODES_FILE = "cameo_codes.csv"
PLOVER_FILE = "cameo_plover.csv"

_CODE_RE = re.compile(r"(0[1-9]|1[0-9]|20)([0-9]{1,2})?")
_TOKEN_RE = re.compile(r"[a-z][a-z0-9_-]*")

_CODE_COLUMNS = ("code", "name", "goldstein")
_PLOVER_COLUMNS = ("plover_type", "plover_mode", "plover_context")

PathLike = str | Path | Traversable


def is_cameo_code(code: str) -> bool:
    """True for a well-formed code: a root ``01``–``20`` followed by one or two more digits, or none."""
    return _CODE_RE.fullmatch(code) is not None


def root_of(code: str) -> str:
    """The two-digit root of a code (``"0841"`` → ``"08"``); ValueError for a malformed code."""
    if not is_cameo_code(code):
        raise ValueError(f"not a CAMEO code: {code!r}")
    return code[:2]


def parent_of(code: str) -> str | None:
    """The code one level up (``"0841"`` → ``"084"`` → ``"08"`` → None)."""
    root_of(code)
    return None if len(code) == 2 else code[:-1]


def quad_class(code: str) -> int:
    """Quad class: 1 verbal cooperation (01–05), 2 material cooperation (06–08), 3 verbal conflict
    (09–13), 4 material conflict (14–20)."""
    root = int(root_of(code))
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def penta_class(code: str) -> int:
    """CAMEO PentaClass: 0 statements/appeals (01–02), 1 verbal cooperation (03–05), 2 material cooperation
    (06–08), 3 verbal conflict (09–13 and 16, reducing relations), 4 material conflict (14, 15, 17–20)."""
    root = int(root_of(code))
    if root <= 2:
        return 0
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13 or root == 16:
        return 3
    return 4


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One code of the codebook with everything derived from it, resolved once at load time."""

    code: str
    name: str
    goldstein: float
    root: str
    quad: int
    plover: Plover
    plover_context: tuple[str, ...] = ()

    @property
    def parent(self) -> str | None:
        return parent_of(self.code)

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2


class Cameo:
    """A loaded, validated CAMEO codebook; immutable: extend it by loading another (``load_cameo(extra)``)."""

    __slots__ = ("_codes",)

    def __init__(self, codes: Mapping[str, CameoCode]) -> None:
        self._codes: Mapping[str, CameoCode] = MappingProxyType(dict(sorted(codes.items())))

    @classmethod
    def from_files(cls, codes_path: PathLike, plover_path: PathLike, extra: PathLike | None = None) -> Cameo:
        """Read and validate the two codebook files plus an optional user file.

        The user file has the columns of the codes file and may add ``plover_type``, ``plover_mode`` and
        ``plover_context``; it can only add codes (a code already present is an error), and a new code
        with no PLOVER columns inherits its parent's mapping.
        """
        rows: dict[str, _CodeRow] = {}
        mappings: dict[str, _MappingRow] = {}
        sources = [_as_path(codes_path)]
        if extra is not None:
            sources.append(_as_path(extra))
        for src in sources:
            for row, mapping in _read_codes(src):
                first = rows.get(row.code)
                if first is not None:
                    raise CodebookError(
                        row.path,
                        row.line,
                        f"duplicate code '{row.code}' (first at {first.path}:{first.line})",
                    )
                rows[row.code] = row
                if mapping is not None:
                    mappings[row.code] = mapping
        for row in rows.values():
            parent = parent_of(row.code)
            if parent is not None and parent not in rows:
                raise CodebookError(row.path, row.line, f"code '{row.code}' has no parent '{parent}'")
        plover = _as_path(plover_path)
        for mapping in _read_plover(plover):
            if mapping.code not in rows:
                raise CodebookError(mapping.path, mapping.line, f"unknown CAMEO code '{mapping.code}'")
            first_m = mappings.get(mapping.code)
            if first_m is not None:
                raise CodebookError(
                    mapping.path,
                    mapping.line,
                    f"duplicate mapping for '{mapping.code}' (first at {first_m.path}:{first_m.line})",
                )
            mappings[mapping.code] = mapping
        for root in sorted({code[:2] for code in rows}):
            if root not in mappings:
                raise CodebookError(
                    str(plover), None, f"root '{root}' has no PLOVER mapping, so its codes cannot inherit one"
                )

        codes: dict[str, CameoCode] = {}
        for code, row in rows.items():
            mapping = _inherited(code, mappings)
            codes[code] = CameoCode(
                code=code,
                name=row.name,
                goldstein=row.goldstein,
                root=code[:2],
                quad=quad_class(code),
                plover=Plover(mapping.type, mapping.mode),
                plover_context=mapping.context,
            )
        return cls(codes)

    def get(self, code: str) -> CameoCode:
        """The entry for ``code``; KeyError names the unknown code."""
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO code {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def codes(self) -> tuple[str, ...]:
        """All codes in CAMEO order (each root, then its 3- and 4-digit codes)."""
        return tuple(self._codes)

    def roots(self) -> tuple[str, ...]:
        return tuple(code for code in self._codes if len(code) == 2)

    def __repr__(self) -> str:
        return f"Cameo({len(self)} codes)"


@functools.lru_cache(maxsize=8)
def load_cameo(extra: Path | None = None) -> Cameo:
    """The packaged codebook, plus ``extra`` (a user CSV) if given. Cached: the files are read once per
    process; call ``load_cameo.cache_clear()`` after editing a user file in a long-lived process."""
    data = resources.files("dyads.codebook").joinpath("data")
    return Cameo.from_files(data.joinpath(CODES_FILE), data.joinpath(PLOVER_FILE), extra)


# --- reading -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _CodeRow:
    code: str
    name: str
    goldstein: float
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class _MappingRow:
    code: str
    type: str
    mode: str | None
    context: tuple[str, ...]
    path: str
    line: int


def _as_path(p: PathLike) -> Path | Traversable:
    return Path(p) if isinstance(p, str) else p


def _rows(
    src: Path | Traversable, required: tuple[str, ...], optional: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows of a UTF-8 CSV as ``(line, row)``, after checking the header and the field count."""
    path = str(src)
    try:
        text = src.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise CodebookError(path, None, "file not found") from None
    except OSError as exc:
        raise CodebookError(path, None, f"cannot read the file: {exc}") from None
    except UnicodeDecodeError as exc:
        raise CodebookError(path, None, f"not UTF-8 (byte {exc.start}); save the file as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or ()]
    missing = [name for name in required if name not in header]
    if missing:
        raise CodebookError(
            path, 1, f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}"
        )
    unknown = [name for name in header if name not in required and name not in optional]
    if unknown:
        raise CodebookError(path, 1, f"unknown column(s) {', '.join(unknown)}")
    reader.fieldnames = header
    for raw in reader:
        line = reader.line_num
        if None in raw:
            raise CodebookError(path, line, f"too many fields (expected {len(header)})")
        if any(value is None for value in raw.values()):
            raise CodebookError(path, line, f"too few fields (expected {len(header)})")
        yield line, {key: value.strip() for key, value in raw.items()}


def _check_code(code: str, path: str, line: int) -> None:
    if not is_cameo_code(code):
        raise CodebookError(
            path, line, f"bad CAMEO code '{code}': expected a root 01–20 followed by up to two digits"
        )


def _read_codes(src: Path | Traversable) -> Iterator[tuple[_CodeRow, _MappingRow | None]]:
    path = str(src)
    for line, row in _rows(src, _CODE_COLUMNS, _PLOVER_COLUMNS):
        code = row["code"]
        _check_code(code, path, line)
        name = row["name"]
        if not name:
            raise CodebookError(path, line, f"code '{code}' has no name")
        try:
            goldstein = float(row["goldstein"])
        except ValueError:
            raise CodebookError(path, line, f"Goldstein value {row['goldstein']!r} is not a number") from None
        if not math.isfinite(goldstein) or not -10.0 <= goldstein <= 10.0:
            raise CodebookError(path, line, f"Goldstein value {goldstein} is outside -10..10")
        mapping = _mapping(code, row, path, line) if row.get("plover_type") else None
        yield _CodeRow(code, name, goldstein, path, line), mapping


def _read_plover(src: Path | Traversable) -> Iterator[_MappingRow]:
    path = str(src)
    for line, row in _rows(src, ("code", "plover_type"), ("plover_mode", "plover_context")):
        code = row["code"]
        _check_code(code, path, line)
        yield _mapping(code, row, path, line)


def _mapping(code: str, row: Mapping[str, str], path: str, line: int) -> _MappingRow:
    kind = row["plover_type"]
    if kind not in EVENT_TYPES:
        raise CodebookError(
            path, line, f"unknown PLOVER type '{kind}' for '{code}'; expected one of {', '.join(EVENT_TYPES)}"
        )
    mode = row.get("plover_mode", "")
    if mode and not _TOKEN_RE.fullmatch(mode):
        raise CodebookError(path, line, f"bad PLOVER mode '{mode}': use lower-case words joined by - or _")
    context = tuple(part.strip() for part in row.get("plover_context", "").split(";") if part.strip())
    for part in context:
        if not _TOKEN_RE.fullmatch(part):
            raise CodebookError(path, line, f"bad PLOVER context '{part}': use lower-case words and _")
    return _MappingRow(code, kind, mode or None, context, path, line)


def _inherited(code: str, mappings: Mapping[str, _MappingRow]) -> _MappingRow:
    """The mapping of ``code`` or of its nearest ancestor (roots always have one after validation)."""
    current: str | None = code
    while current is not None:
        found = mappings.get(current)
        if found is not None:
            return found
        current = parent_of(current)
    raise AssertionError(f"no PLOVER mapping reachable from {code!r}")  # pragma: no cover - validated above
