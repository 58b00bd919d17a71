"""`reelworld train`: train the video diffusion model with Ray Train from a TOML config."""

from __future__ import annotations

from pathlib import Path

import typer

from api.commands.opening import fail


def train(config: Path = typer.Option(..., "--config", help="generation/configs/<name>.toml"),
          max_minutes: float = typer.Option(0.0, "--max-minutes",
                                            help="stop (with a checkpoint) after this long; 0: config"),
          ) -> None:
    """Train (or resume) the run named in CONFIG; checkpoints and log.jsonl go to its storage."""
    from generation.model.config import ConfigError, load_config
    from generation.model.data import DataError

    try:
        cfg = load_config(config)
        if max_minutes < 0:
            raise ConfigError("--max-minutes must be >= 0")
        from generation.model.data import shard_paths

        shard_paths(cfg.data.root)
    except (ConfigError, DataError) as exc:
        fail(str(exc))
    from generation.model.train import run_training

    result = run_training(cfg, max_minutes)
    where = result.checkpoint.path if result.checkpoint else "(none)"
    typer.echo(f"{cfg.run.name}: {result.metrics} latest checkpoint {where}")
