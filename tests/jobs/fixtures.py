"""Shared by the jobs and API tests: a runtime whose chain samples with a tiny, randomly
initialised Reelworld denoiser built from config (the real code path, untrained weights), and
a test double of the VideoGenerator port whose clip strobes, to prove that output safety holds.

An untrained denoiser's frames are flat (the output check rightly calls them degenerate), so
the tiny generator lays a smooth scene-like ramp over the frames it makes (`Textured`): the
chain then has a clip worth publishing while every step still runs the real pipeline.
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
FAST = ChainConfig(standard_steps=2, high_steps=3, size=64, guidance=1.0, default_model="reelworld-tiny-untrained")


def tiny_generator(text_encoder) -> Textured:
    torch.manual_seed(0)
    denoiser = VideoDenoiser.from_model_config(TINY).eval()
    return Textured(ReelworldGenerator(ReelworldPipeline(denoiser, dict(training_scheduler().config), text_encoder)))


def ramp(frames: int, size: int, low: float = 40.0, high: float = 200.0) -> np.ndarray:
    """(frames, size, size, 3) float: a diagonal brightness ramp, smooth like a lit scene."""
    axis = np.linspace(0.0, 1.0, size, dtype=np.float32)
    plane = low + (high - low) * (axis[:, None] + axis[None, :]) / 2
    return np.broadcast_to(plane[None, :, :, None], (frames, size, size, 3)).copy()


class Wrapped:
    """A generator around another: the same clip shape and frame rate, and the rest of it (its
    pipeline) reached through."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.fps = inner, inner.fps

    @property
    def frames(self) -> int:
        return self.inner.frames

    @property
    def size(self) -> int:
        return self.inner.size

    def __getattr__(self, name: str):  # noqa: ANN204
        if name == "inner":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)


class Textured(Wrapped):
    """The wrapped generator's clips with a smooth ramp laid over the frames it made (70%);
    frames given as `known` stay exactly as given."""

    def generate(self, prompts, styles, *, known=None, known_mask=None, **kwargs):
        clips = self.inner.generate(prompts, styles, known=known, known_mask=known_mask, **kwargs)
        made = np.ones(clips.shape[:2], bool) if known_mask is None else np.asarray(known_mask) <= 0
        texture = ramp(clips.shape[1], clips.shape[2])
        for b in range(len(clips)):
            blended = 0.3 * clips[b].astype(np.float32) + 0.7 * texture
            clips[b][made[b]] = np.clip(blended[made[b]], 0, 255).astype(np.uint8)
        return clips


class StrobeGenerator:
    """Test double: a clip that alternates dark and bright frames (many flashes a second)."""

    fps = 8.0

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None):
        clip = ramp(16, 16, 10.0, 60.0)[None].repeat(len(prompts), axis=0)
        clip[:, ::2] += 190.0
        return clip.astype(np.uint8)


def chain_runtime(tmp_path: Path, clock: ManualClock, generator, *, url: str | None = None,
                  models=None, media=None, chain: ChainConfig = FAST, **overrides) -> Runtime:  # noqa: ANN001
    """A runtime on SQLite under tmp_path (or on `url`) whose chain samples with `generator`
    (or with `models`, a catalog of several), configured by `chain`."""
    settings = make_settings(tmp_path, url or f"sqlite:///{tmp_path / 'jobs.db'}", **overrides)
    return open_runtime(settings, clock=clock, gateway=TestModeGateway(), hasher=fast_hasher(),
                        generator=lambda: generator, chain_config=chain, rng=random.Random(7),
                        models=models, media=media)


def tiny_model() -> ReelworldGenerator:
    """The tiny untrained generator, built where it is called (a Serve replica)."""
    from generation.model.text import TextEncoder

    return tiny_generator(TextEncoder())


class RecordingGenerator(Wrapped):
    """Wraps a generator and keeps every call's captions, seed, steps and conditioning."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        super().__init__(inner)
        self.calls = []

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None, **conditioning):
        clips = self.inner.generate(prompts, styles, seed=seed, steps=steps, guidance=guidance,
                                    progress=progress, **conditioning)
        self.calls.append({"prompts": list(prompts), "styles": list(styles), "seed": seed, "steps": steps,
                           "conditioning": conditioning, "clips": clips})
        return clips


class SmoothGenerator:
    """Test double that keeps the VideoGenerator contract for conditioning: frames under
    `known_mask` are the `known` frames; the rest brighten slowly from the last of them (or from
    a grey drawn with the seed), so a clip never flashes and output safety passes."""

    fps, frames, size = 8.0, 6, 16

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None, known=None,
                 known_mask=None, init=None, strength=0.6, appearance=None):
        clips = np.zeros((len(prompts), self.frames, self.size, self.size, 3), np.uint8)
        for b in range(len(prompts)):
            level = 60.0 + seed % 50
            for t in range(self.frames):
                if known_mask is not None and known_mask[b][t] > 0:
                    clips[b, t] = known[b, t]
                    level = float(known[b, t].mean())
                else:
                    level += 2.0
                    clips[b, t] = np.clip(ramp(1, self.size, level - 30, level + 30)[0], 0, 255).astype(np.uint8)
        return clips
