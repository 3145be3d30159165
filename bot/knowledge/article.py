"""Splitting an article into sentences, the unit that facts quote."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (optionally followed by a closing quote), then white space and
# an upper-case letter, a digit, a currency sign or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d']))\s+(?=[A-Z0-9$\"\u201c])")


# A full stop that ends an abbreviation, not a sentence: an initial ("John F. Kennedy"), a
# title ("Dr. Okafor") or a month ("Sept. 19"), as news and reference writing use them.
_ABBREVIATION = re.compile(
    r"(?<![^\s(\"\u201c])(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Mt|Ft|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|"
    r"Cmdr|Adm|Rev|Fr|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|Fig|vs)\.$"
)


def sentences(article_text: str) -> list[str]:
    """The article's sentences in order, each as the article spells it; a line without end
    punctuation (a headline) is one."""
    found: list[str] = []
    for line in article_text.splitlines():
        start = 0
        for end in _SENTENCE_BREAK.finditer(line):
            if not _ABBREVIATION.search(line, start, end.start()):
                found.append(line[start : end.start()])
                start = end.end()
        found.append(line[start:])
    return [sentence.strip() for sentence in found if sentence.strip()]
