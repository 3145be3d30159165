"""Server knowledge as fact packs: what the engine answers from in one server, and the pack
files `factbot db export` writes and `factbot db import` reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.knowledge import Fact, Pack, load_pack
from bot.knowledge.models import AnswerKind, PackInfo
from bot.knowledge.toml_text import toml_string as _toml
from bot.storage.models import FactDraft, ServerFact

STAFF_KIND = "staff"
MAX_PHRASINGS = 20  # what a server fact holds (FactDraft)
ARTICLE_FILE = "article.txt"


def server_pack_id(guild_id: int) -> str:
    return f"server-{guild_id}"


def server_pack(
    guild_id: int, facts: Sequence[ServerFact], taught: Mapping[str, Sequence[str]] | None = None
) -> Pack | None:
    """A server's own facts (with any phrasings taught for them) as one pack; its "article"
    is the staff's quotes, one a line."""
    taught = taught or {}
    if not facts:
        return None
    return Pack(
        pack=PackInfo(
            id=server_pack_id(guild_id),
            title="Facts added by this server's staff",
            article=ARTICLE_FILE,
            staff_added=True,
        ),
        kinds={STAFF_KIND: AnswerKind()},
        facts=[
            Fact(
                id=fact.fact_id,
                question=fact.question,
                answer=fact.answer,
                kind=STAFF_KIND,
                sources=[fact.quote],
                phrasings=[*fact.phrasings, *taught.get(fact.fact_id, [])],
                origin=fact.source,
            )
            for fact in facts
        ],
        file=Path(f"<database: server {guild_id}>"),
        article_text="\n".join(fact.quote for fact in facts),
    )


def write_pack(
    folder: Path,
    guild_id: int,
    facts: Sequence[ServerFact],
    taught: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write a server's facts (with the phrasings taught for them) as a pack folder
    (pack.toml + article.txt); its pack.toml."""
    taught = taught or {}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ARTICLE_FILE).write_text(
        "".join(f"{fact.quote}\n" for fact in facts), encoding="utf-8"
    )
    lines = [
        "# A server's own facts, exported by `factbot db export`; `factbot db import` reads it.",
        "[pack]",
        f"id = {_toml(server_pack_id(guild_id))}",
        f"title = {_toml(f'Facts added by the staff of server {guild_id}')}",
        f"article = {_toml(ARTICLE_FILE)}",
        "staff_added = true",
        "",
        f"[kinds.{STAFF_KIND}]",
        "cues = []",
    ]
    for fact in facts:
        lines += [
            "",
            "[[facts]]",
            f"id = {_toml(fact.fact_id)}",
            f"question = {_toml(fact.question)}",
            f"answer = {_toml(fact.answer)}",
            f"kind = {_toml(STAFF_KIND)}",
            f"sources = [{_toml(fact.quote)}]",
            f"phrasings = [{', '.join(_toml(p) for p in _phrasings(fact, taught))}]",
            f"origin = {_toml(fact.source)}",
        ]
    path = folder / "pack.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_pack(path: Path) -> tuple[Pack, list[FactDraft]]:
    """A pack (checked like any pack: PackError names the file, fact and field) as drafts of
    server facts. Facts without an origin take the pack's title as their source."""
    pack = load_pack(path)
    drafts = [
        FactDraft(
            question=fact.question,
            answer=fact.answer,
            quote=fact.sources[0],
            source=fact.origin or pack.pack.url or pack.pack.title,
            phrasings=list(fact.phrasings)[:MAX_PHRASINGS],
        )
        for fact in pack.facts
    ]
    return pack, drafts


def served_copy(pack: Pack, served: Sequence[Pack]) -> tuple[Pack | None, list[str]]:
    """What of `pack` every server already answers from: the served pack with its id (if
    any), and the ids of its facts that give a served fact's answer from that fact's quote
    (spacing aside). Importing either as a server's own facts would only copy them."""
    same_id = next((known for known in served if known.id == pack.id), None)
    answers = {
        (_squeezed(fact.answer), _squeezed(source))
        for known in served
        for fact in known.facts
        for source in fact.sources
    }
    copied = [
        fact.id
        for fact in pack.facts
        if (_squeezed(fact.answer), _squeezed(fact.sources[0])) in answers
    ]
    return same_id, copied


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _phrasings(fact: ServerFact, taught: Mapping[str, Sequence[str]]) -> list[str]:
    return list(dict.fromkeys([*fact.phrasings, *taught.get(fact.fact_id, [])]))
