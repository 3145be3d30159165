"""`factbot pack draft`: a first fact pack from an article, for a person to edit."""

from __future__ import annotations

from bot.knowledge.draft.drafting import DraftError, draft_pack
from bot.knowledge.draft.writer import pack_toml, write_draft

__all__ = ["DraftError", "draft_pack", "pack_toml", "write_draft"]
