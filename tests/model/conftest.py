"""Tiny components built from config (diffusers style) and a tiny world dataset on disk."""

from __future__ import annotations

import pytest
import torch

from generation.model.model import VideoDenoiser, VideoDiffusionConfig
from generation.model.schedulers import training_scheduler

TINY = VideoDiffusionConfig(frames=6, size=16, channels=(8, 16), layers_per_block=1,
                            attention_head_dim=8, norm_groups=4)


@pytest.fixture
def tiny_denoiser() -> VideoDenoiser:
    torch.manual_seed(0)
    return VideoDenoiser.from_model_config(TINY).eval()


@pytest.fixture(scope="session")
def text_encoder():
    from generation.model.text import TextEncoder

    return TextEncoder()


@pytest.fixture
def tiny_pipeline(tiny_denoiser, text_encoder):
    from generation.model.pipeline import ReelworldPipeline

    return ReelworldPipeline(tiny_denoiser, dict(training_scheduler().config), text_encoder)


@pytest.fixture(scope="session")
def world_shards(tmp_path_factory):
    """Two finished shards of the world dataset, 32 x 32 at 8 fps (written by its own code)."""
    from generation.world.dataset import DatasetConfig, write_shard

    out = tmp_path_factory.mktemp("world32")
    cfg = DatasetConfig(n=6, out=str(out), size=32, fps=8.0, shard_size=3)
    for k in range(2):
        write_shard(k, cfg)
    return out
