"""Object kinds read from pixels, by shape and by size.

Shape, two measures of each detection large enough to show one (tracking.py): how fully the
blob fills its tightest rotated rectangle (a disc about 0.79, a crate nearly 1) and how fully
its outline fills the disc through its farthest pixel (a disc about 0.9, a square 0.64 at any
angle). Small blobs (a few pixels across) are squares either way, and a ball's blob loses
pixels where its panels match the backdrop, so only confident readings are made; everything in
between is left undecided. Measured after an MP4 round trip: at 128 px the outline's median
reads 0.60-0.67 for crates and 0.69-0.85 for balls; at 64 px most objects are under the 4 px
radius a reading needs.

Size: where the plan's camera gives pixels per metre, a planned kind and size has a radius in
pixels (a tennis ball is 0.57 of a basketball, a beach ball 1.4 times one). The world never
draws a ball smaller than MIN_RADIUS_FRACTION of the frame's shorter side (so that it stays
visible), a blob's radius (from its area) reads about 0.7 px more than the drawn radius
(anti-aliased edge, codec blur), and never less than about 2.5 px (the detector's floor), so
the expected reading is max(max(r, fraction x side) + 0.7, 2.5). The 90th percentile of the moving readings is used: a ball half under water
or behind another shows less of itself, never more. Tennis ball against beach ball is told
apart wherever the smaller one is drawn at 2 px or more; below that both read the floor.

Imports only numpy and the tracker's Structs.
"""

from __future__ import annotations

import numpy as np

from generation.metrics.tracking import Track
from generation.world.catalog import radius_of
from generation.world.render.sprites import MIN_RADIUS_FRACTION

# Measured on clean clips after an MP4 round trip (64 px): balls read 0.55-0.90, crates
# 0.72-1.00 (rounded corners, ghosts of their resting place), so only the ends decide.
MIN_RADIUS = 4.0       # pixels: below this a disc rasterises to a near square
MIN_DETECTIONS = 8     # measured detections needed for a reading
CRATE_FILL = 0.95      # upper-quartile fill at or above which the thing is square
BALL_FILL = 0.66       # upper-quartile fill at or below which the thing is round
ROUND_RADIUS = 5.0     # pixels: the outline of smaller blobs is read too coarsely
CRATE_ROUND = 0.665    # median roundness at or below which the outline is a square's
BALL_ROUND = 0.72      # median roundness at or above which it is a disc's
MAX_ELONGATION = 1.35  # merged or smeared blobs (two crates in a stack) are not read
EDGE_PX, FLOOR_PX = 0.7, 2.5  # a blob's radius reads r + EDGE_PX, at least FLOOR_PX
SIZE_BAND = (0.68, 1.4)  # clean clips read 0.70-1.33 of the expected radius (64 and 128 px)
SQUARE = 2.0 / np.sqrt(np.pi)  # a square of half side h has the area of a disc of 1.128 h


def category(kind: str) -> str:
    """'crate', 'figure' or 'ball' for a catalogue kind name."""
    return kind if kind in ("crate", "figure") else "ball"


def seen_shape(tracks: list[Track]) -> tuple[str | None, str]:
    """('crate' | 'ball' | None, the measures read) from the moving detections of `tracks`
    that are large enough to show their shape; None when too few, in between, or when the
    two measures disagree."""
    dets = [d for t in tracks if t.elongation < MAX_ELONGATION for d in t.detections
            if not d.static and d.radius >= MIN_RADIUS and d.elongation < MAX_ELONGATION]
    fills = [d.fill for d in dets if d.fill > 0]
    rounds = [d.roundness for d in dets if d.roundness > 0 and d.radius >= ROUND_RADIUS]
    votes, said = set(), []
    if len(fills) >= MIN_DETECTIONS:
        q = float(np.percentile(fills, 75))
        said.append(f"fill {q:.2f}")
        votes.add("crate" if q >= CRATE_FILL else "ball" if q <= BALL_FILL else None)
    if len(rounds) >= MIN_DETECTIONS:
        m = float(np.median(rounds))
        said.append(f"roundness {m:.2f}")
        votes.add("crate" if m <= CRATE_ROUND else "ball" if m >= BALL_ROUND else None)
    votes.discard(None)
    return (votes.pop() if len(votes) == 1 else None), ", ".join(said)


def expected_radius(kind: str, size: str, scale: float, side: int) -> float:
    """The radius in pixels a blob of `kind` and `size` reads at `scale` pixels per metre in
    frames whose shorter side is `side` pixels."""
    if kind == "crate":
        r = radius_of(kind, size) * scale * SQUARE
    else:
        r = max(radius_of(kind, size) * scale, MIN_RADIUS_FRACTION * side)
    return max(r + EDGE_PX, FLOOR_PX)


def size_ratio(tracks: list[Track], kind: str, size: str,
               scales: list[float | None], side: int) -> float | None:
    """Seen radius over the radius `kind` and `size` would read: the 90th percentile of the
    moving, round-enough detections of the longest of `tracks` (fragments of the same colour,
    a dark gap between crates read as black, are shorter), against its shot's scale; None
    without scale or with fewer than MIN_DETECTIONS readings."""
    best: list[float] = []
    for t in tracks:
        if t.shot >= len(scales) or not scales[t.shot]:
            continue
        expected = expected_radius(kind, size, scales[t.shot], side)
        ratios = [d.radius / expected for d in t.detections
                  if not d.static and d.elongation < MAX_ELONGATION]
        if len(ratios) > len(best):
            best = ratios
    if len(best) < MIN_DETECTIONS:
        return None
    return float(np.percentile(best, 90))
