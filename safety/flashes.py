"""Flash counting for the photosensitivity check (WCAG 2.3.1, ITU-R BT.1702), on the pixels.

A flash is a pair of opposing transitions; a transition is "the change in relative luminance (or
relative luminance/color for red flashing) between adjacent peaks and valleys in a plot of
relative luminance ... measurement against time" (WCAG 2.2, general flash and red flash
thresholds, note 2), as in BT.1702 and the Harding analyser: a change spread over frames counts
by its net size. A peak or valley is a turning point the values then go back from by at least a
transition's size, so smaller counter-moves (noise, ripples) neither cut a run into pieces nor
add up to flashes. Two kinds:
- general: relative luminance changes by at least 0.1, the darker state below 0.8;
- red, "a pair of opposing transitions involving a saturated red", by two working definitions,
  the larger count taken:
  - Harding and Binnie's, in WCAG 2.0's note: 320 x max(R - G - B, 0) on linear sRGB (0 to 1)
    changes by more than 20, a state of each transition a saturated red, R / (R + G + B) >= 0.8;
  - WCAG 2.2's note: "The new working definition in the field for 'pair of opposing transitions
    involving a saturated red' (from WCAG 2.2) is a pair of opposing transitions where, one
    transition is either to or from a state with a value R/(R + G + B) that is greater than or
    equal to 0.8, and the difference between states is more than 0.2 (unitless) in the CIE 1976
    UCS chromaticity diagram. [ISO 9241-391]" (u'v' here from linear sRGB through XYZ, D65).
  Both: WCAG 2.2 adds the second without withdrawing the first, which WCAG 2.0 and 2.1 rest on,
  and neither finds all the other's flashes (a dim red to a bright red of one hue only the
  first; a dark red to a purple, sRGB 90, 0, 0 and 160, 0, 150, only the second). The second
  sets no least light, but near black one level of blue moves a red's chromaticity by over 0.2
  (sRGB 1, 0, 0 to 1, 0, 1): a state is a saturated red for it only where the first could flash
  it against black (320 x (R - G - B) > 20). Adding sRGB's 1% viewing flare instead would leave
  it nothing the first or a general flash misses. Its runs are read on the u'v' distance from
  sRGB's red: states 0.2 apart, one a saturated red, differ in it by at least 0.085.

Over a large enough area, concurrently: a quarter of the whole frame (BT.1702) or of any
10-degree field of view (WCAG: 0.006 steradians), 341 x 256 pixels anywhere on a 1024 x 768
screen at 22 to 26 inches, the clip played full screen on it (fitted; WCAG chose it to be
conservative). Each pixel pairs its own transitions into flashes; an area (each field position,
one pixel apart, and the whole frame) flashes where a quarter of it completes a flash (its
second transition passing the midpoint) in one step, or in two neighbouring ones (noise moves a
slow transition's midpoint by a step). A clip's count is its worst area's most flashes in any
one second.

WCAG's exception: "Flashing that is a fine, balanced, pattern such as white noise or an
alternating checkerboard pattern with 'squares' smaller than 0.1 degree (of visual field at
typical viewing distance) on a side does not violate the thresholds." So light is averaged over
0.1-degree cells (3.41 pixels of the reference screen) before anything is measured, by the
narrowest Gaussian that leaves a full-contrast pattern of 0.1-degree squares or stripes a change
under 0.1; a flash of one colour keeps its size and area at any resolution.
Pure numpy and scipy (no Finding: the verdict is built in safety.output).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import msgspec
import numpy as np
from scipy import ndimage

FLASH_DELTA = 0.10
FLASH_AREA = 0.25
FLASH_DARK = 0.80
RED_SATURATION = 0.80
RED_SCALE = 320.0
RED_DELTA = 20.0
RED_CHROMA = 0.20
"""WCAG 2.2's red transition: its states more than this apart in the u'v' diagram."""
RED_CHROMA_TURN = 0.05
"""How far the u'v' distance from sRGB's red must go back to end a run (module docstring)."""
REFERENCE_SCREEN = (768, 1024)
"""WCAG's reference screen (height, width) in pixels, and its 10-degree field below."""
REFERENCE_FIELD = (256, 341)
FINE_PATTERN = REFERENCE_FIELD[1] / 100
"""0.1 degree in pixels of the reference screen: finer balanced patterns do not flash."""
CELL_SIGMA = math.sqrt(2 * math.log(4 / (math.pi * FLASH_DELTA))) / math.pi
"""The averaging Gaussian's standard deviation in cells (0.72): it leaves a square wave of
half-period one cell (contrast 1, fundamental 4 / pi) a change of FLASH_DELTA."""

_LINEAR = np.array([c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
                    for c in np.arange(256) / 255.0], dtype=np.float32)
_LUMA = np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)
_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]], np.float32)
_UCS = np.stack([_XYZ[0], _XYZ[1], _XYZ[0] + 15 * _XYZ[1] + 3 * _XYZ[2]])  # X, Y and u'v's denominator
_TRUNCATE = 3.0  # the Gaussian's reach in standard deviations
_CHUNK_CELLS = 1 << 23  # integral-image cells summed at once (32 MiB of int32)
_CHUNK_PIXELS = 1 << 16  # pixels whose runs are followed at once
_JUDGE = Callable[..., tuple[np.ndarray, np.ndarray]]  # ((start, end) values, (start, end) states) -> (is, involved)


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


def red_value(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Linear R, G, B (`linear_rgb`) -> (320 x max(R - G - B, 0), whether R / (R + G + B)
    >= 0.8): WCAG's red flash measure, and whether a state is a saturated red."""
    total = r + g + b
    return RED_SCALE * np.maximum(r - g - b, 0.0), (total > 0) & (r >= RED_SATURATION * total)


def chromaticity(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Linear R, G, B -> CIE 1976 UCS (u', v') through XYZ (sRGB primaries, D65). Black has
    none: 1e-8 of white added to every colour puts it at D65's white point and moves one level
    of sRGB above black by less than 0.0001."""
    x, y, denominator = (m[0] * r + m[1] * g + m[2] * b + 1e-8 * m.sum() for m in _UCS)
    return 4 * x / denominator, 9 * y / denominator


_RED_UV = tuple(float(c) for c in chromaticity(*np.eye(3, dtype=np.float32)[0]))


def field_size(height: int, width: int) -> tuple[int, int]:
    """The 10-degree field, (height, width) in pixels of a `height` x `width` frame played full
    screen on the reference screen (at least one pixel, at most the frame)."""
    scale = min(REFERENCE_SCREEN[0] / height, REFERENCE_SCREEN[1] / width)  # screen px per frame px
    return (min(height, max(1, round(REFERENCE_FIELD[0] / scale))),
            min(width, max(1, round(REFERENCE_FIELD[1] / scale))))


def _cell_sigma(height: int, width: int) -> float:
    """The averaging Gaussian's standard deviation in pixels of a `height` x `width` frame, or
    0 where a cell is so far under a pixel that it would change nothing."""
    sigma = CELL_SIGMA * FINE_PATTERN / min(REFERENCE_SCREEN[0] / height, REFERENCE_SCREEN[1] / width)
    return sigma if sigma >= 0.3 else 0.0


def _cell_average(channel: np.ndarray, sigma: float) -> np.ndarray:
    """(T, H, W) linear light averaged over 0.1-degree cells (`_cell_sigma`)."""
    return ndimage.gaussian_filter(channel, (0, sigma, sigma), mode="nearest", truncate=_TRUNCATE) if sigma else channel


def _first_runs(x: np.ndarray, turn: float) -> tuple[np.ndarray, ...]:
    """(T, P) values -> per pixel: the frame its first run is known at (its values spread by
    `turn`; T if never), whether it rises, and the value and last frame it starts from."""
    t_len, p = x.shape
    high, low, first = x[0].copy(), x[0].copy(), np.full(p, t_len)
    rising, base = np.zeros(p, bool), np.zeros(p, x.dtype)
    for t in range(1, t_len):
        np.maximum(high, x[t], out=high)
        np.minimum(low, x[t], out=low)
        new = np.flatnonzero((first == t_len) & (high - low >= turn))
        first[new], rising[new] = t, x[t, new] >= high[new]
        base[new] = np.where(rising[new], low[new], high[new])
    start = np.zeros(p, np.intp)
    for t in range(t_len - 1):
        start += ((x[t] == base) & (t < first)) * (t - start)  # the last frame at the base before `first`
    return first, rising, base, start


def _pixel_flashes(x: np.ndarray, turn: float, judge: _JUDGE, states: np.ndarray) -> np.ndarray:
    """(T, P) values of P pixels -> (T - 1, P) bool: where each pixel completes a flash, at the
    step (frame t to t + 1) where the flash's second transition passes its midpoint.

    A run goes from one turning point to the next: an extreme the values go back from by `turn`
    or more. `judge` takes each run's (start, end) values and (start, end) `states` (K, T, P) and
    says if it is a transition and if it involves a saturated red: two opposing transitions, one
    involved, are a flash, and then both are spent (a 15 Hz flicker is 15 flashes a second);
    transitions of one direction in a row are one. Row arithmetic: masked `where` is slower."""
    t_len, p = x.shape
    flashes = np.zeros((t_len - 1, p), bool)
    first, rising, base0, start0 = _first_runs(x, turn)
    order = np.argsort(first, kind="stable")
    bounds = np.searchsorted(first[order], np.arange(t_len + 1))
    sign, ext, base, open_sign = (np.zeros(p, np.float32) for _ in range(4))
    ext_last, start = np.zeros(p, np.intp), np.zeros(p, np.intp)
    at_ext, at_base = np.zeros((2, len(states), p), np.float32)  # the states at the extreme and the start
    open_involved = np.zeros(p, bool)

    def close(ending: np.ndarray) -> None:  # the runs of the `ending` pixels end at their extremes
        nonlocal open_sign, open_involved
        counts, involved = judge((base, ext), (at_base, at_ext))
        counts &= ending
        done = counts & (open_sign == -sign)
        if involved is not np.True_:
            done &= open_involved | involved
            same = open_sign == sign
            open_involved = ~done & ((counts & (involved | (open_involved & same))) | (~counts & open_involved))
        where = np.flatnonzero(done)
        flashes[_midpoints(x, where, start[where], (base[where] + ext[where]) / 2, sign[where]), where] = True
        open_sign = (open_sign + counts * (sign - open_sign)) * ~done

    for t in range(1, t_len):
        v = x[t]
        back = sign * (ext - v)  # how far the values went back from the run's extreme
        turned = back >= turn
        if turned.any():
            close(turned)
            base += turned * (ext - base)
            at_base += turned * (at_ext - at_base)
            start += turned * (ext_last - start)
            sign -= (2 * sign) * turned
        held = (back <= 0) | turned  # at the extreme (a turned pixel's is this frame)
        ext += held * (v - ext)
        ext_last += held * (t - ext_last)
        at_ext += held * (states[:, t] - at_ext)
        new = order[bounds[t]:bounds[t + 1]]
        sign[new], ext[new], base[new], start[new] = np.where(rising[new], 1, -1), v[new], base0[new], start0[new]
        ext_last[new], at_ext[:, new], at_base[:, new] = t, states[:, t, new], states[:, start0[new], new]
    close(sign != 0)
    return flashes


def _midpoints(x: np.ndarray, cols: np.ndarray, start: np.ndarray, middle: np.ndarray, sign: np.ndarray) -> np.ndarray:
    """The first steps from `start` where pixels `cols` of `x` reach `middle` going the way of
    `sign`: the same for all pixels of a flashing area whatever their contrast."""
    steps, todo = start.copy(), np.arange(cols.size)
    while todo.size:
        todo = todo[sign[todo] * (x[steps[todo] + 1, cols[todo]] - middle[todo]) < 0]
        steps[todo] += 1
    return steps


def _completions(x: np.ndarray, turn: float, judge: _JUDGE, candidates: np.ndarray,
                 states: np.ndarray | None = None) -> np.ndarray:
    """(T, P) values -> (T - 1, P) bool: where each pixel completes a flash (`_pixel_flashes`,
    with `states` (K, T, P), none by default), followed only for `candidates`, in chunks."""
    t_len, p = x.shape
    states = np.zeros((0, t_len, p), np.float32) if states is None else states
    out = np.zeros((t_len - 1, p), bool)
    chosen = np.flatnonzero(candidates)
    for at in range(0, chosen.size, _CHUNK_PIXELS):
        cols = chosen[at:at + _CHUNK_PIXELS]
        _put_columns(out, cols, _pixel_flashes(_columns(x, cols), turn, judge, _columns(states, cols)))
    return out


def _columns(a: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """a[..., cols] for ascending `cols`: a view where they are a range, else np.take (numpy's
    fancy indexing of columns is many times slower)."""
    return a[..., cols[0]:cols[-1] + 1] if cols.size and cols[-1] - cols[0] == cols.size - 1 else np.take(a, cols, -1)


def _put_columns(out: np.ndarray, cols: np.ndarray, values: np.ndarray) -> None:
    """out[:, cols] = values for ascending `cols`: a slice where they are a range, else row by
    row (numpy's scatter to columns is many times slower)."""
    if cols.size and cols[-1] - cols[0] == cols.size - 1:
        out[:, cols[0]:cols[-1] + 1] = values
        return
    for row, value in zip(out, values, strict=True):
        row[cols] = value


def _general_completions(luminance: np.ndarray) -> np.ndarray:
    """(T, P) relative luminance -> (T - 1, P) bool: where pixels complete general flashes."""
    def judge(value, _):
        return (np.abs(value[1] - value[0]) >= FLASH_DELTA) & (np.minimum(*value) < FLASH_DARK), np.True_

    lowest, highest = luminance.min(axis=0), luminance.max(axis=0)
    return _completions(luminance, FLASH_DELTA, judge, (highest - lowest >= FLASH_DELTA) & (lowest < FLASH_DARK))


def _red_completions(r: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(T, P) linear R, G, B -> (T - 1, P) bool each: where pixels complete red flashes by the
    older working definition and by WCAG 2.2's (module docstring)."""
    value, saturated = red_value(r, g, b)

    def by_value(value, state):
        (before, after), ((saturated_before,), (saturated_after,)) = value, state
        return (np.abs(after - before) > RED_DELTA) & ((saturated_before + saturated_after) > 0), np.True_

    def by_chromaticity(_, state):
        (u0, v0, red0), (u1, v1, red1) = state
        return np.hypot(u1 - u0, v1 - v0) > RED_CHROMA, (red0 + red1) > 0

    candidates = saturated.any(axis=0) & (np.ptp(value, axis=0) > RED_DELTA)
    old = _completions(value, RED_DELTA, by_value, candidates, saturated[None].astype(np.float32))
    new = np.zeros_like(old)
    reddish = np.flatnonzero((saturated & (value > RED_DELTA)).any(axis=0))
    if reddish.size:  # pixels that are at times a red with light enough to flash
        r, g, b, value, saturated = (_columns(a, reddish) for a in (r, g, b, value, saturated))
        states = np.zeros((3, *r.shape), np.float32)  # u', v', and whether a red
        states[0], states[1] = chromaticity(r, g, b)
        states[2][saturated & (value > RED_DELTA)] = 1
        away = np.hypot(states[0] - _RED_UV[0], states[1] - _RED_UV[1])
        _put_columns(new, reddish, _completions(away, RED_CHROMA_TURN, by_chromaticity, np.ones(reddish.size, bool),
                                                states))
    return old, new


def _area_counts(completions: np.ndarray, field: tuple[int, int]) -> tuple[np.ndarray, tuple[int, int, int]]:
    """(N, H, W) bool -> ((N, A + 1) completions in the A field positions of a crop, in rows,
    then the whole frame; the crop's top, left and positions a row). Integral-image box sums,
    only at steps where a quarter field completes (with a neighbour) and a field around them."""
    n, h, w = completions.shape
    fh, fw = field
    total = completions.sum(axis=(1, 2))
    pair = np.concatenate([[0], total[:-1] + total[1:], [0]]) >= FLASH_AREA * fh * fw
    busy = np.flatnonzero(pair[:-1] | pair[1:])
    if not busy.size:
        return total[:, None].astype(np.int32), (0, 0, 0)
    rows, cols = (np.flatnonzero(completions[busy].any(axis=axis)) for axis in ((0, 2), (0, 1)))
    y0, x0 = max(0, rows[0] - fh + 1), max(0, cols[0] - fw + 1)
    y1, x1 = min(h, rows[-1] + fh), min(w, cols[-1] + fw)
    ny, nx = y1 - y0 - fh + 1, x1 - x0 - fw + 1
    counts = np.zeros((n, ny * nx + 1), np.int32)
    counts[:, -1] = total
    chunk = max(1, _CHUNK_CELLS // ((y1 - y0 + 1) * (x1 - x0 + 1)))  # bounds the memory for large frames
    for at in range(0, busy.size, chunk):
        some = busy[at:at + chunk]
        integral = np.zeros((some.size, y1 - y0 + 1, x1 - x0 + 1), np.int32)
        integral[:, 1:, 1:] = completions[some, y0:y1, x0:x1]
        for i in range(2, integral.shape[1]):  # row by row, then column by column: twice as fast as np.cumsum
            np.add(integral[:, i - 1], integral[:, i], out=integral[:, i])
        for j in range(2, integral.shape[2]):
            np.add(integral[:, :, j - 1], integral[:, :, j], out=integral[:, :, j])
        boxes = integral[:, fh:, fw:] - integral[:, :ny, fw:] - integral[:, fh:, :nx] + integral[:, :ny, :nx]
        counts[some, :-1] = boxes.reshape(some.size, -1)
    return counts, (y0, x0, nx)


def _area_flashes(counts: np.ndarray, quarter: np.ndarray) -> np.ndarray:
    """(N, A) completions per step and area -> (N, A) bool: where a quarter of an area completes
    in a step, or with the step before (noise moves pixels a step apart). The step after a flash
    is part of it: no pixel completes flashes in two steps running."""
    flashes = np.zeros(counts.shape, bool)
    carry, after = np.zeros(counts.shape[1], np.int32), np.zeros(counts.shape[1], bool)
    for t, step in enumerate(counts):
        flashes[t] = ~after & (step + carry >= quarter)
        carry, after = step * ~(flashes[t] | after), flashes[t]
    return flashes


def _worst_second(completions: np.ndarray, field: tuple[int, int], fps: float) -> FlashCount:
    """(N, H, W) bool completions -> the most flashes of any area in any one second, where and
    when (the whole frame where it ties)."""
    n, h, w = completions.shape
    counts, (y0, x0, nx) = _area_counts(completions, field)
    quarter = np.full(counts.shape[1], FLASH_AREA * field[0] * field[1])
    quarter[-1] = FLASH_AREA * h * w
    active = np.flatnonzero((counts[1:] + counts[:-1] >= quarter).any(axis=0) | (counts[0] >= quarter))
    if not active.size:
        return FlashCount(flashes=0, box=(0, 0, h, w), start_s=0.0, whole_frame=True)
    flashes = _area_flashes(_columns(counts, active), quarter[active])
    window = min(max(1, round(fps)), n)
    running = np.zeros((n + 1, active.size), np.int32)
    for t, row in enumerate(flashes):
        np.add(running[t], row, out=running[t + 1])
    per_second = running[window:] - running[:-window]  # flashes in steps [s, s + window)
    s, a = np.unravel_index(int(np.argmax(per_second)), per_second.shape)
    if active[-1] == counts.shape[1] - 1 and per_second[:, -1].max() == per_second[s, a]:
        s, a = int(np.argmax(per_second[:, -1])), active.size - 1  # the whole frame, where it ties
    area = int(active[a])
    whole = area == counts.shape[1] - 1
    box = (0, 0, h, w) if whole else (int(y0 + area // nx), int(x0 + area % nx), *field)
    return FlashCount(flashes=int(per_second[s, a]), box=box, start_s=float(s / fps), whole_frame=whole)


def _red_completions_in_frame(r: np.ndarray, g: np.ndarray, b: np.ndarray, luminance: np.ndarray,
                              sigma: float) -> tuple[np.ndarray, np.ndarray]:
    """(T, H, W) linear R, G, B and averaged luminance -> (T - 1, H, W) bool each: red flash
    completions by the two definitions, only where the Gaussian reaches a saturated red (none
    elsewhere after averaging); G comes from the averaged luminance, one Gaussian fewer."""
    t, h, w = r.shape
    old, new = np.zeros((2, t - 1, h * w), bool)
    total, reach = r + g + b, int(_TRUNCATE * sigma + 0.5) if sigma else 0
    near = ndimage.maximum_filter(((total > 0) & (r >= RED_SATURATION * total)).any(axis=0), 2 * reach + 1)
    if near.any():
        (top, bottom), (left, right) = ((k[0], k[-1] + 1) for k in (np.flatnonzero(near.any(axis=1)),
                                                                    np.flatnonzero(near.any(axis=0))))
        y0, x0 = max(0, top - reach), max(0, left - reach)
        box = (slice(None), slice(top, bottom), slice(left, right))
        if sigma:
            around = (slice(None), slice(y0, bottom + reach), slice(x0, right + reach))
            inside = (slice(None), slice(top - y0, bottom - y0), slice(left - x0, right - x0))
            r, b = (_cell_average(c[around], sigma)[inside] for c in (r, b))
            g = np.maximum((luminance[box] - _LUMA[0] * r - _LUMA[2] * b) / _LUMA[1], 0.0)
        else:
            r, g, b = r[box], g[box], b[box]
        at = np.flatnonzero(near[top:bottom, left:right])
        pixels = (top + at // (right - left)) * w + left + at % (right - left)
        for out, found in zip((old, new), _red_completions(*(_columns(c.reshape(t, -1), at) for c in (r, g, b))),
                              strict=True):
            _put_columns(out, pixels, found)
    return old.reshape(t - 1, h, w), new.reshape(t - 1, h, w)


def flash_report(frames: np.ndarray, fps: float) -> FlashReport:
    """General and red flashes of (T, H, W, 3) uint8 frames at `fps` (positive and finite,
    else ValueError): the worst area's most flashes in any one second, for each kind (red: the
    larger count of its two working definitions)."""
    if not (math.isfinite(fps) and fps > 0):
        raise ValueError(f"a frame rate must be a positive number, not {fps}")
    t, h, w = frames.shape[:3]
    field = field_size(h, w) if h and w else (0, 0)
    if t < 2 or not (h and w):
        none = FlashCount(flashes=0, box=(0, 0, h, w), start_s=0.0, whole_frame=True)
        return FlashReport(general=none, red=none, field=field)
    if frames.dtype != np.uint8:  # levels 0..255 in another type: read as the video would hold them
        frames = np.clip(np.rint(np.nan_to_num(frames)), 0, 255).astype(np.uint8)
    sigma = _cell_sigma(h, w)
    r, g, b = linear_rgb(frames)
    luminance = _cell_average(_LUMA[0] * r + _LUMA[1] * g + _LUMA[2] * b, sigma)  # relative luminance
    general = _worst_second(_general_completions(luminance.reshape(t, -1)).reshape(t - 1, h, w), field, fps)
    old, new = (_worst_second(found, field, fps) for found in _red_completions_in_frame(r, g, b, luminance, sigma))
    return FlashReport(general=general, red=new if new.flashes > old.flashes else old, field=field)


def count_flashes(frames: np.ndarray, fps: float) -> int:
    """The most general flashes in any one second of any area of (T, H, W, 3) uint8 frames at
    `fps` (positive and finite, else ValueError); red flashes are in `flash_report`."""
    return flash_report(frames, fps).general.flashes
