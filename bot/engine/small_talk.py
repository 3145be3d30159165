"""Conversation that is not a question about an article: greetings, thanks, "help", "who made
you", a lone word. Each kind gets its own short reply, never a fact.

The kinds, their phrases and replies are data (`small_talk.toml`). A message is one of them
when, without its filler words, it is one of the kind's phrases; or when it says nothing the
articles know of, holds a phrase of the kind (rapidfuzz's token set ratio) and, beside it,
only function words and chat noise (`lexicon.py`): "ty ty that helps". So "hi, when is
solid-state due?" is still a question, and "what's 2+2" a question the articles don't answer.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process

from bot.engine import bot_as_object, semantic
from bot.engine.analyzer import Query
from bot.engine.answer import Answer, Suggestion
from bot.engine.follow_up import reading
from bot.engine.index import FactIndex
from bot.engine.lexicon import ASKING, CHAT_SPEAK, NOISE, STOPWORDS

ONE_WORD = "one_word"
HELP = "help"
WHO_MADE_YOU = "who_made_you"
# What may be left beside a phrase: function words and chat noise, but not the words that
# ask something ("ok and when?" is a question).
_NOTHING_SAID = (STOPWORDS | NOISE) - ASKING
# How like a phrase a message with nothing the articles know of must read (0-100).
LIKE_A_PHRASE = 90
_NOT_A_WORD = re.compile(r"[^\w\s]+")
_STRETCHED = re.compile(r"(\w)\1+")
# How near in meaning (cosine, `closest_in_meaning`) a message the articles do not answer
# and that says nothing of theirs must be to a phrase to be conversation (chosen on the
# small-talk sets and the chat sets' must-decline questions) ...
LIKE_IN_MEANING = 0.55
# ... and how much nearer for each word of the articles' it holds.
NEARER_PER_ARTICLE_TERM = 0.05
# An answered message is conversation this near a phrase and this much nearer to it than to
# its fact's question (chosen on the same sets: no question there comes within 0.1 of it).
ANSWERED_YET_CONVERSATION = 0.6
FAR_MORE_NEARLY = 0.4
# Conversation read by meaning is short: the longest such message in the sets had 11 words.
CONVERSATION_WORDS = 12


@dataclass(frozen=True)
class Intent:
    name: str
    reply: str  # with {articles} and {examples} to fill in
    # Read only from words about the bot ("your"): a question the articles answer wins.
    unless_answered: bool = False

    def answer(
        self, question: str, titles: list[str], examples: list[str], offered: list[Suggestion]
    ) -> Answer:
        """The Answer that replies to the message: no fact, this intent's reply."""
        reply = self.reply_for(titles, examples)
        return Answer(
            question=question,
            answered=False,
            confidence=0.0,
            intent=self.name,
            reply=reply,
            suggestions=offered,
        )

    def reply_for(self, titles: list[str], examples: list[str]) -> str:
        """The reply, naming the first few articles served (then how many more) and
        example questions."""
        shown = titles[:TITLES_SHOWN]
        if len(titles) > TITLES_SHOWN:
            shown.append(f"{len(titles) - TITLES_SHOWN} more articles")
        articles = _listed([f"“{title}”" for title in shown]) or "the articles I was given"
        asked = " ".join(f"“{example}”" for example in examples) or "“What does it say?”"
        return self.reply.format(articles=articles, examples=asked)


# A reply to conversation names this many articles, then how many more.
TITLES_SHOWN = 3


@dataclass(frozen=True)
class SmallTalk:
    """Recognises the kinds of conversation in `small_talk.toml`."""

    fillers: frozenset[str]
    by_phrase: dict[str, Intent]
    one_word: Intent
    phrases: tuple[str, ...]  # by_phrase's keys, for rapidfuzz to search
    phrase_words: frozenset[str]  # every word of them
    about_the_bot: tuple[str, ...]  # words that make the bot what a message is about
    as_written: dict[str, Intent]  # every phrase as written, fillers and all: for meaning
    # The verbs of "who made you" and its like, as lemmas: "did toyota make you" asks who
    # made the bot, whatever else it names; and of "what do i type" and its like.
    making: frozenset[str] = frozenset()
    using: frozenset[str] = frozenset()

    def intent_of(self, message: str, about_articles: Callable[[str, bool], bool]) -> Intent | None:
        """The kind of conversation the message is, or None for a question.
        `about_articles(text, names_only)` tells whether a text says anything the articles
        know of (with `names_only`, only their subjects and the words only they use count)."""
        said = self._words(message)
        if not said:
            if message.strip() and set(message.strip()) <= set("?!. "):
                return self._named(HELP)  # "?" alone: what do I do here?
            # Only fillers ("oh", "bot"): nothing asked. No words at all is the front
            # end's to explain.
            return self.one_word if _NOT_A_WORD.sub("", message).strip() else None
        found = self.by_phrase.get(" ".join(said))
        if found is not None:
            return found
        parts = bot_as_object.clauses(message, lambda t: _words(t, frozenset()), self.fillers)
        if bot_as_object.asks_who_made_the_bot(parts, self.making, about_articles):
            return self._named(WHO_MADE_YOU)
        if bot_as_object.asks_how_to_use_the_bot(parts, self.using, about_articles):
            return self._named(HELP)
        if len(said) == 1:
            return self.one_word
        if self._about_the_bot(message) and not about_articles(message, True):
            return self._most_like(said)
        if not set(said) <= self.phrase_words | _NOTHING_SAID:
            return None  # a word no phrase has: no kind can cover it (most questions)
        # The kind whose phrases it holds cover most of it ("ok bye": "bye"; "gotta go,
        # ttyl": both), if what they leave is only function words and chat noise; and if it
        # says nothing the articles know of. (That reading is asked last: it costs most.)
        held = process.extract(
            " ".join(said),
            self.phrases,
            scorer=fuzz.token_set_ratio,
            score_cutoff=LIKE_A_PHRASE,
            limit=None,
        )
        covered: dict[Intent, set[str]] = {}
        for phrase, _, _ in held:
            covered.setdefault(self.by_phrase[phrase], set()).update(phrase.split())
        fitting = [
            (len(words), intent)
            for intent, words in covered.items()
            if set(said) - words <= _NOTHING_SAID
        ]
        if not fitting or about_articles(message, False):
            return None
        return max(fitting, key=lambda pair: pair[0])[1]

    def _words(self, text: str) -> list[str]:
        known = self.phrase_words | self.fillers | _NOTHING_SAID
        said = [_unstretched(word, known) for word in _words(text, frozenset())]
        return [word for word in said if word not in self.fillers]

    def closest_in_meaning(self, meant: np.ndarray) -> tuple[Intent, float]:
        """The kind whose phrase means most nearly what a message says (`meant`: its
        embedding, `semantic.vector`), and how nearly (the cosine): "gtg ttyl" is near
        "ttyl", "how r u doing today" near "how r u"."""
        written = tuple(self.as_written)
        closeness = _vectors_of(written) @ meant
        best = int(np.argmax(closeness))
        return self.as_written[written[best]], float(closeness[best])

    def _named(self, name: str) -> Intent | None:
        return next((i for i in self.as_written.values() if i.name == name), None)

    def _about_the_bot(self, message: str) -> bool:
        spelled = f" {' '.join(_words(message, frozenset()))} "
        return any(f" {words} " in spelled for words in self.about_the_bot)

    def _most_like(self, said: list[str]) -> Intent:
        """The kind whose phrase reads most like the words said (token set ratio)."""
        best = process.extractOne(" ".join(said), self.phrases, scorer=fuzz.token_set_ratio)
        return replace(self.by_phrase[best[0]] if best else self.one_word, unless_answered=True)


@cache
def _vectors_of(phrases: tuple[str, ...]) -> np.ndarray:
    """The phrases' embeddings, one row each: worked out once, at the first message."""
    return np.stack([semantic.vector(phrase) for phrase in phrases])


def _unstretched(word: str, known: frozenset[str]) -> str:
    """The word with the letters held down for emphasis let go ("hiii", "thxxx", "byee"),
    where that makes a word the phrases know."""
    if word in known or not _STRETCHED.search(word):
        return word
    for shorter in (_STRETCHED.sub(r"\1\1", word), _STRETCHED.sub(r"\1", word)):
        if shorter in known:
            return shorter
    return word


def _words(text: str, fillers: frozenset[str]) -> list[str]:
    """The words that count, chat spellings written out ("r u" is "are you")."""
    plain = _NOT_A_WORD.sub(" ", text.casefold().replace("\u2019", "").replace("'", ""))
    spelled = " ".join(CHAT_SPEAK.get(word, word) for word in plain.split())
    return [word for word in spelled.split() if word not in fillers]


@cache
def small_talk() -> SmallTalk:
    """The shipped kinds of conversation, read once."""
    data = tomllib.loads(
        resources.files("bot.engine").joinpath("small_talk.toml").read_text(encoding="utf-8")
    )
    fillers = frozenset(data["fillers"])
    by_phrase: dict[str, Intent] = {}
    as_written: dict[str, Intent] = {}
    for name, spec in data["intents"].items():
        intent = Intent(name, spec["reply"])
        for phrase in spec["phrases"]:
            as_written[phrase] = intent
            key = " ".join(_words(phrase, fillers))
            if by_phrase.get(key, intent) != intent:
                raise ValueError(f"small_talk.toml: {phrase!r} is in two intents")
            by_phrase[key] = intent
    one_word = Intent(ONE_WORD, data["intents"][ONE_WORD]["reply"])
    words = frozenset(word for phrase in by_phrase for word in phrase.split())
    about_the_bot = tuple(" ".join(_words(w, frozenset())) for w in data["about_the_bot"])
    spoken = [(_words(phrase, frozenset()), intent.name) for phrase, intent in as_written.items()]
    making = bot_as_object.making_verbs([said for said, name in spoken if name == WHO_MADE_YOU])
    using = bot_as_object.using_verbs([said for said, name in spoken if name == HELP])
    return SmallTalk(
        fillers,
        by_phrase,
        one_word,
        tuple(by_phrase),
        words,
        about_the_bot,
        as_written,
        making,
        using,
    )


def means_conversation(
    message: str, queries: list[Query], indexes: list[FactIndex], answered_as: list[str] | None
) -> Intent | None:
    """The conversation a message the articles have nothing for means, by meaning
    (`SmallTalk.closest_in_meaning`), or None: near enough to one of its phrases, the
    nearer the more words of the articles' it holds (`article_terms`; `queries`: the
    message as each pack reads it). A message answered (`answered_as`: its fact's question
    and phrasings) only when it means the conversation far more nearly than the fact's
    question: a word or two matched by chance. Never a long message ("so tell me, ..." many
    times, then a question), nor one that asks for a kind of answer the articles give, of
    something they name or of something said before ("can i ask what the range is" reads
    like "what can i ask"; "ok so how far can it go" like thanks); "where are you from"
    asks a place, but of the bot."""
    if len(message.split()) > CONVERSATION_WORDS:
        return None
    held = article_terms(queries, indexes, False)
    if any(query.kinds for query in queries) and (held or reading(queries).points_back):
        return None
    # As the phrases are written: lower case, no punctuation, chat spellings written out.
    meant = semantic.vector(" ".join(_words(message, frozenset())))
    intent, closeness = small_talk().closest_in_meaning(meant)
    if answered_as is None:
        bar = LIKE_IN_MEANING + NEARER_PER_ARTICLE_TERM * held
        return intent if closeness >= bar else None
    to_fact = semantic.similarity(meant, answered_as)
    if closeness >= ANSWERED_YET_CONVERSATION and closeness - to_fact >= FAR_MORE_NEARLY:
        return intent
    return None


def article_terms(queries: list[Query], indexes: list[FactIndex], names_only: bool) -> int:
    """How many of a text's terms (read by `queries`, in the pack that reads most) say
    something the articles know of: a subject, one of the packs' phrases ("~release"; not
    with `names_only`), or a word that is not everyday English, that some served fact has."""
    return max(
        (
            len(query.subjects)
            + sum(
                ((term.startswith("~") and not names_only) or term in query.rare)
                and any(term in i.strong_postings or term in i.weak_postings for i in indexes)
                for term in query.terms
                if not term.startswith("@")
            )
            for query in queries
        ),
        default=0,  # no packs served
    )


def _listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
