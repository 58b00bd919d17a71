"""Noise schedules: one diffusers DDPMScheduler defines training (v-prediction on a cosine
schedule); sampling uses a solver built from the same config, with a chosen step count.

The trained schedule's config is saved beside the weights (diffusers layout: scheduler/), so
a checkpoint always samples with the schedule it learned.
"""

from __future__ import annotations

from diffusers import DDIMScheduler, DDPMScheduler, DPMSolverMultistepScheduler

from generation.limits import MAX_STEPS, MIN_STEPS  # noqa: F401 - the sampler's bounds, named here too

SOLVERS = ("dpmsolver++", "ddim")


def training_scheduler(num_train_timesteps: int = 1000) -> DDPMScheduler:
    """The forward process: cosine betas, v-prediction targets."""
    return DDPMScheduler(num_train_timesteps=num_train_timesteps,
                         beta_schedule="squaredcos_cap_v2", prediction_type="v_prediction",
                         clip_sample=False)


def training_noise(train_config: dict) -> DDPMScheduler:
    """The training schedule of `train_config`, whose add_noise noises clean frames to a
    timestep exactly as training did."""
    return DDPMScheduler.from_config(train_config)


def sampling_scheduler(train_config: dict, solver: str = "dpmsolver++"):
    """A fresh solver for `train_config` (a DDPMScheduler config). Raises ValueError."""
    if solver == "dpmsolver++":
        return DPMSolverMultistepScheduler.from_config(
            train_config, algorithm_type="dpmsolver++", solver_order=2,
            timestep_spacing="trailing", final_sigmas_type="zero")
    if solver == "ddim":
        return DDIMScheduler.from_config(train_config, timestep_spacing="trailing",
                                         clip_sample=False, set_alpha_to_one=True)  # ends clean
    raise ValueError(f"unknown solver {solver!r}; choose from {', '.join(SOLVERS)}")
