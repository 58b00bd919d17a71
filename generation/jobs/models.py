"""The video models a generation can ask for, by name: the checkpoints installed under a
weights directory (each a folder with model_index.json), or a fixed set (tests, a single
injected generator). Old models stay addressable while their folder stays.

`choose_model` resolves a request's tier and optional model name to (model, steps); the
generation records both, so the video says which model made it whatever is installed later.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import msgspec

from generation.jobs.config import DEFAULT, LARGEST, ChainConfig, canonical_tier
from generation.jobs.errors import ModelUnavailable, UnknownModel

if TYPE_CHECKING:
    from generation.model.backend import VideoGenerator


class ModelInfo(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    size_bytes: int
    """Bytes of weights: what "largest" compares."""
    frames: int | None = None
    """Frames of one shot of the project's own model (they play at REELWORLD_FPS), where the
    catalog knows them without loading it (a request's dialogue is fitted before it is recorded)."""


class ModelCatalog(Protocol):
    def installed(self) -> tuple[ModelInfo, ...]:
        """The models that can be asked for now, by name."""
        ...

    def generator(self, name: str) -> VideoGenerator:
        """The loaded model (built once per name). Raises UnknownModel, ModelUnavailable."""
        ...


class _Loaded:
    """Generators built on first use, one per name, never twice (a lock per catalog)."""

    def __init__(self) -> None:
        self._built: dict[str, VideoGenerator] = {}
        self._lock = threading.Lock()

    def get(self, name: str, build: Callable[[], VideoGenerator]) -> VideoGenerator:
        with self._lock:
            if name not in self._built:
                self._built[name] = build()
            return self._built[name]


class WeightsCatalog:
    """Checkpoint folders under `root` (generation/weights/<name>/ with model_index.json)."""

    def __init__(self, root: Path, load: Callable[[Path], VideoGenerator] | None = None) -> None:
        self.root, self._load, self._loaded = Path(root), load, _Loaded()

    def installed(self) -> tuple[ModelInfo, ...]:
        if not self.root.is_dir():
            return ()
        found = sorted(p.parent for p in self.root.glob("*/model_index.json"))
        return tuple(ModelInfo(name=p.name, size_bytes=_weights_bytes(p), frames=_frames(p))
                     for p in found)

    def path(self, name: str) -> Path:
        """The checkpoint folder of `name` (what a Serve replica loads). Raises UnknownModel."""
        known = [m.name for m in self.installed()]
        if name not in known:
            raise _unknown(name, known)
        return self.root / name

    def generator(self, name: str) -> VideoGenerator:
        path = self.path(name)
        if self._load is None:
            from generation.jobs.components import reelworld_generator

            return self._loaded.get(name, lambda: reelworld_generator(path))
        return self._loaded.get(name, lambda: self._load(path))


class FixedCatalog:
    """A fixed set of models: name -> a function that builds it (and optionally its size)."""

    def __init__(self, models: Mapping[str, Callable[[], VideoGenerator]],
                 sizes: Mapping[str, int] | None = None) -> None:
        self._models, self._sizes, self._loaded = dict(models), dict(sizes or {}), _Loaded()

    def installed(self) -> tuple[ModelInfo, ...]:
        return tuple(ModelInfo(name=n, size_bytes=self._sizes.get(n, 0)) for n in sorted(self._models))

    def generator(self, name: str) -> VideoGenerator:
        if name not in self._models:
            raise _unknown(name, sorted(self._models))
        return self._loaded.get(name, self._models[name])


def choose_model(catalog: ModelCatalog, config: ChainConfig, tier: str, asked: str | None) -> tuple[str, int]:
    """(model name, denoising steps) for a request. `asked` names a model outright; else the
    tier's choice: the default model, or the largest installed (ties: the default, then by name).
    Raises UnknownModel (with the known names) or ModelUnavailable (nothing installed)."""
    tier = canonical_tier(tier)
    steps = config.steps_for(tier)
    models = catalog.installed()
    names = [m.name for m in models]
    if asked is not None:
        if asked not in names:
            raise _unknown(asked, names)
        return asked, steps
    if not models:
        raise ModelUnavailable("no video model is installed; train one with `reelworld train`")
    choice = config.model_choice(tier)
    if choice == LARGEST:
        best = max(models, key=lambda m: (m.size_bytes, m.name == config.default_model, m.name))
        return best.name, steps
    name = config.default_model if choice == DEFAULT else choice
    if name not in names:
        raise ModelUnavailable(f"the {tier} tier's model {name!r} is not installed; "
                               f"installed: {', '.join(names)}")
    return name, steps


def _frames(folder: Path) -> int | None:
    """The frames of one clip of the checkpoint in `folder`, from its denoiser's config (what
    the pipeline makes); None where it does not say."""
    try:
        frames = json.loads((folder / "denoiser" / "config.json").read_text())["frames"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return frames if isinstance(frames, int) and frames > 0 else None


def _weights_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and p.suffix in (".safetensors", ".bin", ".pt", ".ckpt", ".pth")
               and p.name != "train_state.pt")


def _unknown(name: str, known: list[str]) -> UnknownModel:
    return UnknownModel(f"no model named {name!r}; known models: {', '.join(known) or 'none'}",
                        possible=tuple(known))
