"""Training configuration: a TOML file (generation/configs/<name>.toml) decoded into frozen
Structs. Every knob of a run lives here, so a committed config reproduces a checkpoint.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def _count(low: int) -> tuple[Callable[[Any], bool], str]:
    return (lambda v: v >= low), f"an integer >= {low}"


def _number(low: float, high: float = math.inf, *, above: bool = False,
            below: bool = False) -> tuple[Callable[[Any], bool], str]:
    """A finite number between `low` and `high`, each end included unless above/below."""
    def ok(v) -> bool:
        return (math.isfinite(v) and (v > low if above else v >= low)
                and (v < high if below else v <= high))

    if high == math.inf:
        return ok, f"a finite number {'>' if above else '>='} {low:g}"
    return ok, f"a number in {'(' if above else '['}{low:g}, {high:g}{')' if below else ']'}"


def _text(pattern: re.Pattern | None = None, hint: str = "") -> tuple[Callable[[Any], bool], str]:
    if pattern is None:
        return (lambda v: bool(v.strip())), "a non-empty string"
    return (lambda v: pattern.fullmatch(v) is not None), hint


# [section] field -> (check, what it allows); fields not listed take any value of their type.
RANGES: dict[tuple[str, str], tuple[Callable[[Any], bool], str]] = {
    ("model", "frames"): _count(1),
    ("model", "size"): _count(1),
    ("model", "channels"): ((lambda v: len(v) >= 1 and min(v) >= 1),
                            "a non-empty list of integers >= 1"),
    ("model", "layers_per_block"): _count(1),
    ("model", "attention_head_dim"): _count(1),
    ("model", "norm_groups"): _count(1),
    ("train", "batch_size"): _count(1),
    ("train", "lr"): _number(0.0, 1.0, above=True),
    ("train", "warmup_steps"): _count(0),
    ("train", "cooldown"): _number(0.0, 1.0, below=True),
    ("train", "max_steps"): _count(1),
    ("train", "max_minutes"): _number(0.0),
    ("train", "ema_decay"): _number(0.0, 1.0),
    ("train", "text_dropout"): _number(0.0, 1.0),
    ("train", "appearance_dropout"): _number(0.0, 1.0),
    ("train", "known_prob"): _number(0.0, 1.0),
    ("train", "foreground_weight"): _number(0.0),
    ("train", "checkpoint_every"): _count(1),
    ("train", "log_every"): _count(1),
    ("train", "seed"): ((lambda v: 0 <= v < 2 ** 32), "an integer in [0, 2^32)"),
    ("train", "workers"): _count(1),
    ("train", "threads_per_worker"): _count(1),
    ("train", "cpus_per_worker"): _number(0.0, above=True),
    ("data", "root"): _text(),
    ("data", "shard_limit"): _count(0),
    ("data", "shuffle_buffer"): _count(0),
    ("run", "name"): _text(RUN_NAME, "letters, digits, '.', '_' or '-', starting with a letter "
                                     "or digit, at most 100 (a folder name, no path)"),
    ("run", "storage"): _text(),
}


def _shown(value: Any) -> str:
    """`value` as the TOML file writes it."""
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    return f'"{value}"' if isinstance(value, str) else str(value)


def validate(cfg: TrainConfig) -> TrainConfig:
    """Range checks a person can act on, before anything starts: the first value out of range
    raises ConfigError with one line naming its field, its value and what it may be."""
    for (section, field), (ok, allowed) in RANGES.items():
        value = getattr(getattr(cfg, section), field)
        if not ok(value):
            raise ConfigError(f"[{section}] {field} = {_shown(value)} is out of range: {allowed}")
    m = cfg.model
    levels = 2 ** (len(m.channels) - 1)
    if m.size % levels:
        raise ConfigError(f"[model] size = {m.size} must be divisible by 2^(levels-1) = {levels} "
                          f"for channels = {_shown(m.channels)}")
    if any(c % m.norm_groups for c in m.channels):
        raise ConfigError(f"[model] channels = {_shown(m.channels)} must be multiples of "
                          f"norm_groups = {m.norm_groups}")
    if any(c % m.attention_head_dim for c in m.channels):
        raise ConfigError(f"[model] attention_head_dim = {m.attention_head_dim} must divide every "
                          f"one of channels = {_shown(m.channels)}")
    return cfg


def model_differences(saved: dict, model: ModelSection) -> list[str]:
    """What differs between a saved [model] section (as JSON keeps it: lists) and `model`, one
    "<field> = <saved> there, <model's> in the config" per field."""
    want = msgspec.json.decode(msgspec.json.encode(model))
    return [f"{k} = {saved.get(k)} there, {v} in the config" for k, v in want.items()
            if saved.get(k) != v]


def load_config(path: str | Path) -> TrainConfig:
    """Read and validate a TOML training config. Raises ConfigError, whose message starts with
    `path`."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"no config at {path}") from None
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder; --config takes a TOML file such as "
                          "generation/configs/tiny.toml") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text (byte {exc.start}): is it a TOML file?") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    try:
        return validate(msgspec.convert(tomllib.loads(text), TrainConfig))
    except (tomllib.TOMLDecodeError, msgspec.ValidationError, ConfigError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
