"""The jobs' knobs from Settings: REELWORLD_CHAIN overrides (steps, tiers, capacity),
REELWORLD_MEDIA_URL (a directory or an fsspec URL) and REELWORLD_WEIGHTS_DIR reach the runtime."""

from __future__ import annotations

import uuid

import pytest

from api.runtime import open_runtime
from cluster.settings import load_settings
from generation.jobs import ConfigError, FsspecMediaStore, chain_config
from tests.fixtures_db import fast_hasher


def test_overrides_change_only_what_they_name():
    config = chain_config({"high_steps": 80, "max_queue_for_free": 10, "pro_model": "world32"})
    assert (config.high_steps, config.max_queue_for_free, config.pro_model, config.standard_steps) == \
        (80, 10, "world32", 25)


@pytest.mark.parametrize("overrides", [{"hi_steps": 80}, {"high_steps": "many"}])
def test_overrides_that_name_no_knob_or_hold_a_wrong_value_are_refused(overrides):
    with pytest.raises(ConfigError):
        chain_config(overrides)


def test_the_runtime_takes_its_media_models_and_chain_from_settings(tmp_path, clock):
    weights = tmp_path / "weights" / "world32-h100"
    weights.mkdir(parents=True)
    (weights / "model_index.json").write_text("{}")
    settings = load_settings({
        "REELWORLD_HOME": str(tmp_path), "REELWORLD_MEDIA_URL": f"memory://rw-{uuid.uuid4().hex}/media",
        "REELWORLD_WEIGHTS_DIR": str(tmp_path / "weights"),
        "REELWORLD_CHAIN": '{"max_queue_for_free": 3, "retry_after_s": 15}',
    })
    runtime = open_runtime(settings, clock=clock, hasher=fast_hasher())
    try:
        assert isinstance(runtime.media, FsspecMediaStore)
        assert [m.name for m in runtime.models.installed()] == ["world32-h100"]
        assert (runtime.chain_config.max_queue_for_free, runtime.chain_config.retry_after_s) == (3, 15)
    finally:
        runtime.close()
