"""Settings, read once from the environment and `.env` and passed to whoever needs them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DISCORD_API_URL = "https://discord.com/api/v10"


def _shipped_facts() -> Path:
    """The folder of the packs installed with FactBot: the package `bot.shipped`, which
    pyproject.toml builds from the repository's top-level facts/ (an editable install reads
    that folder itself)."""
    try:
        folder = resources.files("bot.shipped")
    except ModuleNotFoundError as error:  # an install made before the packs were a package
        raise RuntimeError(
            "FactBot's shipped fact packs (the package bot.shipped) are not installed; "
            "install FactBot again (pip install -e . in a checkout)"
        ) from error
    if not isinstance(folder, Path):  # e.g. a zip import; packs are read from real folders
        raise RuntimeError(f"FactBot's shipped fact packs are not in a folder: {folder}")
    return folder


# The packs shipped with FactBot; a working directory with its own facts/ is used first.
SHIPPED_FACTS = _shipped_facts()


def default_facts_dir() -> Path:
    local = Path.cwd() / "facts"
    return local if local.is_dir() else SHIPPED_FACTS


class Settings(BaseSettings):
    """Every setting has a FACTBOT_ environment variable; the token is DISCORD_TOKEN."""

    model_config = SettingsConfigDict(
        env_prefix="FACTBOT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # `FACTBOT_DEV_GUILD=` (as in .env.example) means "not set", not "invalid".
        env_ignore_empty=True,
    )

    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "FACTBOT_DISCORD_TOKEN")
    )
    facts_dir: Path = Field(default_factory=default_facts_dir)
    max_question_length: int = Field(default=500, ge=20, le=4000)

    # Where Discord is: change only for a self-hosted Discord-compatible server (or tests).
    discord_api_url: str = Field(default=DISCORD_API_URL, pattern=r"^https?://")
    # None: the gateway Discord's `/gateway/bot` names, as Discord recommends.
    discord_gateway_url: str | None = Field(default=None, pattern=r"^wss?://")

    # The privileged message-content intent: needed only for the prefix; off by default.
    message_content: bool = False
    prefix: str = Field(default="!ask", min_length=1, max_length=20, pattern=r"^\S+$")
    # A server whose slash commands are synced instantly (for development).
    dev_guild: int | None = Field(default=None, gt=0)
    # The database of server facts, votes, question logs and settings: a SQLite file (a path or
    # sqlite:///path, made on first run) or a PostgreSQL URL (postgresql://user:pw@host/db),
    # which several processes of one bot can share.
    database: Path | str = Path("factbot.db")
    # Shard clusters: the shards this process runs ("0-3", "0,2,4-5"; none: all of them) of
    # how many in all (none: as many as Discord recommends). See the README's "Running
    # several processes".
    shards: str | None = None
    shard_count: int | None = Field(default=None, ge=1)
    # Whether this process syncs slash commands at start-up; none: the one holding shard 0.
    sync_commands: bool | None = None
    # Seconds between identifies of one max_concurrency bucket: Discord's 5 s; only a test
    # server may want less.
    identify_interval: float = Field(default=5.0, ge=0, le=60)
    # The whole bot's REST requests a second (Discord's global limit); each process takes
    # the share of it that its shards are of all shards.
    rest_requests_per_second: float = Field(default=50.0, gt=0, le=10_000)

    # Where the fingerprint of the last synced command tree is kept.
    sync_state_file: Path = Path(".factbot-commands.json")

    # Each member may ask this many questions per window before a friendly "slow down".
    cooldown_questions: int = Field(default=5, ge=1, le=100)
    cooldown_seconds: float = Field(default=30.0, gt=0, le=3600)
