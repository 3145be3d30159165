"""The fitted scorer: which candidate fact answers a question, and how likely it is right.

Two small logistic models, fitted on public question-answering train data by
`benchmarks/fit_scorer.py` and shipped as coefficients in `scorer.json`:

- the ranker gives each candidate the probability that its sentence answers the question,
  from the features of `evidence`;
- the decider gives the best candidate the probability that answering with it is right,
  from how good it is, how far ahead of the next one, and how much of the question the
  article never mentions. That probability is the answer's confidence: calibrated, so one
  threshold holds across articles.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from bot.engine.evidence import FEATURES

MODEL_FILE = Path(__file__).with_name("scorer.json")

DECIDER_FEATURES = (
    "chosen",
    "margin",
    "lexical_sure",
    "unknown_general",
    "sentence_general",
    "engine",
    "bm25_raw",
    "semantic",
    "type_match",
    "type_missing",
)
# The margin to the next candidate when there is none: far ahead.
LONE_MARGIN = 4.0
_ENGINE = FEATURES.index("engine")


class ScorerError(ValueError):
    """The model file is missing, malformed or made for other features."""


@dataclass(frozen=True)
class Logistic:
    """A standardised logistic model: sigmoid(coef . (x - mean) / scale + intercept)."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def from_json(cls, data: dict[str, Any], width: int) -> Logistic:
        mean, scale, coef = (
            np.array(data[name], dtype=float) for name in ("mean", "scale", "coef")
        )
        if not mean.shape == scale.shape == coef.shape == (width,):
            raise ScorerError(f"expected {width} coefficients, got {coef.shape}")
        return cls(mean, scale, coef, float(data["intercept"]))

    def to_json(self) -> dict[str, Any]:
        return {
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(self.intercept, 6),
        }

    def logits(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(((rows - self.mean) / self.scale) @ self.coef + self.intercept)


@dataclass(frozen=True)
class Model:
    """The ranker, the decider and the confidence from which to answer.

    `lexical_sure`: a lexical score this high means the pack's own phrasings and vocabulary
    say what the question says, and its best fact is the one to answer with (chosen on the
    fitting data, like everything here).
    """

    ranker: Logistic
    decider: Logistic
    threshold: float
    lexical_sure: float

    def rank_logits(self, rows: np.ndarray) -> np.ndarray:
        return self.ranker.logits(rows) if len(rows) else np.zeros(0)

    def choose(self, rows: np.ndarray, logits: np.ndarray) -> int:
        """Which candidate to answer with (rows in lexical order, best first): the lexical
        best when the pack's words are sure of it, else the ranker's best."""
        if rows[0, _ENGINE] >= self.lexical_sure:
            return 0
        return int(np.argmax(logits))

    def decider_row(self, rows: np.ndarray, logits: np.ndarray, chosen: int) -> np.ndarray:
        others = np.delete(logits, chosen)
        margin = logits[chosen] - others.max() if len(others) else LONE_MARGIN
        named = dict(zip(FEATURES, rows[chosen].tolist(), strict=True))
        sure = float(rows[0, _ENGINE] >= self.lexical_sure)
        extra = [named[name] for name in DECIDER_FEATURES[3:]]
        return np.array([logits[chosen], margin, sure, *extra])

    def confidence(self, decider_row: np.ndarray) -> float:
        """The probability that answering with the chosen candidate is right."""
        return _sigmoid(float(self.decider.logits(decider_row[None, :])[0]))

    def to_json(self, about: dict[str, Any]) -> str:
        data = {
            "features": list(FEATURES),
            "decider_features": list(DECIDER_FEATURES),
            "ranker": self.ranker.to_json(),
            "decider": self.decider.to_json(),
            "threshold": self.threshold,
            "lexical_sure": self.lexical_sure,
            "about": about,
        }
        return json.dumps(data, indent=1) + "\n"


def _sigmoid(value: float) -> float:
    return 1 / (1 + math.exp(-max(-60.0, min(60.0, value))))


def probabilities(logits: np.ndarray) -> np.ndarray:
    return np.asarray(1 / (1 + np.exp(-np.clip(logits, -60, 60))))


@cache
def load_model(path: Path = MODEL_FILE) -> Model:
    """The shipped model; ScorerError when the file does not fit this engine's features."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ScorerError(f"{path}: fitted for features {data['features']}, not {FEATURES}")
        if tuple(data["decider_features"]) != DECIDER_FEATURES:
            raise ScorerError(f"{path}: decider fitted for other features")
        return Model(
            ranker=Logistic.from_json(data["ranker"], len(FEATURES)),
            decider=Logistic.from_json(data["decider"], len(DECIDER_FEATURES)),
            threshold=float(data["threshold"]),
            lexical_sure=float(data["lexical_sure"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, ScorerError):
            raise
        raise ScorerError(f"cannot read the scorer model {path}: {error}") from error
