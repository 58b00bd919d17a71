"""From world samples and requests to model inputs: clip length, pixel range, style index,
and a character's appearance code.

The appearance code is what a character slot carries into the denoiser: whether a character
is present, its colour (RGB in [0, 1]), its size and a spare lane for a learned likeness. In
training it is read from the first figure in the ScenePlan, so the slot is learned, not dead.
"""

from __future__ import annotations

import numpy as np

from generation.world.catalog import PALETTE, SIZES
from generation.world.plan import ObjectSpec, ScenePlan

# The denoiser's inputs (model.py imports them from here, so this module loads without torch)
STYLES = ("realistic", "cinematic", "anime")
NULL_STYLE = len(STYLES)
TEXT_DIM = 384
APPEARANCE_DIM = 8


class ConditioningError(ValueError):
    """A request names a style, colour or clip the model cannot take."""


def style_index(style: str | None) -> int:
    """Index of `style` in STYLES; None gives the null style. Raises ConditioningError."""
    if style is None:
        return NULL_STYLE
    if style not in STYLES:
        raise ConditioningError(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    return STYLES.index(style)


def appearance_code(character: ObjectSpec | None) -> np.ndarray:
    """(APPEARANCE_DIM,) float32: zeros without a character, else presence, RGB, size."""
    code = np.zeros(APPEARANCE_DIM, np.float32)
    if character is None:
        return code
    if character.colour not in PALETTE:
        raise ConditioningError(f"unknown colour {character.colour!r}")
    code[0] = 1.0
    code[1:4] = np.asarray(PALETTE[character.colour], np.float32) / 255.0
    code[4] = SIZES.get(character.size, 1.0) - 1.0
    return code


def plan_appearance(plan: ScenePlan) -> np.ndarray:
    """The appearance code of the plan's first figure (zeros when it has none)."""
    figure = next((o for o in plan.objects if o.kind == "figure"), None)
    return appearance_code(figure)


def prompt_appearance(prompt: str) -> np.ndarray:
    """The appearance code of the first figure `prompt` names (zeros when it names none, or
    names it without a colour: "a person jumps"), read
    from the words as a caption says it ("a green person"): training gave every clip its first
    figure's code, so zeros only ever meant "no figure", and a sampler sending zeros for a
    prompt with a figure asked the model to leave it out."""
    from generation.metrics.adherence import plan_from_prompt

    figure = next((o for o in plan_from_prompt(prompt).objects if o.kind == "figure"), None)
    return appearance_code(figure if figure is not None and figure.colour in PALETTE else None)


def fit_frames(frames: np.ndarray, length: int) -> np.ndarray:
    """(T0, H, W, 3) -> (length, H, W, 3): truncated, or padded by holding the last frame."""
    if len(frames) >= length:
        return frames[:length]
    pad = np.repeat(frames[-1:], length - len(frames), axis=0)
    return np.concatenate([frames, pad], axis=0)


def shots_fit(plan, fps: float, frames: int, least: int = 3) -> bool:
    """Whether every shot of `plan` keeps `least` frames within the first `frames` (a clip
    is fitted to the model's length by truncation, which can cut later shots off)."""
    start = 0.0
    for shot in plan.shots:
        if int(round(start * fps)) + least > frames:
            return False
        start += shot.end_s - shot.start_s
    return True


def continuation(previous: np.ndarray, frames: int, size: int, keep: int = 4) -> dict:
    """Conditioning that makes a clip of `frames` frames of `size` pixels begin with the last
    `keep` frames of `previous` (T, H, W, 3) uint8, resized to the model's size: the next shot
    of a chain. {"known": (1, frames, size, size, 3) uint8, "known_mask": (1, frames)}."""
    from PIL import Image

    tail = previous[-keep:] if keep > 0 else previous[:0]
    if tail.shape[1:3] != (size, size):
        tail = np.stack([np.asarray(Image.fromarray(f).resize((size, size), Image.BILINEAR))
                         for f in tail]) if len(tail) else np.zeros((0, size, size, 3), np.uint8)
    known = np.zeros((1, frames, size, size, 3), np.uint8)
    known[0, :len(tail)] = tail
    mask = (np.arange(frames) < len(tail)).astype(np.float32)[None]
    return {"known": known, "known_mask": mask}


def to_model(frames: np.ndarray) -> np.ndarray:
    """uint8 (..., T, H, W, 3) -> float32 (..., T, 3, H, W) in [-1, 1]."""
    x = np.asarray(frames, np.float32) / 127.5 - 1.0
    return np.moveaxis(x, -1, -3)


def from_model(x: np.ndarray) -> np.ndarray:
    """float (..., T, 3, H, W) in [-1, 1] -> uint8 (..., T, H, W, 3)."""
    x = np.moveaxis(np.asarray(x, np.float32), -3, -1)
    return np.clip(np.round((x + 1.0) * 127.5), 0, 255).astype(np.uint8)
