"""Fit the scorer (bot/engine/scorer.json) on public train data, check it on validation.

Run: python -m benchmarks.fit_scorer --wikiqa WikiQA-train.tsv.gz --squad squad-train.json
     [--squad-articles 300] [--out bot/engine/scorer.json]

Needs the `fit` extra (scikit-learn). Every document is drafted as `factbot pack draft` would
and read by an engine over that draft alone. Both sets are split by document
(`public_data.split`): the models are fitted on the fitting part only, the answer threshold
is chosen on the fitting part too, and the validation part is only measured. No question of
FactBot's own development or held-out sets is read here.

1. The ranker: a logistic regression over every candidate of every fitting question, labelled
   by whether its sentence answers the question.
2. The decider: a logistic regression over each fitting question's best candidate, labelled
   by whether answering with it is right (for a question with no answer, it never is).
3. The threshold: the lowest confidence that keeps wrong answers within the product's promise
   (at most 5% of answerable questions answered wrongly, at most 5% of unanswerable ones
   answered) in each set's fitting part.
"""

from __future__ import annotations

import argparse
import hashlib
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from benchmarks.chat_style import chat_variant
from benchmarks.drafts import Asked, asked
from benchmarks.public_data import (
    Document,
    PublicQuestion,
    add_data_arguments,
    load_sets,
    split,
)
from bot.engine.evidence import FEATURES
from bot.engine.scorer import DECIDER_FEATURES, MODEL_FILE, Logistic, Model

MOST_WRONG = 0.05
# A set with fewer answerable (or unanswerable) fitting questions than this cannot show that
# half of the promise (one more answer moves its share by over half a point): it teaches
# the models, and leaves that limit to the sets that can.
PROMISE_LEAST = 200
REGULARISATION = 1.0


def fit_logistic(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> Logistic:
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    model.fit((rows - mean) / scale, labels, sample_weight=weights)
    return Logistic(mean, scale, model.coef_[0].copy(), float(model.intercept_[0]))


def decider_row(model: Model, item: Asked, logits: np.ndarray) -> tuple[np.ndarray, bool]:
    """The decider's features for the candidate a question would be answered with, and
    whether it is right."""
    rows = _rows(item)
    chosen = model.choose(rows, logits)
    return model.decider_row(rows, logits, chosen), item.right[chosen]


def question_weights(items: list[Asked]) -> np.ndarray:
    """Each data set weighs the same, however many questions it has, so the bigger one does
    not decide alone what a good answer looks like."""
    per_set: dict[str, int] = {}
    for item in items:
        per_set[_set_of(item)] = per_set.get(_set_of(item), 0) + 1
    share = {name: len(items) / (len(per_set) * count) for name, count in per_set.items()}
    return np.array([share[_set_of(item)] for item in items])


def fit_ranker(items: list[Asked], weights: np.ndarray) -> Logistic:
    """Every candidate of every question, a question's candidates sharing its weight."""
    kept = [(item, w) for item, w in zip(items, weights, strict=True) if item.candidates]
    rows = np.array([c.features for item, _ in kept for c in item.candidates])
    labels = np.array([right for item, _ in kept for right in item.right])
    row_weights = np.array([w / len(item.candidates) for item, w in kept for _ in item.candidates])
    return fit_logistic(rows, labels, row_weights * len(kept) / row_weights.sum())


def cross_fitted_logits(items: list[Asked], weights: np.ndarray) -> list[np.ndarray]:
    """Each question's candidate logits from a ranker fitted on the other half of the
    documents, so the decider learns from scores as they fall on unseen documents."""
    half = np.array([_other_half(item) for item in items])
    logits: list[np.ndarray] = [np.zeros(0)] * len(items)
    for part in (False, True):
        ranker = fit_ranker(
            [item for item, h in zip(items, half, strict=True) if h != part], weights[half != part]
        )
        for number in np.flatnonzero(half == part):
            if items[number].candidates:
                logits[number] = ranker.logits(_rows(items[number]))
    return logits


def _other_half(item: Asked) -> bool:
    return hashlib.sha1(f"half:{item.document.key}".encode()).digest()[0] % 2 == 1


def best_lexical_sure(items: list[Asked], logits: list[np.ndarray], weights: np.ndarray) -> float:
    """The lexical score above which the lexical best is chosen: the one that puts a right
    candidate first most often (weighted), never-switching (infinity) included."""
    unfitted = _unfitted_decider()

    def first_right(sure: float) -> float:
        model = Model(_NO_RANKER, unfitted, 0.5, sure)
        return float(
            sum(
                w * item.right[model.choose(_rows(item), logit)]
                for item, logit, w in zip(items, logits, weights, strict=True)
                if item.candidates
            )
        )

    grid: list[float] = [*np.arange(0.3, 1.31, 0.05).round(2).tolist(), math.inf]
    return float(max(grid, key=first_right))


def fit(items: list[Asked]) -> Model:
    weights = question_weights(items)
    logits = cross_fitted_logits(items, weights)
    sure = best_lexical_sure(items, logits, weights)
    choosing = Model(_NO_RANKER, _unfitted_decider(), 0.5, sure)
    used = [n for n, item in enumerate(items) if item.candidates]
    decided = [decider_row(choosing, items[n], logits[n]) for n in used]
    decider = fit_logistic(
        np.array([r for r, _ in decided]), np.array([y for _, y in decided]), weights[used]
    )
    model = Model(fit_ranker(items, weights), decider, 0.5, sure)
    threshold = best_threshold(model, items)
    return Model(model.ranker, decider, threshold, sure)


def _unfitted_decider() -> Logistic:
    width = len(DECIDER_FEATURES)
    return Logistic(np.zeros(width), np.ones(width), np.zeros(width), 0.0)


# Stands in for the ranker where only the choice between candidates is wanted.
_NO_RANKER = Logistic(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), np.zeros(len(FEATURES)), 0.0)


def _set_of(item: Asked) -> str:
    return item.document.key.split(":", 1)[0]


def _rows(item: Asked) -> np.ndarray:
    return np.array([c.features for c in item.candidates])


def outcomes(model: Model, items: list[Asked]) -> list[tuple[float, bool, bool, bool]]:
    """(confidence, answerable, answering is right, the candidate offered first is right) a
    question; the first offered is the one answered with, or on a decline the first
    suggestion, which is the same candidate."""
    found = []
    for item in items:
        if not item.candidates:
            found.append((0.0, item.answerable, False, False))
            continue
        logits = model.rank_logits(_rows(item))
        row, right = decider_row(model, item, logits)
        found.append((model.confidence(row), item.answerable, right, right))
    return found


def best_threshold(model: Model, items: list[Asked]) -> float:
    """The lowest confidence to answer at that keeps, in every data set's fitting part, wrong
    answers to at most MOST_WRONG of the answerable questions and answers to at most
    MOST_WRONG of the unanswerable ones: the product's promise, not a validation score
    (each limit where a set has at least PROMISE_LEAST questions it counts)."""
    results = outcomes(model, items)
    sets = sorted({_set_of(item) for item in items})

    def keeps_promise(threshold: float) -> bool:
        for name in sets:
            mine = [r for r, item in zip(results, items, strict=True) if _set_of(item) == name]
            answerable = [r for r in mine if r[1]]
            unanswerable = [r for r in mine if not r[1]]
            wrong = sum(c >= threshold and not right for c, _, right, _ in answerable)
            answered = sum(c >= threshold for c, *_ in unanswerable)
            if len(answerable) >= PROMISE_LEAST and wrong > MOST_WRONG * len(answerable):
                return False
            if len(unanswerable) >= PROMISE_LEAST and answered > MOST_WRONG * len(unanswerable):
                return False
        return True

    grid: list[float] = np.arange(0.3, 0.96, 0.01).round(2).tolist()
    return float(next((t for t in grid if keeps_promise(t)), grid[-1]))


def calibration_error(results: list[tuple[float, bool, bool, bool]], bins: int = 10) -> float:
    """Expected calibration error of the confidence against being right, over every
    question (a question with no answer is never answered right)."""
    total = 0.0
    for low in range(bins):
        inside = [
            (c, right)
            for c, _, right, _ in results
            if low / bins <= c < (low + 1) / bins or (low == bins - 1 and c == 1.0)
        ]
        if inside:
            mean_confidence = sum(c for c, _ in inside) / len(inside)
            accuracy = sum(right for _, right in inside) / len(inside)
            total += len(inside) * abs(mean_confidence - accuracy)
    return total / max(1, len(results))


def summary(model: Model, items: list[Asked]) -> dict[str, float]:
    """Right, wrong, declined and top-1 shares, and the calibration error."""
    results = outcomes(model, items)
    answerable = [r for r in results if r[1]] or [(0.0, True, False, False)]
    unanswerable = [r for r in results if not r[1]] or [(0.0, False, False, False)]
    threshold = model.threshold
    right = sum(c >= threshold and ok for c, _, ok, _ in answerable)
    wrong = sum(c >= threshold and not ok for c, _, ok, _ in answerable)
    return {
        "questions": len(results),
        "answerable": len(answerable),
        "right": round(right / len(answerable), 4),
        "wrong": round(wrong / len(answerable), 4),
        "unanswerable_declined": round(
            sum(c < threshold for c, *_ in unanswerable) / len(unanswerable), 4
        ),
        "top1": round(sum(first for *_, first in answerable) / len(answerable), 4),
        "calibration_error": round(calibration_error(results), 4),
    }


def with_chat_variants(documents: list[Document]) -> list[Document]:
    """Each document with a chat-style variant beside each of its questions (chat_style)."""
    changed = []
    for document in documents:
        variants = []
        for question in document.questions:
            seed = int.from_bytes(hashlib.sha1(question.text.encode()).digest()[:4], "big")
            variant = chat_variant(question.text, seed)
            if variant != question.text:
                variants.append(PublicQuestion(variant, question.answers))
        changed.append(replace(document, questions=document.questions + tuple(variants)))
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument(
        "--no-chat-variants", action="store_true", help="fit on the questions as published only"
    )
    args = parser.parse_args(argv)
    fitting: list[Asked] = []
    validation: dict[str, list[Asked]] = {}
    counts: dict[str, dict[str, int]] = {}
    for name, documents in load_sets(args).items():
        fit_part, validation_part = split(documents)
        fitting += list(asked(fit_part if args.no_chat_variants else with_chat_variants(fit_part)))
        validation[name] = list(asked(validation_part))
        counts[name] = {
            "fitting_documents": len(fit_part),
            "fitting_questions": sum(len(d.questions) for d in fit_part),
            "validation_documents": len(validation_part),
            "validation_questions": len(validation[name]),
        }
    model = fit(fitting)
    report = {"fitting": summary(model, fitting)} | {
        f"validation_{name}": summary(model, items) for name, items in validation.items()
    }
    about = {
        "fitted_by": "python -m benchmarks.fit_scorer",
        "data": counts,
        "threshold_chosen_on": "fitting part",
        "chat_variants": not args.no_chat_variants,
        "figures": report,
    }
    args.out.write_text(model.to_json(about), encoding="utf-8")
    print(f"wrote {args.out}; threshold {model.threshold}")
    for name, figures in report.items():
        print(f"{name:<20}", "  ".join(f"{k} {v}" for k, v in figures.items()))
    for name, coef in zip(FEATURES, model.ranker.coef, strict=True):
        print(f"  ranker {name:<18} {coef:+.3f}")
    for name, coef in zip(DECIDER_FEATURES, model.decider.coef, strict=True):
        print(f"  decider {name:<17} {coef:+.3f}")
    return 0 if all(math.isfinite(c) for c in model.ranker.coef) else 1


if __name__ == "__main__":
    raise SystemExit(main())
