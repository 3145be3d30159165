"""Splitting an article into the sentences facts quote (`bot/knowledge/article.py`)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge.article import sentences

# Of 360 answer sentences: "in the U.S. Customers are ..." and "Hanjin Cell Co. Voltra has"
# read as one sentence, two others cut elsewhere (a colon, a headline).
MISSED_TODAY = 4


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


def test_a_single_letter_ends_a_sentence_unless_it_is_a_name_s_initial() -> None:
    assert sentences(
        "He took vitamin D. Researchers agreed. After World War I. Europe changed."
    ) == [
        "He took vitamin D.",
        "Researchers agreed.",
        "After World War I.",
        "Europe changed.",
    ]


def test_a_time_of_day_before_a_day_does_not_end_a_sentence() -> None:
    text = "It opens at 2:15 p.m. Saturday and closes at 6 p.m. The park is big."
    assert sentences(text) == [
        "It opens at 2:15 p.m. Saturday and closes at 6 p.m.",
        "The park is big.",
    ]


def test_every_train_articles_answer_sentence_is_one_of_its_sentences() -> None:
    train = Path(__file__).parent.parent / "data" / "train"
    missed = []
    for article in sorted(train.glob("articles_*/*.txt")):
        found = {s.lstrip("-• ") for s in sentences(article.read_text(encoding="utf-8"))}
        rows = article.with_name(article.stem + ".questions.jsonl").read_text(encoding="utf-8")
        wanted = {row["sentence"] for row in map(json.loads, rows.splitlines()) if row["sentence"]}
        missed += [f"{article.stem}: {w[:60]}" for w in wanted if w not in found]
    # Those left are splits the rule cannot tell ("the U.S. Department" from "the U.S. The").
    assert len(missed) <= MISSED_TODAY, missed
