"""Generation read models: the model each generation asked for, remix lineage, deleted videos.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("generation_jobs") as batch:
        batch.add_column(sa.Column("model", sa.String(200), nullable=True))
        batch.add_column(sa.Column("remix_of", sa.String(36), nullable=True))
    op.create_index("ix_generation_videos_remix_of", "generation_videos", ["remix_of"])
    op.create_table(
        "generation_deleted_videos",
        sa.Column("video_id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_generation_deleted_videos_owner_id", "generation_deleted_videos", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_generation_deleted_videos_owner_id", "generation_deleted_videos")
    op.drop_table("generation_deleted_videos")
    op.drop_index("ix_generation_videos_remix_of", "generation_videos")
    with op.batch_alter_table("generation_jobs") as batch:
        batch.drop_column("remix_of")
        batch.drop_column("model")
