"""Training configuration: a TOML file (generation/configs/<name>.toml) decoded into frozen
Structs. Every knob of a run lives here, so a committed config reproduces a checkpoint.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import msgspec

from generation.model.model import VideoDiffusionConfig


class ConfigError(ValueError):
    """A training config is missing, unreadable or holds a value out of range."""


class ModelSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    frames: int = 24
    size: int = 32
    channels: tuple[int, ...] = (64, 128, 128)
    layers_per_block: int = 2
    attention_head_dim: int = 32
    norm_groups: int = 32


class TrainSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    batch_size: int = 32
    lr: float = 2e-4
    warmup_steps: int = 100
    cooldown: float = 0.0  # share of a timed run's training time over which lr falls to 0 at its end (train_stream)
    max_steps: int = 100_000
    max_minutes: float = 0.0  # 0: no wall-clock limit
    bf16: bool = True
    ema_decay: float = 0.999
    text_dropout: float = 0.1
    appearance_dropout: float = 0.0  # share of clips whose appearance code is zeroed ("unspecified")
    known_prob: float = 0.25  # share of clips trained to continue given leading frames
    foreground_weight: float = 0.0  # extra loss weight on moving things (foreground_mask); 0: uniform
    checkpoint_every: int = 200
    log_every: int = 20
    seed: int = 0
    workers: int = 1
    threads_per_worker: int = 2
    cpus_per_worker: float = 1.0  # Ray resources; leave CPUs free for the Ray Data readers
    use_gpu: bool = False


class DataSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    root: str = "data/world32"
    shard_limit: int = 0  # 0: every finished shard
    shuffle_buffer: int = 1024


class RunSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str = "run"
    storage: str = "data/train"


class TrainConfig(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    model: ModelSection = ModelSection()
    train: TrainSection = TrainSection()
    data: DataSection = DataSection()
    run: RunSection = RunSection()

    def model_config(self) -> VideoDiffusionConfig:
        m = self.model
        return VideoDiffusionConfig(m.frames, m.size, tuple(m.channels), m.layers_per_block,
                                    m.attention_head_dim, m.norm_groups)


def validate(cfg: TrainConfig) -> TrainConfig:
    """Range checks a person can act on. Raises ConfigError."""
    t, m = cfg.train, cfg.model
    if t.batch_size < 1 or t.workers < 1 or t.max_steps < 1 or t.lr <= 0:
        raise ConfigError("batch_size, workers and max_steps must be >= 1 and lr positive")
    if not 0.0 <= t.cooldown < 1.0:
        raise ConfigError(f"cooldown {t.cooldown} must be a share of the run in [0, 1)")
    if m.size % 2 ** (len(m.channels) - 1) or m.frames < 1:
        raise ConfigError(f"size {m.size} must be divisible by 2^(levels-1), frames >= 1")
    if any(c % m.norm_groups for c in m.channels):
        raise ConfigError(f"channels {m.channels} must be multiples of norm_groups {m.norm_groups}")
    return cfg


def load_config(path: str | Path) -> TrainConfig:
    """Read and validate a TOML training config. Raises ConfigError."""
    try:
        raw = tomllib.loads(Path(path).read_text())
        return validate(msgspec.convert(raw, TrainConfig))
    except FileNotFoundError:
        raise ConfigError(f"no config at {path}") from None
    except (tomllib.TOMLDecodeError, msgspec.ValidationError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
