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


class _ClipShape(msgspec.Struct):
    """The part of a sample's metadata that says its frames' shape (the rest is not decoded)."""

    width: int
    height: int
    shot_of_frame: tuple[int, ...]  # one entry per frame


def check_dataset(root: str | Path, frames: int, size: int) -> str | None:
    """Check the dataset under `root` against a model of `frames` frames of `size` pixels, from
    its first shard's metadata (no pixels are read), before any training starts.

    Raises DataError when there are no finished shards or their frames are of another size
    (the model cannot take them). Returns a one-line warning when clips of that shard are
    shorter than `frames` (they are padded by holding their last frame: allowed, since a ball
    at rest is a picture the model should learn, but many held frames are likely a config
    mistake), else None.
    """
    first = shard_paths(root)[0]
    try:
        metas = msgspec.json.decode(Path(first).read_bytes(), type=list[_ClipShape])
    except (OSError, msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise DataError(f"{first} is not a world dataset shard ({exc})") from None
    if not metas:
        raise DataError(f"{first} holds no samples")
    shape = (metas[0].height, metas[0].width)
    if shape != (size, size):
        raise DataError(f"the dataset's frames are {shape[0]} x {shape[1]} ({first}), the model "
                        f"wants {size} x {size}: set [model] size = {shape[0]} or make a dataset "
                        f"with --size {size}")
    lengths = sorted(len(m.shot_of_frame) for m in metas)
    short = sum(n < frames for n in lengths)
    if not short:
        return None
    return (f"[model] frames = {frames}, but {short} of {len(lengths)} clips in {Path(first).name} "
            f"are shorter ({lengths[0]} to {lengths[-1]} frames): they are padded by holding "
            "their last frame")


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
