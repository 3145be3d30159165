"""Loading fact packs from disk and checking them.

A pack is a folder holding `pack.toml` and the article text it names. Loading collects every
problem it finds (syntax, missing or mistyped fields, duplicate ids, unknown subjects or kinds,
quotes that are not verbatim in the article) and raises them together in one PackError, each
naming the file, the fact and the field.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from bot.knowledge.article import sentences
from bot.knowledge.errors import PackError, PackProblem
from bot.knowledge.models import Pack, PackFile

log = logging.getLogger(__name__)

PACK_FILE_NAME = "pack.toml"
_QUOTED = re.compile(r"\"([^\"]+)\"")


def find_pack_files(path: Path) -> list[Path]:
    """The pack files at `path`: a pack.toml, a pack folder, or a folder of pack folders."""
    if path.is_file():
        return [path]
    if (path / PACK_FILE_NAME).is_file():
        return [path / PACK_FILE_NAME]
    if path.is_dir():
        return sorted(path.glob(f"*/{PACK_FILE_NAME}"))
    return []


def load_packs(paths: Iterable[Path]) -> list[Pack]:
    """Every pack found under `paths`; raises one PackError listing all problems in all packs."""
    packs: list[Pack] = []
    problems: list[PackProblem] = []
    for path in paths:
        files = find_pack_files(path)
        if not path.exists():
            problems.append(PackProblem(path, "no such file or folder"))
        elif not files:
            problems.append(PackProblem(path, f"no {PACK_FILE_NAME} found here"))
        for file in files:
            try:
                packs.append(load_pack(file))
            except PackError as error:
                problems.extend(error.problems)
    problems.extend(_clashes_between(packs))
    if problems:
        raise PackError(problems)
    return packs


# Far above any real article or pack (100,000 facts take about 40 MB of TOML); a bigger file is
# a mistake, and reading it whole would only exhaust memory.
MAX_FILE_BYTES = 100 * 2**20


def load_pack(path: Path) -> Pack:
    """Load and check one pack (its folder or its pack.toml)."""
    file = path / PACK_FILE_NAME if path.is_dir() else path
    raw = _read_toml(file)
    try:
        parsed = PackFile.model_validate(raw)
    except ValidationError as error:
        raise PackError([_problem_from(file, raw, detail) for detail in error.errors()]) from error
    article_file = file.parent / parsed.pack.article
    try:
        too_big = _too_big(article_file)
        if too_big:
            raise PackError([PackProblem(file, f"article {too_big}", None, "pack.article")])
        article_text = article_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problem = PackProblem(
            file, f"cannot read article {article_file}: {error}", None, "pack.article"
        )
        raise PackError([problem]) from error
    pack = Pack(**dict(parsed), file=file, article_text=article_text)
    problems = _check(pack)
    if problems:
        raise PackError(problems)
    log.debug("loaded pack %s: %d facts", pack.id, len(pack.facts))
    return pack


def _too_big(file: Path) -> str | None:
    """Why the file is too big to read, or None."""
    size = file.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    return f"{file.name} is {size / 2**20:.0f} MB; at most {MAX_FILE_BYTES // 2**20} MB is read"


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        too_big = _too_big(file)
        if too_big:
            raise PackError([PackProblem(file, too_big)])
        return tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise PackError([PackProblem(file, "file not found")]) from error
    except (OSError, UnicodeDecodeError) as error:
        raise PackError([PackProblem(file, f"cannot read: {error}")]) from error
    except tomllib.TOMLDecodeError as error:
        raise PackError([PackProblem(file, f"not valid TOML: {error}")]) from error


def _problem_from(file: Path, raw: dict[str, Any], detail: Any) -> PackProblem:
    """Turn one pydantic error into a problem that names the fact by its id."""
    location = list(detail["loc"])
    message = {"missing": "required field is missing", "extra_forbidden": "unknown field"}.get(
        detail["type"], detail["msg"]
    )
    fact_id = None
    if len(location) >= 2 and location[0] == "facts" and isinstance(location[1], int):
        fact_id = _fact_label(raw, location[1])
        location = location[2:]
    return PackProblem(file, message, fact_id, _dotted(location) or None)


def _fact_label(raw: dict[str, Any], index: int) -> str:
    facts = raw.get("facts")
    entry = facts[index] if isinstance(facts, list) and index < len(facts) else None
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        return str(entry["id"])
    return f"#{index + 1}"


def _dotted(location: list[Any]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _check(pack: Pack) -> list[PackProblem]:
    """Cross-field checks that a schema cannot express."""
    problems: list[PackProblem] = []
    file, article = pack.file, pack.article_text
    seen: set[str] = set()
    for fact in pack.facts:

        def problem(field: str, message: str, fact_id: str = fact.id) -> None:
            problems.append(PackProblem(file, message, fact_id, field))

        if fact.id in seen:
            problem("id", "duplicate fact id")
        seen.add(fact.id)
        if fact.kind not in pack.kinds:
            problem("kind", f"unknown kind {fact.kind!r}; known: {', '.join(sorted(pack.kinds))}")
        for number, subject in enumerate(fact.subjects):
            if subject not in pack.subjects:
                problem(f"subjects[{number}]", f"unknown subject {subject!r}")
        for number, quote in enumerate(fact.sources):
            if quote not in article:
                problem(f"sources[{number}]", _not_verbatim(quote, pack))
    for number, conflict in enumerate(pack.conflicts):
        field = f"conflicts[{number}]"
        for fact_id in conflict.facts:
            if fact_id not in seen:
                problems.append(
                    PackProblem(file, f"unknown fact {fact_id!r}", None, f"{field}.facts")
                )
        for quote in _QUOTED.findall(conflict.note):
            if quote not in article:
                problems.append(
                    PackProblem(file, _not_verbatim(quote, pack), None, f"{field}.note")
                )
    problems.extend(_alias_clashes(pack))
    return problems


def _not_verbatim(quote: str, pack: Pack) -> str:
    message = f"quote is not verbatim in {pack.pack.article}: {quote!r}"
    nearest = process.extractOne(quote, sentences(pack.article_text), scorer=fuzz.ratio)
    if nearest is not None and nearest[1] >= 60:
        message += f"; nearest sentence: {nearest[0]!r}"
    return message


def _alias_clashes(pack: Pack) -> list[PackProblem]:
    owner: dict[str, str] = {}
    problems: list[PackProblem] = []
    for subject_id, subject in pack.subjects.items():
        for alias in {subject.name.casefold(), *(a.casefold() for a in subject.aliases)}:
            if owner.setdefault(alias, subject_id) != subject_id:
                message = f"alias {alias!r} also names subject {owner[alias]!r}"
                problems.append(PackProblem(pack.file, message, None, f"subjects.{subject_id}"))
    return problems


def _clashes_between(packs: list[Pack]) -> list[PackProblem]:
    """Pack ids and fact ids must be unique across every loaded pack."""
    problems: list[PackProblem] = []
    pack_files: dict[str, Path] = {}
    fact_files: dict[str, Path] = {}
    for pack in packs:
        if pack_files.setdefault(pack.id, pack.file) != pack.file:
            message = f"pack id {pack.id!r} is also used by {pack_files[pack.id]}"
            problems.append(PackProblem(pack.file, message, None, "pack.id"))
        for fact in pack.facts:
            if fact_files.setdefault(fact.id, pack.file) != pack.file:
                message = f"fact id is also used by {fact_files[fact.id]}"
                problems.append(PackProblem(pack.file, message, fact.id, "id"))
    return problems
