"""Finding an article's claim sentences and the answers they hold.

A claim sentence is a sentence of the article's body (a line that ends like prose, not a
headline or a link list) that states something checkable: a date, a figure, an amount, a
name or a commitment. Each answer is a verbatim span of it with the kind of question it
answers ("in 2026" answers "when").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.knowledge.article import sentences
from bot.knowledge.draft.calendar import MONTHS, UPPER, WEEKDAYS

_PROSE_END = re.compile(r"[.!][\"\u201d']?$")
# A line this long is a paragraph, not a headline, caption or credit, whatever its end.
PARAGRAPH_WORDS = 15
_QUALIFIER = (
    r"(?:(?:nearly|almost|approximately|about|around|roughly|some|over|under|up to|at least|"
    r"more than|less than|fewer than|exceeding|above|below|only|just)\s+)?"
)
# A number standing alone, or a range ("5-10"): not the "2" of "Heron-2" nor of "F16".
_NUMBER = r"(?<![A-Za-z]-)(?<![\w.])\d[\d,]*(?:\.\d+)?(?:[-\u2013]\d[\d,]*(?:\.\d+)?)?"
_CONVERSION = r"(?:\s*\([^)]*\d[^)]*\))?"
_DISTANCE_UNITS = r"(?:miles?|km|kilomet(?:er|re)s?|metres?|meters?|feet|nautical miles?)\b"
_DURATION_UNITS = r"(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?)\b"
_AMOUNT_UNITS = (
    r"(?:[GMkT]Wh|[GMk]W|tonnes?|tons?|units?|vehicles?|cars?|passengers?|people|employees|"
    r"workers|jobs|homes|batteries|cells|barrels|litres?|liters?|gallons?)\b"
)
_YEAR = r"(?:19|20)\d\d\b"
_WORD_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_COUNT_WORD = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty"
    r"|hundreds|thousands|dozens)"
)
_CLOCK = r"(?:\d{1,2}(?::\d\d)?\s?(?:a\.m\.?|p\.m\.?|am\b|pm\b)|noon\b|midday\b|midnight\b)"
_DATE_LEAD = (
    r"(?:(?:in|on|by|from|until|after|before|since|following|around|about|circa|early|late|"
    r"mid|the end of|the start of|the beginning of|the conclusion of|the close of|"
    r"the middle of|spring|summer|autumn|winter)\s+)*"
)

# Most specific first: a span already taken by one finder is not read again by the next.
ANSWER_FINDERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "money",
        re.compile(
            rf"{_QUALIFIER}(?:[$€£¥]\s?{_NUMBER}(?:\s+(?:thousand|million|billion|trillion))?"
            rf"|{_NUMBER}\s+(?:thousand\s+|million\s+|billion\s+|trillion\s+)?"
            rf"(?:dollars|euros|pounds|yen|yuan|won))\b{_CONVERSION}",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b{_DATE_LEAD}(?:{WEEKDAYS},?\s+)?(?:(?:\d{{1,2}}\s+)?{MONTHS}(?:\s+\d{{1,2}})?,?\s+)?"
            rf"{_YEAR}"
            rf"|\b(?:(?:earlier|later)\s+)?(?:this|last|next)\s+(?:year|month|week|spring|"
            r"summer|autumn|fall|winter)\b"
            r"|\b(?:earlier|later)\s+(?:this|that)\s+(?:year|month)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "date",
        re.compile(
            rf"\b(?:(?:on|by|from|until|after|before|since|in|early|late|mid)\s+)?(?:"
            rf"{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\d{{1,2}}\s+{MONTHS}\b|{MONTHS}\b"
            rf"|{WEEKDAYS}\b)"
        ),
    ),
    (
        "time",
        re.compile(
            rf"\b(?:(?:at|from|between|until|by|before|after)\s+)?{_CLOCK}"
            rf"(?:\s+(?:to|and|until)\s+{_CLOCK})?",
            re.IGNORECASE,
        ),
    ),
    (
        "reason",
        re.compile(
            r"\b(?:as part of|because(?: of)?|due to|in order to|so that|owing to|thanks to)"
            r"\s[^,;.]*",
            re.IGNORECASE,
        ),
    ),
    (
        "place",
        re.compile(
            rf"\b(?:at|in)\s+(?:its\s+[a-z]+\s+in\s+)?(?!{MONTHS}\b)[{UPPER}][\w'-]*"
            rf"(?:\s+(?:[{UPPER}][\w'-]*|of(?=\s+[{UPPER}])|and(?=\s+[{UPPER}])))*"
            rf"(?:,\s+[{UPPER}][\w'-]*)?"
        ),
    ),
    ("share", re.compile(rf"{_QUALIFIER}{_NUMBER}\s?(?:%|percent\b|per cent\b)", re.IGNORECASE)),
    ("age", re.compile(rf"\b{_NUMBER}-year-old\b")),
    (
        "duration",
        re.compile(rf"\b{_WORD_NUMBER}-(?:year|month|week|day|hour|minute)\b", re.IGNORECASE),
    ),
    (
        "distance",
        re.compile(rf"{_QUALIFIER}{_NUMBER}[\s-]{_DISTANCE_UNITS}{_CONVERSION}", re.IGNORECASE),
    ),
    (
        "speed",
        re.compile(rf"{_QUALIFIER}{_NUMBER}\s?(?:mph|km/h|kmh|kph|knots)\b", re.IGNORECASE),
    ),
    ("duration", re.compile(rf"{_QUALIFIER}{_NUMBER}[\s-]{_DURATION_UNITS}", re.IGNORECASE)),
    (
        "amount",
        re.compile(
            rf"{_QUALIFIER}{_NUMBER}(?:\s+(?:thousand|million|billion))?\s+{_AMOUNT_UNITS}"
            rf"{_CONVERSION}",
        ),
    ),
    # A count that leaves its noun to the one before: "19 admissions, compared with 101".
    (
        "amount",
        re.compile(
            rf"(?:(?<=compared with )|(?<=compared to )|(?<=as against )){_NUMBER}\b"
            r"(?![.\d])(?!\s*(?:%|percent|thousand|million|billion|[a-z]+s\b))"
        ),
    ),
    # Any other count of things: "310,000 books", "120 public computers", "27 goals".
    (
        "amount",
        re.compile(
            rf"{_QUALIFIER}(?:{_NUMBER}|\b{_COUNT_WORD})(?:\s+(?:thousand|million|billion))?\s+"
            r"(?:[a-z]+\s+)?[a-z]{3,}s\b"
        ),
    ),
)
# "between $9.1 billion and $9.3 billion", "from 8 a.m. to 9 p.m.": one answer.
_RANGE_JOIN = re.compile(r"\s+(?:and|to)\s+$")
_RANGE_OPENING = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    """A verbatim span of a sentence that answers a question of the given kind."""

    text: str
    kind: str
    start: int
    end: int


def body_sentences(article_text: str) -> list[str]:
    """The sentences of the article's prose: lines ending like a sentence, and paragraphs
    (long lines of two sentences or more, or opening a list with a colon) whatever their end,
    such as one closing on "[citation needed]". Headlines, captions, credits and the link
    lists a web page prints beside an article are short and end without a full stop."""
    found: list[str] = []
    for line in article_text.splitlines():
        line = line.strip()
        parts = sentences(line)
        long_enough = len(line.split()) >= PARAGRAPH_WORDS
        if _PROSE_END.search(line) or (long_enough and (len(parts) > 1 or line.endswith(":"))):
            found.extend(parts)
    return [sentence for sentence in found if not sentence.endswith("?")]


def find_answers(sentence: str) -> tuple[Answer, ...]:
    """Every answer span in the sentence, in order, none overlapping another."""
    taken: list[Answer] = []
    for kind, pattern in ANSWER_FINDERS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < other.end and other.start < end for other in taken):
                continue
            text = match.group().strip().rstrip(",")
            taken.append(Answer(text, kind, start, start + len(text)))
    return tuple(_ranges_joined(sentence, sorted(taken, key=lambda answer: answer.start)))


def _ranges_joined(sentence: str, answers: list[Answer]) -> list[Answer]:
    joined: list[Answer] = []
    for answer in answers:
        if joined and joined[-1].kind == answer.kind:
            first = joined[-1]
            opening = _RANGE_OPENING.search(sentence[: first.start])
            if opening and _RANGE_JOIN.fullmatch(sentence[first.end : answer.start]):
                start = opening.start()
                joined[-1] = Answer(sentence[start : answer.end], answer.kind, start, answer.end)
                continue
        joined.append(answer)
    return joined


def lines_broken_mid_sentence(article_text: str) -> int:
    """How many lines end in the middle of a sentence: a line without end punctuation
    followed by one that starts in lower case, as in text wrapped at a fixed width."""
    lines = [line.strip() for line in article_text.splitlines()]
    return sum(
        1
        for line, following in itertools.pairwise(lines)
        if line and following[:1].islower() and not _PROSE_END.search(line)
    )


# What a fact's quote may hold (models.Text); longer "sentences" are text the sentence
# splitter could not cut ("...in 1990.[1] It was ..."), not something to quote whole.
LONGEST_QUOTE = 1000


def claim_sentences(article_text: str) -> list[str]:
    """The article's claim sentences. A body sentence without a figure or date is still a
    claim when it names someone or commits to something, which in news prose is nearly every
    sentence; only very short ones (under five words) and overlong ones are left out."""
    return [
        s for s in body_sentences(article_text) if len(s.split()) >= 5 and len(s) <= LONGEST_QUOTE
    ]


def overlong_sentences(article_text: str) -> int:
    """How many prose sentences are too long to quote (see LONGEST_QUOTE)."""
    return sum(len(s) > LONGEST_QUOTE for s in body_sentences(article_text))
