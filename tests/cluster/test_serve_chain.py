"""The chain on Ray Serve: each generation published once, the sampler loading models by name
(model multiplexing), a model the sampler does not have failing its generation by name."""

from __future__ import annotations

import pytest

from events import ManualClock
from events.generation import GenerationFailed, SamplingCompleted, VideoPublished
from generation.jobs import GenerationOrder, generation_stream
from generation.jobs.models import FixedCatalog
from tests.cluster.serve_fixtures import TINY_CHAIN, TexturedModels, write_tiny_weights
from tests.fixtures_db import join, make_settings
from tests.jobs.fixtures import chain_runtime, tiny_model

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def deployed(ray_session, tmp_path_factory):
    """(runtime, chain handle): the chain deployed on Serve, sampling tiny checkpoints tiny-a and
    tiny-b from a weights folder; the API side also knows tiny-c, which no sampler has."""
    from ray import serve

    from actors.chain import build_chain
    home = tmp_path_factory.mktemp("serve-chain")
    for seed, name in enumerate(("tiny-a", "tiny-b")):
        write_tiny_weights(home / "weights", name, seed=seed)
    catalog = FixedCatalog({name: tiny_model for name in ("tiny-a", "tiny-b", "tiny-c")})
    runtime = chain_runtime(home, ManualClock(), None, models=catalog)
    settings = make_settings(home, runtime.settings.database_url)
    serve.start(proxy_location="Disabled")
    try:
        handle = serve.run(build_chain(settings, models=TexturedModels(home / "weights"), config=TINY_CHAIN),
                           name="chain-test", route_prefix=None)
        yield runtime, handle
    finally:
        serve.shutdown()
        runtime.close()


def events_of(runtime, gid: str, kind: type) -> list:
    return [r.event for r in runtime.store.read_stream(generation_stream(gid)) if isinstance(r.event, kind)]


def test_the_chain_on_serve_publishes_each_generation_once(deployed):
    runtime, handle = deployed
    alice = join(runtime, "alice")
    gids = [runtime.generations.request(alice, GenerationOrder(prompt=p, model="tiny-a"))
            for p in ("a red ball bounces in a gym", "a blue ball rolls on a court")]
    results = [handle.remote(g) for g in gids]
    assert [r.result(timeout_s=600) for r in results] == ["published", "published"]
    assert handle.remote(gids[0]).result(timeout_s=120) == "published"  # again: nothing new
    for gid in gids:
        assert len(events_of(runtime, gid, VideoPublished)) == 1


def test_the_sampler_loads_each_model_by_its_name(deployed):
    runtime, handle = deployed
    bob = join(runtime, "bob")
    gids = {name: runtime.generations.request(bob, GenerationOrder(prompt="a red ball drops", model=name))
            for name in ("tiny-a", "tiny-b")}
    results = {name: handle.remote(gid) for name, gid in gids.items()}
    assert {name: r.result(timeout_s=600) for name, r in results.items()} == {"tiny-a": "published",
                                                                             "tiny-b": "published"}
    for name, gid in gids.items():
        [sampled] = events_of(runtime, gid, SamplingCompleted)
        assert sampled.model == name
        [published] = events_of(runtime, gid, VideoPublished)
        assert published.provenance.model == name


def test_a_model_the_sampler_does_not_have_fails_its_generation_by_name(deployed):
    runtime, handle = deployed
    carol = join(runtime, "carol")
    gid = runtime.generations.request(carol, GenerationOrder(prompt="a red ball drops", model="tiny-c"))
    assert handle.remote(gid).result(timeout_s=600) == "failed"
    [failed] = events_of(runtime, gid, GenerationFailed)
    assert failed.step == "sample"
    assert failed.reason == "no model named 'tiny-c'; known models: tiny-a, tiny-b"


def test_a_character_on_serve_is_cast_and_asked_for_again_by_the_ingress(deployed):
    import msgspec

    from events.generation import PromptRewritten
    from generation.world.plan import ScenePlan
    from tests.capture_fixtures import make_capture

    runtime, handle = deployed
    dana, erin = join(runtime, "dana"), join(runtime, "erin")
    runtime.characters.capture(dana, make_capture(rgb=(128, 48, 190), size=96, seconds=3.0), audience="everyone")
    order = GenerationOrder(prompt="a person kicks a ball on the beach", characters=("dana",), model="tiny-a")
    cast_gid, taken_gid = (runtime.generations.request(erin, order) for _ in range(2))
    assert handle.remote(cast_gid).result(timeout_s=600) == "published"
    [rewritten] = events_of(runtime, cast_gid, PromptRewritten)
    plan = msgspec.convert(rewritten.plan, ScenePlan)
    assert [o.colour for o in plan.objects if o.kind == "figure"][0] == "purple"
    runtime.characters.remove(dana)  # after the request: the ingress's own directory sees it
    assert handle.remote(taken_gid).result(timeout_s=600) == "failed"
    [failed] = events_of(runtime, taken_gid, GenerationFailed)
    assert failed.step == "rewrite" and "no character 'dana' you may use" in failed.reason
