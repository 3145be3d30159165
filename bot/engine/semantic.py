"""Meaning beside words: how close a question and a sentence are in a static embedding.

The embedding is WordLlama's "l2_supercat" (MIT licence; github.com/dleemiller/WordLlama):
256 dimensions for each of the 32,000 tokens of the Llama 2 tokenizer, distilled by its
author from large language models' token embeddings, shipped inside the `wordllama` wheel
(16 MB of weights and the tokenizer file), so nothing is downloaded at run time. Only those
two files are read, with `safetensors` and `tokenizers`; WordLlama's own loader is not used,
since it looks for the tokenizer online first. A text's vector is the mean of its tokens'
vectors, normalised: about 20 microseconds a question.

Beside the whole text's vector, `soft_cover` reads word by word: how much of the question
has a word of like meaning in the sentence ("approved" for "ok'd"), each question word
weighed by how much it says. The mean vector blurs a long sentence; the cover does not.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

_WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"
_TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
# The tokenizer's <unk>, <s> and </s>: they say nothing about the text.
_SPECIAL_TOKENS = 3


class SemanticError(RuntimeError):
    """The embedding's files are missing: the `wordllama` package is not installed whole."""


@cache
def _embedding() -> tuple[np.ndarray, Tokenizer]:
    spec = importlib.util.find_spec("wordllama")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise SemanticError("the wordllama package is not installed")
    folder = Path(folders[0])
    try:
        vectors = load_file(str(folder / _WEIGHTS))["embedding.weight"].astype(np.float32)
        tokenizer = Tokenizer.from_file(str(folder / _TOKENIZER))
    except Exception as error:  # safetensors and tokenizers raise their own kinds
        raise SemanticError(f"cannot read WordLlama's embedding in {folder}: {error}") from error
    return vectors, tokenizer


def load() -> None:
    """Read the embedding now (0.2 s, about 80 MB), not in the first question that needs
    it; SemanticError when it cannot be read."""
    _embedding()


def vector(text: str) -> np.ndarray:
    """The text's normalised mean token vector (zeros for a text with no tokens)."""
    vectors, tokenizer = _embedding()
    ids = [i for i in tokenizer.encode(text, add_special_tokens=False).ids if i >= _SPECIAL_TOKENS]
    if not ids:
        return np.zeros(vectors.shape[1], dtype=np.float32)
    mean = vectors[ids].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    normalised: np.ndarray = mean / norm if norm else mean
    return normalised


@lru_cache(maxsize=65536)
def sentence_vector(sentence: str) -> np.ndarray:
    """A quoted sentence's vector: the same sentences come back question after question."""
    return vector(sentence)


def similarity(question_vector: np.ndarray, sentences: list[str]) -> float:
    """The cosine of the question and the closest of the sentences, from -1 to 1."""
    return max((float(question_vector @ sentence_vector(s)) for s in sentences), default=0.0)


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@lru_cache(maxsize=65536)
def word_vector(word: str) -> np.ndarray | None:
    """A word's normalised vector, the mean of its tokens' (None for a word with none)."""
    vectors, tokenizer = _embedding()
    ids = [i for i in tokenizer.encode(word, add_special_tokens=False).ids if i >= _SPECIAL_TOKENS]
    if not ids:
        return None
    mean = vectors[ids].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None


@dataclass(frozen=True)
class WeighedWords:
    """A question's words as vectors (one row each) and how much each says."""

    vectors: np.ndarray
    weights: np.ndarray


def weighed_words(words: Sequence[tuple[str, float]]) -> WeighedWords:
    """The words that have a vector, with their weights (each word once)."""
    kept = {}
    for word, weight in words:
        found = word_vector(word.casefold())
        if found is not None:
            kept[word.casefold()] = (found, weight)
    if not kept:
        return WeighedWords(np.zeros((0, _dimensions())), np.zeros(0))
    return WeighedWords(
        np.array([v for v, _ in kept.values()]), np.array([w for _, w in kept.values()])
    )


@lru_cache(maxsize=65536)
def _sentence_words(sentence: str) -> np.ndarray:
    found = (word_vector(word) for word in dict.fromkeys(_WORD.findall(sentence.casefold())))
    rows = [vector for vector in found if vector is not None]
    return np.array(rows) if rows else np.zeros((0, _dimensions()))


def soft_cover(question: WeighedWords, sentences: Sequence[str]) -> float:
    """The weighed share of the question's words that the sentences hold a word like: each
    question word counts by the cosine of its closest sentence word (0 to 1)."""
    total = float(question.weights.sum())
    matrix = np.concatenate([_sentence_words(s) for s in sentences]) if sentences else None
    if not total or matrix is None or not len(matrix):
        return 0.0
    closest = np.clip((question.vectors @ matrix.T).max(axis=1), 0.0, 1.0)
    return float(closest @ question.weights) / total


def _dimensions() -> int:
    return int(_embedding()[0].shape[1])
