"""The `factbot` command: parse arguments, build the settings and engine, hand over."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from pydantic import ValidationError

from bot.cli import ask, db, facts, pack, run
from bot.config import Settings
from bot.knowledge import PackError
from bot.service import load_engine


def _server_id(text: str) -> int:
    """A Discord server id: a positive number (0 is where DM questions are logged)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a server id (a positive number)")
    return int(text)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="factbot",
        description="Answers questions about an article from a curated base of its claims.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version('factbot')}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    packs = argparse.ArgumentParser(add_help=False)
    packs.add_argument(
        "--facts",
        action="append",
        type=Path,
        metavar="DIR",
        help="a pack folder or a folder of packs (repeatable; default: facts/)",
    )
    run_cmd = commands.add_parser(
        "run", parents=[packs], help="run the Discord bot (needs DISCORD_TOKEN)"
    )
    run_cmd.add_argument(
        "--shards",
        metavar="IDS",
        help="the shards this process runs, e.g. 0-3 or 0,2 (default: all; FACTBOT_SHARDS)",
    )
    run_cmd.add_argument(
        "--shard-count",
        type=_positive,
        metavar="N",
        help="shards of the whole bot (default: Discord's advice; FACTBOT_SHARD_COUNT)",
    )
    commands.add_parser(
        "sync", parents=[packs], help="push the slash commands to Discord now (needs DISCORD_TOKEN)"
    )
    ask_cmd = commands.add_parser("ask", parents=[packs], help="answer a question")
    ask_cmd.add_argument("question", nargs="*", help="the question; none: read lines from stdin")
    ask_cmd.add_argument("--json", action="store_true", help="print the answer contract as JSON")
    commands.add_parser("chat", parents=[packs], help="ask questions interactively")

    facts_cmd = commands.add_parser("facts", help="check or list fact packs")
    facts_commands = facts_cmd.add_subparsers(dest="facts_command", required=True, metavar="ACTION")
    check_cmd = facts_commands.add_parser("check", help="validate packs; exit 1 on any problem")
    check_cmd.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    facts_commands.add_parser("list", parents=[packs], help="list the facts")

    pack_cmd = commands.add_parser("pack", help="create fact packs")
    pack_commands = pack_cmd.add_subparsers(dest="pack_command", required=True, metavar="ACTION")
    draft_cmd = pack_commands.add_parser(
        "draft", help="draft a new pack from an article's text, for a person to edit"
    )
    draft_cmd.add_argument("article", type=Path, metavar="ARTICLE", help="the article, as text")
    draft_cmd.add_argument("--title", required=True, help="the article's title")
    draft_cmd.add_argument("--url", help="where the article was published")
    draft_cmd.add_argument(
        "--out", type=Path, metavar="DIR", help="the new pack folder (default: facts/TITLE)"
    )

    db_cmd = commands.add_parser("db", help="back up, export, import or copy the database")
    db_commands = db_cmd.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    backup_cmd = db_commands.add_parser("backup", help="copy the database (safe while running)")
    backup_cmd.add_argument("target", type=Path, metavar="PATH")
    export_cmd = db_commands.add_parser("export", help="write a server's facts as a pack")
    export_cmd.add_argument("--guild", type=_server_id, required=True, metavar="ID")
    export_cmd.add_argument("--out", type=Path, metavar="DIR", help="default: server-ID/")
    copy_cmd = db_commands.add_parser(
        "copy", help="copy everything into a new database (SQLite <-> PostgreSQL)"
    )
    copy_cmd.add_argument("source", metavar="SOURCE", help="a SQLite file or postgresql:// URL")
    copy_cmd.add_argument("target", metavar="TARGET", help="a new file or an empty database")
    import_cmd = db_commands.add_parser("import", help="add a pack's facts to a server")
    import_cmd.add_argument("path", type=Path, metavar="PATH", help="a pack folder or pack.toml")
    import_cmd.add_argument(
        "--guild", type=_server_id, metavar="ID", help="default: from the pack id"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as error:
        print("factbot: a setting is not valid (from the environment or .env):", file=sys.stderr)
        for detail in error.errors():
            name = "FACTBOT_" + "_".join(str(part) for part in detail["loc"]).upper()
            print(f"  {name}: {detail['msg']}", file=sys.stderr)
        return 2
    if args.command == "run":
        given = {"shards": args.shards, "shard_count": args.shard_count}
        settings = settings.model_copy(update={k: v for k, v in given.items() if v is not None})
        return run.run(settings, args.facts)
    if args.command == "sync":
        return run.sync(settings, args.facts)
    if args.command == "pack":
        return pack.draft(args.article, args.title, args.url, args.out, settings.facts_dir)
    if args.command == "db":
        return _database_command(args, settings)
    if args.command == "facts" and args.facts_command == "check":
        return facts.check(args.paths or [settings.facts_dir])
    paths: list[Path] = args.facts or [settings.facts_dir]
    if args.command == "facts":
        return facts.list_facts(paths)
    try:
        engine = load_engine(paths)
    except PackError as error:
        print(f"factbot: cannot load the fact packs:\n{error}", file=sys.stderr)
        where = " ".join(str(path) for path in paths)
        print(f"Run `factbot facts check {where}` for details.", file=sys.stderr)
        return 2
    limit = settings.max_question_length
    if args.command == "chat":
        return ask.chat(engine, limit)
    if args.question:
        return ask.ask_one(engine, " ".join(args.question), limit, args.json)
    if not args.json:
        print(
            f'factbot: give a question, e.g. factbot ask "{engine.example_question}"\n'
            "(or use --json to read one question a line from standard input)",
            file=sys.stderr,
        )
        return 2
    return ask.ask_stream(engine, sys.stdin.buffer, limit, sys.stdout)


def _database_command(args: argparse.Namespace, settings: Settings) -> int:
    database = settings.database
    if args.db_command == "backup":
        return db.backup(database, args.target)
    if args.db_command == "export":
        return db.export(database, args.guild, args.out)
    if args.db_command == "copy":
        return db.copy(args.source, args.target)
    # What the configured facts folder serves every server is refused too.
    return db.import_pack(database, args.path, args.guild, [settings.facts_dir])


def entry_point() -> int:
    """The console script: `main`, quiet when the reader of its output goes away (| head)."""
    try:
        return main()
    except BrokenPipeError:
        # Point stdout at nothing so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(entry_point())
