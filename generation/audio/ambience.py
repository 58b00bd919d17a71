"""Ambience: a quiet, steady bed per setting and time of day (room tone, surf, wind and birds
or crickets, traffic rumble), and a clip's bed made of one per shot, crossfaded at the cuts.
Mono float32; no I/O here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

KERNELS = {"beach": 24, "pool": 12, "gym": 40, "street": 60, "park": 8, "court": 30}
"""Moving-average width per setting (samples at 16 kHz): the wider, the darker the bed."""
CROSSFADE_S = 0.08


def ambience(setting: str, n: int, rate: int, rng: np.random.Generator,
             time_of_day: str = "day") -> np.ndarray:
    """A quiet, steady bed of `n` samples for `setting`. At night the bed is darker and half as
    loud (the day's traffic and crowds have gone) and a park has crickets instead of birds."""
    night = time_of_day == "night"
    white = rng.normal(0.0, 1.0, n)
    kernel = KERNELS.get(setting, 20) * (2 if night else 1)
    bed = np.convolve(white, np.ones(kernel) / np.sqrt(kernel), mode="same")
    t = np.arange(n) / rate
    if setting == "beach":
        bed *= 0.6 + 0.4 * np.sin(2 * np.pi * 0.15 * t) ** 2
    elif setting == "park" and night:  # a cricket's trill: 4.5 kHz pulses, 30 a second, in bursts
        trill = (np.sin(2 * np.pi * 30 * t) > 0.3) * (np.sin(2 * np.pi * 0.4 * t) > -0.2)
        bed += 0.8 * np.sin(2 * np.pi * 4500 * t) * trill
    elif setting == "park":
        chirp = np.sin(2 * np.pi * (3200 + 400 * np.sin(2 * np.pi * 9 * t)) * t)
        bed += 0.2 * chirp * (np.sin(2 * np.pi * 0.7 * t) > 0.95)
    return (bed * (0.003 if night else 0.006)).astype(np.float32)


def ambience_track(beds: Sequence[tuple[float, str, str]], n: int, rate: int, rng: np.random.Generator,
                   crossfade_s: float = CROSSFADE_S) -> np.ndarray:
    """`n` samples of ambience from `beds`, (start in seconds, setting, time of day) in time
    order, the first starting at the clip's start: each bed plays until the next begins, and
    the two cross over in `crossfade_s` centred on the cut (equal power, so the level holds and
    nothing clicks). Consecutive shots of one setting and time share one unbroken bed."""
    merged: list[tuple[int, str, str]] = []
    for start_s, setting, when in beds:
        if not merged or merged[-1][1:] != (setting, when):
            merged.append((0 if not merged else int(round(start_s * rate)), setting, when))
    if len(merged) < 2:
        setting, when = merged[0][1:] if merged else ("gym", "day")
        return ambience(setting, n, rate, rng, when)
    cuts = [start for start, _, _ in merged[1:]]
    half = max(1, int(crossfade_s * rate / 2))
    i = np.arange(n)
    out = np.zeros(n, np.float64)
    for k, (_, setting, when) in enumerate(merged):
        weight = np.ones(n)
        if k:  # fading in across the cut into this bed...
            weight *= np.sin(0.5 * np.pi * _across(i, cuts[k - 1], half))
        if k < len(cuts):  # ...and out across the cut out of it
            weight *= np.cos(0.5 * np.pi * _across(i, cuts[k], half))
        heard = np.flatnonzero(weight > 1e-9)
        if heard.size:
            lo, hi = heard[0], heard[-1] + 1
            out[lo:hi] += weight[lo:hi] * ambience(setting, hi - lo, rate, rng, when)
    return out.astype(np.float32)


def _across(i: np.ndarray, cut: int, half: int) -> np.ndarray:
    """0 before the crossfade at `cut`, 1 after it, rising linearly through it."""
    return np.clip((i - (cut - half) + 0.5) / (2 * half), 0.0, 1.0)
