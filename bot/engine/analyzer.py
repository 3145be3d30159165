"""Reading a question the way the packs speak: words -> corrected words -> stems -> terms.

A term is a stem ("bz4x"), a vocabulary concept ("~release") or a subject ("@solid-state").
Phrases from the packs' vocabulary and subject aliases are matched longest first, so
"high performance" is one subject and "come out" one concept. Cue phrases ("how far") tell
which kinds of answer a question asks for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.english import is_common, is_english
from bot.engine.lexicon import COMMON_WORDS, STOPWORDS
from bot.engine.normalize import stem, word_counts, words
from bot.knowledge import Pack

Phrase = tuple[str, ...]
# A phrase found in a text: where it starts, its stems, and the terms (or kinds) it stands for.
Match = tuple[int, Phrase, set[str]]

_STOP_STEMS = frozenset(stem(word) for word in STOPWORDS)
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Query:
    """What a question is about, as the analyzer read it."""

    terms: tuple[str, ...]
    kinds: frozenset[str]
    subjects: frozenset[str]
    rare: frozenset[str] = frozenset()
    # For each concept or subject term, the content stems of the words it was read from: a
    # pack that does not know the concept reads those words instead.
    origins: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_read_by(self, own: frozenset[str]) -> Query:
        """The question as a pack that defines only the concepts and subjects `own` reads
        it: another pack's concept becomes its words again; another pack's subject becomes
        its words, which count as rare (a name is never an everyday word)."""
        foreign = {term: stems for term, stems in self.origins if term not in own}
        if not foreign:
            return self
        terms: list[str] = []
        rare = set(self.rare)
        for term in self.terms:
            if term not in foreign:
                terms.append(term)
                continue
            terms.extend(foreign[term])
            if term.startswith("@"):
                rare.update(foreign[term])
        return Query(
            terms=tuple(dict.fromkeys(terms)),
            kinds=self.kinds,
            subjects=frozenset(s for s in self.subjects if subject_term(s) in own),
            rare=frozenset(rare),
        )


def subject_term(subject_id: str) -> str:
    return f"@{subject_id}"


def concept_term(concept: str) -> str:
    return f"~{concept}"


def _phrase(text: str) -> Phrase:
    return tuple(stem(word) for word in words(text))


def _lengths_by_first(table: dict[Phrase, set[str]]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for phrase in table:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


class Analyzer:
    """Turns text into terms using the packs' vocabulary, subjects and question cues."""

    def __init__(self, packs: Sequence[Pack]) -> None:
        self._phrases: dict[Phrase, set[str]] = {}
        self._cues: dict[Phrase, set[str]] = {}
        self.subject_groups: dict[str, str] = {}
        for pack in packs:
            self._learn_pack(pack)
        # For each table, the phrase lengths that start with a given stem, longest first: most
        # words start no phrase, and then one lookup settles it.
        self._phrase_lengths = _lengths_by_first(self._phrases)
        self._cue_lengths = _lengths_by_first(self._cues)
        self._known_words = self._spelling_vocabulary(packs)
        self._known_set = frozenset(self._known_words)
        self._two_word_phrases = self._phrases_of_two_words(packs)
        self._two_word_spellings = list(self._two_word_phrases)

    def _learn_pack(self, pack: Pack) -> None:
        for concept, phrases in pack.vocabulary.items():
            for text in [concept.replace("-", " "), *phrases]:
                self._add(self._phrases, _phrase(text), concept_term(concept))
        for subject_id, subject in pack.subjects.items():
            for text in [subject.name, *subject.aliases]:
                self._add(self._phrases, _phrase(text), subject_term(subject_id))
            if subject.group is not None:
                self.subject_groups[subject_id] = subject.group
        for kind, answer_kind in pack.kinds.items():
            for text in answer_kind.cues:
                self._add(self._cues, _phrase(text), kind)

    @staticmethod
    def _add(table: dict[Phrase, set[str]], phrase: Phrase, value: str) -> None:
        if phrase:
            table.setdefault(phrase, set()).add(value)

    @staticmethod
    def _spelling_vocabulary(packs: Sequence[Pack]) -> list[str]:
        """Every word the packs use plus common English, most frequent first."""
        counts: Counter[str] = Counter()
        for pack in packs:
            texts: list[str] = [pack.article_text]
            for fact in pack.facts:
                texts += [*fact.all_questions, fact.answer]
            for subject in pack.subjects.values():
                texts += [subject.name, *subject.aliases]
            for phrases in pack.vocabulary.values():
                texts += phrases
            for kind in pack.kinds.values():
                texts += kind.cues
            # One pass over all the pack's text: far faster than text by text.
            counts.update(word_counts("\n".join(texts)))
        counts.update(COMMON_WORDS)
        return [word for word, _ in counts.most_common()]

    @staticmethod
    def _phrases_of_two_words(packs: Sequence[Pack]) -> dict[str, list[str]]:
        """Two-word aliases and synonyms by their spelling, for correcting 'solid stat'."""
        found: dict[str, list[str]] = {}
        for pack in packs:
            texts = [text for phrases in pack.vocabulary.values() for text in phrases]
            texts += [alias for subject in pack.subjects.values() for alias in subject.aliases]
            for text in texts:
                pair = words(text)
                if len(pair) == 2:
                    found[" ".join(pair)] = pair
        return found

    def correct(self, word: str) -> list[str]:
        """The word, or its correction when it is a likely typo of a pack's word.

        Real English words are left alone: "stake" is not a typo of "state".
        """
        if (
            word in self._known_set
            or len(word) < 4
            or any(ch.isdigit() for ch in word)
            or is_english(word)
        ):
            return [word]
        limit = 1 if len(word) <= 5 else 2
        match = process.extractOne(word, self._known_words, scorer=OSA.distance, score_cutoff=limit)
        if match is not None:
            return [match[0]]
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in self._known_set and tail in self._known_set:
                return [head, tail]
        return [word]

    def correct_pairs(self, word_list: list[str]) -> list[str]:
        """Mend a typo inside a two-word phrase ("solid stat" -> "solid state")."""
        mended: list[str] = []
        position = 0
        while position < len(word_list):
            pair = " ".join(word_list[position : position + 2])
            unknown = any(w not in self._known_set for w in word_list[position : position + 2])
            if position + 1 < len(word_list) and unknown and pair not in self._two_word_phrases:
                match = process.extractOne(
                    pair, self._two_word_spellings, scorer=OSA.distance, score_cutoff=1
                )
                if match is not None:
                    mended.extend(self._two_word_phrases[match[0]])
                    position += 2
                    continue
            mended.append(word_list[position])
            position += 1
        return mended

    def read_question(self, text: str) -> Query:
        """Analyse a user's question, correcting typos first."""
        corrected = [fixed for word in words(text) for fixed in self.correct(word)]
        rare = frozenset(stem(word) for word in corrected if not is_common(word))
        return self._read(self.correct_pairs(corrected), rare)

    def read_known_text(self, text: str, cues: bool = True) -> Query:
        """Analyse the pack's own text, which needs no spelling correction (nor a reading of
        its question cues, for an answer or a quote: `cues=False`)."""
        return self._read(words(text), cues=cues)

    def read_pack_text(
        self, text: str, own: frozenset[str], cues: bool = True
    ) -> tuple[frozenset[str], frozenset[str]]:
        """The terms and cue kinds of a pack's own text as that pack reads it: what
        `read_known_text(text, cues).as_read_by(own)` gives, without building two Query
        objects per text (indexing 100,000 facts reads half a million texts)."""
        stems = [stem(word) for word in words(text)]
        matches = self._scan(stems, self._phrases, self._phrase_lengths)
        terms = set(_unmatched(stems, matches)) if matches else set(stems)
        terms.difference_update(_STOP_STEMS)
        # Another pack's concept or subject becomes the words of its last reading, as in
        # `Query.as_read_by`.
        foreign: dict[str, tuple[str, ...]] = {}
        for _, phrase, values in matches:
            for value in values:
                if value in own:
                    terms.add(value)
                else:
                    foreign[value] = _content(phrase)
        for content in foreign.values():
            terms.update(content)
        kinds = self._kinds(stems) if cues else _NOTHING
        return frozenset(terms), kinds

    def _kinds(self, stems: list[str]) -> frozenset[str]:
        found = self._scan(stems, self._cues, self._cue_lengths)
        return frozenset(value for _, _, values in found for value in values)

    def _read(
        self, word_list: Iterable[str], rare: frozenset[str] = frozenset(), cues: bool = True
    ) -> Query:
        stems = [stem(word) for word in word_list]
        terms, origins = self._terms(stems)
        return Query(
            terms=tuple(terms),
            kinds=self._kinds(stems) if cues else frozenset(),
            subjects=frozenset(term[1:] for term in terms if term.startswith("@")),
            rare=rare & set(terms),
            origins=origins,
        )

    def _terms(self, stems: list[str]) -> tuple[list[str], tuple[tuple[str, tuple[str, ...]], ...]]:
        terms: list[str] = []
        origins: list[tuple[str, tuple[str, ...]]] = []
        position = 0
        for start, phrase, values in self._scan(stems, self._phrases, self._phrase_lengths):
            terms += [s for s in stems[position:start] if s not in _STOP_STEMS]
            for value in sorted(values):
                terms.append(value)
                origins.append((value, _content(phrase)))
            position = start + len(phrase)
        terms += [s for s in stems[position:] if s not in _STOP_STEMS]
        return terms, tuple(origins)

    @staticmethod
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
    """The stems of a phrase that say something: what another pack reads instead."""
    return tuple(s for s in phrase if s not in _STOP_STEMS)


def _unmatched(stems: list[str], matches: list[Match]) -> list[str]:
    """The stems outside every match."""
    left: list[str] = []
    position = 0
    for start, phrase, _ in matches:
        left += stems[position:start]
        position = start + len(phrase)
    return left + stems[position:]
