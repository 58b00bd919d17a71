"""Generation jobs on PostgreSQL: the same request, chain and read models on a fresh database."""

from __future__ import annotations

import pytest

from events import Projector
from generation.jobs import GenerationOrder, GenerationsProjection
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
