"""The app factory: configuration, security headers, request-size limits and JSON errors with stable codes.

Everything an app instance holds lives on ``app.state`` (its ``WebConfig`` and its lazily loaded coder);
nothing is kept at module level, so two apps in one process (tests) never share anything.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dyads.config import Settings
from dyads.errors import (
    AccessDeniedError,
    DyadsError,
    InputError,
    InputTooLargeError,
    NotFoundError,
    StoreError,
    UnknownFormatError,
    UsageError,
)
from dyads.version import __version__

from .cache import ResponseCache
from .deps import CoderFactory, CoderHolder

HERE = Path(__file__).parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
UPLOAD_PATHS = ("/api/ingest",)

log = logging.getLogger("dyads.web")


@dataclass(frozen=True, slots=True)
class WebConfig:
    """One app's settings: which store it reads, how large a page or a request may be, the write token.

    ``store`` is a SQLite path, ``sqlite:///…`` or ``postgresql://…`` URL; each request opens its own
    connection and closes it when the response is sent. Writing routes need ``settings.web_token``.
    """

    store: str
    settings: Settings = field(default_factory=Settings)
    max_page: int = 1000
    default_page: int = 50
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    cache_entries: int = 512
    """Answers of the read API kept in memory per process while the store is unchanged (0: none)."""
    max_queries: int = 8
    """Requests of one process that read the store at the same time; more wait their turn."""
    """Answers of the read API kept in memory per process while the store is unchanged (0: none)."""
    coder_factory: CoderFactory | None = None


def create_app(config: WebConfig) -> FastAPI:
    """A new app over ``config.store`` (the API under ``/api``, the dashboard at ``/``, docs at ``/docs``)."""
    from .api import router as api_router
    from .pages import router as pages_router
    from .pages import templates

    app = FastAPI(
        title="dyads",
        version=__version__,
        description="Political event data from news text: the read-only API of a dyads store.",
        docs_url=None,  # FastAPI's page loads Swagger UI from a CDN; ours (pages.py) is served locally
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.config = config
    app.state.coder = CoderHolder(config.settings, config.coder_factory)
    app.state.query_slots = anyio.Semaphore(max(1, config.max_queries))
    app.state.templates = templates()
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_handlers(app)
    if config.cache_entries > 0:
        app.add_middleware(ResponseCache, store=config.store, entries=config.cache_entries)
    app.add_middleware(BodyLimit, limit=config.max_body_bytes, upload_limit=config.max_upload_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def status_of(exc: DyadsError) -> int:
    if isinstance(exc, InputTooLargeError):
        return 413
    if isinstance(exc, InputError | UsageError | UnknownFormatError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def _error_handlers(app: FastAPI) -> None:
    async def dyads_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DyadsError)
        return JSONResponse(error_body(exc.code, exc.message), status_code=status_of(exc))

    async def validation_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return JSONResponse(error_body(UsageError.code, "; ".join(parts)), status_code=400)

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        code = {
            413: InputTooLargeError.code,
            404: NotFoundError.code,
            401: AccessDeniedError.code,
            403: AccessDeniedError.code,
        }.get(exc.status_code, UsageError.code)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        return JSONResponse(
            error_body(code, message), status_code=exc.status_code, headers=getattr(exc, "headers", None)
        )

    async def internal_error(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error", exc_info=exc)
        return JSONResponse(error_body(DyadsError.code, "internal error; see the server log"), 500)

    app.add_exception_handler(DyadsError, dyads_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)


class SecurityHeaders:
    """Adds a strict Content-Security-Policy and friends to every response (pages, API, static files)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over the limit (413, code E107): by Content-Length, or while reading."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.upload_limit if scope["path"] in UPLOAD_PATHS else self.limit
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = limit + 1
                if declared > limit:
                    await _too_large(send, limit)
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:  # a chunked body without Content-Length: the route's handler answers 413
                    raise HTTPException(413, f"the request body is larger than {limit} bytes")
            return message

        await self.app(scope, counting_receive, send)


async def _too_large(send: Send, limit: int) -> None:
    response = JSONResponse(
        error_body(InputTooLargeError.code, f"the request body is larger than {limit} bytes"),
        status_code=413,
    )
    body = response.body
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [*response.raw_headers, *SECURITY_HEADERS],
        }
    )
    await send({"type": "http.response.body", "body": body})
