"""The core API every front end calls: a ``Coder`` holds the loaded model and codebook; its methods code.

Loading spaCy and the dictionaries takes seconds, so a ``Coder`` is built once and reused; it holds no
state that changes while coding, so one coder can serve many batches (and one per worker process).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_cache_dir

from dyads.codebook.actors import ActorDictionary
from dyads.codebook.cameo import Cameo, load_cameo
from dyads.codebook.gazetteer import Gazetteer
from dyads.codebook.lexicon import Lexicon, load_lexicon
from dyads.config import Settings
from dyads.model import Article, Event
from dyads.pipeline.assemble import CoderParts, code_doc
from dyads.pipeline.nlp import load_nlp, parse_with_context
from dyads.sources import article_id_for

if TYPE_CHECKING:
    from spacy.language import Language


class Coder:
    """Codes articles into events. Build with ``Coder.load(settings)``."""

    def __init__(self, nlp: Language, parts: CoderParts, settings: Settings) -> None:
        self.nlp = nlp
        self.parts = parts
        self.settings = settings

    @classmethod
    def load(cls, settings: Settings | None = None) -> Coder:
        settings = settings or Settings()
        cameo: Cameo = load_cameo()
        lexicon: Lexicon = load_lexicon(
            [Path(p) for p in settings.lexicon_files], known_codes=frozenset(cameo.codes())
        )
        actors = ActorDictionary.load([Path(p) for p in settings.actor_files])
        gazetteer = Gazetteer.load(cache_dir=Path(user_cache_dir("dyads")))
        nlp = load_nlp(settings.model)
        return cls(
            nlp, CoderParts(cameo=cameo, lexicon=lexicon, actors=actors, gazetteer=gazetteer), settings
        )

    def code_articles(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Events of each article, in input order, parsing in small batches."""
        items = ((a.text, a) for a in articles)
        for doc, article in parse_with_context(self.nlp, items, batch_size=self.settings.batch_size):
            yield article, code_doc(doc, article, self.parts)

    def code_article(self, article: Article) -> list[Event]:
        return next(self.code_articles([article]))[1]

    def code_text(self, text: str, date: dt.date | None = None, article_id: str | None = None) -> list[Event]:
        """Code one piece of text; ``date`` is its publication date (relative dates resolve against it)."""
        art = Article(id=article_id or article_id_for(text), text=text, published=date)
        return self.code_article(art)
