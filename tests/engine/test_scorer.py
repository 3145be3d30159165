"""The fitted scorer: the shipped model, its file's checks, and the engine that uses it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bot.engine import Engine
from bot.engine.evidence import FEATURES, asked_types
from bot.engine.scorer import MODEL_FILE, ScorerError, load_model
from bot.knowledge import Pack


def test_the_shipped_model_fits_the_features_and_says_where_it_comes_from() -> None:
    model = load_model()
    assert model.ranker.coef.shape == (len(FEATURES),)
    assert 0.0 < model.threshold < 1.0
    about = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["about"]
    assert set(about["data"]) == {"wikiqa", "squad"}
    assert all(part["validation_questions"] >= 500 for part in about["data"].values())


def test_a_model_file_for_other_features_is_refused(tmp_path: Path) -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    wrong = tmp_path / "scorer.json"
    wrong.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScorerError, match="fitted for features"):
        load_model(wrong)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ScorerError, match=str(broken)):
        load_model(broken)


def test_more_evidence_means_a_higher_chance() -> None:
    """The ranker's direction on the features that must count for an answer."""
    model = load_model()
    base = np.array([[0.5] * len(FEATURES)])
    for name in ("type_match", "type_missing", "engine_gap"):
        base[0, FEATURES.index(name)] = 0.0
    for name in ("sentence_pack", "engine", "type_match", "semantic", "soft_cover"):
        more = base.copy()
        more[0, FEATURES.index(name)] += 0.5
        assert model.rank_logits(more)[0] > model.rank_logits(base)[0], name
    missing = base.copy()
    missing[0, FEATURES.index("type_missing")] = 1.0
    assert model.rank_logits(missing)[0] < model.rank_logits(base)[0]


def test_what_a_question_asks_for() -> None:
    assert asked_types("When is it due?") == {"date"}
    assert asked_types("how many GWh a year") == {"number"}
    assert asked_types("who approved it") == {"person"}
    assert asked_types("what did they approve") == frozenset()


def test_the_fitted_engine_quotes_the_article_and_reports_a_probability(
    toyota_pack: Pack,
) -> None:
    engine = Engine([toyota_pack], scorer="fitted")
    answer = engine.ask("when is solid-state due?")
    assert answer.answered
    assert answer.fact_id == "solid-state-release"
    assert all(sentence in toyota_pack.article_text for sentence in answer.sources)
    assert 0.0 <= answer.confidence <= 1.0
    declined = engine.ask("what is the capital of peru")
    assert not declined.answered
    assert declined.confidence < load_model().threshold


def test_every_candidate_has_every_feature(engine: Engine) -> None:
    found = engine.candidates("how far will the performance battery go")
    assert found
    assert all(len(candidate.features) == len(FEATURES) for candidate in found)
    assert all(np.isfinite(candidate.features).all() for candidate in found)


def test_meaning_brings_a_paraphrase_closer_than_an_unrelated_sentence() -> None:
    from bot.engine.semantic import similarity, vector

    question = vector("who gave the go-ahead for the new tram line")
    related = "The city council approved the construction of the tram line on Monday."
    unrelated = "The striker scored twice in the second half of the match."
    assert similarity(question, [related]) > similarity(question, [unrelated])
    assert similarity(vector(""), [related]) == 0.0


def test_word_by_word_cover_counts_words_of_like_meaning() -> None:
    from bot.engine.semantic import soft_cover, weighed_words

    question = weighed_words([("approved", 0.6), ("tram", 0.9), ("line", 0.3)])
    same_words = "The council approved the tram line."
    like_words = "The council gave the go-ahead for the streetcar route."
    unrelated = "The striker scored twice in the second half."
    assert soft_cover(question, [same_words]) == pytest.approx(1.0, abs=1e-5)
    assert soft_cover(question, [unrelated]) < soft_cover(question, [like_words]) < 1.0
    # A word that says more counts for more: only "tram" covered beats only "line".
    assert soft_cover(question, ["A tram."]) > soft_cover(question, ["A line."])
    assert soft_cover(weighed_words([]), [same_words]) == 0.0
    assert soft_cover(question, []) == 0.0


def test_the_combined_engine_asks_the_fitted_scorer_only_where_the_lexical_declines(
    toyota_pack: Pack,
) -> None:
    engine = Engine([toyota_pack], scorer="lexical")
    combined = Engine([toyota_pack], scorer="combined")
    # The lexical scorer declines it (too few of its words are the pack's); the fitted one
    # reads the sentence and answers.
    question = "what's the $7 billion for"
    assert not engine.ask(question).answered
    answer = combined.ask(question)
    assert answer.fact_id == "battery-investment"
    assert all(sentence in toyota_pack.article_text for sentence in answer.sources)
    # Where the lexical scorer answers, its answer stands.
    assert combined.ask("when is solid-state due?") == engine.ask("when is solid-state due?")
    # A near miss stays a near miss, and a question nothing answers stays declined.
    assert combined.ask("how many gwh does panasonic make a year").nearby is not None
    assert not combined.ask("what is the capital of peru").answered
