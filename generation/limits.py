"""Bounds on what a generation may ask for, shared by the request checks (film), the sampler
(model.schedulers) and the chain's knobs (jobs.config, which must stay free of heavy imports):
one place, no imports."""

MIN_STEPS, MAX_STEPS = 1, 1000
"""Denoising steps the sampler takes."""
MIN_SIZE, MAX_SIZE = 256, 1024
"""Output height in pixels: every published video is at least 256 px."""
MAX_GUIDANCE = 20.0
"""Classifier-free guidance, from 1.0 (off)."""
REMIX_STRENGTH = 0.6
"""How far a remix departs from its source, in (0, 1], by default: it keeps the source's shapes
and changes what the prompt asks."""
MAX_SHOTS = 4
"""Shots in one video (a prompt's, a request's shot prompts, a world render's)."""
