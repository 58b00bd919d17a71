"""The feed: posted videos, the members each shows, the index entries to write
(recsys.tables).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_posts",
        sa.Column("video_id", sa.String(36), primary_key=True),
        sa.Column("generation_id", sa.String(36), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("audience", sa.String(12), nullable=False),
        sa.Column("teen", sa.Boolean, nullable=False),
        sa.Column("caption", sa.String(1000), nullable=False),
        sa.Column("facets", sa.String(2000), nullable=False),
        sa.Column("energy", sa.Float, nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_feed_posts_owner_id", "feed_posts", ["owner_id"])
    op.create_index("ix_feed_posts_posted_at", "feed_posts", ["posted_at"])
    op.create_table(
        "feed_post_cast",
        sa.Column("video_id", sa.String(36), primary_key=True),
        sa.Column("member_id", sa.String(36), primary_key=True),
    )
    op.create_index("ix_feed_post_cast_member_id", "feed_post_cast", ["member_id"])
    op.create_table(
        "feed_index_pending",
        sa.Column("video_id", sa.String(36), primary_key=True),
        sa.Column("changes", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_index_pending")
    op.drop_index("ix_feed_post_cast_member_id", "feed_post_cast")
    op.drop_table("feed_post_cast")
    op.drop_index("ix_feed_posts_posted_at", "feed_posts")
    op.drop_index("ix_feed_posts_owner_id", "feed_posts")
    op.drop_table("feed_posts")
