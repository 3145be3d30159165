"""Two packs served together: each answers its own questions (issue 7, started).

Known gap, for issue 7: beside this pack 4 of the 277 development questions change answer.
Each pack now reads a question with its own vocabulary, but the ferry facts still take short
or off-topic questions ("who made you" matches "Who made the electric ferry?"), and a pack
this small is weighed with all facts' statistics.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_packs
from bot.engine import Engine
from bot.knowledge import Pack, load_pack

FERRY_PACK = Path(__file__).parent.parent / "data" / "packs" / "harbour-ferry"
FERRY_QUESTIONS = {
    "when does the heron start": "heron-start",
    "how many cars fit on the ferry": "heron-capacity",
    "how long to charge the ferry": "heron-charging",
    "who built the heron": "heron-builder",
    "how much is the car fare": "ticket-prices",
    "how long is the trip to pine island": "crossing-time",
    "how much co2 does the ferry save": "emissions-cut",
    "how much did the ferry cost": "project-cost",
    "is the old diesel ferry scrapped": "diesel-reserve",
}


@pytest.fixture(scope="module")
def both(toyota_pack: Pack) -> Engine:
    return Engine([toyota_pack, load_pack(FERRY_PACK)])


@pytest.mark.parametrize(("question", "fact_id"), FERRY_QUESTIONS.items())
def test_the_second_pack_answers_its_own_questions(
    both: Engine, question: str, fact_id: str
) -> None:
    answer = both.ask(question)
    assert answer.fact_id == fact_id
    assert both.index.by_id[fact_id].pack.pack.title.startswith("Lakeview Harbour")


def test_a_question_about_neither_is_declined(both: Engine) -> None:
    assert not both.ask("how much does a tesla model 3 cost").answered


def test_the_index_reads_a_packs_text_as_a_query_would(toyota_pack: Pack) -> None:
    """Indexing reads texts without building Query objects; every pack must still read every
    text (its own and the other packs') as `read_known_text(...).as_read_by(own)` does."""
    index = Engine([toyota_pack, load_pack(FERRY_PACK), *synthetic_packs(60)]).index
    texts = [
        text
        for pack in index.packs
        for fact in pack.facts
        for text in [*fact.all_questions, fact.answer, *fact.sources]
    ]
    for own in index.own_terms:
        for text in texts:
            for cues in (True, False):
                query = index.analyzer.read_known_text(text, cues).as_read_by(own)
                expected = (frozenset(query.terms), query.kinds)
                assert index.analyzer.read_pack_text(text, own, cues) == expected, text
