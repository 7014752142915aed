"""Many requests at once on a real server: none is lost, none waits forever (a worker's thread pool full of
requests waiting for a store slot once deadlocked it)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from dyads.web import WebConfig, create_app
from web.webdata import fill


def test_more_requests_than_threads_and_slots(tmp_path: Path) -> None:
    db = fill(tmp_path / "web.sqlite")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    app = create_app(WebConfig(store=str(db), max_queries=1, cache_entries=0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)

    async def burst() -> list[int]:
        limits = httpx.Limits(max_connections=120)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30, limits=limits) as c:
            rs = await asyncio.gather(*(c.get("/api/events", params={"offset": i % 10}) for i in range(120)))
        return [r.status_code for r in rs]

    try:
        assert asyncio.run(asyncio.wait_for(burst(), timeout=60)) == [200] * 120
    finally:
        server.should_exit = True
        thread.join(timeout=10)
