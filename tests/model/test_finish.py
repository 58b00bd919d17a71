"""The style's finishing pass: the anime style's speckle averaged out of its flat colours,
edges and shapes kept, other styles untouched; in the pipeline, on by default, never on known
frames."""

from __future__ import annotations

import numpy as np
import torch

from generation.model.finish import finish, flatten_cel


def _cel_frame(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """(a speckled 16-frame cel clip: wall, floor and a 4 x 4 red ball; the same without speckle)."""
    clean = np.zeros((16, 32, 32, 3), np.uint8)
    clean[:, :20] = (90, 140, 200)
    clean[:, 20:] = (200, 160, 90)
    for t in range(16):
        clean[t, 8 + t // 2: 12 + t // 2, 4 + t: 8 + t] = (220, 40, 40)
    speckle = rng.integers(-4, 5, clean.shape)
    return np.clip(clean.astype(int) + speckle, 0, 255).astype(np.uint8), clean


def test_the_speckle_goes_and_the_edges_and_the_ball_stay():
    noisy, clean = _cel_frame(np.random.default_rng(0))
    flat = flatten_cel(noisy)
    assert flat.shape == noisy.shape and flat.dtype == np.uint8
    steps = lambda clip: float((np.abs(np.diff(clip.astype(np.float32).mean(axis=-1), axis=1)) >= 0.9).mean())  # noqa: E731
    assert steps(noisy) > 0.6 and steps(flat) < 0.3, "row-to-row steps: the style check's grain"
    assert np.abs(flat.astype(int) - clean).mean() < np.abs(noisy.astype(int) - clean).mean() / 2
    ball = (clean == (220, 40, 40)).all(axis=-1)
    red = (np.abs(flat.astype(int) - (220, 40, 40)).max(axis=-1) <= 6)
    assert (red == ball).mean() > 0.995, "the ball keeps its shape and place in every frame"


def test_only_anime_clips_are_finished():
    noisy, _ = _cel_frame(np.random.default_rng(1))
    clips = np.stack([noisy, noisy, noisy])
    out = finish(clips, ["realistic", "anime", None])
    assert np.array_equal(out[0], noisy) and np.array_equal(out[2], noisy)
    assert np.array_equal(out[1], flatten_cel(noisy)) and np.array_equal(clips[1], noisy), "a copy"
    assert finish(clips, ["cinematic", "realistic", "realistic"]) is clips


def test_the_pipeline_finishes_anime_clips_and_keeps_known_frames(tiny_pipeline):
    def sample(finished: bool, **kw) -> np.ndarray:
        tiny_pipeline.finish = finished
        return tiny_pipeline(["a ball", "a ball"], ["anime", "realistic"], generator=torch.Generator().manual_seed(3),
                             steps=5, guidance=1.0, **kw)

    raw, done = sample(False), sample(True)
    assert np.array_equal(done[0], flatten_cel(raw[0])) and np.array_equal(done[1], raw[1])
    known = np.full_like(raw, 128)
    known[:, 0] = np.random.default_rng(2).integers(0, 255, known[:, 0].shape)
    mask = np.zeros(raw.shape[:2], np.float32)
    mask[:, 0] = 1
    continued = sample(True, known=known, known_mask=mask)
    assert np.array_equal(continued[:, 0], known[:, 0]), "a continuation's known frames are kept exactly"
