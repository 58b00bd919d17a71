"""Video generators behind one interface: Reelworld's own model, or any local diffusers
text-to-video pipeline directory (Wan, LTX-Video, CogVideoX ...).

`VideoGenerator` is the port the rest of the system uses (the CLI, the sampler actors): prompts
and styles in, uint8 clips (B, T, H, W, 3) out, with a seed and a step count. Nothing here
downloads: a diffusers backend loads a directory that is already on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

Progress = Callable[[int, int], None]


class UnsupportedConditioning(ValueError):
    """The generator cannot take this conditioning (frames to continue, a clip to remix)."""


class PipelineFailed(RuntimeError):
    """A diffusers pipeline directory could not be loaded, or could not make the clip asked of
    it (a size its model does not take, a missing component ...): the message says which."""


class VideoGenerator(Protocol):
    """Makes clips from prompts; `fps` is the frame rate its clips are meant to play at."""

    fps: float

    def generate(self, prompts: Sequence[str], styles: Sequence[str | None], *, seed: int,
                 steps: int, guidance: float = 2.0, progress: Progress | None = None,
                 **conditioning) -> np.ndarray:
        """`conditioning` may hold known/known_mask (continue frames) or init/strength (remix);
        a generator that cannot take them raises UnsupportedConditioning."""
        ...


def sample_shots(generator: VideoGenerator, captions: Sequence[str], style: str, *, seed: int,
                 steps: int, guidance: float, keep: int = 4, first: dict | None = None,
                 seed_limit: int = 2**31 - 1, progress: Progress | None = None) -> np.ndarray:
    """uint8 (T, H, W, 3): one clip per caption, each after the first continuing the last
    `keep` frames of the one before (so the shots share one world), joined without the
    repeated frames. Shot i samples with seed + i; `first` conditions the first shot (a
    remix's noised source); `progress` is handed to each shot's denoising loop."""
    from generation.model.conditioning import continuation

    parts, previous = [], None
    for i, text in enumerate(captions):
        conditioning, overlap = dict(first or {}) if previous is None else {}, 0
        if previous is not None and min(keep, len(previous) - 1) > 0:
            overlap = min(keep, len(previous) - 1)
            conditioning = continuation(previous, getattr(generator, "frames", len(previous)),
                                        getattr(generator, "size", previous.shape[1]), overlap)
        clip = generator.generate([text], [style], seed=(seed + i) % seed_limit, steps=steps,
                                  guidance=guidance, progress=progress, **conditioning)[0]
        parts.append(clip[overlap:])
        previous = clip
    return np.concatenate(parts)


def shot_bounds(shots: int, length: int, keep: int = 4) -> tuple[int, ...]:
    """Where each shot's own frames begin in `sample_shots`' joined clip when every shot is
    `length` frames (each after the first without the frames it continues), then where the
    clip ends: `shots` + 1 numbers."""
    fresh = length - min(keep, length - 1)
    return (0, *(length + i * fresh for i in range(shots)))


REELWORLD_FPS = 8.0
"""The frame rate the project's own models' clips play at (the world data's)."""


class ReelworldGenerator:
    """The project's own denoiser (generation/weights/<name>) through ReelworldPipeline."""

    def __init__(self, pipeline, fps: float = REELWORLD_FPS):
        self.pipeline = pipeline
        self.fps = fps

    @classmethod
    def from_pretrained(cls, path: str | Path, fps: float = REELWORLD_FPS, text_encoder=None,
                        precision: str = "fp32"):
        """The model in a weights folder. Raises FileNotFoundError (no weights there) and
        WeightsError (damaged weights: the message says which file and what is wrong)."""
        from generation.model.pipeline import ReelworldPipeline

        return cls(ReelworldPipeline.from_pretrained(path, text_encoder, precision=precision), fps)

    @property
    def frames(self) -> int:
        return self.pipeline.frames

    @property
    def size(self) -> int:
        return self.pipeline.size

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None, **conditioning):
        import torch  # here, with the model: the module's helpers (sample_shots) load without it

        gen = torch.Generator().manual_seed(seed)
        return self.pipeline(prompts, styles, generator=gen, steps=steps, guidance=guidance,
                             progress=progress, **conditioning)


# the frame rate each family's clips are made for (its model card's export fps); LTX-Video's
# pipeline takes it as a call argument, frame_rate, which wins when given
FAMILY_FPS = {"CogVideoX": 8.0, "Wan": 16.0, "LTX": 25.0}


def family_fps(pipe, call_kwargs: dict) -> float:
    """The frame rate a loaded pipeline's clips play at: its `frame_rate` call argument, else
    its family's (FAMILY_FPS, by class name), else 16."""
    if "frame_rate" in call_kwargs:
        return float(call_kwargs["frame_rate"])
    name = type(pipe).__name__
    return next((fps for family, fps in FAMILY_FPS.items() if name.startswith(family)), 16.0)


class DiffusersGenerator:
    """Any diffusers text-to-video pipeline saved in a local directory (`save_pretrained`).

    Styles become words appended to the prompt. `call_kwargs` pass through to the pipeline
    (height, width, num_frames, ...). `fps` defaults to the family's (`family_fps`). Raises
    FileNotFoundError when `path` is not a pipeline, PipelineFailed when it cannot be loaded
    (and `generate` when it cannot make the clip).
    """

    def __init__(self, path: str | Path, fps: float | None = None, dtype=None, **call_kwargs):
        from diffusers import DiffusionPipeline

        if not Path(path).exists():
            raise FileNotFoundError(f"{path} does not exist")
        if (Path(path) / "denoiser" / "config.json").exists():
            raise FileNotFoundError(f"{path} holds Reelworld's own weights, not a diffusers pipeline: "
                                    "leave out --diffusers")
        if not (Path(path) / "model_index.json").exists():
            raise FileNotFoundError(f"{path} holds no diffusers pipeline (model_index.json)")
        kwargs = {} if dtype is None else {"dtype": dtype}  # e.g. torch.bfloat16 on a GPU
        try:
            self.pipe = DiffusionPipeline.from_pretrained(str(path), **kwargs)
        except (OSError, ValueError, TypeError, ImportError, AttributeError) as exc:
            raise PipelineFailed(f"{path}: the diffusers pipeline could not be loaded: {exc}") from exc
        self.path = Path(path)
        self.pipe.set_progress_bar_config(disable=True)
        self.fps = fps or family_fps(self.pipe, call_kwargs)
        self.call_kwargs = call_kwargs

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None, **conditioning):
        if conditioning:
            raise UnsupportedConditioning(
                f"the diffusers backend makes clips from text only; it cannot take {', '.join(sorted(conditioning))}"
            )
        import torch

        texts = [p if s is None else f"{p}, {s} style" for p, s in zip(prompts, styles)]

        def on_step(pipe, i, t, kwargs):
            if progress is not None:
                progress(i + 1, steps)
            return kwargs

        try:
            out = self.pipe(prompt=texts, num_inference_steps=steps, guidance_scale=guidance,
                            generator=torch.Generator().manual_seed(seed), output_type="np",
                            callback_on_step_end=on_step, **self.call_kwargs)
        except (RuntimeError, ValueError, TypeError) as exc:
            options = ", ".join(f"{k}={v}" for k, v in self.call_kwargs.items()) or "its defaults"
            raise PipelineFailed(f"the diffusers pipeline in {self.path} could not make a clip "
                                 f"with {options}: {exc}") from exc
        frames = np.asarray(out.frames, np.float32)
        return np.clip(np.round(frames * 255), 0, 255).astype(np.uint8)
