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
# The tokenizer spells a number digit by digit, so "2028" and "2082" would be alike: a
# number covers only the same number, as written.
_DIGIT = re.compile(r"\d")
# Facts whose words are kept as vectors: a fact's sentences and questions hold some 40
# distinct words, 40 KB; a question reads up to 20 facts, most of them the same next time.
_FACTS_KEPT = 2048


@lru_cache(maxsize=65536)
def word_vector(word: str) -> np.ndarray | None:
    """A word's `vector` (None for a word with no tokens)."""
    found = vector(word)
    return found if found.any() else None


@dataclass(frozen=True)
class WeighedWords:
    """A question's words as vectors (one row each) and how much each says; its numbers,
    which only the same number covers, and how much each says."""

    vectors: np.ndarray
    weights: np.ndarray
    numbers: tuple[str, ...] = ()
    number_weights: tuple[float, ...] = ()


def weighed_words(words: Sequence[tuple[str, float]]) -> WeighedWords:
    """The words that have a vector and the numbers, with their weights (each once)."""
    kept: dict[str, tuple[np.ndarray, float]] = {}
    numbers: dict[str, float] = {}
    for word, weight in words:
        if _DIGIT.search(word):
            numbers[word] = weight
        elif (found := word_vector(word.casefold())) is not None:
            kept[word.casefold()] = (found, weight)
    vectors = np.array([v for v, _ in kept.values()]).reshape(len(kept), _dimensions())
    return WeighedWords(
        vectors,
        np.array([w for _, w in kept.values()]),
        tuple(numbers),
        tuple(numbers.values()),
    )


@lru_cache(maxsize=_FACTS_KEPT)
def _words_of(texts: tuple[str, ...]) -> tuple[np.ndarray, frozenset[str]]:
    """The vectors of the distinct words of the texts, one row each, and their numbers."""
    distinct = dict.fromkeys(word for text in texts for word in _WORD.findall(text.casefold()))
    numbers = frozenset(word for word in distinct if _DIGIT.search(word))
    rows = [v for word in distinct if word not in numbers and (v := word_vector(word)) is not None]
    matrix = np.array(rows) if rows else np.zeros((0, _dimensions()), dtype=np.float32)
    return matrix, numbers


def soft_cover(question: WeighedWords, texts: Sequence[str]) -> float:
    """The weighed share of the question's words that the texts hold a word like: each
    question word counts by the cosine of its closest word in the texts (0 to 1), each
    number by whether the texts say it."""
    total = float(question.weights.sum()) + sum(question.number_weights)
    if not total:
        return 0.0
    matrix, numbers = _words_of(tuple(texts))
    said = sum(
        w for n, w in zip(question.numbers, question.number_weights, strict=True) if n in numbers
    )
    if not len(matrix) or not len(question.weights):
        return said / total
    closest = np.clip((question.vectors @ matrix.T).max(axis=1), 0.0, 1.0)
    return (float(closest @ question.weights) + said) / total


def _dimensions() -> int:
    return int(_embedding()[0].shape[1])
