"""JSON Schema (draft 2020-12) files for the records dyads hands out, shipped inside the package.

They are the contract of EVENT_SCHEMA.md in machine-checkable form: every writer is validated against them in
tests, and front ends can serve them as they are.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from dyads.errors import UsageError

SCHEMAS: tuple[str, ...] = ("event", "plover")
"""``event``: the JSONL record (``Event.to_dict()``); ``plover``: the PLOVER/POLECAT-style export record."""


def load_schema(name: str) -> dict[str, Any]:
    """The schema ``name`` (``"event"`` or ``"plover"``; a ``.schema.json`` suffix is accepted) as a fresh
    dict, so callers may change their copy."""
    key = name.removesuffix(".json").removesuffix(".schema")
    if key not in SCHEMAS:
        raise UsageError(f"unknown schema '{name}'; the schemas are: {', '.join(SCHEMAS)}")
    text = resources.files(__name__).joinpath(f"{key}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
