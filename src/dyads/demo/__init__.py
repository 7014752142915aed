"""Bundled demo corpus: invented, news-style wire articles for trying out the coder.

Every article in ``articles.jsonl`` was written for this package. The countries and
organisations are real; the events are fictional. Each line is a JSON object with the
string fields ``id``, ``date`` (ISO publication date), ``title``, ``source`` and ``text``.
"""

from __future__ import annotations

import json
import pathlib
from importlib import resources

__all__ = ["demo_path", "demo_records"]

_FILENAME = "articles.jsonl"


def demo_path() -> pathlib.Path:
    """Return the filesystem path of the bundled demo corpus (JSON Lines)."""
    return pathlib.Path(str(resources.files("dyads.demo") / _FILENAME))


def demo_records() -> list[dict[str, str]]:
    """Read the demo corpus and return one dict of string fields per article, in file order."""
    text = (resources.files("dyads.demo") / _FILENAME).read_text(encoding="utf-8")
    records: list[dict[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        obj = json.loads(line)
        if not isinstance(obj, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in obj.items()
        ):
            raise ValueError(f"{_FILENAME} line {lineno}: expected an object of string fields")
        records.append(obj)
    return records
