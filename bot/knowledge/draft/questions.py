"""Turning a claim into the question it answers, by moving the answer out and the verb up.

"Toyota acquired complete ownership of Primeearth EV Energy earlier this year" answers
"When did Toyota acquire complete ownership of Primeearth EV Energy?"; "The former is
anticipated to offer a WLTP driving range of nearly 500 miles" answers "What WLTP driving
range is the former anticipated to offer?". The rules are plain English grammar, with
lemminflect for verb forms; a person edits what reads awkwardly.
"""

from __future__ import annotations

import re

from bot.engine.lexicon import STOPWORDS
from bot.engine.normalize import clean
from bot.knowledge.draft.grammar import (
    AUXILIARIES,
    DETERMINERS,
    drop_leading_phrase,
    finite_verb,
    is_noun_phrase_word,
    is_past_participle,
    lower_first,
    tokens,
)

_PREPOSITIONS = frozenset("in within for of by on at to from until around about".split())
# Clause boundaries: each part of a sentence answers questions of its own.
_BOUNDARY = re.compile(
    r";\s+(?:however,\s+)?|,\s+of\s+which\s+|,\s+(?:whereas|while|but|and|with)\s+|\s+but\s+"
)
_RELATIVE = re.compile(r",\s+which\s+")
_ASIDE = re.compile(r",\s+([a-z]+)\s+((?:[^,]|,(?=\d))+),(?!\d)")  # "4,200" breaks nothing

WH_BY_KIND = {
    "date": "When",
    "distance": "How far",
    "duration": "How long",
    "amount": "How much",
    "money": "How much",
    "share": "What share",
    "name": "Who",
    "place": "Where",
    "reason": "Why",
    "time": "What time",
    "age": "How old",
    "speed": "How fast",
}


def clauses(sentence: str) -> list[str]:
    """The sentence's clauses ("X, whereas Y" is two; "X the batteries, which will Y" has
    "the batteries will Y" as its second)."""
    body, aside = split_aside(sentence.rstrip(".!\"\u201d' "))
    found = [aside] if aside else []
    for part in _BOUNDARY.split(body):
        head, *relative = _RELATIVE.split(part, maxsplit=1)
        found.append(head)
        if relative:
            found.append(" ".join([*antecedent(tokens(head)), relative[0]]))
    return [part.strip(" ,") for part in found if part.strip(" ,")]


def split_aside(text: str) -> tuple[str, str | None]:
    """The text without a participle aside, and the aside as a clause of its own about the
    noun phrase before it: "The old library, built in 1962, will close" -> ("The old library
    will close", "The old library was built in 1962")."""
    aside = _ASIDE.search(text)
    if not aside or not is_past_participle(aside.group(1)) or finite_verb(tokens(aside.group(2))):
        return text, None
    head = text[: aside.start()]
    rest = head + text[aside.end() - 1 :].lstrip(",")
    if finite_verb(tokens(rest)) is None:
        return text, None  # "X, opened the office in Y, March 2": "opened" is the verb
    named = " ".join(antecedent(tokens(head)))  # "its new scheme, called LeedsRide,"
    verb = "were" if named.rstrip().endswith("s") else "was"
    return rest, f"{named} {verb} {aside.group(1)} {aside.group(2)}"


def antecedent(words: list[str]) -> list[str]:
    """The noun phrase a relative clause follows: "China or South Korea, which ...", "... of
    its initial batteries, which ..."."""
    names: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (names and word in {"or", "and", "of"}):
            names.insert(0, word)
        else:
            break
    if names and names[0][:1].isupper():
        return names
    for back in range(1, min(6, len(words)) + 1):
        if words[-back].lower() in DETERMINERS:
            return words[-back:]
    return words[-2:]


def conjuncts(words: list[str]) -> list[list[str]]:
    """ "X will offer A and B" as "X will offer A" and "X will offer B", each with its head."""
    if "and" not in words:
        return [words]
    found = finite_verb(words)
    if found is None:
        return [words]
    verb_end = found[0] + 1
    if found[2] == "AUX" and verb_end < len(words) and verb_end < words.index("and"):
        verb_end += 1
    head = words[:verb_end]
    parts: list[list[str]] = [[]]
    for word in words[verb_end:]:
        if word == "and":
            parts.append([])
        else:
            parts[-1].append(word)
    return [head + part for part in parts if part]


def question(words: list[str], wh: str) -> str | None:
    """Ask `wh` of a clause (its answer already taken out), or None when no verb is found."""
    words = drop_leading_phrase([w.strip('"\u201c\u201d') for w in words if w.strip(",")])
    found = finite_verb(words)
    if found is None:
        return None
    position, base, tag = found
    subject = " ".join(lower_first(words[:position]))
    rest = " ".join(words[position + 1 :])
    if tag == "AUX":
        asked = f"{wh} {words[position].lower()} {subject} {rest}"
    else:
        helper = {"VBZ": "does", "VBD": "did", "VBP": "do"}[tag]
        asked = f"{wh} {helper} {subject} {base} {rest}"
    return tidy(asked)


def who_question(words: list[str]) -> str | None:
    """ "Who has granted Toyota approval ...?" from "X has granted Toyota approval ..."."""
    words = drop_leading_phrase(words)
    found = finite_verb(words)
    if found is None:
        return None
    return tidy("Who " + " ".join(words[found[0] :]))


def tidy(text: str) -> str:
    """One space between words, no quotation marks or dangling punctuation, a capital and a
    question mark."""
    text = re.sub(r"\s+", " ", re.sub(r'["\u201c\u201d]', "", text)).strip(" ,;:.!")
    text = re.sub(r"\s+,", ",", text)
    text = re.sub(r",$", "", text)
    return text[:1].upper() + text[1:] + "?"


def asking_phrase(before: list[str], kind: str) -> tuple[str, int]:
    """What to ask for an answer that follows `before`: "What WLTP driving range" when a noun
    phrase leads to it ("a WLTP driving range of 500 miles"), else the kind's question word;
    and how many words of `before` that phrase replaces."""
    wh = WH_BY_KIND.get(kind, "What")
    if kind in {"date", "name", "place", "reason", "time"}:
        cut = 1 if before and before[-1].lower() in _PREPOSITIONS else 0
        return wh, cut
    verb = finite_verb(before)
    for back in range(1, min(6, len(before)) + 1):
        word = before[-back].lower()
        if verb is not None and verb[0] >= len(before) - back:
            break  # "The project cost 31 million": no noun phrase leads to the answer
        if word in DETERMINERS:
            noun_phrase = list(before[len(before) - back + 1 :])
            if noun_phrase and noun_phrase[-1].lower() in _PREPOSITIONS:
                noun_phrase = noun_phrase[:-1]
            if noun_phrase and all(is_noun_phrase_word(w) for w in noun_phrase):
                return "What " + " ".join(noun_phrase), back
            break
        if word in AUXILIARIES or word.endswith(","):
            break
    cut = 1 if before and before[-1].lower() in _PREPOSITIONS else 0
    return wh, cut


def verbless_question(words: list[str], wh: str, kind: str) -> str:
    """A clause without a verb ("with the Popularization batteries following ..."):
    ask about what it names."""
    words = drop_leading_phrase(words)
    while words and words[0].lower() in {"with", "and", "but", "however"}:
        words = words[1:]
    named = " ".join(lower_first(words))
    if kind == "date":
        verb = "are" if named.split()[-1:] and named.split()[-1].endswith("s") else "is"
        return tidy(f"When {verb} {named} due")
    return tidy(f"{wh} {named}")


def keywords_question(wh: str, words: list[str], limit: int) -> str:
    """The question word and the clause's first content words: a terse phrasing to match."""
    content = [w for w in words if clean(w) and clean(w) not in STOPWORDS]
    return tidy(f"{wh} {' '.join(content[:limit])}")
