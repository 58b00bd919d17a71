"""`reelworld train`: train the video diffusion model with Ray Train from a TOML config.

Everything a person can get wrong (the config, the data and its frame size, a run name that
holds another model's checkpoints) is checked before Ray starts and ends the command with one
line and exit code 2; a run already at max_steps ends with exit 0 without starting Ray. Clips
shorter than the model's frames, and damaged checkpoints passed over, are one warning line each.
While it trains, one line per logged step; a NaN or infinite loss ends it with exit code 1,
Ctrl-C with 130 and SIGTERM with 143, each saying the step a rerun resumes from (the first one
saves a checkpoint at the step reached before ending; a second ends at once); a run stopped by
its time limit says so (exit 0).
"""

from __future__ import annotations

import math
from pathlib import Path

import typer
from rich.markup import escape

from api.commands.opening import err, fail


def progress_line(row: dict, max_steps: int) -> str:
    """One loss-log row as a progress line: step of max_steps, loss, learning rate, speed."""
    speed = 1.0 / row["s_per_step"] if row.get("s_per_step") else 0.0
    return (f"step {row['step']}/{max_steps} ({100 * row['step'] / max_steps:.0f}%)  "
            f"loss {row['loss']:.4f}  lr {row['lr']:.2e}  {speed:.2f} steps/s")


def resume_words(ckpt: Path | None) -> str:
    """Where a run resumes from, in words."""
    from generation.model.checkpoints import checkpoint_step

    return f"step {checkpoint_step(ckpt)} ({ckpt})" if ckpt is not None else "step 0 (no checkpoint yet)"


def warn(message: str) -> None:
    """One warning line on stderr, printed as written (brackets are text)."""
    err.print(f"[yellow]warning:[/yellow] {escape(message)}", highlight=False, soft_wrap=True)


def train(config: Path = typer.Option(..., "--config", help="generation/configs/<name>.toml"),
          max_minutes: float = typer.Option(0.0, "--max-minutes",
                                            help="stop (with a checkpoint) after this long; 0: config"),
          ) -> None:
    """Train (or resume) the run named in CONFIG; checkpoints and log.jsonl go to its storage."""
    from generation.model.checkpoints import (NonFiniteError, checkpoint_step, latest_checkpoint,
                                              passed_over)
    from generation.model.config import ConfigError, load_config
    from generation.model.data import DataError, check_dataset
    from generation.model.driver import Terminated
    from generation.model.train import RunError, resume_point, run_folder, run_training

    try:
        cfg = load_config(config)
        if not (math.isfinite(max_minutes) and max_minutes >= 0):
            raise ConfigError(f"--max-minutes = {max_minutes} is out of range: a finite number >= 0")
        short_clips = check_dataset(cfg.data.root, cfg.model.frames, cfg.model.size)
        resume = resume_point(cfg)
    except (ConfigError, DataError, RunError) as exc:
        fail(str(exc))  # fail prints brackets as text: the messages name fields as [train] ...
    name, steps, run_dir = cfg.run.name, cfg.train.max_steps, run_folder(cfg)
    if short_clips:
        warn(short_clips)
    if skipped := passed_over(run_dir, resume):
        warn(f"passed over damaged or incomplete checkpoint(s) {', '.join(p.name for p in skipped)}; "
             f"resuming from {resume_words(resume)}")
    reached = checkpoint_step(resume) if resume is not None else 0
    if reached >= steps:
        typer.echo(f"{name}: already trained to step {reached} (max_steps {steps}); nothing to do")
        return
    typer.echo(f"{name}: training from {resume_words(resume)} to step {steps}; "
               f"log and checkpoints in {run_dir}")
    try:
        run_training(cfg, max_minutes, on_row=lambda row: typer.echo(progress_line(row, steps)),
                     resume=resume, on_stop=lambda: err.print(
                         "stopping: saving a checkpoint at the step reached, then ending "
                         "(press Ctrl-C again to end now, losing the steps since the last checkpoint)",
                         highlight=False, soft_wrap=True, markup=False))
    except NonFiniteError as exc:
        fail(str(exc), code=1)
    except KeyboardInterrupt as exc:
        how = "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted"
        where = resume_words(latest_checkpoint(run_dir))
        err.print(escape(f"{how}: a rerun of run '{name}' resumes from {where}"),
                  highlight=False, soft_wrap=True)
        raise typer.Exit(code=143 if isinstance(exc, Terminated) else 130) from None
    latest = latest_checkpoint(run_dir)
    reached = checkpoint_step(latest) if latest is not None else 0
    if reached < steps:  # the loop ends early only at its time limit
        typer.echo(f"{name}: stopped at the time limit at step {reached} of {steps}; rerun the same "
                   "command to continue")
        return
    typer.echo(f"{name}: done; latest checkpoint {resume_words(latest)}")
