"""A response cache for the read API, held by one app: the same GET on an unchanged store is answered
from memory, without opening the store.

"Unchanged" is the SQLite file's and its write-ahead log's size and modification time: any commit (an
ingest running next to the server) changes one of them, and the next request misses. Stores that are not
SQLite files (PostgreSQL) are never cached. Only successful JSON answers under ``max_bytes`` are kept, at
most ``entries`` of them, least recently used out first.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyads.store import sqlite_path

Version = tuple[int, ...]
Entry = tuple[int, list[tuple[bytes, bytes]], bytes]


def sqlite_file(location: str) -> Path | None:
    """The file of a SQLite store location, or None (PostgreSQL, ``:memory:``)."""
    text = location.strip()
    if text.startswith(("postgresql://", "postgres://")):
        return None
    path = sqlite_path(text) if text.startswith("sqlite:") else text
    return None if path == ":memory:" else Path(path).expanduser()


def store_version(path: Path) -> Version | None:
    """Size and modification time of the store file and of its WAL; None when the file cannot be read.

    An empty or missing WAL counts as the same: SQLite deletes the WAL when the last connection closes and
    makes a new empty one on the next open, which happens between requests without any data changing.
    """
    parts: list[int] = []
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            st = os.stat(p)
        except FileNotFoundError:
            parts += [0, 0]
            continue
        except OSError:
            return None
        parts += [st.st_size, st.st_mtime_ns] if st.st_size else [0, 0]
    return tuple(parts)


class ResponseCache:
    """ASGI middleware: caches ``GET /api/…`` answers of one store (see the module doc)."""

    def __init__(self, app: ASGIApp, store: str, entries: int = 512, max_bytes: int = 128 * 1024) -> None:
        self.app = app
        self.path = sqlite_file(store)
        self.entries = entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, Version], Entry] = OrderedDict()
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.path is None
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or not scope["path"].startswith("/api/")
        ):
            await self.app(scope, receive, send)
            return
        version = store_version(self.path)
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1"), version)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message: Message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body" and size <= self.max_bytes:
                body = message.get("body", b"")
                chunks.append(body)
                size += len(body)
            await send(message)

        await self.app(scope, receive, keep)
        if start is None or start["status"] != 200 or size > self.max_bytes:
            return
        headers = list(start.get("headers", []))
        if not any(k == b"content-type" and v.startswith(b"application/json") for k, v in headers):
            return
        with self._lock:
            self._items[key] = (200, headers, b"".join(chunks))
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
