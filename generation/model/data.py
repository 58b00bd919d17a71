"""Training data: the world dataset's shards streamed through Ray Data as model-ready rows.

A row holds the clip fitted to the model's length (uint8, T x H x W x 3), its caption, style
index and appearance code. Shards are read lazily by Ray Data tasks, so the same code streams
from a local folder here or from shared storage on a cluster. Must not import the model's
weights or Ray Train.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import numpy as np

from generation.model.conditioning import fit_frames, plan_appearance, shots_fit, style_index
from generation.world.sample import SampleMeta


class DataError(ValueError):
    """The dataset folder is missing, empty, or of another resolution."""


def shard_paths(root: str | Path, limit: int | None = None) -> list[str]:
    """Finished shards (their JSON marks them done) under `root`, sorted. Raises DataError."""
    paths = sorted(str(p) for p in Path(root).glob("shard-*.json"))
    if not paths:
        raise DataError(f"no finished shards in {root}; run `reelworld world dataset` first")
    return paths[:limit] if limit else paths


def shard_rows(json_path: str, frames: int, size: int) -> list[dict]:
    """The rows of one shard, fitted to `frames` frames of `size` pixels. A multi-shot sample
    whose later shots the fit would cut off is left out: its caption tells of shots its
    frames do not show."""
    metas = msgspec.json.decode(Path(json_path).read_bytes(), type=list[SampleMeta])
    rows = []
    with np.load(Path(json_path).with_suffix(".npz")) as arrays:
        for j, meta in enumerate(metas):
            clip = arrays[f"frames_{j}"]
            if clip.shape[1:3] != (size, size):
                raise DataError(f"{json_path}: frames are {clip.shape[1:3]}, model wants {size}")
            if not shots_fit(meta.plan, meta.fps, frames):
                continue
            rows.append({"frames": fit_frames(clip, frames), "caption": meta.caption,
                         "style": style_index(meta.plan.style),
                         "appearance": plan_appearance(meta.plan)})
    return rows


def world_dataset(root: str | Path, frames: int, size: int, limit: int | None = None):
    """A Ray Dataset of rows from the shards under `root` (read lazily, one task per shard)."""
    import ray

    paths = shard_paths(root, limit)
    ds = ray.data.from_items([{"path": p} for p in paths], override_num_blocks=len(paths))
    return ds.flat_map(lambda row: shard_rows(row["path"], frames, size))
