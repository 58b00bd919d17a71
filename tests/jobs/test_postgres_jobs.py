"""Generation jobs on PostgreSQL: the same request, chain and read models on a fresh database."""

from __future__ import annotations

import pytest

from events import Projector
from events.generation import MediaErased
from generation.jobs import GenerationOrder, GenerationsProjection, SourceGone, generation_stream
from tests.fixtures_db import fresh_postgres_database, join
from tests.jobs.fixtures import chain_runtime


@pytest.mark.postgres
def test_a_generation_runs_to_publication_on_postgresql(tmp_path, clock, generator):
    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, clock, generator, url=url)
        try:
            alice = join(runtime, "alice")
            key = "k" * 200  # the longest Idempotency-Key the API accepts
            order = GenerationOrder(prompt="a red ball bounces in a gym")
            gid = runtime.generations.request(alice, order, idempotency_key=key)
            assert runtime.generations.request(alice, order, idempotency_key=key) == gid
            assert runtime.chain.run(gid).status == "published"
            runtime.catch_up()
            [video] = runtime.generations.library(alice)
            assert runtime.generations.generation(alice, gid).video_id == video.video_id
            Projector(runtime.store, GenerationsProjection()).rebuild()
            assert runtime.generations.library(alice) == [video]
        finally:
            runtime.close()


@pytest.mark.postgres
def test_remix_lineage_deletion_and_the_sweeper_on_postgresql(tmp_path, clock, generator):
    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, clock, generator, url=url)
        try:
            alice = join(runtime, "alice")
            source = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
            assert runtime.chain.run(source).status == "published"
            runtime.catch_up()
            [video] = runtime.generations.library(alice)
            remix = runtime.generations.request(alice, GenerationOrder(prompt="make it anime", remix_of=video.video_id))
            assert runtime.chain.run(remix).status == "published"
            runtime.catch_up()
            [child] = runtime.generations.remixes(alice, video.video_id)
            assert child.remix_of == video.video_id and runtime.generations.generation(alice, remix).remix_of == video.video_id
            runtime.generations.delete_video(alice, video.video_id)
            runtime.catch_up()
            with pytest.raises(SourceGone):
                runtime.generations.request(alice, GenerationOrder(prompt="at night", remix_of=video.video_id))
            told = runtime.store.read_stream(generation_stream(source))[-1].event
            assert isinstance(told, MediaErased) and told.reason == "the video was deleted"
            runtime.accounts.delete_account(alice)
            assert runtime.sweeper.sweep().erased == 1  # the remix: the source's media went with its video
            runtime.catch_up()
            Projector(runtime.store, GenerationsProjection()).rebuild()
        finally:
            runtime.close()
