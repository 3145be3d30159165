"""What the service returns, rendered for Discord: the same look for every way of asking."""

from __future__ import annotations

from bot.chat.render import DECLINED, help_text
from bot.chat.replies import UNKNOWN_FACT, reloaded_text, render, reply_to, taught_text
from bot.chat.views import AskButton, VoteButton, answer_view
from bot.engine import Engine, Suggestion
from bot.knowledge import Pack
from bot.service import Answered, FactService, Reloaded, Taught, Unaskable, UnknownFact, Wait
from bot.service.overview import overview
from tests.service.test_service import GUILD, MEETUP, OTHER


async def test_an_answer_is_an_embed_quoting_the_article_with_votes(
    service: FactService,
) -> None:
    reply = reply_to(await service.ask(1, GUILD, "when is solid-state due?"))
    assert reply.embed is not None
    assert reply.embed.title == "Around 2028."
    assert reply.answer is not None
    assert reply.answer.fact_id == "solid-state-release"
    assert not reply.private
    assert reply.view is not None
    votes = [item for item in reply.view.children if isinstance(item, VoteButton)]
    assert [vote.up for vote in votes] == [True, False]


async def test_a_decline_is_plain_text_with_question_buttons(service: FactService) -> None:
    reply = reply_to(await service.ask(1, GUILD, "what's the range"))
    assert reply.embed is None
    assert reply.content is not None
    assert reply.content.startswith(DECLINED)
    assert reply.view is not None
    buttons = [item for item in reply.view.children if isinstance(item, AskButton)]
    assert 1 <= len(buttons) <= 3
    assert all(button.fact_id.endswith("range") for button in buttons)
    assert not [item for item in reply.view.children if isinstance(item, VoteButton)]


async def test_buttons_fit_discords_limits_whatever_the_question() -> None:
    long = Suggestion(fact_id="x" * 64, question="why " * 50)
    view = answer_view([long] * 3, answer_id=2**63 - 1)
    assert view is not None
    for item in view.children:
        assert isinstance(item, AskButton | VoteButton)
        button = item.item
        assert len(button.label or "") <= 80
        assert len(button.custom_id or "") <= 100


def test_notices_are_private_and_a_repeat_is_marked() -> None:
    limit = reply_to(Unaskable("Please keep questions under 100 characters."))
    assert limit.private
    assert limit.content == "Please keep questions under 100 characters."
    first, repeat = reply_to(Wait(4.2, False)), reply_to(Wait(4.2, True))
    assert first.private
    assert first.content is not None
    assert "please wait 5 seconds" in first.content
    assert not first.repeat_notice
    assert repeat.repeat_notice
    gone = reply_to(UnknownFact("no-such-fact"))
    assert gone.content == UNKNOWN_FACT
    assert gone.private


async def test_a_shown_fact_has_no_votes(service: FactService) -> None:
    shown = await service.show_fact(GUILD, "solid-state-release")
    assert isinstance(shown, Answered)
    reply = render(shown)
    assert reply.embed is not None
    assert reply.view is None or not [
        item for item in reply.view.children if isinstance(item, VoteButton)
    ]


async def test_a_server_fact_is_marked_as_staff_added_with_its_source(
    service: FactService,
) -> None:
    await service.add_fact(GUILD, MEETUP)
    here = reply_to(await service.ask(1, GUILD, "what time does the meetup start?"))
    assert here.embed is not None
    assert here.embed.title == "At 8 pm UTC on Fridays."
    assert here.embed.footer.text is not None
    assert "Added by this server's staff" in here.embed.footer.text
    assert "Server rules" in str(here.embed.fields[0].value)
    assert here.embed.description is not None
    assert "every Friday in the stage channel" in here.embed.description
    elsewhere = reply_to(await service.ask(1, OTHER, "what time does the meetup start?"))
    assert elsewhere.embed is None


def test_teaching_and_reloading_are_told_plainly(toyota_pack: Pack) -> None:
    fact = toyota_pack.facts[0]
    taught = taught_text(Taught("when do the *ssbs* ship", fact))
    assert taught.startswith("Taught: \u201cwhen do the \\*ssbs\\* ship\u201d")
    assert taught_text(Taught("x", None)) == "No such fact here; pick one from the list."
    assert reloaded_text(Reloaded(1, 30)) == "Reloaded: 1 pack, 30 facts."
    refused = reloaded_text(Reloaded(2, 40, "pack.toml: bad"))
    assert refused.startswith("Not reloaded; still serving the last good packs (2 packs")
    assert refused.endswith("pack.toml: bad")


def test_help_names_the_article_and_the_ways_to_ask(toyota_pack: Pack) -> None:
    text = help_text(overview(Engine([toyota_pack])), prefix="!ask")
    assert "Toyota" in text
    assert "/ask" in text
    assert "!ask" in text
    assert "!ask" not in help_text(overview(Engine([toyota_pack])), prefix=None)
