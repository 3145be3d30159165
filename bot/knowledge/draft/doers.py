"""Facts whose answer is who: who did something, whom it was done to, who did it in a
passive ("designed by ..."), who holds a title ("X, the hospital's chief executive")."""

from __future__ import annotations

import re

from lemminflect import getAllLemmas, getInflection

from bot.engine.normalize import clean
from bot.knowledge.draft.drafted import DraftFact
from bot.knowledge.draft.grammar import (
    DETERMINERS,
    drop_leading_phrase,
    finite_verb,
    is_past_participle,
    lower_first,
    sentence_case,
    tokens,
    verb_group_end,
)
from bot.knowledge.draft.names import TITLES, Names, plain
from bot.knowledge.draft.questions import question, tidy, who_question

# "Dr Priya Raman, the hospital's chief executive, ...": who holds the title.
_TITLE_APPOSITIVE = re.compile(
    r"(?P<name>[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)+),\s+(?P<title>the\s+(?:[\w']+\s+){0,3}?"
    rf"(?:{'|'.join(sorted(TITLES))})\b(?!')(?:\s+(?:of|for|at)\s+[^,\"]+)?)(?:,|\.?$)"
)
# Words that open a sentence before a name: "Then Priya Raman, the chief executive, ...".
_OPENERS = frozenset("then and but so also meanwhile yesterday today".split())
# "The building was designed by Nordvik Architects": who did it.
_PASSIVE = re.compile(
    r"^(?P<thing>[^,]+?)\s+(?:was|were|is|are|has been|have been|had been|will be)\s+"
    r"(?P<verb>[a-z]+)(?P<particle>\s+(?:for|on|up|out|off))?\s+by\s+(?P<doer>[^,;]+)"
)
_PASSIVE_DOER_END = re.compile(r"\s+(?:at|in|on|for|from|with|to|during|after|before)\s+")
# Where the one a name did something to ends: "signed Lukas Brandt from Dortmund".
_OBJECT_ENDS = frozenset("from for at in on with to by after before during".split())


def title_facts(sentence: str, names: Names) -> list[DraftFact]:
    """ "Who is the hospital's chief executive?" from "Dr Priya Raman, the hospital's chief
    executive, ..."."""
    return [
        DraftFact(
            tidy(f"Who is {found.group('title')}"),
            sentence_case(_without_openers(found.group("name"))),
            "name",
            sentence,
            names.subjects_of(found.group()),
            [],
        )
        for found in _TITLE_APPOSITIVE.finditer(plain(sentence))
    ]


def _without_openers(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower() in _OPENERS:
        words = words[1:]
    return " ".join(words)


def who_fact(sentence: str, clause: str, names: Names, subjects: list[str]) -> DraftFact | None:
    """ "Who acquired Primeearth EV Energy?" when the clause opens with a name doing something
    (not saying or intending something: the description asks that)."""
    words = drop_leading_phrase(tokens(clause))
    found = finite_verb(words)
    if found is None or found[1] in {"is", "are", "was", "were"}:
        return None
    doer_words = words[: found[0]]
    while doer_words and doer_words[-1].lower().endswith("ly"):
        doer_words = doer_words[:-1]  # "China or South Korea currently dominates"
    doer = " ".join(doer_words).strip(",")
    deed = words[found[0] + 1 :]
    if not ends_with_name(doer) or not deed or deed[0].lower() in {"that", "to"}:
        return None
    if clean(doer) != names.topic and not names.subjects_of(doer):
        return None  # "Both will offer ..." is no name
    if clean(doer) == names.topic and not names.subjects_of(" ".join(deed)):
        return None  # the topic does most things; only what it does to a subject is asked
    asked = who_question(words)
    if asked is None:
        return None
    return DraftFact(asked, sentence_case(doer), "name", sentence, subjects, [])


def whom_fact(sentence: str, clause: str, names: Names, subjects: list[str]) -> DraftFact | None:
    """ "FC Porto has signed German striker Lukas Brandt from ...": who Porto signed."""
    words = drop_leading_phrase(tokens(clause))
    found = finite_verb(words)
    if found is None or found[1] in {"is", "are", "was", "were"}:
        return None
    end = verb_group_end(words, found[0])
    rest = words[end:]
    stop = next((i for i, w in enumerate(rest) if w.lower() in _OBJECT_ENDS), len(rest))
    target = " ".join(rest[:stop]).strip(",")
    if not target or not ends_with_name(target) or not names.subjects_of(target):
        return None
    thing = target.split()[0].lower() in DETERMINERS  # "its new Central Library"
    asked = question(words[:end] + rest[stop:], "What" if thing else "Who")
    if asked is None:
        return None
    return DraftFact(asked, sentence_case(target), "name", sentence, subjects, [])


def doer_of_passive(sentence: str, clause: str, subjects: list[str]) -> DraftFact | None:
    """ "The building was designed by Nordvik Architects": who designed the building."""
    passive = _PASSIVE.match(plain(" ".join(drop_leading_phrase(tokens(clause)))))
    if passive is None or not is_past_participle(passive.group("verb")):
        return None
    done = getInflection(getAllLemmas(passive.group("verb").lower())["VERB"][0], tag="VBD")
    if not done:
        return None
    thing = " ".join(lower_first(tokens(passive.group("thing"))))
    asked = tidy(f"Who {done[0]}{passive.group('particle') or ''} {thing}")
    doer = _PASSIVE_DOER_END.split(passive.group("doer"), maxsplit=1)[0]
    return DraftFact(asked, sentence_case(doer), "name", sentence, subjects, [])


def ends_with_name(text: str) -> bool:
    """Capitalised words, possibly joined by "of" or "and" ("Ministry of Trade and
    Industry"), after at most a short job title ("Chief executive Priya Raman")."""
    words = plain(text).split()
    named = [w.lstrip("(")[:1].isupper() or w in {"of", "and", "for", "or"} for w in words]
    return any(all(named[start:]) for start in range(min(3, len(named))))
