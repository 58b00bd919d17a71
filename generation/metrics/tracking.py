"""Object tracking from pixels alone: background by temporal median, foreground blobs that
differ from it, shadow and ghost rejection, and tracks linked by position and colour.

Built to survive the three styles (grain, grading, blur, outlines, letterbox bars), low
resolutions down to about 32 pixels and large frames (256 px, where what the blur of a small
frame hides shows: an arm as wide as the torso beside it, a slow ball's edges around it): no
learned detector, no simulator state. Shots are cut at abrupt changes of the whole picture
and tracked separately.
"""

from __future__ import annotations

import msgspec
import numpy as np
from scipy import ndimage

MAX_MISS = 4
FILL_MIN_RADIUS = 4.0   # pixels: a smaller disc rasterises to a near square, its fill says nothing
ROUND_MIN_RADIUS = 5.0  # pixels: a smaller outline is read too coarsely
CUT_THRESHOLD = 4.5
TWIN = 12  # a pixel within this of another (every channel) is its twin: the same colour


class Detection(msgspec.Struct, frozen=True, array_like=True):
    """One blob in one frame: centre and radius in pixels, mean colour, elongation, how fully
    the blob fills its tightest (rotated) rectangle (about 0.79 for a disc, 1 for a square
    crate at any angle) and how fully its outline, holes filled, fills the disc through its
    farthest pixel (about 0.9 for a disc, 0.64 for a square at any angle); each 0 where the
    blob is too small to tell (FILL_MIN_RADIUS, ROUND_MIN_RADIUS: only measured where read)."""

    frame: int
    x: float
    y: float
    radius: float
    rgb: tuple[float, float, float]
    elongation: float
    static: bool = False
    fill: float = 0.0
    roundness: float = 0.0


class Track(msgspec.Struct, frozen=True):
    """An object followed through a shot: its detections, colour, and how it began and ended."""

    id: int
    shot: int
    detections: tuple[Detection, ...]
    rgb: tuple[float, float, float]
    radius: float
    elongation: float
    start_cause: str
    end_cause: str
    jumps: tuple[int, ...] = ()


class ShotTracks(msgspec.Struct, frozen=True):
    """Tracks of one shot, with its frame span and the active picture rows (letterbox)."""

    index: int
    start: int
    stop: int
    top: int
    bottom: int
    width: int
    tracks: tuple[Track, ...]


def block_mean(images: np.ndarray, b: int) -> np.ndarray:
    """Images (..., H, W, C) shrunk by averaging b x b blocks (float32; rows and columns past
    the last whole block are dropped)."""
    *lead, h, w, c = images.shape
    cut = images[..., : h // b * b, : w // b * b, :].astype(np.float32)
    return cut.reshape(*lead, h // b, b, w // b, b, c).mean(axis=(-4, -2))


def find_cuts(frames: np.ndarray) -> list[int]:
    """Indices of frames that start a new shot: the mean change of 16x16 block averages (which
    film grain and small moving objects barely touch) jumps above CUT_THRESHOLD."""
    small = block_mean(frames, max(1, min(frames.shape[1:3]) // 16))
    diffs = np.abs(np.diff(small, axis=0)).mean(axis=(1, 2, 3))
    base = float(np.median(diffs)) if len(diffs) else 0.0
    return [i + 1 for i, d in enumerate(diffs) if d > max(CUT_THRESHOLD, 4 * base)]


BAR_LEVEL = 12  # letterbox bars read below this (0 drawn, ~2-6 after noise); pictures above 20


def active_rows(frames: np.ndarray) -> tuple[int, int]:
    """(top, bottom) rows of the picture inside black letterbox bars, bottom exclusive."""
    return picture_rows(np.median(frames, axis=0))


def picture_rows(still: np.ndarray) -> tuple[int, int]:
    """`active_rows` from a shot's median frame (its background, which the tracker has already).

    A row is picture where its median brightness across the frame exceeds BAR_LEVEL: bars
    stay bars with speckle in them (a sampled clip's noise, compression), and the darkest
    picture the world draws (a graded night sky under the vignette) reads 20 or more."""
    rows = np.median(still.mean(axis=-1, dtype=np.float32), axis=1)
    lit = np.nonzero(rows > BAR_LEVEL)[0]
    return (int(lit[0]), int(lit[-1]) + 1) if len(lit) else (0, still.shape[0])


def detect(frame: np.ndarray, background: np.ndarray, index: int, threshold: float) -> list[Detection]:
    """Blobs of `frame` that differ from `background`, minus shadows and ghosts."""
    h, w = frame.shape[:2]
    diff = np.abs(frame.astype(np.int16) - background.astype(np.int16)).max(axis=2)
    mask = diff > threshold
    labels, _ = ndimage.label(mask, structure=np.ones((3, 3)))
    min_area = max(4, int(0.0008 * h * w))
    out = []
    for k, sl in enumerate(ndimage.find_objects(labels), start=1):
        blob = labels[sl] == k
        area = int(blob.sum())
        if area < min_area:
            continue
        part = _standing_out(frame, sl, blob, min_area)
        det = _describe(frame, background, *part, index, threshold,
                        whole=part[1] is blob and not _ring_like(blob)) if part is not None else None
        if det is not None:
            out.append(det)
    return out


def _standing_out(frame: np.ndarray, sl, blob: np.ndarray, min_area: int):
    """(slice, mask) of the blob, or None where it is a ghost: its pixels find twins in the
    ring around it (`blends_in`). A blob that blends in may still hold a thing: a moving
    object joined to its own resting place (the median background holds it there, the frame
    shows the scenery), or a ball in a raised hand joined to where the arm hangs in the
    background. Where the pixels without a twin make a compact part (no sliver) of at least
    a quarter of the blob, as large as a disc of twice FILL_MIN_RADIUS, that does not blend
    in by itself, that part is the thing. Only large things are split: in small frames blur
    keeps such joined blobs from blending in (an arm is mixed with the sky around it), and
    splitting a small blob loses more (a ball sinking into water) than it finds."""
    ring = surround_pixels(frame, sl, blob)
    if not blends_in(frame[sl][blob], ring):
        return sl, blob
    r = ring[:: max(1, len(ring) // 128)].astype(np.float32)
    p = frame[sl][blob].astype(np.float32)
    own = np.zeros_like(blob)
    own[blob] = np.abs(p[:, None, :] - r[None, :, :]).max(axis=2).min(axis=1) >= TWIN
    labels, n = ndimage.label(own, structure=np.ones((3, 3)))
    if n == 0:
        return None
    sizes = ndimage.sum_labels(own, labels, index=np.arange(1, n + 1))
    k = int(np.argmax(sizes)) + 1
    if sizes[k - 1] < max(min_area, 0.25 * blob.sum(), np.pi * (2 * FILL_MIN_RADIUS) ** 2):
        return None
    inner = ndimage.find_objects(labels)[k - 1]
    part = labels[inner] == k
    hh, ww = part.shape
    if max(hh, ww) > 2 * min(hh, ww) or sizes[k - 1] < 0.5 * hh * ww:
        return None  # a sliver along an edge, not a thing
    sub = (slice(sl[0].start + inner[0].start, sl[0].start + inner[0].stop),
           slice(sl[1].start + inner[1].start, sl[1].start + inner[1].stop))
    if blends_in(frame[sub][part], surround_pixels(frame, sub, part)):
        return None
    return sub, part


def _ring_like(blob: np.ndarray) -> bool:
    """Whether holes make up a quarter or more of the blob's outline: the leading and
    trailing edges of a thing that moves slowly or bobs, itself in the median background
    (a ball's seams that match the backdrop leave small holes only)."""
    return bool(ndimage.binary_fill_holes(blob).sum() * 0.75 > blob.sum())


def _describe(frame, background, sl, blob, index, threshold: float = 26.0,
              whole: bool = True) -> Detection | None:
    """The blob as a Detection, or None for a shadow or ghost. A part of a blob
    (`_standing_out`) or a ring of edges (`_ring_like`), not `whole`, shows where the thing
    is and its colour, not its outline: its fill and roundness are left unread (0)."""
    ys, xs = np.nonzero(blob)
    rgb = core_colour(frame[sl][blob].astype(np.float32), _depth(blob))
    y0, x0 = sl[0].start, sl[1].start
    cy, cx = ys.mean() + y0, xs.mean() + x0
    cov = np.cov(np.stack([xs, ys])) if len(xs) > 2 else np.eye(2)
    ev = np.sort(np.linalg.eigvalsh(cov + 1e-3 * np.eye(2)))
    elongation = float(np.sqrt(ev[1] / ev[0]))
    surround = _surround(frame, sl, blob)
    if surround is not None and _is_shadow_or_ghost(rgb, surround, elongation, blob.shape):
        return None
    if _is_shadow(frame[sl][blob], background[sl][blob], blob.shape):
        return None
    radius = float(np.sqrt(len(xs) / np.pi))
    return Detection(index, float(cx), float(cy), radius, tuple(map(float, rgb)), elongation,
                     fill=rect_fill(xs, ys) if whole and radius >= FILL_MIN_RADIUS else 0.0,
                     roundness=roundness(frame, background, sl, blob, threshold / 2)
                     if whole and radius >= ROUND_MIN_RADIUS else 0.0)


def roundness(frame, background, sl, blob, low: float) -> float:
    """Area over the area of the disc (about the centroid) through the farthest pixel, for
    the blob grown by one pixel where the frame differs from the background by more than
    `low` and with its holes filled: a ball's markings that match the backdrop (seams, white
    panels) leave notches and holes in the blob, not in its outline."""
    window, big = _padded(frame.shape, sl, blob, 1)
    diff = np.abs(frame[window].astype(np.int16) - background[window].astype(np.int16)).max(axis=2)
    mask = ndimage.binary_fill_holes(big | ((diff > low) & ndimage.binary_dilation(big)))
    ys, xs = np.nonzero(mask)
    rmax = float(np.sqrt(((ys - ys.mean()) ** 2 + (xs - xs.mean()) ** 2).max())) + 0.5
    return float(len(xs) / (np.pi * rmax * rmax))


_ANGLES = np.deg2rad(np.arange(0.0, 180.0, 3.0))
_COS, _SIN = np.cos(_ANGLES), np.sin(_ANGLES)


def rect_fill(xs: np.ndarray, ys: np.ndarray) -> float:
    """Blob area over the area of its tightest rectangle among 30 rotations (a cheap
    minimum-area rectangle: within 1.5 degrees of a rotated crate's sides). `xs`, `ys` are
    the blob's pixels in row-major order (as np.nonzero gives them); only each row's two
    ends can be extreme, so only they are projected. Pixels are unit squares, so each
    extent is the spread of their centres plus one."""
    ends = np.flatnonzero(np.diff(ys))
    pick = np.concatenate([[0], ends, ends + 1, [len(ys) - 1]])
    x, y = xs[pick].astype(np.float64), ys[pick].astype(np.float64)
    proj = np.multiply.outer(x, _COS) + np.multiply.outer(y, _SIN)
    ext = proj.max(axis=0) - proj.min(axis=0) + 1.0
    n = len(_ANGLES) // 2
    return float(len(xs) / (ext[:n] * ext[n:]).min())


def _depth(blob: np.ndarray) -> np.ndarray:
    """Each blob pixel's distance from the blob's edge (1 on the edge), in `blob[blob]` order."""
    return ndimage.distance_transform_edt(np.pad(blob, 1))[1:-1, 1:-1][blob]


def core_colour(pixels: np.ndarray, depth: np.ndarray | None = None) -> np.ndarray:
    """The object's own colour: the mean of its more saturated half of pixels, since edge
    pixels blend with the backdrop, outlines and (after H.264) subsampled chroma. With the
    pixels' `depth`, the edge ring (a cel outline, a blended rim) is left out first when
    enough of the inside remains."""
    if depth is not None and (depth >= 2).sum() >= 4:
        pixels = pixels[depth >= 2]
    mx, mn = pixels.max(axis=1), pixels.min(axis=1)
    sat = (mx - mn) / np.maximum(mx, 1.0)
    keep = sat >= np.median(sat)
    return pixels[keep].mean(axis=0) if keep.any() else pixels.mean(axis=0)


def _is_shadow(pixels: np.ndarray, behind: np.ndarray, shape) -> bool:
    """A shadow lies flat and darkens what is behind it: each pixel is the background pixel
    scaled by one factor in every channel (the factor varies across a soft shadow, and a
    shadow can fall across two surfaces, so the fit is per pixel)."""
    if shape[1] < 1.3 * shape[0]:
        return False
    p, b = pixels.astype(np.float32), behind.astype(np.float32)
    ratio = np.median(p / (b + 4.0), axis=0)
    if np.ptp(ratio) < 0.1 and 0.3 < ratio.mean() < 0.93:
        return True
    k = (p * b).sum(axis=1) / np.maximum((b * b).sum(axis=1), 1.0)
    residual = np.abs(p - k[:, None] * b).max(axis=1)
    return bool(0.45 < np.median(k) < 0.95 and np.median(residual) < 10)


def blends_in(pixels: np.ndarray, ring: np.ndarray | None) -> bool:
    """A ghost (where a resting object used to be) has the colours of its surroundings:
    most of its pixels find a near twin among the ring's pixels."""
    if ring is None or len(ring) < 3:
        return False
    p = pixels[:: max(1, len(pixels) // 64)].astype(np.float32)
    r = ring[:: max(1, len(ring) // 64)].astype(np.float32)
    nearest = np.abs(p[:, None, :] - r[None, :, :]).max(axis=2).min(axis=1)
    return bool(np.median(nearest) < TWIN)


def _padded(shape, sl, blob: np.ndarray, pad: int) -> tuple[tuple[slice, slice], np.ndarray]:
    """The blob's slice grown by `pad` pixels (clipped to a frame of `shape`), and the blob's
    mask placed in that window."""
    h, w = shape[:2]
    y0, y1 = max(0, sl[0].start - pad), min(h, sl[0].stop + pad)
    x0, x1 = max(0, sl[1].start - pad), min(w, sl[1].stop + pad)
    big = np.zeros((y1 - y0, x1 - x0), bool)
    big[sl[0].start - y0:sl[0].stop - y0, sl[1].start - x0:sl[1].stop - x0] = blob
    return (slice(y0, y1), slice(x0, x1)), big


def surround_pixels(frame: np.ndarray, sl, blob: np.ndarray) -> np.ndarray | None:
    """Pixels of a 2-pixel ring around the blob's outline. Not its holes: a thing moving
    slowly through a short shot is in the median background at its middle place, so the
    blob is a ring of its leading and trailing edges around the thing itself."""
    window, big = _padded(frame.shape, sl, blob, 2)
    big = ndimage.binary_fill_holes(big)
    ring = ndimage.binary_dilation(big, iterations=2) & ~big
    return frame[window][ring] if ring.sum() >= 3 else None


def _surround(frame: np.ndarray, sl, blob: np.ndarray) -> np.ndarray | None:
    """Mean colour of the 2-pixel ring around the blob."""
    ring = surround_pixels(frame, sl, blob)
    return None if ring is None else ring.astype(np.float32).mean(axis=0)


def _is_shadow_or_ghost(rgb, surround, elongation: float, shape) -> bool:
    if np.abs(rgb - surround).max() < 14:
        return True  # looks like its surroundings: a hole left in the background model
    bright, ref = rgb.sum() + 1, surround.sum() + 1
    same_chroma = np.abs(rgb / bright - surround / ref).max() < 0.035
    flat = shape[0] * 2.2 < shape[1]
    return bool(same_chroma and 0.25 < bright / ref < 0.95 and flat)


def track_shot(frames: np.ndarray, shot: int, start: int) -> ShotTracks:
    """Detect and link objects in one shot (frames are that shot's frames)."""
    background = np.median(frames, axis=0).astype(np.uint8)
    top, bottom = picture_rows(background)
    noise = np.median(np.abs(frames[0].astype(np.int16) - background.astype(np.int16)))
    threshold = max(26.0, 4.0 * float(noise))
    from generation.metrics.linking import Linker  # it builds on this module's Structs
    from generation.metrics.scene import water_surface

    linker = Linker(background, frames.shape[2], (top, bottom), shot,
                     water_surface(background, top, bottom))
    for i, frame in enumerate(frames):
        linker.step(frame, i, detect(frame, background, i, threshold))
    return ShotTracks(shot, start, start + len(frames), top, bottom, frames.shape[2],
                      linker.finish(len(frames)))


def track_clip(frames: np.ndarray, cuts: list[int] | None = None) -> list[ShotTracks]:
    """Split `frames` at `cuts` (found in the pixels when not given) and track each shot;
    frame indices stay clip-relative."""
    edges = [0, *(find_cuts(frames) if cuts is None else cuts), len(frames)]
    out = []
    for i, (a, b) in enumerate(zip(edges[:-1], edges[1:])):
        if b - a >= 3:
            shot = track_shot(frames[a:b], i, a)
            out.append(_shift(shot, a))
    return out


def _shift(shot: ShotTracks, offset: int) -> ShotTracks:
    tracks = tuple(msgspec.structs.replace(
        t, detections=tuple(msgspec.structs.replace(d, frame=d.frame + offset) for d in t.detections),
        jumps=tuple(j + offset for j in t.jumps)) for t in shot.tracks)
    return msgspec.structs.replace(shot, tracks=tracks)
