"""FactBot against the usual alternatives, and at scale: one command, one report.

Run: python -m benchmarks.report [--sizes 1000 10000 100000] [--rounds 5]

1. Quality on the development question set (tests/data/dev_questions.jsonl) for FactBot and
   three baselines run in the same process: rapidfuzz extractOne over every phrasing of every
   fact, rapidfuzz token_set_ratio over the article's sentences, and BM25 over the article's
   sentences. Each baseline gets its best decline threshold: the one with the most right
   answers net of wrong ones (answering a question the article does not answer is wrong).
2. Time per question (p50, p99) for each, and FactBot's ratio to each; index build time.
3. Scale: synthetic packs (benchmarks/synthetic.py) of each size loaded beside the shipped
   pack: build time, resident memory the index added, p50/p99 per question, and how many
   development questions get the same answer as with the shipped pack alone.
4. The process's peak resident memory.

Figures are printed, never asserted; tests only check that the report runs on a small size.
"""

from __future__ import annotations

import argparse
import copy
import math
import re
import resource
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from benchmarks.engine_speed import Timing, time_each
from benchmarks.synthetic import synthetic_packs
from bot.config import SHIPPED_FACTS
from bot.engine import Engine
from bot.engine.lexicon import STOPWORDS
from bot.knowledge import Pack, load_packs
from bot.knowledge.article import sentences
from tests.conftest import DevQuestion, load_dev_questions

# A matcher's best guess for a question: what it points at (a fact id or a sentence), how
# sure it is, and the fact ids that guess stands for.
Guess = tuple[frozenset[str], float]
Matcher = Callable[[str], Guess]


@dataclass(frozen=True)
class Quality:
    name: str
    correct: int
    wrong: int
    declined: int
    declined_right: int
    answerable: int
    must_decline: int
    threshold: float | None

    def row(self) -> str:
        share = 100 / self.answerable
        threshold = "" if self.threshold is None else f"{self.threshold:.1f}"
        return (
            f"{self.name:<30}{self.correct * share:>9.1f}%{self.wrong * share:>9.1f}%"
            f"{self.declined * share:>9.1f}%{100 * self.declined_right / self.must_decline:>13.1f}%"
            f"{threshold:>11}"
        )


def judge(
    name: str, guesses: list[Guess], questions: Sequence[DevQuestion], threshold: float | None
) -> Quality:
    """Count right, wrong and declined answers when guesses under `threshold` are declined."""
    correct = wrong = declined = declined_right = 0
    for (facts, score), item in zip(guesses, questions, strict=True):
        answered = bool(facts) and (threshold is None or score >= threshold)
        if item.must_decline:
            declined_right += not answered
        elif not answered:
            declined += 1
        elif facts & set(item.expect):
            correct += 1
        else:
            wrong += 1
    answerable = sum(not item.must_decline for item in questions)
    return Quality(
        name,
        correct,
        wrong,
        declined,
        declined_right,
        answerable,
        len(questions) - answerable,
        threshold,
    )


def best_threshold(name: str, guesses: list[Guess], questions: Sequence[DevQuestion]) -> Quality:
    """The decline threshold with the most right answers net of wrong ones (a must-decline
    question answered counts as wrong)."""
    candidates = [*sorted({score for _, score in guesses}), math.inf]
    results = [judge(name, guesses, questions, t) for t in candidates]

    def net(quality: Quality) -> int:
        answered_wrongly = quality.must_decline - quality.declined_right
        return quality.correct - quality.wrong - answered_wrongly

    return max(results, key=net)


class BM25:
    """Okapi BM25 over sentences (k1 1.5, b 0.75), lower-cased words without stop words."""

    def __init__(self, documents: Sequence[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.documents = [self.tokens(text) for text in documents]
        self.k1, self.b = k1, b
        self.average = sum(map(len, self.documents)) / max(1, len(self.documents))
        frequency = Counter(term for document in self.documents for term in set(document))
        count = len(self.documents)
        self.idf = {
            term: math.log(1 + (count - n + 0.5) / (n + 0.5)) for term, n in frequency.items()
        }
        self.counts = [Counter(document) for document in self.documents]

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [word for word in re.findall(r"\w+", text.lower()) if word not in STOPWORDS]

    def best(self, query: str) -> tuple[int, float]:
        terms = self.tokens(query)
        scores = []
        for document, counts in zip(self.documents, self.counts, strict=True):
            norm = self.k1 * (1 - self.b + self.b * len(document) / self.average)
            scores.append(
                sum(
                    self.idf.get(term, 0.0) * counts[term] * (self.k1 + 1) / (counts[term] + norm)
                    for term in terms
                    if term in counts
                )
            )
        top = max(range(len(scores)), key=scores.__getitem__)
        return top, scores[top]


def matchers(packs: Sequence[Pack], engine: Engine) -> dict[str, Matcher]:
    """FactBot and the baselines, each as question -> (fact ids it points at, score)."""
    phrasings = [
        (text, fact.id) for pack in packs for fact in pack.facts for text in fact.all_questions
    ]
    phrasing_texts = [text for text, _ in phrasings]
    article = [sentence for pack in packs for sentence in sentences(pack.article_text)]
    facts_of_sentence = {
        sentence: frozenset(
            fact.id
            for pack in packs
            for fact in pack.facts
            if any(sentence in s or s in sentence for s in fact.sources)
        )
        for sentence in article
    }
    bm25 = BM25(article)

    def factbot(question: str) -> Guess:
        answer = engine.ask(question)
        return (frozenset({answer.fact_id}) if answer.fact_id else frozenset(), answer.confidence)

    def extract_one(question: str) -> Guess:
        found = process.extractOne(question, phrasing_texts)
        return (frozenset({phrasings[found[2]][1]}), found[1]) if found else (frozenset(), 0.0)

    def token_set(question: str) -> Guess:
        found = process.extractOne(question, article, scorer=fuzz.token_set_ratio)
        return (facts_of_sentence[found[0]], found[1]) if found else (frozenset(), 0.0)

    def bm25_best(question: str) -> Guess:
        top, score = bm25.best(question)
        return facts_of_sentence[article[top]], score

    return {
        "FactBot": factbot,
        "rapidfuzz extractOne (phrasings)": extract_one,
        "rapidfuzz token_set (sentences)": token_set,
        "BM25 (sentences)": bm25_best,
    }


def quality_and_speed(rounds: int) -> list[Quality]:
    packs = load_packs([SHIPPED_FACTS])
    start = time.perf_counter()
    engine = Engine(packs)
    build_ms = (time.perf_counter() - start) * 1000
    questions = load_dev_questions()
    texts = [item.question for item in questions]
    found = matchers(packs, engine)
    qualities = []
    timings: list[Timing] = []
    for name, matcher in found.items():
        guesses = [matcher(text) for text in texts]
        if name == "FactBot":
            qualities.append(judge(name, guesses, questions, None))
        else:
            qualities.append(best_threshold(name, guesses, questions))
        timings.append(time_each(name, matcher, texts, rounds))
    answerable = qualities[0].answerable
    print(
        f"Quality on the development set: {answerable} answerable questions, "
        f"{qualities[0].must_decline} to decline"
    )
    print(f"{'':<30}{'--- of answerable ---':>30}{'must-decline':>14}")
    print(
        f"{'matcher':<30}{'correct':>10}{'wrong':>10}{'declined':>10}{'declined':>14}"
        f"{'threshold':>11}"
    )
    for quality in qualities:
        print(quality.row())
    print()
    print(
        f"Speed on the shipped pack ({engine.fact_count} facts; index build {build_ms:.1f} ms), "
        f"{len(texts)} questions x {rounds} rounds"
    )
    print(f"{'matcher':<34}{'p50 us':>10}{'p99 us':>10}{'FactBot/this p50':>18}")
    ours = timings[0].percentile(0.5)
    for timing in timings:
        ratio = ours / timing.percentile(0.5)
        print(
            f"{timing.name:<34}{timing.percentile(0.5):>10.1f}{timing.percentile(0.99):>10.1f}"
            f"{ratio:>17.2f}x"
        )
    print()
    return qualities


def resident_mb() -> float:
    """This process's resident memory now (Linux /proc)."""
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def scale(sizes: Sequence[int], rounds: int) -> None:
    shipped = load_packs([SHIPPED_FACTS])
    alone = Engine(shipped)
    dev = [item.question for item in load_dev_questions()]
    expected = [alone.ask(text).fact_id for text in dev]
    print("Scale: synthetic facts loaded beside the shipped pack (lexical: the same index")
    print("and questions with the lexical scorer alone, the way before the combined one)")
    print(
        f"{'facts':>8}{'build s':>10}{'index MB':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'lexical p50':>13}{'p99':>7}{'dev answers unchanged':>24}"
    )
    for size in sizes:
        packs = synthetic_packs(size)
        before = resident_mb()
        start = time.perf_counter()
        engine = Engine([*shipped, *packs])
        build = time.perf_counter() - start
        index_mb = resident_mb() - before
        synthetic_questions = [
            fact.phrasings[0] for pack in packs for fact in pack.facts[:: max(1, size // 200)]
        ]
        questions = dev + synthetic_questions
        lexical = copy.copy(engine)
        lexical.scorer = "lexical"
        before_timing = time_each("lexical", lexical.ask, questions, rounds)
        timing = time_each("factbot", engine.ask, questions, rounds)
        same = sum(
            engine.ask(text).fact_id == fact_id for text, fact_id in zip(dev, expected, strict=True)
        )
        print(
            f"{size:>8,}{build:>10.1f}{index_mb:>10.0f}{timing.percentile(0.5) / 1000:>9.2f}"
            f"{timing.percentile(0.99) / 1000:>9.2f}{before_timing.percentile(0.5) / 1000:>13.2f}"
            f"{before_timing.percentile(0.99) / 1000:>7.2f}{f'{same}/{len(dev)}':>24}"
        )
        del engine, packs
    print()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=5, help="passes through the questions")
    args = parser.parse_args(argv)
    quality_and_speed(args.rounds)
    scale(args.sizes, max(1, args.rounds // 5))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak resident memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
