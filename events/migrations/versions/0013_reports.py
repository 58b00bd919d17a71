"""Reports of videos to the reviewers (safety.review.tables.ReportRow).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_reports",
        sa.Column("report_id", sa.String(36), primary_key=True),
        sa.Column("video_id", sa.String(36), nullable=False),
        sa.Column("generation_id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("reporter_id", sa.String(36), nullable=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    for column in ("video_id", "owner_id", "reporter_id", "status", "filed_at"):
        op.create_index(f"ix_review_reports_{column}", "review_reports", [column])


def downgrade() -> None:
    for column in ("filed_at", "status", "reporter_id", "owner_id", "video_id"):
        op.drop_index(f"ix_review_reports_{column}", "review_reports")
    op.drop_table("review_reports")
