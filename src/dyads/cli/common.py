"""Helpers shared by the command modules: settings from options, problems to stderr."""

from __future__ import annotations

import sys

from dyads.config import Settings, load_settings
from dyads.sources import Problem


def settings_from(model: str | None, actors: list[str] | None, lexicon: list[str] | None) -> Settings:
    base = load_settings()
    return load_settings(
        model=model,
        actor_files=tuple(base.actor_files) + tuple(actors or ()) or None,
        lexicon_files=tuple(base.lexicon_files) + tuple(lexicon or ()) or None,
    )


def report_problem(p: Problem) -> None:
    level = "error" if p.fatal else "warning"
    print(f"{level} {p.code}: {p.location}: {p.message}", file=sys.stderr)
