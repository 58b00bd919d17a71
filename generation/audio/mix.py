"""Mixing and mastering: stems placed on a timeline, summed, brought to -16 LUFS integrated
with the true peak held at or below -1 dBTP.

The peak limiter works on the 4x-oversampled signal (where inter-sample peaks show), turns the
needed gain reduction into a smooth gain curve (instant attack with look-ahead, slow release)
and alternates with loudness gain until both targets hold; a last plain gain cut guarantees the
ceiling if the loop has not converged.
"""

from __future__ import annotations

import math

import msgspec
import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from generation.metrics.loudness import integrated_lufs, true_peak_dbtp

TARGET_LUFS = -16.0
CEILING_DBTP = -1.5  # under the -1 dBTP limit, with room for the AAC encoder's overshoot


class Stem(msgspec.Struct, frozen=True):
    """One sound placed at `start_s` on the clip timeline, scaled by `gain` (linear)."""

    audio: np.ndarray
    start_s: float
    gain: float = 1.0


def place(stems: list[Stem], duration_s: float, rate: int) -> np.ndarray:
    """Sum `stems` onto a silent mono timeline of `duration_s`; what overhangs is cut."""
    n = int(round(duration_s * rate))
    out = np.zeros(n, np.float64)
    for s in stems:
        start = int(round(s.start_s * rate))
        if start >= n or s.audio.size == 0:
            continue
        lo = max(0, start)
        piece = np.asarray(s.audio, np.float64)[lo - start: n - start]
        out[lo:lo + len(piece)] += s.gain * piece
    return out


def limit(audio: np.ndarray, ceiling_dbtp: float = CEILING_DBTP, rate: int = 16000,
          release_s: float = 0.08) -> np.ndarray:
    """Reduce gain wherever the 4x-oversampled signal would exceed the ceiling."""
    ceiling = 10 ** (ceiling_dbtp / 20)
    up = np.abs(resample_poly(audio, 4, 1))
    need = np.minimum(1.0, ceiling / np.maximum(up, 1e-12))
    need = need[: len(audio) * 4].reshape(-1, 4).min(axis=1)
    look = max(1, int(0.005 * rate))
    gain = minimum_filter1d(need, size=2 * look + 1)
    gain = np.minimum(gain, uniform_filter1d(gain, size=max(1, int(release_s * rate))))
    return audio * gain


def master(audio: np.ndarray, rate: int, target_lufs: float = TARGET_LUFS,
           ceiling_dbtp: float = CEILING_DBTP) -> np.ndarray:
    """float32 audio at `target_lufs` (when it has enough signal to measure) with its true
    peak at or under `ceiling_dbtp`. Silence stays silent."""
    x = np.asarray(audio, np.float64)
    for _ in range(6):
        lufs = integrated_lufs(x, rate)
        if not math.isfinite(lufs):
            break
        x = x * 10 ** ((target_lufs - lufs) / 20)
        if true_peak_dbtp(x) <= ceiling_dbtp:
            break
        x = limit(x, ceiling_dbtp, rate)
    peak = true_peak_dbtp(x)
    if math.isfinite(peak) and peak > ceiling_dbtp:
        x = x * 10 ** ((ceiling_dbtp - peak) / 20)
    return x.astype(np.float32)
