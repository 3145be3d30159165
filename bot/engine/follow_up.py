"""A follow-up question: what it leaves out comes from the answer it follows.

"and the range?" after an answer about the Performance battery asks for the Performance
battery's range: the question names a kind of answer but no subject, so it inherits the
subject. "what about the popularization one?" after a range names a subject but no kind, so
it inherits the kind. A question that names both is asked as it is. The question is read
with the missing words added from the previous fact (its subjects' names, its kind's first
cue), and that reading is used when it answers and the question alone does not, or does
less confidently; or when the question points back at what was said ("how fast does it
charge"): a word such as "it" asks about the last answer's subject even where the
question alone reads as confidently about another. Context that only gives the last answer
again is not taken when the question alone answers something else.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.engine.analyzer import Query
from bot.engine.answer import Answer
from bot.knowledge import Fact, Pack

# Words that point back at what was said before. ("the popularization one" names another
# subject in the last one's place: not pointing back.)
POINTING_BACK = frozenset(["it", "its", "that", "this", "they", "them", "their", "those", "these"])
# Openings that carry on from what was said ("and the range?", "what about nissan?").
CARRYING_ON = (("and",), ("what", "about"), ("how", "about"), ("also",))


@dataclass(frozen=True)
class Context:
    """What a follow-up may inherit: the previous answer's fact and its pack."""

    fact: Fact
    pack: Pack


def completed(question: str, query: Query, context: Context, pointing: bool) -> str | None:
    """The question with what it leaves out added from the context; None when it leaves
    out nothing the context has. A question that points back ("is there a timeline for
    that") is about the context's subjects even where it names a subject of its own."""
    fact, pack = context.fact, context.pack
    added: list[str] = []
    if not query.subjects or pointing:
        added += [
            pack.subjects[s].name
            for s in fact.subjects
            if s in pack.subjects and s not in query.subjects
        ]
    kind = pack.kinds.get(fact.kind)
    if not query.kinds and kind is not None and kind.cues:
        added.append(kind.cues[0])
    return f"{question} ({' '.join(added)})" if added else None


def understood(fact: Fact, pack: Pack) -> str:
    """What a follow-up was taken to ask, said before its answer: "Performance, range"."""
    names = [pack.subjects[s].name for s in fact.subjects if s in pack.subjects]
    about = " and ".join(names) if names else pack.pack.title
    return f"{about}, {fact.kind.replace('-', ' ')}"


@dataclass(frozen=True)
class Reading:
    """What a question's words say about how it follows the last answer."""

    points_back: bool  # "how fast does it charge"
    carries_on: bool  # "and ...", "what about ..."
    says_something: bool  # a word or a kind of answer of its own: not "what?", "lol", "😀"


def reading(queries: list[Query]) -> Reading:
    """How the question, as the packs read it, follows the last answer."""
    said = [tuple(word for word, _ in query.spelled) for query in queries]
    return Reading(
        points_back=any(word in POINTING_BACK for words in said for word in words),
        carries_on=any(
            words[: len(opening)] == opening for words in said for opening in CARRYING_ON
        ),
        says_something=any(query.terms or query.kinds for query in queries),
    )


def takes_context(followed: Answer, alone: Answer, after: str, read: Reading) -> bool:
    """Whether the question's answer is its reading with the context (`followed`) rather
    than alone (`alone`, conversation where it means that).

    A reading with context that is declined is taken only where it is a near miss ("what
    about nissan": the article says it of Toyota) and alone the question is not answered.
    One that gives the last answer (`after`) again only where alone the question is not
    answered and says something of its own ("in km?", "says who"; not "lol"). Otherwise:
    always where alone it is not answered; never where it answers the same alone; else
    where it points back, carries on, or alone answers less confidently (no context to
    assume)."""
    if not followed.answered:
        return followed.nearby is not None and not alone.answered
    if followed.fact_id == after:
        return not alone.answered and read.says_something
    if not alone.answered:
        return True
    if followed.fact_id == alone.fact_id:
        return False
    return read.points_back or read.carries_on or alone.confidence < followed.confidence
