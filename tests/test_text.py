"""One question limit and one way of cutting text, wherever FactBot applies them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.chat.cogs.facts import FactsCommands
from bot.chat.staff_views import FactModal
from bot.chat.views import BUTTON_LABEL_LIMIT, AskButton
from bot.knowledge import QUESTION_LIMIT, Fact, Pack
from bot.service.picking import fit_choice
from bot.storage import FactDraft
from bot.text import clip

LONG = "when is the solid state battery due " * 10


def test_clip_cuts_to_the_limit_with_an_ellipsis_and_no_space_before_it() -> None:
    assert clip("when is it due", 14) == "when is it due"
    assert clip("when is the solid state battery due", 13) == "when is the\u2026"
    assert len(clip("x" * 300, 100)) == 100


def test_choices_and_buttons_are_cut_the_same_way() -> None:
    assert fit_choice(LONG) == clip(LONG, 100)
    assert AskButton("solid-state-release", LONG).item.label == clip(LONG, BUTTON_LABEL_LIMIT)
    assert not fit_choice(LONG).endswith(" \u2026")


async def test_every_question_field_takes_the_same_limit(toyota_pack: Pack) -> None:
    longest = "q" * QUESTION_LIMIT
    fact = toyota_pack.facts[0].model_dump()
    assert Fact.model_validate({**fact, "question": longest}).question == longest
    with pytest.raises(ValidationError):
        Fact.model_validate({**fact, "question": longest + "q"})
    draft = {"question": longest, "answer": "A.", "quote": "Q.", "source": "S"}
    assert FactDraft.model_validate(draft).question == longest
    with pytest.raises(ValidationError):
        FactDraft.model_validate({**draft, "phrasings": [longest + "q"]})

    async def save(*_: object) -> None:
        return None

    assert FactModal("Add a fact", save).inputs["question"].max_length == QUESTION_LIMIT
    asked = FactsCommands.teach.get_parameter("question")
    assert asked is not None
    assert asked.max_value == QUESTION_LIMIT
