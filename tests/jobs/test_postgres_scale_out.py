"""Several `reelworld up` processes on one PostgreSQL database: one worker runs a generation at a
time (a killed one's is taken over at once), and every process must share the media store."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from generation.jobs import ChainWorker, GenerationOrder
from generation.jobs.binding import MediaStoreMismatch, bind_media_store, mark_key
from generation.jobs.leases import GenerationLeases, lease_key
from tests.fixtures_db import build_runtime, fresh_postgres_database, join
from tests.jobs.fixtures import chain_runtime


@pytest.mark.postgres
def test_a_generation_another_process_runs_is_left_to_it_until_that_process_dies(tmp_path, clock, generator):
    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, clock, generator, url=url)
        other_process = create_engine(url)
        try:
            alice = join(runtime, "alice")
            gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
            worker = ChainWorker(runtime.store, runtime.chain)
            with GenerationLeases(other_process).hold(gid) as held:
                assert held
                assert worker.work_once() == 0  # not sampled a second time beside the other worker
                assert runtime.chain.state(gid).status == "queued" and gid in worker.pending
            # The other process is killed while it holds the generation: its connection ends.
            connection = other_process.raw_connection()
            connection.cursor().execute("SELECT pg_advisory_lock(%s, %s)", lease_key(gid))
            assert worker.work_once() == 0
            connection.invalidate()
            assert worker.work_once() == 1
            assert runtime.chain.state(gid).status == "published" and gid not in worker.pending
        finally:
            other_process.dispose()
            runtime.close()


@pytest.mark.postgres
def test_a_process_with_a_media_store_of_its_own_is_refused(tmp_path, clock):
    with fresh_postgres_database() as url:
        first = build_runtime(url, tmp_path / "first", clock)
        shared = build_runtime(url, tmp_path / "first", clock)
        apart = build_runtime(url, tmp_path / "apart", clock)
        try:
            store_id = bind_media_store(first.store, first.media, first.settings.media_location)
            assert first.media.size(mark_key(store_id)) > 0
            assert bind_media_store(shared.store, shared.media, shared.settings.media_location) == store_id
            assert bind_media_store(first.store, first.media, first.settings.media_location) == store_id
            with pytest.raises(MediaStoreMismatch, match="not this database's") as refused:
                bind_media_store(apart.store, apart.media, apart.settings.media_location)
            assert str(tmp_path / "first" / "media") in str(refused.value)
            assert apart.media.keys("reelworld-store") == []  # it left no mark of its own
        finally:
            for runtime in (first, shared, apart):
                runtime.close()


@pytest.mark.postgres
def test_processes_starting_at_once_on_one_shared_store_all_start(tmp_path, clock):
    with fresh_postgres_database() as url:
        first, second = (build_runtime(url, tmp_path, clock) for _ in range(2))
        bound = []
        try:
            def first_binds_meanwhile() -> str:
                # The second found the database unbound; the first binds it before the second records.
                bound.append(bind_media_store(first.store, first.media, first.settings.media_location))
                return "second"

            store_id = bind_media_store(second.store, second.media, second.settings.media_location,
                                        new_id=first_binds_meanwhile)
            assert store_id == bound[0] != "second"
            assert second.media.keys("reelworld-store") == [mark_key(store_id)]  # the loser's mark went
        finally:
            first.close()
            second.close()


def test_an_installation_with_videos_binds_only_a_store_that_holds_them(runtime, alice, tmp_path, clock):
    # the first start after an upgrade, on a share not mounted: an empty store at the same path
    from generation.jobs.binding import STREAM

    state = runtime.chain.run(runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym")))
    runtime.catch_up()
    assert state.status == "published"
    empty = build_runtime(runtime.settings.database_url, tmp_path / "unmounted", clock)
    try:
        with pytest.raises(MediaStoreMismatch, match="does not hold this database's videos"):
            bind_media_store(empty.store, empty.media, empty.settings.media_location)
        assert runtime.store.read_stream(STREAM) == []  # nothing bound: the right store still can be
        assert bind_media_store(runtime.store, runtime.media, runtime.settings.media_location)
    finally:
        empty.close()


@pytest.mark.parametrize(("location", "shown"), [
    ("/srv/reelworld/media", "/srv/reelworld/media"),
    ("s3://AKIAKEY:secret@bucket/media", "s3://bucket/media"),
    ("s3://bucket/media?secret=abc&key=AKIA", "s3://bucket/media"),
    ("gcs://user@host:9000/media", "gcs://host:9000/media"),
])
def test_a_store_location_is_recorded_and_shown_without_credentials(location, shown):
    from generation.jobs.binding import shown_location

    assert shown_location(location) == shown
