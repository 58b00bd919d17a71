"""cluster/serve_config.yaml passes Ray's own checks: the schema `serve deploy` validates with,
the loader the Serve controller builds the application with, and `serve build`."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
import yaml

from actors import chain
from actors.sampler import Sampler, SamplerOptions

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "cluster" / "serve_config.yaml"
STEPS = {d.name for d in (chain.GenerationChain, chain.RewriteStep, chain.PromptSafetyStep, Sampler,
                          chain.AudioStep, chain.OutputSafetyStep, chain.PublishStep)}


def the_application():
    from ray.serve.schema import ServeDeploySchema

    [app] = ServeDeploySchema.model_validate(yaml.safe_load(CONFIG.read_text())).applications
    return app


def test_the_serve_config_is_valid_for_serve_deploy_and_names_every_deployment():
    app = the_application()
    assert app.import_path == "actors.application:app" and not app.args
    assert {d.name for d in app.deployments} == STEPS
    sampler = next(d for d in app.deployments if d.name == "Sampler")
    assert sampler.ray_actor_options.num_gpus == 0.5  # fractional: two replicas share a GPU
    assert sampler.autoscaling_config["max_replicas"] > sampler.autoscaling_config["min_replicas"]
    msgspec.convert(sampler.user_config, SamplerOptions)  # what Sampler.reconfigure reads


def test_the_controller_builds_the_import_path_into_those_deployments():
    """What the Serve controller does with the config: import, call a builder if it is one, build."""
    from ray._common.utils import import_attr
    from ray.serve._private.api import call_user_app_builder_with_args_if_necessary
    from ray.serve._private.build_app import build_app

    config = the_application()
    app = call_user_app_builder_with_args_if_necessary(import_attr(config.import_path), config.args)
    built = build_app(app, name=config.name)
    assert {d.name for d in built.deployments} == STEPS
    assert built.ingress_deployment_name == "GenerationChain"


def test_serve_build_writes_a_config_for_the_same_application(tmp_path):
    from click.testing import CliRunner
    from ray.serve.schema import ServeDeploySchema
    from ray.serve.scripts import cli

    out = tmp_path / "built.yaml"
    result = CliRunner().invoke(cli, ["build", the_application().import_path, "--app-dir", str(ROOT),
                                      "--output-path", str(out)])
    assert result.exit_code == 0, result.output + repr(result.exception)
    [built] = ServeDeploySchema.model_validate(yaml.safe_load(out.read_text())).applications
    assert built.import_path == "actors.application:app"
    assert {d.name for d in built.deployments} == STEPS


def test_chain_knobs_come_from_reelworld_chain_and_a_typo_is_named(tmp_path):
    from cluster.settings import SettingsError, load_settings

    settings = load_settings({"REELWORLD_HOME": str(tmp_path), "REELWORLD_CHAIN": '{"size": 320, "standard_steps": 4}'})
    config = chain.chain_config(settings)
    assert (config.size, config.standard_steps) == (320, 4)
    with pytest.raises(SettingsError, match="REELWORLD_CHAIN: unknown chain settings sise"):
        chain.chain_config(load_settings({"REELWORLD_HOME": str(tmp_path), "REELWORLD_CHAIN": '{"sise": 64}'}))
    with pytest.raises(SettingsError, match="REELWORLD_CHAIN must be a JSON object"):
        load_settings({"REELWORLD_CHAIN": "[1, 2]"})
