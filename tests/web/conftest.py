"""Fixtures of the web tests: a real SQLite store of hand-made events and a client of an app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dyads.config import Settings
from dyads.web import WebConfig, create_app
from web.webdata import TestClient, fill


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return fill(tmp_path / "web.sqlite")


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(WebConfig(store=str(db), settings=Settings(web_token="s3cret"), max_page=100))
    with TestClient(app) as c:
        yield c
