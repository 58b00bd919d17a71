"""Single-process training fed straight from the simulator: for a GPU machine without Ray.

`reelworld train` (Ray Train + Ray Data over dataset shards) is the project's trainer. This one
exists for a lent accelerator that has PyTorch but no Ray and no room for a dataset: worker
processes (`feed.py`) draw world samples (the same `_sample` the dataset job uses, so the same families,
seeds and multi-shot share as `reelworld world dataset`) and the trainer keeps them in a replay
buffer on the device, drawing each batch uniformly from it while the buffer fills. The loss, the
EMA, the optimizer and the checkpoint layout are `train.py`'s.

    python -m generation.model.train_stream --config generation/configs/world32-h100.toml \
        --device cuda --minutes 7 --workers 14 --out OUT [--text-encoder DIR] \
        [--init-from generation/weights/world32-h100] [--batch-size B] [--lr LR] [--cooldown F]

Writes OUT/<run name>/ (the diffusers layout of `checkpoints.py`, EMA weights) every
`--save-every` seconds and at the end, OUT/log.jsonl (loss, seconds per step, clips made) and
OUT/figures.json (throughput). Seeds stay below the evaluation's held-out range (1,000,000).

`--minutes` is wall clock from the start, the producers' first fill included: the lent-GPU
scripts (bench/gpu_continue.sh) budget a session by wall clock and stop the trainer with SIGINT
at `--minutes` plus 45 s. A run whose producers never fill `--min-fill` clips in that time
trains no step: it saves nothing and exits 1 (raise --minutes or --workers). The first NaN or
infinite loss (checked at each log row, where the device is synchronised anyway, and before each
save) ends the run with exit 1; nothing non-finite is saved. A SIGINT ends it as the time limit
does, weights saved.

`--init-from` continues from exported weights (EMA only, so the optimizer starts afresh and
warms up again): the step count and the EMA's decay go on from the weights' recorded step, and
the producers start after the seeds those weights were trained on.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import multiprocessing as mp
import time
from pathlib import Path

import msgspec
import numpy as np
import torch

from generation.model.checkpoints import NonFiniteError, check_finite_weights
from generation.model.config import (ConfigError, ModelSection, TrainConfig, load_config,
                                     model_differences, validate)
from generation.model.feed import QUEUE, Feed
from generation.model.model import VideoDenoiser
from generation.model.train import _lr, check_finite_loss, diffusion_loss
from generation.world.dataset import HELD_OUT_SEED


class InitError(ValueError):
    """--init-from names weights this run cannot start from (none there, or another model)."""


class NoStepsError(RuntimeError):
    """The run ended before its first training step: there is nothing trained to save."""


def initial_weights(path: Path, cfg: TrainConfig) -> tuple[dict[str, torch.Tensor], dict]:
    """(float32 denoiser weights, training record) of the weights folder `path` (the diffusers
    layout, e.g. generation/weights/world32-h100), for a run of `cfg`.

    The record is model_index.json (step, config, clips_made ...) with figures.json's numbers
    under it where model_index.json lacks them. Raises InitError when `path` holds no denoiser
    or one whose model config differs from cfg's [model] section.
    """
    from generation.model.checkpoints import load_denoiser

    path = Path(path)
    try:
        model, _ = load_denoiser(path)
    except FileNotFoundError as exc:
        raise InitError(f"--init-from: {exc}") from None
    record = {}
    for name in ("figures.json", "model_index.json"):  # model_index.json wins
        if (path / name).exists():
            record.update(json.loads((path / name).read_text()))
    saved = record.get("config", {}).get("model") or {
        k: model.config[k] for k in ModelSection.__struct_fields__}
    diff = model_differences(saved, cfg.model)
    if diff:
        raise InitError(f"--init-from {path}: the weights are another model than the config's "
                        f"[model]: {'; '.join(diff)}")
    return model.state_dict(), record


def recorded_step(record: dict) -> int:
    """The step the weights reached: model_index.json's `step`, else figures.json's, else 0."""
    return int(record.get("step", record.get("steps", 0)))


def seeds_after(record: dict) -> int:
    """Where a continued run's producers start: past every seed the weights were trained on.

    Runs record `next_seed`; for older ones, `clips_made` plus a queue's worth (the most the
    producers can be ahead of the trainer), rounded up to 10,000.
    """
    if "next_seed" in record:
        return int(record["next_seed"])
    ahead = int(record.get("first_seed", 0)) + int(record.get("clips_made", 0)) + QUEUE
    return math.ceil(ahead / 10_000) * 10_000


def stream_lr(steps: int, cfg: TrainConfig, left: float) -> float:
    """The learning rate after `steps` steps of this run with `left` (0-1) of its training time
    to go: warm-up from the first step (a fresh optimizer, also after --init-from), then, in
    the last `cooldown` share of the time, a linear fall to 0 (the last weights are the ones kept)."""
    lr = _lr(steps, cfg)
    if cfg.train.cooldown > 0:
        lr *= min(1.0, max(0.0, left) / cfg.train.cooldown)
    return lr


class Replay:
    """Clips on the device: uint8 frames, text vectors, style and appearance; ring-overwritten."""

    def __init__(self, capacity: int, frames: int, size: int, text_dim: int, app_dim: int, device):
        self.frames = torch.zeros((capacity, frames, 3, size, size), dtype=torch.uint8, device=device)
        self.text = torch.zeros((capacity, text_dim), device=device)
        self.style = torch.zeros(capacity, dtype=torch.long, device=device)
        self.app = torch.zeros((capacity, app_dim), device=device)
        self.capacity, self.count, self.device = capacity, 0, device

    def add(self, frames, text, style, app) -> None:
        """Rows in: frames (N, T, H, W, 3) uint8, text, style, appearance, as numpy arrays or CPU
        tensors. From pinned tensors the copies do not wait for the device's queued work."""
        n = len(frames)
        idx = torch.arange(self.count, self.count + n, device=self.device) % self.capacity

        def put(x):
            return torch.as_tensor(x).to(self.device, non_blocking=True)

        self.frames[idx] = put(frames).permute(0, 1, 4, 2, 3)
        self.text[idx] = put(text)
        self.style[idx] = put(style)
        self.app[idx] = put(app)
        self.count += n

    def batch(self, b: int, gen: torch.Generator) -> dict[str, torch.Tensor]:
        hi = min(self.count, self.capacity)
        idx = torch.randint(0, hi, (b,), generator=gen, device=gen.device).to(self.device)
        return {"frames": self.frames[idx].float() / 127.5 - 1.0, "text": self.text[idx],
                "style": self.style[idx], "appearance": self.app[idx]}


def save(out: Path, model: VideoDenoiser, ema, step: int, cfg: TrainConfig, extra: dict,
         shard_mb: int = 15) -> None:
    """EMA weights (float16) in the diffusers layout, in safetensors shards of at most `shard_mb` MB."""
    from generation.model.checkpoints import write_pipeline_files

    params = list(model.parameters())
    ema.store(params)
    ema.copy_to(params)
    half = copy.deepcopy(model).to("cpu", torch.float16)  # float16 files; loaded as float32
    ema.restore(params)
    check_finite_weights(half, step, "EMA weights (as float16)")  # raises NonFiniteError
    tmp = out.with_name(out.name + ".tmp")
    half.save_pretrained(tmp / "denoiser", max_shard_size=f"{shard_mb}MB")
    write_pipeline_files(tmp, step, {"config": msgspec.to_builtins(cfg), **extra})
    if out.exists():
        import shutil

        shutil.rmtree(out)
    tmp.rename(out)


def train(cfg: TrainConfig, device: str, minutes: float, workers: int, out: Path,
          text_encoder: str | None = None, capacity: int = 200_000, min_fill: int = 1024,
          save_every: float = 120.0, first_seed: int | None = None,
          init_from: Path | None = None) -> dict:
    """Train `cfg` for `minutes` (wall clock, start-up included) on clips from `workers`
    producers, from seed `first_seed` (default 0, or past the seeds of `init_from`'s run).
    Saves the weights every `save_every` seconds and at the end (also on SIGINT).

    Returns the run's figures (also written to out/figures.json). Raises InitError when
    `init_from` cannot start this run; NoStepsError (saving nothing) when no step ran, the
    producers too slow to fill `min_fill` clips in time; NonFiniteError at the first NaN or
    infinite loss (saving nothing after the last save of finite weights).
    """
    from diffusers.training_utils import EMAModel

    from generation.model.schedulers import training_scheduler

    t0 = time.time()
    deadline = t0 + 60 * minutes
    dev = torch.device(device)
    start, init = 0, None
    if init_from is not None:
        init, saved = initial_weights(init_from, cfg)
        start = recorded_step(saved)
        first_seed = seeds_after(saved) if first_seed is None else first_seed
    if start >= cfg.train.max_steps:
        raise NoStepsError(f"the weights are at step {start}, max_steps is {cfg.train.max_steps}: "
                           "nothing to train; raise [train] max_steps")
    first_seed = first_seed or 0
    m = cfg.model
    feed = Feed(workers, m.frames, m.size, 8.0, first_seed)  # first: it fills while the rest loads
    try:  # the producers are running: stop them if the trainer cannot start
        if dev.type == "cuda":
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.allow_tf32 = True
            torch.backends.cudnn.benchmark = True
        encoder, embedder = _text_encoder(text_encoder, device)
        feed.read(lambda rows: prepared(rows, encoder, pin=dev.type == "cuda"))
        torch.manual_seed(cfg.train.seed)
        model = VideoDenoiser.from_model_config(cfg.model_config())
        if init is not None:
            model.load_state_dict(init)
        model.to(dev)
        params = sum(p.numel() for p in model.parameters())
        ema = EMAModel(model.parameters(), decay=cfg.train.ema_decay, use_ema_warmup=True, foreach=True)
        ema.optimization_step = start  # the EMA's warm-up goes on where the weights' run left it
        ema.to(dev)
        # A few kernels for all weights (EMA: foreach, AdamW: fused on CUDA) rather than a few
        # for each of the denoiser's tensors, and no Python loop over them.
        opt = torch.optim.AdamW(model.parameters(), lr=cfg.train.lr, weight_decay=0.01,
                                fused=dev.type == "cuda")
        sched = training_scheduler()
        gen = torch.Generator(device=dev).manual_seed(cfg.train.seed + 7919 * start)
        buf = Replay(capacity, m.frames, m.size, 384, cfg.model_config().appearance_dim, dev)
    except BaseException:
        feed.close()
        raise
    out.mkdir(parents=True, exist_ok=True)
    log = open(out / "log.jsonl", "a")
    step, losses, last_save, tick = start, [], time.time(), time.time()
    first_step_at, next_seed, interrupted, diverged, lr = None, first_seed, False, False, 0.0
    spent = {"wait": 0.0, "drain": 0.0, "save": 0.0}  # seconds outside training steps, per log row
    run = {"init_from": str(init_from) if init_from is not None else None, "init_step": start,
           "first_seed": first_seed}

    def drain(limit: int, wait: float) -> None:
        nonlocal next_seed
        for top, arrays in feed.take(limit, wait):
            next_seed = max(next_seed, top)
            buf.add(*arrays)

    def training_record() -> dict:
        return {"clips_made": buf.count, **run, "next_seed": next_seed}

    try:
        while time.time() < deadline and step < cfg.train.max_steps:
            d0 = time.time()
            filling = buf.count < min_fill
            drain(4, wait=0.2 if filling else 0.0)  # up to 4 groups of 256 clips a step
            spent["wait" if filling else "drain"] += time.time() - d0
            if buf.count < min_fill:
                continue
            if first_step_at is None:
                first_step_at = time.time()
            lr = stream_lr(step - start, cfg, (deadline - time.time()) / max(deadline - first_step_at, 1e-9))
            for group in opt.param_groups:
                group["lr"] = lr
            loss = diffusion_loss(model, sched, buf.batch(cfg.train.batch_size, gen), cfg, gen)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            ema.step(model.parameters())
            step += 1
            losses.append(loss.detach())
            if step % cfg.train.log_every == 0:
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                mean = mean_finite_loss(losses, step, lr)
                now = time.time()
                row = {"step": step, "loss": mean, "lr": lr,
                       "s_per_step": (now - tick - spent["wait"] - spent["drain"] - spent["save"]) / len(losses),
                       "clips_made": buf.count, "elapsed_s": round(now - t0, 1),
                       **{f"{k}_s": round(v, 2) for k, v in spent.items()}}
                losses, tick = [], now
                spent = dict.fromkeys(spent, 0.0)
                log.write(json.dumps(row) + "\n")
                log.flush()
                print(json.dumps(row), flush=True)
            if time.time() - last_save > save_every:
                d0 = time.time()
                mean_finite_loss(losses, step, lr)
                save(out / cfg.run.name, model, ema, step, cfg, training_record())
                last_save = time.time()
                spent["save"] += last_save - d0
    except KeyboardInterrupt:  # SIGINT (a time limit, or a person): end as at the deadline
        interrupted = True
    except NonFiniteError:
        diverged = True
        raise
    finally:
        feed.close()
        log.close()
        if step > start and not diverged:  # also after a crash: the last steps' weights
            mean_finite_loss(losses, step, lr)
            save(out / cfg.run.name, model, ema, step, cfg, training_record())
    if step == start:
        why = ("interrupted" if interrupted else f"{minutes:g} minutes were spent") + (
            f" before the first training step: the producers had made {buf.count} of the "
            f"{min_fill} clips the replay buffer needs to start")
        raise NoStepsError(f"{why}; nothing saved. Raise --minutes (or --workers, or lower --min-fill)")
    wall = time.time() - (first_step_at or time.time())
    figures = {"device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu",
               "params": params, "steps": step - start, "step": step, "batch": cfg.train.batch_size,
               "lr": cfg.train.lr, "clips_made": buf.count, "producers": workers,
               "wait_s": round((first_step_at or time.time()) - t0, 1),
               "train_wall_s": round(wall, 1),
               "clips_per_s_trained": round((step - start) * cfg.train.batch_size / max(wall, 1e-9), 1),
               "clips_per_s_made": round(buf.count / max(time.time() - t0, 1e-9), 1),
               "text_unknown_pieces": f"{getattr(embedder, 'unknown', 0)}/{getattr(embedder, 'pieces', 0)}",
               **run, "next_seed": next_seed, "interrupted": interrupted}
    (out / "figures.json").write_text(json.dumps(figures, indent=1))
    return figures


def mean_finite_loss(losses: list[torch.Tensor], last_step: int, lr: float) -> float:
    """The mean of the (device) losses of the steps up to `last_step`, read back at once, or 0.0
    for none. Raises NonFiniteError naming the first step whose loss was NaN or infinite."""
    if not losses:
        return 0.0
    values = torch.stack(losses).float().cpu()
    bad = (~torch.isfinite(values)).nonzero()
    if len(bad):
        first = int(bad[0])
        check_finite_loss(float(values[first]), last_step - len(losses) + 1 + first, lr)
    return float(values.mean())


def prepared(rows: list[tuple], encoder, pin: bool) -> tuple[int, list[torch.Tensor]]:
    """(the seed after the rows', [frames, text vectors, style, appearance]) for Replay.add.

    Runs in the feed's thread: encoding reads its vectors back from the device, which waits for
    every queued training step; there it does not hold the training loop up. `pin` puts the
    tensors in page-locked memory, so that their copies to the device do not wait either.
    """
    arrays = (np.stack([r[1] for r in rows]), encoder.encode([r[2] for r in rows]),
              np.array([r[3] for r in rows], np.int64), np.stack([r[4] for r in rows]).astype(np.float32))
    tensors = [torch.from_numpy(a) for a in arrays]
    return max(r[0] for r in rows) + 1, [t.pin_memory() for t in tensors] if pin else tensors


def _text_encoder(folder: str | None, device: str):
    """(TextEncoder, its embedder): the compact export in `folder`, else the full MiniLM."""
    from generation.model.text import TextEncoder

    if folder:
        from generation.model.compact_text import CompactMiniLM

        embedder = CompactMiniLM(folder, device=device)
    else:
        from recsys.embeddings import MiniLMEmbedder

        embedder = MiniLMEmbedder(device=device)
    return TextEncoder(embedder), embedder


def with_overrides(cfg: TrainConfig, **train) -> TrainConfig:
    """`cfg` with the [train] values in `train` that are not None. Raises ConfigError."""
    given = {k: v for k, v in train.items() if v is not None}
    if not given:
        return cfg
    return validate(msgspec.structs.replace(cfg, train=msgspec.structs.replace(cfg.train, **given)))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--minutes", type=float, default=7.0)
    p.add_argument("--workers", type=int, default=max(1, (mp.cpu_count() or 2) - 2))
    p.add_argument("--out", type=Path, default=Path("data/train-stream"))
    p.add_argument("--text-encoder", default=None, help="a compact_text export (default: the full model)")
    p.add_argument("--capacity", type=int, default=None,
                   help="clips the replay buffer holds (default 200,000 on a GPU, 20,000 on a CPU: "
                        "at 32 px, 1 GB per 20,000 clips, allocated up front)")
    p.add_argument("--min-fill", type=int, default=1024)
    p.add_argument("--save-every", type=float, default=120.0)
    p.add_argument("--init-from", type=Path, default=None,
                   help="start from these weights (a diffusers-layout folder of the config's model)")
    p.add_argument("--first-seed", type=int, default=None,
                   help="first sample seed (default 0, or past the seeds --init-from's run used)")
    p.add_argument("--batch-size", type=int, default=None, help="overrides [train] batch_size")
    p.add_argument("--lr", type=float, default=None, help="overrides [train] lr")
    p.add_argument("--warmup-steps", type=int, default=None, help="overrides [train] warmup_steps")
    p.add_argument("--cooldown", type=float, default=None, help="overrides [train] cooldown")
    a = p.parse_args()
    capacity = a.capacity or (200_000 if a.device.startswith("cuda") else 20_000)
    if problem := argument_problem(a, capacity):
        p.error(problem)  # exit code 2
    try:
        cfg = with_overrides(load_config(a.config), batch_size=a.batch_size, lr=a.lr,
                             warmup_steps=a.warmup_steps, cooldown=a.cooldown)
    except ConfigError as exc:
        p.exit(2, f"train_stream: {exc}\n")
    try:
        figures = train(cfg, a.device, a.minutes, a.workers, a.out, a.text_encoder, capacity,
                        a.min_fill, a.save_every, a.first_seed, a.init_from)
    except InitError as exc:
        p.exit(2, f"train_stream: {exc}\n")
    except (NoStepsError, NonFiniteError) as exc:
        p.exit(1, f"train_stream: {exc}\n")
    print(json.dumps(figures))


def argument_problem(a: argparse.Namespace, capacity: int) -> str | None:
    """What is out of range among the parsed arguments `a` (with the buffer's `capacity`), or None."""
    if a.workers < 1:
        return f"--workers {a.workers}: at least 1 producer process"
    if a.capacity is not None and a.capacity < 1:
        return f"--capacity {a.capacity}: at least 1 clip"
    if not 1 <= a.min_fill <= capacity:
        return f"--min-fill {a.min_fill}: between 1 and the buffer's capacity ({capacity})"
    for flag, value in (("--minutes", a.minutes), ("--save-every", a.save_every)):
        if not (math.isfinite(value) and value > 0):
            return f"{flag} {value}: a finite number > 0"
    if a.first_seed is not None and not 0 <= a.first_seed < HELD_OUT_SEED:
        return f"--first-seed {a.first_seed}: in [0, {HELD_OUT_SEED}) (the evaluation holds out the seeds above)"
    return None


if __name__ == "__main__":
    main()
