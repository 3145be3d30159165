"""`factbot db backup | export | import | copy`: the database from the command line.

Safe while the bot runs: SQLite's online backup copies a consistent snapshot, and WAL mode
lets these commands read and write beside the bot. Backup and export open the database
read-only, so they never create, upgrade or change it.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

from bot.config import SHIPPED_FACTS, Settings
from bot.knowledge import Pack, PackError, load_pack
from bot.knowledge.loader import find_pack_files
from bot.storage import Database, FactDraft, StorageError
from bot.storage.database import sqlite_path
from bot.storage.packs import read_pack, served_copy, server_pack_id, write_pack


def backup(database: Path | str, target: Path) -> int:
    path = sqlite_path(database)
    if path is None:
        print(
            "factbot: `db backup` copies a SQLite file; back up PostgreSQL with pg_dump.",
            file=sys.stderr,
        )
        return 1
    if not path.exists():
        print(f"factbot: there is no database at {path} yet.", file=sys.stderr)
        return 1
    if target.exists():
        print(f"factbot: {target} exists; choose a new file for the backup.", file=sys.stderr)
        return 1
    if not target.parent.is_dir():
        print(f"factbot: folder {target.parent} does not exist.", file=sys.stderr)
        return 1
    return _run(_backup(path, target))


async def _backup(database: Path, target: Path) -> int:
    async with await Database.open_read_only(database) as db:
        await db.backup(target)
    print(f"Backed up {database} to {target}.")
    return 0


def copy(source: str, target: str) -> int:
    """Everything in `source` into the new, empty `target` (each a SQLite file or a
    PostgreSQL URL): how a growing bot moves to PostgreSQL, and back."""
    path = sqlite_path(source)
    if path is not None and not path.exists():
        print(f"factbot: there is no database at {path}.", file=sys.stderr)
        return 1
    return _run(_copy(source, target))


async def _copy(source: str, target: str) -> int:
    async with (
        await Database.open_read_only(source) as read,
        await Database.open(target) as written,
    ):
        copied = await read.copy_into(written)
        rows = ", ".join(f"{count} {table}" for table, count in copied.rows.items() if count)
        print(f"Copied {read.name} to {written.name}: {rows or 'no records'}.")
    return 0


def export(database: Path | str, guild_id: int, folder: Path | None) -> int:
    path = sqlite_path(database)
    if path is not None and not path.exists():
        print(f"factbot: there is no database at {path} yet.", file=sys.stderr)
        return 1
    folder = folder or Path(server_pack_id(guild_id))
    if folder.exists() and not folder.is_dir():
        print(f"factbot: {folder} is a file; --out takes a folder.", file=sys.stderr)
        return 1
    if (folder / "pack.toml").exists():
        print(f"factbot: {folder} already holds a pack; choose another --out.", file=sys.stderr)
        return 1
    return _run(_export(database, guild_id, folder))


async def _export(database: Path | str, guild_id: int, folder: Path) -> int:
    async with await Database.open_read_only(database) as db:
        facts = await db.server_facts(guild_id)
        taught = await db.taught_phrasings(guild_id)
    if not facts:
        print(f"factbot: server {guild_id} has no facts of its own to export.", file=sys.stderr)
        return 1
    path = write_pack(folder, guild_id, facts, taught)
    print(f"Exported {len(facts)} facts of server {guild_id} to {path}.")
    return 0


def import_pack(
    database: Path | str, path: Path, guild_id: int | None, served: Sequence[Path] | None = None
) -> int:
    """Add a pack's facts to a server, unless they are what every server is served already:
    the shipped packs and those in `served` (default: the facts folder of the settings)."""
    try:
        pack, drafts = read_pack(path)
    except PackError as error:
        print(f"factbot: cannot import {path}:\n{error}", file=sys.stderr)
        return 1
    refusal = _served_already(pack, [SHIPPED_FACTS, *(served or [Settings().facts_dir])])
    if refusal:
        print(f"factbot: cannot import {path}: {refusal}", file=sys.stderr)
        return 1
    if guild_id is None:
        prefix = "server-"
        if not pack.id.startswith(prefix) or not pack.id.removeprefix(prefix).isdigit():
            print(
                f"factbot: say which server gets these facts: --guild ID (the pack id "
                f"{pack.id!r} does not name one).",
                file=sys.stderr,
            )
            return 2
        guild_id = int(pack.id.removeprefix(prefix))
    return _run(_import(database, guild_id, drafts))


def _served_already(pack: Pack, folders: Sequence[Path]) -> str | None:
    """Why the pack must not become a server's own facts, or None."""
    same_id, copied = served_copy(pack, _served_packs(folders))
    if same_id is not None:
        return (
            f"it is the pack {pack.id!r} ({same_id.file}), which FactBot serves to every "
            "server already. Import a server's own facts (`factbot db export` writes them); "
            "staff can hide a shipped fact with /facts hide."
        )
    if copied:
        named = ", ".join(copied[:5]) + (f" and {len(copied) - 5} more" if len(copied) > 5 else "")
        return (
            f"{len(copied)} of its facts ({named}) give a shipped fact's answer from the same "
            "quote, which every server is served already. Remove them from the pack and import "
            "it again; staff can teach a shipped fact new questions with /facts teach."
        )
    return None


def _served_packs(folders: Sequence[Path]) -> list[Pack]:
    """Every pack that loads from the folders (a broken one is served nowhere)."""
    packs = []
    for file in dict.fromkeys(f.resolve() for folder in folders for f in find_pack_files(folder)):
        try:
            packs.append(load_pack(file))
        except PackError:
            continue
    return packs


async def _import(database: Path | str, guild_id: int, drafts: list[FactDraft]) -> int:
    async with await Database.open(database) as db:
        known = {fact.question.casefold() for fact in await db.server_facts(guild_id)}
        added = skipped = 0
        for draft in drafts:
            if draft.question.casefold() in known:
                skipped += 1
                continue
            await db.add_fact(guild_id, draft)
            known.add(draft.question.casefold())
            added += 1
    note = f" ({skipped} already there, skipped)" if skipped else ""
    print(f"Imported {added} facts into server {guild_id}{note}.")
    print("A running bot picks them up after a restart.")
    return 0


def _run(work: Coroutine[Any, Any, int]) -> int:
    try:
        return asyncio.run(work)
    except StorageError as error:
        print(f"factbot: {error}", file=sys.stderr)
        return 2
