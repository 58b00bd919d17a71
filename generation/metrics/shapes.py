"""Object kinds read from blob shape: a ball's blob fills about 0.79 of its tightest rotated
rectangle, a crate's nearly all of it. Small blobs (a few pixels across) are squares either
way, and a ball's blob loses pixels where its panels match the backdrop, so only confident
readings are made; everything in between is left undecided.

Imports only numpy and the tracker's Structs.
"""

from __future__ import annotations

import numpy as np

from generation.metrics.tracking import Track

# Measured on clean clips after an MP4 round trip (64 px): balls read 0.55-0.90, crates
# 0.72-1.00 (rounded corners, ghosts of their resting place), so only the ends decide.
MIN_RADIUS = 4.0       # pixels: below this a disc rasterises to a near square
MIN_DETECTIONS = 8     # measured detections needed for a reading
CRATE_FILL = 0.95      # upper-quartile fill at or above which the thing is square
BALL_FILL = 0.66       # upper-quartile fill at or below which the thing is round
MAX_ELONGATION = 1.35  # merged or smeared blobs (two crates in a stack) are not read


def category(kind: str) -> str:
    """'crate', 'figure' or 'ball' for a catalogue kind name."""
    return kind if kind in ("crate", "figure") else "ball"


def seen_shape(tracks: list[Track]) -> tuple[str | None, float]:
    """('crate' | 'ball' | None, upper-quartile fill) from the moving detections of `tracks`
    that are large enough to show their shape; None when too few or in between."""
    fills = [d.fill for t in tracks if t.elongation < MAX_ELONGATION for d in t.detections
             if d.fill > 0 and d.radius >= MIN_RADIUS and d.elongation < MAX_ELONGATION]
    if len(fills) < MIN_DETECTIONS:
        return None, 0.0
    q = float(np.percentile(fills, 75))
    return ("crate" if q >= CRATE_FILL else "ball" if q <= BALL_FILL else None), q
