"""The denoiser: shapes, conditioning that matters, and the diffusers save/load layout."""

from __future__ import annotations

import torch

from generation.model.model import APPEARANCE_DIM, NULL_STYLE, VideoDenoiser
from tests.model.conftest import TINY


def _inputs(b: int = 2, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(b, TINY.frames, 3, TINY.size, TINY.size, generator=g)
    return dict(noisy=x, timestep=torch.tensor([10, 500]), text=torch.randn(b, 384, generator=g),
                style=torch.tensor([0, NULL_STYLE]), appearance=torch.zeros(b, APPEARANCE_DIM),
                known=torch.zeros_like(x), known_mask=torch.zeros(b, TINY.frames))


def test_prediction_has_the_shape_of_the_noisy_clip(tiny_denoiser):
    out = tiny_denoiser(**_inputs())
    assert out.shape == (2, TINY.frames, 3, TINY.size, TINY.size)


def test_text_style_appearance_and_known_frames_each_change_the_prediction(tiny_denoiser):
    # zero-initialised layers would make a conditioning slot dead; every slot must matter
    base = _inputs()
    ref = tiny_denoiser(**base)
    changes = {
        "text": torch.randn(2, 384),
        "style": torch.tensor([2, 1]),
        "appearance": torch.ones(2, APPEARANCE_DIM),
        "known_mask": torch.ones(2, TINY.frames),
    }
    for name, value in changes.items():
        with torch.no_grad():
            out = tiny_denoiser(**{**base, name: value, "known": torch.ones_like(base["known"])}
                                if name == "known_mask" else {**base, name: value})
        assert not torch.allclose(out, ref), name


def test_save_pretrained_writes_the_diffusers_layout_and_reloads_identically(tiny_denoiser, tmp_path):
    tiny_denoiser.save_pretrained(tmp_path)
    assert (tmp_path / "config.json").exists()
    assert (tmp_path / "diffusion_pytorch_model.safetensors").exists()
    again = VideoDenoiser.from_pretrained(tmp_path).eval()
    with torch.no_grad():
        assert torch.equal(again(**_inputs()), tiny_denoiser(**_inputs()))


def test_loading_sharded_weights_draws_no_progress_bar(capfd):
    from diffusers.utils import logging as diffusers_logging

    from generation.model.checkpoints import load_denoiser

    diffusers_logging.enable_progress_bar()
    model, sched = load_denoiser("generation/weights/world32-h100")  # three shards
    out, err = capfd.readouterr()
    assert "Loading checkpoint shards" not in out + err and "it/s" not in out + err
    assert diffusers_logging.is_progress_bar_enabled()  # other code's bars are untouched
    assert next(model.parameters()).dtype == torch.float32 and sched
