"""A server's overlay on the shared index: what it hides, teaches and adds changes its answers
and nothing else, and costs no copy of the shared index."""

from __future__ import annotations

import random
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import snowballstemmer

from benchmarks.overlays import customised
from benchmarks.synthetic import synthetic_packs
from bot.engine import Engine, normalize
from bot.knowledge import Pack, load_pack
from bot.storage import ServerFact
from bot.storage.packs import server_pack
from tests.conftest import load_dev_questions

HARBOUR_FERRY = Path(__file__).parent.parent / "data" / "packs" / "harbour-ferry"
GUILD = 81_000_000_000_000_001
NOW = datetime(2026, 12, 2, tzinfo=UTC)
MEETUP = ServerFact(
    guild_id=GUILD,
    fact_id="server-1",
    question="When does the server meetup start?",
    answer="At 8 pm UTC on Fridays.",
    quote="Our meetup starts at 8 pm UTC every Friday in the stage channel.",
    source="Server rules",
    phrasings=["what time is the meetup"],
    created_at=NOW,
    updated_at=NOW,
)
TAUGHT = {"production-sites": ["who runs the gigafactory in aichi"]}


@pytest.fixture(scope="module")
def ferry_pack() -> Pack:
    return load_pack(HARBOUR_FERRY)


def _answers(engine: Engine) -> list[tuple[str | None, bool]]:
    found = []
    for question in load_dev_questions():
        answer = engine.ask(question.question)
        found.append((answer.fact_id, answer.answered))
    return found


def test_an_empty_overlay_changes_no_answer_of_the_development_set(engine: Engine) -> None:
    view = engine.for_server(frozenset(), {}, None, None)
    assert _answers(view) == _answers(engine)
    assert view.index is engine.index  # shared, not copied


def test_hiding_and_teaching_change_only_the_answers_of_those_facts(engine: Engine) -> None:
    hidden = frozenset({"battery-investment"})
    view = engine.for_server(hidden, TAUGHT, None, None)
    changed = {"battery-investment", "production-sites"}
    for question, (fact_id, answered) in zip(load_dev_questions(), _answers(view), strict=True):
        before = engine.ask(question.question)
        if before.fact_id in changed:
            assert fact_id != "battery-investment", question.question
            continue
        assert (fact_id, answered) == (before.fact_id, before.answered), question.question
    assert view.ask(TAUGHT["production-sites"][0]).fact_id == "production-sites"
    assert not engine.ask(TAUGHT["production-sites"][0]).answered


def test_a_hidden_fact_is_gone_from_every_view_of_the_server(engine: Engine) -> None:
    hidden = frozenset({"solid-state-release"})
    view = engine.for_server(hidden, {}, None, None)
    assert view.ask("when is solid-state due?").fact_id != "solid-state-release"
    assert "solid-state-release" not in [s.fact_id for s in view.complete("when is solid")]
    assert "solid-state-release" in [s.fact_id for s in engine.complete("when is solid")]
    assert view.fact("solid-state-release") is None
    assert "solid-state-release" not in [fact.id for fact in view.facts()]
    assert view.fact_count == engine.fact_count - 1
    with pytest.raises(KeyError):
        view.answer_fact("solid-state-release")


def test_a_taught_phrasing_is_offered_and_answered_from_the_shared_fact(engine: Engine) -> None:
    view = engine.for_server(frozenset(), TAUGHT, None, None)
    fact = view.fact("production-sites")
    assert fact is not None
    assert TAUGHT["production-sites"][0] in fact.phrasings
    assert view.fact_count == engine.fact_count
    assert [f.id for f in view.facts()] == [f.id for f in engine.facts()]
    offered = view.complete("who runs the gigafac")
    assert offered[0].fact_id == "production-sites"


def test_the_servers_own_facts_answer_beside_the_shipped_ones(
    engine: Engine, toyota_pack: Pack
) -> None:
    own = server_pack(GUILD, [MEETUP])
    view = engine.for_server(frozenset(), {}, own, None)
    assert view.ask("what time does the meetup start?").fact_id == "server-1"
    assert view.ask("when is solid-state due?").fact_id == "solid-state-release"
    assert view.fact_count == engine.fact_count + 1
    assert [pack.id for pack in view.packs] == [toyota_pack.id, f"server-{GUILD}"]
    assert [fact.id for fact in view.facts_of(f"server-{GUILD}")] == ["server-1"]
    assert not engine.ask("what time does the meetup start?").answered


def test_an_overlay_answers_as_a_rebuilt_engine_would(engine: Engine, toyota_pack: Pack) -> None:
    """The engine a server got before overlays: its packs rebuilt with its changes."""
    hidden = frozenset({"battery-investment"})
    own = server_pack(GUILD, [MEETUP], TAUGHT)
    rebuilt = Engine([*customised([toyota_pack], hidden, TAUGHT), own] if own else [])
    view = engine.for_server(hidden, TAUGHT, own, None)
    questions = [q.question for q in load_dev_questions()] + [
        "what time does the meetup start?",
        TAUGHT["production-sites"][0],
    ]
    same = sum(view.ask(text).fact_id == rebuilt.ask(text).fact_id for text in questions)
    # Confidences may differ a little (the overlay weighs by the shipped pack's statistics).
    assert same == len(questions), (same, len(questions))


def test_a_server_serving_some_packs_never_answers_from_the_others(
    toyota_pack: Pack, ferry_pack: Pack
) -> None:
    both = Engine([toyota_pack, ferry_pack])
    served = frozenset({ferry_pack.id})
    view = both.for_server(frozenset(), {}, None, served)
    assert both.ask("when is solid-state due?").fact_id == "solid-state-release"
    assert view.ask("when is solid-state due?").fact_id != "solid-state-release"
    assert [pack.id for pack in view.packs] == [ferry_pack.id]
    assert view.fact_count == len(ferry_pack.facts)
    assert all(view.pack_of(fact.id) == ferry_pack for fact in view.facts())
    assert view.example_question == ferry_pack.facts[0].question


def test_a_server_serving_one_pack_of_many_gets_its_suggestions_and_answers() -> None:
    packs = synthetic_packs(2000, facts_per_pack=500)  # four packs
    both = Engine(packs)
    served = frozenset({packs[-1].id})
    view = both.for_server(frozenset(), {}, None, served)
    alone = Engine([packs[-1]])
    assert len(view.complete("")) == len(alone.complete("")) == 25
    for typed in ("when will the", "how far can"):
        offered = view.complete(typed)
        assert offered
        assert all(view.pack_of(s.fact_id) == packs[-1] for s in offered)
    for fact in packs[-1].facts[::50]:
        assert view.ask(fact.question).fact_id == alone.ask(fact.question).fact_id
    assert view.example_question == packs[-1].facts[0].question
    assert view.indexed_facts == both.indexed_facts  # what a question costs here


def test_stemming_from_several_threads_at_once_gives_each_word_its_own_stem() -> None:
    words = [
        f"{prefix}{ending}"
        for prefix in ("batter", "charg", "produc", "approv", "releas")
        for ending in ("ing", "ed", "es", "ations", "ingly", "er")
    ] * 20
    rng = random.Random(5)
    words = [word + "".join(rng.choice("abcdefgh") for _ in range(3)) for word in words]
    expected = {word: snowballstemmer.stemmer("english").stemWord(word) for word in words}
    normalize.stem.cache_clear()
    found: dict[str, str] = {}

    def stem_all(chunk: list[str]) -> None:
        for word in chunk:
            found[word] = normalize.stem(word)

    threads = [threading.Thread(target=stem_all, args=(words[n::6],)) for n in range(6)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns often, as a busy bot's may
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert found == expected
