"""Errors raised while loading fact packs.

    KnowledgeError          root of this package's errors
     └── PackError          a pack that cannot be used; lists every PackProblem found

A problem names the file, the fact (when there is one) and the field, so a person can go
straight to the line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KnowledgeError(Exception):
    """Root of the errors raised by `bot.knowledge`."""


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong with a pack file."""

    file: Path
    message: str
    fact_id: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = [str(self.file)]
        if self.fact_id is not None:
            where.append(f"fact {self.fact_id!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{': '.join(where)}: {self.message}"


class PackError(KnowledgeError):
    """A pack that failed to load, with every problem found in it."""

    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))
