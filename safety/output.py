"""Output checks: is a generated clip safe to show, whatever was asked for?

Checks that work on the pixels and the samples of any clip:
- photosensitivity: WCAG 2.3.1 / ITU-R BT.1702, counted in safety.flashes: general flashes (a
  pair of opposing changes of relative luminance of at least 0.1 from peak to valley, however
  many frames each takes, the darker side below 0.8) and red flashes (opposing transitions of a
  saturated red, R / (R + G + B) >= 0.8, changing 320 x (R - G - B) by more than 20 on linear
  values, or WCAG 2.2's: more than 0.2 apart in u'v'), each over at least a quarter of the whole
  frame or a quarter of any 10-degree field of view (WCAG's 341 x 256 of a 1024 x 768 screen,
  scaled to the clip played full screen on it) at once, light averaged over 0.1-degree cells
  first (fine balanced patterns do not flash); more than three flashes of either kind in any
  one-second window, in any one area, fails;
- degenerate output: more than a quarter of the frames blank (one flat colour) or noise (a
  sampler that diverged): neighbouring pixels differing like random levels along the frame's
  rows, its columns or both (noise along one axis only, stripes of random levels, counts), while
  differences that repeat at a short period (stripes, a grid, blinds) are a pattern, not noise.
  Read on the frames as the model made them, since upscaling smooths noise away and the
  watermark marks a blank frame;
- hearing safety: every sample a number, true peak at most -1 dBTP and integrated loudness at
  most -10 LUFS.
Each check returns a finding with its measured value (always finite: events are JSON), so a
moderator sees why a clip was held.
"""

from __future__ import annotations

import math

import msgspec
import numpy as np

from generation.metrics.loudness import integrated_lufs, true_peak_dbtp
from safety.flashes import FlashCount, count_flashes, flash_report

__all__ = ["Finding", "OutputVerdict", "check_audio", "check_flashes", "check_not_degenerate", "check_output",
           "count_flashes", "roughness"]

MAX_FLASHES_PER_SECOND = 3
NOISE_LIMIT = 0.8
"""Roughness (mean difference of neighbouring pixels over the frame's standard deviation, see
`roughness`) above which a frame reads as noise. Scale-free: pixel noise of any amplitude, and
noise along one axis, score about 1.1; drawn scenes 0.02 to 0.66 (1,386 world clips of every
family, style and time of day, 32 to 256 pixels wide; up to 0.78 at 16), world32-h100's clips
0.20 to 0.68 (50 held-out prompts, 25 steps)."""
PATTERN_PERIOD = 8
"""The longest period, in pixels, at which a repeating pattern (stripes, a grid, blinds) is
told from noise; longer ones change too slowly between neighbours to read as noise anyway."""
PATTERN_PEAK = 20.0
"""How many times the median power of those frequencies one must hold to be a pattern's. Noise
spreads its power evenly: 32 rows of random levels put 20 times the median in some frequency in
one frame of 170, and with it taken out score under NOISE_LIMIT in one of 1,000; blinds over a
scene hold 30 to 200 times it (periods of 2.5 to 5.5 pixels)."""
ONE_AXIS_MIN_PIXELS = 32
"""Noise along one axis is read only along an axis at least this long: shorter, a scene's fine
detail (a panelled wall at 16 pixels) aliases into rows as irregular as noise."""
BLANK_STD = 0.01
"""Standard deviation of a frame's grey levels (0..1) below which it is flat."""
MAX_DEGENERATE_SHARE = 0.25
SILENT_DB = -99.0
"""The level recorded for silence or for audio too short to measure (JSON has no infinity)."""
MAX_TRUE_PEAK_DBTP = -1.0
MAX_LUFS = -10.0


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    check: str
    passed: bool
    value: float
    detail: str


class OutputVerdict(msgspec.Struct, frozen=True, kw_only=True):
    allowed: bool
    findings: tuple[Finding, ...]

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.passed)


def check_flashes(frames: np.ndarray, fps: float) -> Finding:
    """The photosensitivity finding of (T, H, W, 3) uint8 frames as people see them at `fps`:
    fails on more than MAX_FLASHES_PER_SECOND general or red flashes in any one second of any
    area (safety.flashes). The value is the larger count; a frame rate that is not a positive
    number fails (the flashes cannot be timed)."""
    if not (math.isfinite(fps) and fps > 0):
        return Finding(check="photosensitivity", passed=False, value=0.0,
                       detail=f"the clip's frame rate ({fps}) is not a positive number, so its flashes cannot be timed")
    report = flash_report(frames, fps)
    general, red = report.general, report.red
    worst = max(general.flashes, red.flashes)
    failed = [_flash_words(kind, count, frames.shape[1:3])
              for kind, count in (("general", general), ("red", red)) if count.flashes > MAX_FLASHES_PER_SECOND]
    if failed:
        detail = "; ".join(failed) + (f" (limit {MAX_FLASHES_PER_SECOND} a second, over a quarter of the frame or "
                                      f"of any {report.field[1]} x {report.field[0]} px field of view)")
    else:
        detail = (f"{general.flashes} general and {red.flashes} red flashes in the worst second of any area "
                  f"(limit {MAX_FLASHES_PER_SECOND})")
    return Finding(check="photosensitivity", passed=worst <= MAX_FLASHES_PER_SECOND, value=float(worst), detail=detail)


def _flash_words(kind: str, count: FlashCount, frame: tuple[int, int]) -> str:
    top, left, height, width = count.box
    where = ("over the whole frame" if count.whole_frame else
             f"in the {width} x {height} px area from x={left}, y={top} of the {frame[1]} x {frame[0]} frame")
    return f"{count.flashes} {kind} flashes in the second from {count.start_s:.1f} s, {where}"


def roughness(grey: np.ndarray) -> np.ndarray:
    """(T, H, W) grey levels -> (T,): how much neighbouring pixels differ, over the frame's
    standard deviation (0 for a flat frame); about 1.1 for noise, lower for a scene.

    Along each axis, the mean absolute difference of neighbours; the roughness is the larger of
    the two axes' mean and the rougher axis alone (along an axis of at least
    ONE_AXIS_MIN_PIXELS: noise along rows or columns only, each a random level). In a frame
    that reads as noise, a regular pattern is taken out first (`_without_patterns`: stripes,
    grids and blinds are not noise); taking one out only lowers the value, so frames under
    NOISE_LIMIT (every scene) keep theirs and cost no Fourier transform."""
    spread = grey.std(axis=(1, 2))
    scale = np.maximum(spread, 1e-12)
    across, down = (_neighbour_difference(grey, axis) / scale for axis in (2, 1))
    suspect = np.flatnonzero((across > NOISE_LIMIT) | (down > NOISE_LIMIT))
    if suspect.size:
        frames = grey[suspect]
        across[suspect], down[suspect] = (_neighbour_difference(_without_patterns(frames, axis), axis)
                                          / scale[suspect] for axis in (2, 1))
    score = (across + down) / 2
    for axis, value in ((2, across), (1, down)):
        if grey.shape[axis] >= ONE_AXIS_MIN_PIXELS:
            score = np.maximum(score, value)
    return np.where(spread > 0, score, 0.0)


def _neighbour_difference(grey: np.ndarray, axis: int) -> np.ndarray:
    """(T,): the mean absolute difference of neighbouring pixels along `axis` of (T, H, W)."""
    if grey.shape[axis] < 2:
        return np.zeros(len(grey), np.float32)
    return np.abs(np.diff(grey, axis=axis)).mean(axis=(1, 2))


def _without_patterns(grey: np.ndarray, axis: int) -> np.ndarray:
    """(T, H, W) levels with each frame's regular pattern along `axis` taken out: frequencies of
    periods from 2 to PATTERN_PERIOD pixels whose power (averaged over the frame) is at least
    PATTERN_PEAK times those frequencies' median, and their neighbours (a period between two
    frequencies spreads over both). Frames without one come back as they were."""
    n = grey.shape[axis]
    spectrum = np.fft.rfft(grey, axis=axis)
    power = (np.abs(spectrum) ** 2).mean(axis=3 - axis)  # (T, frequencies)
    band = np.arange(power.shape[1]) >= max(2.0, n / PATTERN_PERIOD)
    if not band.any():
        return grey
    floor = np.median(power[:, band], axis=1, keepdims=True)
    peaks = band & (power >= PATTERN_PEAK * np.maximum(floor, 1e-12))
    peaks |= band & (np.roll(peaks, 1, axis=1) | np.roll(peaks, -1, axis=1))
    patterned = np.flatnonzero(peaks.any(axis=1))
    if patterned.size == 0:
        return grey
    keep = ~peaks[patterned]
    kept = spectrum[patterned] * (keep[:, :, None] if axis == 1 else keep[:, None, :])
    out = grey.copy()
    out[patterned] = np.fft.irfft(kept, n=n, axis=axis)
    return out


def check_not_degenerate(frames: np.ndarray) -> Finding:
    """Fails a clip with no frames, or one where more than MAX_DEGENERATE_SHARE of the frames
    are blank (standard deviation under BLANK_STD) or noise (`roughness` above NOISE_LIMIT:
    per pixel, or along rows or columns only). Read it on the frames as the model made them.
    The value is that share."""
    if len(frames) == 0 or frames[0].size == 0:
        return Finding(check="degenerate", passed=False, value=1.0, detail="the clip has no frames")
    grey = frames.astype(np.float32).mean(axis=-1) / 255.0
    blank = grey.std(axis=(1, 2)) < BLANK_STD
    rough = roughness(grey)
    noisy = ~blank & (rough > NOISE_LIMIT)
    share = float((blank | noisy).mean())
    return Finding(check="degenerate", passed=share <= MAX_DEGENERATE_SHARE, value=share,
                   detail=f"{int(blank.sum())} of {len(grey)} frames blank, {int(noisy.sum())} noise, per pixel or "
                          f"along rows or columns (median roughness {float(np.median(rough)):.2f}, noise above "
                          f"{NOISE_LIMIT}; at most {MAX_DEGENERATE_SHARE:.0%} may be either)")


def check_audio(audio: np.ndarray, rate: int) -> list[Finding]:
    """True peak and loudness of `audio`; one failing finding if any sample is NaN or infinite
    (no level can be measured, and a player would make noise of it)."""
    bad = int(audio.size - np.isfinite(audio).sum())
    if bad:
        return [Finding(check="audio_samples", passed=False, value=float(bad),
                        detail=f"{bad} audio samples are not numbers (NaN or infinite)")]
    peak = _level(true_peak_dbtp(audio))
    loudness = _level(integrated_lufs(audio, rate))
    return [
        Finding(check="true_peak", passed=peak <= MAX_TRUE_PEAK_DBTP + 1e-6, value=peak,
                detail=f"true peak {peak:.1f} dBTP (limit {MAX_TRUE_PEAK_DBTP})"),
        Finding(check="loudness", passed=loudness <= MAX_LUFS, value=loudness,
                detail=f"integrated loudness {loudness:.1f} LUFS (limit {MAX_LUFS})"),
    ]


def _level(db: float) -> float:
    return db if math.isfinite(db) else SILENT_DB


def check_output(frames: np.ndarray, fps: float, audio: np.ndarray | None = None, rate: int = 48_000, *,
                 model_frames: np.ndarray | None = None) -> OutputVerdict:
    """All output checks on a clip: frames (T, H, W, 3) uint8 as people would see them at `fps`,
    optional audio. `model_frames` are the frames as the model made them, before upscaling and
    the watermark (default: `frames`); the degenerate check reads those."""
    raw = frames if model_frames is None else model_frames
    findings = [check_flashes(frames, fps), check_not_degenerate(raw)]
    if audio is not None and audio.size:
        findings += check_audio(audio, rate)
    return OutputVerdict(allowed=all(f.passed for f in findings), findings=tuple(findings))
