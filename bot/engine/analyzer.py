"""Reading a question the way the packs speak: words -> corrected words -> stems -> terms.

A term is a stem ("bz4x"), a vocabulary concept ("~release") or a subject ("@solid-state").
Phrases from the packs' vocabulary and subject aliases are matched longest first, so
"high performance" is one subject and "come out" one concept. Cue phrases ("how far") tell
which kinds of answer a question asks for.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.english import is_common
from bot.engine.lexicon import NOISE, STOPWORDS
from bot.engine.normalize import clean, stem, words
from bot.engine.spelling import Speller
from bot.knowledge import Pack

Phrase = tuple[str, ...]
# A phrase found in a text: where it starts, its stems, and the terms (or kinds) it stands for.
Match = tuple[int, Phrase, set[str]]

_CLAUSE_END = re.compile(r"[,.!?;:]+")
_TYPED_WORD = re.compile(r"[^\W\d_]+")
# How many questions' readings an analyzer keeps (`Analyzer.read_question`).
RECENT_READINGS = 4
_STOP_STEMS = frozenset(stem(word) for word in STOPWORDS)
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Query:
    """What a question is about, as one pack read it."""

    terms: tuple[str, ...]
    kinds: frozenset[str]
    subjects: frozenset[str]
    rare: frozenset[str] = frozenset()
    # Names of other packs' subjects in the question that this pack never uses: the
    # question is about something this pack's article does not cover.
    unknown_names: int = 0
    # The question's words after spelling correction, each with its stem: what the fitted
    # scorer weighs by English word frequency (`evidence.question_weights`).
    spelled: tuple[tuple[str, str], ...] = ()
    # The words typed with a capital letter, casefolded ("AMD"): names, whatever they spell.
    capitalised: frozenset[str] = frozenset()


def subject_term(subject_id: str) -> str:
    return f"@{subject_id}"


def concept_term(concept: str) -> str:
    return f"~{concept}"


def _phrase(text: str) -> Phrase:
    """A pack phrase's stems; none when reading it as a question is read would drop a word
    of it as chat noise ("hi performance", "how quick"): what is left ("performance", "how")
    would stand for the phrase wherever it is said (`PackReading.rewritten` reads it)."""
    if not NOISE.isdisjoint(clean(text).split()):
        return ()
    return tuple(stem(word) for word in words(text))


def _lengths_by_first(table: dict[Phrase, set[str]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for phrase in table:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


class PackReading:
    """How one pack reads text: its vocabulary, its subjects' names and its question cues.

    Each pack reads with its own tables only, so another pack's synonyms or longer phrases
    never change the terms a question has for this one. (Another pack's names do count, on
    purpose: see `Analyzer.read_question`.)
    """

    def __init__(self, pack: Pack) -> None:
        self.phrases: dict[Phrase, set[str]] = {}
        self.cues: dict[Phrase, set[str]] = {}
        # Phrases with a chat-noise word ("hi performance", "how quick"), which a question
        # loses before it is read: where one is typed, the question says what it means.
        self.noisy: list[tuple[re.Pattern[str], str]] = []
        for concept, phrases in pack.vocabulary.items():
            name = concept.replace("-", " ")
            for text in [name, *phrases]:
                self._learn(self.phrases, text, concept_term(concept), name)
        for subject_id, subject in pack.subjects.items():
            for text in [subject.name, *subject.aliases]:
                self._learn(self.phrases, text, subject_term(subject_id), subject.name)
        for kind, answer_kind in pack.kinds.items():
            plain = [cue for cue in answer_kind.cues if _phrase(cue)]
            for text in answer_kind.cues:
                self._learn(self.cues, text, kind, plain[0] if plain else "")
        # For each table, the phrase lengths that start with a given stem, longest first: most
        # words start no phrase, and then one lookup settles it.
        self.phrase_lengths = _lengths_by_first(self.phrases)
        self.cue_lengths = _lengths_by_first(self.cues)

    def _learn(self, table: dict[Phrase, set[str]], text: str, value: str, meaning: str) -> None:
        phrase = _phrase(text)
        if phrase:
            _add(table, phrase, value)
        elif not words(text):
            return  # a phrase of noise alone ("ok") is noise
        elif _phrase(meaning):
            self.noisy.append(
                (re.compile(rf"(?<!\S){re.escape(clean(text))}(?!\S)"), clean(meaning))
            )
        else:
            # Its meaning is as noisy ("Isle of Man"): what is left is all there is to read.
            _add(table, tuple(stem(word) for word in words(text)), value)

    def rewritten(self, text: str) -> str | None:
        """The question's text with the pack's noisy phrases said as they mean, clause by
        clause ("hi performance": "high performance"; not "hi, performance ..."), or None
        when it holds none."""
        if not self.noisy:
            return None
        clauses = [clean(clause) for clause in _CLAUSE_END.split(text)]
        meant = []
        for clause in clauses:
            for noisy, meaning in self.noisy:
                clause = noisy.sub(meaning, clause)
            meant.append(clause)
        return " , ".join(meant) if meant != clauses else None

    def matches(self, stems: list[str]) -> list[Match]:
        return _scan(stems, self.phrases, self.phrase_lengths)

    def kinds(self, stems: list[str]) -> frozenset[str]:
        found = _scan(stems, self.cues, self.cue_lengths)
        return frozenset(value for _, _, values in found for value in values)

    def terms(self, stems: list[str], matches: list[Match]) -> list[str]:
        """The stems outside the matches (but stop words) and the terms the matches stand
        for, in the order of the text."""
        terms: list[str] = []
        position = 0
        for start, phrase, values in matches:
            terms += [s for s in stems[position:start] if s not in _STOP_STEMS]
            terms += sorted(values)
            position = start + len(phrase)
        terms += [s for s in stems[position:] if s not in _STOP_STEMS]
        return terms


def _add(table: dict[Phrase, set[str]], phrase: Phrase, value: str) -> None:
    if phrase:
        table.setdefault(phrase, set()).add(value)


class Analyzer:
    """Turns text into terms, pack by pack, each pack with its own words and phrases."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self.readings = [PackReading(pack) for pack in packs]
        self.subject_groups = {
            subject_id: subject.group
            for pack in packs
            for subject_id, subject in pack.subjects.items()
            if subject.group is not None
        }
        self.spellers = [Speller(pack) for pack in packs]
        # The last few questions read and their readings: a question is read several times
        # (alone, completed from context, by the near-miss and small-talk checks).
        self._recent: dict[str, list[Query]] = {}

    def extended(self, packs: Sequence[Pack]) -> Analyzer:
        """This analyzer with more packs after its own: their tables are built, its own are
        shared, so a server's few facts cost no re-reading of the shipped packs."""
        more = Analyzer(packs)
        extended = copy.copy(self)
        extended.readings = self.readings + more.readings
        extended.spellers = self.spellers + more.spellers
        extended.subject_groups = self.subject_groups | more.subject_groups
        extended._recent = {}
        return extended

    def read_question(self, text: str) -> list[Query]:
        """A user's question as each pack reads it (in the packs' order), typos corrected
        towards that pack's words.

        Two things look across packs, on purpose, since a name is never an everyday word:
        a word that is part of any pack's subject name counts as rare for every pack
        ("Performance" is a name to the Toyota pack, so the ferry pack does not take it for
        an everyday word it may ignore); and another pack's subject whose words this pack
        never uses costs this pack's facts the missing-subject penalty (`unknown_names`), as
        the question is about something its article does not cover.
        """
        found = self._recent.get(text)
        if found is not None:
            return found
        read = self._read_question(text)
        recent = self._recent
        if len(recent) >= RECENT_READINGS:
            recent = self._recent = {}  # a new dict, not a clear: other threads read it
        recent[text] = read
        return read

    def _read_question(self, text: str) -> list[Query]:
        said = words(text)
        capitalised = frozenset(
            word.casefold() for word in _TYPED_WORD.findall(text) if not word.islower()
        )
        read: list[tuple[PackReading, Speller, list[str], list[str], list[Match], set[Phrase]]]
        read = []
        typed = {stem(word) for word in said}
        rare: set[str] = set()
        names: set[Phrase] = set()
        for reading, speller in zip(self.readings, self.spellers, strict=True):
            meant = reading.rewritten(text)
            own_said = said if meant is None else words(meant)
            corrected = speller.corrected(own_said)
            stems = [stem(word) for word in corrected]
            matches = reading.matches(stems)
            own_names = {
                _content(phrase)
                for _, phrase, values in matches
                if any(value.startswith("@") for value in values)
            }
            rare.update(stem(word) for word in corrected if not is_common(word))
            rare.update(stem_ for name in own_names for stem_ in name)
            # Another pack's name counts as one only as typed: each pack corrects typos
            # towards its own names, so "Kedadre" would be "Kedadri" to one pack and
            # "Kedadro" to the next, and every pack's near-namesake would count.
            said_here = typed if meant is None else typed | {stem(word) for word in own_said}
            names |= {name for name in own_names if said_here.issuperset(name)}
            read.append((reading, speller, corrected, stems, matches, own_names))
        queries = []
        for reading, speller, corrected, stems, matches, own_names in read:
            terms = reading.terms(stems, matches)
            unknown = [name for name in names - own_names if not all(map(speller.knows_stem, name))]
            queries.append(
                Query(
                    terms=tuple(dict.fromkeys(terms)),
                    kinds=reading.kinds(stems),
                    subjects=frozenset(t[1:] for t in terms if t.startswith("@")),
                    rare=frozenset(rare.intersection(terms)),
                    unknown_names=len(unknown),
                    spelled=tuple(zip(corrected, stems, strict=True)),
                    capitalised=capitalised,
                )
            )
        return queries

    def read_pack_text(
        self, text: str, pack_number: int, cues: bool = True
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The terms and cue kinds of a pack's own text (a phrasing, an answer, a quote) as
        that pack reads it; its own text needs no spelling correction, and an answer or a
        quote asks nothing (`cues=False`)."""
        reading = self.readings[pack_number]
        meant = reading.rewritten(text)
        stems = [stem(word) for word in words(text if meant is None else meant)]
        terms = frozenset(reading.terms(stems, reading.matches(stems)))
        return terms, reading.kinds(stems) if cues else _NOTHING


def _scan(
    stems: list[str], table: dict[Phrase, set[str]], lengths: dict[str, tuple[int, ...]]
) -> list[Match]:
    """Longest-first phrase matches of `table` over `stems`, left to right."""
    found: list[Match] = []
    end = 0
    for position, first in enumerate(stems):
        if position < end or first not in lengths:
            continue
        for length in lengths[first]:
            phrase = tuple(stems[position : position + length])
            values = table.get(phrase)
            if values is not None:
                found.append((position, phrase, values))
                end = position + length
                break
    return found


def _content(phrase: Phrase) -> tuple[str, ...]:
    """The stems of a phrase that say something (its stop words left out)."""
    return tuple(s for s in phrase if s not in _STOP_STEMS)
