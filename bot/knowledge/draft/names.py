"""Guessing what an article's facts are about: the names it uses and how people write them.

Names are capitalised runs of words that are not sentence openers ("Toyota", "Ministry of
Trade and Industry"), words in quotes ("Performance" batteries), mixed-case product names
("bZ4X") and hyphenated terms the article repeats ("all-solid-state"). The article's topic,
the name most of its sentences mention, is left out of the subjects: it tells no fact from
another.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from lemminflect import getAllLemmas

from bot.engine.english import is_common, is_english
from bot.engine.normalize import clean
from bot.knowledge.draft.calendar import MONTHS, UPPER, WEEKDAYS
from bot.knowledge.draft.grammar import is_everyday

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_CONNECTORS = r"(?:of|and|for|de|du|da|do|dos|das|del|della|di|la|le|los|las|van|von|der|den|the)"
_CAPITALISED = rf"(?:[{UPPER}][\w'&.-]*|[a-z]+[{UPPER}0-9][\w-]*)"
_NAME = re.compile(rf"{_CAPITALISED}(?:\s+(?:{_CONNECTORS}\s+)?{_CAPITALISED})*")
_QUOTED = re.compile(r"\"([A-Z][^\"]{0,40})\"\s+([a-z]+)")
_ACRONYM_AFTER = re.compile(r"\(([A-Z][A-Za-z0-9]{1,9})\)")
_HYPHENATED = re.compile(r"\b[a-z]+(?:-[a-z]+)+\b")
_TRAILING_POSSESSIVE = re.compile(r"'s?$")
# Capitalised only to open a sentence or a quote: never a name.
_PRONOUNS = frozenset("i we it this that these those he she they you our his her their its".split())
TITLES = frozenset(
    """
    mayor president chairman chairwoman chair director executive officer manager librarian
    minister secretary governor coach captain spokesperson spokesman spokeswoman founder ceo
    cfo head chief leader senator judge professor analyst striker defender goalkeeper
    investigator researcher scientist editor surgeon doctor engineer architect
    """.split()
)
_TITLE_BEFORE = re.compile(
    rf"((?:\b[A-Za-z]+\s+){{0,2}}\b(?:{'|'.join(sorted(TITLES))}))\s+$", re.IGNORECASE
)
# How often the topic must appear: in at least this share of the claim sentences.
TOPIC_SHARE = 0.4


@dataclass
class Subject:
    """A guessed subject: its display name, the ways the article writes it, its group."""

    id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    group: str | None = None


def plain(text: str) -> str:
    """Text with typographic quotes and apostrophes made plain."""
    return text.translate(_APOSTROPHES)


# Letters Unicode does not decompose into an ASCII letter and an accent.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"}
)


def slug(text: str, length: int = 48, empty: str = "subject") -> str:
    """An id made of the text's words: ASCII letters, digits and hyphens ("Zürich" ->
    "zurich"), at most `length` characters, or `empty` when no such character is left."""
    spelled = unicodedata.normalize("NFKD", clean(text).translate(_UNDECOMPOSED))
    ascii_text = spelled.encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", " ", ascii_text).split()
    return "-".join(words)[:length].strip("-") or empty


def names_in(sentence: str) -> list[str]:
    """Capitalised names in the sentence, in order; a common word opening the sentence
    ("The", "Last", "Both") is not one, nor is a name ending a possessive ("Japan's")."""
    sentence = plain(sentence)
    found: list[str] = []
    for match in _NAME.finditer(sentence):
        name = _TRAILING_POSSESSIVE.sub("", match.group()).strip(".-")
        first = name.split()[0]
        opens = not sentence[: match.start()].strip(" \"'(")
        if first.lower() in _PRONOUNS or (opens and is_everyday(first)):
            name = " ".join(name.split()[1:])
        # "Toyota-affiliated" mentions Toyota.
        name = re.sub(r"-[a-z][\w-]*", "", name)
        found.extend(part for part in _split_lists(name) if part and not _is_unit(part))
    return found


def _split_lists(name: str) -> list[str]:
    """ "Prime Planet Energy Solution and Primeearth EV Energy" is two names; "Ministry of
    Trade and Industry" is one."""
    left, sep, right = name.partition(" and ")
    if sep and len(right.split()) >= 2 and len(left.split()) >= 2:
        return [left, *_split_lists(right)]
    return [name]


_NOT_NAMES = re.compile(rf"[GMkT]Wh|[GMk]W|km|EVs?|SUVs?|{MONTHS}|{WEEKDAYS}")


def _is_unit(name: str) -> bool:
    """Units, acronyms everyone uses and calendar words are not what a fact is about."""
    return bool(_NOT_NAMES.fullmatch(name))


@dataclass
class Names:
    """The subjects of an article and its topic, found once for all its sentences."""

    subjects: dict[str, Subject]
    topic: str | None

    @cached_property
    def _aliases_longest_first(self) -> list[tuple[str, str]]:
        """(cleaned alias, subject id), longest first: read once, used for every clause."""
        pairs = [
            (clean(alias), subject.id)
            for subject in self.subjects.values()
            for alias in subject.aliases
        ]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def subjects_of(self, text: str) -> list[str]:
        """The ids of the subjects the text mentions, in the order it mentions them."""
        cleaned = f" {clean(text)} "
        found: dict[str, int] = {}
        for alias, subject_id in self._aliases_longest_first:
            at = cleaned.find(f" {alias} ")
            if alias and at >= 0:
                # Longest first: "high performance" is not also "performance".
                cleaned = (
                    cleaned[:at] + " " + "#" * len(alias) + " " + cleaned[at + len(alias) + 2 :]
                )
                found.setdefault(subject_id, at)
        return sorted(found, key=found.__getitem__)


def find_names(sentences: Sequence[str], known_phrases: frozenset[str] = frozenset()) -> Names:
    """Subjects and topic of an article, from its claim sentences; `known_phrases` (cleaned
    synonyms of everyday English) are ideas, not subjects."""
    mentions: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    acronyms: dict[str, str] = {}
    titles: dict[str, set[str]] = {}
    for sentence in sentences:
        text = plain(sentence)
        seen = set()
        for name in names_in(text):
            key = clean(name)
            spelled.setdefault(key, name)
            seen.add(key)
            for part in _possessed(name):
                seen.add(clean(part))
                spelled.setdefault(clean(part), part)
        mentions.update(seen)
        for name, title in _titled_names(text):
            titles.setdefault(clean(name), set()).add(title)
        for match in _ACRONYM_AFTER.finditer(text):
            before = names_in(text[: match.start()])
            if before:
                acronyms[clean(before[-1])] = match.group(1)
    topic = _topic(mentions, len(sentences))
    subjects: dict[str, Subject] = {}
    for key, name in spelled.items():
        if key == topic or key in {clean(a) for a in acronyms.values()}:
            continue
        subject = Subject(slug(name), name, {name, key, *_short_forms(name), *_split_words(name)})
        if key in acronyms:
            subject.aliases.add(acronyms[key])
        subject.aliases |= titles.get(key, set())
        for part in _possessed(name):
            subject.aliases.add(part)
        subjects.setdefault(subject.id, subject)
    _merge_owned_names(subjects)
    _add_quoted_names(sentences, subjects)
    _add_repeated_terms(sentences, subjects, known_phrases)
    _merge_surnames(subjects)
    _drop_shared_aliases(subjects)
    return Names(subjects, topic)


def _titled_names(sentence: str) -> list[tuple[str, str]]:
    """(name, title) for each name a job title introduces: "Mayor Elena Ortiz" and "Chief
    executive Priya Raman" are "the mayor" and "the chief executive" to a reader."""
    found = []
    for match in _NAME.finditer(sentence):
        words = match.group().split()
        if words[0].lower() in TITLES and len(words) > 1:
            found.append((" ".join(words[1:]), words[0].lower()))
            continue
        before = _TITLE_BEFORE.search(sentence[: match.start()])
        if before:
            title = before.group(1).split()
            # "Porto president", "has signed German striker": the title is what is left.
            while len(title) > 1 and not _in_title(title[0]):
                title = title[1:]
            found.append((match.group(), " ".join(title).lower()))
    return [(_TRAILING_POSSESSIVE.sub("", name), title) for name, title in found if title]


def _in_title(word: str) -> bool:
    """A word that can start a job title: "Chief", "financial", "sporting", not a proper
    name ("Porto") nor a verb ("signed")."""
    if word[:1].isupper() and not is_common(word.lower()):
        return False
    lemmas = getAllLemmas(word.lower())
    return not lemmas or "VERB" not in lemmas or len(lemmas) > 1


def _split_words(name: str) -> list[str]:
    """ "Primeearth" is also written "prime earth": a made-up word of two English words."""
    forms = []
    for word in plain(name).split():
        low = word.lower()
        if is_english(low) or not low.isalpha():
            continue
        for cut in range(4, len(low) - 3):
            if is_common(low[:cut]) and is_common(low[cut:]):
                forms.append(f"{low[:cut]} {low[cut:]}")
                break
    return forms


def _short_forms(name: str) -> list[str]:
    """How people shorten a name: its leading words, when they are not everyday English
    ("Primeearth" for "Primeearth EV Energy", "Prime Planet" for "Prime Planet Energy
    Solution", but not "South" for "South Korea")."""
    words = plain(name).split("'s ", 1)[-1].split()
    forms = []
    for length in range(1, len(words)):
        prefix = words[:length]
        if length == 1 and (
            is_common(prefix[0].lower()) or len(prefix[0]) < 5 or prefix[0].isupper()
        ):
            continue  # not "South" of "South Korea", nor "FC" of "FC Porto"
        if re.fullmatch(_CONNECTORS, prefix[-1].lower()):
            continue
        forms.append(" ".join(prefix))
    return forms


def _drop_shared_aliases(subjects: dict[str, Subject]) -> None:
    """An alias two subjects share names neither for sure: it goes (their names stay)."""
    owners: Counter[str] = Counter(
        clean(alias)
        for subject in subjects.values()
        for alias in {clean(a) for a in subject.aliases}
    )
    for subject in subjects.values():
        subject.aliases = {
            alias for alias in subject.aliases if owners[clean(alias)] == 1 or alias == subject.name
        }


def _possessed(name: str) -> list[str]:
    """ "Japan's Ministry of Trade" also goes by "Ministry of Trade"."""
    if "'s " in name:
        return [name.split("'s ", 1)[1]]
    return []


def _topic(mentions: Counter[str], sentence_count: int) -> str | None:
    if not mentions:
        return None
    key, count = mentions.most_common(1)[0]
    return key if count >= max(2, TOPIC_SHARE * sentence_count) else None


def _merge_owned_names(subjects: dict[str, Subject]) -> None:
    """A name that is another's possessed part ("Ministry of Trade") joins that subject."""
    for subject_id in list(subjects):
        subject = subjects[subject_id]
        for other in subjects.values():
            if other is not subject and subject.name in other.aliases:
                other.aliases |= subject.aliases
                del subjects[subject_id]
                break


def _merge_surnames(subjects: dict[str, Subject]) -> None:
    """A one-word name that ends a longer one ("Ortiz" after "Mayor Elena Ortiz") is that
    person or thing, named again."""
    for subject_id in list(subjects):
        subject = subjects[subject_id]
        if " " in subject.name or subject.group:
            continue  # "Performance" batteries are not "High Performance" ones
        longer = [
            other
            for other in subjects.values()
            if other is not subject and other.name.endswith(f" {subject.name}")
        ]
        if len(longer) == 1:
            longer[0].aliases |= subject.aliases
            del subjects[subject_id]


def _add_quoted_names(sentences: Sequence[str], subjects: dict[str, Subject]) -> None:
    """Names in quotes before the same noun ("Performance" batteries, "Popularization"
    batteries) are variants of one thing: one subject each, in one group."""
    for sentence in sentences:
        for match in _QUOTED.finditer(plain(sentence)):
            name, noun = match.group(1), match.group(2)
            subject_id = slug(name)
            subject = subjects.setdefault(subject_id, Subject(subject_id, f"{name} {noun}"))
            subject.name = f"{name} {noun}"
            subject.aliases |= {name, f"{name} {noun}", name.replace("-", " ")}
            subject.group = slug(noun)
            # The article may name a variant so too: "the Performance Version".
            subject.aliases.add(f"{name} version")
            for other_id in [key for key, other in subjects.items() if other is not subject]:
                if clean(subjects[other_id].name) in {clean(a) for a in subject.aliases}:
                    subject.aliases |= subjects.pop(other_id).aliases


def _add_repeated_terms(
    sentences: Sequence[str], subjects: dict[str, Subject], known: frozenset[str]
) -> None:
    """A hyphenated term the article uses twice or more ("all-solid-state") is a subject,
    also under its shorter endings ("solid-state", "solid state")."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for match in _HYPHENATED.finditer(plain(sentence).lower()):
            parts = match.group().split("-")
            for start in range(len(parts) - 1):
                counts["-".join(parts[start:])] += 1
    taken = {clean(alias) for subject in subjects.values() for alias in subject.aliases}
    for term, count in counts.items():
        if count < 2 or clean(term) in taken or clean(term) in known:
            continue
        longer = [t for t in counts if t != term and t.endswith(f"-{term}") and counts[t] >= 2]
        if longer:
            continue  # "solid-state" is an alias of "all-solid-state"
        parts = term.split("-")
        aliases = {"-".join(parts[s:]) for s in range(len(parts) - 1)}
        aliases |= {alias.replace("-", " ") for alias in aliases}
        subjects.setdefault(term, Subject(term, term, aliases))
