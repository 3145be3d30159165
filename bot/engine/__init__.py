"""The answer engine: pure and synchronous, no Discord and no database.

Normalise the question, read it with the packs' vocabulary, score the facts, and compose an
Answer that quotes the article verbatim or declines.
"""

from __future__ import annotations

from bot.engine.answer import Answer, Suggestion
from bot.engine.engine import Engine
from bot.engine.match import Weights
from bot.engine.question import EngineError, QuestionError, check_question, replace_undecodable
from bot.engine.small_talk import HELP
from bot.engine.thresholds import Thresholds

__all__ = [
    "HELP",
    "Answer",
    "Engine",
    "EngineError",
    "QuestionError",
    "Suggestion",
    "Thresholds",
    "Weights",
    "check_question",
    "replace_undecodable",
]
