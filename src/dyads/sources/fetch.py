"""The one place dyads goes on the network: downloading an ``http(s)://`` input the user named.

Nothing else fetches: readers never follow links found inside inputs, and HTML and feed parsing
is given bytes. ``SourceOptions.fetch`` replaces ``fetch_url`` (tests pass a function that returns
bytes), so the readers behind a URL are tested without a network.
"""

from __future__ import annotations

import time

from dyads.errors import InputError, InputTooLargeError
from dyads.sources.txt import human_bytes

USER_AGENT = "dyads/0.1 (political event coder)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.5"
)
_CHUNK = 1 << 16


def is_url(name: str) -> bool:
    """True for an input named by an ``http://`` or ``https://`` URL."""
    return name[:8].lower().startswith(("http://", "https://"))


def fetch_url(url: str, timeout: float, max_bytes: int) -> bytes:
    """The body at ``url``; raises ``InputError`` on any failure, and past ``timeout`` seconds in all.

    ``timeout`` bounds the whole download, not only each socket read, so a server that drips
    bytes cannot hold a run; a body over ``max_bytes`` is refused rather than cut.
    """
    import urllib.error  # urllib.request is slow to import, and most runs never fetch
    import urllib.request

    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            parts: list[bytes] = []
            size = 0
            while True:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"could not fetch: no complete answer within {timeout:g} s; try again later"
                    )
                chunk = response.read(_CHUNK)
                if not chunk:
                    return b"".join(parts)
                size += len(chunk)
                if size > max_bytes:
                    raise InputTooLargeError(
                        f"too large: the answer is over the {human_bytes(max_bytes)} limit; raise "
                        "DYADS_MAX_FILE_BYTES if it is real"
                    )
                parts.append(chunk)
    except urllib.error.HTTPError as exc:
        raise InputError(f"could not fetch: the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise InputError(f"could not fetch: {exc.reason}; check the URL and the connection") from None
    except TimeoutError:
        raise InputError(f"could not fetch: no answer within {timeout:g} s; try again later") from None
    except (OSError, ValueError) as exc:
        raise InputError(f"could not fetch: {exc}") from None
