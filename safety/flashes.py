"""Flash counting for the photosensitivity check (WCAG 2.3.1, ITU-R BT.1702), on the pixels.

Two kinds of flash, each a pair of opposing transitions over a large enough area:
- general: a change of relative luminance of at least 0.1 where the darker state is below 0.8;
- red (the WCAG "pair of opposing transitions involving a saturated red", Harding and Binnie's
  working definition): a change of more than 20 in 320 x max(R - G - B, 0), on linear sRGB
  values from 0 to 1, where either state is a saturated red, R / (R + G + B) >= 0.8.

Large enough: at least a quarter of the whole frame (broadcast's rule, BT.1702), or at least a
quarter of any 10-degree field of view (WCAG: 0.006 steradians), which WCAG puts at a 341 x 256
rectangle anywhere on a 1024 x 768 screen seen at 22 to 26 inches. A clip is measured as if
played full screen on that reference screen (fitted, aspect kept): the larger a clip is shown,
the larger its flashes look, and WCAG chose that low-resolution screen to be conservative. So
a square clip's field is 0.44 of its width by 0.33 of its height, whatever its pixel count, and
a flashing patch of about 4% of the frame can fail where a quarter of the frame was needed.

Each field (every position of the rectangle, one pixel apart) and the whole frame keeps its own
flashes; a clip's count is its worst area's most flashes in any one second. Pure numpy (no
Finding: the verdict is built in safety.output).
"""

from __future__ import annotations

import math

import msgspec
import numpy as np

FLASH_DELTA = 0.10
FLASH_AREA = 0.25
FLASH_DARK = 0.80
RED_SATURATION = 0.80
RED_SCALE = 320.0
RED_DELTA = 20.0
REFERENCE_SCREEN = (768, 1024)
"""WCAG's reference screen (height, width) in pixels, and its 10-degree field below."""
REFERENCE_FIELD = (256, 341)

_LINEAR = np.array([c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                    for c in np.arange(256) / 255.0], dtype=np.float32)
_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
_CHUNK_CELLS = 1 << 23  # integral-image cells summed at once (32 MiB of int32)


class FlashCount(msgspec.Struct, frozen=True, kw_only=True):
    """The most flashes of one kind in any one second, where and when: `box` is (top, left,
    height, width) in pixels of the frame, `start_s` when that second starts."""

    flashes: int
    box: tuple[int, int, int, int]
    start_s: float
    whole_frame: bool


class FlashReport(msgspec.Struct, frozen=True, kw_only=True):
    general: FlashCount
    red: FlashCount
    field: tuple[int, int]
    """The 10-degree field's (height, width) in pixels of the frame."""


def linear_rgb(frames: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(T, H, W, 3) uint8 sRGB -> linear R, G, B, each (T, H, W) in 0..1 (sRGB's curve)."""
    return tuple(_LINEAR[frames[..., i]] for i in range(3))


def _luminance(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Linear R, G, B -> relative luminance in 0..1 (WCAG definition)."""
    return _LUMA[0] * r + _LUMA[1] * g + _LUMA[2] * b


def red_value(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Linear R, G, B (`linear_rgb`) -> (320 x max(R - G - B, 0), whether R / (R + G + B)
    >= 0.8): WCAG's red flash measure, and whether a state is a saturated red."""
    total = r + g + b
    return RED_SCALE * np.maximum(r - g - b, 0.0), (total > 0) & (r >= RED_SATURATION * total)


def field_size(height: int, width: int) -> tuple[int, int]:
    """The 10-degree field, (height, width) in pixels of a `height` x `width` frame played full
    screen on the reference screen (at least one pixel, at most the frame)."""
    scale = min(REFERENCE_SCREEN[0] / height, REFERENCE_SCREEN[1] / width)  # screen px per frame px
    return (min(height, max(1, round(REFERENCE_FIELD[0] / scale))),
            min(width, max(1, round(REFERENCE_FIELD[1] / scale))))


def _area_transitions(changed: np.ndarray, field: tuple[int, int]) -> np.ndarray:
    """(N, H, W) bool pixels that changed at each transition -> (N, A) bool: whether a quarter
    of each area changed, areas being every position of the `field` rectangle, then the whole
    frame. Box sums come from an integral image, taken only for transitions where enough
    pixels changed anywhere to fill a quarter of one field."""
    n, h, w = changed.shape
    fh, fw = field
    ny, nx = h - fh + 1, w - fw + 1
    out = np.zeros((n, ny * nx + 1), bool)
    counts = changed.sum(axis=(1, 2))
    out[:, -1] = counts >= FLASH_AREA * h * w
    busy = np.flatnonzero(counts >= FLASH_AREA * fh * fw)
    chunk = max(1, _CHUNK_CELLS // ((h + 1) * (w + 1)))  # bounds the memory for large frames
    for start in range(0, busy.size, chunk):
        some = busy[start:start + chunk]
        integral = np.zeros((some.size, h + 1, w + 1), np.int32)
        np.cumsum(np.cumsum(changed[some], axis=1, dtype=np.int32), axis=2, out=integral[:, 1:, 1:])
        boxes = integral[:, fh:, fw:] - integral[:, :ny, fw:] - integral[:, fh:, :nx] + integral[:, :ny, :nx]
        out[some, :-1] = (boxes >= FLASH_AREA * fh * fw).reshape(some.size, -1)
    return out


def _flash_ends(rises: np.ndarray, falls: np.ndarray) -> np.ndarray:
    """(N, A) bool transitions up and down per area -> (N, A) bool: a flash completes there.

    A flash is a pair of opposing transitions; once a transition completes one, both are spent,
    so a 15 Hz flicker is 15 flashes a second, not 30. Transitions of one direction in a row are
    one change spread over frames (a smooth fade up), so a sine flicker is one flash a cycle. A
    transition both ways at once (one part brightens as another darkens) opposes either."""
    direction = rises.astype(np.int8) + 2 * falls.astype(np.int8)  # 0 none, 1 up, 2 down, 3 both
    unpaired = np.zeros(direction.shape[1], np.int8)
    last = np.zeros_like(unpaired)
    ends = np.zeros(direction.shape, bool)
    for t, d in enumerate(direction):
        moving = (d != 0) & ((d != last) | (d == 3))
        last = np.where(moving, d, last)
        ends[t] = moving & (unpaired != 0) & ((unpaired != d) | (d == 3))
        unpaired = np.where(ends[t], 0, np.where(moving, d, unpaired))
    return ends


def _worst_second(rises: np.ndarray, falls: np.ndarray, fps: float, frame: tuple[int, int],
                  field: tuple[int, int]) -> FlashCount:
    """The most flashes in any one second of any area, and where (areas as `_area_transitions`)."""
    h, w = frame
    fh, fw = field
    active = np.flatnonzero((rises | falls).any(axis=0))
    if active.size == 0:
        return FlashCount(flashes=0, box=(0, 0, h, w), start_s=0.0, whole_frame=True)
    ends = _flash_ends(rises[:, active], falls[:, active])
    window = max(1, round(fps))
    running = np.concatenate([np.zeros((1, active.size), np.int32), np.cumsum(ends, axis=0, dtype=np.int32)])
    span = min(window, len(ends))
    per_second = running[span:] - running[:-span]  # flashes ending in transitions [s, s + window)
    s, a = np.unravel_index(int(np.argmax(per_second)), per_second.shape)
    if active[-1] == rises.shape[1] - 1 and per_second[:, -1].max() == per_second[s, a]:
        s, a = int(np.argmax(per_second[:, -1])), active.size - 1  # the whole frame, where it ties
    area = int(active[a])
    whole = area == rises.shape[1] - 1
    nx = w - fw + 1
    box = (0, 0, h, w) if whole else (area // nx, area % nx, fh, fw)
    return FlashCount(flashes=int(per_second[s, a]), box=box, start_s=float(s / fps), whole_frame=whole)


def flash_report(frames: np.ndarray, fps: float) -> FlashReport:
    """General and red flashes of (T, H, W, 3) uint8 frames at `fps` (positive and finite,
    else ValueError): the worst area's most flashes in any one second, for each kind."""
    if not (math.isfinite(fps) and fps > 0):
        raise ValueError(f"a frame rate must be a positive number, not {fps}")
    t, h, w = frames.shape[:3]
    field = field_size(h, w) if h and w else (0, 0)
    if t < 2 or not (h and w):
        none = FlashCount(flashes=0, box=(0, 0, h, w), start_s=0.0, whole_frame=True)
        return FlashReport(general=none, red=none, field=field)
    if frames.dtype != np.uint8:  # levels 0..255 in another type: read as the video would hold them
        frames = np.clip(np.rint(np.nan_to_num(frames)), 0, 255).astype(np.uint8)
    r, g, b = linear_rgb(frames)
    luminance = _luminance(r, g, b)
    delta = np.diff(luminance, axis=0)
    eligible = np.minimum(luminance[:-1], luminance[1:]) < FLASH_DARK
    general = _worst_second(_area_transitions((delta >= FLASH_DELTA) & eligible, field),
                            _area_transitions((delta <= -FLASH_DELTA) & eligible, field), fps, (h, w), field)
    del luminance, delta, eligible
    value, saturated = red_value(r, g, b)
    red_delta = np.diff(value, axis=0)
    involved = saturated[:-1] | saturated[1:]
    red = _worst_second(_area_transitions((red_delta > RED_DELTA) & involved, field),
                        _area_transitions((red_delta < -RED_DELTA) & involved, field), fps, (h, w), field)
    return FlashReport(general=general, red=red, field=field)


def count_flashes(frames: np.ndarray, fps: float) -> int:
    """The most general flashes in any one second of any area of (T, H, W, 3) uint8 frames at
    `fps` (positive and finite, else ValueError); red flashes are in `flash_report`."""
    return flash_report(frames, fps).general.flashes
