"""Object kinds read from pixels, by shape and by size.

Shape, two measures of each detection large enough to show one (tracking.py): how fully the
blob fills its tightest rotated rectangle (a disc about 0.79, a crate nearly 1) and how fully
its outline fills the disc through its farthest pixel (a disc about 0.9, a square 0.64 at any
angle). Small blobs (a few pixels across) are squares either way, and a ball's blob loses
pixels where its panels match the backdrop, so only confident readings are made; everything in
between is left undecided. Measured after an MP4 round trip: at 128 px the outline's median
reads 0.60-0.67 for crates and 0.69-0.85 for balls; at 64 px most objects are under the 5 px
radius an outline reading needs.

Size (size_ratio, wrong_size): where the plan's camera gives pixels per metre, a planned kind
and size has a radius in pixels (a tennis ball is 0.57 of a basketball, a beach ball 1.4 times
one). The world never draws a ball smaller than MIN_RADIUS_FRACTION of the frame's shorter side
(so that it stays visible), a blob's radius (from its area) reads about 0.7 px more than the
drawn radius (anti-aliased edge, codec blur), and never less than about 2.5 px (the detector's
floor), so the expected reading is max(max(r, fraction x side) + 0.7, 2.5). The 90th
percentile of the moving readings is used: a ball half under water or behind another shows
less of itself, never more. Tennis ball against beach ball is told apart wherever the smaller
one is drawn at 2 px or more; below that both read the floor.

Imports numpy, the tracker's Structs and the world's catalogue and drawing floor.
"""

from __future__ import annotations

import msgspec
import numpy as np

from generation.metrics.tracking import Track
from generation.world.catalog import radius_of
from generation.world.render.sprites import MIN_RADIUS_FRACTION

# Measured on clean clips after an MP4 round trip (64 px): balls read 0.55-0.90, crates
# 0.72-1.00 (rounded corners, ghosts of their resting place), so only the ends decide.
MIN_DETECTIONS = 8     # measured detections needed for a reading
CRATE_FILL = 0.95      # upper-quartile fill at or above which the thing is square
BALL_FILL = 0.66       # upper-quartile fill at or below which the thing is round
CRATE_ROUND = 0.665    # median roundness at or below which the outline is a square's
BALL_ROUND = 0.72      # median roundness at or above which it is a disc's
CRATE_FILL_WITH_OUTLINE = 0.84  # ...provided the fill is a crate's (clean crates: 0.84-1.0)
BALL_FILL_WITH_OUTLINE = 0.90   # ...or a ball's (clean balls: 0.54-0.92 at 64 and 128 px)
MAX_ELONGATION = 1.35  # merged or smeared blobs (two crates in a stack) are not read
EDGE_PX, FLOOR_PX = 0.7, 2.5  # a blob's radius reads r + EDGE_PX, at least FLOOR_PX
MIN_DRAWN_PX = 2.0  # "smaller" only for objects drawn at least this big (below: the floor)
MIN_SIDE = 48       # "larger" only in frames this big (32 px clean clips read up to 1.41)
SIZE_BAND = (0.68, 1.4)  # clean clips read 0.70-1.33 of the expected radius (64 and 128 px)
SQUARE = 2.0 / np.sqrt(np.pi)  # a square of half side h has the area of a disc of 1.128 h


def category(kind: str) -> str:
    """'crate', 'figure' or 'ball' for a catalogue kind name."""
    return kind if kind in ("crate", "figure") else "ball"


def seen_shape(tracks: list[Track]) -> tuple[str | None, str]:
    """('crate' | 'ball' | None, the measures read) from the moving detections of `tracks`
    that are large enough to show their shape; None when too few, in between, or when the
    two measures disagree."""
    # the tracker measures fill and roundness only on blobs large enough to show them (0 else)
    dets = [d for t in tracks if t.elongation < MAX_ELONGATION for d in t.detections
            if not d.static and d.elongation < MAX_ELONGATION]
    fills = [d.fill for d in dets if d.fill > 0]
    rounds = [d.roundness for d in dets if d.roundness > 0]
    fill = float(np.percentile(fills, 75)) if len(fills) >= MIN_DETECTIONS else None
    rnd = float(np.median(rounds)) if len(rounds) >= MIN_DETECTIONS else None
    said = ", ".join(f"{k} {v:.2f}" for k, v in (("fill", fill), ("roundness", rnd)) if v is not None)
    votes = set()
    if fill is not None:
        votes.add("crate" if fill >= CRATE_FILL else "ball" if fill <= BALL_FILL else None)
    if rnd is not None and fill is not None:
        # the outline decides only where the fill does not speak against it: a ball held in
        # a hand or cut by the rim has a ragged outline but no square's fill
        if rnd <= CRATE_ROUND and fill >= CRATE_FILL_WITH_OUTLINE:
            votes.add("crate")
        elif rnd >= BALL_ROUND and fill <= BALL_FILL_WITH_OUTLINE:
            votes.add("ball")
    votes.discard(None)
    return (votes.pop() if len(votes) == 1 else None), said


def drawn_radius(kind: str, size: str, scale: float, side: int) -> float:
    """The radius in pixels the world draws `kind` and `size` at (a crate: the radius of the
    disc of its area) at `scale` pixels per metre in frames whose shorter side is `side`."""
    if kind == "crate":
        return radius_of(kind, size) * scale * SQUARE
    return max(radius_of(kind, size) * scale, MIN_RADIUS_FRACTION * side)


def expected_radius(kind: str, size: str, scale: float, side: int) -> float:
    """The radius in pixels a blob of `kind` and `size` reads at `scale` pixels per metre in
    frames whose shorter side is `side` pixels."""
    return max(drawn_radius(kind, size, scale, side) + EDGE_PX, FLOOR_PX)


class SizeReading(msgspec.Struct, frozen=True):
    """How big an object was seen: `ratio` of the seen to the expected reading, the radius it
    would be `drawn` at and the radius `seen` (pixels)."""

    ratio: float
    drawn: float
    seen: float


def size_ratio(tracks: list[Track], kind: str, size: str,
               scales: list[float | None], side: int) -> SizeReading | None:
    """The 90th percentile of the moving, round-enough detections of the longest of `tracks`
    (fragments of the same colour, a dark gap between crates read as black, are shorter)
    against what `kind` and `size` would read in its shot; None without scale or with fewer
    than MIN_DETECTIONS readings."""
    best: list[float] = []
    expected = drawn = 0.0
    for t in tracks:
        if t.shot >= len(scales) or not scales[t.shot]:
            continue
        radii = [d.radius for d in t.detections if not d.static and d.elongation < MAX_ELONGATION]
        if len(radii) > len(best):
            best = radii
            expected = expected_radius(kind, size, scales[t.shot], side)
            drawn = drawn_radius(kind, size, scales[t.shot], side)
    if len(best) < MIN_DETECTIONS:
        return None
    seen = float(np.percentile(best, 90))
    return SizeReading(seen / expected, drawn, seen)


def wrong_size(reading: SizeReading | None, side: int) -> bool:
    """Whether a size reading says another kind. Smaller than SIZE_BAND: where the object
    would be drawn at MIN_DRAWN_PX or more (below, every blob reads the detector's floor) and
    was seen at FLOOR_PX or more (a blob under the floor is a partly seen one: a brown ball
    on a brown floor in the dark). Larger: in frames of MIN_SIDE px or more (in smaller ones
    the edge halo and codec blur swell small blobs by up to 1.4x)."""
    if reading is None:
        return False
    smaller = reading.ratio < SIZE_BAND[0] and reading.drawn >= MIN_DRAWN_PX and reading.seen >= FLOOR_PX
    return smaller or (reading.ratio > SIZE_BAND[1] and side >= MIN_SIDE)
