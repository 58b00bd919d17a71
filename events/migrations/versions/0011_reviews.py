"""Human review: the reviewers, and the appeals of blocked generations
(safety.review.tables).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_reviewers",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "review_appeals",
        sa.Column("appeal_id", sa.String(36), primary_key=True),
        sa.Column("generation_id", sa.String(36), nullable=False, unique=True),
        sa.Column("appellant_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_review_appeals_appellant_id", "review_appeals", ["appellant_id"])
    op.create_index("ix_review_appeals_status", "review_appeals", ["status"])
    op.create_index("ix_review_appeals_filed_at", "review_appeals", ["filed_at"])


def downgrade() -> None:
    op.drop_index("ix_review_appeals_filed_at", "review_appeals")
    op.drop_index("ix_review_appeals_status", "review_appeals")
    op.drop_index("ix_review_appeals_appellant_id", "review_appeals")
    op.drop_table("review_appeals")
    op.drop_table("review_reviewers")
