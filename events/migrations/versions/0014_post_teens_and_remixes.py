"""Whether teens may see a posted video, and whether others may remix it
(recsys.tables.PostRow.teen_safe, .remixable): posts from before stay hidden from teens until
posted again, and are remixed by others only once posted again with `remixable: true`.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feed_posts") as batch:
        batch.add_column(sa.Column("teen_safe", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("remixable", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("feed_posts") as batch:
        batch.drop_column("remixable")
        batch.drop_column("teen_safe")
