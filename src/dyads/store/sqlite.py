"""The embedded default store: one SQLite file, WAL journal, one writer at a time.

WAL lets readers (the web app, ``dyads events``) read while an ingest writes; ``BEGIN IMMEDIATE`` takes the
write lock at the start of each batch, so a second writer waits (``busy_timeout``) instead of failing halfway.
``synchronous=FULL`` makes each committed batch durable on disk; a killed process loses only the batch it
was writing, which was never committed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs

from dyads.store.base import SqlStore, StoreError
from dyads.store.schema import MIGRATIONS, SQLITE, Migration

DEFAULT_FILENAME = "dyads.sqlite"
_FETCH = 1000


def default_path() -> Path:
    """Where the store lives when the user names none: the per-user data directory of the platform."""
    return Path(platformdirs.user_data_dir("dyads", appauthor=False)) / DEFAULT_FILENAME


class SqliteStore(SqlStore):
    """A store in one SQLite file (or ``":memory:"``); see ``Store`` for the methods."""

    dialect = SQLITE

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        busy_timeout: float = 30.0,
        migrations: Sequence[Migration] = MIGRATIONS,
        check_same_thread: bool = True,
    ) -> None:
        """``check_same_thread=False`` lets a store opened in one thread be used (never concurrently) and
        closed in another, as a web server's per-request store is."""
        target = default_path() if path is None else path
        memory = str(target) == ":memory:"
        if not memory:
            target = Path(target).expanduser()
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the store {target}: {exc}") from exc
        self.location = str(target)
        self._depth = 0
        try:
            self._conn = sqlite3.connect(
                self.location,
                timeout=busy_timeout,
                isolation_level=None,
                check_same_thread=check_same_thread,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the SQLite store {self.location}: {exc}") from exc
        try:
            self._exec("PRAGMA journal_mode = WAL")
            self._exec("PRAGMA synchronous = FULL")
            self._exec("PRAGMA foreign_keys = ON")
            self._exec(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            self._migrate(migrations)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def _error(self, exc: sqlite3.Error) -> StoreError:
        msg = str(exc)
        if "locked" in msg or "busy" in msg:
            msg += " (another process is writing to it; wait for it to finish or use another store)"
        elif "not a database" in msg:
            msg += " (the file is not a dyads SQLite store)"
        return StoreError(f"SQLite store {self.location}: {msg}")

    def _exec(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    def _exec_many(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        try:
            return max(self._conn.executemany(sql, rows).rowcount, 0)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth:  # joined to the enclosing transaction, which commits or rolls back
            yield
            return
        self._exec("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
            self._exec("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.rollback()
            raise
        finally:
            self._depth = 0

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        try:
            cursor = self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        try:
            while rows := cursor.fetchmany(_FETCH):
                yield from rows
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
        finally:
            cursor.close()

    def _table_exists(self, name: str) -> bool:
        rows = self._exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return bool(rows)
