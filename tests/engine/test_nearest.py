"""The fitted scorer also reads the facts closest to a question in meaning, where the
lexical score finds too few (`bot/engine/nearest.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.drafts import drafted_pack
from bot.config import SHIPPED_FACTS
from bot.engine import Engine, nearest
from bot.engine.fitted import CANDIDATES
from bot.knowledge import Pack, load_packs
from bot.service.reloading import load_engine

RECALL = Path(__file__).parent.parent / "data" / "train" / "articles_b" / "corvastan-recall.txt"
# Our own train article: none of the question's words that count is the sentence's.
QUESTION = "wait so whats actually wrong w the pills"
SENTENCE = "The impurity, a nitrosamine known as NDMA, was found at levels up to three times"


@pytest.fixture(scope="module")
def recall_draft() -> Pack:
    text = RECALL.read_text(encoding="utf-8")
    pack = drafted_pack(text, text.splitlines()[0])
    assert pack is not None
    return pack


def test_a_question_in_other_words_gets_candidates_by_meaning(recall_draft: Pack) -> None:
    engine = Engine([recall_draft])
    assert engine.rank(QUESTION) == []  # no word in common
    found = engine.candidates(QUESTION)
    assert len(found) == min(CANDIDATES, len(recall_draft.facts))
    sentences = [s for candidate in found for s in candidate.entry.fact.sources]
    assert any(s.startswith(SENTENCE) for s in sentences)
    # Each counts as found by no word: its lexical score is 0.
    assert all(candidate.features[0] == 0.0 for candidate in found)


def test_candidates_by_meaning_fill_up_what_words_found(recall_draft: Pack) -> None:
    engine = Engine([recall_draft])
    question = "is it sold in the states under a diff name?"
    by_words = [item.entry.fact.id for item in engine.rank(question, limit=CANDIDATES)]
    found = [candidate.entry.fact.id for candidate in engine.candidates(question)]
    assert 0 < len(by_words) < len(found) <= CANDIDATES
    assert found[: len(by_words)] == by_words
    assert len(set(found)) == len(found)


def test_a_hidden_fact_is_no_candidate_by_meaning(recall_draft: Pack) -> None:
    engine = Engine([recall_draft])
    everything = {candidate.entry.fact.id for candidate in engine.candidates(QUESTION)}
    hidden = frozenset(sorted(everything)[:10])  # half of the closest
    view = engine.for_server(hidden, {}, None, None)
    found = view.candidates(QUESTION)
    seen = {candidate.entry.fact.id for candidate in found}
    assert not seen & hidden
    # The closest of those it serves, as many as the others get.
    assert len(found) == min(CANDIDATES, len(recall_draft.facts) - len(hidden))


def test_a_large_index_relies_on_words_alone(
    recall_draft: Pack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(nearest, "MOST_FACTS", len(recall_draft.facts) - 1)
    assert Engine([recall_draft]).candidates(QUESTION) == []


def test_loading_the_packs_builds_the_matrix_so_no_question_waits_for_it() -> None:
    assert Engine(load_packs([SHIPPED_FACTS])).index not in nearest._MATRICES
    engine = load_engine([SHIPPED_FACTS])
    assert engine.index in nearest._MATRICES


def test_a_decline_with_no_close_word_offers_the_closest_in_meaning(engine: Engine) -> None:
    answer = engine.ask("is the breakthru the all solid state battery thing")
    assert not answer.answered
    # No fact is close enough in words to be offered ("breakthru" is no word it knows).
    assert all(item.score < engine.thresholds.suggest for item in engine.rank(answer.question))
    assert [s.fact_id for s in answer.suggestions][:1] == ["solid-state-breakthrough"]
    # A question about nothing in the article is offered nothing.
    assert engine.ask("whats the weather in tokyo").suggestions == []
