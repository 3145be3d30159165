"""Which packs are drafts: their questions and phrasings written by `factbot pack draft`.

A reviewed pack's phrasings and vocabulary were written by a person for its readers, so the
lexical score's ranking of them means what it says. A draft's were made from the sentences
alone, and on public data the fitted scorer, which reads the whole sentence, ranks a draft's
facts better (SQuAD train, validation part: the right sentence first for 82% of answerable
questions against the lexical score's 78%; WikiQA 57% against 53%): where neither scorer
answers, a draft's suggestions come in the fitted scorer's order. Staff facts are not
drafts: staff wrote their questions.
"""

from __future__ import annotations

from bot.knowledge import Pack


def drafted(pack: Pack) -> bool:
    """Whether the pack's questions were drafted by machine and nobody has reviewed them."""
    return not pack.pack.reviewed and not pack.pack.staff_added
