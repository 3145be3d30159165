"""Meaning beside words: how close a question and a sentence are in a static embedding.

The embedding is WordLlama's "l2_supercat" (MIT licence; github.com/dleemiller/WordLlama):
256 dimensions for each of the 32,000 tokens of the Llama 2 tokenizer, distilled by its
author from large language models' token embeddings, shipped inside the `wordllama` wheel
(16 MB of weights and the tokenizer file), so nothing is downloaded at run time. Only those
two files are read, with `safetensors` and `tokenizers`; WordLlama's own loader is not used,
since it looks for the tokenizer online first. A text's vector is the mean of its tokens'
vectors, normalised: about 20 microseconds a question.
"""

from __future__ import annotations

import importlib.util
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
