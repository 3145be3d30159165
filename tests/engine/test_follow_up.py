"""Follow-up questions take what they leave out from the answer they follow.

`tests/data/dialogues.jsonl`: 44 conversations of 2-3 turns a tester wrote from the article
alone, before the follow-up reading existed, each later turn marked as a follow-up or as a
new question, with what it asks in words. The expected fact of a turn is FactBot's answer to
that description asked on its own, so the figures hold up to the engine's own accuracy on
self-contained questions. Measured once when the follow-up reading was first run, nothing
tuned on them until the rules for questions that point back ("it") and for context that
only repeats the last answer were built while reading its misses: in-sample since. First
measured: follow-ups 17 of 24 right (6 without context), new questions 20 of 22 (21
without), context wrongly used on 1 new question; those rules change two follow-ups, one
each way (17 still; the one now counted wrong, "what did it approve for toyota" after
"whats METI", gets what METI approved, while its label, the engine's answer to "what METI
approved for Toyota" asked alone, is the approving body).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from bot.engine import Engine

DATA = Path(__file__).parents[1] / "data"
DIALOGUES = DATA / "dialogues.jsonl"
HELD_OUT_DIALOGUES = DATA / "heldout" / "dialogues" / "dialogues.jsonl"
SECOND_HELD_OUT = DATA / "heldout" / "dialogues2" / "dialogues.jsonl"


@pytest.mark.parametrize(
    ("first", "then", "fact_id", "context"),
    [
        (
            "when will the performance battery come out",
            "and the range?",
            "performance-range",
            "Performance batteries, range",
        ),
        (
            "what range will the performance battery have",
            "what about the popularization one?",
            "popularization-range",
            "Popularization batteries, range",
        ),
        ("who owns primeearth", "why?", "primeearth-reason", "Primeearth EV Energy, reason"),
        # "that" points back at the 9 GWh target, though "timeline" names the roadmap.
        (
            "how many gwh does toyota want to make a year",
            "is there a timeline for that",
            "production-timeline",
            "battery production, date",
        ),
    ],
)
def test_a_follow_up_takes_what_it_leaves_out_from_the_last_answer(
    engine: Engine, first: str, then: str, fact_id: str, context: str
) -> None:
    previous = engine.ask(first)
    assert previous.fact_id is not None
    followed = engine.ask(then, after=previous.fact_id)
    assert (followed.fact_id, followed.context) == (fact_id, context)
    assert followed.question == then
    assert engine.ask(then).fact_id != fact_id  # alone, it does not say as much


def test_a_question_that_carries_on_takes_the_context_over_its_own_reading(
    engine: Engine,
) -> None:
    # Alone, "the performance one" is read best as something else; "what about" carries on.
    after = "high-performance-range"
    asked = engine.ask("what about the performance one", after=after)
    assert (asked.fact_id, asked.context) == ("performance-range", "Performance batteries, range")


def test_the_context_s_names_are_no_near_miss(engine: Engine) -> None:
    # The context adds both plants' names; the question is about Primeearth's owner, and
    # the other plant's name, added by the bot, must not turn the answer down.
    asked = engine.ask("when did toyota buy it out", after="primeearth-partner")
    assert asked.fact_id == "primeearth-ownership"


@pytest.mark.parametrize("message", ["what about nissan", "when will honda do it"])
def test_a_follow_up_about_someone_else_is_a_near_miss(engine: Engine, message: str) -> None:
    # Alone it says too little to answer; with the context it reads as Toyota's own date.
    asked = engine.ask(message, after="solid-state-release")
    assert not asked.answered
    assert asked.nearby is not None
    assert asked.nearby.fact_id == "solid-state-release"
    assert engine.ask(message).nearby is None


@pytest.mark.parametrize("message", ["", "😀", "lol", "what?", "tell me more"])
def test_a_message_that_says_nothing_does_not_repeat_the_last_answer(
    engine: Engine, message: str
) -> None:
    assert engine.ask(message, after="solid-state-release").fact_id is None


def test_a_question_that_only_changes_the_unit_gets_the_same_fact(engine: Engine) -> None:
    asked = engine.ask("in miles?", after="performance-range")
    assert (asked.fact_id, asked.context) == ("performance-range", "Performance batteries, range")


def test_a_question_that_names_what_it_asks_ignores_the_context(engine: Engine) -> None:
    asked = engine.ask("who approved the plan?", after="performance-range")
    assert asked.fact_id == engine.ask("who approved the plan?").fact_id
    assert asked.context is None


@pytest.mark.parametrize("after", ["approval-reason", "primeearth-reason", "japan-supply-goal"])
def test_a_question_answered_as_well_alone_takes_no_context(engine: Engine, after: str) -> None:
    """It names no kind of answer, but answers confidently on its own (a reviewer's check of
    every fact's question after every other fact found these)."""
    question = engine.facts()[0].question  # "What did Japan's trade ministry approve ...?"
    asked = engine.ask(question, after=after)
    assert (asked.fact_id, asked.context) == (engine.facts()[0].id, None)


def test_small_talk_with_a_question_word_is_a_follow_up(engine: Engine) -> None:
    asked = engine.ask("ok and when?", after="performance-range")
    assert (asked.intent, asked.fact_id) == (None, "performance-release")


def test_conversation_and_unknown_facts_are_not_follow_ups(engine: Engine) -> None:
    assert engine.ask("thanks!", after="performance-range").intent == "thanks"
    plain = engine.ask("and the range?")
    assert engine.ask("and the range?", after="no-such-fact") == plain


def test_a_question_that_points_back_is_about_the_last_answer(engine: Engine) -> None:
    # Alone, "it" reads as the all-solid-state batteries' charging, answered confidently.
    assert engine.ask("how long does it take to charge").fact_id == "solid-state-charging"
    after = "high-performance-range"
    asked = engine.ask("how long does it take to charge", after=after)
    assert asked.fact_id == "high-performance-charging"
    assert asked.context == "High Performance batteries, charging time"


def test_context_that_only_repeats_the_last_answer_is_not_taken(engine: Engine) -> None:
    # With the context, "that" reads as the approving body again (confidence 1.0); alone, as
    # what the approval lets Toyota do, which is what is asked.
    asked = engine.ask("so what does that let toyota do", after="approving-body")
    assert asked.fact_id == "meti-approval"
    assert asked.context is None


def _dialogue_outcomes(engine: Engine, path: Path) -> Counter[str]:
    """Per later turn with an expected fact: right or wrong, as a follow-up or a new
    question, and whether context was used on a new question. A turn's expected facts are
    its labels (`facts`) or, in the sets labelled in words (`about`), FactBot's answer to
    those words asked alone."""
    counts: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        dialogue = json.loads(line)
        after = None
        labels = dialogue.get("facts") or [[engine.ask(a).fact_id] for a in dialogue["about"]]
        turns = zip(dialogue["turns"], dialogue["follow_up"], labels, strict=True)
        for number, (turn, follow_up, wanted) in enumerate(turns):
            answer = engine.ask(turn, after=after)
            if number and wanted != [None]:
                kind = "follow-up" if follow_up else "new question"
                counts[f"{kind} right" if answer.fact_id in wanted else f"{kind} wrong"] += 1
                if answer.context and not follow_up:
                    counts["context used on a new question"] += 1
            after = answer.fact_id or after
    return counts


def test_the_testers_dialogues(engine: Engine) -> None:
    counts = _dialogue_outcomes(engine, DIALOGUES)
    assert counts["follow-up right"] >= 17  # of 24
    assert counts["new question right"] >= 20  # of 22
    assert counts["context used on a new question"] <= 1


def test_the_held_out_dialogues(engine: Engine) -> None:
    """tests/data/heldout/dialogues/: written blind after the last follow-up change,
    measured once (56 of 66 turns right, 85%); the rules for questions that carry on ("and
    ...") and for context that changes nothing came after reading its misses. Since the
    fitted scorer reads word by word, "and when is it out" after the cost comparison of both
    batteries is declined (was answered with the Popularization release at 0.70)."""
    counts = _dialogue_outcomes(engine, HELD_OUT_DIALOGUES)
    assert counts["follow-up right"] >= 28  # of 33
    assert counts["new question right"] >= 33  # of 34
    assert counts["context used on a new question"] == 0


def test_the_second_held_out_dialogues(engine: Engine) -> None:
    """tests/data/heldout/dialogues2/: 50 conversations written blind, each turn labelled
    with the facts that answer it; measured once after 2026-12-04's follow-up rules: 56 of
    61 later turns right (92%), no context used on a new question."""
    counts = _dialogue_outcomes(engine, SECOND_HELD_OUT)
    # 27 since pack phrases with a chat-noise word stand for nothing: "how long 2 charge
    # the solid state battery" had read as a charging time only through "how quick"'s "how".
    assert counts["follow-up right"] >= 27  # of 32
    assert counts["new question right"] >= 28  # of 29
    assert counts["context used on a new question"] == 0


def test_a_follow_up_about_someone_else_is_a_near_miss_even_where_context_answers(
    engine: Engine,
) -> None:
    # With the context "what about nissan" reads as the Performance range, answered; the
    # article says it of Toyota's battery, not Nissan's (found trying `factbot chat`).
    asked = engine.ask("what about nissan", after="performance-range")
    assert not asked.answered
    assert asked.nearby is not None
    assert (asked.nearby.named, asked.nearby.fact_id) == ("nissan", "performance-range")
    # A unit is no name: "in usd?" still follows the investment.
    assert engine.ask("in usd?", after="battery-investment").fact_id == "battery-investment"
