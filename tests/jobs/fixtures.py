"""Shared by the jobs and API tests: a runtime whose chain samples with a tiny, randomly
initialised Reelworld denoiser built from config (the real code path, untrained weights), and
a test double of the VideoGenerator port whose clip strobes, to prove that output safety holds.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import torch

from api.runtime import Runtime, open_runtime
from events import ManualClock
from generation.jobs import ChainConfig
from generation.model.backend import ReelworldGenerator
from generation.model.model import VideoDenoiser, VideoDiffusionConfig
from generation.model.pipeline import ReelworldPipeline
from generation.model.schedulers import training_scheduler
from social import TestModeGateway
from tests.fixtures_db import fast_hasher, make_settings

TINY = VideoDiffusionConfig(frames=6, size=16, channels=(8, 16), layers_per_block=1,
                            attention_head_dim=8, norm_groups=4)
FAST = ChainConfig(standard_steps=2, high_steps=3, size=64, guidance=1.0, model="reelworld-tiny-untrained")


def tiny_generator(text_encoder) -> ReelworldGenerator:
    torch.manual_seed(0)
    denoiser = VideoDenoiser.from_model_config(TINY).eval()
    return ReelworldGenerator(ReelworldPipeline(denoiser, dict(training_scheduler().config), text_encoder))


class StrobeGenerator:
    """Test double: a clip that alternates black and white frames (many flashes a second)."""

    fps = 8.0

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None):
        clip = np.zeros((len(prompts), 16, 16, 16, 3), np.uint8)
        clip[:, ::2] = 255
        return clip


def chain_runtime(tmp_path: Path, clock: ManualClock, generator, *, url: str | None = None,
                  **overrides) -> Runtime:
    """A runtime on SQLite under tmp_path (or on `url`) whose chain samples with `generator`."""
    settings = make_settings(tmp_path, url or f"sqlite:///{tmp_path / 'jobs.db'}", **overrides)
    return open_runtime(settings, clock=clock, gateway=TestModeGateway(), hasher=fast_hasher(),
                        generator=lambda: generator, chain_config=FAST, rng=random.Random(7))


def tiny_model() -> ReelworldGenerator:
    """The tiny untrained generator, built where it is called (a Serve replica)."""
    from generation.model.text import TextEncoder

    return tiny_generator(TextEncoder())
