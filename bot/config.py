"""Settings, read once from the environment and `.env` and passed to whoever needs them."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The packs shipped beside the code; a working directory with its own facts/ is used first.
SHIPPED_FACTS = Path(__file__).resolve().parent.parent / "facts"


def default_facts_dir() -> Path:
    local = Path.cwd() / "facts"
    return local if local.is_dir() else SHIPPED_FACTS


class Settings(BaseSettings):
    """Every setting has a FACTBOT_ environment variable; the token is DISCORD_TOKEN."""

    model_config = SettingsConfigDict(
        env_prefix="FACTBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "FACTBOT_DISCORD_TOKEN")
    )
    facts_dir: Path = Field(default_factory=default_facts_dir)
    max_question_length: int = Field(default=500, ge=20, le=4000)
