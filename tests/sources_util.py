"""Helpers the source-reader tests share: read paths into a list, split it into articles and problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dyads.model import Article
from dyads.sources import Problem, read_articles


def read(*paths: str | Path, **kwargs: Any) -> list[Article | Problem]:
    return list(read_articles([str(p) for p in paths], **kwargs))


def articles(items: list[Article | Problem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def problems(items: list[Article | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]
