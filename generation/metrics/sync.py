"""Audio-visual sync: sound onsets against the frames where tracked objects hit something."""

from __future__ import annotations

import numpy as np

from generation.metrics.checks import CheckResult, not_applicable
from generation.metrics.tracking import ShotTracks
from generation.metrics.trajectory import (
    bounce_time,
    fit_segments,
    series,
    solid_tracks,
)

MAX_OFFSET_MS = 80.0
SEARCH_MS = 300.0


def audio_onsets(audio: np.ndarray, rate: int, hop_s: float = 0.005) -> np.ndarray:
    """Onset times (s): where short-time energy of the pre-emphasised sound (its first
    difference, which favours a hit's broadband click over the low ring or rumble still
    sounding from the hit before) jumps well above the running floor."""
    if audio.ndim > 1:
        audio = audio.mean(axis=1)
    audio = np.diff(np.asarray(audio, np.float32), prepend=np.float32(audio[0]) if len(audio) else 0)
    hop = max(1, int(rate * hop_s))
    n = len(audio) // hop
    if n < 4:
        return np.zeros(0)
    energy = (audio[: n * hop].reshape(n, hop) ** 2).mean(axis=1) + 1e-10
    db = 10 * np.log10(energy)
    floor = np.percentile(db, 20)
    onsets, last = [], -1e9
    for i in range(3, n):
        rise = db[i] - db[i - 3: i].min()
        if db[i] > floor + 12 and rise > 9 and (i - last) * hop_s > 0.06:
            start = i - 3 + int(np.argmin(db[i - 3: i])) + 1  # first hop of the rise
            onsets.append(start * hop_s)
            last = i
    return np.array(onsets)


def visual_contacts(shots: list[ShotTracks], fps: float) -> list[float]:
    """Times (s, clip time) where a tracked object's flight turns sharply: a contact."""
    times = []
    for shot in shots:
        for tr in solid_tracks(shot):
            t, x, y = series(tr)
            segs = fit_segments(t, x, y, 0.45 + 0.08 * tr.radius)
            for s1, s2 in zip(segs, segs[1:]):
                if s2.start - s1.stop > 2:
                    continue
                tb = bounce_time(s1, s2)
                v1, v2 = s1.velocity(tb), s2.velocity(tb)
                dv = np.hypot(*np.subtract(v1, v2))
                passive = np.hypot(*v2) <= 1.1 * np.hypot(*v1)  # a throw speeds up; a hit does not
                if dv > max(1.5, 0.6 * tr.radius) and passive:
                    times.append(tb / fps)
    return sorted(times)


def _common_lag(contacts: list[float], onsets: np.ndarray, window_ms: float = 25.0) -> float | None:
    """The one delay (ms, within SEARCH_MS) that lines up the most contacts with an onset
    each (ties: the delay nearest zero). One delay for the whole clip, because a sound
    track is shifted as a whole: matching each contact to its own nearest onset lets a
    shifted sound of one bounce stand in for another bounce's, and shifts go unseen."""
    best, score = None, 0
    for lag in sorted(np.arange(-SEARCH_MS, SEARCH_MS + 1.0, 5.0), key=abs):
        hits = sum(bool(np.any(np.abs(onsets - (c + lag / 1000)) <= window_ms / 1000)) for c in contacts)
        if hits > score:
            best, score = float(lag), hits
    return best


def av_sync(shots: list[ShotTracks], fps: float, audio: np.ndarray, rate: int) -> CheckResult:
    """Median offset (ms) from each visual contact to its sound onset, onsets chosen under
    the one delay that lines most contacts up; passes when within MAX_OFFSET_MS. Positive:
    the sound comes late."""
    contacts = visual_contacts(shots, fps)
    if audio.size == 0:
        return not_applicable("av_sync", "no audio")
    onsets = audio_onsets(audio, rate)
    if not contacts:
        tracked = sum(len(shot.tracks) for shot in shots)
        return not_applicable("av_sync", f"no contact seen in the frames (a tracked object's flight turning sharply; "
                                         f"{tracked} object{'' if tracked == 1 else 's'} tracked)")
    if onsets.size == 0:
        return not_applicable("av_sync", f"{len(contacts)} contact{'' if len(contacts) == 1 else 's'} seen "
                                         "but no sound onset heard")
    lag = _common_lag(contacts, onsets)
    if lag is None:
        return CheckResult("av_sync", False, "no sound within 300 ms of any visual contact")
    offsets = []
    for c in contacts:
        k = int(np.argmin(np.abs(onsets - (c + lag / 1000))))
        off = (onsets[k] - c) * 1000
        if abs(off - lag) <= 25.0:
            offsets.append(off)
    med = float(np.median(offsets))
    return CheckResult("av_sync", bool(abs(med) <= MAX_OFFSET_MS),
                       f"{len(offsets)} contacts matched, median offset {med:.0f} ms", med)
