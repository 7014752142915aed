"""Many articles: code them in local worker processes (the default) or on Dask (``batch.dask``).

Every engine yields ``(article, events)`` in input order and keeps a bounded number of chunks in flight,
so memory stays constant in the number of articles; the same input gives the same events on every engine.
"""

from dyads.batch.local import code_chunk, code_stream, default_workers

__all__ = ["code_chunk", "code_stream", "default_workers"]
