"""FactBot on questions it was never tuned on, beside BM25 and rapidfuzz in the same run.

Run: python -m benchmarks.heldout [--wikiqa WikiQA-train.tsv.gz] [--squad squad-train.json]
     [--squad-articles 300]

1. The validation parts of the public train splits (`public_data.split`; the scorer is never
   fitted on them), each document an unedited draft (`factbot pack draft`).
2. The Toyota pack on the held-out chat questions (tests/data/heldout/toyota_chat.jsonl).
3. Unedited drafts of the three held-out articles (tests/data/heldout/articles/).

Baselines rank the document's sentences: BM25 (Okapi, as in benchmarks.report) and rapidfuzz
token_set_ratio. Each is shown at its own best threshold (most right answers net of wrong
ones, an answered unanswerable question counting as wrong) and at FactBot's answer rate (as
many answers as FactBot gives). Top-1: the right sentence (or fact) is the first one offered,
as the answer or the first suggestion, among answerable questions. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from benchmarks.drafts import drafted_pack
from benchmarks.public_data import Document, add_data_arguments, answers_with, load_sets, split
from benchmarks.report import BM25
from bot.config import SHIPPED_FACTS
from bot.engine import Engine
from bot.engine.fitted import judge as judge_candidates
from bot.knowledge import Pack, load_pack
from bot.knowledge.article import sentences

HELDOUT = Path(__file__).parent.parent / "tests" / "data" / "heldout"


@dataclass(frozen=True)
class Case:
    """A question, whether it is answerable, and how to tell a right sentence or fact."""

    question: str
    answerable: bool
    sentences: tuple[str, ...]  # the document's sentences, for the baselines
    is_right: Callable[[Sequence[str], str | None], bool]  # (quoted sentences, fact id)
    engines: dict[str, Engine]  # FactBot as shipped (lexical) and with the fitted scorer


# One guess: is the first thing offered right, and how sure the matcher is.
Guess = tuple[bool, float]


@dataclass(frozen=True)
class Row:
    name: str
    right: int
    wrong: int
    declined: int
    unanswerable_declined: int
    top1: int
    answerable: int
    unanswerable: int
    note: str

    def line(self) -> str:
        share = 100 / max(1, self.answerable)
        unanswerable = 100 * self.unanswerable_declined / max(1, self.unanswerable)
        return (
            f"  {self.name:<38}{self.right * share:>7.1f}%{self.wrong * share:>7.1f}%"
            f"{self.declined * share:>9.1f}%{unanswerable:>12.1f}%{self.top1 * share:>7.1f}%"
            f"  {self.note}"
        )


def judge(name: str, guesses: list[Guess], cases: list[Case], threshold: float, note: str) -> Row:
    right = wrong = declined = unanswerable_declined = top1 = 0
    for (ok, score), case in zip(guesses, cases, strict=True):
        answered = score >= threshold
        if case.answerable:
            top1 += ok
            right += answered and ok
            wrong += answered and not ok
            declined += not answered
        else:
            unanswerable_declined += not answered
    answerable = sum(case.answerable for case in cases)
    return Row(
        name, right, wrong, declined, unanswerable_declined, top1,
        answerable, len(cases) - answerable, note,
    )  # fmt: skip


def best_threshold(name: str, guesses: list[Guess], cases: list[Case]) -> Row:
    def net(row: Row) -> int:
        return row.right - row.wrong - (row.unanswerable - row.unanswerable_declined)

    rows = [
        judge(name, guesses, cases, t, f"own best threshold {t:.3g}")
        for t in sorted({score for _, score in guesses} | {float("inf")})
    ]
    return max(rows, key=net)


def at_rate(name: str, guesses: list[Guess], cases: list[Case], answered: int, scorer: str) -> Row:
    """The baseline answering as many questions as FactBot (ties at the cut may add a few)."""
    scores = sorted((score for _, score in guesses), reverse=True)
    threshold = scores[answered - 1] if 0 < answered <= len(scores) else float("inf")
    note = f"at FactBot {scorer}'s answer rate ({answered})"
    return judge(name, guesses, cases, threshold, note)


def engines(packs: list[Pack]) -> dict[str, Engine]:
    fitted = Engine(packs, scorer="fitted")
    combined = Engine(packs, scorer="combined", model=fitted.model)
    return {"lexical": Engine(packs, scorer="lexical"), "fitted": fitted, "combined": combined}


def factbot_guess(case: Case, scorer: str) -> tuple[Guess, bool]:
    """Whether the fact FactBot offers first (its answer; declining, its first suggestion,
    or its first candidate when it suggests nothing) is right, and whether it answered."""
    engine = case.engines[scorer]
    answer = engine.ask(case.question)
    if answer.answered:
        return (case.is_right(answer.sources, answer.fact_id), 1.0), True
    offered = engine.fact(answer.suggestions[0].fact_id) if answer.suggestions else None
    if offered is not None:
        return (case.is_right(offered.sources, offered.id), 0.0), False
    if scorer == "fitted" and engine.model is not None:
        judged, _ = judge_candidates(engine.model, engine.candidates(case.question))
        first = judged[0].entry.fact if judged else None
    else:
        ranked = engine.rank(case.question, limit=1)
        first = ranked[0].entry.fact if ranked else None
    if first is None:
        return (False, 0.0), False
    return (case.is_right(first.sources, first.id), 0.0), False


def sentence_guesses(cases: list[Case]) -> dict[str, list[Guess]]:
    bm25_cache: dict[tuple[str, ...], BM25] = {}
    found: dict[str, list[Guess]] = {"BM25 (sentences)": [], "rapidfuzz token_set": []}
    for case in cases:
        if not case.sentences:
            found["BM25 (sentences)"].append((False, 0.0))
            found["rapidfuzz token_set"].append((False, 0.0))
            continue
        bm25 = bm25_cache.setdefault(case.sentences, BM25(case.sentences))
        top, score = bm25.best(case.question)
        found["BM25 (sentences)"].append((case.is_right([case.sentences[top]], None), score))
        best = process.extractOne(case.question, case.sentences, scorer=fuzz.token_set_ratio)
        ok = best is not None and case.is_right([best[0]], None)
        found["rapidfuzz token_set"].append((ok, best[1] if best else 0.0))
    return found


def report(title: str, cases: list[Case]) -> None:
    if not cases:
        return
    answerable = sum(c.answerable for c in cases)
    print(f"\n{title}: {len(cases)} questions, {answerable} answerable")
    print(f"  {'':<38}{'right':>8}{'wrong':>8}{'declined':>10}{'unans. decl':>13}{'top-1':>8}")
    rates = {}
    for scorer in ("lexical", "fitted", "combined"):
        factbot = [factbot_guess(case, scorer) for case in cases]
        guesses = [guess for guess, _ in factbot]
        shipped = " (as shipped)" if scorer == "combined" else ""
        print(judge(f"FactBot, {scorer} scorer{shipped}", guesses, cases, 0.5, "").line())
        rates[scorer] = sum(did for _, did in factbot)
    for name, found in sentence_guesses(cases).items():
        print(best_threshold(name, found, cases).line())
        for scorer, answered in rates.items():
            print(at_rate(name, found, cases, answered, scorer).line())


def public_cases(documents: list[Document]) -> list[Case]:
    cases = []
    for document in documents:
        pack = drafted_pack(document.text, document.title)
        both = engines([pack] if pack else [])
        body = tuple(sentences(document.text.split("\n", 1)[-1]))
        for question in document.questions:
            answers = question.answers

            def is_right(
                quoted: Sequence[str], _: str | None, answers: tuple[str, ...] = answers
            ) -> bool:
                return bool(answers) and answers_with(list(quoted), answers)

            cases.append(Case(question.text, bool(answers), body, is_right, both))
    return cases


def toyota_cases(questions: Path = HELDOUT / "toyota_chat.jsonl") -> list[Case]:
    pack = load_pack(SHIPPED_FACTS / "toyota-solid-state")
    both = engines([pack])
    body = tuple(sentences(pack.article_text))
    sources = {fact.id: fact.sources for fact in pack.facts}
    cases = []
    for line in questions.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        expect = tuple(row["expect"])

        def is_right(
            quoted: Sequence[str], fact_id: str | None, expect: tuple[str, ...] = expect
        ) -> bool:
            if fact_id is not None:
                return fact_id in expect
            wanted = [s for f in expect for s in sources[f]]
            return bool(wanted) and answers_with(list(quoted), tuple(wanted))

        cases.append(Case(row["q"], bool(expect), body, is_right, both))
    return cases


def article_cases(folder: Path = HELDOUT / "articles") -> list[Case]:
    cases = []
    for article in sorted(folder.glob("*.txt")):
        text = article.read_text(encoding="utf-8")
        pack = drafted_pack(text, text.splitlines()[0])
        both = engines([pack] if pack else [])
        body = tuple(sentences(text))
        questions = article.with_name(article.stem + ".questions.jsonl")
        for line in questions.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            wanted = (row["sentence"],) if row["sentence"] else ()

            def is_right(
                quoted: Sequence[str], _: str | None, wanted: tuple[str, ...] = wanted
            ) -> bool:
                return bool(wanted) and answers_with(list(quoted), wanted)

            cases.append(Case(row["q"], bool(wanted), body, is_right, both))
    return cases


TITLES = {
    "wikiqa": "WikiQA train, validation part (search queries)",
    "squad": "SQuAD 1.1 train, validation part (reading comprehension)",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    args = parser.parse_args(argv)
    print("FactBot held-out report (shares of answerable questions; unanswerable declined)")
    for name, documents in load_sets(args).items():
        _, validation = split(documents)
        report(TITLES[name], public_cases(validation))
    report("Toyota pack, first chat set (a validation set: its misses were read)", toyota_cases())
    report("Three articles, unedited drafts (in-sample: their misses were read)", article_cases())
    fresh = HELDOUT / "fresh"
    report("Toyota pack, fresh held-out chat questions", toyota_cases(fresh / "toyota_chat.jsonl"))
    report("Two fresh held-out articles, unedited drafts", article_cases(fresh / "articles"))
    third = HELDOUT / "third" / "toyota_chat.jsonl"
    report(
        "Toyota pack, third held-out chat set (23 of 35 declines near misses)", toyota_cases(third)
    )
    fourth = HELDOUT / "fourth" / "toyota_chat.jsonl"
    report("Toyota pack, fourth held-out chat set (2026-12-04)", toyota_cases(fourth))
    fifth = HELDOUT / "fifth" / "toyota_chat.jsonl"
    report("Toyota pack, fifth held-out chat set (2026-12-06)", toyota_cases(fifth))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
