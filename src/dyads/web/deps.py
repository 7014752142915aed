"""Per-request resources: a store connection opened for the request and closed after it, the app's coder,
the write token check and the page-size bound."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Protocol

import anyio
from fastapi import HTTPException, Request

from dyads.config import Settings
from dyads.model import Event
from dyads.store import SqliteStore, Store, open_store, sqlite_path

if TYPE_CHECKING:
    from .app import WebConfig


class TextCoder(Protocol):
    """What ``POST /api/code`` needs of a coder (``dyads.Coder`` is one)."""

    def code_text(
        self, text: str, date: dt.date | None = None, article_id: str | None = None
    ) -> list[Event]: ...


CoderFactory = Callable[[], TextCoder]


def is_postgres(location: str) -> bool:
    return location.strip().startswith(("postgresql://", "postgres://"))


def open_web_store(location: str) -> Store:
    """A store for one request. SQLite connections may be closed by another thread than the one that
    opened them (FastAPI runs a dependency's setup and teardown on pool threads), never shared."""
    if is_postgres(location):
        return open_store(location)
    text = location.strip()
    path = sqlite_path(text) if text.startswith("sqlite:") else text
    return SqliteStore(path, check_same_thread=False)


def config_of(request: Request) -> WebConfig:
    cfg: WebConfig = request.app.state.config
    return cfg


async def get_store(request: Request) -> AsyncIterator[Store]:
    """FastAPI dependency: the request's own store, closed when the response has been sent.

    At most ``WebConfig.max_queries`` requests of one process hold a store at once. The others wait on
    the event loop, not on a worker thread: a thread that waited for a slot would hold one of the pool's
    threads that the holders of the slots need to finish (a deadlock once the pool is full of waiters).
    """
    slots: anyio.Semaphore = request.app.state.query_slots
    location = config_of(request).store
    async with slots:
        store = await anyio.to_thread.run_sync(open_web_store, location)
        try:
            yield store
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(store.close)


class CoderHolder:
    """The app's coder, loaded on first use (seconds: spaCy and the codebook) and then reused.

    Coding runs on the server's worker threads; spaCy pipelines are not documented as thread-safe, so
    one job codes at a time: ``lock`` is taken on the event loop (waiting requests hold no thread), and
    the work runs in a thread while it is held.
    """

    def __init__(self, settings: Settings, factory: CoderFactory | None = None) -> None:
        self._settings = settings
        self._factory = factory
        self._coder: TextCoder | None = None
        self.lock = anyio.Lock()

    def get(self) -> TextCoder:
        """The coder (loaded now if it is not yet); call in a worker thread with ``lock`` held."""
        if self._coder is None:
            if self._factory is not None:
                self._coder = self._factory()
            else:
                from dyads.coder import Coder

                self._coder = Coder.load(self._settings)
        return self._coder


def coder_holder(request: Request) -> CoderHolder:
    holder: CoderHolder = request.app.state.coder
    return holder


def require_token(request: Request) -> None:
    """FastAPI dependency of writing routes: ``Authorization: Bearer <web_token>``."""
    token = config_of(request).settings.web_token
    if not token:
        raise HTTPException(
            403, "writing is disabled on this server: start it with DYADS_WEB_TOKEN set to allow uploads"
        )
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip().encode(), token.encode()):
        raise HTTPException(
            401,
            "a writing route needs the header 'Authorization: Bearer <token>'",
            {"WWW-Authenticate": "Bearer"},
        )


def page_limit(request: Request, limit: int | None) -> int:
    """The page size a listing returns: the default when not given, refused above the maximum."""
    cfg = config_of(request)
    if limit is None:
        return cfg.default_page
    if limit < 1 or limit > cfg.max_page:
        raise HTTPException(400, f"limit must be between 1 and {cfg.max_page}")
    return limit
