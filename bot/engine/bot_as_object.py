"""Messages about the bot told by their grammar: "did toyota make you?" asks who made the
bot, whatever else it names; "or do i just type?" asks how to use it.

A clause (split at punctuation and at "and", "or", "but") that ends with the bot as the
object of a making verb ("make you", "programmed u") asks who made it; one with the member
("i") that ends with a verb of using the bot ("type", "ask", "use"), and says nothing of the
articles besides, asks how to use it. The verbs are the lemmas of the verbs in the
`who_made_you` and `help` phrases (`small_talk.toml`): data, not a list here. Neither reading
holds where another clause asks something ("who made you, and when is it out") or names
something of the articles ("can i ask a question? how much is japan investing").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lemminflect import getAllLemmas

from bot.engine.lexicon import ASKING, NOISE

# Where a clause ends: punctuation, or a conjunction that starts another.
_CLAUSE_END = re.compile(r"[,.!?;:]+|\b(?:and|or|but)\b")
# "who are you", "what do you do": auxiliaries make nobody.
_AUXILIARIES = frozenset(["be", "do", "have"])
# "how much will it run you": a cost, not who runs the bot.
_NOT_MAKING = frozenset(["run"])

# Reads a text as FactBot's small talk does: its words, chat spellings written out.
Reader = Callable[[str], list[str]]
# Whether a text says anything the articles know of (with `names_only`, only their names).
AboutArticles = Callable[[str, bool], bool]


def verb_lemmas(word: str) -> frozenset[str]:
    """The word's lemmas as a verb ("made": "make"); none for an auxiliary or a word that is
    no verb."""
    return frozenset(getAllLemmas(word, upos="VERB").get("VERB", ())) - _AUXILIARIES


def making_verbs(phrases: list[list[str]]) -> frozenset[str]:
    """The lemmas of the verbs that take "you" at the end of the phrases ("who made you")."""
    found = {
        lemma
        for said in phrases
        if said[-2:-1] and said[-1] == "you"
        for lemma in verb_lemmas(said[-2])
    }
    return frozenset(found - _NOT_MAKING)


def using_verbs(phrases: list[list[str]]) -> frozenset[str]:
    """The lemmas of the verbs that end the phrases with "i" ("what do i type")."""
    return frozenset(lemma for said in phrases if "i" in said for lemma in verb_lemmas(said[-1]))


def clauses(message: str, read: Reader, fillers: frozenset[str]) -> list[tuple[str, list[str]]]:
    """The message's clauses, each as written and as its words but chat noise and fillers."""
    noise = NOISE | fillers - {"you"}
    found = []
    for clause in _CLAUSE_END.split(message):
        said = [word for word in read(clause) if word not in noise]
        if said:
            found.append((clause, said))
    return found


def asks_who_made_the_bot(
    parts: list[tuple[str, list[str]]], making: frozenset[str], about: AboutArticles
) -> bool:
    """Whether a clause ends with the bot as the object of a making verb, and no other asks
    or names anything ("can toyota build you a car" holds "you" mid-clause: no)."""
    for number, (_, said) in enumerate(parts):
        if said[-1] == "you" and len(said) >= 2 and verb_lemmas(said[-2]) & making:
            return _nothing_else(parts, number, about)
    return False


def asks_how_to_use_the_bot(
    parts: list[tuple[str, list[str]]], using: frozenset[str], about: AboutArticles
) -> bool:
    """Whether a clause has the member and ends with a verb of using the bot, says nothing of
    the articles besides, and no other clause asks or names anything ("which battery type
    should i use": the battery varieties)."""
    for number, (_, said) in enumerate(parts):
        if "i" in said and verb_lemmas(said[-1]) & using:
            if about(" ".join(said[:-1]), False):
                return False
            return _nothing_else(parts, number, about)
    return False


def _nothing_else(parts: list[tuple[str, list[str]]], chosen: int, about: AboutArticles) -> bool:
    """Whether no clause but the chosen one asks something or names the articles' own."""
    return not any(
        ASKING.intersection(said) or about(clause, True)
        for number, (clause, said) in enumerate(parts)
        if number != chosen
    )
