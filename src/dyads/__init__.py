"""dyads: political event data from news text — who did what to whom, when, where, how surely.

The public API. Heavy parts (spaCy) load only when first used::

    import datetime as dt
    import dyads

    coder = dyads.Coder.load()
    events = coder.code_text("The French president visited Germany.", date=dt.date(2026, 3, 10))
    print(events[0].to_dict())
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from dyads.config import Settings, load_settings
from dyads.errors import DyadsError
from dyads.model import Actor, Article, Attribution, DatePrecision, Event, Evidence, Modality, Place, Plover
from dyads.store import EventFilter, Store, open_store
from dyads.version import __version__

if TYPE_CHECKING:
    from dyads.coder import Coder


__all__ = [
    "Actor",
    "Article",
    "Attribution",
    "Coder",
    "DatePrecision",
    "DyadsError",
    "Event",
    "EventFilter",
    "Evidence",
    "Modality",
    "Place",
    "Plover",
    "Settings",
    "Store",
    "__version__",
    "code_text",
    "default_coder",
    "frames",
    "load_settings",
    "open_store",
]


def __getattr__(name: str) -> object:
    if name == "Coder":
        from dyads.coder import Coder

        return Coder
    if name == "frames":  # the analyses as DataFrames; pandas loads at the first call, not here
        import dyads.frames

        return dyads.frames
    raise AttributeError(f"module 'dyads' has no attribute {name!r}")


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """A coder with the settings of the environment, loaded once per process (loading takes seconds)."""
    from dyads.coder import Coder

    return Coder.load(load_settings())


def code_text(text: str, date: dt.date | None = None) -> list[Event]:
    """Code one text with the default coder; ``date`` is its publication date."""
    return default_coder().code_text(text, date=date)
