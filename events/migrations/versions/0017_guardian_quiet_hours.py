"""A guardian's quiet hours for their teen (social.tables.ParentalControls.quiet_start,
quiet_end, quiet_timezone; all null: none).

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("social_parental_controls") as batch:
        batch.add_column(sa.Column("quiet_start", sa.String(5), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.String(5), nullable=True))
        batch.add_column(sa.Column("quiet_timezone", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("social_parental_controls") as batch:
        batch.drop_column("quiet_timezone")
        batch.drop_column("quiet_end")
        batch.drop_column("quiet_start")
