"""The sampler: prompts in, frames out, by the denoising loop alone (orchestration only).

`ReelworldPipeline` holds a denoiser, the training schedule's config and a text encoder; each
call builds a fresh solver (DPM-Solver++ by default) with the asked number of steps, so calls
are independent. Options:

- `guidance`: classifier-free guidance against "no text, no style" (1.0 turns it off);
- `known` + `known_mask`: frames the clip must keep (continue another shot's last frames);
- `init` + `strength`: remix, start from an existing clip noised to `strength` of the way;
- `finish`: the style's finishing pass on the sampled frames (generation.model.finish: the
  anime style's speckle averaged out of its flat colours); on by default, False for the
  model's own frames;
- `precision`: "fp32" (the default), "bf16" (the denoiser in bf16 autocast; the solver's
  arithmetic stays fp32), or "auto": bf16 where the device computes bf16 natively (a CUDA card
  with bf16, a CPU with AVX512-BF16 or AMX), fp32 elsewhere. On a 2-core AVX512-BF16 CPU bf16
  samples 1.3x (batch 1) to 1.8x (batch 8) as fast; judged on the held-out prompts it is
  within noise of fp32 but not better (the weights README has the figures), so fp32 stays
  the default.

Randomness comes only from the injected torch.Generator. Must not import the world simulator.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch

from generation.model.checkpoints import load_denoiser, non_finite_weights
from generation.model.finish import finish as finish_for_style
from generation.model.conditioning import from_model, prompt_appearance, style_index, to_model
from generation.model.model import APPEARANCE_DIM, NULL_STYLE, VideoDenoiser
from generation.model.schedulers import MAX_STEPS, MIN_STEPS, sampling_scheduler, training_noise

Progress = Callable[[int, int], None]
PRECISIONS = ("fp32", "bf16", "auto")


class SamplingError(ValueError):
    """Sampling arguments out of range (steps, strength, shapes)."""


class WeightsError(ValueError):
    """A weights folder that is there but cannot be loaded: a truncated or damaged file, a
    config or index that is not JSON, weights that do not fit their config, weights that are not
    finite numbers. The message names the folder and what is wrong with it."""


# what diffusers, safetensors, torch and json raise on a damaged weights folder
_LOAD_FAILURES = (OSError, ValueError, KeyError, TypeError, RuntimeError)


def load_weights(path: str | Path) -> tuple[VideoDenoiser, dict]:
    """(denoiser, training-scheduler config) from a weights folder (load_denoiser). Raises
    FileNotFoundError for a folder or file that is not there, WeightsError for one that is
    there but damaged."""
    path = Path(path)
    try:
        denoiser, sched = load_denoiser(path)
    except FileNotFoundError:
        raise
    except _LOAD_FAILURES as exc:
        raise WeightsError(f"cannot load the model in {path}: {_damaged_file(path) or _reason(exc)}") from exc
    if bad := non_finite_weights(denoiser):
        raise WeightsError(f"cannot load the model in {path}: {len(bad)} of its weight tensors hold "
                           f"NaN or infinite values (first: {bad[0]}); the model would make no picture")
    return denoiser, sched


def _damaged_file(path: Path) -> str | None:
    """What is wrong with the first damaged file of a weights folder: a JSON file that does not
    parse, a safetensors file whose header does not match its size; None when none is."""
    from safetensors import SafetensorError, safe_open

    for file in sorted(path.glob("*/*.json")):
        try:
            json.loads(file.read_text())
        except (ValueError, UnicodeDecodeError) as exc:
            return f"{file.relative_to(path)} is not valid JSON ({exc})"
    for file in sorted(path.glob("*/*.safetensors")):
        try:
            with safe_open(str(file), "pt"):
                pass
        except (SafetensorError, OSError) as exc:
            return f"{file.relative_to(path)} is damaged or truncated ({exc})"
    return None


def _reason(exc: BaseException) -> str:
    """The first sentence of a load failure's message (diffusers adds paragraphs of advice), a
    shape mismatch said as what it is."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if "expected shape" in first:
        return "the weights do not fit denoiser/config.json: " + first.split("because ", 1)[-1]
    return first


@functools.cache
def cpu_has_bf16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """Whether this CPU has bf16 arithmetic (AVX512-BF16 or AMX), read from its flags.
    Where it has, bf16 autocast makes a sampling step 1.3-1.8x faster; where not, bf16 is
    emulated and can be slower than fp32. False where /proc/cpuinfo cannot be read (macOS,
    Windows)."""
    try:
        text = Path(cpuinfo).read_text()
    except OSError:
        return False
    return re.search(r"\b(avx512_bf16|amx_bf16)\b", text) is not None


def check_precision(precision: str) -> str:
    """`precision` if it is one of PRECISIONS; raises SamplingError otherwise."""
    if precision not in PRECISIONS:
        raise SamplingError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    return precision


def uses_bf16(precision: str, device: torch.device) -> bool:
    """Whether `precision` (PRECISIONS) runs the denoiser in bf16 autocast on `device`.
    Raises SamplingError for an unknown precision."""
    if check_precision(precision) != "auto":
        return precision == "bf16"
    if device.type == "cuda":  # Ampere (8.x) and later; older cards only emulate bf16
        return torch.version.hip is not None or torch.cuda.get_device_capability(device)[0] >= 8
    return device.type == "cpu" and cpu_has_bf16()


class ReelworldPipeline:
    """Text-, style-, character- and frame-conditioned clip sampler for a VideoDenoiser."""

    def __init__(self, denoiser: VideoDenoiser, scheduler_config: dict, text_encoder,
                 solver: str = "dpmsolver++", precision: str = "fp32", finish: bool = True):
        self.finish = finish
        self.denoiser = denoiser.eval()
        self.scheduler_config = dict(scheduler_config)
        self.text_encoder = text_encoder
        self.solver = solver
        self.precision = check_precision(precision)
        self.frames = denoiser.config.frames
        self.size = denoiser.config.size

    @property
    def device(self) -> torch.device:
        """Where the denoiser's weights are (move it with `pipe.denoiser.to(...)`)."""
        return next(self.denoiser.parameters()).device

    @classmethod
    def from_pretrained(cls, path: str | Path, text_encoder=None, solver: str = "dpmsolver++",
                        precision: str = "fp32", finish: bool = True):
        """The pipeline of a weights folder. Raises FileNotFoundError (no weights there) and
        WeightsError (damaged weights, with what is wrong)."""
        from generation.model.text import TextEncoder

        denoiser, sched = load_weights(path)
        return cls(denoiser, sched, text_encoder or TextEncoder(), solver, precision, finish)

    @property
    def bf16(self) -> bool:
        """Whether the denoiser runs in bf16 autocast (`precision` on the current device)."""
        return uses_bf16(self.precision, self.device)

    def _conditioning(self, prompts, styles, appearance):
        b = len(prompts)
        text = torch.from_numpy(self.text_encoder.encode(list(prompts)))
        style = torch.tensor([style_index(s) for s in styles], dtype=torch.long)
        if appearance is None:  # no character: the figure each prompt names, as in training
            appearance = np.stack([prompt_appearance(p) for p in prompts])
        app = torch.as_tensor(np.asarray(appearance, np.float32)).reshape(b, APPEARANCE_DIM)
        dev = self.device
        text, style, app = text.to(dev), style.to(dev), app.to(dev)
        null = (torch.zeros_like(text), torch.full_like(style, NULL_STYLE), app)
        return (text, style, app), null

    def _known(self, b: int, known, known_mask):
        t, s = self.frames, self.size
        dev = self.device
        if known is None:
            return torch.zeros(b, t, 3, s, s, device=dev), torch.zeros(b, t, device=dev)
        x = torch.from_numpy(to_model(np.asarray(known, np.uint8))).reshape(b, t, 3, s, s)
        return x.to(dev), torch.as_tensor(np.asarray(known_mask, np.float32)).reshape(b, t).to(dev)

    @torch.no_grad()
    def predict(self, x, t, cond, null, known, mask, guidance: float) -> torch.Tensor:
        """The guided model output (fp32) for latents `x` at timestep `t`."""
        if guidance == 1.0:
            return self._denoise(x, t, cond, known, mask)
        both = [torch.cat([c, n]) for c, n in zip(cond, null)]
        out = self._denoise(torch.cat([x, x]), t, both, torch.cat([known, known]), torch.cat([mask, mask]))
        c, u = out.chunk(2)
        return u + guidance * (c - u)

    def _denoise(self, x, t, cond, known, mask) -> torch.Tensor:
        with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self.bf16):
            return self.denoiser(x, t, *cond, known, mask).float()

    def __call__(self, prompts: Sequence[str], styles: Sequence[str | None], *,
                 generator: torch.Generator, steps: int = 25, guidance: float = 2.0,
                 appearance: np.ndarray | None = None, known: np.ndarray | None = None,
                 known_mask: np.ndarray | None = None, init: np.ndarray | None = None,
                 strength: float = 0.6, progress: Progress | None = None) -> np.ndarray:
        """Sample len(prompts) clips; returns uint8 (B, T, H, W, 3). `appearance` (B, 8) is a
        character's code per clip; without it each prompt's own figure is used
        (conditioning.prompt_appearance). Raises SamplingError (and ConditioningError for an
        unknown style)."""
        b = len(prompts)
        if not MIN_STEPS <= steps <= MAX_STEPS or len(styles) != b or b == 0:
            raise SamplingError(f"steps must be {MIN_STEPS}-{MAX_STEPS} and one style per prompt")
        if init is not None and not 0.0 < strength <= 1.0:
            raise SamplingError("remix strength must be in (0, 1]")
        cond, null = self._conditioning(prompts, styles, appearance)
        known_x, mask = self._known(b, known, known_mask)
        sched = sampling_scheduler(self.scheduler_config, self.solver)
        sched.set_timesteps(steps)
        shape = (b, self.frames, 3, self.size, self.size)
        x = (torch.randn(shape, generator=generator) * sched.init_noise_sigma).to(self.device)
        timesteps, start = sched.timesteps, 0
        if init is not None:
            start = min(steps - 1, int(round(steps * (1.0 - strength))))
            if hasattr(sched, "set_begin_index"):
                sched.set_begin_index(start)
            clean = torch.from_numpy(to_model(np.asarray(init, np.uint8))).reshape(shape).to(self.device)
            x = sched.add_noise(clean, x, timesteps[start:start + 1].repeat(b))
        m = mask[:, :, None, None, None]
        if known is not None:  # the known frames, noised as training noised them
            noising = training_noise(self.scheduler_config)
            known_noise = torch.randn(shape, generator=generator).to(self.device)
        for i, t in enumerate(timesteps[start:]):
            seen = x
            if known is not None:
                # The model saw known frames only as training noised them (add_noise at t), never
                # as the solver's own path, which drifts from them: continuations jumped at the seam.
                given = noising.add_noise(known_x, known_noise, t.reshape(1).repeat(b))
                seen = x * (1 - m) + given * m
            v = self.predict(seen, t, cond, null, known_x, mask, guidance)
            x = sched.step(v, t, x).prev_sample
            if progress is not None:
                progress(i + 1, len(timesteps) - start)
        clips = from_model((x.clamp(-1, 1) * (1 - m) + known_x * m).cpu().numpy())
        if not self.finish:
            return clips
        finished = finish_for_style(clips, styles)
        if known is not None:  # known frames stay exactly as given
            kept = mask.cpu().numpy() > 0
            finished[kept] = clips[kept]
        return finished
