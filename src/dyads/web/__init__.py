"""``dyads serve``: the FastAPI app — a read-only JSON API over ``dyads.query`` and the dashboard.

Build one with ``create_app(WebConfig(store=...))``; templates and static files ship with the package and
nothing is loaded from another site (a strict Content-Security-Policy holds on every page).
"""

from __future__ import annotations

from dyads.web.app import WebConfig, create_app

__all__ = ["WebConfig", "create_app"]
