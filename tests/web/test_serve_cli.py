"""``dyads serve``: refuses a missing store; serves one, in one process or several (a real server on a free
loopback port, stopped at the end)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dyads.cli.main import main
from web.webdata import fill


def test_a_missing_store_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--store", str(tmp_path / "nothing.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "E502" in err and "dyads ingest" in err
    assert not (tmp_path / "nothing.sqlite").exists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_and_stops(tmp_path: Path, workers: int) -> None:
    db = fill(tmp_path / "web.sqlite")
    port = _free_port()
    cmd = [sys.executable, "-m", "dyads.cli.main", "serve", "--store", str(db), "--port", str(port)]
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen([*cmd, "--workers", str(workers)], stderr=err)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                r = httpx.get(base + "/api/health", timeout=2)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert r.json()["counts"]["events"] == 10
        with httpx.Client(base_url=base) as c:
            assert c.get("/api/events", params={"country": "CHN"}).json()["total"] == 2
            page = c.get("/")
            assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode is not None
