"""Running the app: one process, or several sharing one listening socket.

``app_from_env`` is the import-string factory each worker process calls (``uvicorn --factory``). ``serve``
starts them. With several workers it binds the socket itself, as a TCP socket (``IPPROTO_TCP``): uvicorn's
own multi-worker socket is created without a protocol, so asyncio does not set ``TCP_NODELAY`` on its
connections and each response waits ~40 ms for a delayed ACK (Nagle), which a load test shows at once.
"""

from __future__ import annotations

import os
import socket

from fastapi import FastAPI

from dyads.config import Settings, load_settings
from dyads.errors import SettingsError

from .app import WebConfig, create_app

STORE_ENV = "DYADS_SERVE_STORE"


def app_from_env() -> FastAPI:
    """The app over the store named by ``DYADS_SERVE_STORE``; settings from the environment as usual."""
    store = os.environ.get(STORE_ENV)
    if not store:
        raise SettingsError(f"set {STORE_ENV} to the store to serve (a path or postgresql:// URL)")
    return create_app(WebConfig(store=store, settings=load_settings()))


def tcp_socket(host: str, port: int) -> socket.socket:
    """A bound (not yet listening) TCP socket that worker processes inherit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


def serve(store: str, settings: Settings, *, host: str, port: int, workers: int = 1) -> None:
    """Serve the app over ``store`` until interrupted (blocks)."""
    import uvicorn

    if workers <= 1:
        app = create_app(WebConfig(store=store, settings=settings))
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
        return
    from uvicorn.supervisors import Multiprocess

    os.environ[STORE_ENV] = store  # the workers build their app from it (settings: the same environment)
    config = uvicorn.Config(
        "dyads.web.factory:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
    Multiprocess(config, sockets=[tcp_socket(host, port)]).run()
