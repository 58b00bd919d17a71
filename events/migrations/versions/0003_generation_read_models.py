"""Generation read models: generations with their steps, published videos.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _id(name: str, *, nullable: bool = False, primary_key: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(36), nullable=nullable, primary_key=primary_key)


def upgrade() -> None:
    op.create_table(
        "generation_jobs",
        _id("generation_id", primary_key=True),
        _id("user_id"),
        sa.Column("prompt", sa.String(1000), nullable=False),
        sa.Column("style", sa.String(20), nullable=True),
        sa.Column("tier", sa.String(20), nullable=False),
        sa.Column("shots", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("detail", sa.String(1000), nullable=True),
        sa.Column("caption", sa.String(1000), nullable=True),
        _id("video_id", nullable=True),
        _when("created_at"),
        _when("updated_at"),
    )
    op.create_index("ix_generation_jobs_user_id", "generation_jobs", ["user_id"])
    op.create_table(
        "generation_steps",
        _id("generation_id", primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("event_type", sa.String(40), nullable=False),
        _when("at"),
    )
    op.create_table(
        "generation_videos",
        _id("video_id", primary_key=True),
        _id("generation_id"),
        _id("owner_id"),
        sa.Column("media_key", sa.String(200), nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("caption", sa.String(1000), nullable=False),
        sa.Column("model", sa.String(200), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        _id("remix_of", nullable=True),
        _when("published_at"),
        sa.UniqueConstraint("generation_id", name="uq_generation_videos_generation_id"),
    )
    op.create_index("ix_generation_videos_owner_id", "generation_videos", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_generation_videos_owner_id", "generation_videos")
    op.drop_table("generation_videos")
    op.drop_table("generation_steps")
    op.drop_index("ix_generation_jobs_user_id", "generation_jobs")
    op.drop_table("generation_jobs")
