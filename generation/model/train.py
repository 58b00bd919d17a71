"""Training with Ray Train: a TorchTrainer runs `train_loop` on each worker (DDP across
workers: CPU processes here, GPUs on a cluster), fed by the world dataset through Ray Data.

The loss is v-prediction MSE on a cosine schedule. Some clips are trained to continue given
leading frames (multi-shot, extension), and some drop their text and style (classifier-free
guidance). Rank 0 keeps an EMA of the weights, writes checkpoints every `checkpoint_every`
steps (keeping the run's newest `KEEP` complete ones, across sessions) and a JSON-lines loss log;
training stops at the first NaN or infinite loss without saving. On the driver's first Ctrl-C
or SIGTERM the workers save a checkpoint at the step they reached before they end.

A rerun with the same run name resumes from the newest complete checkpoint in the run's folder
(`latest_checkpoint`), whatever Ray's own record says: a run stopped by Ctrl-C or a kill leaves
its checkpoints but not always Ray's snapshot of them. The loss log is cut back to that step, so
it holds each step once. The driver follows the log to show progress.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec
import numpy as np
import torch

from generation.model.checkpoints import (NonFiniteError, checkpoint_step, latest_checkpoint,
                                          prune_checkpoints, restore, save_checkpoint)
from generation.model.config import TrainConfig, model_differences
from generation.model.driver import (fit_off_the_main_thread, following, sigterm_interrupts,
                                     start_ray)
from generation.model.model import NULL_STYLE, VideoDenoiser

LOG = "log.jsonl"  # in the run's folder: one JSON row per log_every steps
KEEP = 3  # complete checkpoints kept in a run's folder, across every session of the run
RAY_SNAPSHOT = "checkpoint_manager_snapshot.json"  # Ray Train's record of a session's checkpoints
STOP = "stop-requested"  # in the run's folder while the driver asks the workers to save and end


def diffusion_loss(model, sched, batch: dict[str, torch.Tensor], cfg: TrainConfig,
                   gen: torch.Generator) -> torch.Tensor:
    """v-prediction MSE over the frames the model must make (given frames excluded)."""
    x0 = batch["frames"]
    b, t = x0.shape[:2]
    dev = x0.device
    noise = torch.randn(x0.shape, generator=gen, device=gen.device).to(dev)
    steps = torch.randint(0, sched.config.num_train_timesteps, (b,), generator=gen, device=gen.device).to(dev)
    noisy = sched.add_noise(x0, noise, steps)
    target = sched.get_velocity(x0, noise, steps)
    lengths = torch.randint(1, t // 2 + 1, (b,), generator=gen, device=gen.device).to(dev)
    given = (torch.rand(b, generator=gen, device=gen.device) < cfg.train.known_prob).to(dev)
    mask = (torch.arange(t, device=dev)[None, :] < lengths[:, None]) & given[:, None]
    drop = (torch.rand(b, generator=gen, device=gen.device) < cfg.train.text_dropout).to(dev)
    text = batch["text"] * (~drop)[:, None]
    style = torch.where(drop, torch.full_like(batch["style"], NULL_STYLE), batch["style"])
    appearance = batch["appearance"]
    if cfg.train.appearance_dropout:  # else zeros only ever meant "no figure", and sampling
        # without a character (zeros) asked for clips without figures
        unset = (torch.rand(b, generator=gen, device=gen.device) < cfg.train.appearance_dropout).to(dev)
        appearance = appearance * (~unset)[:, None]
    with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=cfg.train.bf16):
        pred = model(noisy, steps, text, style, appearance, x0, mask.float())
    weight = (~mask).float()[:, :, None, None, None].expand(b, t, 1, *x0.shape[3:])
    if cfg.train.foreground_weight:
        weight = weight * (1.0 + cfg.train.foreground_weight * foreground_mask(x0))
    err = (pred.float() - target) ** 2 * weight
    return err.sum() / (weight.sum() * x0.shape[2]).clamp_min(1.0)


def foreground_mask(x0: torch.Tensor, level: float = 0.15) -> torch.Tensor:
    """(B, T, 1, H, W) 1 where a clip's pixel differs from its clip's median frame by more than
    `level` (about 19 of 255) in any channel, grown by one pixel: the moving things, which
    cover a few percent of a 32 px picture and so weigh little in a uniform loss."""
    still = x0.median(dim=1, keepdim=True).values
    moving = ((x0 - still).abs().amax(dim=2, keepdim=True) > level).float()
    b, t = moving.shape[:2]
    grown = torch.nn.functional.max_pool2d(moving.flatten(0, 1), 3, stride=1, padding=1)
    return grown.view(b, t, 1, *moving.shape[3:])


def to_tensors(batch: dict, encoder) -> dict[str, torch.Tensor]:
    """A numpy batch of dataset rows -> model tensors (frames in [-1, 1], T x 3 x H x W)."""
    frames = torch.from_numpy(np.ascontiguousarray(batch["frames"])).float() / 127.5 - 1.0
    return {"frames": frames.permute(0, 1, 4, 2, 3).contiguous(),
            "text": torch.from_numpy(encoder.encode(list(batch["caption"]))),
            "style": torch.from_numpy(np.asarray(batch["style"], np.int64)),
            "appearance": torch.from_numpy(np.asarray(batch["appearance"], np.float32))}


def _lr(step: int, cfg: TrainConfig) -> float:
    return cfg.train.lr * min(1.0, (step + 1) / max(1, cfg.train.warmup_steps))


def check_finite_loss(loss: float, step: int, lr: float) -> None:
    """Raise NonFiniteError when `loss` (of training step `step`, at learning rate `lr`) is NaN
    or infinite: the update it would make is not applied, and nothing after it is saved."""
    if not math.isfinite(loss):
        raise NonFiniteError(f"the loss became {loss} at step {step} (lr {lr:g}): training stopped "
                             "without saving it; lower [train] lr (or raise warmup_steps) and rerun")


def train_loop(raw: dict) -> None:
    """Runs on every Ray Train worker."""
    import ray.train
    import ray.train.torch
    from diffusers.training_utils import EMAModel

    from generation.model.schedulers import training_scheduler
    from generation.model.text import TextEncoder

    cfg = msgspec.convert(raw["config"], TrainConfig)
    ctx = ray.train.get_context()
    rank = ctx.get_world_rank()
    torch.set_num_threads(cfg.train.threads_per_worker)
    torch.manual_seed(cfg.train.seed)
    model = VideoDenoiser.from_model_config(cfg.model_config())
    ema = EMAModel(model.parameters(), decay=cfg.train.ema_decay, use_ema_warmup=True)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.train.lr, weight_decay=0.01)
    step = 0
    if raw.get("resume_from"):  # the driver's pick: the newest complete checkpoint on disk
        step = restore(Path(raw["resume_from"]), model, ema, opt)
    wrapped = ray.train.torch.prepare_model(model)
    device = ray.train.torch.get_device()
    ema.to(device)
    for state in opt.state.values():  # a resumed optimizer's moments follow the weights
        for key, value in state.items():
            if torch.is_tensor(value) and key != "step":
                state[key] = value.to(device)
    gen = torch.Generator(device=device).manual_seed(cfg.train.seed * 1000 + rank + step * 7919)
    state = _LoopState(cfg, Path(raw["run_dir"]), rank, step, time.time(), raw.get("max_minutes", 0),
                       device)
    encoder, sched = TextEncoder(), training_scheduler()
    shard = ray.train.get_dataset_shard("train")
    while not state.done():
        for batch in shard.iter_batches(batch_size=cfg.train.batch_size, batch_format="numpy",
                                        local_shuffle_buffer_size=cfg.data.shuffle_buffer,
                                        drop_last=True):
            for group in opt.param_groups:
                group["lr"] = _lr(state.step, cfg)
            tensors = {k: v.to(device) for k, v in to_tensors(batch, encoder).items()}
            loss = diffusion_loss(wrapped, sched, tensors, cfg, gen)
            value = float(loss.detach())
            check_finite_loss(value, state.step + 1, _lr(state.step, cfg))  # before the update
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            ema.step(model.parameters())
            state.after_step(value, model, ema, opt)
            if state.done():
                break
    state.checkpoint(model, ema, opt)


class _LoopState:
    """Step counting, the loss log, checkpoint cadence and the stop condition of one worker."""

    def __init__(self, cfg: TrainConfig, run_dir: Path, rank: int, step: int, t0: float,
                 max_minutes: float, device: torch.device | None = None):
        self.cfg, self.run_dir, self.rank, self.step, self.t0 = cfg, run_dir, rank, step, t0
        self.device, self.stopping = device or torch.device("cpu"), False
        limit = max_minutes or cfg.train.max_minutes
        self.deadline = t0 + 60 * limit if limit else float("inf")
        self.losses: list[float] = []
        self.last_saved = step
        self.tick = time.time()

    def done(self) -> bool:
        return self.step >= self.cfg.train.max_steps or self.stopping

    def after_step(self, loss: float, model, ema, opt) -> None:
        self.step += 1
        self.losses.append(loss)
        if self.step % self.cfg.train.log_every == 0:
            self._log()
        if self.step % self.cfg.train.checkpoint_every == 0:
            self.checkpoint(model, ema, opt)
        self.stopping = self._all_agree_to_stop(time.time() >= self.deadline
                                                or (self.run_dir / STOP).exists())

    def _all_agree_to_stop(self, wanted: bool) -> bool:
        """Whether any worker wants to stop after this step (its time is up, or the driver asked
        on Ctrl-C or SIGTERM), the same answer on every worker: DDP workers that stopped at
        different steps would leave one waiting forever in the next gradient all-reduce."""
        import torch.distributed as dist

        if not (dist.is_available() and dist.is_initialized()) or dist.get_world_size() == 1:
            return wanted
        flag = torch.tensor([float(wanted)], device=self.device)
        dist.all_reduce(flag, op=dist.ReduceOp.MAX)
        return bool(flag.item())

    def _log(self) -> None:
        import ray.train

        now = time.time()
        n = len(self.losses)
        row = {"step": self.step, "loss": float(np.mean(self.losses)), "lr": _lr(self.step, self.cfg),
               "s_per_step": (now - self.tick) / max(1, n), "elapsed_s": now - self.t0}
        self.losses, self.tick = [], now
        if self.rank == 0:
            with open(self.run_dir / LOG, "a") as f:
                f.write(json.dumps(row, allow_nan=False) + "\n")
        ray.train.report(row)

    def checkpoint(self, model, ema, opt) -> None:
        import ray.train

        if self.step == self.last_saved:
            return
        self.last_saved = self.step
        with tempfile.TemporaryDirectory() as tmp:
            ckpt = None
            if self.rank == 0:
                save_checkpoint(Path(tmp), model, ema, opt, self.step,
                                {"config": msgspec.to_builtins(self.cfg)})
                ckpt = ray.train.Checkpoint.from_directory(tmp)
            ray.train.report({"step": self.step}, checkpoint=ckpt,
                             checkpoint_dir_name=f"step-{self.step:07d}")
        if self.rank == 0:  # the report has copied it to the run's folder (synchronously)
            prune_checkpoints(self.run_dir, KEEP)


class RunError(ValueError):
    """The run's folder holds checkpoints this config cannot resume (another model)."""


def run_folder(cfg: TrainConfig) -> Path:
    return Path(cfg.run.storage).resolve() / cfg.run.name


def resume_point(cfg: TrainConfig) -> Path | None:
    """The checkpoint a run of `cfg` resumes from: the newest complete one in its folder, or
    None for a fresh run. Raises RunError when that checkpoint is of another model."""
    ckpt = latest_checkpoint(run_folder(cfg))
    if ckpt is None:
        return None
    saved = json.loads((ckpt / "model_index.json").read_text()).get("config", {}).get("model")
    diff = model_differences(saved, cfg.model) if saved is not None else []
    if diff:
        raise RunError(f"run '{cfg.run.name}' already holds checkpoints of another model "
                       f"({'; '.join(diff)}); pick another [run] name or remove {run_folder(cfg)}")
    return ckpt


def trim_log(path: Path, last_step: int) -> None:
    """Keep the rows of the loss log at `path` up to `last_step` (the step a run resumes from;
    the rest are logged again) and drop lines a kill cut short."""
    if not path.exists():
        return
    kept = []
    for line in path.read_text().splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and row.get("step", math.inf) <= last_step:
            kept.append(line + "\n")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(kept))
    os.replace(tmp, path)


def _worker_error(error: Exception, kind: type[Exception]) -> Exception | None:
    """The first `kind` error a Ray Train worker raised, from the driver's TrainingFailedError."""
    failures = getattr(error, "worker_failures", {}) or {}
    return next((e for e in failures.values() if isinstance(e, kind)), None)


NEWEST = "newest"
"""`run_training`'s default resume: look for the run's newest complete checkpoint."""


def run_training(cfg: TrainConfig, max_minutes: float = 0.0,
                 on_row: Callable[[dict], None] | None = None,
                 resume: Path | None | str = NEWEST, on_stop: Callable[[], None] | None = None):
    """Fit `cfg` with a TorchTrainer, from the newest complete checkpoint in the run's folder
    (`resume_point`) or from scratch; `on_row` gets each loss-log row as it is written. A
    caller that already called `resume_point` passes its answer as `resume` (a run whose
    checkpoints predate manifests is found by loading them, which takes a while).

    Starts a local Ray instance when none is running. Returns the Ray Train Result. Raises,
    before Ray starts, RunError when the run's checkpoints are of another model and DataError
    when the dataset is missing or of another frame size; NonFiniteError
    when a loss or the weights became NaN or infinite (nothing non-finite is saved);
    KeyboardInterrupt on Ctrl-C or SIGTERM (`driver.Terminated`): the first one asks the workers to
    save a checkpoint at the step they reached (`on_stop` is called) and raises when they have,
    a second raises at once; a rerun resumes from the newest checkpoint.
    """
    from generation.model.data import check_dataset, world_dataset

    run_dir = run_folder(cfg)
    if resume == NEWEST:
        resume = resume_point(cfg)
    check_dataset(cfg.data.root, cfg.model.frames, cfg.model.size)
    run_dir.mkdir(parents=True, exist_ok=True)
    # Ray restores a session's checkpoint list from its snapshot and refuses to start when one it
    # lists is gone; the run resumes from the folder instead, and `prune_checkpoints`, not Ray's
    # per-session num_to_keep, decides which checkpoints stay.
    (run_dir / RAY_SNAPSHOT).unlink(missing_ok=True)
    (run_dir / STOP).unlink(missing_ok=True)  # an earlier session's request
    trim_log(run_dir / LOG, checkpoint_step(resume) if resume is not None else 0)
    with sigterm_interrupts():
        start_ray()
        from ray.train import CheckpointConfig, RunConfig, ScalingConfig, TrainingFailedError
        from ray.train.torch import TorchTrainer

        ds = world_dataset(cfg.data.root, cfg.model.frames, cfg.model.size, cfg.data.shard_limit or None)
        trainer = TorchTrainer(
            train_loop,
            train_loop_config={"config": msgspec.to_builtins(cfg), "run_dir": str(run_dir),
                               "max_minutes": max_minutes,
                               "resume_from": str(resume) if resume else None},
            scaling_config=ScalingConfig(num_workers=cfg.train.workers, use_gpu=cfg.train.use_gpu,
                                         resources_per_worker={"CPU": cfg.train.cpus_per_worker}),
            run_config=RunConfig(name=cfg.run.name, storage_path=str(run_dir.parent),
                                 checkpoint_config=CheckpointConfig(num_to_keep=None)),
            datasets={"train": ds},
        )
        with following(run_dir / LOG, on_row):
            try:
                return fit_off_the_main_thread(trainer, run_dir / STOP, on_stop)
            except TrainingFailedError as exc:
                diverged = _worker_error(exc, NonFiniteError)
                if diverged is None:
                    raise
                raise NonFiniteError(str(diverged)) from None
            finally:
                (run_dir / STOP).unlink(missing_ok=True)

