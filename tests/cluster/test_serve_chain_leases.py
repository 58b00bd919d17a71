"""The chain on Ray Serve, on PostgreSQL: the ingress runs no step of a generation whose lease
another process holds, and runs it, once, when it is let go."""

from __future__ import annotations

import pytest

from events import ManualClock
from events.database import make_engine
from events.generation import SamplingCompleted, VideoPublished
from generation.jobs import GenerationOrder, generation_stream
from generation.jobs.leases import GenerationLeases
from generation.jobs.models import FixedCatalog
from tests.cluster.serve_fixtures import TINY_CHAIN, NotingModels, write_tiny_weights
from tests.fixtures_db import fresh_postgres_database, join, make_settings
from tests.jobs.fixtures import chain_runtime, tiny_model

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_the_chain_on_serve_leaves_a_generation_another_process_runs_to_it(ray_session, tmp_path):
    from ray import serve

    from actors.chain import LEASED, build_chain

    write_tiny_weights(tmp_path / "weights", "tiny-a")
    notes = tmp_path / "notes"
    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, ManualClock(), None, url=url, models=FixedCatalog({"tiny-a": tiny_model}))
        other_process = make_engine(url)
        serve.start(proxy_location="Disabled")
        try:
            handle = serve.run(build_chain(make_settings(tmp_path, url), config=TINY_CHAIN,
                                           models=NotingModels(tmp_path / "weights", notes, delay_s=0.0)),
                               name="chain-leases", route_prefix=None)
            gid = runtime.generations.request(join(runtime, "alice"),
                                              GenerationOrder(prompt="a red ball drops", model="tiny-a"))
            with GenerationLeases(other_process).hold(gid) as held:
                assert held is not None
                assert handle.remote(gid).result(timeout_s=600) == LEASED
            assert runtime.chain.state(gid).status == "queued"  # no step ran

            # Let go: asked twice at once, the chain runs it on one of its threads only.
            answers = sorted(r.result(timeout_s=600) for r in [handle.remote(gid), handle.remote(gid)])
            assert answers in (["leased", "published"], ["published", "published"])
            stream = [r.event for r in runtime.store.read_stream(generation_stream(gid))]
            assert sum(isinstance(e, SamplingCompleted) for e in stream) == 1
            assert sum(isinstance(e, VideoPublished) for e in stream) == 1
            assert len(list(notes.glob("*.json"))) == 1  # sampled once
        finally:
            serve.shutdown()
            other_process.dispose()
            runtime.close()
