"""`factbot db`: backup, and a server's facts exported as a pack and imported again."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import SHIPPED_FACTS
from bot.knowledge import load_pack
from bot.storage import Database, FactDraft
from tests.storage.test_durability import FIRST_SCHEMA

GUILD = 77
OTHER = 78
FACT = FactDraft(
    question="When does the server meetup start?",
    answer="At 8 pm UTC on Fridays.",
    quote='Our meetup starts at 8 pm UTC every Friday ("stage" channel).',
    source="https://example.org/rules",
    phrasings=["what time is the meetup", "meetup time?"],
)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "factbot.db"
    monkeypatch.setenv("FACTBOT_DATABASE", str(path))

    async def seed() -> None:
        async with await Database.open(path) as db:
            await db.add_fact(GUILD, FACT)

    asyncio.run(seed())
    return path


def _facts(path: Path, guild_id: int) -> list[FactDraft]:
    async def read() -> list[FactDraft]:
        async with await Database.open(path) as db:
            return [
                FactDraft(**f.model_dump(include=set(FactDraft.model_fields)))
                for f in await db.server_facts(guild_id)
            ]

    return asyncio.run(read())


def test_export_writes_a_pack_that_checks_and_imports_back(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exported"
    assert main(["db", "export", "--guild", str(GUILD), "--out", str(folder)]) == 0
    assert main(["facts", "check", str(folder)]) == 0
    assert main(["db", "import", str(folder), "--guild", str(OTHER)]) == 0
    assert _facts(database, OTHER) == [FACT]
    # Importing the same pack again adds nothing twice.
    assert main(["db", "import", str(folder), "--guild", str(OTHER)]) == 0
    assert "1 already there" in capsys.readouterr().out
    assert len(_facts(database, OTHER)) == 1


def test_import_takes_the_server_from_the_pack_id(database: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exported"
    assert main(["db", "export", "--guild", str(GUILD), "--out", str(folder)]) == 0
    asyncio.run(_remove_all(database))
    assert main(["db", "import", str(folder)]) == 0
    assert _facts(database, GUILD) == [FACT]


async def _remove_all(path: Path) -> None:
    async with await Database.open(path) as db:
        for fact in await db.server_facts(GUILD):
            await db.remove_fact(GUILD, fact.fact_id)


def test_a_broken_pack_is_refused_naming_the_place(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "exported"
    main(["db", "export", "--guild", str(GUILD), "--out", str(folder)])
    pack = folder / "pack.toml"
    pack.write_text(pack.read_text(encoding="utf-8").replace("every Friday", "each Friday"))
    assert main(["db", "import", str(folder), "--guild", str(OTHER)]) == 1
    err = capsys.readouterr().err
    assert "pack.toml" in err
    assert "server-1" in err
    assert "sources[0]" in err
    assert _facts(database, OTHER) == []


@pytest.mark.parametrize("server", [[], ["--guild", str(OTHER)]])
def test_the_shipped_pack_is_refused(
    database: Path, server: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "import", str(SHIPPED_FACTS / "toyota-solid-state"), *server]) == 1
    err = capsys.readouterr().err
    assert "'toyota-solid-state'" in err
    assert "serves to every server already" in err
    assert _facts(database, OTHER) == []


def test_a_renamed_copy_of_a_shipped_pack_is_refused(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "my-copy"
    shutil.copytree(SHIPPED_FACTS / "toyota-solid-state", copy)
    pack = copy / "pack.toml"
    text = pack.read_text(encoding="utf-8")
    assert 'id = "toyota-solid-state"' in text
    pack.write_text(text.replace('id = "toyota-solid-state"', 'id = "my-copy"', 1), "utf-8")
    assert main(["db", "import", str(copy), "--guild", str(OTHER)]) == 1
    err = capsys.readouterr().err
    shipped = load_pack(SHIPPED_FACTS / "toyota-solid-state")
    assert f"{len(shipped.facts)} of its facts ({shipped.facts[0].id}, " in err
    assert "same quote" in err
    assert _facts(database, OTHER) == []


def test_a_pack_the_facts_folder_serves_is_refused(
    database: Path, facts_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server's facts put in the facts folder are served to every server: importing them
    as one server's own would only copy them."""
    folder = facts_folder / f"server-{GUILD}"
    assert main(["db", "export", "--guild", str(GUILD), "--out", str(folder)]) == 0
    assert main(["db", "import", str(folder), "--guild", str(OTHER)]) == 1
    assert f"'server-{GUILD}'" in capsys.readouterr().err
    assert _facts(database, OTHER) == []


def test_backup_is_a_working_copy(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.db"
    assert main(["db", "backup", str(target)]) == 0
    assert _facts(target, GUILD) == [FACT]
    assert main(["db", "backup", str(target)]) == 1  # never overwrites


def test_nothing_to_export_is_said_plainly(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "export", "--guild", str(OTHER)]) == 1
    assert "no facts of its own" in capsys.readouterr().err


def test_mistaken_paths_get_plain_messages(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "backup", str(tmp_path / "missing" / "b.db")]) == 1
    assert "folder" in capsys.readouterr().err
    folder = tmp_path / "exported"
    assert main(["db", "export", "--guild", str(GUILD), "--out", str(folder)]) == 0
    assert main(["db", "export", "--guild", str(GUILD), "--out", str(folder)]) == 1
    assert "already holds a pack" in capsys.readouterr().err


def test_no_database_yet_is_said_and_none_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "factbot.db"
    monkeypatch.setenv("FACTBOT_DATABASE", str(missing))
    assert main(["db", "export", "--guild", str(GUILD)]) == 1
    assert "no database" in capsys.readouterr().err
    assert not missing.exists()


def _first_schema_database(path: Path) -> None:
    """A database as FactBot 0.1 left it (schema 1, rollback journal): opening it to write
    would upgrade it and turn on WAL, both of which change the file."""
    with closing(sqlite3.connect(path)) as first:
        for statement in FIRST_SCHEMA:
            first.execute(statement)
        first.execute("PRAGMA user_version = 1")
        first.execute(
            "INSERT INTO server_facts VALUES (?, 'server-1', ?, ?, ?, ?, '[]', 1, 1)",
            (GUILD, FACT.question, FACT.answer, FACT.quote, FACT.source),
        )
        first.commit()


def test_backup_and_export_open_the_database_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "factbot.db"
    _first_schema_database(path)
    path.chmod(0o444)
    monkeypatch.setenv("FACTBOT_DATABASE", str(path))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert main(["db", "backup", str(tmp_path / "backup.db")]) == 0
    assert main(["db", "export", "--guild", str(GUILD), "--out", str(tmp_path / "out")]) == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.glob("factbot.db*")) == ["factbot.db"]
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
    assert FACT.question in (tmp_path / "out" / "pack.toml").read_text(encoding="utf-8")
    with closing(sqlite3.connect(tmp_path / "backup.db")) as copy:
        assert copy.execute("SELECT question FROM server_facts").fetchall() == [(FACT.question,)]


def test_backup_refuses_a_file_that_is_not_a_factbot_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.db"
    with closing(sqlite3.connect(path)) as other:
        other.execute("CREATE TABLE notes (text TEXT)")
    before = path.read_bytes()
    monkeypatch.setenv("FACTBOT_DATABASE", str(path))
    assert main(["db", "backup", str(tmp_path / "backup.db")]) == 2
    assert "not a FactBot database" in capsys.readouterr().err
    assert path.read_bytes() == before
