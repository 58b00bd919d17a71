"""The Alembic revisions 0003 and 0004 create exactly the read-model tables that
generation.jobs.tables declares, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect

from generation.jobs import GenerationsProjection
from tests.fixtures_db import build_runtime, fresh_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path, clock):
    if request.param == "sqlite":
        rt = build_runtime(f"sqlite:///{tmp_path / 'migrated.db'}", tmp_path, clock)
        yield rt.store.engine
        rt.close()
        return
    with fresh_postgres_database() as url:
        rt = build_runtime(url, tmp_path, clock)
        yield rt.store.engine
        rt.close()


def test_migrations_create_exactly_the_generation_read_models(engine):
    tables = GenerationsProjection().tables()
    metadata = MetaData()
    for table in tables:
        table.to_metadata(metadata)
    created = {name for name in inspect(engine).get_table_names() if name.startswith("generation_")}
    assert created == {table.name for table in tables}
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert [d for d in diffs if _table_of(d).startswith("generation_")] == []


def _table_of(diff) -> str:  # noqa: ANN001 - alembic's diff tuples (a list of them for modify_*)
    if isinstance(diff, list):
        return diff[0][2]
    kind, target = diff[0], diff[1]
    if kind.endswith("_table"):
        return target.name
    if kind.endswith("_index") or kind.endswith("_constraint"):
        return target.table.name
    return diff[2]
