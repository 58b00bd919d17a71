"""The model catalog and the tier -> (model, steps) mapping: read from the checkpoints on disk,
so a larger checkpoint dropped in serves `pro` from then on; old events keep their meaning."""

from __future__ import annotations

import msgspec
import pytest

from events.generation import GenerationRequested, PromptRewritten
from generation.jobs import ChainConfig, UnknownModel, WeightsCatalog, choose_model
from generation.jobs.errors import ModelUnavailable
from generation.jobs.sampling import sampling_request
from generation.jobs.state import GenerationState

CONFIG = ChainConfig(standard_steps=20, high_steps=40, default_model="world32")


def _install(root, name: str, weight_bytes: int) -> None:
    folder = root / name / "denoiser"
    folder.mkdir(parents=True)
    (root / name / "model_index.json").write_text("{}")
    (folder / "diffusion_pytorch_model.safetensors").write_bytes(b"\0" * weight_bytes)


def test_pro_takes_the_largest_checkpoint_installed_when_asked(tmp_path):
    catalog = WeightsCatalog(tmp_path)
    _install(tmp_path, "world32", 100)
    (tmp_path / "notes").mkdir()  # a folder without model_index.json is no model
    assert [m.name for m in catalog.installed()] == ["world32"]
    assert choose_model(catalog, CONFIG, "standard", None) == ("world32", 20)
    assert choose_model(catalog, CONFIG, "pro", None) == ("world32", 40)  # more steps on the one model
    _install(tmp_path, "world32-h100", 500)
    assert choose_model(catalog, CONFIG, "pro", None) == ("world32-h100", 40)
    assert choose_model(catalog, CONFIG, "high", None) == ("world32-h100", 40)
    assert choose_model(catalog, CONFIG, "standard", None) == ("world32", 20)
    assert choose_model(catalog, CONFIG, "pro", "world32") == ("world32", 40)
    assert catalog.path("world32-h100") == tmp_path / "world32-h100"


def test_an_unknown_model_names_the_known_ones(tmp_path):
    _install(tmp_path, "world32", 10)
    with pytest.raises(UnknownModel) as caught:
        choose_model(WeightsCatalog(tmp_path), CONFIG, "standard", "world64")
    assert caught.value.possible == ("world32",) and "world32" in caught.value.detail
    with pytest.raises(ModelUnavailable):
        choose_model(WeightsCatalog(tmp_path / "empty"), CONFIG, "standard", None)


def test_the_committed_world32_checkpoint_is_found():
    from generation.jobs.components import WEIGHTS_ROOT

    names = [m.name for m in WeightsCatalog(WEIGHTS_ROOT).installed()]
    assert "world32" in names


def test_a_generation_recorded_before_models_had_names_samples_as_it_did():
    old = msgspec.json.encode({
        "type": "GenerationRequested", "generation_id": "g", "user_id": "u", "prompt": "a ball drops",
        "style": None, "characters": [], "remix_of": None, "shots": 1, "tier": "high", "seed": 3,
        "teen": False, "reservation": "free",
    })
    requested = msgspec.json.decode(old, type=GenerationRequested)
    state = GenerationState(request=requested, version=1, rewrite=PromptRewritten(
        generation_id="g", plan={"style": "anime", "shots": [{}]}, caption="a ball drops", expanded=False,
        unmapped=()))
    request = sampling_request(state, CONFIG)
    assert (request.model, request.steps, request.style, request.captions) == ("world32", 40, "anime", ("a ball drops",))


def test_the_catalog_knows_each_checkpoints_clip_length_without_loading_it(tmp_path):
    import json

    _install(tmp_path, "unsaid", 10)  # no denoiser/config.json
    _install(tmp_path, "world16", 10)
    (tmp_path / "world16" / "denoiser" / "config.json").write_text(json.dumps({"frames": 16, "size": 32}))
    info = {m.name: m for m in WeightsCatalog(tmp_path).installed()}
    assert (info["world16"].frames, info["unsaid"].frames) == (16, None)


def test_a_damaged_checkpoint_is_an_unavailable_model_not_a_crash(tmp_path):
    import shutil

    from generation.jobs.components import WEIGHTS_ROOT, reelworld_generator

    damaged = tmp_path / "world32"
    shutil.copytree(WEIGHTS_ROOT / "world32", damaged)
    (damaged / "denoiser" / "config.json").write_text("{not json")
    with pytest.raises(ModelUnavailable, match="cannot load the model"):
        reelworld_generator(damaged)
