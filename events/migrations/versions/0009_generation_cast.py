"""Generation cast: the members whose characters a generation puts in its video
(generation.jobs.tables.GenerationCastRow), who may see and take that video down.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "generation_cast",
        sa.Column("generation_id", sa.String(36), primary_key=True),
        sa.Column("owner_id", sa.String(36), primary_key=True),
    )
    op.create_index("ix_generation_cast_owner_id", "generation_cast", ["owner_id"])


def downgrade() -> None:
    op.drop_index("ix_generation_cast_owner_id", "generation_cast")
    op.drop_table("generation_cast")
