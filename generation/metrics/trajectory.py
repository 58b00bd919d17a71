"""Trajectories from tracks: solid objects, piecewise-quadratic fits (free flight between
contacts), bounces found where one fit hands over to the next."""

from __future__ import annotations

import msgspec
import numpy as np

from generation.metrics.tracking import ShotTracks, Track

MIN_SEGMENT = 5


class Segment(msgspec.Struct, frozen=True):
    """Frames [start, stop] of a track fitted by x(t), y(t) quadratics (pixels, frames)."""

    start: int
    stop: int
    cx: tuple[float, float, float]
    cy: tuple[float, float, float]
    rms: float

    def velocity(self, t: float) -> tuple[float, float]:
        return (2 * self.cx[0] * t + self.cx[1], 2 * self.cy[0] * t + self.cy[1])

    @property
    def accel(self) -> tuple[float, float]:
        return 2 * self.cx[0], 2 * self.cy[0]


def solid_tracks(shot: ShotTracks) -> list[Track]:
    """Tracks that are objects worth judging: long enough, compact (not a swinging limb),
    and seen moving at some point."""
    out = []
    for tr in shot.tracks:
        moving = [d for d in tr.detections if not d.static]
        if len(tr.detections) < 6 or len(moving) < 4 or tr.elongation > 1.9 or tr.radius < 1.2:
            continue
        xs, ys = np.array([d.x for d in moving]), np.array([d.y for d in moving])
        if np.hypot(xs - xs[0], ys - ys[0]).max() < max(2.0, tr.radius):
            continue
        out.append(tr)
    return out


def series(track: Track) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Frame numbers, x and y (pixels) of the track's moving detections."""
    dets = [d for d in track.detections if not d.static]
    return (np.array([d.frame for d in dets], float), np.array([d.x for d in dets]),
            np.array([d.y for d in dets]))


def fit_segments(t: np.ndarray, x: np.ndarray, y: np.ndarray, tol: float) -> list[Segment]:
    """Split the path into stretches that quadratics fit within `tol` pixels (RMS), by
    recursive splitting at the worst-fitting frame; stretches shorter than MIN_SEGMENT drop."""
    out: list[Segment] = []
    _split(t, x, y, 0, len(t), tol, out)
    return sorted(out, key=lambda s: s.start)


def _split(t, x, y, a: int, b: int, tol: float, out: list[Segment]) -> None:
    if b - a < MIN_SEGMENT:
        return
    tt = t[a:b]
    cx, cy = np.polyfit(tt, x[a:b], 2), np.polyfit(tt, y[a:b], 2)
    res = np.hypot(np.polyval(cx, tt) - x[a:b], np.polyval(cy, tt) - y[a:b])
    rms = float(np.sqrt(np.mean(res**2)))
    if rms <= tol:
        out.append(Segment(int(t[a]), int(t[b - 1]), tuple(cx), tuple(cy), rms))
        return
    # cut at the sharpest turn (largest second difference), the likeliest contact
    if b - a >= 3:
        dd = np.hypot(np.diff(x[a:b], 2), np.diff(y[a:b], 2))
        k = a + 1 + int(np.argmax(dd))
    else:
        k = a + int(np.argmax(res))
    k = min(max(k, a + 1), b - 1)
    _split(t, x, y, a, k, tol, out)
    _split(t, x, y, k, b, tol, out)


def bounce_time(s1: Segment, s2: Segment) -> float:
    """When the ball met something between two fitted stretches: where their vertical fits
    cross between the stretches (else midway), in frames."""
    lo, hi = s1.stop, s2.start
    diff = np.polysub(s1.cy, s2.cy)
    roots = [r.real for r in np.roots(diff) if abs(r.imag) < 1e-9 and lo - 1 <= r.real <= hi + 1]
    return float(roots[0]) if roots else (lo + hi) / 2
