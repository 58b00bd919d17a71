"""Notifications (social.inbox: what is told to whom, how far each member has read, and what
the inbox remembers of generations and reports to tell it).

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_POSITION = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "inbox_notifications",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("position", _POSITION, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(36), nullable=True),
        sa.Column("video_id", sa.String(36), nullable=True),
        sa.Column("generation_id", sa.String(36), nullable=True),
        sa.Column("detail", sa.String(40), nullable=False),
    )
    op.create_index("ix_inbox_notifications_actor_id", "inbox_notifications", ["actor_id"])
    op.create_index("ix_inbox_notifications_video_id", "inbox_notifications", ["video_id"])
    op.create_table(
        "inbox_seen",
        sa.Column("user_id", sa.String(36), primary_key=True),
        sa.Column("up_to", _POSITION, nullable=False),
        sa.Column("muted", sa.Text(), nullable=False),
    )
    op.create_table(
        "inbox_generations",
        sa.Column("generation_id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("cast", sa.Text(), nullable=False),
        sa.Column("remix_of", sa.String(36), nullable=True),
        sa.Column("video_id", sa.String(36), nullable=True),
    )
    op.create_index("ix_inbox_generations_owner_id", "inbox_generations", ["owner_id"])
    op.create_index("ix_inbox_generations_video_id", "inbox_generations", ["video_id"])
    op.create_table(
        "inbox_reports",
        sa.Column("report_id", sa.String(36), primary_key=True),
        sa.Column("reporter_id", sa.String(36), nullable=False),
    )
    op.create_index("ix_inbox_reports_reporter_id", "inbox_reports", ["reporter_id"])


def downgrade() -> None:
    op.drop_index("ix_inbox_reports_reporter_id", "inbox_reports")
    op.drop_table("inbox_reports")
    op.drop_index("ix_inbox_generations_video_id", "inbox_generations")
    op.drop_index("ix_inbox_generations_owner_id", "inbox_generations")
    op.drop_table("inbox_generations")
    op.drop_table("inbox_seen")
    op.drop_index("ix_inbox_notifications_video_id", "inbox_notifications")
    op.drop_index("ix_inbox_notifications_actor_id", "inbox_notifications")
    op.drop_table("inbox_notifications")
