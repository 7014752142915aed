"""The dashboard's HTML pages: Jinja2 templates (autoescaped) that load the package's own static files.

Pages carry no data and no inline script: each page's script (``static/js/<page>.js``) fetches the JSON
API and builds the DOM with ``textContent``, so article text can never run as code.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from dyads.version import __version__

from .app import TEMPLATES

PAGES: tuple[tuple[str, str, str], ...] = (
    ("/", "overview", "Overview"),
    ("/events", "events", "Events"),
    ("/network", "network", "Network"),
    ("/dyad", "dyad", "Dyad"),
    ("/map", "map", "Map"),
    ("/code", "code", "Code an article"),
    ("/docs", "docs", "API"),
)


def templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True), auto_reload=False
    )
    return Jinja2Templates(env=env)


def _render(request: Request, page: str, title: str) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    context: dict[str, Any] = {"page": page, "title": title, "pages": PAGES, "version": __version__}
    return templates.TemplateResponse(request, f"{page}.html", context)


def _pages_router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)

    def add(path: str, page: str, title: str) -> None:
        def view(request: Request) -> HTMLResponse:
            return _render(request, page, title)

        view.__name__ = f"page_{page}"
        pages.add_api_route(path, view, methods=["GET"], response_class=HTMLResponse)

    for path, page, title in PAGES:
        add(path, page, title)
    return pages


router = _pages_router()
