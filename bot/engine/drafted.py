"""Which packs are drafts, and the fitted scorer's say over a draft's lexical answers.

A reviewed pack's phrasings and vocabulary were written by a person for its readers, so a
lexical match on them means what it says. A draft's were made by `factbot pack draft` from
the sentences alone: a lexical score short of sure on them is a few shared words. On public
data the fitted scorer, which reads the whole sentence, knows better where the two differ:
- such a lexical answer stands only where the fitted scorer's first candidate quotes one of
  its sentences (else its answer, if sure enough, or a decline). Fitting parts of the train
  splits: wrong answers 12.7% -> 9.1% of answerable on WikiQA, 4.6% -> 4.1% on SQuAD, 0.7
  and 0.2 points fewer right;
- where neither answers, suggestions come in its order (SQuAD validation part: the right
  sentence first for 82% of answerable questions, the lexical score's 77%).
Staff facts are not drafts, nor a draft's fact a server's staff taught phrasings to: staff
wrote those questions.
"""

from __future__ import annotations

from bot.engine.answer import Answer
from bot.engine.index import IndexedFact
from bot.engine.match import Scored
from bot.knowledge import Pack


def drafted(pack: Pack) -> bool:
    """Whether the pack's questions were drafted by machine and nobody has reviewed them."""
    return not pack.pack.reviewed and not pack.pack.staff_added


def may_doubt(answer: Answer, draft: bool, sure: float) -> bool:
    """Whether the answer comes from a `draft`'s fact (machine-made questions, not taught
    by a server's staff) on a lexical score short of `sure` (`Thresholds.draft_sure`)."""
    return draft and answer.answered and answer.confidence < sure


def doubted_on_draft(
    answer: Answer, draft: bool, entry: IndexedFact, judged: list[Scored], sure: float
) -> bool:
    """Whether `may_doubt` the answer, and the fitted scorer would first give a fact that
    quotes none of its sentences (one quoting one of them is no disagreement: the scorer
    reads sentences, and the lexical cues chose which of a sentence's facts)."""
    if not may_doubt(answer, draft, sure):
        return False
    return not judged or set(judged[0].entry.fact.sources).isdisjoint(entry.fact.sources)
