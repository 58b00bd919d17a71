"""Social read models: accounts, tokens, invites, follows, guardian links, controls, ledger.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _id(name: str, *, nullable: bool = False, primary_key: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(36), nullable=nullable, primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "social_accounts",
        _id("user_id", primary_key=True),
        sa.Column("handle", sa.String(30), nullable=False),
        sa.Column("handle_lower", sa.String(30), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("birth_year", sa.Integer, nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=True),
        _when("created_at"),
    )
    op.create_table(
        "social_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        _id("user_id"),
        _when("issued_at"),
        _when("expires_at"),
        sa.Column("revoked", sa.Boolean, nullable=False),
    )
    op.create_index("ix_social_tokens_user_id", "social_tokens", ["user_id"])
    op.create_table(
        "social_invites",
        sa.Column("code", sa.String(40), primary_key=True),
        _id("issuer_id", nullable=True),
        _when("issued_at"),
        _when("expires_at"),
        _id("redeemed_by", nullable=True),
    )
    op.create_index("ix_social_invites_issuer_id", "social_invites", ["issuer_id"])
    op.create_table(
        "social_follows",
        _id("follower_id", primary_key=True),
        _id("followee_id", primary_key=True),
        _when("followed_at"),
    )
    op.create_index("ix_social_follows_followee_id", "social_follows", ["followee_id"])
    op.create_table(
        "social_guardian_links",
        sa.Column("code", sa.String(40), primary_key=True),
        _id("guardian_id"),
        _id("teen_id", nullable=True),
        _when("created_at"),
        _when("expires_at"),
        _when("confirmed_at", nullable=True),
    )
    op.create_index("ix_social_guardian_links_guardian_id", "social_guardian_links", ["guardian_id"])
    op.create_index("ix_social_guardian_links_teen_id", "social_guardian_links", ["teen_id"])
    op.create_table(
        "social_parental_controls",
        _id("teen_id", primary_key=True),
        _id("guardian_id"),
        sa.Column("daily_generation_limit", sa.Integer, nullable=True),
        sa.Column("personalised_feed", sa.Boolean, nullable=False),
        sa.Column("session_minutes_cap", sa.Integer, nullable=True),
        _when("updated_at"),
    )
    op.create_index(
        "ix_social_parental_controls_guardian_id", "social_parental_controls", ["guardian_id"]
    )
    op.create_table(
        "social_ledger_accounts",
        _id("user_id", primary_key=True),
        sa.Column("balance", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=True),
        sa.Column("free_used", sa.Integer, nullable=False),
        sa.Column("paid_used", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "social_ledger_accounts", "social_parental_controls", "social_guardian_links",
        "social_follows", "social_invites", "social_tokens", "social_accounts",
    ):
        op.drop_table(table)
