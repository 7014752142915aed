"""Shared fixtures: one real coder (spaCy model + codebook) per session; loading it costs seconds."""

from __future__ import annotations

import pytest

from dyads.coder import Coder
from dyads.config import Settings


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder.load(Settings())
