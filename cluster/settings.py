"""The one place that reads REELWORLD_* environment variables.

Domain packages never read the environment: entrypoints (api/, actors/, cluster/) build a
Settings and pass what each component needs into its constructor.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import msgspec


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    home: Path
    """Where embedded state lives: SQLite database, LanceDB, media, key vault (REELWORLD_HOME)."""
    database_url: str
    """SQLAlchemy URL of the event store (REELWORLD_DATABASE_URL); SQLite under home by default."""
    host: str = "127.0.0.1"
    port: int = 8000
    ray_address: str | None = None
    """Join this Ray cluster (RAY_ADDRESS); embedded local Ray when unset."""
    token_ttl_hours: int = 24 * 30
    invite_ttl_days: int = 14
    invites_per_member: int = 3
    max_body_bytes: int = 1_000_000
    log_level: str = "INFO"
    daily_free_generations: int = 5
    """Free generations per UTC day for an adult member; beyond them a generation costs a credit."""
    teen_daily_free_generations: int = 3
    teen_daily_generation_limit: int = 10
    """Most generations a teen may make in a UTC day (free or paid) unless a guardian sets another."""
    guardian_link_ttl_hours: int = 48
    credit_price_cents: int = 10

    @property
    def lancedb_dir(self) -> Path:
        return self.home / "lancedb"

    @property
    def media_dir(self) -> Path:
        return self.home / "media"


class SettingsError(ValueError):
    """A REELWORLD_* variable holds a value that cannot be used."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (default: os.environ). Raises SettingsError on bad values."""
    env = os.environ if env is None else env
    home = Path(env.get("REELWORLD_HOME") or "./data").resolve()
    url = env.get("REELWORLD_DATABASE_URL") or f"sqlite:///{home / 'reelworld.db'}"
    return Settings(
        home=home,
        database_url=url,
        host=env.get("REELWORLD_HOST", "127.0.0.1"),
        port=_int(env, "REELWORLD_PORT", 8000),
        ray_address=env.get("RAY_ADDRESS") or None,
        token_ttl_hours=_int(env, "REELWORLD_TOKEN_TTL_HOURS", 24 * 30),
        invite_ttl_days=_int(env, "REELWORLD_INVITE_TTL_DAYS", 14),
        invites_per_member=_int(env, "REELWORLD_INVITES_PER_MEMBER", 3),
        max_body_bytes=_int(env, "REELWORLD_MAX_BODY_BYTES", 1_000_000),
        log_level=env.get("REELWORLD_LOG_LEVEL", "INFO"),
        daily_free_generations=_int(env, "REELWORLD_DAILY_FREE_GENERATIONS", 5),
        teen_daily_free_generations=_int(env, "REELWORLD_TEEN_DAILY_FREE_GENERATIONS", 3),
        teen_daily_generation_limit=_int(env, "REELWORLD_TEEN_DAILY_GENERATION_LIMIT", 10),
        guardian_link_ttl_hours=_int(env, "REELWORLD_GUARDIAN_LINK_TTL_HOURS", 48),
        credit_price_cents=_int(env, "REELWORLD_CREDIT_PRICE_CENTS", 10),
    )
