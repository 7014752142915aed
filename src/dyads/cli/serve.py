"""``dyads serve``: the JSON API and the dashboard over a store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dyads.config import load_settings
from dyads.errors import UsageError
from dyads.store import default_path


def _check_store(store: str) -> None:
    """Refuse a SQLite file that does not exist (serving an empty new store helps nobody)."""
    if store.startswith(("postgresql://", "postgres://")):
        return
    from dyads.store import sqlite_path

    path = sqlite_path(store) if store.startswith("sqlite:") else store
    if path != ":memory:" and not Path(path).expanduser().is_file():
        raise UsageError(
            f"there is no store at {path}: fill one with 'dyads ingest FILES --db {path}' "
            "or 'dyads demo', or name another with --store"
        )


def serve(
    store: Annotated[
        str | None,
        typer.Option(
            "--store", "--db", help="A SQLite path or postgresql:// URL (default: the user's store)."
        ),
    ] = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes it to the network.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (each with its own threads).")] = 1,
) -> None:
    """Serve the JSON API (/api, docs at /docs) and the dashboard of a store (read-only by default)."""
    try:
        import uvicorn  # noqa: F401  (checked here: the server of the web extra)

        from dyads.web.factory import serve as serve_app
    except ImportError as exc:
        raise UsageError("the web app needs its extra: pip install 'dyads[web]'") from exc
    location = store or str(default_path())
    _check_store(location)
    settings = load_settings()
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: listening on {host}: anyone who can reach it can read the store", file=sys.stderr)
    print(
        f"dyads: serving {location} on http://{host}:{port}/ (API docs at /docs); Ctrl-C stops",
        file=sys.stderr,
    )
    serve_app(location, settings, host=host, port=port, workers=workers)
