"""Pydantic models of a fact pack, as written in its `pack.toml` and as loaded.

A pack is one source article plus the facts drawn from it. Everything the engine knows about
the article's domain (subjects, synonyms, answer kinds and their question cues) is data here,
so another article brings its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
# How long a fact's question and each way to ask it may be: in packs, in the database and in
# the staff's forms alike.
QUESTION_LIMIT = 200
Question = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=QUESTION_LIMIT)
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PackInfo(_Strict):
    """Where the pack's article comes from."""

    id: Slug
    title: Text
    article: Text = Field(description="file name of the article text, beside pack.toml")
    url: Text | None = None
    publisher: Text | None = None
    staff_added: bool = Field(
        default=False, description="facts a server's staff added, not drawn from an article"
    )
    reviewed: bool = Field(
        default=False,
        description="a person has read every fact: its subjects name all it is about (a"
        " draft's hold only the names its sentence has)",
    )


class Subject(_Strict):
    """Something facts are about. Subjects in the same group exclude each other."""

    name: Text
    aliases: list[Text] = []
    group: Slug | None = None


class AnswerKind(_Strict):
    """A kind of answer (a date, a range, ...) and the question cues that ask for it."""

    cues: list[Text] = []


class Fact(_Strict):
    """One claim of the article, the question it answers and the sentences that say it."""

    id: Slug
    question: Question
    answer: Text
    kind: Slug
    subjects: list[Slug] = []
    sources: list[Text] = Field(min_length=1)
    phrasings: list[Question] = []
    origin: Text | None = Field(
        default=None, description="where the quotes come from, when not the pack's article"
    )

    @property
    def all_questions(self) -> list[str]:
        """The canonical question followed by its alternate phrasings."""
        return [self.question, *self.phrasings]


class Conflict(_Strict):
    """A point on which the article contradicts itself; the note quotes both sides."""

    facts: list[Slug] = Field(min_length=1)
    note: Text


class PackFile(_Strict):
    """The contents of a `pack.toml` file."""

    pack: PackInfo
    subjects: dict[Slug, Subject] = {}
    vocabulary: dict[Slug, list[Text]] = {}
    kinds: dict[Slug, AnswerKind] = {}
    facts: list[Fact] = Field(min_length=1)
    conflicts: list[Conflict] = []


class Pack(PackFile):
    """A checked pack together with its article text."""

    file: Path
    article_text: str

    @property
    def id(self) -> str:
        return self.pack.id

    def notes_for(self, fact_id: str) -> list[str]:
        """The conflict notes that concern a fact."""
        return [conflict.note for conflict in self.conflicts if fact_id in conflict.facts]
