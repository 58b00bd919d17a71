"""Static structure seen in a shot's background: the water surface and the hoop."""

from __future__ import annotations

import msgspec
import numpy as np
from scipy import ndimage

LINE_LEVEL, LINE_LEVEL_DARK = 130, 90  # a water line's least channel exceeds the first, or at
# night (where 2.5 x the picture's median least channel is lower) that, down to the second
LINE_SHOWN = 0.7  # fraction of the picture's width (its middle three quarters) a water line shows
LINE_HIDDEN_ONCE = 0.55  # ...or this, where one thing hides the rest of it
LINE_CONTEXT = 3 / 64  # of the picture's height: how far from a water line its surroundings are read


class HoopView(msgspec.Struct, frozen=True):
    """A hoop in pixels: the backboard's column, the rim's row and its front end."""

    board_x: float
    rim_y: float
    front_x: float
    board_top: float
    board_bottom: float


def water_surface(background: np.ndarray, top: int, bottom: int) -> float | None:
    """Row of the water surface: a bright line across the picture with a bluish body below.
    None when the shot shows no water."""
    img = background[top:bottom].astype(np.float32)
    h, w = img.shape[:2]
    core = img[:, w // 8: w - w // 8]
    lum = core.mean(axis=2)
    # white at day; at night, graded and blurred, a thin line (the world draws it 2 px thick
    # at any size, so thinner in a larger picture) reads darker: bright for its picture
    least = core.min(axis=2)
    lit = least > min(LINE_LEVEL, max(LINE_LEVEL_DARK, 2.5 * float(np.median(least))))
    # a thing floating all through the shot is in the median background and hides the line
    # where it floats (a large crate in a close shot, a third of the picture's width): a row
    # broken in one place only may show less of itself
    gaps = (np.diff(lit.astype(np.int8), axis=1) == 1).sum(axis=1) + ~lit[:, 0]
    bright = (lit.mean(axis=1) > LINE_SHOWN) | ((lit.mean(axis=1) > LINE_HIDDEN_ONCE) & (gaps <= 1))
    # the line stands out of the rows a fixed share of the picture away (3 rows at 64 px): a
    # large frame draws an anime sky's cel bands with bright slivers a few rows thin
    k = max(3, round(LINE_CONTEXT * h))
    for row in np.nonzero(bright)[0]:
        if row < h * 0.2 or row > h - 4:
            continue
        line = lum[row].mean()
        if line < lum[max(0, row - k)].mean() + 10 or line < lum[min(h - 1, row + k)].mean() + 10:
            continue  # a smooth bright sky, or a sliver between its cel bands: not a surface line
        below = core[row + 2:].reshape(-1, 3).mean(axis=0)
        above = core[max(0, row - 6):row - 1].reshape(-1, 3).mean(axis=0)
        if below[2] > below[0] + 15 and abs(above - below).max() > 8:
            return float(row + top)
    return None


def _saturation(background: np.ndarray) -> np.ndarray:
    f = background.astype(np.float32) / 255.0
    mx, mn = f.max(axis=2), f.min(axis=2)
    return (mx - mn) / np.maximum(mx, 1e-6)


def _thickness(sat: np.ndarray, blob: np.ndarray) -> float:
    """Rows a bar covers: the median over its columns of the pixels near its own strongest
    saturation (H.264 bleeds a thin red rim's chroma into the rows above and below it,
    more faintly, and a board or pole may stand at one end)."""
    core = blob & (sat >= 0.8 * np.percentile(sat[blob], 90))
    return float(np.median(core.sum(axis=0)[blob.any(axis=0)]))


def _rim_mask(background: np.ndarray) -> np.ndarray:
    f = background.astype(np.float32) / 255.0
    mx = f.max(axis=2)
    sat = _saturation(background)
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    # red to orange; H.264's halved chroma bleeds the backdrop's blue and grey into a rim
    # one or two pixels thick, and night dims it, so the bounds leave room for both
    hue_ok = (r >= g) & (r >= b) & (g < 0.6 * r + 0.05) & (b < 0.55 * r)
    return hue_ok & (sat > 0.4) & (mx > 0.2)


def find_hoop(background: np.ndarray, scale: float | None = None) -> HoopView | None:
    """The hoop, from its red-orange rim (a short horizontal bar in the upper picture) and the
    brighter end of it where the backboard stands. None when no rim is seen."""
    h, w = background.shape[:2]
    labels, _ = ndimage.label(_rim_mask(background))
    sat = _saturation(background)
    best, y = None, 0.0
    for k, sl in enumerate(ndimage.find_objects(labels), start=1):
        blob = labels[sl] == k
        hh, ww = _thickness(sat[sl], blob), sl[1].stop - sl[1].start
        if ww < max(3, 0.04 * w) or ww < 1.7 * hh or sl[0].start > 0.6 * h:
            continue
        if best is None or ww > best[1].stop - best[1].start:
            rows = (blob & (sat[sl] >= 0.8 * np.percentile(sat[sl][blob], 90))).sum(axis=1)
            best, y = sl, sl[0].start + float(np.average(np.arange(len(rows)), weights=rows))
    if best is None:
        return None
    x0, x1 = best[1].start, best[1].stop - 1
    length = x1 - x0 + 1
    px_per_m = scale or length / 1.0
    above = slice(max(0, int(y - 0.8 * px_per_m)), max(1, int(y - 1)))
    lum = background.astype(np.float32).mean(axis=2)

    def contrast(x: int, outward: int) -> float:
        """How much the column above the rim end stands out from the backdrop beyond it."""
        end = lum[above, max(0, x - 1):min(w, x + 2)]
        far = lum[above, min(w - 1, max(0, x + 4 * outward))]
        return float(np.median(np.abs(end - far[:, None]).max(axis=1)))

    def standing(x: int, outward: int) -> float:
        """How much the column above the rim end stands out from the backdrop on both sides
        of it: a board is a line of its own; the edge of a building behind the rim's front
        end differs from one side only."""
        end = lum[above, max(0, x - 1):min(w, x + 2)]
        sides = [lum[above, min(w - 1, max(0, x + k * outward))] for k in (4, -3)]
        return float(np.median(np.minimum(*(np.abs(end - f[:, None]).max(axis=1) for f in sides))))

    left, right = contrast(x0, -1), contrast(x1, 1)
    if max(left, right) < 15:
        return None  # no backboard standing at either end: not a hoop
    s_left, s_right = standing(x0, -1), standing(x1, 1)
    if abs(s_left - s_right) >= 8:
        left, right = s_left, s_right
    board, front = (x0, x1) if left > right else (x1, x0)
    return HoopView(float(board), float(y), float(front), float(y - 1.1 * px_per_m),
                    float(y + 0.3 * px_per_m))
