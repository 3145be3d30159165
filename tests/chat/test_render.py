"""Rendering stays inside Discord's limits and keeps quotes verbatim."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.render import (
    CONTENT_LIMIT,
    DESCRIPTION_LIMIT,
    EMBED_TOTAL_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    answer_embed,
    decline_text,
)
from bot.engine import Answer, Engine, Suggestion
from bot.engine.answer import Nearby
from bot.knowledge import Pack, load_pack


def _unescape(text: str) -> str:
    return text.replace("\\", "").replace("@\u200b", "@")


def test_an_answer_renders_with_its_quote(engine: Engine) -> None:
    answer = engine.ask("when is solid-state due?")
    embed = answer_embed(answer, "Toyota article")
    assert embed.title == "Around 2028."
    assert embed.description is not None
    assert _unescape(embed.description) == "> " + answer.sources[0]
    assert embed.footer.text is not None
    assert "solid-state-release" in embed.footer.text


def test_a_contradiction_note_is_shown(engine: Engine) -> None:
    embed = answer_embed(engine.ask("how fast does the high performance battery charge"), "T")
    assert [field.name for field in embed.fields] == ["Source", "Note"]


def test_another_article_that_answers_too_is_named(toyota_pack: Pack) -> None:
    ferry = load_pack(Path(__file__).parent.parent / "data" / "packs" / "harbour-ferry")
    answer = Engine([toyota_pack, ferry]).ask("how long does it take to charge")
    embed = answer_embed(answer, "Lakeview Harbour")
    notes = [field.value or "" for field in embed.fields if field.name == "Note"]
    assert any("answers this too" in note and "Toyota" in note for note in notes)
    related = next(field.value or "" for field in embed.fields if field.name == "Related")
    assert _unescape(answer.suggestions[0].question) in _unescape(related)


@pytest.mark.parametrize("size", [10, 5_000, 100_000])
def test_any_sizes_stay_within_discord_limits(size: int) -> None:
    huge = "word " * size
    answer = Answer(
        question=huge,
        answered=True,
        answer=huge,
        sources=[huge, huge],
        fact_id="x" * 64,
        confidence=0.5,
        suggestions=[Suggestion(fact_id="y", question=huge)] * 3,
        notes=[huge, huge],
    )
    embed = answer_embed(answer, huge)
    assert len(embed.title or "") <= TITLE_LIMIT
    assert len(embed.description or "") <= DESCRIPTION_LIMIT
    assert all(len(field.value or "") <= FIELD_VALUE_LIMIT for field in embed.fields)
    # Field names are FactBot's own words, so nothing clips them to Discord's 256.
    assert all(len(field.name or "") <= 256 for field in embed.fields)
    assert len(embed) <= EMBED_TOTAL_LIMIT
    declined = Answer(question=huge, answered=False, confidence=0.0, suggestions=answer.suggestions)
    assert len(decline_text(declined)) <= CONTENT_LIMIT


def test_mentions_and_markdown_are_neutralised() -> None:
    answer = Answer(
        question="q",
        answered=True,
        answer="@everyone **bold** <@&123>",
        sources=["a *star* and @here"],
        fact_id="f",
        confidence=1.0,
    )
    embed = answer_embed(answer, "t")
    assert "@everyone" not in (embed.title or "")
    assert "@here" not in (embed.description or "")
    assert "**" not in (embed.title or "")


def test_a_near_miss_says_what_the_article_does_not_and_quotes_what_it_does(
    engine: Engine, toyota_pack: Pack
) -> None:
    text = decline_text(engine.ask("how many gwh does panasonic make a year"))
    lines = text.splitlines()
    assert lines[0] == "The article doesn't say that about Panasonic."
    assert "not an answer to your question" in lines[1]
    target = engine.fact("production-target")
    assert target is not None
    assert target.answer in lines[2]
    quoted = [line.removeprefix("> ").replace("\\", "") for line in lines if line.startswith("> ")]
    assert quoted == list(target.sources)
    assert all(sentence in toyota_pack.article_text for sentence in quoted)


@pytest.mark.parametrize("size", [10, 100_000])
def test_a_near_miss_stays_within_discord_limits_and_pings_no_one(size: int) -> None:
    huge = "word " * size
    nearby = Nearby(
        named="@everyone " + huge, fact_id="f", question=huge, answer=huge, sources=[huge]
    )
    declined = Answer(question="q", answered=False, confidence=0.0, nearby=nearby)
    text = decline_text(declined)
    assert len(text) <= CONTENT_LIMIT
    assert "@everyone" not in text
