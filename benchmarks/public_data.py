"""Public question-answering train splits, read into articles with questions.

Only train splits are read: public dev and test splits are how FactBot is measured from
outside. Each set is split again, by document, into our own fitting part and a validation
part the scorer is never fitted on (`split`). The data is not in the repository; see the
README's "How the scorer was fitted" for where to get it. Two kinds:

- WikiQA train (search queries over Wikipedia summaries; about 60% of the queries have no
  answer sentence): `WikiQA-train.tsv` or `.tsv.gz`, with DocumentID and DocumentTitle.
- SQuAD v1.1 train (crowd-written reading-comprehension questions on Wikipedia articles), in
  the usual JSON layout. Each document is a few consecutive paragraphs of one article; its
  unanswerable questions are questions about other paragraphs of the same article whose
  answer it does not contain (SQuAD 1.1 has no unanswerable questions of its own).

And one of our own, in the repository: `tests/data/train/articles_*/`, short news articles
written for fitting, with chat-style questions (the way people ask in Discord, not as
crowd workers write) and the sentence that answers each; never used to measure.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.article import sentences

VALIDATION_SHARE = 0.3
PARAGRAPHS_PER_DOCUMENT = 4


@dataclass(frozen=True)
class PublicQuestion:
    text: str
    answers: tuple[str, ...]  # the sentences that answer it; empty when none does


@dataclass(frozen=True)
class Document:
    key: str  # what the split is made by: questions on one document stay together
    title: str
    text: str
    questions: tuple[PublicQuestion, ...]


def is_validation(key: str) -> bool:
    """Whether a document belongs to the validation part: fixed by its key, so the same
    documents are held out on every machine and in every run."""
    digest = hashlib.sha1(key.encode("utf-8")).digest()
    return digest[0] / 256 < VALIDATION_SHARE


def split(documents: list[Document]) -> tuple[list[Document], list[Document]]:
    """(fitting part, validation part)."""
    fitting = [d for d in documents if not is_validation(d.key)]
    return fitting, [d for d in documents if is_validation(d.key)]


def wikiqa(path: Path) -> list[Document]:
    """WikiQA's train split: one document per Wikipedia summary, its sentences as a paragraph
    under the page's title."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    # WikiQA's sentences hold quote marks that are text, not CSV quoting.
    table = io.StringIO(raw.decode("utf-8"))
    rows = list(csv.DictReader(table, delimiter="\t", quoting=csv.QUOTE_NONE))
    by_document: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_document[row["DocumentID"]].append(row)
    documents = []
    for document_id, found in by_document.items():
        sentence_ids: dict[str, str] = {}
        questions: dict[str, list[str]] = defaultdict(list)
        asked: dict[str, str] = {}
        for row in found:
            sentence_ids.setdefault(row["SentenceID"], row["Sentence"].strip())
            asked[row["QuestionID"]] = row["Question"].strip()
            if row["Label"] == "1":
                questions[row["QuestionID"]].append(row["Sentence"].strip())
        title = found[0]["DocumentTitle"]
        text = f"{title}\n\n{' '.join(sentence_ids.values())}\n"
        documents.append(
            Document(
                key=f"wikiqa:{document_id}",
                title=title,
                text=text,
                questions=tuple(
                    PublicQuestion(question, tuple(questions[qid]))
                    for qid, question in asked.items()
                ),
            )
        )
    return documents


def squad(path: Path) -> list[Document]:
    """SQuAD v1.1 train: documents of a few consecutive paragraphs, split by article."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    documents = []
    for article in data:
        title = article["title"].replace("_", " ")
        paragraphs = article["paragraphs"]
        chunks = [
            paragraphs[start : start + PARAGRAPHS_PER_DOCUMENT]
            for start in range(0, len(paragraphs), PARAGRAPHS_PER_DOCUMENT)
        ]
        answered = [[_answered(p) for p in chunk] for chunk in chunks]
        for number, chunk in enumerate(chunks):
            text = "\n\n".join(p["context"].strip() for p in chunk)
            own = [q for found in answered[number] for q in found]
            others = [
                q
                for other, found in enumerate(answered)
                if other != number
                for paragraph in found
                for q in paragraph
                if not any(_answer_in(answer, text) for answer in q[2])
            ]
            step = max(1, len(others) // max(1, len(own)))
            unanswerable = [PublicQuestion(q[0], ()) for q in others[::step][: len(own)]]
            questions = [PublicQuestion(q[0], q[1]) for q in own]
            documents.append(
                Document(
                    key=f"squad:{article['title']}",
                    title=title,
                    text=f"{title}\n\n{text}\n",
                    questions=tuple(questions + unanswerable),
                )
            )
    return documents


def _answered(
    paragraph: dict[str, object],
) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """(question, the sentences holding its answer, every answer text) of a paragraph."""
    context = str(paragraph["context"])
    spans = []
    position = 0
    for sentence in sentences(context):
        start = context.index(sentence, position)
        spans.append((start, start + len(sentence), sentence))
        position = start + len(sentence)
    found = []
    for qa in paragraph["qas"]:  # type: ignore[attr-defined]
        texts = tuple(str(a["text"]) for a in qa["answers"])
        at = int(qa["answers"][0]["answer_start"])
        # The sentence the answer starts in, and any other that holds an answer's words (the
        # rebuilt train split puts answer_start at the first occurrence, not always the one
        # the question was written about).
        holding = [s for start, end, s in spans if start <= at < end]
        holding += [s for _, _, s in spans if s not in holding and any(t in s for t in texts)]
        if holding:
            found.append((str(qa["question"]).strip(), tuple(holding), texts))
    return found


def _answer_in(answer: str, text: str) -> bool:
    return answer.casefold() in text.casefold()


def answers_with(sources: list[str], answers: tuple[str, ...]) -> bool:
    """Whether a fact quoting `sources` answers with one of the answer sentences: the same
    sentence, or one the sentence splitter cut differently (one holds the other)."""
    for source in sources:
        for answer in answers:
            a, b = " ".join(source.split()), " ".join(answer.split())
            if a in b or b in a:
                return True
    return False


def add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """The options that say where the public train splits are (see `load_sets`)."""
    parser.add_argument("--wikiqa", type=Path, help="WikiQA-train.tsv(.gz)")
    parser.add_argument("--squad", type=Path, help="SQuAD 1.1 train, JSON")
    parser.add_argument(
        "--squad-articles", type=int, default=300, help="the first N SQuAD articles by title"
    )
    parser.add_argument(
        "--own-articles",
        type=Path,
        nargs="*",
        default=[],
        help="folders of our own train articles (tests/data/train/articles_*)",
    )


def load_sets(args: argparse.Namespace) -> dict[str, list[Document]]:
    """The data sets the options name, by name ("wikiqa", "squad")."""
    sets: dict[str, list[Document]] = {}
    if args.wikiqa:
        sets["wikiqa"] = wikiqa(args.wikiqa)
    if args.squad:
        documents = squad(args.squad)
        keep = set(sorted({d.key for d in documents})[: args.squad_articles])
        sets["squad"] = [d for d in documents if d.key in keep]
    own = [
        document for folder in getattr(args, "own_articles", []) for document in articles(folder)
    ]
    if own:
        sets["own"] = own
    return sets


def articles(folder: Path) -> list[Document]:
    """The articles of a folder: `<slug>.txt` (a headline line, then paragraphs) and
    `<slug>.questions.jsonl` ({"q", "sentence"}: the sentence that answers it, or null)."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows = path.with_name(path.stem + ".questions.jsonl").read_text(encoding="utf-8")
        questions = tuple(
            PublicQuestion(row["q"], (row["sentence"],) if row["sentence"] else ())
            for row in map(json.loads, rows.splitlines())
        )
        found.append(Document(f"own:{path.stem}", text.splitlines()[0], text, questions))
    return found
