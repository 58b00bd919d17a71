"""The Alembic revisions create exactly the read-model tables that their models declare
(generation.jobs.tables: 0003 and 0004; safety.review.tables: 0011; recsys.tables: 0012), on
SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from generation.jobs import GenerationsProjection
from tests.fixtures_db import assert_migrated_as_modelled, build_runtime, fresh_postgres_database


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
    assert_migrated_as_modelled(engine, GenerationsProjection().tables(), "generation_")


def test_migrations_create_exactly_the_review_read_models(engine):
    from safety.review import ReviewProjection

    assert_migrated_as_modelled(engine, ReviewProjection().tables(), "review_")


def test_migrations_create_exactly_the_feed_read_models(engine):
    from recsys.tables import TABLES

    assert_migrated_as_modelled(engine, TABLES, "feed_")
