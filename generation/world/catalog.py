"""The world's catalogue: object kinds with their physical properties, and the colour palette.

Sizes are those of a diorama (a basketball is 0.30 m in radius, about twice life size) so that
every ball stays a few pixels wide in a 64-pixel frame; densities are relative to water, so the
buoyancy outcome of each kind is the real one (a beach ball floats, a bowling ball sinks).
"""

from __future__ import annotations

import msgspec
import numpy as np


class Kind(msgspec.Struct, frozen=True):
    """Physical constants of one object kind (SI units, density relative to water)."""

    name: str
    radius: float
    density: float
    restitution: float
    friction: float
    material: str
    colours: tuple[str, ...]


KINDS: dict[str, Kind] = {
    "basketball": Kind("basketball", 0.30, 0.08, 0.80, 0.7, "rubber", ("orange", "red", "brown")),
    "tennis_ball": Kind("tennis_ball", 0.17, 0.40, 0.72, 0.6, "felt", ("yellow", "green", "pink")),
    "beach_ball": Kind("beach_ball", 0.42, 0.02, 0.60, 0.5, "vinyl", ("red", "blue", "pink", "yellow")),
    "bowling_ball": Kind("bowling_ball", 0.27, 2.20, 0.20, 0.3, "resin", ("black", "purple", "blue")),
    "crate": Kind("crate", 0.30, 0.60, 0.10, 0.6, "wood", ("brown", "orange", "green")),
    "figure": Kind("figure", 0.90, 1.00, 0.10, 0.8, "cloth", ("blue", "green", "purple", "red")),
}
SIZES = {"small": 0.8, "medium": 1.0, "large": 1.25}

# Colours as drawn in daylight, chosen to stay apart in hue after any style's grade.
PALETTE: dict[str, tuple[int, int, int]] = {
    "orange": (236, 116, 28),
    "red": (214, 36, 40),
    "brown": (132, 78, 40),
    "yellow": (232, 222, 40),
    "green": (52, 178, 64),
    "pink": (238, 110, 190),
    "blue": (40, 92, 228),
    "purple": (128, 48, 190),
    "black": (28, 28, 32),
    "white": (240, 240, 240),
}

WATER_DENSITY = 1000.0
GRAVITY = 9.81


def kind(name: str) -> Kind:
    """The catalogue entry for `name`; raises KeyError with the known kinds listed."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown object kind {name!r}; known: {', '.join(KINDS)}") from None


def radius_of(kind_name: str, size: str) -> float:
    """Radius (or half side, for crates) of an object of `kind_name` and `size`, in metres."""
    return kind(kind_name).radius * SIZES.get(size, 1.0)


_XYZ = np.array([[0.4124, 0.2126, 0.0193], [0.3576, 0.7152, 0.1192], [0.1805, 0.0722, 0.9505]], np.float32)
_WHITE = np.array([0.95047, 1.0, 1.08883], np.float32)


def lab(rgb) -> np.ndarray:  # noqa: ANN001 - an (..., 3) array or one (r, g, b)
    """CIELAB (D65) of sRGB values in 0-255, any leading shape: distances there follow what
    people see (the rewriter names CSS colours by it, the capture reads its subject in it)."""
    c = np.asarray(rgb, np.float32) / 255.0
    linear = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    xyz = (linear @ _XYZ) / _WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])],
                    axis=-1).astype(np.float32)
