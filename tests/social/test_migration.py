"""The Alembic revision 0002 creates exactly the read-model tables that social.tables declares."""

from __future__ import annotations

from social.tables import TABLES
from tests.fixtures_db import assert_migrated_as_modelled


def test_migrations_create_exactly_the_social_read_models(any_runtime):
    assert_migrated_as_modelled(any_runtime.store.engine, TABLES, "social_")
