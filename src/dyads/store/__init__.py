"""Persistence behind one interface: ``open_store`` picks SQLite (default) or PostgreSQL from a URL.

Example::

    with open_store("postgresql://me@db/dyads") as store:      # or a path, sqlite:///path, or None
        run = store.start_run("news of 2024-05-01")
        store.write_batch(run, [(article, events)])
        for event in store.iter_events(EventFilter(dyad=("PRK", "KOR"))): ...
"""

from __future__ import annotations

import re
from pathlib import Path

from dyads.errors import UsageError
from dyads.store.base import (
    ORDERS,
    ClusterRow,
    EventFilter,
    Problem,
    RunRow,
    SqlStore,
    Store,
    StoreDriverError,
    StoreError,
    StoreVersionError,
    build_where,
)
from dyads.store.schema import SCHEMA_VERSION
from dyads.store.sqlite import SqliteStore, default_path

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def open_store(url: str | Path | None = None) -> Store:
    """Open (creating or upgrading as needed) the store a user named.

    ``None`` is the default SQLite file under the user's data directory; a plain path or
    ``sqlite:///abs/path.sqlite`` (file-URL style: three slashes then an absolute path) is a SQLite file;
    ``":memory:"`` a throwaway SQLite database; ``postgresql://…`` (or ``postgres://…``) a PostgreSQL one.
    """
    if url is None:
        return SqliteStore(default_path())
    if isinstance(url, Path):
        return SqliteStore(url)
    text = url.strip()
    if text.startswith(("postgresql://", "postgres://")):
        from dyads.store.postgres import PostgresStore

        return PostgresStore(text)
    if text.startswith("sqlite:"):
        return SqliteStore(sqlite_path(text))
    if _SCHEME.match(text):
        raise UsageError(
            f"unsupported store {text!r}: give a file path, sqlite:///path/to/file.sqlite "
            "or postgresql://user@host/database"
        )
    if not text:
        raise UsageError("the store location is empty: give a file path or a postgresql:// URL")
    return SqliteStore(text)


def sqlite_path(url: str) -> str:
    """The file a ``sqlite:`` URL names: ``sqlite:///tmp/x.sqlite`` → ``/tmp/x.sqlite``."""
    rest = url[len("sqlite:") :]
    if rest in ("", "//", "///:memory:", "//:memory:"):
        return ":memory:"
    if not rest.startswith("///"):
        raise UsageError(f"bad SQLite URL {url!r}: write sqlite:///absolute/path.sqlite, or just the path")
    path = rest[2:]
    while path.startswith("//"):  # sqlite:////abs (SQLAlchemy's absolute form) is the same file
        path = path[1:]
    return path


__all__ = [
    "ORDERS",
    "SCHEMA_VERSION",
    "ClusterRow",
    "EventFilter",
    "Problem",
    "RunRow",
    "SqlStore",
    "SqliteStore",
    "Store",
    "StoreDriverError",
    "StoreError",
    "StoreVersionError",
    "build_where",
    "default_path",
    "open_store",
    "sqlite_path",
]
