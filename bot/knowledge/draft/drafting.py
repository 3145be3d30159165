"""Drafting a fact pack from an article: one fact per answer in each claim sentence.

Every fact quotes its sentence verbatim (the article's own text, cut at sentence ends), so a
draft never quotes what the article does not say. Subjects, the everyday synonyms the article
uses and the kinds of answer come with it; a person then edits questions and answers.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lemminflect import getAllInflections, getAllLemmas

from bot.engine.lexicon import STOPWORDS
from bot.engine.normalize import clean
from bot.knowledge.draft.claims import Answer, Claim, claims, find_answers
from bot.knowledge.draft.names import Names, find_names, plain, slug
from bot.knowledge.draft.questions import (
    AUXILIARIES,
    WH_BY_KIND,
    asking_phrase,
    clauses,
    conjuncts,
    drop_leading_phrase,
    finite_verb,
    lower_first,
    question,
    tidy,
    tokens,
    who_question,
)
from bot.knowledge.models import AnswerKind, Fact, PackFile, PackInfo, Subject

ENGLISH = Path(__file__).with_name("english.toml")
# Phrases that point back to the article's topic, or to the previous sentence's subjects.
_TOPIC_REFERENCE = re.compile(
    r"^(?:it|the (?:[a-z]+ )*(?:company|firm|group|giant|automaker|carmaker|maker|"
    r"manufacturer|corporation))\b",
    re.IGNORECASE,
)
_EARLIER_REFERENCE = re.compile(r"^(?:the former|the latter|these \w+|those \w+|both|they)\b", re.I)
# "Primeearth EV Energy, a joint venture with Panasonic, ...": what a name is.
_APPOSITIVE = re.compile(r"([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*),\s+((?:a|an)\s+[^,]+?),")
_MODALS = frozenset(["will", "would", "can", "could", "should", "may", "might", "must", "shall"])
_PARTNER = re.compile(r"\s(with|by|of|from)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)$")
_REPORTING = re.compile(r"\b(\w+)\s+that\s+", re.IGNORECASE)
_TO_INFINITIVE = re.compile(r"^(\S+)\s+to\s+\w", re.IGNORECASE)


class DraftError(ValueError):
    """The article gives nothing to draft from."""


@dataclass(frozen=True)
class English:
    """The general English a draft starts from (english.toml)."""

    kinds: dict[str, AnswerKind]
    vocabulary: dict[str, list[str]]


@cache
def english() -> English:
    data = tomllib.loads(ENGLISH.read_text(encoding="utf-8"))
    kinds = {kind: AnswerKind(**value) for kind, value in data["kinds"].items()}
    return English(kinds, data["vocabulary"])


@dataclass
class DraftFact:
    question: str
    answer: str
    kind: str
    sentence: str
    subjects: list[str]
    phrasings: list[str]


def draft_pack(article_text: str, title: str, url: str | None = None) -> PackFile:
    """A pack drafted from the article: every claim sentence quoted by at least one fact."""
    found = claims(article_text)
    if not found:
        raise DraftError(
            "no claim sentences found: a claim is a line of prose ending with a full stop,"
            " of five words or more"
        )
    language = english()
    known = frozenset(clean(p) for phrases in language.vocabulary.values() for p in phrases)
    names = find_names([claim.sentence for claim in found], known)
    drafted = list(_facts(found, names))
    used_words = f" {clean(' '.join(claim.sentence for claim in found))} "
    vocabulary = {
        concept: phrases
        for concept, phrases in language.vocabulary.items()
        if any(f" {clean(phrase)} " in used_words for phrase in phrases)
    }
    pack_id = slug(title) if clean(title) else "article"
    return PackFile(
        pack=PackInfo(id=pack_id, title=title, article="article.txt", url=url),
        subjects={
            subject.id: Subject(
                name=subject.name,
                aliases=sorted({alias.casefold(): alias for alias in subject.aliases}.values()),
                group=subject.group,
            )
            for subject in names.subjects.values()
        },
        vocabulary=vocabulary,
        kinds=language.kinds,
        facts=_numbered(drafted),
    )


def _numbered(drafted: list[DraftFact]) -> list[Fact]:
    """Facts with ids made from their subjects and kind, unique within the pack."""
    facts: list[Fact] = []
    seen: set[str] = set()
    for item in drafted:
        base = slug(" ".join([*item.subjects[:2], item.kind]))[:40].strip("-")
        fact_id, number = base, 1
        while fact_id in seen:
            number += 1
            fact_id = f"{base}-{number}"
        seen.add(fact_id)
        phrasings = [p for p in dict.fromkeys(item.phrasings) if p != item.question]
        facts.append(
            Fact(
                id=fact_id,
                question=item.question[:200],
                answer=item.answer[:1000],
                kind=item.kind,
                subjects=item.subjects,
                sources=[item.sentence],
                phrasings=[p[:200] for p in phrasings],
            )
        )
    return facts


def _facts(found: list[Claim], names: Names) -> Iterator[DraftFact]:
    previous: list[str] = []
    for claim in found:
        # Every claim gets a fact about what it says, which yes-or-no questions find, and
        # one fact per answer in it.
        facts = [_description(claim.sentence, names, previous)]
        facts += _facts_of(claim, names, previous)
        yield from facts
        previous = list(dict.fromkeys(s for fact in facts for s in fact.subjects))


def _referenced(text: str, names: Names, previous: list[str]) -> list[str]:
    """The earlier subjects "the former", "these batteries" or "both" point back to."""
    reference = _EARLIER_REFERENCE.match(plain(text).strip())
    if not reference or not previous:
        return []
    said = reference.group().lower()
    if said == "the former":
        return previous[:1]
    if said == "the latter":
        return previous[1:2]
    return previous


def _resolved_subjects(text: str, names: Names, previous: list[str]) -> list[str]:
    """The subjects a text is about, counting those it points back to."""
    mentioned = names.subjects_of(text)
    earlier = [s for s in _referenced(text, names, previous) if s not in mentioned]
    return [*earlier, *mentioned]


def _with_names(text: str, names: Names, previous: list[str]) -> str:
    """The text with its opening reference replaced by what it points to."""
    stripped = text.strip(" ,")
    if names.topic and _TOPIC_REFERENCE.match(stripped):
        return _TOPIC_REFERENCE.sub(names.topic.title(), stripped, count=1)
    referenced = _referenced(stripped, names, previous)
    named = " and ".join(names.subjects[s].name for s in referenced[:2] if s in names.subjects)
    if named:
        return _EARLIER_REFERENCE.sub(named, stripped, count=1)
    return stripped


def _facts_of(claim: Claim, names: Names, previous: list[str]) -> Iterator[DraftFact]:
    lead_subject: list[str] = []
    for number, clause in enumerate(clauses(claim.sentence)):
        subjects = _resolved_subjects(clause, names, previous) or lead_subject
        if number == 0:
            lead_subject = subjects
        words = tokens(clause)
        parts = conjuncts(words) if len(find_answers(clause)) > 1 else [words]
        found = 0
        for part in parts:
            text = " ".join(part)
            for answer in find_answers(text):
                found += 1
                yield _answer_fact(claim.sentence, text, answer, subjects, names, previous)
        for appositive in _APPOSITIVE.finditer(plain(clause)):
            found += 1
            yield from _appositive_facts(claim.sentence, appositive, names, subjects)
        who = _who_fact(claim.sentence, clause, names, subjects)
        if who is not None:
            found += 1
            yield who
        if not found and number > 0:
            yield _clause_description(claim.sentence, clause, subjects)


def _appositive_facts(
    sentence: str, appositive: re.Match[str], names: Names, subjects: list[str]
) -> Iterator[DraftFact]:
    """ "Primeearth EV Energy, a joint venture with Panasonic": what it is, and who with."""
    named, what = appositive.group(1), appositive.group(2)
    about = names.subjects_of(appositive.group()) or subjects
    yield DraftFact(
        tidy(f"What is {named}"), _sentence_case(what), "description", sentence, about, []
    )
    partner = _PARTNER.search(what)
    if partner:
        asked = tidy(f"Who is {named} {what[: partner.start()]} {partner.group(1)}")
        yield DraftFact(asked, _sentence_case(partner.group(2)), "name", sentence, about, [])


def _clause_description(sentence: str, clause: str, subjects: list[str]) -> DraftFact:
    """A later clause with no figure ("however, no timeline has been set"): a yes-or-no
    question of it."""
    words = drop_leading_phrase(tokens(clause))
    if words and words[0][:1].islower() and getAllLemmas(words[0].lower(), upos="VERB"):
        # "..., but continue mass-producing batteries": the sentence's subject does it.
        lead = tokens(clauses(sentence)[0])
        found = finite_verb(lead)
        words = lead[: found[0]] + words if found else words
    asked = question(words, "") or tidy("Is it true that " + " ".join(words))
    return DraftFact(asked, _sentence_case(clause), "description", sentence, subjects, [])


def _answer_fact(
    sentence: str,
    clause: str,
    answer: Answer,
    subjects: list[str],
    names: Names,
    previous: list[str],
) -> DraftFact:
    before = tokens(clause[: answer.start])
    after = tokens(clause[answer.end :])
    if "-" in answer.text and after and after[0][:1].islower():
        # "a 10-minute rapid charging period": ask what the period is.
        wh = "What " + " ".join(_noun_phrase(after))
        words = before + after
    else:
        wh, cut = asking_phrase(before, answer.kind)
        words = before[: len(before) - cut] + after
    words = _without_other_answers(words)
    asked = question(words, wh) or _verbless_question(words, wh, answer.kind)
    resolved = tokens(_with_names(" ".join(words), names, previous))
    phrasings = [question(resolved, wh) or _verbless_question(resolved, wh, answer.kind)]
    phrasings.append(_keywords(wh, resolved, answer))
    return DraftFact(asked, _sentence_case(answer.text), answer.kind, sentence, subjects, phrasings)


def _noun_phrase(words: list[str]) -> list[str]:
    phrase: list[str] = []
    for word in words[:4]:
        if word.lower() in STOPWORDS or not word.replace("-", "").isalpha():
            break
        phrase.append(word)
    return phrase


def _without_other_answers(words: list[str]) -> list[str]:
    """Leave out the other figures of a clause ("a range of 620 miles and ...")."""
    text = " ".join(words)
    for other in reversed(find_answers(text)):
        text = text[: other.start] + text[other.end :]
    return tokens(re.sub(r"\s+(?:of|and)\s*$", "", text.strip()))


def _verbless_question(words: list[str], wh: str, kind: str) -> str:
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


def _keywords(wh: str, words: list[str], answer: Answer) -> str:
    content = [w for w in words if clean(w) and clean(w) not in STOPWORDS]
    return tidy(f"{WH_BY_KIND.get(answer.kind, wh)} {' '.join(content[:8])}")


def _who_fact(sentence: str, clause: str, names: Names, subjects: list[str]) -> DraftFact | None:
    """ "Who acquired Primeearth EV Energy?" when the clause opens with a name doing something
    to something it names (not saying or intending: those are the description's)."""
    words = drop_leading_phrase(tokens(clause))
    found = finite_verb(words)
    if found is None or found[1] in {"is", "are", "was", "were"}:
        return None
    doer_words = words[: found[0]]
    while doer_words and doer_words[-1].lower().endswith("ly"):
        doer_words = doer_words[:-1]  # "China or South Korea currently dominates"
    doer = " ".join(doer_words).strip(",")
    deed = words[found[0] + 1 :]
    if not _is_name(doer) or not deed or deed[0].lower() in {"that", "to"}:
        return None
    if clean(doer) != names.topic and not names.subjects_of(doer):
        return None  # "Both will offer ..." is no name
    if clean(doer) == names.topic and not names.subjects_of(" ".join(deed)):
        return None  # the topic does most things; only what it does to a subject is asked
    asked = who_question(words)
    if asked is None:
        return None
    return DraftFact(asked, _sentence_case(doer), "name", sentence, subjects, [])


def _is_name(text: str) -> bool:
    """Capitalised words, possibly joined by "of" or "and": "Ministry of Trade and Industry"."""
    words = plain(text).split()
    return bool(words) and all(
        w.lstrip("(")[:1].isupper() or w in {"of", "and", "for", "or"} for w in words
    )


def _description(sentence: str, names: Names, previous: list[str]) -> DraftFact:
    """A fact for a claim without a figure: what someone did, intends or said."""
    subjects = _resolved_subjects(sentence, names, previous)
    words = drop_leading_phrase(tokens(sentence.rstrip(".")))
    found = finite_verb(words)
    asked: str | None = None
    answer = sentence
    phrasings: list[str] = []
    if found is not None:
        verb_end = _verb_group_end(words, found[0])
        rest = words[verb_end:]
        head = words[:verb_end]
        if rest and rest[0].lower() == "that":
            inner = rest[1:]
            asked = question(inner, "")
            answer = "Yes. " + _sentence_case(" ".join(inner)) if asked else answer
            phrasings.append(question(head, "What") or "")
        elif len(rest) > 1 and rest[0].lower() == "to" and _is_base_verb(rest[1]):
            asked = question([*head, "to", "do"], "What")
            answer = " ".join(rest)
        else:
            keep = (
                1
                if rest and rest[0].lower() in {"to", "from", "with", "at", "on", "for", "by"}
                else 0
            )
            asked = question(head + rest[:keep], "What")
            answer = " ".join(rest[keep:])
    if not asked:
        about = [names.subjects[s].name for s in subjects[:2] if s in names.subjects]
        asked = tidy(f"What does the article say about {' and '.join(about) or 'this'}")
    resolved = tokens(_with_names(" ".join(words), names, previous))
    if found is not None:
        phrasings.append(question(resolved[: _verb_group_end(resolved, found[0])], "What") or "")
        phrasings.append(question(resolved, "") or "")
    content = [w for w in resolved if clean(w) and clean(w) not in STOPWORDS]
    phrasings.append(tidy("What " + " ".join(content[:10])))
    phrasings = [p for p in phrasings if p]
    return DraftFact(asked, _sentence_case(answer), "description", sentence, subjects, phrasings)


def _verb_group_end(words: list[str], position: int) -> int:
    """Past the verb and what belongs to it: "is authorized", "are gradually transitioning",
    "will offer", "had discovered"; a main verb ("acquired") stands alone."""
    end = position + 1
    if words[position].lower() not in AUXILIARIES:
        return end
    if words[position].lower() in _MODALS and end < len(words):
        end += 1
    while end < len(words) and _is_verb_part(words[end]):
        end += 1
    return end


def _is_base_verb(word: str) -> bool:
    forms = getAllLemmas(word.lower(), upos="VERB").get("VERB", ())
    return word.lower() in forms


def _is_verb_part(word: str) -> bool:
    low = word.lower()
    if low.endswith("ly") or low in {"also", "still", "not", "yet", "been", "be", "being"}:
        return True
    lemmas = getAllLemmas(low, upos="VERB").get("VERB")
    if not lemmas:
        return False
    forms = getAllInflections(lemmas[0], upos="VERB")
    return low in forms.get("VBN", ()) + forms.get("VBG", ())


def _sentence_case(text: str) -> str:
    text = text.strip(" ,;")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", '"', "\u201d")) else text + "."
