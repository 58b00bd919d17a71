"""Naming colours seen in pixels: nearest palette colour in a lighting-tolerant space."""

from __future__ import annotations

import colorsys

import numpy as np

from generation.world.catalog import PALETTE


def _features(rgb) -> np.ndarray:
    r, g, b = (float(c) / 255.0 for c in rgb)
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    # hue on a circle weighted by saturation, which dimming (night, shading) leaves alone;
    # brightness counts less, mostly to tell black from white and brown from orange
    s = s if v > 0.12 else 0.0
    return np.array([s * np.cos(2 * np.pi * h), s * np.sin(2 * np.pi * h), 0.6 * v])


_NAMES = tuple(PALETTE)
_REFS = np.stack([_features(PALETTE[n]) for n in _NAMES])


def ranked_names(rgb) -> list[str]:
    """Palette colour names from nearest to farthest for an observed mean colour."""
    d = np.linalg.norm(_REFS - _features(rgb), axis=1)
    return [_NAMES[i] for i in np.argsort(d)]


def colour_name(rgb) -> str:
    """The palette name nearest to `rgb`."""
    return ranked_names(rgb)[0]


def matches(rgb, name: str, tolerance: int = 2) -> bool:
    """Whether `name` is among the `tolerance` nearest palette names to `rgb` (lighting and
    grading move colours; a neighbour in the palette is accepted, a far colour is not)."""
    return name in ranked_names(rgb)[:tolerance]
