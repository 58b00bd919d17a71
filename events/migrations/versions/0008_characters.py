"""Characters: the read model of members' likenesses (safety.likeness.tables).

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "characters",
        sa.Column("character_id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(30), nullable=False),
        sa.Column("name_lower", sa.String(30), nullable=False, unique=True),
        sa.Column("features", sa.LargeBinary, nullable=False),
        sa.Column("audience", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("captured_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "character_approvals",
        sa.Column("character_id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), primary_key=True),
    )
    op.create_index("ix_character_approvals_user_id", "character_approvals", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_character_approvals_user_id", "character_approvals")
    op.drop_table("character_approvals")
    op.drop_table("characters")
