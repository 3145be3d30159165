"""Near misses: a question about someone or something the article never ties to the fact.

"how many gwh does panasonic make a year" reads close to Toyota's 9 GWh target, but the
article says that of Toyota, not of Panasonic: answering would put the article's words in
Panasonic's mouth. Such a question is declined, and the fact it came close to is shown as
what the article does say nearby, marked as not the answer.

What the question names that a fact leaves out is either one of the pack's named subjects
(a subject whose name is a proper name, "Panasonic" or "South Korea", not a topic such as
"battery production") that the fact is not about, in a reviewed pack only (`reviewed` in
pack.toml: a draft's facts' subjects are only the names their sentences hold, and a question
names what its sentence leaves to the ones around it, "when did Beyoncé ..." answered by
"... she ..."; on drafts of SQuAD articles the check turned down mostly right answers), or
a word that is not everyday English and that no fact of the pack uses at all ("nissan",
"catl"): the article never mentions it, so it cannot tie it to anything. Numbers are
values, not names, and are left to the scorer. Subjects of a group (the battery lines) are
left to the group rule of `match.py`.

An answered question is turned down for a named subject its fact is not about, and for a
word the article never uses only where the question makes it the subject of its verb: right
after an auxiliary ("how many gwh does nissan make", "when will honda release"). Anywhere
else, a word that still lets the rest of the question answer is far more often an aside ("or
is that hype"), a typo ("teh") or a unit ("in usd") than a name: declining on any such word
cost right answers on every chat set, and the subject's place cost none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from bot.engine.analyzer import Query, subject_term
from bot.engine.answer import Answer, Nearby
from bot.engine.english import is_swapped_common
from bot.engine.index import FactIndex, IndexedFact
from bot.engine.lexicon import STOPWORDS
from bot.knowledge import Pack

# A word of a proper name: it holds a capital letter ("Panasonic", "bZ4X", "METI").
_CAPITALISED = re.compile(r"[A-Z]")
# A possessive ("Japan's") describes the name that follows it, and a bracket repeats it.
_DESCRIBING = re.compile(r"'s$|\u2019s$|^\(.*\)$")


# A year, as people write one in a question about the news: "2028".
_YEAR = re.compile(r"(19|20)\d\d")

# The verbs that put the subject of a question right after them ("does nissan make").
_MODALS = ("do", "does", "did", "will", "would", "can", "could", "shall", "should", "may", "might")
AUXILIARIES = frozenset((*_MODALS, "is", "are", "was", "were", "has", "have", "had"))
# In a follow-up, the word that puts a name in the last answer's subject's place.
_IN_PLACE = frozenset(["about"])
# Shorter words are fragments ("st" of "1st", "n" of "y/n", "b" of "7b"), not names.
NAME_LENGTH = 3


def named_subjects(pack: Pack) -> frozenset[str]:
    """The pack's subjects that are names of someone or something: every word of the name
    but its stop words and possessives is capitalised. Grouped subjects are left out."""
    named = set()
    for subject_id, subject in pack.subjects.items():
        if subject.group is not None:
            continue
        words = [w for w in subject.name.split() if w.casefold() not in STOPWORDS]
        described = [w for w in words if not _DESCRIBING.search(w)] or words
        if described and all(_CAPITALISED.search(word) for word in described):
            named.add(subject_id)
    return frozenset(named)


def _named(indexes: list[FactIndex], pack_number: int) -> frozenset[str]:
    """`named_subjects` of a reviewed pack (none of a draft's, whose facts' subjects are
    only the names their sentences hold), kept by the index: a pack can have thousands of
    subjects, and every question asks. A shared pack's are kept by the shared index (the
    first), not by each server's overlay."""
    shared = indexes[0]
    index = shared if pack_number < len(shared.packs) else indexes[-1]
    found = index.named_subjects.get(pack_number)
    if found is None:
        pack = index.packs[pack_number]
        found = named_subjects(pack) if pack.pack.reviewed else frozenset()
        index.named_subjects[pack_number] = found
    return found


def never_used(term: str, indexes: list[FactIndex], pack_number: int) -> bool:
    """Whether no fact of the pack uses the term anywhere (its sentences, phrasings,
    answer): what the article never mentions."""
    for index in indexes:
        for postings in (index.strong_postings, index.weak_postings):
            found = postings.get(term)
            if found is not None and (index.pack_of[found] == pack_number).any():
                return False
    return True


def unknown_names(query: Query, indexes: list[FactIndex], pack_number: int) -> list[str]:
    """The question's terms that are names the pack never mentions: words that are not
    everyday English (`Query.rare`), no number, fragment or slip of an everyday word, used
    by none of the pack's facts."""
    typed = {word_stem: word for word, word_stem in query.spelled}
    return [
        term
        for term in query.terms
        if term in query.rare
        and len(term) >= NAME_LENGTH
        and not term.isdigit()
        and term[0] not in "@~"
        and not _slip(typed.get(term, term), query)
        and never_used(term, indexes, pack_number)
    ]


def left_out(
    query: Query, entry: IndexedFact, indexes: list[FactIndex], unknown: bool = True
) -> list[str]:
    """What the question names that the fact does not tie to it (see the module's
    docstring), as terms of the question; empty when the fact covers every name. With
    `unknown` false, only the pack's named subjects count."""
    named = _named(indexes, entry.pack_number)
    subjects = [
        subject_term(s)
        for s in sorted(query.subjects)
        if s in named and subject_term(s) not in entry.strong
    ]
    if not unknown:
        return subjects
    return subjects + unknown_names(query, indexes, entry.pack_number)


def _slip(word: str, query: Query) -> bool:
    """Whether the word is a slip of an everyday one ("teh"); not one typed with capitals,
    which is a name ("AMD", not "mad")."""
    return word not in query.capitalised and is_swapped_common(word)


def without(query: Query, terms: list[str]) -> Query:
    """The question as if it had not named `terms`: what it asks about whoever it asks."""
    gone = set(terms)
    return replace(
        query,
        terms=tuple(t for t in query.terms if t not in gone),
        subjects=frozenset(s for s in query.subjects if subject_term(s) not in gone),
        rare=query.rare - gone,
    )


def naming(query: Query, terms: list[str], pack: Pack) -> str:
    """How to say what the question named: a subject by its name, other words as typed
    (neighbouring ones together, "samsung sdi")."""
    parts = [
        pack.subjects[t[1:]].name for t in terms if t.startswith("@") and t[1:] in pack.subjects
    ]
    raw = {t for t in terms if not t.startswith("@")}
    run: list[str] = []
    for word, word_stem in (*query.spelled, ("", "")):
        if word_stem in raw:
            run.append(word)
        elif run:
            parts.append(" ".join(run))
            run = []
    return " and ".join(dict.fromkeys(parts))


def near_miss(
    queries: list[Query],
    answered: IndexedFact | None,
    indexes: list[FactIndex],
    best_without: Callable[[list[Query]], IndexedFact | None],
    typed: list[Query] | None = None,
) -> tuple[IndexedFact, str] | None:
    """The fact a question came close to and how to say what it named that the fact is not
    about, or None when the question is no near miss.

    An answered question (`answered`) is a near miss when it names what its fact leaves
    out. A declined one is when, read without the names it holds, it is answered
    (`best_without`, given the queries read so) by a fact that leaves some of them out.
    `typed`: what the member typed, when `queries` read it completed from context ("what
    about nissan" with the last answer's subject): only its names count.
    """
    own = typed or queries
    if answered is not None:
        query = own[answered.pack_number]
        # A follow-up names who it asks about after "about" too ("what about nissan" after
        # the range), in the last answer's subject's place.
        placed = AUXILIARIES | _IN_PLACE if typed else AUXILIARIES
        unknown = unknown_names(query, indexes, answered.pack_number)
        names = (
            left_out(query, answered, indexes, unknown=False)
            or subjects_of_verbs(query, unknown, placed)
            or years_left_out(query, answered, indexes)
        )
        return (answered, naming(query, names, answered.pack)) if names else None
    named = [names_in(query, indexes, number) for number, query in enumerate(own)]
    if not any(named):
        return None
    close = best_without(
        [without(query, names) for query, names in zip(queries, named, strict=True)]
    )
    if close is None:
        return None
    query = own[close.pack_number]
    names = left_out(query, close, indexes)
    return (close, naming(query, names, close.pack)) if names else None


def years_left_out(query: Query, entry: IndexedFact, indexes: list[FactIndex]) -> list[str]:
    """The years the question asks about that the article gives nothing the fact is about
    ("how many gwh in 2028" of a target the article gives no year): it doesn't say it of
    that year. A year of another fact on the same subjects is theirs ("the performance
    batteries' range in 2026", their release year). Not of a date, which answers a question
    about the wrong year."""
    years = [word for word, _ in query.spelled if _YEAR.fullmatch(word)]
    if not years or entry.fact.kind == "date":
        return []
    about = set(entry.fact.subjects)
    for index in indexes:
        for postings in (index.strong_postings, index.weak_postings):
            for year in years:
                holding = (index.facts[number] for number in postings.get(year, ()))
                if any(
                    other.pack.id == entry.pack.id
                    and (other is entry or about & set(other.fact.subjects))
                    for other in holding
                ):
                    return []
    return years


def subjects_of_verbs(
    query: Query, unknown: list[str], after: frozenset[str] = AUXILIARIES
) -> list[str]:
    """The unknown names the question makes the subject of its verb: those typed right after
    an auxiliary (or another word of `after`), and the unknown words that follow them ("does
    samsung sdi make")."""
    found: list[str] = []
    for (before, before_stem), (_, word_stem) in itertools.pairwise(query.spelled):
        if word_stem in unknown and (before in after or before_stem in found):
            found.append(word_stem)
    return list(dict.fromkeys(found))


def names_in(query: Query, indexes: list[FactIndex], pack_number: int) -> list[str]:
    """Every name the question holds, as the pack reads it: its named subjects and the
    names it never mentions."""
    named = _named(indexes, pack_number)
    subjects = [subject_term(s) for s in sorted(query.subjects) if s in named]
    return subjects + unknown_names(query, indexes, pack_number)


def declined_near(answer: Answer, entry: IndexedFact, named: str) -> Answer:
    """The answer turned into a decline that shows the fact it came close to as nearby,
    its confidence kept and that fact no longer among the suggestions."""
    fact = entry.fact
    nearby = Nearby(
        named=named,
        fact_id=fact.id,
        question=fact.question,
        answer=fact.answer,
        sources=list(fact.sources),
    )
    return Answer(
        question=answer.question,
        answered=False,
        confidence=answer.confidence,
        suggestions=[s for s in answer.suggestions if s.fact_id != fact.id],
        nearby=nearby,
    )
