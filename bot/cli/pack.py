"""`factbot pack draft`: a new pack folder drafted from an article, checked before it is kept."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

from pydantic import ValidationError

from bot.knowledge import PackError, load_pack, load_packs
from bot.knowledge.draft import DraftError, draft_pack, write_draft
from bot.knowledge.draft.claims import (
    LONGEST_QUOTE,
    lines_broken_mid_sentence,
    overlong_sentences,
)
from bot.knowledge.draft.drafting import pack_slug
from bot.knowledge.loader import MAX_FILE_BYTES

MAX_TITLE = 1000  # what a pack's title may hold (models.Text)


def draft(article: Path, title: str, url: str | None, out: Path | None, facts_dir: Path) -> int:
    """Draft a pack from ARTICLE into OUT (default: FACTS_DIR/<title as an id>)."""
    title = title.strip()
    problem = _bad_title(title) or (_bad_url(url) if url is not None else None)
    if problem:
        return _fail(problem)
    try:
        if article.stat().st_size > MAX_FILE_BYTES:
            return _fail(f"{article} is larger than {MAX_FILE_BYTES // 2**20} MB")
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"cannot read the article {article}: {error}")
    folder = out or facts_dir / pack_slug(title)
    if folder.exists():
        return _fail(f"{folder} already exists; choose another --out")
    try:
        pack = draft_pack(text, title, url)
    except DraftError as error:
        return _fail(f"cannot draft a pack from {article}: {error}")
    except ValidationError as error:  # a drafting bug, not the user's doing
        print(
            f"factbot: the draft is not a valid pack (a bug; please report):\n{error}",
            file=sys.stderr,
        )
        return 1
    try:
        path = write_draft(folder, pack, article)
    except OSError as error:
        return _fail(f"cannot write the pack to {folder}: {error}")
    try:
        load_pack(folder)
    except PackError as error:  # a drafting bug: keep nothing half-made
        shutil.rmtree(folder)
        print(f"factbot: the draft did not pass the pack check:\n{error}", file=sys.stderr)
        return 1
    _warn_about_what_was_left_out(article, text)
    _warn_about_clashes(folder, facts_dir)
    quoted = len({fact.sources[0] for fact in pack.facts})
    print(f"Drafted {len(pack.facts)} facts from {quoted} claim sentences: {path}")
    print("Read and edit every question and answer, then check it with the other packs:")
    print(f"  factbot facts check {folder.parent if out is None else folder}")
    print(f'  factbot ask --facts {folder} "..."')
    return 0


def _warn_about_what_was_left_out(article: Path, text: str) -> None:
    broken = lines_broken_mid_sentence(text)
    if broken:
        _warn(
            f"{broken} lines of {article} end in the middle of a sentence (hard-wrapped text?);"
            " sentences split across lines were not drafted. Put each paragraph on one line"
            " and draft again to include them."
        )
    overlong = overlong_sentences(text)
    if overlong:
        _warn(
            f"{overlong} sentences of {article} are longer than {LONGEST_QUOTE} characters (text"
            " the sentence splitter could not cut, such as 'in 1990.[1] It was'); they were not"
            " drafted."
        )


def _warn_about_clashes(folder: Path, facts_dir: Path) -> None:
    """The packs served by default must load together; say so now if the draft's ids clash
    with theirs, rather than when the bot starts."""
    if folder.resolve().parent != facts_dir.resolve():
        return
    try:
        load_packs([facts_dir])
    except PackError as error:
        mine = [p for p in error.problems if p.file.parent.resolve() == folder.resolve()]
        if mine:
            _warn(f"the new pack clashes with another pack in {facts_dir}:")
            for problem in mine:
                print(f"  {problem}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _bad_title(title: str) -> str | None:
    if not title:
        return "--title is empty: give the article's title"
    if len(title) > MAX_TITLE:
        return f"--title is {len(title)} characters long; at most {MAX_TITLE} fit"
    return None


def _bad_url(url: str) -> str | None:
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc or len(url) > MAX_TITLE:
        return f"--url {url!r} is not a web address (http://... or https://...)"
    return None


def _fail(message: str) -> int:
    print(f"factbot: {message}", file=sys.stderr)
    return 2
