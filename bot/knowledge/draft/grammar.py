"""The bits of English grammar the drafter needs: words, verbs and the phrases around them.

Verb forms come from lemminflect ("acquired" is the past of "acquire"; "built" of "build"),
which knows the irregular verbs that suffix rules get wrong.
"""

from __future__ import annotations

import re

from lemminflect import getAllInflections, getAllLemmas, getInflection

from bot.engine.english import is_common
from bot.engine.lexicon import STOPWORDS

AUXILIARIES = frozenset(
    "is are was were will would has have had can could should may might must shall".split()
)
MODALS = frozenset("will would can could should may might must shall".split())
DETERMINERS = frozenset(
    "the a an its their this these those his her our each every several some many".split()
)
# Words that open an adverbial phrase before the clause's subject ("Due to X, Toyota ...").
_LEADING = frozenset(
    """
    due last around in by after before since following according however also meanwhile
    besides with as under shortly roughly nearly almost earlier later despite although
    during
    """.split()
)
_PLURAL_PRONOUNS = frozenset("they we you i".split())
_WORD = re.compile(r"\(.*?\)|[^\s]+")


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
        if (
            position >= 2
            and _is_adverb(words[position - 1])
            and (words[position - 2].lower() in DETERMINERS)
        ):
            continue  # "a privately built rocket": a participle describing, not a verb
        lemmas = getAllLemmas(low, upos="VERB").get("VERB")
        if not lemmas:
            continue
        forms = getAllInflections(lemmas[0], upos="VERB")
        before = words[position - 1].lower().strip(",")
        if low in forms.get("VBZ", ()) or low in forms.get("VBD", ()):
            if _plural_noun_before_verb(words, position):
                continue  # "Library cards remain free": "cards" names, "remain" says
            tag = "VBZ" if low in forms.get("VBZ", ()) else "VBD"
            return position, lemmas[0], tag
        if low in forms.get("VBP", ()) and (_is_plural_noun(before) or before in _PLURAL_PRONOUNS):
            return position, lemmas[0], "VBP"
    return None


def _is_adverb(word: str) -> bool:
    """ "privately", "newly"; not "family" or "assembly", nouns that end like one."""
    low = word.lower()
    return low.endswith("ly") and not getAllLemmas(low, upos="NOUN")


def _is_plural_noun(word: str) -> bool:
    """ "batteries", "cards"; not "previous", which only ends like one."""
    lemmas = getAllLemmas(word, upos="NOUN").get("NOUN", ())
    return word.endswith("s") and bool(lemmas) and word not in lemmas


def _plural_noun_before_verb(words: list[str], position: int) -> bool:
    """True when words[position] can be a plural noun and the next word is only a verb."""
    word = words[position].lower()
    if not word.endswith("s") or not getAllLemmas(word, upos="NOUN"):
        return False
    following = words[position + 1].lower() if position + 1 < len(words) else ""
    return bool(getAllLemmas(following, upos="VERB")) and not getAllLemmas(following, upos="NOUN")


def verb_group_end(words: list[str], position: int) -> int:
    """Past the verb and what belongs to it: "is authorized", "are gradually transitioning",
    "will offer", "had discovered"; a main verb ("acquired") stands alone."""
    end = position + 1
    if words[position].lower() not in AUXILIARIES:
        return end
    if words[position].lower() in MODALS and end < len(words):
        end += 1
    while end < len(words) and _is_verb_part(words[end]):
        end += 1
    return end


def is_past_participle(word: str) -> bool:
    lemmas = getAllLemmas(word.lower(), upos="VERB").get("VERB")
    return bool(lemmas) and word.lower() in getInflection(lemmas[0], tag="VBN")


def is_base_verb(word: str) -> bool:
    forms = getAllLemmas(word.lower(), upos="VERB").get("VERB", ())
    return word.lower() in forms


def _is_verb_part(word: str) -> bool:
    low = word.lower()
    if low.endswith("ly") or low in {"also", "still", "not", "yet", "been", "be", "being"}:
        return True
    lemmas = getAllLemmas(low, upos="VERB").get("VERB")
    if not lemmas:
        return False
    return low in getInflection(lemmas[0], tag="VBN") + getInflection(lemmas[0], tag="VBG")


def drop_leading_phrase(words: list[str]) -> list[str]:
    """ "Due to the certification, Toyota is ..." -> "Toyota is ..."."""
    while words and not words[0].strip(",;:"):
        words = words[1:]
    if words and words[0].lower() in _LEADING:
        for position, word in enumerate(words[:10]):
            if word.endswith(","):
                return words[position + 1 :]
    return words


def is_everyday(word: str) -> bool:
    """A common English word, or a form of one ("Deliveries" of "delivery"): a capital that
    only opens a sentence, not a name's."""
    low = word.lower()
    if is_common(low):
        return True
    lemmas = getAllLemmas(low)
    return any(is_common(lemma) for forms in lemmas.values() for lemma in forms)


def lower_first(words: list[str]) -> list[str]:
    """The subject's first word in mid-question case: "the company", but "Toyota"."""
    if words and is_everyday(words[0]) and not (len(words[0]) > 1 and words[0].isupper()):
        return [words[0].lower(), *words[1:]]
    return words


def is_noun_phrase_word(word: str) -> bool:
    """A word that can stand in "a WLTP driving range of": no verb such as "carries"."""
    if not (word.isalpha() or "-" in word):
        return False
    lemmas = getAllLemmas(word.lower(), upos="VERB").get("VERB")
    if not lemmas:
        return True
    forms = getAllInflections(lemmas[0], upos="VERB")
    finite = forms.get("VBZ", ()) + forms.get("VBD", ())
    return word.lower() not in finite or bool(getAllLemmas(word.lower(), upos="NOUN"))


def leading_noun_phrase(words: list[str]) -> list[str]:
    """The words that open `words` and name a thing: "rapid charging period" of "rapid
    charging period and ..."."""
    phrase: list[str] = []
    for word in words[:4]:
        if word.lower() in STOPWORDS or not word.replace("-", "").isalpha():
            break
        phrase.append(word)
    return phrase


def sentence_case(text: str) -> str:
    """An answer as a sentence: capitalised, ending with a full stop."""
    text = text.strip(" ,;")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", '"', "\u201d")) else text + "."
