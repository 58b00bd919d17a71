"""The chain on Ray Serve: the config validates against Ray's schema; the deployments publish."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
import yaml

from events.generation import VideoPublished
from generation.jobs import GenerationOrder, generation_stream
from tests.fixtures_db import join, make_settings
from tests.jobs.fixtures import FAST, chain_runtime, tiny_model

CONFIG = Path(__file__).resolve().parents[2] / "cluster" / "serve_config.yaml"


def test_the_serve_config_is_valid_for_ray_and_names_every_deployment():
    from ray.serve.schema import ServeDeploySchema

    from actors import chain

    schema = ServeDeploySchema.model_validate(yaml.safe_load(CONFIG.read_text()))
    [app] = schema.applications
    assert app.import_path == "actors.chain:app_builder"
    assert msgspec.convert(app.args, chain.ChainArgs).sampler_gpus == 0.5  # args the builder reads
    steps = {d.name for d in (chain.GenerationChain, chain.RewriteStep, chain.PromptSafetyStep, chain.Sampler,
                              chain.AudioStep, chain.OutputSafetyStep, chain.PublishStep)}
    assert {d.name for d in app.deployments} == steps
    from ray.serve.deployment import Application

    assert isinstance(chain.app_builder(app.args), Application)  # what `serve deploy` calls
    sampler = next(d for d in app.deployments if d.name == "Sampler")
    assert sampler.ray_actor_options.num_gpus == 0.5 and sampler.autoscaling_config["max_replicas"] > 1


@pytest.mark.slow
def test_the_chain_on_serve_publishes_each_generation_once(ray_session, tmp_path, clock, generator):
    from ray import serve

    from actors.chain import build_chain

    runtime = chain_runtime(tmp_path, clock, generator)
    settings = make_settings(tmp_path, runtime.settings.database_url)
    try:
        alice = join(runtime, "alice")
        gids = [runtime.generations.request(alice, GenerationOrder(prompt=p))
                for p in ("a red ball bounces in a gym", "a blue ball rolls on a court")]
        serve.start(proxy_location="Disabled")
        handle = serve.run(build_chain(settings, generator=tiny_model, config=FAST),
                           name="chain-test", route_prefix=None)
        results = [handle.remote(g) for g in gids]
        assert [r.result(timeout_s=600) for r in results] == ["published", "published"]
        assert handle.remote(gids[0]).result(timeout_s=120) == "published"  # again: nothing new
        for gid in gids:
            stream = runtime.store.read_stream(generation_stream(gid))
            assert sum(isinstance(r.event, VideoPublished) for r in stream) == 1
    finally:
        serve.shutdown()
        runtime.close()
