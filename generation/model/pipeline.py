"""The sampler: prompts in, frames out, by the denoising loop alone (orchestration only).

`ReelworldPipeline` holds a denoiser, the training schedule's config and a text encoder; each
call builds a fresh solver (DPM-Solver++ by default) with the asked number of steps, so calls
are independent. Options:

- `guidance`: classifier-free guidance against "no text, no style" (1.0 turns it off);
- `known` + `known_mask`: frames the clip must keep (continue another shot's last frames);
- `init` + `strength`: remix, start from an existing clip noised to `strength` of the way.

Randomness comes only from the injected torch.Generator. Must not import the world simulator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import torch

from generation.model.checkpoints import load_denoiser
from generation.model.conditioning import from_model, prompt_appearance, style_index, to_model
from generation.model.model import APPEARANCE_DIM, NULL_STYLE, VideoDenoiser
from generation.model.schedulers import MAX_STEPS, MIN_STEPS, sampling_scheduler, training_noise

Progress = Callable[[int, int], None]


class SamplingError(ValueError):
    """Sampling arguments out of range (steps, strength, shapes)."""


class ReelworldPipeline:
    """Text-, style-, character- and frame-conditioned clip sampler for a VideoDenoiser."""

    def __init__(self, denoiser: VideoDenoiser, scheduler_config: dict, text_encoder,
                 solver: str = "dpmsolver++"):
        self.denoiser = denoiser.eval()
        self.scheduler_config = dict(scheduler_config)
        self.text_encoder = text_encoder
        self.solver = solver
        self.frames = denoiser.config.frames
        self.size = denoiser.config.size

    @property
    def device(self) -> torch.device:
        """Where the denoiser's weights are (move it with `pipe.denoiser.to(...)`)."""
        return next(self.denoiser.parameters()).device

    @classmethod
    def from_pretrained(cls, path: str | Path, text_encoder=None, solver: str = "dpmsolver++"):
        from generation.model.text import TextEncoder

        denoiser, sched = load_denoiser(path)
        return cls(denoiser, sched, text_encoder or TextEncoder(), solver)

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
        """The guided model output for latents `x` at timestep `t`."""
        if guidance == 1.0:
            return self.denoiser(x, t, *cond, known, mask)
        both = [torch.cat([c, n]) for c, n in zip(cond, null)]
        out = self.denoiser(torch.cat([x, x]), t, *both, torch.cat([known, known]),
                            torch.cat([mask, mask]))
        c, u = out.chunk(2)
        return u + guidance * (c - u)

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
        return from_model((x.clamp(-1, 1) * (1 - m) + known_x * m).cpu().numpy())
