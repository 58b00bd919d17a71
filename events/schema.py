"""The event store's own tables. Read-model tables live with their projections (SQLModel).

All tables share `SQLModel.metadata`, so that Alembic sees one schema.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
)
from sqlmodel import SQLModel

metadata = SQLModel.metadata

events_table = Table(
    "events",
    metadata,
    # Positions are assigned by the appender under the store's write lock: dense and in
    # commit order, so a reader that asks for "after N" can never skip a late commit.
    Column("position", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("stream_id", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("type", String(120), nullable=False),
    Column("type_version", Integer, nullable=False, default=1),
    Column("data", LargeBinary, nullable=False),
    Column("meta", LargeBinary, nullable=False),
    UniqueConstraint("stream_id", "version", name="uq_events_stream_version"),
)

checkpoints_table = Table(
    "projection_checkpoints",
    metadata,
    Column("name", String(120), primary_key=True),
    Column("position", BigInteger, nullable=False, default=0),
    # the version of the projection's code that built its read model (Projection.version)
    Column("version", Integer, nullable=False, default=1, server_default="1"),
)

subject_keys_table = Table(
    "subject_keys",
    metadata,
    Column("subject", String(200), primary_key=True),
    Column("key", LargeBinary, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("shredded_at", DateTime(timezone=True), nullable=True),
)
