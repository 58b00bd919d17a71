"""The world dataset as a Ray Data job: samples written in shards, resumable.

Shard k holds samples k * shard_size ... (k + 1) * shard_size - 1; sample i is scenario
i mod (number of families) drawn with seed i, so a dataset is reproducible from (n, size, fps).
A shard is `shard-XXXXX.npz` (frames_j, audio_j) plus `shard-XXXXX.json` (the SampleMeta list),
each written to a temporary name and renamed; the JSON goes last and marks the shard done, so an
interrupted job redoes only unfinished shards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import msgspec
import numpy as np

from generation.world.sample import SampleMeta, meta_encoder

SHARD_SIZE = 16
HELD_OUT_SEED = 1_000_000
"""Evaluation draws seeds from here on; training data (this job, the GPU trainer) stays below."""


class DatasetConfig(msgspec.Struct, frozen=True):
    """What to make: n samples of size x size pixels at fps, shard_size per shard; with
    `shots_within`, a multi-shot sample's cuts fall in its first that many frames (the clip
    length of the model it feeds, so that its shots are all seen)."""

    n: int
    out: str
    size: int = 64
    fps: float = 24.0
    shard_size: int = SHARD_SIZE
    multi_shot_every: int = 4
    shots_within: int = 0


def shard_name(k: int) -> str:
    return f"shard-{k:05d}"


def pending_shards(cfg: DatasetConfig) -> list[int]:
    """Shards not yet finished in cfg.out."""
    total = -(-cfg.n // cfg.shard_size)
    return [k for k in range(total) if not (Path(cfg.out) / f"{shard_name(k)}.json").exists()]


def write_shard(k: int, cfg: DatasetConfig) -> int:
    """Generate and write shard `k`; returns how many samples it holds."""
    from generation.world.generate import generate
    from generation.world.scenarios import all_families

    names = list(all_families())
    lo, hi = k * cfg.shard_size, min(cfg.n, (k + 1) * cfg.shard_size)
    arrays, metas = {}, []
    for j, i in enumerate(range(lo, hi)):
        s = _sample(i, cfg, names, generate)
        arrays[f"frames_{j}"], arrays[f"audio_{j}"] = s.frames, s.audio
        metas.append(s.meta)
    out = Path(cfg.out)
    tmp = out / f".{shard_name(k)}.tmp.npz"
    np.savez_compressed(tmp, **arrays)
    os.replace(tmp, out / f"{shard_name(k)}.npz")
    tmp_json = out / f".{shard_name(k)}.tmp.json"
    tmp_json.write_bytes(meta_encoder.encode(metas))
    os.replace(tmp_json, out / f"{shard_name(k)}.json")
    return hi - lo


RESTAGE_ATTEMPTS = 8


def _restage_seed(i: int, attempt: int) -> int:
    """The seed of sample `i`'s `attempt`-th staging: `i` first, then seeds derived from it that
    stay on the training side of HELD_OUT_SEED when `i` does (the evaluation's seeds are never
    drawn for training, not even for another family)."""
    seed = i + attempt * 1_000_003
    return seed % HELD_OUT_SEED if i < HELD_OUT_SEED else seed


def _sample(i: int, cfg: DatasetConfig, names: list[str], generate: Callable):
    """Sample `i`: its family and seed, or, when that draw cannot be staged at this size, the
    next family with a derived seed (deterministic, so a resumed shard is the same shard)."""
    from generation.world.generate import ScenarioError

    shots = 2 + i % 3 if cfg.multi_shot_every and i % cfg.multi_shot_every == cfg.multi_shot_every - 1 else 1
    for attempt in range(RESTAGE_ATTEMPTS):
        name = names[(i + attempt) % len(names)]
        try:
            return generate(name, _restage_seed(i, attempt), width=cfg.size, height=cfg.size, fps=cfg.fps,
                            n_shots=shots, shots_within=cfg.shots_within or None)
        except ScenarioError:
            continue
    raise ScenarioError(f"sample {i}: no scenario could be staged at {cfg.size} px in {RESTAGE_ATTEMPTS} tries")


def run_dataset(cfg: DatasetConfig, on_shard: Callable[[int], None] | None = None) -> int:
    """Write every pending shard with Ray Data (one task per shard); `on_shard(n_samples)` is
    called as each shard finishes. Returns the number of samples written in this run."""
    import ray

    Path(cfg.out).mkdir(parents=True, exist_ok=True)
    pending = pending_shards(cfg)
    if not pending:
        return 0
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ds = ray.data.from_items([{"shard": k} for k in pending], override_num_blocks=len(pending))
    ds = ds.map(lambda row: {"shard": row["shard"], "count": write_shard(row["shard"], cfg)})
    written = 0
    for row in ds.iter_rows():
        written += int(row["count"])
        if on_shard is not None:
            on_shard(int(row["count"]))
    return written


def read_shards(out: str | Path) -> Iterator[tuple[SampleMeta, np.ndarray, np.ndarray]]:
    """Every finished sample in `out`: (meta, frames, audio), shard by shard."""
    decoder = msgspec.json.Decoder(list[SampleMeta])
    for js in sorted(Path(out).glob("shard-*.json")):
        metas = decoder.decode(js.read_bytes())
        with np.load(js.with_suffix(".npz")) as arrays:
            for j, meta in enumerate(metas):
                yield meta, arrays[f"frames_{j}"], arrays[f"audio_{j}"]
