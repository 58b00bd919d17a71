"""Finishing passes on sampled frames, chosen by style: what a style's look asks of every clip
that the model does not yet give it.

Cel animation (the `anime` style) is flat colour bands with hard edges; the model's clips carry
a speckle of about 3-4 levels (its error at middle noise levels, kept as picture by the later
steps: generation/weights/world32-h100/README.md), which reads as a photograph's grain.
`flatten_cel` removes it with Lee's sigma filter (1983): each pixel becomes the mean of those of
its 3 x 3 neighbourhood within `threshold` levels of it on every channel, `passes` times. Edges
(a ball against the floor, the floor against the wall) differ by far more than the threshold,
so shapes and positions stay where the model put them; only the speckle inside flat regions
goes. Chosen on the 200 validation prompts (25 steps, one clip; physics / adherence /
cross-shot): 72.1 / 75.4 / 63.9 without it, 72.6 / 79.8 / 63.9 with threshold 10 and 2 passes
(style failures 54 -> 0, objects 119 -> 120); 8 / 3 and 12 / 3 gave the same within noise.
Realistic and cinematic clips are left as sampled: grain is part of their look.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

CEL_THRESHOLD = 10.0
"""Levels (0-255) within which a neighbour counts as the same flat colour."""
CEL_PASSES = 2


def flatten_cel(frames: np.ndarray, threshold: float = CEL_THRESHOLD, passes: int = CEL_PASSES) -> np.ndarray:
    """uint8 frames (..., H, W, 3) with the speckle inside flat colour regions averaged away
    (the module docstring); the same shape and dtype."""
    x = np.asarray(frames, dtype=np.float32)
    h, w = x.shape[-3], x.shape[-2]
    pad = [(0, 0)] * (x.ndim - 3) + [(1, 1), (1, 1), (0, 0)]
    for _ in range(passes):
        p = np.pad(x, pad, mode="edge")
        total = np.zeros_like(x)
        count = np.zeros(x.shape[:-1] + (1,), np.float32)
        for dy in range(3):
            for dx in range(3):
                n = p[..., dy:dy + h, dx:dx + w, :]
                near = (np.abs(n - x).max(axis=-1, keepdims=True) <= threshold).astype(np.float32)
                total += n * near
                count += near  # the pixel itself always counts: never zero
        x = total / count
    return np.clip(np.rint(x), 0, 255).astype(np.uint8)


def finish(clips: np.ndarray, styles: Sequence[str | None]) -> np.ndarray:
    """Each clip (B, T, H, W, 3) finished for its style (a copy where any changed)."""
    if "anime" not in styles:
        return clips
    out = np.array(clips, copy=True)
    for i, style in enumerate(styles):
        if style == "anime":
            out[i] = flatten_cel(clips[i])
    return out
