"""Generation leases on PostgreSQL: one thread of one process holds a generation at a time, the
leases of a process share one connection outside the pool, and a lease whose connection died
is let go by the server, then taken again or lost to the process that took it meanwhile."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from events.database import make_engine
from generation.jobs.leases import GenerationLeases, lease_key

pytestmark = pytest.mark.postgres


@pytest.fixture
def url() -> Iterator[str]:
    from tests.fixtures_db import fresh_postgres_database

    with fresh_postgres_database() as database:
        yield database


@pytest.fixture
def engines(url):
    """Make engines on the test database (each one process's worth of connections); disposed after."""
    made = []

    def make():
        made.append(make_engine(url))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


def holds_on_a_thread(leases: GenerationLeases, generation_id: str) -> bool:
    """Whether another thread of this process gets `generation_id` now (it lets go at once)."""
    got = []

    def hold() -> None:
        with leases.hold(generation_id) as lease:
            got.append(lease is not None)

    thread = threading.Thread(target=hold)
    thread.start()
    thread.join(timeout=30)
    return got == [True]


def kill_holder(engine, generation_id: str) -> None:  # noqa: ANN001
    """End the session that holds `generation_id`'s lease, as the server does for a killed
    process; returns once the server has let go of it."""
    space, key = lease_key(generation_id)
    with engine.connect() as conn:
        [ended] = conn.execute(text(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_locks WHERE locktype = 'advisory' "
            "AND classid = (CAST(:space AS bigint) & 4294967295)::oid AND objid = (CAST(:key AS bigint) & 4294967295)::oid "
            "AND objsubid = 2 AND granted"), {"space": space, "key": key}).scalars().all()
    assert ended


def test_two_threads_of_one_process_cannot_both_hold_one_generation(engines):
    leases = GenerationLeases(engines())
    taken, release = threading.Event(), threading.Event()

    def run() -> None:
        with leases.hold("g1") as lease:
            assert lease is not None
            taken.set()
            release.wait(timeout=30)

    running = threading.Thread(target=run)
    running.start()
    try:
        assert taken.wait(timeout=30)
        assert not holds_on_a_thread(leases, "g1")  # the same session's lock would be granted again
        assert holds_on_a_thread(leases, "g2")
    finally:
        release.set()
        running.join(timeout=30)
    assert holds_on_a_thread(leases, "g1")
    leases.close()


def test_two_processes_exclude_each_other_until_one_lets_go_or_its_session_is_killed(engines, caplog):
    first, second = GenerationLeases(engines()), GenerationLeases(engines())
    with first.hold("g1") as mine:
        assert mine is not None
        with second.hold("g1") as theirs:
            assert theirs is None
    with second.hold("g1") as theirs:
        assert theirs is not None  # the first let go

    with caplog.at_level(logging.WARNING, logger="generation.jobs.leases"), first.hold("g1") as mine:
        assert mine is not None
        kill_holder(engines(), "g1")  # the first process is killed, or its connection dies
        with second.hold("g1") as theirs:
            assert theirs is not None  # taken over at once
            assert not first.confirm(mine)  # the first's run stops before its next step
    # Its release found its session gone: logged, not raised; it gets leases again on a new one.
    assert "its leases are gone" in caplog.text
    with first.hold("g2") as mine:
        assert mine is not None and first.confirm(mine)
        with second.hold("g2") as theirs:
            assert theirs is None
    first.close()
    second.close()


def test_a_lease_whose_session_died_is_taken_again_when_no_other_process_took_it(engines):
    first, second = GenerationLeases(engines()), GenerationLeases(engines())
    with first.hold("g1") as mine:
        kill_holder(engines(), "g1")
        assert first.confirm(mine)  # on a new connection
        with second.hold("g1") as theirs:
            assert theirs is None
    with second.hold("g1") as theirs:
        assert theirs is not None  # let go on the new connection
    first.close()
    second.close()


def test_a_release_that_fails_is_logged_not_raised(engines, caplog):
    leases = GenerationLeases(engines())
    with caplog.at_level(logging.WARNING, logger="generation.jobs.leases"):
        with leases.hold("g1") as mine:
            assert mine is not None
            kill_holder(engines(), "g1")
        assert "generation g1: its lease ended with its database session" in caplog.text
    assert holds_on_a_thread(leases, "g1")
    leases.close()


def test_64_leases_held_at_once_use_one_connection_outside_the_pool(engines):
    engine = engines()
    leases = GenerationLeases(engine)
    held, release = threading.Barrier(65), threading.Event()
    got = []

    def run(i: int) -> None:
        with leases.hold(f"g{i}") as lease:
            got.append(lease is not None)
            held.wait(timeout=60)
            release.wait(timeout=60)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(64)]
    for thread in threads:
        thread.start()
    try:
        held.wait(timeout=60)
        assert got == [True] * 64
        with engines().connect() as conn:
            holders = conn.execute(text(
                "SELECT count(*), count(DISTINCT pid) FROM pg_locks WHERE locktype = 'advisory' "
                "AND classid = (CAST(:space AS bigint) & 4294967295)::oid AND granted"), {"space": lease_key("g")[0]}).one()
        assert tuple(holders) == (64, 1)
        assert engine.pool.checkedout() == 0
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=60)
    leases.close()


def test_a_run_whose_lease_another_process_took_stops_before_its_next_step(url, engines, tmp_path, clock):
    from generation.jobs import ChainRunner, GenerationOrder
    from tests.fixtures_db import join
    from tests.jobs.fixtures import StrobeGenerator, chain_runtime

    runtime = chain_runtime(tmp_path, clock, StrobeGenerator(), url=url)
    other_process = GenerationLeases(engines())
    taken_over = []

    class TakenOverDuringRewrite:
        """The run's lease connection dies during its first step; another process takes the generation."""

        def __init__(self) -> None:
            self.ran = []

        def run(self, state, step: str, check=None, likeness=()):  # noqa: ANN001, ANN201
            self.ran.append(step)
            if step == "rewrite":
                kill_holder(engines(), state.request.generation_id)
                taken_over.append(other_process.hold(state.request.generation_id))
                assert taken_over[0].__enter__() is not None
            return runtime.chain.steps.run(state, step, check)

    try:
        gid = runtime.generations.request(join(runtime, "alice"), GenerationOrder(prompt="a red ball drops"))
        steps = TakenOverDuringRewrite()
        runner = ChainRunner(runtime.store, runtime.quota, steps, runtime.media)
        state = runner.run(gid)
        assert steps.ran == ["rewrite"]  # recorded (each step once), then no further step here
        assert state.next_step == "prompt_safety" and not state.finished
        taken_over[0].__exit__(None, None, None)
        runner.leases.close()
    finally:
        other_process.close()
        runtime.close()
