"""Turning a claim into the question it answers, by moving the answer out and the verb up.

"Toyota acquired complete ownership of Primeearth EV Energy earlier this year" answers
"When did Toyota acquire complete ownership of Primeearth EV Energy?"; "The former is
anticipated to offer a WLTP driving range of nearly 500 miles" answers "What WLTP driving
range is the former anticipated to offer?". The rules are plain English grammar, with
lemminflect for verb forms; a person edits what reads awkwardly.
"""

from __future__ import annotations

import re

from lemminflect import getAllInflections, getAllLemmas

from bot.engine.english import is_common

AUXILIARIES = frozenset(
    "is are was were will would has have had can could should may might must shall".split()
)
DETERMINERS = frozenset(
    "the a an its their this these those his her our each every several some many".split()
)
# Words that open an adverbial phrase before the clause's subject ("Due to X, Toyota ...").
_LEADING = frozenset(
    """
    due last around in by after before since following according however also meanwhile
    besides with as under
    """.split()
)
_PREPOSITIONS = frozenset("in within for of by on at to from until around about".split())
_PLURAL_PRONOUNS = frozenset("they we you i".split())
# Clause boundaries: each part of a sentence answers questions of its own.
_BOUNDARY = re.compile(
    r";\s+(?:however,\s+)?|,\s+of\s+which\s+|,\s+(?:whereas|while|but|and|with)\s+|\s+but\s+"
)
_RELATIVE = re.compile(r",\s+which\s+")
_WORD = re.compile(r"\(.*?\)|[^\s]+")

WH_BY_KIND = {
    "date": "When",
    "distance": "How far",
    "duration": "How long",
    "amount": "How much",
    "money": "How much",
    "share": "What share",
    "name": "Who",
    "place": "Where",
    "reason": "Why",
}


def clauses(sentence: str) -> list[str]:
    """The sentence's clauses ("X, whereas Y" is two; "X the batteries, which will Y" has
    "the batteries will Y" as its second)."""
    body = sentence.rstrip(".!\"\u201d' ")
    found: list[str] = []
    for part in _BOUNDARY.split(body):
        head, *relative = _RELATIVE.split(part, maxsplit=1)
        found.append(head)
        if relative:
            found.append(" ".join([*antecedent(tokens(head)), relative[0]]))
    return [part.strip(" ,") for part in found if part.strip(" ,")]


def antecedent(words: list[str]) -> list[str]:
    """The noun phrase a relative clause follows: "China or South Korea, which ...", "... of
    its initial batteries, which ..."."""
    names: list[str] = []
    for word in reversed(words):
        if word[:1].isupper() or (names and word in {"or", "and", "of"}):
            names.insert(0, word)
        else:
            break
    if names and names[0][:1].isupper():
        return names
    for back in range(1, min(6, len(words)) + 1):
        if words[-back].lower() in DETERMINERS:
            return words[-back:]
    return words[-2:]


def conjuncts(words: list[str]) -> list[list[str]]:
    """ "X will offer A and B" as "X will offer A" and "X will offer B", each with its head."""
    if "and" not in words:
        return [words]
    found = finite_verb(words)
    if found is None:
        return [words]
    verb_end = found[0] + 1
    if found[2] == "AUX" and verb_end < len(words) and verb_end < words.index("and"):
        verb_end += 1
    head = words[:verb_end]
    parts: list[list[str]] = [[]]
    for word in words[verb_end:]:
        if word == "and":
            parts.append([])
        else:
            parts[-1].append(word)
    return [head + part for part in parts if part]


def tokens(text: str) -> list[str]:
    """Words, keeping a bracketed aside ("(800 km)") as one."""
    return _WORD.findall(text)


def finite_verb(words: list[str]) -> tuple[int, str, str] | None:
    """(position, base form, tag) of the clause's main verb or auxiliary, or None."""
    for position in range(1, len(words)):
        word = words[position].strip(',"\u201c\u201d')
        low = word.lower()
        if low in AUXILIARIES:
            return position, low, "AUX"
        if not word.isalpha() or word[0].isupper() or words[position - 1].lower() in DETERMINERS:
            continue
        lemmas = getAllLemmas(low, upos="VERB").get("VERB")
        if not lemmas:
            continue
        forms = getAllInflections(lemmas[0], upos="VERB")
        before = words[position - 1].lower().strip(",")
        if low in forms.get("VBZ", ()) or low in forms.get("VBD", ()):
            tag = "VBZ" if low in forms.get("VBZ", ()) else "VBD"
            return position, lemmas[0], tag
        if low in forms.get("VBP", ()) and (before.endswith("s") or before in _PLURAL_PRONOUNS):
            return position, lemmas[0], "VBP"
    return None


def drop_leading_phrase(words: list[str]) -> list[str]:
    """ "Due to the certification, Toyota is ..." -> "Toyota is ..."."""
    while words and not words[0].strip(",;:"):
        words = words[1:]
    if words and words[0].lower() in _LEADING:
        for position, word in enumerate(words[:10]):
            if word.endswith(","):
                return words[position + 1 :]
    return words


def lower_first(words: list[str]) -> list[str]:
    """The subject's first word in mid-question case: "the company", but "Toyota"."""
    if words and is_common(words[0].lower()) and not words[0].isupper():
        return [words[0].lower(), *words[1:]]
    return words


def question(words: list[str], wh: str) -> str | None:
    """Ask `wh` of a clause (its answer already taken out), or None when no verb is found."""
    words = drop_leading_phrase([w.strip('"\u201c\u201d') for w in words if w.strip(",")])
    found = finite_verb(words)
    if found is None:
        return None
    position, base, tag = found
    subject = " ".join(lower_first(words[:position]))
    rest = " ".join(words[position + 1 :])
    if tag == "AUX":
        asked = f"{wh} {words[position].lower()} {subject} {rest}"
    else:
        helper = {"VBZ": "does", "VBD": "did", "VBP": "do"}[tag]
        asked = f"{wh} {helper} {subject} {base} {rest}"
    return tidy(asked)


def who_question(words: list[str]) -> str | None:
    """ "Who has granted Toyota approval ...?" from "X has granted Toyota approval ..."."""
    words = drop_leading_phrase(words)
    found = finite_verb(words)
    if found is None:
        return None
    return tidy("Who " + " ".join(words[found[0] :]))


def tidy(text: str) -> str:
    """One space between words, no dangling commas or prepositions, a question mark."""
    text = re.sub(r"\s+", " ", text).strip(' ,;:.!"\u201c\u201d')
    text = re.sub(r"\s+,", ",", text)
    text = re.sub(r",$", "", text)
    return text[:1].upper() + text[1:] + "?"


def asking_phrase(before: list[str], kind: str) -> tuple[str, int]:
    """What to ask for an answer that follows `before`: "What WLTP driving range" when a noun
    phrase leads to it ("a WLTP driving range of 500 miles"), else the kind's question word;
    and how many words of `before` that phrase replaces."""
    wh = WH_BY_KIND.get(kind, "What")
    if kind in {"date", "name", "place", "reason"}:
        cut = 1 if before and before[-1].lower() in _PREPOSITIONS else 0
        return wh, cut
    verb = finite_verb(before)
    for back in range(1, min(6, len(before)) + 1):
        word = before[-back].lower()
        if verb is not None and verb[0] >= len(before) - back:
            break  # "The project cost 31 million": no noun phrase leads to the answer
        if word in DETERMINERS:
            noun_phrase = list(before[len(before) - back + 1 :])
            if noun_phrase and noun_phrase[-1].lower() in _PREPOSITIONS:
                noun_phrase = noun_phrase[:-1]
            if noun_phrase and all(_is_noun_phrase_word(w) for w in noun_phrase):
                return "What " + " ".join(noun_phrase), back
            break
        if word in AUXILIARIES or word.endswith(","):
            break
    cut = 1 if before and before[-1].lower() in _PREPOSITIONS else 0
    return wh, cut


def _is_noun_phrase_word(word: str) -> bool:
    """A word that can stand in "a WLTP driving range of": no verb such as "carries"."""
    if not (word.isalpha() or "-" in word):
        return False
    lemmas = getAllLemmas(word.lower(), upos="VERB").get("VERB")
    if not lemmas:
        return True
    forms = getAllInflections(lemmas[0], upos="VERB")
    finite = forms.get("VBZ", ()) + forms.get("VBD", ())
    return word.lower() not in finite or bool(getAllLemmas(word.lower(), upos="NOUN"))
