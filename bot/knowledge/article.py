"""Splitting an article into sentences, the unit that facts quote."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (optionally followed by a closing quote), then white space and
# an upper-case letter, a digit, a currency sign or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d']))\s+(?=[A-Z0-9$\"\u201c])")


def sentences(article_text: str) -> list[str]:
    """The article's sentences in order; a line without end punctuation (a headline) is one."""
    found: list[str] = []
    for line in article_text.splitlines():
        found.extend(part.strip() for part in _SENTENCE_BREAK.split(line) if part.strip())
    return found
