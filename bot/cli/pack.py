"""`factbot pack draft`: a new pack folder drafted from an article, checked before it is kept."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

from bot.knowledge import PackError, load_pack
from bot.knowledge.draft import draft_pack, write_draft
from bot.knowledge.draft.claims import lines_broken_mid_sentence
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
    except ValueError as error:  # DraftError: nothing to draft from
        return _fail(f"cannot draft a pack from {article}: {error}")
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
    broken = lines_broken_mid_sentence(text)
    if broken:
        print(
            f"warning: {broken} lines of {article} end in the middle of a sentence (hard-wrapped"
            " text?); sentences split across lines were not drafted. Put each paragraph on one"
            " line and draft again to include them.",
            file=sys.stderr,
        )
    quoted = len({fact.sources[0] for fact in pack.facts})
    print(f"Drafted {len(pack.facts)} facts from {quoted} claim sentences: {path}")
    print("Read and edit every question and answer, then check it with the other packs:")
    print(f"  factbot facts check {folder.parent if out is None else folder}")
    print(f'  factbot ask --facts {folder} "..."')
    return 0


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
