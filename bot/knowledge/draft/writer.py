"""Writing a drafted pack as a folder a person can edit: pack.toml beside article.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.knowledge.models import PackFile
from bot.knowledge.toml_text import toml_list, toml_string

HEADER = """\
# Drafted by `factbot pack draft` from article.txt. Read every fact before serving it:
# - question: the canonical question users see; rewrite it as a person would ask it.
# - answer: the short answer (drafted as the span of the sentence that answers it).
# - phrasings: other ways people ask; add the words your users use.
# - sources: the article's sentence, verbatim; `factbot facts check` verifies it.
# - subjects: what the fact is about. Subjects sharing a `group` exclude each other.
# - [vocabulary]: everyday synonyms found in the article; trim or extend them.
# - [[conflicts]]: add one where the article contradicts itself.
# - reviewed: set it to true once every fact is read and its subjects name all it is about;
#   only then is a question about a named subject a fact is not about declined as a near miss.
# Then run `factbot facts check` on this folder.
"""


def pack_toml(pack: PackFile) -> str:
    """The pack as TOML, in the order a person reads it: pack, subjects, words, facts."""
    info = pack.pack
    lines = [HEADER, "[pack]", f"id = {toml_string(info.id)}", f"title = {toml_string(info.title)}"]
    lines.append(f"article = {toml_string(info.article)}")
    if info.url:
        lines.append(f"url = {toml_string(info.url)}")
    lines.append(f"reviewed = {'true' if info.reviewed else 'false'}")
    for subject_id, subject in pack.subjects.items():
        lines += ["", f"[subjects.{subject_id}]", f"name = {toml_string(subject.name)}"]
        lines.append(f"aliases = {toml_list(subject.aliases)}")
        if subject.group:
            lines.append(f"group = {toml_string(subject.group)}")
    lines += ["", "[vocabulary]"]
    lines += [f"{concept} = {toml_list(phrases)}" for concept, phrases in pack.vocabulary.items()]
    for kind, answer_kind in pack.kinds.items():
        lines += ["", f"[kinds.{kind}]", f"cues = {toml_list(answer_kind.cues)}"]
    for fact in pack.facts:
        lines += [
            "",
            "[[facts]]",
            f"id = {toml_string(fact.id)}",
            f"question = {toml_string(fact.question)}",
            f"answer = {toml_string(fact.answer)}",
            f"kind = {toml_string(fact.kind)}",
            f"subjects = {toml_list(fact.subjects)}",
            f"sources = {toml_list(fact.sources)}",
            f"phrasings = {toml_list(fact.phrasings)}",
        ]
    return "\n".join(lines) + "\n"


def write_draft(folder: Path, pack: PackFile, article: Path) -> Path:
    """Write the pack folder (refusing to overwrite one): pack.toml and a byte-for-byte copy of
    the article. Returns the path of pack.toml."""
    folder.mkdir(parents=True, exist_ok=False)
    shutil.copyfile(article, folder / pack.pack.article)
    path = folder / "pack.toml"
    path.write_text(pack_toml(pack), encoding="utf-8")
    return path
