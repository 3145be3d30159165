"""Unedited drafts of public documents, and the scorer's view of their questions.

What FactBot does with an article nobody edited: `factbot pack draft`, then answer. Both the
fitting script and the held-out report go through here, so they read documents alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.public_data import Document, PublicQuestion, answers_with
from bot.engine import Engine
from bot.engine.fitted import Candidate
from bot.knowledge import Pack
from bot.knowledge.draft import DraftError, draft_pack

NOWHERE = Path("/nonexistent/pack.toml")  # a draft read in memory has no folder


def drafted_pack(text: str, title: str) -> Pack | None:
    """The document drafted as `factbot pack draft` would, or None when there is nothing to
    draft (no sentence of prose)."""
    try:
        draft = draft_pack(text, title[:200] or "Untitled")
    except DraftError:
        return None
    return Pack(**dict(draft), file=NOWHERE, article_text=text)


@dataclass(frozen=True)
class Asked:
    """A question on a drafted document, its candidates and which of them answer it."""

    document: Document
    question: PublicQuestion
    engine: Engine
    candidates: list[Candidate]
    right: list[bool]

    @property
    def answerable(self) -> bool:
        return bool(self.question.answers)


def asked(documents: list[Document]) -> Iterator[Asked]:
    """Every question of every document, read by an engine over the document's draft alone.
    A document with nothing to draft still asks its questions, with no candidates. The
    engine is lexical: the candidates and their features need no fitted model, so a model
    can be fitted for features the shipped one does not know yet."""
    for document in documents:
        pack = drafted_pack(document.text, document.title)
        engine = Engine([pack] if pack else [], scorer="lexical")
        for question in document.questions:
            found = engine.candidates(question.text)
            right = [answers_with(c.entry.fact.sources, question.answers) for c in found]
            yield Asked(document, question, engine, found, right)
