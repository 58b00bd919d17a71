"""A guardian's daily limit of feed videos for their teen
(social.tables.ParentalControls.feed_daily_items; null: the teen default).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("social_parental_controls") as batch:
        batch.add_column(sa.Column("feed_daily_items", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("social_parental_controls") as batch:
        batch.drop_column("feed_daily_items")
