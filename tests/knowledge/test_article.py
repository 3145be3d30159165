"""Splitting an article into the sentences facts quote (`bot/knowledge/article.py`)."""

from __future__ import annotations

from bot.knowledge.article import sentences


def test_an_abbreviation_does_not_end_a_sentence() -> None:
    text = (
        "ADELAIDE, Australia, Nov. 3 — The lander touched down. It launched on Sept. 19 "
        'aboard a rocket, said flight director Dr. Mara Quinn. "It worked." John F. Kennedy '
        "spoke. Mr. Ito agreed."
    )
    assert sentences(text) == [
        "ADELAIDE, Australia, Nov. 3 — The lander touched down.",
        "It launched on Sept. 19 aboard a rocket, said flight director Dr. Mara Quinn.",
        '"It worked."',
        "John F. Kennedy spoke.",
        "Mr. Ito agreed.",
    ]


def test_a_sentence_keeps_the_articles_own_spacing() -> None:
    text = "Dr.  Okafor said so.  Then it ended.\nA headline without a stop"
    found = sentences(text)
    assert found == ["Dr.  Okafor said so.", "Then it ended.", "A headline without a stop"]
    assert all(sentence in text for sentence in found)


def test_a_full_stop_after_a_word_or_an_acronym_still_ends_one() -> None:
    assert sentences("It was sold in the U.S. The recall began. Shares fell 3%. Sales rose.") == [
        "It was sold in the U.S.",
        "The recall began.",
        "Shares fell 3%.",
        "Sales rose.",
    ]
