"""Loudness after ITU-R BS.1770: integrated loudness (LUFS, by pyloudnorm) and true peak
(dBTP, by 4x oversampling with a polyphase filter)."""

from __future__ import annotations

import math

import msgspec
import numpy as np
import pyloudnorm
from scipy.signal import resample_poly

LUFS_RANGE = (-24.0, -10.0)
TRUE_PEAK_MAX_DBTP = -1.0


class LoudnessReport(msgspec.Struct, frozen=True):
    """Integrated loudness, true peak, and whether each is within the delivery limits."""

    integrated_lufs: float
    true_peak_dbtp: float
    lufs_ok: bool
    true_peak_ok: bool


def integrated_lufs(audio: np.ndarray, rate: int) -> float:
    """BS.1770 integrated loudness of mono (n,) or multichannel (n, c) audio; -inf if silent
    or shorter than one 400 ms gating block."""
    if audio.shape[0] < int(0.4 * rate):
        return -math.inf
    data = audio.astype(np.float64)
    with np.errstate(divide="ignore"):
        return float(pyloudnorm.Meter(rate).integrated_loudness(data))


def true_peak_dbtp(audio: np.ndarray, oversample: int = 4) -> float:
    """Peak of the signal reconstructed at `oversample` times the rate, in dB true peak."""
    if audio.size == 0:
        return -math.inf
    up = resample_poly(audio.astype(np.float64), oversample, 1, axis=0)
    peak = float(np.max(np.abs(up)))
    return 20 * math.log10(peak) if peak > 0 else -math.inf


def measure(audio: np.ndarray, rate: int) -> LoudnessReport:
    """Measure `audio` and judge it against LUFS_RANGE and TRUE_PEAK_MAX_DBTP."""
    lufs = integrated_lufs(audio, rate)
    peak = true_peak_dbtp(audio)
    return LoudnessReport(
        integrated_lufs=lufs if math.isfinite(lufs) else -99.0,
        true_peak_dbtp=peak if math.isfinite(peak) else -99.0,
        lufs_ok=bool(LUFS_RANGE[0] <= lufs <= LUFS_RANGE[1]),
        true_peak_ok=bool(peak <= TRUE_PEAK_MAX_DBTP),
    )
