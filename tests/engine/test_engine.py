"""The engine on the real shipped pack: grounded answers, typos, subjects, declines."""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_packs
from bot.engine import Engine, QuestionError, check_question
from bot.engine.complete import Completer
from bot.engine.index import no_collection_pauses
from bot.engine.measures import states_measure
from bot.engine.normalize import clean, word_counts, words
from bot.knowledge import Fact, Pack
from bot.knowledge.models import AnswerKind, PackInfo, Subject
from tests.conftest import load_dev_questions


def test_when_is_solid_state_due(engine: Engine, toyota_pack: Pack) -> None:
    answer = engine.ask("when is solid-state due?")
    assert answer.answered
    assert answer.fact_id == "solid-state-release"
    assert answer.answer == "Around 2028."
    assert answer.sources
    assert all(s in toyota_pack.article_text for s in answer.sources)
    assert answer.sources[0].startswith("Around 2028, the company anticipates the release")
    assert 0.0 <= answer.confidence <= 1.0


def test_typos_and_chat_noise(engine: Engine) -> None:
    answer = engine.ask("<@1234567> hey bot wen is the solid stat battery comming lol")
    assert answer.fact_id == "solid-state-release"


@pytest.mark.parametrize("question", ["who ok'd toyotas batteries", "who OK\u2019d the battery?"])
def test_ok_d_is_okayed_not_a_name(engine: Engine, question: str) -> None:
    # With its apostrophe dropped, "okd" read as a name the article never uses: a near miss.
    answer = engine.ask(question)
    assert answer.fact_id == "approving-body"
    assert answer.nearby is None


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("how far does the popularization battery go", "popularization-range"),
        ("how far does the performance battery go", "performance-range"),
        ("how far does the high performance battery go", "high-performance-range"),
        ("popularisation eta?", "popularization-release"),
        ("when does the performance one come out", "performance-release"),
    ],
)
def test_subjects_are_respected(engine: Engine, question: str, fact_id: str) -> None:
    assert engine.ask(question).fact_id == fact_id


def test_a_subject_never_gets_another_subjects_fact(engine: Engine) -> None:
    for entry in engine.rank("popularization battery range in miles"):
        subjects = entry.entry.fact.subjects
        assert "popularization" in subjects or not {"performance", "high-performance"} & set(
            subjects
        )


@pytest.mark.parametrize(
    "question",
    [
        "what is the range of the nissan leaf",
        "does honda have solid-state batteries",
        "is the new iphone battery any good",
        "what's the weather like tomorrow",
        "what is firelight's xrp staking platform",
        "how much will the solid state battery cost",
        "what is the charging time of the popularization battery",
    ],
)
def test_out_of_scope_questions_are_declined(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.answered, answer
    assert answer.answer is None
    assert answer.fact_id is None
    assert answer.sources == []


def test_a_decline_offers_close_questions(engine: Engine) -> None:
    answer = engine.ask("range?")
    assert not answer.answered
    assert 1 <= len(answer.suggestions) <= 3
    assert all("range" in s.question.lower() for s in answer.suggestions)


def test_the_charging_contradiction_is_noted(engine: Engine) -> None:
    answer = engine.ask("how fast do the high performance batteries charge")
    assert answer.fact_id == "high-performance-charging"
    assert answer.notes
    assert "10-Minute Charging" in answer.notes[0]
    assert "20 minutes" in answer.answer if answer.answer else False


def test_answer_fact_returns_the_fact_itself(engine: Engine) -> None:
    answer = engine.answer_fact("market-leaders")
    assert answer.answered
    assert answer.answer == "China or South Korea, according to the article."


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\u200b\u200f", "🔋" * 5000, "@everyone " * 3000, "a" * 100_000, "\x00\x07"],
)
def test_any_text_gets_an_answer_or_a_decline(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.answered in (True, False)
    assert 0.0 <= answer.confidence <= 1.0


def test_check_question_limits() -> None:
    assert check_question("  when?  ", 500) == "when?"
    with pytest.raises(QuestionError, match="Ask me a question"):
        check_question(" \n ", 500)
    with pytest.raises(QuestionError, match="10,000 characters long"):
        check_question("x" * 10_000, 500)
    assert check_question("x" * 500, 500) == "x" * 500
    with pytest.raises(QuestionError, match="not UTF-8 text"):
        check_question("when is it due \udcff", 500)


def test_normalisation() -> None:
    assert clean("Toyota\u2019s \uff22\uff3a\uff14\uff38 \u2014 1,000 km!") == "toyota bz4x 1000 km"
    assert words("<@!42> @FactBot hey bot when's it due lol https://x.y/z") == ["when", "it", "due"]
    assert words("600km, 9gwh") == ["600", "km", "9", "gwh"]
    assert clean("1,000,000 and 12,3456 or ,123 x,123") == "1000000 and 12 3456 or 123 x 123"
    assert clean("snake_case__word isn't Toyota's") == "snake case word is not toyota"
    assert words("lol u r gonna 10km") == ["you", "are", "going", "10", "km"]


def test_word_counts_count_the_words_in_order_of_first_occurrence() -> None:
    text = "me and u r gonna see, lol u know: gimme 10km hey, gimme more you"
    assert list(word_counts(text).items()) == list(Counter(words(text)).items())


def test_pruned_ranking_gives_the_same_answers_as_scoring_every_fact(
    toyota_pack: Pack,
) -> None:
    """Engine.ask scores facts in order of an upper bound and stops early; scoring every
    candidate instead must give the same answer and suggestions, even among many facts."""
    engine = Engine([toyota_pack, *synthetic_packs(1200)], scorer="lexical")
    limits = engine.thresholds
    for item in load_dev_questions():
        everything = engine.rank(item.question)
        best = everything[0] if everything else None
        pruned = engine.ask(item.question)
        if pruned.intent is not None:  # conversation: its own reply, never ranked
            assert not pruned.answered, item.question
            continue
        if best is not None and not states_measure(item.question, best.entry.fact):
            assert not pruned.answered, item.question  # "what's the bZ4X's price"
            continue
        if best is None or best.score < limits.answer:
            assert not pruned.answered, item.question
            offered = [s.entry.fact.id for s in everything if s.score >= limits.suggest]
        else:
            assert pruned.fact_id == best.entry.fact.id, item.question
            offered = [
                s.entry.fact.id
                for s in everything[1:]
                if best.score - s.score <= limits.close_margin
            ]
        expected = offered[: limits.max_suggestions]
        if pruned.nearby is not None:  # a near miss shows its close fact once, as nearby
            expected = [fact_id for fact_id in expected if fact_id != pruned.nearby.fact_id]
        assert [s.fact_id for s in pruned.suggestions] == expected, item.question


def test_a_build_in_a_worker_thread_leaves_the_garbage_collector_on() -> None:
    """The collector switch is process-wide: a build beside the event loop must not stop
    the loop's collections; a build on the main thread may, and turns it back on."""
    packs = synthetic_packs(3000)
    seen: list[bool] = []
    worker = threading.Thread(target=Engine, args=(packs,))
    worker.start()
    while worker.is_alive():
        seen.append(gc.isenabled())
        time.sleep(0.001)
    worker.join()
    assert seen
    assert all(seen)
    disabled_during: list[bool] = []
    with no_collection_pauses():
        disabled_during.append(not gc.isenabled())
    assert disabled_during == [True]
    assert gc.isenabled()


def test_the_engine_names_its_packs_and_facts(engine: Engine, toyota_pack: Pack) -> None:
    assert [pack.id for pack in engine.packs] == [toyota_pack.id]
    assert [fact.id for fact in engine.facts()] == [fact.id for fact in toyota_pack.facts]
    fact = engine.fact("solid-state-release")
    assert fact is not None
    assert fact.answer == "Around 2028."
    pack = engine.pack_of("solid-state-release")
    assert pack is not None
    assert pack.id == toyota_pack.id
    assert engine.fact("no-such-fact") is None
    assert engine.pack_of("no-such-fact") is None


def test_autocomplete_past_the_full_scan_finds_what_matching_every_phrasing_finds() -> None:
    engine = Engine(synthetic_packs(2000))  # about 6,000 phrasings: past FULL_SCAN
    assert engine._completer._by_prefix  # the shortlist is in use
    every_phrasing = Engine(synthetic_packs(2000))
    every_phrasing._completer = Completer(every_phrasing.index, full_scan=10**9)
    found = {"shortlist": 0, "every phrasing": 0}
    for fact in engine.facts()[::37]:
        typed = fact.question[: max(8, len(fact.question) * 2 // 3)]
        for name, which in (("shortlist", engine), ("every phrasing", every_phrasing)):
            found[name] += fact.id in [s.fact_id for s in which.complete(typed)]
    assert found["every phrasing"] >= 25  # of 55: synthetic products share names
    assert found["shortlist"] >= found["every phrasing"]


def test_autocomplete_shortlist_leaves_out_a_beginning_most_phrasings_share() -> None:
    """When every word beginning is common, the one nearly every phrasing has ("the") is
    left out: it would weigh them all alike, and adding to each costs a keystroke milliseconds."""
    engine = Engine(synthetic_packs(2000))
    completer = engine._completer
    phrasings = completer._phrasings
    most = [
        p
        for p in ("the", "whe", "how", "wha")
        if len(completer._by_prefix.get(p, ())) > 0.5 * len(phrasings)
    ]
    common = [
        p
        for p, found in completer._by_prefix.items()
        if 0.1 * len(phrasings) < len(found) <= 0.5 * len(phrasings)
    ]
    assert most
    assert common
    shortlist = completer._shortlist(f"{most[0]} {common[0]}")
    assert shortlist is not None
    chosen = {phrasings[n] for n in shortlist}
    # Every phrasing chosen has the less common beginning; the most common alone picks none.
    assert all(common[0] in {w[:3] for w in text.split()} for text in chosen)


def test_a_pack_phrase_with_a_chat_noise_word_stands_for_nothing(engine: Engine) -> None:
    """Questions lose chat noise ("hi", "quick") before they are read; a pack phrase that
    holds such a word ("hi performance", an alias of High Performance; the cue "how quick")
    read the same way left "performance" standing for High Performance too, and every "how"
    asking for a charging time."""
    query = engine._read("performance range?")[0]
    assert query.subjects == {"performance"}
    assert engine.ask("performance range?").confidence == 1.0
    assert engine._read("how does toyota make the batteries")[0].kinds == frozenset()
    # Typed, such a phrase still means what the pack says it means, clause by clause.
    assert engine._read("hi performance range")[0].subjects == {"high-performance"}
    assert engine._read("how quick does it charge")[0].kinds == {"charging-time"}
    assert engine._read("hi, performance range?")[0].subjects == {"performance"}
    twice = engine._read("hi performance, hi performance range")[0]
    assert twice.subjects == {"high-performance"}


def test_a_name_that_is_noisy_itself_is_still_read() -> None:
    # "man" is chat noise; the island has no other name to be read as.
    island = Subject(name="Isle of Man", aliases=["isle of man"])
    fact = Fact(
        id="crossing",
        question="How long is the crossing to the Isle of Man?",
        answer="Three hours.",
        kind="time",
        subjects=["isle"],
        sources=["The crossing to the Isle of Man takes three hours."],
    )
    pack = Pack(
        pack=PackInfo(id="ferry", title="Ferry", article="-"),
        subjects={"isle": island},
        kinds={"time": AnswerKind(cues=["how long"])},
        facts=[fact],
        file=Path("<isle>"),
        article_text=fact.sources[0],
    )
    engine = Engine([pack], scorer="lexical")
    assert engine._read("how long is the crossing to the isle of man")[0].subjects == {"isle"}


def test_the_last_reading_is_kept_only_for_the_same_text(engine: Engine) -> None:
    first = engine._read("when is solid state due")
    assert engine._read("when is solid state due") is first
    assert engine._read("when is the performance battery due") != first
