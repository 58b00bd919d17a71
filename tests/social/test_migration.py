"""The Alembic revision 0002 creates exactly the read-model tables that social.tables declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from social.tables import TABLES


def _social_only() -> MetaData:
    metadata = MetaData()
    for table in TABLES:
        table.to_metadata(metadata)
    return metadata


def test_migrations_create_exactly_the_social_read_models(any_runtime):
    engine = any_runtime.store.engine
    created = {name for name in inspect(engine).get_table_names() if name.startswith("social_")}
    assert created == {table.name for table in TABLES}
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, _social_only())
    social_diffs = [d for d in diffs if "social_" in repr(d)]
    assert social_diffs == []
