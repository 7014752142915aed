"""An app factory for servers that start several processes (``uvicorn --factory --workers N``)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from dyads.config import load_settings
from dyads.errors import SettingsError

from .app import WebConfig, create_app


def app_from_env() -> FastAPI:
    """The app over the store named by ``DYADS_SERVE_STORE``; settings from the environment as usual."""
    store = os.environ.get("DYADS_SERVE_STORE")
    if not store:
        raise SettingsError("set DYADS_SERVE_STORE to the store to serve (a path or postgresql:// URL)")
    return create_app(WebConfig(store=store, settings=load_settings()))
