"""`factbot pack draft`: a pack drafted from the shipped article, before any hand editing.

How a drafted answer is judged against the development set, whose expected answers are the
hand-made pack's facts: it is right when it quotes a sentence the expected fact quotes, gives
every figure of the expected answer that its sentence holds, and, for a short answer (a date,
a figure, a name), shares a word with the expected answer. So "When are the Popularization
batteries due?" -> "Following the conclusion of 2027." is right; "Who owns Primeearth EV
Energy?" -> "Earlier this year." is not. A drafted fact about what a whole sentence says is
right when it quotes the right sentence with the right figures: the answer is the sentence's
claim, longer than a person would write it.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.engine import Engine
from bot.engine.lexicon import STOPWORDS
from bot.engine.normalize import stem, words
from bot.knowledge import Fact, Pack, load_pack, load_packs
from bot.knowledge.article import sentences
from bot.knowledge.draft import DraftError, draft_pack
from bot.knowledge.draft.claims import body_sentences, claim_sentences, find_answers
from bot.knowledge.draft.grammar import tokens
from bot.knowledge.draft.names import find_names
from bot.knowledge.draft.questions import question
from bot.knowledge.models import PackFile
from tests.conftest import TOYOTA_PACK, load_dev_questions

DATA = Path(__file__).parent.parent / "data"
FERRY_ARTICLE = DATA / "packs" / "harbour-ferry" / "article.txt"
LIBRARY_ARTICLE = DATA / "articles" / "riverton-library.txt"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Pack:
    """The shipped article drafted through the command, as a user would."""
    folder = tmp_path_factory.mktemp("drafts") / "toyota-draft"
    article = TOYOTA_PACK / "article.txt"
    title = "Toyota Gains Approval to Develop All-Solid-State EV Batteries"
    assert main(["pack", "draft", str(article), "--title", title, "--out", str(folder)]) == 0
    return load_pack(folder)


def test_the_draft_passes_the_pack_check(drafted: Pack, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "check", str(drafted.file.parent)]) == 0
    assert "quotes verified" in capsys.readouterr().out
    assert drafted.article_text == (TOYOTA_PACK / "article.txt").read_text(encoding="utf-8")


def test_a_draft_is_written_unreviewed_and_says_how_to_mark_it(drafted: Pack) -> None:
    assert drafted.pack.reviewed is False
    text = drafted.file.read_text(encoding="utf-8")
    assert "reviewed = false" in text
    assert "set it to true once every fact is read" in text


def test_every_quote_is_a_whole_sentence_of_the_article(drafted: Pack) -> None:
    article_sentences = set(sentences(drafted.article_text))
    assert all(quote in article_sentences for f in drafted.facts for quote in f.sources)


def test_every_claim_sentence_is_quoted(drafted: Pack, toyota_pack: Pack) -> None:
    quoted = {quote for fact in drafted.facts for quote in fact.sources}
    assert set(claim_sentences(drafted.article_text)) <= quoted
    # Independently of how the drafter finds claims: every body sentence the hand-made pack
    # quotes is quoted by the draft too, and none of the page's unrelated headlines is.
    body = set(body_sentences(drafted.article_text))
    assert {q for f in toyota_pack.facts for q in f.sources if q in body} <= quoted
    assert len(body) == 23
    assert not any("XRP" in quote or "Robodebt" in quote for quote in quoted)


def test_the_draft_answers_most_of_the_dev_set(drafted: Pack, toyota_pack: Pack) -> None:
    engine = Engine([drafted])
    expected = {fact.id: fact for fact in toyota_pack.facts}
    kinds = {fact.id: fact.kind for fact in drafted.facts}
    questions = load_dev_questions()
    answerable = [q for q in questions if not q.must_decline]
    right = wrong = declined_right = 0
    for item in questions:
        answer = engine.ask(item.question)
        assert all(quote in drafted.article_text for quote in answer.sources)
        if item.must_decline:
            declined_right += not answer.answered
        elif not answer.answered or not answer.fact_id or not answer.answer:
            continue
        elif any(
            _is_right(answer.answer, answer.sources, kinds[answer.fact_id], expected[fact_id])
            for fact_id in item.expect
        ):
            right += 1
        else:
            wrong += 1
    # 68% and 1.5% today: a draft's lexical answer stands only where the fitted scorer reads
    # the same sentence (`drafted.py`); before that rule, 74% and 6%.
    assert right / len(answerable) >= 0.66
    assert wrong / len(answerable) <= 0.03
    assert declined_right / (len(questions) - len(answerable)) >= 0.80


def _drafted_answers(article: str) -> dict[str, str]:
    return {fact.question: fact.answer for fact in draft_pack(article, "Draft").facts}


def load_pack_from(drafted: PackFile) -> Pack:
    """A drafted pack as the engine takes it, without writing it out."""
    text = "\n".join(dict.fromkeys(q for fact in drafted.facts for q in fact.sources))
    return Pack(**dict(drafted), file=Path("<draft>"), article_text=text)


def _is_right(answer: str, quotes: list[str], kind: str, expected: Fact) -> bool:
    if not set(quotes) & set(expected.sources):
        return False
    if not _figures(expected.answer) & _figures(" ".join(quotes)) <= _figures(answer):
        return False
    return kind == "description" or bool(_content(answer) & _content(expected.answer))


def _figures(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))


def _content(text: str) -> set[str]:
    return {stem(word) for word in words(text) if word not in STOPWORDS}


def test_answers_are_found_with_their_kind() -> None:
    found = find_answers(
        "Tickets will cost 4 euros, the range is nearly 500 miles (800 km) and it charges in"
        " 20 minutes from 3 June 2027 at Prime Planet Energy Solution."
    )
    assert [(answer.kind, answer.text) for answer in found] == [
        ("money", "4 euros"),
        ("distance", "nearly 500 miles (800 km)"),
        ("duration", "20 minutes"),
        ("date", "from 3 June 2027"),
        ("place", "at Prime Planet Energy Solution"),
    ]


def test_answers_keep_their_words_and_comparisons_their_sides() -> None:
    """Found by a tester's articles: "officially" is no "of" of a place name; a time range
    is one answer; the other side of a comparison is a fact of its own."""
    assert [a.text for a in find_answers("It officially opened in Norwich on Monday.")] == [
        "in Norwich",
        "on Monday",
    ]
    assert [a.text for a in find_answers("Bikes run between 5am and midnight.")] == [
        "between 5am and midnight"
    ]
    answers = _drafted_answers(
        "There were 19 hospital admissions in the vaccine group, compared with 101 in the"
        " placebo group.\n"
    )
    assert answers["How many hospital admissions in the placebo group?"] == "101."
    assert answers["How many hospital admissions were there in the vaccine group?"] == (
        "19 hospital admissions."
    )


def test_titles_names_speeches_and_speeds_get_facts() -> None:
    article = (
        "Dr Priya Raman, the hospital's chief executive, said: \"Families will not have to"
        ' travel to Cambridge for surgery."\n'
        "The vaccine, called NV-212, was developed by the Danish company Norvax.\n"
        "The bikes have a top assisted speed of 15.5mph and a range of about 60 kilometres.\n"
    )
    answers = _drafted_answers(article)
    assert answers["Who is the hospital's chief executive?"] == "Dr Priya Raman."
    assert answers["What did Dr Priya Raman say?"] == (
        "\u201cFamilies will not have to travel to Cambridge for surgery\u201d"
    )
    assert answers["What is the vaccine called?"] == "NV-212."
    assert answers["Who developed the vaccine?"] == "The Danish company Norvax."
    engine = Engine([load_pack_from(draft_pack(article, "Mixed news"))])
    assert engine.ask("whats the top speed of the bikes").answer == "15.5mph."


@pytest.mark.parametrize(
    ("article", "question", "answer"),
    [
        # A phrase in scare quotes is no speech: the sentence keeps its figures.
        (
            'Toyota says its "solid-state" battery will reach 1,200 km by 2027.',
            "How far does Toyota say its solid-state battery will reach?",
            "1,200 km.",
        ),
        # "family" ends like an adverb but is the subject.
        (
            "The family sold the house to Tom Lee in 2019 for 300,000 pounds.",
            "When did the family sell the house to Tom Lee?",
            "In 2019.",
        ),
        # "4,200" holds no comma to split an aside at.
        (
            "The firm sold 5,100 cars in 2024, compared with 4,200 in 2023.",
            "How many cars in 2023?",
            "4,200.",
        ),
        # A range is one figure.
        (
            "Deliveries take 20-30 minutes on the new route to the coast.",
            "How long do deliveries take on the new route to the coast?",
            "20-30 minutes.",
        ),
        # "fall" is a verb here, not the season.
        (
            "Analysts expect prices to fall in 2025.",
            "When do Analysts expect prices to fall?",
            "In 2025.",
        ),
    ],
)
def test_rules_found_too_loose_by_a_review(article: str, question: str, answer: str) -> None:
    assert _drafted_answers(article)[question] == answer


def test_a_title_is_only_a_title_when_it_heads_the_phrase() -> None:
    answers = _drafted_answers(
        "The firm moved to Canary Wharf, the home of its chief executive, in 2020.\n"
        "Then Priya Raman, the chief executive, opened the new ward on Friday.\n"
    )
    assert [q for q in answers if q.startswith("Who is")] == ["Who is the chief executive?"]
    assert answers["Who is the chief executive?"] == "Priya Raman."


def test_questions_move_the_verb_and_take_the_answer_out() -> None:
    said = tokens("Toyota acquired complete ownership of Primeearth EV Energy")
    assert (
        question(said, "When")
        == "When did Toyota acquire complete ownership of Primeearth EV Energy?"
    )
    assert question(tokens("The ferry was built by Nordvik Marine"), "Where") == (
        "Where was the ferry built by Nordvik Marine?"
    )
    assert question(tokens("The initial batteries"), "When") is None  # no verb: no guess


def test_names_leave_out_the_topic_and_group_quoted_variants() -> None:
    names = find_names(claim_sentences((TOYOTA_PACK / "article.txt").read_text(encoding="utf-8")))
    assert names.topic == "toyota"
    assert "toyota" not in names.subjects
    meti = names.subjects["japan-ministry-of-trade-and-industry"]
    assert {"METI", "Ministry of Trade and Industry"} <= meti.aliases
    groups = {s.id: s.group for s in names.subjects.values() if s.group}
    assert groups == {
        "performance": "batteries",
        "popularization": "batteries",
        "high-performance": "batteries",
    }
    assert "prime earth" in names.subjects["primeearth-ev-energy"].aliases


def test_another_article_drafts_too(tmp_path: Path) -> None:
    """Nothing of the Toyota article lives in the drafter: the ferry article drafts as well."""
    folder = tmp_path / "ferry"
    arguments = ["pack", "draft", str(FERRY_ARTICLE), "--title", "Lakeview's electric ferry"]
    assert main([*arguments, "--out", str(folder)]) == 0
    pack = load_pack(folder)
    answers = {fact.question: fact.answer for fact in pack.facts}
    assert answers["How much did the project cost?"] == "31 million euros."
    assert (
        answers["Where was the ferry built by Nordvik Marine?"] == "At its yard in Bergen, Norway."
    )
    engine = Engine([pack])
    assert engine.ask("how long does the ferry take to recharge").answer == "About 12 minutes."
    assert engine.ask("when does the heron go into service").answer == "On 3 June 2027."


LIBRARY_ANSWERS = {
    "when did the new library open?": "On Saturday, March 14, 2026.",
    "who cut the ribbon": "Mayor Elena Ortiz.",
    "who designed the library": "The Oslo-based firm Nordvik Architects.",
    "how many books does it have": "310,000 books.",
    "wat time does the library open": "From 8 a.m. to 9 p.m.",
    "when does the old library close": "On April 30.",
    "how many visits do they expect first yr": "About 900,000 visits.",
    "what did the mayor say": (
        "\u201cThis library belongs to every family in Riverton, not just the ones who can"
        " afford books\u201d"
    ),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("drafts") / "library"
    title = "Riverton Opens $42 Million Central Library"
    assert (
        main(["pack", "draft", str(LIBRARY_ARTICLE), "--title", title, "--out", str(folder)]) == 0
    )
    return Engine([load_pack(folder)])


@pytest.mark.parametrize(("asked", "expected"), LIBRARY_ANSWERS.items())
def test_a_third_article_answers_times_counts_doers_and_speech(
    library: Engine, asked: str, expected: str
) -> None:
    """Written by a tester, not tuned on: dates with weekdays, clock times, counts of
    things, a passive ("designed by"), a title ("the mayor") and someone's own words."""
    assert library.ask(asked).answer == expected


def test_the_page_furniture_is_not_drafted(library: Engine) -> None:
    quoted = {quote for entry in library.index.facts for quote in entry.fact.sources}
    assert not any(quote.startswith("Related:") for quote in quoted)
    assert not library.ask("who is the governor of the state").answered


def test_drafted_packs_serve_together(tmp_path: Path) -> None:
    """Fact ids start with the pack's first words, so two drafts (and the shipped pack)
    load side by side."""
    for article, title in [(LIBRARY_ARTICLE, "Riverton library"), (FERRY_ARTICLE, "Ferry")]:
        out = tmp_path / title
        assert main(["pack", "draft", str(article), "--title", title, "--out", str(out)]) == 0
    packs = load_packs([tmp_path, TOYOTA_PACK])
    assert len(packs) == 3
    ids = [fact.id for pack in packs for fact in pack.facts]
    assert len(ids) == len(set(ids))


def test_the_article_is_copied_byte_for_byte(tmp_path: Path) -> None:
    article = tmp_path / "windows.txt"
    article.write_bytes(LIBRARY_ARTICLE.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "pack"
    assert main(["pack", "draft", str(article), "--title", "Library", "--out", str(out)]) == 0
    assert (out / "article.txt").read_bytes() == article.read_bytes()


def test_hard_wrapped_text_gets_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "wrapped.txt"
    article.write_text(textwrap.fill(LIBRARY_ARTICLE.read_text("utf-8"), 60), "utf-8")
    assert main(["pack", "draft", str(article), "--title", "x", "--out", str(tmp_path / "o")]) == 0
    assert "hard-wrapped" in capsys.readouterr().err


def test_any_latin_alphabet_gives_ascii_ids(tmp_path: Path) -> None:
    article = tmp_path / "lodz.txt"
    article.write_text(
        "The mayor of Zürich, Émile Müller, opened the São Paulo office in Łódź on Monday,"
        " March 2, 2026.\nMüller said the office will employ 40 people by 2027.\n",
        "utf-8",
    )
    out = tmp_path / "pack"
    assert main(["pack", "draft", str(article), "--title", "Łódź 東京", "--out", str(out)]) == 0
    pack = load_pack(out)
    assert pack.id == "lodz"
    assert {"zurich", "sao-paulo", "lodz"} <= set(pack.subjects)
    answers = {fact.question: fact.answer for fact in pack.facts}
    asked = "When did the mayor of Zürich, Émile Müller, open the São Paulo office?"
    assert answers[asked] == "On Monday, March 2, 2026."


def test_what_cannot_be_quoted_or_asked_well_is_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overlong = "The council approved the plan in 1990.[1] " * 30 + "It passed."  # one sentence
    article = tmp_path / "odd.txt"
    article.write_text(
        f"{overlong.strip()}\nAll of the new library staff members were hired.\n"
        '"," Webb said to the reporters on Monday.\n',
        "utf-8",
    )
    out = tmp_path / "pack"
    assert main(["pack", "draft", str(article), "--title", "Odd", "--out", str(out)]) == 0
    assert "1 sentences" in capsys.readouterr().err
    facts = load_pack(out).facts
    assert all(len(quote) <= 1000 for fact in facts for quote in fact.sources)
    assert all(re.search(r"\w", fact.answer) for fact in facts)
    hired = [fact for fact in facts if "hired" in fact.sources[0]]
    assert hired[0].question == "Were all of the new library staff members hired?"


def test_a_draft_whose_ids_clash_with_another_pack_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Fact ids start with the first 24 characters of the pack id: two titles alike there
    clash, and the command says so at once rather than when the bot starts."""
    monkeypatch.setenv("FACTBOT_FACTS_DIR", str(tmp_path))
    for title in ["Riverton library opening day", "Riverton library opening week"]:
        assert main(["pack", "draft", str(LIBRARY_ARTICLE), "--title", title]) == 0
    assert "clashes with another pack" in capsys.readouterr().err


def test_drafting_refuses_what_it_cannot_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headlines = tmp_path / "headlines.txt"
    headlines.write_text("Firelight Launches XRP Staking\nAnother Headline Here\n", "utf-8")
    with pytest.raises(DraftError, match="no claim sentences"):
        draft_pack(headlines.read_text("utf-8"), "Headlines")
    out = tmp_path / "out"
    assert main(["pack", "draft", str(headlines), "--title", "x", "--out", str(out)]) == 2
    assert "no claim sentences" in capsys.readouterr().err
    assert not out.exists()
    assert main(["pack", "draft", str(tmp_path / "missing.txt"), "--title", "x"]) == 2
    assert "cannot read the article" in capsys.readouterr().err
    out.mkdir()
    assert main(["pack", "draft", str(FERRY_ARTICLE), "--title", "x", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    beside_a_file = tmp_path / "headlines.txt" / "pack"
    assert (
        main(["pack", "draft", str(FERRY_ARTICLE), "--title", "x", "--out", str(beside_a_file)])
        == 2
    )
    assert "cannot write the pack" in capsys.readouterr().err
    for title, complaint in [("  ", "--title is empty"), ("x" * 1001, "at most 1000")]:
        assert main(["pack", "draft", str(FERRY_ARTICLE), "--title", title]) == 2
        assert complaint in capsys.readouterr().err
    assert main(["pack", "draft", str(FERRY_ARTICLE), "--title", "x", "--url", "not a url"]) == 2
    assert "not a web address" in capsys.readouterr().err


def test_a_paragraph_that_ends_without_a_full_stop_keeps_its_sentences() -> None:
    """Public articles end paragraphs on a citation mark or a colon before a list."""
    article = (
        "Harbour Corp. Opens New Ferry Route to 2028 Standards\n\n"
        "Photograph: Jane Roe/Harbour News via Example Images\n\n"
        "The ferry opened in 1998 after a long campaign by residents. It carries 3,000"
        " commuters a day across the bay [citation needed]\n\n"
        "The council said on Monday that the new route would cost $4 million and would"
        " serve three stops:\n"
        "- North Quay\n"
    )
    quoted = {quote for fact in draft_pack(article, "Ferry").facts for quote in fact.sources}
    assert "The ferry opened in 1998 after a long campaign by residents." in quoted
    assert "It carries 3,000 commuters a day across the bay [citation needed]" in quoted
    assert any("$4 million" in quote for quote in quoted)
    # A headline cut at an abbreviation and a photo credit stay out.
    assert not any("Opens New Ferry Route" in quote for quote in quoted)
    assert not any("Photograph" in quote for quote in quoted)
