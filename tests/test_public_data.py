"""Reading public train splits, splitting them by document, and fitting a scorer on them.

The real data is not in the repository; these files are small ones written here in the
same layouts.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks import fit_scorer, heldout
from benchmarks.public_data import answers_with, articles, is_validation, split, squad, wikiqa
from bot.engine.scorer import load_model

_HEADER = "QuestionID\tQuestion\tDocumentID\tDocumentTitle\tSentenceID\tSentence\tLabel\n"


def _wikiqa_file(folder: Path, documents: int) -> Path:
    lines = [_HEADER]
    for number in range(documents):
        sentences = [
            f'The Harbour {number} ferry, known as "the Blue, crosses the bay in 20 minutes.',
            f"It was opened by the city council in {1990 + number}.",
            f"About {number + 3},000 commuters use the Harbour {number} ferry every day.",
        ]
        asked = [
            (f"when did the harbour {number} ferry open", 1),
            (f"how many people ride harbour {number} ferry", 2),
            (f"who designed the harbour {number} ferry terminal", None),
        ]
        for q, (question, right) in enumerate(asked):
            for s, sentence in enumerate(sentences):
                label = int(right == s)
                lines.append(
                    f"Q{number}-{q}\t{question}\tD{number}\tHarbour {number}\t"
                    f"D{number}-{s}\t{sentence}\t{label}\n"
                )
    path = folder / "WikiQA-train.tsv.gz"
    path.write_bytes(gzip.compress("".join(lines).encode("utf-8")))
    return path


def _squad_file(folder: Path) -> Path:
    paragraphs = []
    for number in range(6):
        context = (
            f"The lighthouse {number} was built in {1850 + number}. "
            f"It stands {30 + number} metres tall on the northern cape."
        )
        paragraphs.append(
            {
                "context": context,
                "qas": [
                    {
                        "id": f"l{number}",
                        "question": f"How tall is lighthouse {number}?",
                        "answers": [
                            {"text": f"{30 + number} metres", "answer_start": context.index("It")}
                        ],
                    }
                ],
            }
        )
    data = {"data": [{"title": "Lighthouses", "paragraphs": paragraphs}]}
    path = folder / "train.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_wikiqa_documents_keep_their_questions_and_answer_sentences(tmp_path: Path) -> None:
    documents = wikiqa(_wikiqa_file(tmp_path, 3))
    assert len(documents) == 3
    first = documents[0]
    assert first.text.startswith("Harbour 0\n\n")
    assert [bool(q.answers) for q in first.questions] == [True, True, False]
    assert first.questions[0].answers == ("It was opened by the city council in 1990.",)
    # A quote mark in a sentence is text: the rows after it are still rows of their own.
    assert 'known as "the Blue, crosses' in first.text
    assert [len(d.questions) for d in documents] == [3, 3, 3]


def test_squad_documents_get_answer_sentences_and_questions_they_cannot_answer(
    tmp_path: Path,
) -> None:
    documents = squad(_squad_file(tmp_path))
    assert len(documents) == 2  # six paragraphs, four a document
    # Both documents are one article's: the split keeps them on the same side.
    assert len({d.key for d in documents}) == 1
    assert len({len(part) for part in split(documents)} - {0}) == 1
    first = documents[0]
    answered = [q for q in first.questions if q.answers]
    unanswerable = [q for q in first.questions if not q.answers]
    assert len(answered) == 4
    assert answered[0].answers == ("It stands 30 metres tall on the northern cape.",)
    # Questions about the other document's lighthouses, whose answers this one lacks.
    assert unanswerable
    assert all(q.text.endswith(("4?", "5?")) for q in unanswerable)


def test_the_split_is_by_document_and_the_same_every_time(tmp_path: Path) -> None:
    documents = wikiqa(_wikiqa_file(tmp_path, 40))
    fitting, validation = split(documents)
    assert fitting
    assert validation
    assert {d.key for d in fitting}.isdisjoint(d.key for d in validation)
    assert [d.key for d in validation] == [d.key for d in documents if is_validation(d.key)]


def test_an_answer_sentence_cut_differently_still_counts() -> None:
    answer = ("It was opened in 1990.",)
    assert answers_with(["Yes. It was opened in 1990."], answer)
    assert not answers_with(["It was closed in 1990."], answer)


def test_fitting_writes_a_model_the_engine_can_load(tmp_path: Path) -> None:
    out = tmp_path / "scorer.json"
    wikiqa_file = _wikiqa_file(tmp_path, 40)
    squad_file = _squad_file(tmp_path)
    assert (
        fit_scorer.main(
            ["--wikiqa", str(wikiqa_file), "--squad", str(squad_file), "--out", str(out)]
        )
        == 0
    )
    model = load_model(out)
    about = json.loads(out.read_text(encoding="utf-8"))["about"]
    assert about["threshold_chosen_on"] == "fitting part"
    assert about["data"]["wikiqa"]["validation_documents"] > 0
    assert 0.0 < model.threshold < 1.0


def test_the_heldout_report_prints_every_set_beside_both_baselines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wikiqa_file = _wikiqa_file(tmp_path, 40)
    squad_file = _squad_file(tmp_path)
    assert heldout.main(["--wikiqa", str(wikiqa_file), "--squad", str(squad_file)]) == 0
    printed = capsys.readouterr().out
    sections = printed.split("\n\n")[1:]
    titles = [section.splitlines()[0] for section in sections]
    assert any(title.startswith("WikiQA train, validation part") for title in titles)
    assert any(title.startswith("SQuAD 1.1 train, validation part") for title in titles)
    assert any(title.startswith("Toyota pack, fifth held-out chat set") for title in titles)
    for section in sections:
        for row in ("FactBot, combined scorer (as shipped)", "BM25 (sentences)", "rapidfuzz"):
            assert row in section, section.splitlines()[0]
        assert "at FactBot combined's answer rate" in section
        assert "own best threshold" in section


def test_a_chat_variant_is_terse_lower_case_and_the_same_every_time() -> None:
    from benchmarks.chat_style import chat_variant

    question = "What are the Three main types of Glacier caves?"
    variant = chat_variant(question, 7)
    assert variant == chat_variant(question, 7)
    assert variant == variant.lower()
    assert "?" not in variant
    assert "3" in variant.split()
    assert variant.startswith("what ")


def test_our_own_train_articles_are_read_with_their_answer_sentences() -> None:
    train = Path(__file__).parent / "data" / "train"
    documents = [d for folder in sorted(train.glob("articles_*")) for d in articles(folder)]
    assert len(documents) == 30
    for document in documents:
        assert document.key.startswith("own:")
        assert len(document.questions) == 15
        answered = [q for q in document.questions if q.answers]
        assert len(answered) == 12
        assert all(answer in document.text for q in answered for answer in q.answers)
