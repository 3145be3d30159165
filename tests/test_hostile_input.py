"""Any text a member can paste: the engine never fails, answers or declines, and the reply
stays within Discord's limits with no mention that could ping and no quote from nowhere."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.chat.choices import fact_choices, question_choices
from bot.chat.render import answer_embed, decline_text, help_text
from bot.engine import Engine, QuestionError, check_question
from bot.engine.normalize import clean
from bot.knowledge import Pack
from bot.knowledge.draft import DraftError, draft_pack, pack_toml
from bot.knowledge.models import PackFile
from bot.service.overview import overview

# Mention syntax Discord would turn into a ping (escape_mentions breaks each of these).
PING = re.compile(r"@(everyone|here)|<@[!&]?\d+>")
NASTY = [
    "@everyone",
    "@here",
    "<@&81000000000000001>",
    "<@!83000000000000001>",
    "**bold** __under__ `code` ||spoiler|| > quote",
    "\u200b\u200c\u200d\u2060\ufeff",
    "\u202e\u202d\u061c",
    "🔋🚗⚡️👍🏽",
    "\x00\x01\x07\x1b[31m",
    "'; DROP TABLE answers; --",
    "solid-state " * 3,
]
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(NASTY), max_size=8).map(" ".join),
    st.tuples(st.sampled_from(NASTY), st.text(max_size=50)).map("".join),
    st.sampled_from(["", " ", "\n\t  \r", "when is solid-state due?"]),
)
fast = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _quotable(pack: Pack) -> set[str]:
    return {source for fact in pack.facts for source in fact.sources}


@fast
@given(question=texts)
def test_the_engine_answers_or_declines_anything(
    engine: Engine, toyota_pack: Pack, question: str
) -> None:
    answer = engine.ask(question)
    assert set(answer.sources) <= _quotable(toyota_pack)
    assert all(source in toyota_pack.article_text for source in answer.sources)


@fast
@given(question=texts)
def test_questions_are_accepted_or_refused_politely(question: str) -> None:
    stripped = question.strip()
    if clean(stripped) and len(stripped) <= 500:
        assert check_question(question, max_length=500) == stripped
    else:
        with pytest.raises(QuestionError, match=r"question|characters"):
            check_question(question, max_length=500)


@fast
@given(question=texts)
def test_every_reply_fits_discord_and_pings_nobody(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    embed = answer_embed(answer, question or "source", staff_added=bool(len(question) % 2))
    assert len(embed) <= 6000
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert all(len(field.value or "") <= 1024 for field in embed.fields)
    rendered = " ".join(
        [embed.title or "", embed.description or "", *(f.value or "" for f in embed.fields)]
    )
    assert not PING.search(rendered)
    declined = decline_text(answer)
    assert len(declined) <= 2000
    assert not PING.search(declined)


@fast
@given(typed=texts)
def test_autocomplete_fits_discord(engine: Engine, typed: str) -> None:
    for found in (question_choices(engine, typed), fact_choices(engine, typed)):
        assert len(found) <= 25
        assert all(1 <= len(c.name) <= 100 and 1 <= len(str(c.value)) <= 100 for c in found)


@pytest.mark.parametrize("size", [10_000, 100_000])
def test_a_huge_paste_is_read_and_refused_politely(engine: Engine, size: int) -> None:
    pasted = ("when is solid-state due? @everyone " * size)[:size]
    assert engine.ask(pasted).fact_id == "solid-state-release"  # only the start is read
    with pytest.raises(QuestionError, match="characters long"):
        check_question(pasted, max_length=500)


def test_help_pings_nobody_whatever_the_pack_says(toyota_pack: Pack) -> None:
    loud = toyota_pack.model_copy(
        update={
            "pack": toyota_pack.pack.model_copy(
                update={"title": "@everyone <@&1234567890123456789>"}
            )
        }
    )
    assert not PING.search(help_text(overview(Engine([loud])), prefix="!ask"))


# Article-like text: prose lines with names, figures, quotes and the odd bit of noise.
ARTICLE_BITS = [
    "The city of Zürich opened a new library on Monday, March 2, 2026.",
    'Mayor Émile Müller said: "It cost $42 million."',
    '"We did it," Müller said.',
    "Around 1,200 bikes, built in 2024, run between 5am and midnight.",
    "It holds 310,000 books and 120 computers, compared with 90 before.",
    "The 24-year-old signed a five-year contract for 65 million euros.",
    "in 1990.[1] It was",
    "$",
    "a.m.",
    '"',
    "\u2019\u201c\u201d",
]
articles = st.lists(
    st.one_of(st.sampled_from(ARTICLE_BITS), st.text(max_size=80)), min_size=1, max_size=8
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles, title=st.text(min_size=1, max_size=60))
def test_drafting_any_text_gives_a_valid_pack_or_says_why(article: str, title: str) -> None:
    """A draft of anything is a pack the schema accepts, quoting only the text, or a
    DraftError saying there was nothing to draft."""
    try:
        drafted = draft_pack(article, title.strip() or "x")
    except DraftError:
        return
    assert all(quote in article for fact in drafted.facts for quote in fact.sources)
    ids = [fact.id for fact in drafted.facts]
    assert len(ids) == len(set(ids))
    assert PackFile.model_validate(tomllib.loads(pack_toml(drafted))) == drafted
