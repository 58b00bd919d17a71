"""Read models of the social context (SQLModel tables), built only by social.projections.

Every table here is created by the Alembic revision 0002_social_read_models (with later
columns: 0007, 0010, 0015); change both together. Times are stored with their zone; SQLite
hands them back naive, so readers go through `as_utc`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


def _when(*, nullable: bool = False, index: bool = False):  # noqa: ANN202
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable, index=index))


def as_utc(value: datetime) -> datetime:
    """Aware UTC datetime from a value read back from either database."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Account(SQLModel, table=True):
    __tablename__ = "social_accounts"

    user_id: str = Field(primary_key=True, max_length=36)
    handle: str = Field(max_length=30)
    handle_lower: str = Field(max_length=30, unique=True)
    display_name: str = Field(max_length=80)
    birth_year: int | None = None
    """Personal: None once the subject's key is shredded."""
    password_hash: str | None = Field(default=None, max_length=200)
    created_at: datetime = _when()


class AuthToken(SQLModel, table=True):
    __tablename__ = "social_tokens"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(max_length=36, index=True)
    issued_at: datetime = _when()
    expires_at: datetime = _when()
    revoked: bool = False


class Invite(SQLModel, table=True):
    __tablename__ = "social_invites"

    code: str = Field(primary_key=True, max_length=40)
    issuer_id: str | None = Field(default=None, max_length=36, index=True)
    issued_at: datetime = _when()
    expires_at: datetime = _when()
    redeemed_by: str | None = Field(default=None, max_length=36)


class Follow(SQLModel, table=True):
    __tablename__ = "social_follows"

    follower_id: str = Field(primary_key=True, max_length=36)
    followee_id: str = Field(primary_key=True, max_length=36, index=True)
    followed_at: datetime = _when()


class GuardianLink(SQLModel, table=True):
    __tablename__ = "social_guardian_links"

    code: str = Field(primary_key=True, max_length=40)
    guardian_id: str = Field(max_length=36, index=True)
    teen_id: str | None = Field(default=None, max_length=36, index=True)
    created_at: datetime = _when()
    expires_at: datetime = _when()
    confirmed_at: datetime | None = _when(nullable=True)


class ParentalControls(SQLModel, table=True):
    __tablename__ = "social_parental_controls"

    teen_id: str = Field(primary_key=True, max_length=36)
    guardian_id: str = Field(max_length=36, index=True)
    daily_generation_limit: int | None = None
    personalised_feed: bool = True
    session_minutes_cap: int | None = None
    purchases_allowed: bool = False
    characters_allowed: bool = True
    feed_daily_items: int | None = None
    quiet_start: str | None = Field(default=None, max_length=5)
    """Quiet hours ("HH:MM" to "HH:MM" in quiet_timezone); all three null: none."""
    quiet_end: str | None = Field(default=None, max_length=5)
    quiet_timezone: str | None = Field(default=None, max_length=64)
    updated_at: datetime = _when()


class LedgerAccount(SQLModel, table=True):
    __tablename__ = "social_ledger_accounts"

    user_id: str = Field(primary_key=True, max_length=36)
    balance: int = 0
    """Purchased credits not yet spent; never negative."""
    day: date | None = None
    """The UTC day that free_used and paid_used count."""
    free_used: int = 0
    paid_used: int = 0


TABLES = [
    Account.__table__, AuthToken.__table__, Invite.__table__, Follow.__table__,
    GuardianLink.__table__, ParentalControls.__table__, LedgerAccount.__table__,
]
