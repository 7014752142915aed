"""The event lexicon: predicate patterns (verb or event noun + what must go with it) → CAMEO codes.

Patterns live in tab-separated files under ``data/lexicon/`` (one row a pattern, each with a golden sentence
that the test suite codes), so linguists can extend the coder without touching Python. Users add their own
files with ``Settings.lexicon_files``; a user pattern with the same key as a built-in one replaces it.

Columns: ``code  pos  lemma  obj  target  expect  example``

- ``pos``: ``V`` (verb) or ``N`` (event noun: talks, visit, sanctions, ...).
- ``lemma``: the predicate's lemma, optionally with a particle (``call off``, ``step up``); for a noun,
  optionally with the modifier that must stand before it (``air strike``, ``hunger strike``).
- ``obj``: ``-`` (anything or nothing), ``lemma|lemma`` (the direct object's lemma), ``$CLASS`` (a word class
  from ``classes.tsv``; ``$ACTOR`` = the object names an actor), or ``to:lemma|lemma`` (an infinitive
  complement: "agreed to meet", "refused to withdraw"), which then belongs to this pattern.
- ``target``: where the target is: ``dobj``, prepositions (``with|against``), or ``-`` for one-sided events.
  A leading ``<`` turns the act round: ``<from`` makes the object of "from" the source and the subject
  the target ("received weapons from X" is X supplying them).
- ``expect``: ``SRC>TGT`` (ISO3 or ``-``) that the example must give; ``example``: the golden sentence.

``verbs.tsv`` holds the function words of the grammar as data: light verbs ("hold talks"), verbs that negate
or put into the future what they govern ("skip the summit", "expected to visit"), reporting verbs and
object-control verbs ("urged Iran to ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from dyads.errors import CodebookError

_CODE_RE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{1,2}$|^(0[1-9]|1[0-9]|20)$")
_EXPECT_RE = re.compile(r"^([A-Z]{3}|IGO|-)>([A-Z]{3}|IGO|-)$")
LEXICON_COLUMNS = ("code", "pos", "lemma", "obj", "target", "expect", "example")
VERB_ROLES = frozenset(
    {"light", "negate", "future", "hypothetical", "report", "object_control", "attempt", "intent"}
)


@dataclass(frozen=True, slots=True)
class ObjConstraint:
    """What the object (or infinitive complement) must be for a pattern to apply."""

    kind: str  # "lemma" | "class" | "xcomp"
    values: frozenset[str]


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    pos: str
    lemma: str
    particle: str | None
    obj: ObjConstraint | None
    target: tuple[str, ...]
    inverse: bool  # the target slot names who acts and the subject is acted on ("received aid from X")
    expect_source: str | None
    expect_target: str | None
    example: str
    path: str
    line: int

    @property
    def specificity(self) -> int:
        """More constrained patterns win over general ones for the same word."""
        score = 0
        if self.particle:
            score += 2
        if self.obj is not None:
            # a word list beats a word class, and a class of things beats "any actor"
            if self.obj.kind in ("lemma", "xcomp"):
                score += 3
            else:
                score += 1 if self.obj.values == {"ACTOR"} else 2
        return score

    @property
    def key(self) -> tuple[str, str, str | None, ObjConstraint | None]:
        return (self.pos, self.lemma, self.particle, self.obj)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A loaded lexicon: patterns indexed by predicate lemma, word classes and grammar verb roles."""

    verbs: dict[str, tuple[Pattern, ...]]
    nouns: dict[str, tuple[Pattern, ...]]
    classes: dict[str, frozenset[str]]
    verb_roles: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def patterns(self) -> list[Pattern]:
        out = [p for ps in self.verbs.values() for p in ps]
        out.extend(p for ps in self.nouns.values() for p in ps)
        return out

    def has_role(self, lemma: str, role: str) -> bool:
        roles = self.verb_roles.get(lemma)
        return roles is not None and role in roles

    def in_class(self, lemma: str, cls: str) -> bool:
        members = self.classes.get(cls)
        return members is not None and lemma in members


def _data_dir() -> Path:
    return Path(str(resources.files("dyads.codebook") / "data"))


def _parse_obj(raw: str, path: str, line: int, classes: dict[str, frozenset[str]]) -> ObjConstraint | None:
    raw = raw.strip()
    if raw in ("", "-"):
        return None
    if raw.startswith("to:"):
        vals = frozenset(v.strip() for v in raw[3:].split("|") if v.strip())
        if not vals:
            raise CodebookError(path, line, f"empty infinitive constraint {raw!r}")
        return ObjConstraint("xcomp", vals)
    if raw.startswith("$"):
        name = raw[1:]
        if name != "ACTOR" and name not in classes:
            known = ", ".join(sorted(["ACTOR", *classes]))
            raise CodebookError(path, line, f"unknown word class {raw!r} (known: {known})")
        return ObjConstraint("class", frozenset({name}))
    vals = frozenset(v.strip().lower() for v in raw.split("|") if v.strip())
    return ObjConstraint("lemma", vals)


def _rows(path: Path, ncols: int) -> Iterable[tuple[int, list[str]]]:
    """Tab-separated rows with their line numbers; blank lines, comments and the header are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(str(path), None, f"cannot read: {exc}") from exc
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if cells[0].strip() in ("code", "class", "lemma"):
            continue  # a header row
        if len(cells) != ncols:
            raise CodebookError(
                str(path), lineno, f"expected {ncols} tab-separated columns, found {len(cells)}"
            )
        yield lineno, [c.strip() for c in cells]


def load_classes(paths: Sequence[Path]) -> dict[str, frozenset[str]]:
    classes: dict[str, set[str]] = {}
    for path in paths:
        for lineno, (name, members) in _rows(path, 2):
            if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
                raise CodebookError(str(path), lineno, f"class name {name!r} must be UPPER_CASE")
            words = {m.strip().lower() for m in members.split("|") if m.strip()}
            if not words:
                raise CodebookError(str(path), lineno, f"class {name} has no members")
            classes.setdefault(name, set()).update(words)
    return {k: frozenset(v) for k, v in classes.items()}


def load_verb_roles(paths: Sequence[Path]) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {}
    for path in paths:
        for lineno, (lemma, role_cell) in _rows(path, 2):
            rs = {r.strip() for r in role_cell.split("|") if r.strip()}
            bad = rs - VERB_ROLES
            if bad or not rs:
                raise CodebookError(
                    str(path),
                    lineno,
                    f"unknown role(s) {sorted(bad)}; known: {', '.join(sorted(VERB_ROLES))}",
                )
            roles.setdefault(lemma.lower(), set()).update(rs)
    return {k: frozenset(v) for k, v in roles.items()}


def parse_pattern_row(
    cells: list[str], path: str, line: int, classes: dict[str, frozenset[str]], known_codes: frozenset[str]
) -> Pattern:
    code, pos, lemma, obj, target, expect, example = cells
    if not _CODE_RE.match(code):
        raise CodebookError(path, line, f"{code!r} is not a CAMEO code (2-4 digits, root 01-20)")
    if known_codes and code not in known_codes:
        raise CodebookError(path, line, f"CAMEO code {code} is not in the codebook")
    if pos not in ("V", "N"):
        raise CodebookError(path, line, f"pos must be V or N, not {pos!r}")
    words = lemma.lower().split()
    if not words or len(words) > 2:
        raise CodebookError(path, line, f"lemma {lemma!r} must be one word, or a word and a particle")
    m = _EXPECT_RE.match(expect)
    if not m:
        raise CodebookError(path, line, f"expect {expect!r} must look like CHN>USA, CHN>- or IGO>RUS")
    if len(example.split()) < 4:
        raise CodebookError(path, line, "every pattern needs a golden example sentence")
    inverse = target.startswith("<")
    if inverse:
        target = target[1:].strip()
        if target in ("", "-"):
            raise CodebookError(path, line, "a turned-round pattern (<) needs the slot of its source")
    targets = () if target in ("", "-") else tuple(t.strip().lower() for t in target.split("|") if t.strip())
    # a verb's second word is its particle ("call off"); a noun's first word is its modifier ("air strike")
    head, extra = (words[-1], words[0]) if pos == "N" and len(words) > 1 else (words[0], words[1:2] or None)
    return Pattern(
        code=code,
        pos=pos,
        lemma=head,
        particle=extra if isinstance(extra, str) else (extra[0] if extra else None),
        obj=_parse_obj(obj, path, line, classes),
        target=targets,
        inverse=inverse,
        expect_source=None if m.group(1) == "-" else m.group(1),
        expect_target=None if m.group(2) == "-" else m.group(2),
        example=example,
        path=path,
        line=line,
    )


def load_lexicon(extra_files: Sequence[Path] = (), known_codes: frozenset[str] = frozenset()) -> Lexicon:
    """Load the built-in lexicon plus users' files (theirs replace built-in patterns with the same key)."""
    data = _data_dir()
    class_files = [data / "classes.tsv", *sorted((data / "lexicon").glob("*.classes.tsv"))]
    class_files += [p for p in extra_files if p.name.endswith(".classes.tsv")]
    classes = load_classes(class_files)
    role_files = [data / "verbs.tsv"] + [p for p in extra_files if p.name.endswith(".verbs.tsv")]
    roles = load_verb_roles(role_files)
    pattern_files = [
        p for p in sorted((data / "lexicon").glob("*.tsv")) if not p.name.endswith(".classes.tsv")
    ]
    pattern_files += [p for p in extra_files if not p.name.endswith((".classes.tsv", ".verbs.tsv"))]
    by_key: dict[tuple[str, str, str | None, ObjConstraint | None], Pattern] = {}
    for path in pattern_files:
        if not path.exists():
            raise CodebookError(str(path), None, "lexicon file does not exist")
        for lineno, cells in _rows(path, len(LEXICON_COLUMNS)):
            pat = parse_pattern_row(cells, str(path), lineno, classes, known_codes)
            by_key[pat.key] = pat
    verbs: dict[str, list[Pattern]] = {}
    nouns: dict[str, list[Pattern]] = {}
    for pat in by_key.values():
        (verbs if pat.pos == "V" else nouns).setdefault(pat.lemma, []).append(pat)

    def freeze(d: dict[str, list[Pattern]]) -> dict[str, tuple[Pattern, ...]]:
        return {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in d.items()}

    return Lexicon(verbs=freeze(verbs), nouns=freeze(nouns), classes=classes, verb_roles=roles)
