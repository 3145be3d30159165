"""Near misses: a question about someone the article never ties to the fact it came close to
is declined, with that fact shown as what the article says nearby (bot/engine/near_miss.py)."""

from __future__ import annotations

from bot.engine import Engine
from bot.engine.near_miss import named_subjects, subjects_of_verbs
from bot.knowledge import Pack


def test_named_subjects_are_the_names_not_the_topics(toyota_pack: Pack) -> None:
    named = named_subjects(toyota_pack)
    assert {"panasonic", "electrek", "bz4x", "meti", "primeearth", "south-korea"} <= named
    # Topics ("battery production", "Toyota's battery roadmap") and the grouped battery
    # lines, which the group rule already keeps apart, are not names.
    assert not {"production", "investment", "roadmap", "hybrid", "subsidiaries"} & named
    assert not {"performance", "popularization", "solid-state"} & named


def test_a_named_subject_the_fact_is_not_about_gets_the_fact_as_nearby(engine: Engine) -> None:
    answer = engine.ask("how many gwh does panasonic make a year")
    assert not answer.answered
    assert answer.answer is None
    assert answer.fact_id is None
    assert answer.sources == []
    assert answer.nearby is not None
    assert answer.nearby.named == "Panasonic"
    assert answer.nearby.fact_id == "production-target"
    assert answer.nearby.answer == engine.fact("production-target").answer  # type: ignore[union-attr]


def test_a_name_the_article_never_mentions_gets_the_fact_without_it(
    engine: Engine, toyota_pack: Pack
) -> None:
    answer = engine.ask("when is tesla's solid state battery coming")
    assert not answer.answered
    assert answer.nearby is not None
    assert answer.nearby.named == "tesla"
    assert answer.nearby.fact_id == "solid-state-release"
    assert all(sentence in toyota_pack.article_text for sentence in answer.nearby.sources)
    # Shown once, as nearby, not again among the close questions.
    assert "solid-state-release" not in [s.fact_id for s in answer.suggestions]


def test_neighbouring_unknown_words_are_named_together(engine: Engine) -> None:
    answer = engine.ask("did meti approve samsung sdi batteries")
    assert not answer.answered
    assert answer.nearby is not None
    assert answer.nearby.named == "samsung sdi"


def test_questions_about_the_articles_own_subjects_are_answered_as_before(
    engine: Engine,
) -> None:
    for question, fact_id in [
        ("how much does toyota aim to produce a year", "production-target"),
        ("who is panasonic partnering with", "primeearth-partner"),
        ("when is solid-state due?", "solid-state-release"),
    ]:
        answer = engine.ask(question)
        assert answer.answered, question
        assert answer.fact_id == fact_id, question
        assert answer.nearby is None, question


def test_a_decline_that_names_no_one_has_no_nearby_fact(engine: Engine) -> None:
    for question in ["who wrote this article", "what's quantumscape doing", "whats the weather"]:
        answer = engine.ask(question)
        assert not answer.answered, question
        assert answer.nearby is None, question


def test_fragments_and_numbers_are_not_names(engine: Engine) -> None:
    # "y/n" leaves the fragment "n", which no fact uses: it names no one.
    for question in ["is the range 9000 km?", "toyota allowed to build solid state batteries? y/n"]:
        assert engine.ask(question).nearby is None, question


def test_an_unknown_name_as_the_subject_of_the_verb_turns_down_an_answer(
    engine: Engine,
) -> None:
    # Answered with Toyota's 9 GWh before: "nissan" weighs the most but the rest matched.
    answer = engine.ask("how many gwh does nissan make a year")
    assert not answer.answered
    assert answer.nearby is not None
    assert answer.nearby.named == "nissan"
    assert answer.nearby.fact_id == "production-target"


def test_an_unknown_word_anywhere_else_leaves_the_answer_alone(engine: Engine) -> None:
    # An aside after "is that" is not the subject of the question's verb.
    question = "has toyota made a breakthrough on all solid state batteries or is that hype"
    answer = engine.ask(question)
    assert answer.fact_id == "solid-state-breakthrough"
    assert answer.nearby is None


def test_subjects_of_verbs_run_on_over_neighbouring_unknown_words(engine: Engine) -> None:
    query = engine._read("how long does samsung sdi take to charge")[0]
    assert subjects_of_verbs(query, ["samsung", "sdi"]) == ["samsung", "sdi"]
    # Unknown, but not right after an auxiliary nor after another such name.
    query = engine._read("how long does it take samsung to charge")[0]
    assert subjects_of_verbs(query, ["samsung"]) == []


def test_a_draft_is_not_judged_by_its_facts_subjects(toyota_pack: Pack) -> None:
    # A draft's subjects are only the names its sentences hold: an unreviewed pack's fact is
    # not taken to be about nothing but them. A name the article never uses still counts.
    unreviewed = toyota_pack.pack.model_copy(update={"reviewed": False})
    draft = Engine([toyota_pack.model_copy(update={"pack": unreviewed})], scorer="lexical")
    answer = draft.ask("how many gwh does panasonic make a year")
    assert answer.nearby is None
    assert answer.fact_id == "production-target"
    assert draft.ask("how many gwh does nissan make a year").nearby is not None


def test_a_servers_overlay_shares_the_shipped_packs_named_subjects(engine: Engine) -> None:
    view = engine.for_server(frozenset({"production-target"}), {}, None, None)
    nearby = view.ask("how many gwh does panasonic make a year").nearby
    assert nearby is not None
    assert nearby.fact_id != "production-target"  # hidden on this server
    assert view.overlay is not None
    # Worked out once, kept by the shared index: 1,000 servers do not hold 1,000 copies.
    assert 0 in engine.index.named_subjects
    assert view.overlay.index.named_subjects == {}


def test_a_slip_of_an_everyday_word_is_no_name(engine: Engine) -> None:
    # "teh" is "the" with two letters swapped, not a company the article never mentions.
    answer = engine.ask("how many gwh does teh toyota make")
    assert answer.fact_id == "production-target"
    # Typed in capitals it is a name, whatever it spells ("AMD", not "mad").
    answer = engine.ask("How much is AMD investing in batteries")
    assert answer.nearby is not None
    assert (answer.nearby.named, answer.nearby.fact_id) == ("amd", "battery-investment")


def test_a_year_the_facts_sentence_never_gives_is_a_near_miss(engine: Engine) -> None:
    # The article gives Toyota's 9 GWh target with no year.
    answer = engine.ask("how many gwh will toyota make in 2028")
    assert not answer.answered
    assert answer.nearby is not None
    assert (answer.nearby.fact_id, answer.nearby.named) == ("production-target", "2028")
    # A date answers a question about the wrong year; a year in the sentence is its own.
    assert engine.ask("is the popularization battery out in 2026").fact_id == (
        "popularization-release"
    )
    released = engine.ask("what battery will toyota release in 2028").fact_id
    assert released in {"battery-roadmap", "high-performance-release", "solid-state-release"}
    # A year of another fact on the same subjects is theirs: the Performance line's 2026.
    ranged = engine.ask("what range will the performance batteries have in 2026")
    assert ranged.fact_id == "performance-range"
