"""The one place that reads REELWORLD_* environment variables.

Domain packages never read the environment: entrypoints (api/, actors/, cluster/) build a
Settings and pass what each component needs into its constructor.
"""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

LOCAL_PROXIES = ("127.0.0.1", "::1")
"""A reverse proxy on the same machine (uvicorn's own default)."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    home: Path
    """Where embedded state lives: SQLite database, LanceDB, media, key vault (REELWORLD_HOME)."""
    database_url: str
    """SQLAlchemy URL of the event store (REELWORLD_DATABASE_URL); SQLite under home by default."""
    host: str = "127.0.0.1"
    port: int = 8000
    trusted_proxies: tuple[str, ...] = LOCAL_PROXIES
    """Addresses or networks (REELWORLD_TRUSTED_PROXIES, comma-separated, e.g. 10.0.0.0/8) whose
    X-Forwarded-For names the client: the address that login throttling counts. "*" trusts
    every peer (only where nothing but the proxy can reach the API)."""
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
    teen_feed_daily_items: int = 100
    """Most videos a teen's feed shows in a UTC day."""
    guardian_link_ttl_hours: int = 48
    unpublished_media_days: int = 30
    """How long the media of a generation that ended without a video (blocked, failed, cancelled)
    are kept before the sweeper erases them."""
    credit_price_cents: int = 10
    media_url: str | None = None
    """Where videos and frames are stored when not under home (REELWORLD_MEDIA_URL): a directory
    or an fsspec URL (s3://bucket/media) that every node of a cluster reaches."""
    weights_dir: Path | None = None
    """Where the video models live, one folder per name (REELWORLD_WEIGHTS_DIR); None: the
    package's generation/weights."""
    rewriter_url: str | None = None
    """An OpenAI-compatible chat endpoint (REELWORLD_REWRITER_URL, e.g. http://host:8001/v1) that
    prompts are rewritten with before the built-in rewriter reads them; None: built-in only."""
    rewriter_model: str = "default"
    """The model name sent to that endpoint (REELWORLD_REWRITER_MODEL)."""
    rewriter_api_key: str | None = None
    """Its bearer token, if it wants one (REELWORLD_REWRITER_API_KEY)."""
    chain: dict[str, Any] = {}
    """Overrides of the generation chain's knobs (generation.jobs.ChainConfig fields, e.g.
    {"standard_steps": 25, "size": 256}) from REELWORLD_CHAIN, a JSON object; checked against
    ChainConfig where the chain is built."""

    @property
    def lancedb_dir(self) -> Path:
        return self.home / "lancedb"

    @property
    def media_dir(self) -> Path:
        return self.home / "media"

    @property
    def media_location(self) -> str:
        """media_url, else the media directory under home."""
        return self.media_url or str(self.media_dir)


class SettingsError(ValueError):
    """A REELWORLD_* variable holds a value that cannot be used."""


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int, what: str = "") -> int:
    """The integer in `name`, `default` when unset; SettingsError unless low <= it <= high
    (`what` names the range, e.g. "a port number")."""
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be {what or 'an integer'} from {low} to {high}, got {value}")
    return value


def _log_level(env: Mapping[str, str], name: str, default: str) -> str:
    """A level name of the logging module (any case), upper-cased."""
    level = (env.get(name) or default).strip().upper()
    if level not in logging.getLevelNamesMapping():
        raise SettingsError(f"{name} must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {env[name]!r}")
    return level


def _check_database_url(url: str) -> None:
    """SettingsError unless `url` is a SQLAlchemy URL of SQLite or PostgreSQL, the two
    databases the event store runs on."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:  # ValueError: a port that is not a number
        raise SettingsError(f"REELWORLD_DATABASE_URL: {error}") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError(f"REELWORLD_DATABASE_URL must be a sqlite:// or postgresql+psycopg:// URL, got a "
                            f"{parsed.get_backend_name()} one; the event store runs on SQLite and PostgreSQL")
    try:
        parsed.get_dialect()
    except ArgumentError as error:  # NoSuchModuleError: a driver name that is not installed (a typo)
        raise SettingsError(f"REELWORLD_DATABASE_URL: {error}") from None


def _proxies(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated IP addresses and networks, or "*"; the default where unset."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return LOCAL_PROXIES
    items = tuple(item.strip() for item in raw.split(",") if item.strip())
    if items == ("*",):
        return items
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise SettingsError(f"{name} must be IP addresses or networks (e.g. 10.0.0.0/8), comma-separated, "
                                f"or *; {item!r} is neither") from None
    return items


def _json_object(env: Mapping[str, str], name: str) -> dict[str, Any]:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return {}
    try:
        value = msgspec.json.decode(raw)
    except msgspec.DecodeError as error:
        raise SettingsError(f"{name} must be a JSON object: {error}") from None
    if not isinstance(value, dict):
        raise SettingsError(f"{name} must be a JSON object, got {raw!r}")
    return value


YEAR_HOURS = 24 * 366
MANY = 10_000_000  # generations a day: a cap that only stops typos (the serving bench uses 10^6)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (default: os.environ). Raises SettingsError on bad values."""
    env = os.environ if env is None else env
    home = Path(env.get("REELWORLD_HOME") or "./data").resolve()
    url = env.get("REELWORLD_DATABASE_URL") or f"sqlite:///{home / 'reelworld.db'}"
    _check_database_url(url)
    return Settings(
        home=home,
        database_url=url,
        host=env.get("REELWORLD_HOST") or "127.0.0.1",
        port=_int(env, "REELWORLD_PORT", 8000, 1, 65535, "a port number"),
        trusted_proxies=_proxies(env, "REELWORLD_TRUSTED_PROXIES"),
        ray_address=env.get("RAY_ADDRESS") or None,
        token_ttl_hours=_int(env, "REELWORLD_TOKEN_TTL_HOURS", 24 * 30, 1, 10 * YEAR_HOURS, "hours"),
        invite_ttl_days=_int(env, "REELWORLD_INVITE_TTL_DAYS", 14, 1, 3650, "days"),
        invites_per_member=_int(env, "REELWORLD_INVITES_PER_MEMBER", 3, 0, 1000),
        max_body_bytes=_int(env, "REELWORLD_MAX_BODY_BYTES", 1_000_000, 10_000, 1 << 30, "bytes"),
        log_level=_log_level(env, "REELWORLD_LOG_LEVEL", "INFO"),
        daily_free_generations=_int(env, "REELWORLD_DAILY_FREE_GENERATIONS", 5, 0, MANY),
        teen_daily_free_generations=_int(env, "REELWORLD_TEEN_DAILY_FREE_GENERATIONS", 3, 0, MANY),
        teen_daily_generation_limit=_int(env, "REELWORLD_TEEN_DAILY_GENERATION_LIMIT", 10, 0, MANY),
        teen_feed_daily_items=_int(env, "REELWORLD_TEEN_FEED_DAILY_ITEMS", 100, 1, MANY),
        guardian_link_ttl_hours=_int(env, "REELWORLD_GUARDIAN_LINK_TTL_HOURS", 48, 1, YEAR_HOURS, "hours"),
        unpublished_media_days=_int(env, "REELWORLD_UNPUBLISHED_MEDIA_DAYS", 30, 1, 3650, "days"),
        credit_price_cents=_int(env, "REELWORLD_CREDIT_PRICE_CENTS", 10, 1, 100_000, "cents"),
        media_url=env.get("REELWORLD_MEDIA_URL") or None,
        weights_dir=Path(env["REELWORLD_WEIGHTS_DIR"]).resolve() if env.get("REELWORLD_WEIGHTS_DIR") else None,
        chain=_json_object(env, "REELWORLD_CHAIN"),
        rewriter_url=env.get("REELWORLD_REWRITER_URL") or None,
        rewriter_model=env.get("REELWORLD_REWRITER_MODEL") or "default",
        rewriter_api_key=env.get("REELWORLD_REWRITER_API_KEY") or None,
    )
