"""The server store: PostgreSQL through psycopg 3 — the only module that imports the driver.

The driver is imported when a store is opened, so ``import dyads`` works without the ``postgres`` extra.
Writers serialise on a transaction-scoped advisory lock (per schema), which gives PostgreSQL the same
"one writer, many readers" behaviour as the SQLite store: two ingests into one database cannot interleave
their check-then-insert of the same article.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from dyads.store.base import SqlStore, StoreDriverError, StoreError
from dyads.store.schema import MIGRATIONS, POSTGRES, Migration

if TYPE_CHECKING:
    import psycopg

INSTALL_HINT = "install the postgres extra: pip install 'dyads[postgres]'"
_FETCH = 2000


def _driver() -> ModuleType:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreDriverError(f"a PostgreSQL store needs the psycopg driver; {INSTALL_HINT}") from exc
    return psycopg


def redact(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}"))


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database (its current schema, so ``options=-csearch_path=x`` selects one)."""

    dialect = POSTGRES

    def __init__(
        self,
        url: str,
        *,
        connect_timeout: int = 10,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> None:
        self._pg = _driver()
        self.location = redact(url)
        self._depth = 0
        self._cursor_names = itertools.count()
        try:
            self._conn: psycopg.Connection[tuple[Any, ...]] = self._pg.connect(
                url, autocommit=True, connect_timeout=connect_timeout, application_name="dyads"
            )
        except self._pg.Error as exc:
            raise StoreError(f"cannot connect to the PostgreSQL store {self.location}: {exc}") from exc
        try:
            self._migrate(migrations)
        except BaseException:
            self._conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def _error(self, exc: Exception) -> StoreError:
        return StoreError(f"PostgreSQL store {self.location}: {str(exc).strip()}")

    def _exec(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._conn.cursor() as cur:
                cur.execute(sql, params or None)
                return cur.fetchall() if cur.description is not None else []
        except self._pg.Error as exc:
            raise self._error(exc) from exc

    def _exec_many(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        try:
            with self._conn.cursor() as cur:
                cur.executemany(sql, rows)
                return max(cur.rowcount, 0)
        except self._pg.Error as exc:
            raise self._error(exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        if self._depth:  # joined to the enclosing transaction, which commits or rolls back
            yield
            return
        self._depth = 1
        try:
            with self._conn.transaction():
                self._exec("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.dyads.writer'))")
                yield
        except self._pg.Error as exc:  # raised by COMMIT itself
            raise self._error(exc) from exc
        finally:
            self._depth = 0

    def _stream(self, sql: str, params: Sequence[object]) -> Iterator[tuple[Any, ...]]:
        """A server-side cursor: rows arrive ``_FETCH`` at a time, so client memory stays flat.

        ``WITH HOLD`` (declared outside any transaction) lets the cursor outlive its transaction, so an
        open iterator never wraps later writes in a transaction of its own that it would roll back.
        """
        name = f"dyads_stream_{next(self._cursor_names)}"
        try:
            with self._conn.cursor(name=name, withhold=True) as cur:
                cur.itersize = _FETCH
                cur.execute(sql, params or None)
                yield from cur
        except self._pg.Error as exc:
            raise self._error(exc) from exc

    def _table_exists(self, name: str) -> bool:
        return bool(self._exec("SELECT to_regclass(%s) IS NOT NULL", (name,))[0][0])
