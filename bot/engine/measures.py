"""Which measure a question asks for (a price, a share, a weight, a length, a time taken)
and which measures a sentence states, from general English units, not any article's.

"How much did it cost?" is answered by a sentence with a price, not by one with "800 km":
a figure of the wrong measure is no answer, and a question on a measure no sentence states
is one the article does not answer ("how heavy are the batteries").
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.knowledge import Fact
from bot.knowledge.article import MONTH_ABBREVIATIONS, WEEKDAYS

_NUMBER = r"\d[\d,.]*+\s*+"
# "what's the", "what was the", "what": before the thing asked for.
_WHAT_IS = r"\bwhat(?:'s|s|\s+is|\s+was|\s+are|\s+were)?\s+(?:the\s+)?"
# A change asked of a price or a sum ("how much did prices rise") is answered by a share too.
_CHANGE = re.compile(
    r"\b(?:rise|rises|rose|risen|raise|raised|increase|increased|hike|hiked|jump|jumped|fall|"
    r"falls|fell|fallen|drop|dropped|cut|cuts|decline|declined|grow|grew|grown|change|changed)\b"
)
_FEW = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)"

# What a question asks, in the order tried: the first that fits is the measure asked.
_ASKED = {
    "money": re.compile(
        r"\bhow\s+(?:expensive|costly|pricey|cheap)\b"
        r"|\bhow\s+much\b.*\b(?:cost|costs|costed|costing|price|priced|pay|pays|paid|spend|"
        r"spends|spent|worth|sell|sells|sold|earn|earns|earned|raise|raised|invest|invests|"
        r"invested|investing|fund|funded|funding|budget|revenue|salary|fine|fined|money|"
        r"dollars|euros|yen)\b"
        rf"|{_WHAT_IS}(?:\S+\s+)?(?:price|prices|cost|costs|budget|salary|revenue|fee|fees)\b"
        r"(?!\s+(?:reduction|reductions|cut|cuts|cutting|saving|savings|drop|drops|increase|"
        r"increases|rise|rises|hike|hikes|jump|jumps))"
    ),
    "percent": re.compile(
        r"\bwhat\s+(?:percentage|percent|proportion|fraction)\b|\bhow\s+many\s+percent\b"
        r"|\b(?:what|how\s+much|how\s+many)\s*(?:%|per\s*cent)|\bwhat\s+share\b"
    ),
    "weight": re.compile(
        r"\bhow\s+heavy\b|\bhow\s+much\b.*\bweigh(?:s|ed)?\b"
        rf"|{_WHAT_IS}(?:\S+\s+)?weight\b"
    ),
    "length": re.compile(
        r"\bhow\s+(?:tall|deep|wide)\b|\bwhat\s+(?:distance|height|length|depth|width)\b"
        # Not "how far did the stock fall", "how far behind schedule", "how far in advance".
        r"|\bhow\s+far\b(?!.*\b(?:behind|ahead|advance|along|back|fall|fell|drop|dropped|"
        r"rise|rose|slip|slipped)\b)"
    ),
    "duration": re.compile(
        r"\bhow\s+long\s+(?:does|did|do|will|would|can|to|it|they|until|till|before)\b"
        r"|\bhow\s+many\s+(?:seconds|minutes|hours|days|weeks|months|years)\b|\bhow\s+much\s+time\b"
    ),
    "temperature": re.compile(rf"\bhow\s+(?:hot|cold|warm)\b|{_WHAT_IS}temperature\b"),
}

_STATED = {
    "money": re.compile(
        r"[$€£¥]|\b(?:dollars?|euros?|yen|yuan|cents?|usd|eur|gbp|rupees?|francs?|marks|pounds|"
        r"florins?|guilders?|shillings?|pesos?|crowns?|thousand|million|billion|trillion|free)\b",
        re.IGNORECASE,
    ),
    "percent": re.compile(
        r"%|\bper\s*cent\b|\bpercent(?:age)?\b|\b(?:half|third|quarter|fifth|tenth)s?\b"
        rf"|\b{_FEW}\s+(?:in|out\s+of)\s+{_FEW}\b",
        re.IGNORECASE,
    ),
    "weight": re.compile(
        rf"\b{_NUMBER}(?:kg|g|lbs?|t|oz)\b"
        r"|\b(?:kilograms?|grams?|tonnes?|tons?|pounds|ounces?)\b",
        re.IGNORECASE,
    ),
    "length": re.compile(
        rf"\b{_NUMBER}(?:km|m|cm|mm|mi|ft)\b"
        r"|\b(?:kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|inch(?:es)?|yards?)\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies)|"
        r"mins?|hrs?|secs?|(?:1\d|20)\d\d)\b"
        # An end or a start: "through Thursday", "until 8 p.m.", "since March".
        rf"|\b(?:until|till|through|since)\s+(?:at\s+)?(?:\d|{WEEKDAYS}|{MONTH_ABBREVIATIONS}|May|"
        r"noon|midnight)",
        re.IGNORECASE,
    ),
    "temperature": re.compile(
        r"°|\bdegrees?\b|\bcelsius\b|\bfahrenheit\b|\b\d++\s?[CF]\b", re.IGNORECASE
    ),
}

# A fact's kind that is itself a measure, whatever its sentence looks like.
KIND_MEASURES = {
    "money": "money",
    "share": "percent",
    "distance": "length",
    "range": "length",
    "duration": "duration",
    "charging-time": "duration",
}


# "How long is the river", "how long is the strike": a length or a time taken.
_LENGTH_OR_DURATION = re.compile(r"\bhow\s+long\s+(?:is|are|was|were|r)\b")


def asked_measures(question: str) -> frozenset[str]:
    """The measures that answer the question ({"weight"} for "how heavy is it"), if any."""
    text = question.casefold().replace("\u2019", "'")
    if _LENGTH_OR_DURATION.search(text):
        return frozenset({"length", "duration"})
    named = next((name for name, pattern in _ASKED.items() if pattern.search(text)), None)
    if named is None:
        return frozenset()
    if named == "money" and _CHANGE.search(text):
        return frozenset({"money", "percent"})
    return frozenset({named})


@lru_cache(maxsize=65536)
def stated_measures(sentence: str) -> frozenset[str]:
    """The measures the sentence states a figure or unit of."""
    return frozenset(name for name, pattern in _STATED.items() if pattern.search(sentence))


def states_measure(question: str, fact: Fact) -> bool:
    """Whether the fact can answer the measure the question asks: it asks none, the fact's
    kind is that measure, or its sentences or answer state it."""
    asked = asked_measures(question)
    if not asked or KIND_MEASURES.get(fact.kind) in asked:
        return True
    return any(asked & stated_measures(text) for text in (*fact.sources, fact.answer))
