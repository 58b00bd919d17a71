"""Migrations: several processes at once on an empty database, and a schema newer than the code."""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import text

from events import make_engine, upgrade
from events.errors import SchemaNewerThanCode
from events.migrate import current_revision, head_revision

PROCESSES = 4


def _migrate(url: str, start: multiprocessing.synchronize.Barrier, results: multiprocessing.Queue) -> None:
    """One process starting up: migrate the database as soon as every process is ready."""
    engine = make_engine(url)
    try:
        start.wait(timeout=60)
        upgrade(engine)
        results.put("ok")
    except Exception as error:  # noqa: BLE001 - reported to the test, which shows it
        results.put(f"{type(error).__name__}: {error}".split("\n")[0])
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_processes_migrating_an_empty_postgres_database_at_once_all_succeed():
    from tests.events.conftest import fresh_postgres_url

    for url in fresh_postgres_url():
        spawn = multiprocessing.get_context("spawn")  # each process with its own engine and pool
        start, results = spawn.Barrier(PROCESSES), spawn.Queue()
        processes = [spawn.Process(target=_migrate, args=(url, start, results)) for _ in range(PROCESSES)]
        for process in processes:
            process.start()
        outcomes = [results.get(timeout=120) for _ in processes]
        for process in processes:
            process.join(timeout=30)
        assert outcomes == ["ok"] * PROCESSES
        engine = make_engine(url)
        assert current_revision(engine) == head_revision()
        engine.dispose()


def test_a_database_at_a_revision_this_code_does_not_know_is_left_alone(store):
    with store.engine.begin() as conn:  # as a newer release leaves it, after a rollback of the code
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    with pytest.raises(SchemaNewerThanCode) as info:
        upgrade(store.engine)
    assert str(info.value) == (f"the database schema is at revision 0099_future, newer than this code's "
                               f"{head_revision()}: run the newer release, or restore a backup")
    assert current_revision(store.engine) == "0099_future"
