"""The engine's front: questions in, Answers out. Pure and synchronous."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Literal

from bot.engine import follow_up
from bot.engine.analyzer import Query
from bot.engine.answer import Answer, Suggestion
from bot.engine.by_question import first_asked_as
from bot.engine.complete import Completer
from bot.engine.drafted import doubted_on_draft, drafted, may_doubt
from bot.engine.fitted import CANDIDATES, Candidate, candidates, judge
from bot.engine.index import FactIndex, IndexedFact, no_collection_pauses
from bot.engine.match import Scored, Weights, also_answered, rank
from bot.engine.measures import states_measure
from bot.engine.near_miss import declined_near, near_miss
from bot.engine.nearest import closest_by_meaning
from bot.engine.overlay import Overlay, build_overlay
from bot.engine.scorer import Model, load_model
from bot.engine.semantic import vector
from bot.engine.small_talk import ONE_WORD, Intent, article_terms, means_conversation, small_talk
from bot.engine.thin import declined_as_thin, thinly_matched
from bot.engine.thresholds import DEFAULT_THRESHOLDS, Thresholds
from bot.knowledge import Fact, Pack

# Only this much of a question is read; longer text is pasted noise, not a question.
ANALYSED_CHARACTERS = 500
# Autocomplete scores at most this many facts per keystroke (a question, `Weights.max_scored`).
COMPLETE_SCORED = 200
# A message about the bot ("your ...") is a question about the article with this many of
# its terms: "how fast do your batteries charge", not "whats ur purpose" ("purpose" asks
# for a reason, but of the bot).
ARTICLE_TERMS_OVER_BOT = 2
DEFAULT_WEIGHTS = Weights()


class Engine:
    """Answers free-text questions from the facts of the given packs."""

    def __init__(
        self,
        packs: Sequence[Pack],
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        weights: Weights = DEFAULT_WEIGHTS,
        scorer: Literal["lexical", "fitted", "combined"] = "combined",
        model: Model | None = None,
    ) -> None:
        with no_collection_pauses():
            self.index = FactIndex(packs)
            self._completer = Completer(self.index)
        self.thresholds = thresholds
        self.weights = weights
        self.scorer = scorer
        self.model = model or (load_model() if scorer != "lexical" else None)
        self.overlay: Overlay | None = None
        self._overlay_completer: Completer | None = None

    def for_server(
        self,
        hidden: frozenset[str],
        taught: Mapping[str, Sequence[str]],
        own: Pack | None,
        served: frozenset[str] | None,
    ) -> Engine:
        """This engine as a server sees it that hides `hidden`, taught `taught` (more
        phrasings by fact id), added the facts of `own` and serves the shipped packs `served`
        (None: all): the same shared index and model, with the server's overlay (see
        `overlay.py`); building it costs only the overlay."""
        overlay = build_overlay(self.index, hidden, taught, own, served)
        view = copy.copy(self)
        view.overlay = overlay
        view._overlay_completer = Completer(overlay.index)
        return view

    @property
    def fact_count(self) -> int:
        return self.overlay.fact_count if self.overlay else len(self.index.facts)

    @property
    def indexed_facts(self) -> int:
        """How many facts a question is ranked among: the whole shared index, whatever a
        server serves of it, and the server's overlay. What a question costs grows with it."""
        return len(self.index.facts) + (len(self.overlay.index.facts) if self.overlay else 0)

    @property
    def packs(self) -> list[Pack]:
        """The packs answered from, in the order they were given (a server's own last)."""
        if self.overlay is None:
            return self.index.packs
        unserved = self.overlay.skip.packs
        served = [pack for number, pack in enumerate(self.index.packs) if number not in unserved]
        return served + self.overlay.index.packs[len(self.index.packs) :]

    def facts(self) -> list[Fact]:
        """Every fact, pack by pack."""
        entries = self.overlay.facts() if self.overlay else self.index.facts
        return [entry.fact for entry in entries]

    def facts_of(self, pack_id: str) -> list[Fact]:
        """The facts of one pack, in its order, as answered from here."""
        if self.overlay is None:
            return next((list(pack.facts) for pack in self.packs if pack.id == pack_id), [])
        return [entry.fact for entry in self.overlay.facts_by_pack.get(pack_id, [])]

    def fact(self, fact_id: str) -> Fact | None:
        """The fact with this id, or None when no pack has it."""
        return entry.fact if (entry := self._entry(fact_id)) else None

    def pack_of(self, fact_id: str) -> Pack | None:
        """The pack the fact comes from, or None when no pack has it."""
        return entry.pack if (entry := self._entry(fact_id)) else None

    def fact_asked_as(self, wanted: str, key: Callable[[str], str]) -> str | None:
        """The served fact whose question, read through `key`, is `wanted` (None: none is).
        The server's own and taught facts come first, as they answer first."""
        return first_asked_as(list(reversed(self._indexes())), wanted, key, self._serves)

    def _serves(self, fact_id: str) -> bool:
        return self._entry(fact_id) is not None

    def _entry(self, fact_id: str) -> IndexedFact | None:
        return self.overlay.entry(fact_id) if self.overlay else self.index.by_id.get(fact_id)

    def _is_servers(self, entry: IndexedFact) -> bool:
        """Whether the fact is a server's own or taught copy, not the shared index's."""
        return self.overlay is not None and entry.fact.id in self.overlay.index.by_id

    @property
    def example_question(self) -> str | None:
        """A question these packs answer (the first pack's first), to show as an example."""
        if self.overlay is not None:
            return self.overlay.example_question
        return self.index.facts[0].fact.question if self.index.facts else None

    def rank(
        self,
        question: str,
        limit: int | None = None,
        floor: float | None = None,
        close: tuple[float, float] | None = None,
    ) -> list[Scored]:
        """The facts that could answer the question, best first (see `match.rank` for what
        `limit`, `floor` and `close` leave out)."""
        return [item for _, item in self._ranked(self._read(question), limit, floor, close)]

    def _ranked(
        self,
        queries: list[Query],
        limit: int | None = None,
        floor: float | None = None,
        close: tuple[float, float] | None = None,
        weights: Weights | None = None,
    ) -> list[tuple[FactIndex, Scored]]:
        """The ranking of a question as each pack reads it (`_read`), each fact with its
        index: the shared index's facts a server skips left out, its overlay's merged in."""
        weights = weights or self.weights
        if self.overlay is None:
            found = rank(self.index, queries, weights, limit, floor, close)
            return [(self.index, item) for item in found]
        return self.overlay.rank(queries, weights, limit, floor, close)

    def candidates(self, question: str) -> list[Candidate]:
        """The facts the fitted scorer reads for the question, with their features."""
        queries, text = self._read(question), question[:ANALYSED_CHARACTERS]
        meaning = vector(text)
        ranked = self._ranked(queries, CANDIDATES)  # and those close in meaning:
        ranked += closest_by_meaning(self._indexes(), meaning, ranked, CANDIDATES, self._entry)
        return candidates(ranked, queries, text, meaning)

    def ask(self, question: str, after: str | None = None) -> Answer:
        """Answer the question from the best fact, or decline and suggest close questions.
        Conversation ("hi", "thanks", "who made you") gets its own reply instead (`intent`,
        `reply`), never a fact. `after`: the fact the previous answer gave, which a
        follow-up ("and the range?") takes what it leaves out from (`follow_up.py`)."""
        intent = small_talk().intent_of(question, lambda t, n: self._article_terms(t, n) > 0)
        if intent is not None and intent.unless_answered:
            alone = self._ask_alone(question)  # "how fast do your batteries charge"
            if alone.answered and self._article_terms(question) >= ARTICLE_TERMS_OVER_BOT:
                return self._unless_conversation(alone)
            return self._conversation(question, intent)
        if intent is not None and intent.name != ONE_WORD:
            return self._conversation(question, intent)
        if after is not None:
            read = follow_up.reading(self._read(question))
            followed = self._completed_after(question, after, read.points_back)
            if followed is not None:
                alone = self._unless_conversation(self._ask_alone(question))
                if follow_up.takes_context(followed, alone, after, read):
                    return followed
                if intent is None:
                    return alone
        if intent is not None:
            return self._conversation(question, intent)
        return self._unless_conversation(self._ask_alone(question))

    def _unless_conversation(self, answer: Answer) -> Answer:
        """The answer, or the reply to the conversation the message means (`small_talk.
        means_conversation`): "gtg ttyl"; "what am i supposed to type", which "type"
        matched to the battery varieties. Only with the fitted scorer's embedding."""
        if self.model is None or answer.nearby:
            return answer
        said, fact = answer.question, self.fact(answer.fact_id) if answer.fact_id else None
        asked_as = [fact.question, *fact.phrasings] if fact and answer.answered else None
        meant = means_conversation(said, self._read(said), self._indexes(), asked_as)
        return answer if meant is None else self._conversation(said, meant)

    def _ask_alone(self, question: str, typed: str | None = None) -> Answer:
        """The scorer's answer; "combined": the lexical one's, or where it declines (no near
        miss), answers on thin evidence (`thin.py`) or answers from a draft where the fitted
        scorer reads another sentence (`drafted.py`), the fitted scorer's if that one is sure
        enough. `typed`: what the member typed, when `question` is that completed."""
        model = self.model
        if model is not None and self.scorer == "fitted":
            return self._unless_near_miss(self._ask_fitted(question, model), typed)
        answer = self._unless_near_miss(self._ask_lexical(question), typed)
        if model is None or self.scorer != "combined" or answer.nearby:
            return answer
        entry = self._entry(answer.fact_id) if answer.fact_id else None
        thin = entry is not None and thinly_matched(self._read(question)[entry.pack_number], entry)
        # A server's taught phrasings are staff's, not the draft's.
        draft = entry is not None and drafted(entry.pack) and not self._is_servers(entry)
        sure = self.thresholds.draft_sure
        if answer.answered and not thin and not may_doubt(answer, draft, sure):
            return answer
        judged, confidence = judge(model, self.candidates(question))
        fitted = self._ask_fitted(question, model, (judged, confidence))
        doubted = entry is not None and doubted_on_draft(answer, draft, entry, judged, sure)
        if answer.answered and not thin and not doubted:
            return answer
        if entry is not None and (thin or doubted):
            if fitted.answered and fitted.fact_id == answer.fact_id:
                return answer  # the fitted scorer agrees
            answer = declined_as_thin(answer, entry)
        if fitted.answered and fitted.confidence >= self.thresholds.fitted_after_lexical:
            fitted = self._unless_near_miss(fitted, typed)
            return fitted if fitted.answered else answer
        # Neither answers on a draft, or no word is close ("breakthru"): the fitted order.
        on_draft = judged and drafted(judged[0].entry.pack) and (entry is None or draft)
        if on_draft or (judged and not answer.suggestions):
            offered = self._ask_fitted(question, model, (judged, 0.0))
            return offered.model_copy(update={"confidence": answer.confidence})
        return answer

    def _unless_near_miss(self, answer: Answer, typed: str | None = None) -> Answer:
        """The answer; declined offering its fact if it asks a measure the fact doesn't state
        (`measures.py`), or showing the fact it came close to as nearby if it names someone
        the article doesn't tie to it (`near_miss.py`). Of a question completed from context,
        only the names typed count (the context's are the last answer's own)."""
        indexes = self._indexes()
        answered = self._entry(answer.fact_id) if answer.fact_id else None
        if answered is not None and not states_measure(answer.question, answered.fact):
            return declined_as_thin(answer, answered)  # "how heavy": no weight in its sentences
        least = self.thresholds.answer

        def best_without(queries: list[Query]) -> IndexedFact | None:
            found = self._ranked(queries, limit=1, floor=least)
            return found[0][1].entry if found and found[0][1].score >= least else None

        queries = self._read(answer.question)
        typed_queries = self._read(typed) if typed is not None else None
        found = near_miss(queries, answered, indexes, best_without, typed_queries)
        return answer if found is None else declined_near(answer, *found)

    def _completed_after(self, question: str, fact_id: str, pointing: bool) -> Answer | None:
        """The answer to the question completed with what it leaves out of `fact_id`'s
        (`follow_up.completed`), saying what it understood (declined: its decline); None
        when it leaves nothing out."""
        entry = self._entry(fact_id)
        if entry is None:
            return None
        query = self._read(question)[entry.pack_number]
        context = follow_up.Context(entry.fact, entry.pack)
        text = follow_up.completed(question, query, context, pointing)
        if text is None:
            return None
        followed = self._ask_alone(text, typed=question)
        answered = self._entry(followed.fact_id) if followed.fact_id else None
        if not followed.answered or answered is None:
            return followed.model_copy(update={"question": question})
        said = follow_up.understood(answered.fact, answered.pack)
        return followed.model_copy(update={"question": question, "context": said})

    def _article_terms(self, text: str, names_only: bool = False) -> int:
        return article_terms(self._read(text), self._indexes(), names_only)

    def _indexes(self) -> list[FactIndex]:
        """The shared index and, serving a server, its overlay's."""
        return [self.index] + ([self.overlay.index] if self.overlay else [])

    def _read(self, question: str) -> list[Query]:
        """The question as each pack reads it (a server's own packs after the shared)."""
        analyzer = (self.overlay.index if self.overlay else self.index).analyzer
        return analyzer.read_question(question[:ANALYSED_CHARACTERS])

    def _conversation(self, question: str, intent: Intent) -> Answer:
        """The intent's reply, naming the articles served with two of their questions; a
        lone word gets the questions close to it too."""
        firsts = [facts[0].question for pack in self.packs if (facts := pack.facts)]
        examples = firsts[:2] if len(firsts) > 1 else [f.question for f in self.facts()[:2]]
        limits, lone = self.thresholds, intent.name == ONE_WORD
        close = self.rank(question, limits.max_suggestions, limits.suggest) if lone else []
        offered = self._suggestions(close)
        return intent.answer(question, [p.pack.title for p in self.packs], examples, offered)

    def _ask_lexical(self, question: str) -> Answer:
        # Only what can matter: the best fact and, when it answers, the facts close to it;
        # when it does not, the best few above the suggestion floor.
        limits = self.thresholds
        ranked = self.rank(
            question,
            limit=limits.max_suggestions + 1,
            floor=limits.suggest,
            close=(limits.answer, limits.close_margin),
        )
        best = ranked[0] if ranked else None
        if best is None or best.score < limits.answer:
            offered = [item for item in ranked if item.score >= limits.suggest]
            return self._declined(question, best.confidence if best else 0.0, offered)
        close = [item for item in ranked[1:] if best.score - item.score <= limits.close_margin]
        # Another article answering as well as this one is offered first, and named.
        same = best.entry.pack_number
        elsewhere = [item for item in close if item.entry.pack_number != same]
        close = elsewhere + [item for item in close if item.entry.pack_number == same]
        answer = self._answer(question, best.entry, best.confidence, close)
        return answer.model_copy(update={"notes": answer.notes + also_answered(elsewhere)})

    def _ask_fitted(
        self, question: str, model: Model, judgement: tuple[list[Scored], float] | None = None
    ) -> Answer:
        """The fitted scorer's answer (from `judgement` when it has judged the question): a
        decline under the model's threshold, offering those above the suggestion floor."""
        judged, confidence = judgement or judge(model, self.candidates(question))
        limits = self.thresholds
        if not judged or confidence < model.threshold:
            offered = [item for item in judged if item.score >= limits.fitted_suggest]
            return self._declined(question, round(confidence, 3), offered)
        best = judged[0]
        close = [item for item in judged[1:] if best.score - item.score <= limits.close_margin]
        return self._answer(question, best.entry, round(confidence, 3), close)

    def complete(self, partial: str, limit: int = 25) -> list[Suggestion]:
        """Known questions matching half-typed, possibly misspelt input, best first."""
        floor = self.thresholds.suggest
        # On every keystroke: only the most promising facts are scored (fuzzy matching of
        # the text finds the rest), so a vague start ("how long") stays quick.
        quick = replace(self.weights, max_scored=COMPLETE_SCORED)
        ranked = (
            self._ranked(self._read(partial), limit, floor, weights=quick)
            if partial.strip()
            else []
        )
        ranked_items = [item for _, item in ranked]
        typed = partial[:ANALYSED_CHARACTERS]
        if self.overlay is None or self._overlay_completer is None:
            found = self._completer.complete(typed, ranked_items, limit, floor)
        else:
            # Only the facts this server serves, and the overlay's own, by the same scores.
            found = self._completer.complete(typed, ranked_items, limit, floor, self._serves)
            found += self._overlay_completer.complete(typed, ranked_items, limit, floor)
            found.sort(key=lambda pair: -pair[1])
        chosen = list(dict.fromkeys(fact_id for fact_id, _ in found))[:limit]
        facts = [entry.fact for fact_id in chosen if (entry := self._entry(fact_id))]
        return [Suggestion(fact_id=fact.id, question=fact.question) for fact in facts]

    def answer_fact(self, fact_id: str, question: str | None = None) -> Answer:
        """The answer of one known fact, as when a user picks a suggested question."""
        entry = self._entry(fact_id)
        if entry is None:
            raise KeyError(fact_id)
        return self._answer(question or entry.fact.question, entry, 1.0, [])

    def _answer(
        self, question: str, entry: IndexedFact, confidence: float, close: list[Scored]
    ) -> Answer:
        fact = entry.fact
        return Answer(
            question=question,
            answered=True,
            answer=fact.answer,
            sources=list(fact.sources),
            fact_id=fact.id,
            confidence=confidence,
            suggestions=self._suggestions(close),
            notes=entry.pack.notes_for(fact.id),
        )

    def _declined(self, question: str, confidence: float, offered: list[Scored]) -> Answer:
        offers = self._suggestions(offered)
        return Answer(question=question, answered=False, confidence=confidence, suggestions=offers)

    def _suggestions(self, ranked: list[Scored]) -> list[Suggestion]:
        return [
            Suggestion(fact_id=item.entry.fact.id, question=item.entry.fact.question)
            for item in ranked[: self.thresholds.max_suggestions]
        ]
