"""The dashboard in a real browser (Debian's Chromium, headless, driven by Playwright): every page loads
without console errors or CSP violations and fetches nothing from another site; filters change the table;
the network and the map render; pasted text comes back with its events highlighted; hostile article text
is shown as text. Screenshots go to test-artifacts/screenshots/ (gitignored).

Chromium comes from scripts/browser.sh. Without it the tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from dyads.coder import Coder
from dyads.config import Settings
from dyads.model import Event
from dyads.web import WebConfig, create_app
from web.webdata import SCRIPT, fill, make_event

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PAGES = ("/", "/events", "/network", "/dyad", "/map", "/code", "/docs")


def expect(locator: Any) -> Any:
    """Playwright's auto-waiting assertions (they run in its own script, which the pages' CSP allows;
    ``wait_for_function`` evaluates a string in the page, which ``script-src 'self'`` rightly refuses)."""
    from playwright.sync_api import expect as pw_expect

    return pw_expect(locator)


def _need_chromium() -> None:
    if Path(CHROMIUM).is_file():
        return
    message = f"{CHROMIUM} is missing: run 'bash scripts/browser.sh' (as root) to install Debian's chromium"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class StandInCoder:
    """Codes "X visited Y." style text by string search: enough to drive the page without the spaCy model
    (the real coder drives it in ``test_code_page_with_the_real_coder``, marked slow)."""

    def code_text(self, text: str, date: dt.date | None = None, article_id: str | None = None) -> list[Event]:
        if "visited" not in text:
            return []
        return [
            make_event("c1", None, "PRK", "RUS", "042", 1, 1.9, text, ("North Korea", "visited", "Russia"))
        ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    base: str
    server: uvicorn.Server
    thread: threading.Thread = field(repr=False)


def _start(config: WebConfig) -> Running:
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    return Running(f"http://127.0.0.1:{port}", server, thread)


def _stop(r: Running) -> None:
    r.server.should_exit = True
    r.thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = fill(tmp_path_factory.mktemp("browser") / "web.sqlite")
    running = _start(WebConfig(store=str(db), coder_factory=StandInCoder))
    yield running.base
    _stop(running)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@dataclass
class Watched:
    page: Any
    errors: list[str]
    foreign: list[str]
    dialogs: list[str]


@pytest.fixture
def watched(browser: Any, site: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    w = Watched(page, [], [], [])

    def console(m: Any) -> None:
        if m.type == "error":  # CSP violations and failed requests are reported here too
            w.errors.append(f"console {m.type}: {m.text}")

    def request(r: Any) -> None:
        if not r.url.startswith(site):
            w.foreign.append(r.url)

    def dialog(d: Any) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("console", console)
    page.on("pageerror", lambda e: w.errors.append(f"page error: {e}"))
    page.on("request", request)
    page.on("dialog", dialog)
    yield w
    context.close()


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _clean(w: Watched) -> None:
    assert w.errors == [], w.errors
    assert w.foreign == [], f"requests to other sites: {w.foreign}"
    assert w.dialogs == [], f"a script ran: {w.dialogs}"


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_clean(watched: Watched, site: str, path: str) -> None:
    page = watched.page
    page.goto(site + path, wait_until="networkidle")
    assert page.locator("header nav a.active").count() == 1
    assert page.locator("#status.error").count() == 0
    _shot(page, "page" + path.replace("/", "-").rstrip("-"))
    _clean(watched)


def test_overview_draws_the_timeline(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/", wait_until="networkidle")
    assert page.locator("#timeline svg g.bar").count() == 3  # January, February, March 2024
    assert page.locator("#dyads tbody tr").count() >= 3
    assert page.locator("#latest li").count() == 10
    page.locator("#timeline svg g.bar").nth(1).click()  # February: its events
    page.wait_for_url(re.compile(r"/events\?from=2024-02-01&to=2024-02-29"))
    expect(page.locator("#total")).to_have_text(re.compile(r"^4 "))
    _clean(watched)


def test_filter_changes_the_table(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/events", wait_until="networkidle")
    rows = page.locator("#events tbody tr")
    assert rows.count() == 10
    page.select_option("select[name=modality]", "negated")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(1)
    assert "did not attack" in rows.first.inner_text()
    assert page.locator("#events tbody .badge.modality-negated").count() == 1
    assert "modality=negated" in page.url
    page.fill("input[name=country]", "CHN")
    page.select_option("select[name=modality]", "")
    page.click("#filters button[type=submit]")
    expect(page.locator("#total")).to_have_text(re.compile(r"^2 "))
    _shot(page, "events-filtered")
    _clean(watched)


def test_hostile_text_is_shown_as_text(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/events?text=criticised", wait_until="networkidle")
    cell = page.locator("#events tbody td.evidence").first
    assert cell.inner_text() == SCRIPT  # the markup is visible as characters, entities untouched
    assert page.locator("#events script").count() == 0
    assert cell.locator("mark.span-action").inner_text() == "criticised"
    page.locator("#events tbody tr").first.click()
    page.wait_for_selector("#detail .article")
    assert page.locator("#detail .article").inner_text() == SCRIPT
    assert page.locator("#detail a[href^='javascript']").count() == 0  # its URL is shown, not linked
    assert "javascript:alert" in page.locator("#detail").inner_text()
    page.goto(site + "/events?text=%D7%A9%D7%9C%D7%95%D7%9D", wait_until="networkidle")  # right-to-left
    assert "שלום" in page.locator("#events tbody td.evidence").first.inner_text()
    page.goto(site + "/events?country=CHN&text=length", wait_until="networkidle")  # a very long line
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1300, "a long line must wrap, not widen the page"
    _shot(page, "events-long-line")
    _clean(watched)


def test_network_renders(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/network", wait_until="networkidle")
    page.select_option("select[name=window]", "0")  # all time
    expect(page.locator("#network circle.node")).to_have_count(3)
    assert page.locator("#network path.edge").count() == 3
    assert page.locator("#edges tbody tr").count() == 3
    _shot(page, "network")
    _clean(watched)


def test_dyad_click_lists_the_period(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/dyad?a=PRK&b=RUS", wait_until="networkidle")
    periods = page.locator("#series g.period")
    assert periods.count() == 3
    periods.first.click()
    expect(page.locator("#events-title")).to_have_text(re.compile(r"2024-01$"))
    expect(page.locator("#events tbody tr")).to_have_count(3)
    _shot(page, "dyad")
    _clean(watched)


def test_map_renders(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/map", wait_until="networkidle")
    assert page.locator("#map path.country").count() > 150
    assert page.locator("#map path.country.has-events").count() == 2
    assert page.locator("#map circle.dot").count() == 2
    _shot(page, "map")
    _clean(watched)


def test_code_page_highlights_events(watched: Watched, site: str) -> None:
    page = watched.page
    page.goto(site + "/code", wait_until="networkidle")
    # pasted news is dated today unless the user says otherwise (the page's own clock)
    today = page.evaluate("() => new Date().toLocaleDateString('en-CA')")
    assert page.input_value("input[name=date]") == today
    page.fill("#text", "North Korea visited Russia. <img src=x onerror=alert(1)>")
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#article mark.span-action")
    assert page.locator("#article mark.span-action").inner_text() == "visited"
    assert page.locator("#article mark.span-source").inner_text() == "North Korea"
    assert page.locator("#article img").count() == 0
    assert page.locator("#found").inner_text() == "1 event"
    _shot(page, "code")
    _clean(watched)


@pytest.mark.slow
def test_code_page_with_the_real_coder(browser: Any, coder: Coder, tmp_path: Path) -> None:
    db = fill(tmp_path / "real.sqlite")
    running = _start(WebConfig(store=str(db), settings=Settings(), coder_factory=lambda: coder))
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(running.base + "/code", wait_until="networkidle")
        page.fill("#text", "The French president visited Germany on Tuesday. China criticised Japan.")
        page.fill("input[name=date]", "2026-03-10")
        page.click("#code-form button[type=submit]")
        page.wait_for_selector("#article mark.span-action", timeout=60_000)
        assert page.locator("#events tbody tr").count() >= 1
        assert "visited" in page.locator("#article mark.span-action").all_inner_texts()
        _shot(page, "code-real")
        page.close()
        assert errors == []
    finally:
        _stop(running)
