"""`factbot pack draft`: a new pack folder drafted from an article, checked before it is kept."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from bot.knowledge import PackError, load_pack
from bot.knowledge.draft import draft_pack, write_draft
from bot.knowledge.draft.names import slug
from bot.knowledge.loader import MAX_FILE_BYTES


def draft(article: Path, title: str, url: str | None, out: Path | None, facts_dir: Path) -> int:
    """Draft a pack from ARTICLE into OUT (default: FACTS_DIR/<title as a slug>)."""
    try:
        if article.stat().st_size > MAX_FILE_BYTES:
            print(
                f"factbot: {article} is larger than {MAX_FILE_BYTES // 2**20} MB", file=sys.stderr
            )
            return 2
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"factbot: cannot read the article {article}: {error}", file=sys.stderr)
        return 2
    folder = out or facts_dir / slug(title)
    if folder.exists():
        print(f"factbot: {folder} already exists; choose another --out", file=sys.stderr)
        return 2
    try:
        pack = draft_pack(text, title, url)
    except ValueError as error:  # DraftError, or pydantic's: a title too long, ...
        print(f"factbot: cannot draft a pack from {article}: {error}", file=sys.stderr)
        return 2
    path = write_draft(folder, pack, text)
    try:
        load_pack(folder)
    except PackError as error:  # a drafting bug: keep nothing half-made
        shutil.rmtree(folder)
        print(f"factbot: the draft did not pass the pack check:\n{error}", file=sys.stderr)
        return 1
    quoted = len({fact.sources[0] for fact in pack.facts})
    print(f"Drafted {len(pack.facts)} facts from {quoted} claim sentences: {path}")
    print("Read and edit every question and answer, then check the pack:")
    print(f"  factbot facts check {folder}")
    print(f'  factbot ask --facts {folder} "..."')
    return 0
