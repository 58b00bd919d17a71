"""`reelworld train`: train the video diffusion model with Ray Train from a TOML config.

Everything a person can get wrong (the config, the data, a run name that holds another model's
checkpoints) is checked before Ray starts and ends the command with one line and exit code 2.
While it trains, one line per logged step; a NaN or infinite loss ends it with exit code 1,
Ctrl-C or SIGTERM with 130 and the step a rerun resumes from.
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


def train(config: Path = typer.Option(..., "--config", help="generation/configs/<name>.toml"),
          max_minutes: float = typer.Option(0.0, "--max-minutes",
                                            help="stop (with a checkpoint) after this long; 0: config"),
          ) -> None:
    """Train (or resume) the run named in CONFIG; checkpoints and log.jsonl go to its storage."""
    from generation.model.checkpoints import NonFiniteError, latest_checkpoint
    from generation.model.config import ConfigError, load_config
    from generation.model.data import DataError, shard_paths
    from generation.model.train import RunError, resume_point, run_folder, run_training

    try:
        cfg = load_config(config)
        if not (math.isfinite(max_minutes) and max_minutes >= 0):
            raise ConfigError(f"--max-minutes = {max_minutes} is out of range: a finite number >= 0")
        shard_paths(cfg.data.root)
        resume = resume_point(cfg)
    except (ConfigError, DataError, RunError) as exc:
        fail(str(exc))  # fail prints brackets as text: the messages name fields as [train] ...
    name, steps = cfg.run.name, cfg.train.max_steps
    typer.echo(f"{name}: training from {resume_words(resume)} to step {steps}; "
               f"log and checkpoints in {run_folder(cfg)}")
    try:
        run_training(cfg, max_minutes, on_row=lambda row: typer.echo(progress_line(row, steps)),
                     resume=resume)
    except NonFiniteError as exc:
        fail(str(exc), code=1)
    except KeyboardInterrupt:
        where = resume_words(latest_checkpoint(run_folder(cfg)))
        err.print(escape(f"interrupted: a rerun of run '{name}' resumes from {where}"),
                  highlight=False, soft_wrap=True)
        raise typer.Exit(code=130) from None
    typer.echo(f"{name}: done; latest checkpoint {resume_words(latest_checkpoint(run_folder(cfg)))}")
