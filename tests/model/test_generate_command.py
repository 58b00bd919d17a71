"""`reelworld generate` end to end around the model: the product's safety checks before sampling
and before writing, damaged weights, outputs that cannot be written, dialogue that cannot be
heard, prompts of several shots, and a quiet stderr. The model is a stand-in where what it
draws does not matter (a model that must not be reached, or one that flashes)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from api.cli import app
from generation.model import backend
from generation.model.backend import ReelworldGenerator

runner = CliRunner()
LONG_DIALOGUE = ('a person in a gym says "I think this is going to be the best shot of the whole season, '
                 'watch me closely now", then "second line here" and "third line too"')


class StandInGenerator:
    """A VideoGenerator of 16 frames at 8 fps that draws `frame(i)` for frame i."""

    fps, frames, size = 8.0, 16, 32

    def __init__(self, frame=None):
        self.frame = frame
        self.calls = 0

    def generate(self, prompts, styles, *, seed, steps, guidance=1.0, progress=None, **conditioning):
        if self.frame is None:
            raise AssertionError("the model was asked to sample")
        self.calls += 1
        clip = np.stack([self.frame(i) for i in range(16)])
        return clip[None].repeat(len(prompts), axis=0)


def _use(monkeypatch, generator) -> None:
    """`generate` loads `generator` whatever --weights says."""
    monkeypatch.setattr(ReelworldGenerator, "from_pretrained", classmethod(lambda cls, *a, **k: generator))


def _flashing(i: int) -> np.ndarray:
    return np.full((32, 32, 3), 255 * (i % 2), np.uint8)


def _scene(i: int) -> np.ndarray:
    """A gym-ish backdrop with a ball moving across it: passes every output check."""
    rng = np.random.default_rng(0)
    frame = np.clip(np.linspace(60, 160, 32)[:, None, None] + rng.normal(0, 3, (32, 32, 3)), 0, 255)
    frame[12:18, 2 + i:8 + i] = (200, 60, 40)
    return frame.astype(np.uint8)


def test_a_prompt_the_classifier_blocks_is_refused_with_exit_3_before_the_model_loads(monkeypatch, tmp_path):
    monkeypatch.setattr(ReelworldGenerator, "from_pretrained",
                        classmethod(lambda cls, *a, **k: pytest.fail("the model was loaded")))
    out = tmp_path / "unsafe.mp4"
    result = runner.invoke(app, ["generate", "a naked child in a pool with a ball", "-o", str(out), "--steps", "1"])
    assert result.exit_code == 3, result.output
    assert "blocked" in result.output and "not allowed" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_a_clip_that_fails_the_output_checks_is_not_written_and_says_which_check(monkeypatch, tmp_path):
    _use(monkeypatch, StandInGenerator(_flashing))
    out = tmp_path / "flashing.mp4"
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(out), "--steps", "1"])
    assert result.exit_code == 3, result.output
    text = " ".join(result.output.split())
    assert "output checks" in text and "flashes" in text and "degenerate" in text
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_clip_that_passes_the_checks_is_written(monkeypatch, tmp_path):
    _use(monkeypatch, StandInGenerator(_scene))
    out = tmp_path / "ok.mp4"
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(out), "--steps", "1"])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "1 shot," in result.output


@pytest.fixture(scope="module")
def tiny_weights(tmp_path_factory) -> Path:
    """A tiny model saved as the exported weights are: a sharded denoiser/ and scheduler/."""
    import torch

    from generation.model.model import VideoDenoiser
    from generation.model.schedulers import training_scheduler
    from tests.model.conftest import TINY

    torch.manual_seed(0)
    out = tmp_path_factory.mktemp("weights")
    VideoDenoiser.from_model_config(TINY).save_pretrained(out / "denoiser", max_shard_size="100KB")
    training_scheduler().save_pretrained(out / "scheduler")
    return out


def _truncate_a_shard(d: Path) -> None:
    shard = sorted((d / "denoiser").glob("*-00002-of-*.safetensors"))[0]
    shard.write_bytes(shard.read_bytes()[: shard.stat().st_size // 2])


def _edit_config(**changes):
    def edit(d: Path) -> None:
        path = d / "denoiser" / "config.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))
    return edit


def _nan_weights(d: Path) -> None:
    from safetensors.torch import load_file, save_file

    shard = sorted((d / "denoiser").glob("*-00001-of-*.safetensors"))[0]
    tensors = load_file(shard)
    name = next(iter(tensors))
    tensors[name] = tensors[name] * float("nan")
    save_file(tensors, shard, metadata={"format": "pt"})


DAMAGE = {
    "a truncated shard": (_truncate_a_shard, "safetensors is damaged or truncated"),
    "config.json not JSON": (lambda d: (d / "denoiser" / "config.json").write_text('{"frames": 16,'),
                             "denoiser/config.json is not valid JSON"),
    "other channels": (_edit_config(channels=[4, 8]), "the weights do not fit denoiser/config.json"),
    "no frames": (_edit_config(frames=0), "the weights do not fit denoiser/config.json"),
    "an empty shard index": (lambda d: (d / "denoiser" / "diffusion_pytorch_model.safetensors.index.json")
                             .write_text(""), "safetensors.index.json is not valid JSON"),
    "a scheduler config not JSON": (lambda d: (d / "scheduler" / "scheduler_config.json").write_text("{"),
                                    "scheduler/scheduler_config.json is not valid JSON"),
    "NaN weights": (_nan_weights, "NaN or infinite"),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_damaged_weights_are_one_line_naming_the_folder_and_exit_2(tiny_weights, tmp_path, damage):
    import shutil

    weights = tmp_path / "weights"
    shutil.copytree(tiny_weights, weights)
    spoil, message = DAMAGE[damage]
    spoil(weights)
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(tmp_path / "x.mp4"),
                                 "--steps", "1", "--weights", str(weights)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert f"cannot load the model in {weights}" in text and message in text, text
    assert "Traceback" not in result.output and not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize("where, message", [
    ("a folder", "is a folder"),
    ("/proc/x.mp4", "cannot write /proc/x.mp4"),
])
def test_an_output_that_cannot_be_written_is_refused_before_the_model_loads(monkeypatch, tmp_path, where, message):
    monkeypatch.setattr(ReelworldGenerator, "from_pretrained",
                        classmethod(lambda cls, *a, **k: pytest.fail("the model was loaded")))
    out = tmp_path / "x.mp4" if where == "a folder" else Path(where)
    if where == "a folder":
        out.mkdir()
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(out), "--steps", "1"])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "ffmpeg" not in result.output


def test_dialogue_longer_than_the_clip_is_refused_before_sampling_with_the_lengths(monkeypatch, tmp_path):
    _use(monkeypatch, StandInGenerator())  # sampling would fail the test
    out = tmp_path / "talk.mp4"
    result = runner.invoke(app, ["generate", LONG_DIALOGUE, "-o", str(out), "--steps", "1"])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert "the quoted lines need 6." in text and "the clip is 2.00 s long (1 shot)" in text
    assert "3 of 3 would be cut off or not heard" in text and "shorter or fewer" in text
    assert not out.exists()


def test_a_prompt_of_three_shots_makes_three_shots_and_says_so(monkeypatch, tmp_path):
    generator = StandInGenerator(_scene)
    _use(monkeypatch, generator)
    out = tmp_path / "three.mp4"
    prompt = 'a red ball bounces in a gym. Cut to a crate slides in the gym. Then the ball rolls, "nice"'
    result = runner.invoke(app, ["generate", prompt, "-o", str(out), "--steps", "1"])
    assert result.exit_code == 0, result.output
    assert generator.calls == 3
    assert "40 frames at 8 fps, 3 shots" in result.output and "1 spoken line" in result.output and "1 spoken lines" not in result.output


def test_a_generator_that_cannot_continue_shots_makes_one_and_says_so(monkeypatch, tmp_path):
    class OneShot(StandInGenerator):
        frames = None  # says no clip length, as a diffusers pipeline does not

    generator = OneShot(_scene)
    monkeypatch.setattr(backend, "DiffusersGenerator", lambda *a, **k: generator)
    (tmp_path / "pipe").mkdir()
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym. Then the ball rolls in the gym",
                                 "-o", str(tmp_path / "one.mp4"), "--steps", "1", "--diffusers",
                                 "--weights", str(tmp_path / "pipe")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "the prompt asks for 2 shots; made 1" in text and "1 shot," in text and generator.calls == 1


def test_loading_the_text_encoder_draws_no_progress_bar(monkeypatch, tiny_weights, tmp_path):
    import recsys.embeddings
    from transformers.utils import logging as transformers_logging

    monkeypatch.setattr(recsys.embeddings, "_shared", None)  # loaded afresh, as in a new process
    transformers_logging.enable_progress_bar()
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(tmp_path / "x.mp4"),
                                 "--steps", "1", "--weights", str(tiny_weights)])
    assert result.exit_code in (0, 3), result.output  # an untrained model's clip may fail the output checks
    assert "Loading weights" not in result.output and "it/s" not in result.output


@pytest.mark.parametrize("option, value, message", [
    ("--steps", "abc", "--steps takes a whole number, got 'abc'"),
    ("--seed", "1e3", "--seed takes a whole number, got '1e3'"),
    ("--size", "256.5", "--size takes a whole number, got '256.5'"),
    ("--guidance", "lots", "--guidance takes a number, got 'lots'"),
    ("--strength", "half", "--strength takes a number, got 'half'"),
])
def test_a_numeric_option_that_is_not_a_number_is_one_line_and_exit_2(monkeypatch, tmp_path, option, value, message):
    monkeypatch.setattr(ReelworldGenerator, "from_pretrained",
                        classmethod(lambda cls, *a, **k: pytest.fail("the model was loaded")))
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(tmp_path / "x.mp4"),
                                 option, value])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == f"error: {message}"  # no usage, no box, no traceback


class StyleRecorder(StandInGenerator):
    """The stand-in that also records the style of each shot it is asked for."""

    def generate(self, prompts, styles, **kwargs):
        self.styles = list(styles)
        return super().generate(prompts, styles, **kwargs)


def test_a_style_is_read_in_any_case_and_an_unknown_one_is_refused(monkeypatch, tmp_path):
    generator = StyleRecorder(_scene)
    _use(monkeypatch, generator)
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(tmp_path / "x.mp4"),
                                 "--steps", "1", "--style", " Anime "])
    assert result.exit_code == 0, result.output
    assert generator.styles == ["anime"]
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(tmp_path / "y.mp4"),
                                 "--steps", "1", "--style", "Vaporwave"])
    assert result.exit_code == 2, result.output
    assert "unknown style 'Vaporwave'; choose from realistic, cinematic, anime" in " ".join(result.output.split())
