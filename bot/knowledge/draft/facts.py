"""The facts of one claim sentence: what it says, and one fact per answer in it.

Each fact quotes the whole sentence, so a draft can only ever quote the article. Kinds of
fact: a description (what someone did, intends or said: yes-or-no questions find it), one
per answer span (date, figure, amount, place, reason), "who" when a name does something,
and what an appositive says a name is ("Primeearth EV Energy, a joint venture with ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lemminflect import getAllLemmas

from bot.knowledge.draft import doers
from bot.knowledge.draft.claims import Answer, find_answers
from bot.knowledge.draft.drafted import DraftFact
from bot.knowledge.draft.grammar import (
    drop_leading_phrase,
    finite_verb,
    is_base_verb,
    leading_noun_phrase,
    lower_first,
    sentence_case,
    tokens,
    verb_group_end,
)
from bot.knowledge.draft.names import Names, plain
from bot.knowledge.draft.questions import (
    WH_BY_KIND,
    asking_phrase,
    clauses,
    conjuncts,
    keywords_question,
    question,
    split_aside,
    tidy,
    verbless_question,
)
from bot.knowledge.draft.references import resolved_subjects, with_names

# "Primeearth EV Energy, a joint venture with Panasonic, ...": what a name is.
_APPOSITIVE = re.compile(r"([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*),\s+((?:a|an)\s+[^,]+?),")
_PARTNER = re.compile(r"\s(with|by|of|from)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)$")
_LEADS_TO_FIGURE = re.compile(r"\b(?:with|by|at|of|to|for|across|over|among|per)\s+$")
_FOLLOWS_FIGURE = re.compile(r"\s+of\s+(?:the\s+)?[a-z]+\b")
# '"We wanted a place ...," Webb said.': someone's own words.
_SAID = r"(?:said|says|told|added|adds|explained|noted|wrote|stated)"
_SPEAKER = r"(?P<speaker>(?:[A-Z][\w'.-]*\s+)*[A-Z][\w'-]*)"
_QUOTED = r"^\"(?P<words>[^\"]+?)[,.]?\",?\s+"
# '"...," Webb said.', '"...," said Isla Monteith.', 'X, the Y, said: "..."': their words.
_SPEECHES = (
    re.compile(rf"{_QUOTED}{_SPEAKER}\s+{_SAID}\b"),
    re.compile(rf"{_QUOTED}{_SAID}\s+{_SPEAKER}"),
    re.compile(
        rf"^{_SPEAKER}(?:,\s+[^,\"]+,)?\s+{_SAID}(?:\s+[a-z]+)?[:,]\s+\"(?P<words>[^\"]+?)[,.]?\"\.?$"
    ),
)
# "The vaccine, called NV-212, ...": what a thing is called.
_CALLED = re.compile(
    r"^(?P<thing>.+?)\s+(?:was|were|is|are)\s+(?:called|named|known as)\s+(?P<name>.+)$"
)
_COUNTED = re.compile(r"\d\s+(?:thousand\s+|million\s+|billion\s+)?([a-z]+(?:\s+[a-z]+)?s)$")
_COMPARED = re.compile(r",?\s*\b(?:compared with|compared to|as against)\s+$")
_KEPT_PREPOSITIONS = frozenset("to from with at on for by".split())


def draft_facts(sentences: Sequence[str], names: Names) -> Iterator[DraftFact]:
    """The facts of every claim sentence, in the article's order."""
    previous: list[str] = []
    for sentence in sentences:
        speech = next(filter(None, (way.match(plain(sentence)) for way in _SPEECHES)), None)
        if speech and re.search(r"[^\W_]", speech.group("words")):
            facts = [_speech_fact(sentence, speech, names), *doers.title_facts(sentence, names)]
        else:
            facts = [_description(sentence, names, previous)]
            facts += _facts_of_clauses(sentence, names, previous)
        yield from facts
        # "The former", "these batteries" in the next sentence point to these subjects.
        previous = list(dict.fromkeys(s for fact in facts for s in fact.subjects))


def _speech_fact(sentence: str, speech: re.Match[str], names: Names) -> DraftFact:
    """What someone said, in their words (the words themselves read as no claim)."""
    speaker, said = speech.group("speaker"), speech.group("words")
    content = keywords_question(f"What did {speaker} say about", tokens(said), limit=6)
    return DraftFact(
        tidy(f"What did {speaker} say"),
        sentence_case(f"\u201c{said}\u201d"),
        "description",
        sentence,
        names.subjects_of(sentence),
        [content],
    )


def _facts_of_clauses(sentence: str, names: Names, previous: list[str]) -> Iterator[DraftFact]:
    lead_subjects: list[str] = []
    # A name in an aside ("its new scheme, called LeedsRide,") is what the sentence is about.
    aside = split_aside(sentence.rstrip("."))[1]
    aside_subjects = names.subjects_of(aside) if aside else []
    called = _CALLED.match(aside) if aside else None
    if called:
        thing = " ".join(lower_first(tokens(called.group("thing"))))
        asked = tidy(f"What is {thing} called")
        yield DraftFact(
            asked, sentence_case(called.group("name")), "name", sentence, aside_subjects, []
        )
    yield from doers.title_facts(sentence, names)
    for number, clause in enumerate(clauses(sentence)):
        subjects = resolved_subjects(clause, names, previous) or lead_subjects
        subjects = list(dict.fromkeys([*subjects, *aside_subjects]))
        if number == 0:
            lead_subjects = subjects
        words = tokens(clause)
        parts = conjuncts(words) if len(find_answers(clause)) > 1 else [words]
        found: list[DraftFact] = []
        for part in parts:
            text = " ".join(part)
            answers = find_answers(text)
            for answer in answers:
                if not _COMPARED.search(text[: answer.start]):
                    found.append(_answer_fact(sentence, text, answer, subjects, names, previous))
                    continue
                compared = _compared_fact(sentence, text, answer, answers, subjects)
                found += [compared] if compared else []
        for appositive in _APPOSITIVE.finditer(plain(clause)):
            found += _appositive_facts(sentence, appositive, names, subjects)
        who = doers.who_fact(sentence, clause, names, subjects) or doers.doer_of_passive(
            sentence, clause, subjects
        )
        found += [who] if who is not None else []
        whom = doers.whom_fact(sentence, clause, names, subjects)
        found += [whom] if whom is not None else []
        if not found and number > 0:
            found.append(_clause_description(sentence, clause, subjects))
        yield from found


def _answer_fact(
    sentence: str,
    clause: str,
    answer: Answer,
    subjects: list[str],
    names: Names,
    previous: list[str],
) -> DraftFact:
    """The question a span answers: the clause, with the span taken out, asked about it."""
    before = tokens(clause[: answer.start])
    after = tokens(clause[answer.end :])
    if answer.kind == "age":
        return _age_fact(sentence, answer, subjects, names)
    counted = _COUNTED.search(answer.text) if answer.kind == "amount" else None
    if counted:
        # "310,000 books": how many books.
        wh, cut = asking_phrase(before, answer.kind)
        wh = f"How many {counted.group(1)}"
        words = before[: len(before) - cut] + after
    elif re.search(r"\d-[a-z]+$", answer.text) and after and after[0][:1].islower():
        # "a 10-minute rapid charging period": ask what the period is.
        wh = "What " + " ".join(leading_noun_phrase(after))
        words = before + after
    else:
        wh, cut = asking_phrase(before, answer.kind)
        words = before[: len(before) - cut] + after
    words = _without_other_answers(words)
    asked = question(words, wh) or verbless_question(words, wh, answer.kind)
    resolved = tokens(with_names(" ".join(words), names, previous))
    phrasings = [
        question(resolved, wh) or verbless_question(resolved, wh, answer.kind),
        keywords_question(WH_BY_KIND.get(answer.kind, wh), resolved, limit=8),
    ]
    return DraftFact(asked, sentence_case(answer.text), answer.kind, sentence, subjects, phrasings)


def _compared_fact(
    sentence: str, clause: str, answer: Answer, answers: tuple[Answer, ...], subjects: list[str]
) -> DraftFact | None:
    """ "19 admissions in one group, compared with 101 in the other": 101 admissions in the
    other group. None when nothing says what the compared figure is of."""
    where = clause[answer.end :].split(",")[0].strip()
    counts = [a for a in answers if a.end <= answer.start and _COUNTED.search(a.text)]
    found = _COUNTED.search(counts[-1].text) if counts else None
    if not where or not found or answer.kind != "amount":
        return None
    asked = tidy(f"How many {found.group(1)} {where}")
    return DraftFact(asked, sentence_case(answer.text), "amount", sentence, subjects, [])


def _age_fact(sentence: str, answer: Answer, subjects: list[str], names: Names) -> DraftFact:
    """ "The 24-year-old agreed ...": how old the one the sentence is about is."""
    named = [names.subjects[s].name for s in subjects if s in names.subjects]
    who = named[0] if named else (names.topic or "").title()
    asked = tidy(f"How old is {who}") if who else tidy("How old")
    return DraftFact(asked, sentence_case(answer.text), "age", sentence, subjects, [])


def _without_other_answers(words: list[str]) -> list[str]:
    """Leave out the other figures of a clause with the words that lead to them ("approved
    with 61 percent of the vote", "a range of 620 miles and ...")."""
    text = " ".join(words)
    for other in reversed(find_answers(text)):
        start, end = other.start, other.end
        compared = _COMPARED.search(text[:start])
        if compared:  # the other side of a comparison goes, to the clause's end
            text = text[: compared.start()].rstrip(" ,")
            continue
        leading = _LEADS_TO_FIGURE.search(text[:start])
        trailing = _FOLLOWS_FIGURE.match(text[end:])
        start = leading.start() if leading else start
        end += trailing.end() if trailing else 0
        text = text[:start] + text[end:]
    return tokens(re.sub(r"\s+(?:of|and)\s*$", "", text.strip()))


def _appositive_facts(
    sentence: str, appositive: re.Match[str], names: Names, subjects: list[str]
) -> list[DraftFact]:
    """ "Primeearth EV Energy, a joint venture with Panasonic": what it is, and who with."""
    named, what = appositive.group(1), appositive.group(2)
    about = names.subjects_of(appositive.group()) or subjects
    facts = [
        DraftFact(tidy(f"What is {named}"), sentence_case(what), "description", sentence, about, [])
    ]
    partner = _PARTNER.search(what)
    if partner:
        asked = tidy(f"Who is {named} {what[: partner.start()]} {partner.group(1)}")
        facts.append(DraftFact(asked, sentence_case(partner.group(2)), "name", sentence, about, []))
    return facts


def _description(sentence: str, names: Names, previous: list[str]) -> DraftFact:
    """What the sentence says: "What did X approve?", "What does X intend to do?", or, for
    "X said that Y", a yes-or-no question of Y."""
    subjects = resolved_subjects(sentence, names, previous)
    words = drop_leading_phrase(tokens(split_aside(sentence.rstrip("."))[0]))
    found = finite_verb(words)
    asked: str | None = None
    answer = sentence
    phrasings: list[str | None] = []
    if found is not None:
        end = verb_group_end(words, found[0])
        head, rest = words[:end], words[end:]
        if rest and rest[0].lower() == "that":
            asked = question(rest[1:], "")
            answer = "Yes. " + sentence_case(" ".join(rest[1:])) if asked else answer
            phrasings.append(question(head, "What"))
        elif len(rest) > 1 and rest[0].lower() == "to" and is_base_verb(rest[1]):
            asked = question([*head, "to", "do"], "What")
            answer = " ".join(rest)
        elif rest:
            keep = 1 if rest[0].lower() in _KEPT_PREPOSITIONS else 0
            asked = question(head + rest[:keep], "What")
            answer = " ".join(rest[keep:]) or sentence
        else:  # the verb ends the sentence ("All the staff were hired."): ask if it is so
            asked = question(words, "")
    if not asked:
        about = [names.subjects[s].name for s in subjects[:2] if s in names.subjects]
        asked = tidy(f"What does the article say about {' and '.join(about) or 'this'}")
    resolved = tokens(with_names(" ".join(words), names, previous))
    if found is not None:
        # Only the opening reference is replaced, so the verb moved by the length change
        # (a name can be shorter than the words it stands for).
        verb = found[0] + len(resolved) - len(words)
        if 0 <= verb < len(resolved) and resolved[verb] == words[found[0]]:
            phrasings.append(question(resolved[: verb_group_end(resolved, verb)], "What"))
        phrasings.append(question(resolved, ""))
    phrasings.append(keywords_question("What", resolved, limit=10))
    kept = [phrasing for phrasing in phrasings if phrasing]
    return DraftFact(asked, sentence_case(answer), "description", sentence, subjects, kept)


def _clause_description(sentence: str, clause: str, subjects: list[str]) -> DraftFact:
    """A later clause with no answer in it ("however, no timeline has been set"): a
    yes-or-no question of it."""
    words = drop_leading_phrase(tokens(clause))
    if words and words[0][:1].islower() and getAllLemmas(words[0].lower(), upos="VERB"):
        # "..., but continue mass-producing batteries": the sentence's subject does it.
        lead = tokens(clauses(sentence)[0])
        found = finite_verb(lead)
        words = lead[: found[0]] + words if found else words
    asked = question(words, "") or tidy("Is it true that " + " ".join(words))
    return DraftFact(asked, sentence_case(clause), "description", sentence, subjects, [])
