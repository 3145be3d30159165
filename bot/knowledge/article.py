"""Splitting an article into sentences, the unit that facts quote."""

from __future__ import annotations

import re

# A sentence ends at . ! or ? (optionally followed by a closing quote), then white space and
# an upper-case letter, a digit, a currency sign or an opening quote.
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d']))\s+(?=[A-Z0-9$\"\u201c])")


# The days and the short months of news prose ("Tuesday", "Sept. 19"), for whatever reads
# dates out of sentences.
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
MONTH_ABBREVIATIONS = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"

# A full stop that ends an abbreviation, not a sentence: a title ("Dr. Okafor") or a month
# ("Sept. 19"), as news and reference writing use them; an initial after a name ("John F.
# Kennedy", not "vitamin D." nor "World War I."); "a.m."/"p.m." before a day or a time zone.
_TITLE_OR_MONTH = re.compile(
    r"(?:Mr|Mrs|Ms|Dr|Prof|Mt|Ft|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Rev|Fr|Nos|Vol|Fig|"
    rf"vs|{MONTH_ABBREVIATIONS})\."
)
_INITIAL = re.compile(r"[A-HJ-Z]\.")
_NAME = re.compile(r"[A-Z][a-z]+")
_CLOCK = frozenset({"a.m.", "p.m."})
_AFTER_CLOCK = re.compile(
    rf"(?:{WEEKDAYS}|Eastern|Central|Pacific|Mountain|[A-Z]{{2,4}}T|GMT|UTC)\b"
)
# Either an abbreviation or a sentence's end ("the U.S. Department", "in the U.S. The"): an
# abbreviation unless the next word is one a sentence starts with.
_AMBIGUOUS = re.compile(r"(?:[A-Z]\.){2,}|(?:St|No|Co|Inc|Corp|Ltd|Jr|Sr|oz|lb|lbs)\.")
_STARTS_SENTENCES = re.compile(
    r"(?:The|A|An|It|Its|He|She|They|We|I|You|This|That|These|Those|There|Here|In|On|At|By|"
    r"For|But|And|Or|So|If|When|While|After|Before|As|Since|Meanwhile|However|Still|Yet|Now|"
    r"Then|Also|His|Her|Their|Our|My|No|Some|Most|Many|All|Both|Each|Other|Such)"
)


def _is_abbreviation(before: str, after: str) -> bool:
    """Whether the full stop ending `before` (followed by `after`) ends an abbreviation."""
    words = before[-40:].split()
    last = words[-1].lstrip('("\u201c\u2018') if words else ""
    if _TITLE_OR_MONTH.fullmatch(last):
        return True
    if _INITIAL.fullmatch(last):
        return len(words) > 1 and _NAME.fullmatch(words[-2]) is not None
    if _AMBIGUOUS.fullmatch(last.rsplit("-", 1)[-1]):
        following = after.split(maxsplit=1)
        first = following[0].strip('"\u201c\u2018') if following else ""
        return bool(first) and not _STARTS_SENTENCES.fullmatch(first)
    return last in _CLOCK and _AFTER_CLOCK.match(after) is not None


def sentences(article_text: str) -> list[str]:
    """The article's sentences in order, each as the article spells it; a line without end
    punctuation (a headline) is one."""
    found: list[str] = []
    for line in article_text.splitlines():
        start = 0
        for end in _SENTENCE_BREAK.finditer(line):
            if not _is_abbreviation(line[start : end.start()], line[end.end() :]):
                found.append(line[start : end.start()])
                start = end.end()
        found.append(line[start:])
    return [sentence.strip() for sentence in found if sentence.strip()]
