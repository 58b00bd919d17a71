"""Database fixtures for the social and API tests: a runtime on SQLite (tmp_path) or on a fresh
PostgreSQL database of its own.

PostgreSQL comes from REELWORLD_TEST_POSTGRES_URL (default: the local server). Each test gets a
new database, dropped afterwards. If the server is unreachable the test is skipped, unless
REELWORLD_REQUIRE_POSTGRES=1, in which case it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from api.runtime import Runtime, open_runtime
from cluster.settings import Settings
from events import ManualClock
from social import TestModeGateway

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def fast_hasher() -> PasswordHasher:
    """argon2 with tiny costs: the same code path, milliseconds instead of ~50 ms per hash."""
    return PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


def make_settings(home: Path, url: str, **overrides) -> Settings:  # noqa: ANN003
    return Settings(home=home, database_url=url, **overrides)


def build_runtime(url: str, home: Path, clock: ManualClock, **overrides) -> Runtime:  # noqa: ANN003
    return open_runtime(
        make_settings(home, url, **overrides), clock=clock, gateway=TestModeGateway(), hasher=fast_hasher()
    )


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database; its URL; dropped on exit. Skips if none is reachable."""
    base = make_url(os.environ.get("REELWORLD_TEST_POSTGRES_URL", DEFAULT_POSTGRES))
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    name = f"reelworld_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    except Exception as error:  # noqa: BLE001 - any failure to reach the server
        admin.dispose()
        if os.environ.get("REELWORLD_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unreachable: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error}")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
"""The params of a fixture that runs its tests against SQLite and against PostgreSQL (runtime_on)."""


def runtime_on(backend: str, tmp_path: Path, clock: ManualClock, name: str = "test") -> Iterator[Runtime]:
    """For a fixture to `yield from`: a runtime on SQLite under tmp_path (`backend` "sqlite") or
    on a fresh PostgreSQL database of its own (skipped where none is reachable), closed after."""
    if backend == "sqlite":
        rt = build_runtime(f"sqlite:///{tmp_path / f'{name}.db'}", tmp_path, clock)
        try:
            yield rt
        finally:
            rt.close()
        return
    with fresh_postgres_database() as url:
        rt = build_runtime(url, tmp_path, clock)
        try:
            yield rt
        finally:
            rt.close()


def join(runtime: Runtime, handle: str, *, birth_year: int = 1990, password: str = "correct horse") -> str:
    """Sign a member up with a fresh operator invite; their user id (read models caught up)."""
    code = runtime.invites.issue_by_operator(1)[0].code
    user_id = runtime.accounts.sign_up(
        invite_code=code, handle=handle, password=password, birth_year=birth_year
    ).user_id
    runtime.catch_up()
    return user_id


def assert_migrated_as_modelled(engine, tables, prefix: str) -> None:  # noqa: ANN001 - an Engine, Tables
    """The migrations made exactly `tables` among the tables whose names start with `prefix`,
    each as its model declares it: Alembic's autogenerate finds no difference in any of them
    (columns, types, indexes, constraints)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import MetaData, inspect

    names = {table.name for table in tables}
    assert {name for name in inspect(engine).get_table_names() if name.startswith(prefix)} == names
    metadata = MetaData()
    for table in tables:
        table.to_metadata(metadata)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert [d for d in diffs if _table_of(d) in names or _table_of(d).startswith(prefix)] == []


def _table_of(diff) -> str:  # noqa: ANN001 - alembic's diff tuples (a list of them for modify_*)
    if isinstance(diff, list):
        return diff[0][2]
    kind, target = diff[0], diff[1]
    if kind.endswith("_table"):
        return target.name
    if kind.endswith("_index") or kind.endswith("_constraint"):
        return target.table.name
    return diff[2]
