"""The jobs' knobs from Settings: REELWORLD_CHAIN overrides (steps, tiers, capacity),
REELWORLD_MEDIA_URL (a directory or an fsspec URL) and REELWORLD_WEIGHTS_DIR reach the runtime."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize("overrides, message", [
    ({"size": 128}, "Expected `int` >= 256 - at `$.size`"),  # every published video is 256 px or more
    ({"size": 4096}, "Expected `int` <= 1024 - at `$.size`"),
    ({"standard_steps": 0}, "Expected `int` >= 1 - at `$.standard_steps`"),
    ({"high_steps": 5000}, "Expected `int` <= 1000 - at `$.high_steps`"),
    ({"guidance": float("nan")}, "Expected `float` >= 1.0 - at `$.guidance`"),
    ({"remix_strength": 0}, "Expected `float` > 0.0 - at `$.remix_strength`"),
    ({"continuation_frames": 0}, "Expected `int` >= 1 - at `$.continuation_frames`"),
    ({"max_queue_for_free": -1}, "Expected `int` >= 0 - at `$.max_queue_for_free`"),
    ({"retry_after_s": 0}, "Expected `int` >= 1 - at `$.retry_after_s`"),
])
def test_out_of_range_knobs_are_refused_naming_the_knob_and_the_range(overrides, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
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
