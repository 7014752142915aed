"""``dyads demo`` ends by storing its events and telling how to open the dashboard on them (real model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyads.cli.main import main
from dyads.web import WebConfig, create_app
from web.webdata import TestClient


@pytest.mark.slow
def test_demo_stores_its_events_and_names_the_serve_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "demo.sqlite"
    assert main(["demo", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert f"dyads serve --db {store}" in out
    with TestClient(create_app(WebConfig(store=str(store)))) as client:
        overview = client.get("/api/overview").json()
        assert overview["counts"]["events"] > 50 and overview["timeline"] and overview["top_dyads"]
        page = client.get("/api/events", params={"limit": 1000}).json()
        for ev in page["events"][:100]:
            one = client.get(f"/api/events/{ev['id']}").json()
            text, evidence = one["article"]["text"], one["evidence"]
            # the page highlights spans as offsets into the article: they must point into its sentence
            assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
            for span in evidence["spans"].values():
                if span is not None:
                    assert evidence["start"] <= span[0] <= span[1] <= evidence["end"]
    assert main(["demo", "--store", str(store)]) == 0  # again: the stored articles are not stored twice
    with TestClient(create_app(WebConfig(store=str(store)))) as client:
        assert client.get("/api/overview").json()["counts"]["events"] == overview["counts"]["events"]
