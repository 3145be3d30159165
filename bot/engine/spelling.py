"""Correcting typos in a question towards one pack's words ("solid stat" -> "solid state").

Each pack corrects towards its own words, so another pack's vocabulary never changes what a
question says to this one ("carmakers" stays a typo of "car makers" for a pack that does not
know the word, whatever other packs know).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.english import is_english
from bot.engine.lexicon import COMMON_WORDS
from bot.engine.normalize import stem, word_counts, words
from bot.knowledge import Pack

CORRECTIONS_KEPT = 4096
# Shorter words are never corrected: too many words are one edit from them.
SHORTEST_CORRECTED = 4


class Speller:
    """One pack's words, most frequent first, and its two-word phrases."""

    def __init__(self, pack: Pack) -> None:
        self._known_words = self._vocabulary(pack)
        self._known_set = frozenset(self._known_words)
        self._two_word_phrases = self._phrases_of_two_words(pack)
        self._two_word_spellings = list(self._two_word_phrases)
        self._corrections: dict[str, tuple[str, ...]] = {}
        self._pair_corrections: dict[str, tuple[str, ...]] = {}
        self._phrase_words = frozenset(w for pair in self._two_word_phrases.values() for w in pair)
        # Stems of the pack's words, for telling whether a question names another pack's
        # subject: built here (some 20 ms at 100,000 facts), not in the first such question.
        self._known_stems = frozenset(stem(word) for word in self._known_set)
        self._near_length = self._words_near_length(self._known_words)

    def knows_stem(self, word_stem: str) -> bool:
        return word_stem in self._known_stems

    def corrected(self, said: list[str]) -> list[str]:
        """The words of a question, each typo corrected, then typos inside two-word phrases."""
        fixed: list[str] = []
        for word in said:
            found = self._corrections.get(word)
            if found is None:
                # The same typos come back question after question, and each pack looks
                # for them: remember a bounded number of answers.
                if len(self._corrections) >= CORRECTIONS_KEPT:
                    self._corrections.clear()
                found = self._corrections[word] = tuple(self.correct(word))
            fixed.extend(found)
        return self.correct_pairs(fixed)

    @staticmethod
    def _vocabulary(pack: Pack) -> list[str]:
        """Every word the pack uses plus common English, most frequent first."""
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
        counts = Counter(word_counts("\n".join(texts)))
        counts.update(COMMON_WORDS)
        return [word for word, _ in counts.most_common()]

    @staticmethod
    def _phrases_of_two_words(pack: Pack) -> dict[str, list[str]]:
        """Two-word aliases and synonyms by their spelling, for correcting 'solid stat'."""
        found: dict[str, list[str]] = {}
        texts = [text for phrases in pack.vocabulary.values() for text in phrases]
        texts += [alias for subject in pack.subjects.values() for alias in subject.aliases]
        for text in texts:
            pair = words(text)
            if len(pair) == 2:
                found[" ".join(pair)] = pair
        return found

    def correct(self, word: str) -> list[str]:
        """The word, or its correction when it is a likely typo of one of the pack's words.

        Real English words are left alone: "stake" is not a typo of "state".
        """
        if (
            word in self._known_set
            or len(word) < SHORTEST_CORRECTED
            or any(ch.isdigit() for ch in word)
            or is_english(word)
        ):
            return [word]
        limit = _edits_allowed(len(word))
        near = self._near_length.get(len(word), [])
        match = process.extractOne(word, near, scorer=OSA.distance, score_cutoff=limit)
        if match is not None:
            return [match[0]]
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            if head in self._known_set and tail in self._known_set:
                return [head, tail]
        return [word]

    @staticmethod
    def _words_near_length(known_words: list[str]) -> dict[int, list[str]]:
        """For each length of word `correct` looks at, the words a typo of that length can
        be of (as many edits longer or shorter as it allows), most frequent first, so that
        the same correction wins a tie as over all the words."""
        near: dict[int, list[str]] = defaultdict(list)
        for known in known_words:
            for length in range(max(SHORTEST_CORRECTED, len(known) - 2), len(known) + 3):
                if abs(len(known) - length) <= _edits_allowed(length):
                    near[length].append(known)
        return dict(near)

    def correct_pairs(self, word_list: list[str]) -> list[str]:
        """Mend a typo inside a two-word phrase ("solid stat" -> "solid state")."""
        mended: list[str] = []
        position = 0
        while position < len(word_list):
            pair = " ".join(word_list[position : position + 2])
            # Half of a two-word phrase and another word ("solid stat"): a pair without a
            # phrase's word is no typo of a phrase.
            known = [w in self._phrase_words for w in word_list[position : position + 2]]
            half_known = any(known) and not all(known)
            if position + 1 < len(word_list) and half_known and pair not in self._two_word_phrases:
                found = self._pair_corrections.get(pair)
                if found is None:
                    # Each keystroke of a question asks again: remembered like words are.
                    if len(self._pair_corrections) >= CORRECTIONS_KEPT:
                        self._pair_corrections.clear()
                    found = self._pair_corrections[pair] = self._phrase_like(pair)
                if found:
                    mended.extend(found)
                    position += 2
                    continue
            mended.append(word_list[position])
            position += 1
        return mended

    def _phrase_like(self, pair: str) -> tuple[str, ...]:
        """The two-word phrase one typo away from `pair`, or () when none is."""
        match = process.extractOne(
            pair, self._two_word_spellings, scorer=OSA.distance, score_cutoff=1
        )
        return tuple(self._two_word_phrases[match[0]]) if match is not None else ()


def _edits_allowed(length: int) -> int:
    """How many edits away a typo of this many letters may be from its word."""
    return 1 if length <= 5 else 2
