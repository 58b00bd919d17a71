"""Parental controls say whether a teen's character may be shared (true, the teen rules alone,
until their guardian says otherwise).

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("social_parental_controls") as batch:
        batch.add_column(sa.Column("characters_allowed", sa.Boolean, nullable=False, server_default=sa.true()))


def downgrade() -> None:
    with op.batch_alter_table("social_parental_controls") as batch:
        batch.drop_column("characters_allowed")
