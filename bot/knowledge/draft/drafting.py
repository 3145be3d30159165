"""Drafting a fact pack from an article: the facts of every claim sentence, with the subjects,
everyday synonyms and kinds of answer they use, for a person to edit."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.engine.lexicon import STOPWORDS
from bot.engine.normalize import clean
from bot.knowledge.draft.claims import claim_sentences
from bot.knowledge.draft.drafted import DraftFact
from bot.knowledge.draft.facts import draft_facts
from bot.knowledge.draft.names import find_names, slug
from bot.knowledge.models import QUESTION_LIMIT, AnswerKind, Fact, PackFile, PackInfo, Subject

ENGLISH = Path(__file__).with_name("english.toml")
ID_LENGTH = 64  # what a fact id may hold (models.Slug)


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


def draft_pack(article_text: str, title: str, url: str | None = None) -> PackFile:
    """A pack drafted from the article: every claim sentence quoted by at least one fact."""
    sentences = claim_sentences(article_text)
    if not sentences:
        raise DraftError(
            "no claim sentences found: claims are sentences of five words or more, on lines"
            " of prose that end with a full stop or an exclamation mark"
        )
    language = english()
    known = frozenset(clean(p) for phrases in language.vocabulary.values() for p in phrases)
    names = find_names(sentences, known)
    used_words = f" {clean(' '.join(sentences))} "
    vocabulary = {
        concept: phrases
        for concept, phrases in language.vocabulary.items()
        if any(f" {clean(phrase)} " in used_words for phrase in phrases)
    }
    pack_id = pack_slug(title)
    return PackFile(
        pack=PackInfo(
            id=pack_id,
            title=title,
            article="article.txt",
            url=url,
        ),
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
        facts=_with_ids(pack_id, list(draft_facts(sentences, names))),
    )


def pack_slug(title: str) -> str:
    """The pack's id, and its folder's name: the title's words, or "article"."""
    return slug(title, empty="article")


def _with_ids(pack_id: str, drafted: list[DraftFact]) -> list[Fact]:
    """Facts with ids made of the pack's id, the fact's subjects (or its question's words) and
    its kind: unique within the pack, and apart from other packs' ids, which every pack
    served together must be."""
    prefix = slug(pack_id, 24)
    facts: list[Fact] = []
    seen: set[str] = set()
    for item in drafted:
        about = " ".join(item.subjects[:2] or _content_words(item.question)[:3])
        room = ID_LENGTH - len(prefix) - len(item.kind) - 6  # hyphens and a "-NNN" suffix
        base = "-".join(part for part in (prefix, slug(about, room, empty=""), item.kind) if part)
        fact_id, number = base, 1
        while fact_id in seen:
            number += 1
            fact_id = f"{base}-{number}"
        seen.add(fact_id)
        phrasings = [p for p in dict.fromkeys(item.phrasings) if p != item.question]
        facts.append(
            Fact(
                id=fact_id,
                question=item.question[:QUESTION_LIMIT],
                answer=item.answer[:1000],
                kind=item.kind,
                subjects=item.subjects,
                sources=[item.sentence],
                phrasings=[p[:QUESTION_LIMIT] for p in phrasings],
            )
        )
    return facts


def _content_words(text: str) -> list[str]:
    return [word for word in clean(text).split() if word not in STOPWORDS]
